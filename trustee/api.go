package trustee

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"testing/fstest"
)

// An API is a plenum server's JSON API, called as the trustee, logged in:
// Do sends body (nil for none) and returns the answer's body, or the
// server's error (ResponseError).
type API interface {
	Do(ctx context.Context, method, path string, body []byte) ([]byte, error)
}

// Error is the error a plenum server's API answered with.
type Error struct {
	Status int
	Kind   string `json:"kind"`
	Msg    string `json:"message"`
	Field  string `json:"field"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s (%s: %s)", e.Msg, e.Kind, e.Field)
	}
	return fmt.Sprintf("%s (%s)", e.Msg, e.Kind)
}

// ResponseError is the error of an answer with a status of 300 or more:
// the API's *Error when the body holds one, else the status.
func ResponseError(method, path string, status int, statusText string, body []byte) error {
	var e struct{ Error Error }
	if json.Unmarshal(body, &e) != nil || e.Error.Msg == "" {
		return fmt.Errorf("%s %s: %d %s", method, path, status, statusText)
	}
	e.Error.Status = status
	return &e.Error
}

// ReadRecord reads an election record's .tar.gz (GET
// /api/v1/elections/{id}/record) into memory: its event files, by base
// name. It refuses any other entry.
func ReadRecord(r io.Reader) (fstest.MapFS, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	fsys := fstest.MapFS{}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return fsys, nil
		}
		if err != nil {
			return nil, err
		}
		name := path.Base(h.Name)
		if h.Typeflag != tar.TypeReg || !strings.HasSuffix(name, ".jsonl") {
			return nil, fmt.Errorf("record archive: unexpected entry %q", h.Name)
		}
		data, err := io.ReadAll(io.LimitReader(tr, h.Size))
		if err != nil {
			return nil, err
		}
		fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
}
