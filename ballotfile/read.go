package ballotfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Formats lists the formats Read knows, by name.
var Formats = []string{"blt", "preflib", "cvotes", "json"}

// Read reads a ballot file in format (one of Formats), or, when format is
// empty, in the format its name's extension or, failing that, its first
// bytes say.
func Read(r io.Reader, name, format string) (*Election, error) {
	br := bufio.NewReader(r)
	if format == "" {
		format = Detect(name, br)
	}
	switch format {
	case "blt":
		return ReadBLT(br, name)
	case "preflib", "soi", "soc", "toi", "toc":
		return ReadPrefLib(br, name)
	case "cvotes":
		return ReadCVotes(br, name)
	case "json":
		return ReadJSON(br, name)
	}
	return nil, fmt.Errorf("%s: unknown ballot format %q (known: %s)", name, format, strings.Join(Formats, ", "))
}

// Detect names the format of a file from its extension or, failing that,
// its first bytes (which it peeks at without consuming).
func Detect(name string, br *bufio.Reader) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".blt":
		return "blt"
	case ".soi", ".soc", ".toi", ".toc":
		return "preflib"
	case ".cvotes":
		return "cvotes"
	case ".json":
		return "json"
	}
	head, _ := br.Peek(512)
	head = bytes.TrimLeft(head, " \t\r\n\ufeff")
	switch {
	case bytes.HasPrefix(head, []byte("{")):
		return "json"
	case bytes.HasPrefix(head, []byte("#/")):
		return "cvotes"
	case bytes.HasPrefix(head, []byte("# ")):
		return "preflib"
	}
	return "blt"
}
