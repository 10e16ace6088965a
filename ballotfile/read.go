package ballotfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
)

// Formats lists the formats Read knows, by name.
var Formats = []string{"blt", "preflib", "cvotes", "json"}

// Read reads a ballot file in format (one of Formats), or, when format is
// empty, in the format its name's extension or, failing that, its first
// bytes say.
func Read(r io.Reader, name, format string) (*Election, error) {
	size := sizeOf(r)
	br := bufio.NewReader(r)
	if format == "" {
		format = Detect(name, br)
	}
	switch format {
	case "blt":
		return readBLT(br, name, size)
	case "preflib", "soi", "soc", "toi", "toc":
		return readPrefLib(br, name, size)
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

// sizeOf is the size of what r holds, when r says (a file, or a reader with
// a Size method such as strings.Reader), else 0. Readers reserve room for
// the ballots of a file of that size.
func sizeOf(r io.Reader) int64 {
	switch r := r.(type) {
	case interface{ Size() int64 }:
		return r.Size()
	case interface{ Stat() (fs.FileInfo, error) }:
		if st, err := r.Stat(); err == nil && st.Mode().IsRegular() {
			return st.Size()
		}
	}
	return 0
}
