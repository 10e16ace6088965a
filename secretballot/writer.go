package secretballot

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
)

// Writer appends events to an election record directory. Each event file is
// written under a temporary name and renamed when complete, so a record on
// disk never holds half an event.
type Writer struct {
	dir    string
	height int
	parent Hash
}

// CreateRecord starts a new record in dir, which must not exist or be empty.
func CreateRecord(dir string) (*Writer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	if len(ents) > 0 {
		return nil, fmt.Errorf("record directory %s is not empty", dir)
	}
	return &Writer{dir: dir}, nil
}

// Head is the hash of the last event written and the height of the next.
func (w *Writer) Head() (Hash, int) { return w.parent, w.height }

// Append writes an event of one line.
func (w *Writer) Append(typ string, payload any) (Hash, error) {
	ew, err := w.Begin(typ, payload, 0)
	if err != nil {
		return Hash{}, err
	}
	return ew.Close()
}

// EventWriter writes the items of one event.
type EventWriter struct {
	w       *Writer
	f       *os.File
	buf     *bufio.Writer
	h       hash.Hash
	name    string
	want, n int
}

// Begin starts an event with the given number of items, to be added with Add.
func (w *Writer) Begin(typ string, payload any, items int) (*EventWriter, error) {
	p, err := marshal(payload)
	if err != nil {
		return nil, err
	}
	line, err := marshal(Header{Version: RecordVersion, Type: typ, Height: w.height, Parent: w.parent, Items: items, Payload: p})
	if err != nil {
		return nil, err
	}
	name := EventFileName(w.height, typ)
	f, err := os.Create(filepath.Join(w.dir, name+".tmp"))
	if err != nil {
		return nil, err
	}
	ew := &EventWriter{w: w, f: f, h: sha256.New(), name: name, want: items}
	ew.buf = bufio.NewWriterSize(io.MultiWriter(f, ew.h), 1<<20)
	ew.writeLine(line)
	return ew, nil
}

func (ew *EventWriter) writeLine(line []byte) {
	ew.buf.Write(line)
	ew.buf.WriteByte('\n')
}

// Add writes one item.
func (ew *EventWriter) Add(item any) error {
	line, err := marshal(item)
	if err != nil {
		return err
	}
	return ew.AddLine(line)
}

// AddLine writes one item already in canonical JSON, as from marshal.
func (ew *EventWriter) AddLine(line []byte) error {
	if ew.n == ew.want {
		return fmt.Errorf("%s: more than the %d items announced", ew.name, ew.want)
	}
	ew.n++
	ew.writeLine(line)
	return nil
}

// Close completes the event and returns its hash.
func (ew *EventWriter) Close() (Hash, error) {
	tmp := ew.f.Name()
	err := ew.buf.Flush()
	if ew.n != ew.want {
		err = errors.Join(err, fmt.Errorf("%s: %d items written, %d announced", ew.name, ew.n, ew.want))
	}
	if err = errors.Join(err, ew.f.Sync(), ew.f.Close()); err == nil {
		err = os.Rename(tmp, filepath.Join(ew.w.dir, ew.name))
	}
	if err != nil {
		os.Remove(tmp)
		return Hash{}, err
	}
	var h Hash
	ew.h.Sum(h[:0])
	ew.w.parent, ew.w.height = h, ew.w.height+1
	return h, nil
}

// OpenRecord opens an existing record to append to it, after checking its
// hash chain.
func OpenRecord(dir string) (*Writer, error) {
	fsys := os.DirFS(dir)
	files, err := listEvents(fsys)
	if err != nil {
		return nil, err
	}
	hashes, err := checkChain(fsys, files, nil)
	if err != nil {
		return nil, err
	}
	return &Writer{dir: dir, height: len(files), parent: hashes[len(hashes)-1]}, nil
}
