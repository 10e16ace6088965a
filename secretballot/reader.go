package secretballot

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
)

// maxLine bounds one line of an event file: a ballot of MaxOptions options
// with its proofs is well under it.
const maxLine = 4 << 20

// eventFile is one event file of a record, as its name describes it.
type eventFile struct {
	name   string
	height int
	typ    string
	size   int64
}

// listEvents returns the record's event files in order. The directory must
// hold event files only, numbered from 0 without gaps.
func listEvents(fsys fs.FS) ([]eventFile, error) {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, &Error{Reason: fmt.Sprintf("read record directory: %v", err)}
	}
	var files []eventFile
	for _, e := range ents {
		h, typ, ok := parseEventFileName(e.Name())
		if !ok || !e.Type().IsRegular() {
			return nil, &Error{Event: e.Name(), Reason: "not an event file (want NNNNNN-type.jsonl)"}
		}
		info, err := e.Info()
		if err != nil {
			return nil, &Error{Event: e.Name(), Reason: err.Error()}
		}
		files = append(files, eventFile{name: e.Name(), height: h, typ: typ, size: info.Size()})
	}
	slices.SortFunc(files, func(a, b eventFile) int { return a.height - b.height })
	for i, f := range files {
		if f.height != i {
			return nil, &Error{Event: f.name, Reason: fmt.Sprintf("height %d where %d is expected (an event is missing or repeated)", f.height, i)}
		}
	}
	if len(files) == 0 {
		return nil, &Error{Reason: "the record has no events"}
	}
	return files, nil
}

// checkChain reads every event file once, checking that each header names
// the hash of the file before it, and returns the hash of each. It runs
// before anything is decoded, so a changed byte anywhere but the last event
// is found by hashing alone.
func checkChain(fsys fs.FS, files []eventFile, progress func(int64)) ([]Hash, error) {
	var parent Hash
	hashes := make([]Hash, len(files))
	for i, f := range files {
		h, err := hashEvent(fsys, f, parent, progress)
		if err != nil {
			return nil, at(f.name, 1, err)
		}
		hashes[i], parent = h, h
	}
	return hashes, nil
}

func hashEvent(fsys fs.FS, f eventFile, parent Hash, progress func(int64)) (Hash, error) {
	r, err := fsys.Open(f.name)
	if err != nil {
		return Hash{}, err
	}
	defer r.Close()
	br := bufio.NewReaderSize(r, 1<<16)
	first, err := readLine(br)
	if err != nil {
		return Hash{}, err
	}
	var hd Header
	if err := decodeCanonical(first, &hd); err != nil {
		return Hash{}, err
	}
	switch {
	case hd.Version != RecordVersion:
		return Hash{}, errorf("version", "%d, this verifier knows version %d", hd.Version, RecordVersion)
	case hd.Height != f.height:
		return Hash{}, errorf("height", "%d, but the file name says %d", hd.Height, f.height)
	case hd.Type != f.typ:
		return Hash{}, errorf("type", "%q, but the file name says %q", hd.Type, f.typ)
	case hd.Parent != parent:
		return Hash{}, errorf("parent", "%s is not the hash of the previous event (%s): the chain is broken", hd.Parent, parent)
	}
	h := sha256.New()
	h.Write(first)
	h.Write([]byte{'\n'})
	n, err := io.Copy(h, br)
	if err != nil {
		return Hash{}, err
	}
	if progress != nil {
		progress(int64(len(first)+1) + n)
	}
	var sum Hash
	h.Sum(sum[:0])
	return sum, nil
}

// readLine reads one line, which must end in a newline, without it.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			if len(line) > maxLine {
				return nil, fmt.Errorf("line longer than %d bytes", maxLine)
			}
		case errors.Is(err, io.EOF) && len(line) > 0:
			return nil, fmt.Errorf("last line does not end in a newline")
		default:
			return nil, err
		}
	}
}

// eventReader reads one event's file: its header, then its items.
type eventReader struct {
	file   eventFile
	closer io.Closer
	br     *bufio.Reader
	header Header
	line   int // lines read so far
}

func openEvent(fsys fs.FS, f eventFile) (*eventReader, error) {
	r, err := fsys.Open(f.name)
	if err != nil {
		return nil, at(f.name, 0, err)
	}
	er := &eventReader{file: f, closer: r, br: bufio.NewReaderSize(r, 1<<20)}
	first, err := er.next()
	if err == nil {
		err = decodeCanonical(first, &er.header)
	}
	if err != nil {
		r.Close()
		return nil, er.fail(err)
	}
	return er, nil
}

// next returns the next line, copied.
func (er *eventReader) next() ([]byte, error) {
	line, err := readLine(er.br)
	if err != nil {
		return nil, err
	}
	er.line++
	return line, nil
}

// payload decodes the header's payload into v, canonically.
func (er *eventReader) payload(v any) error {
	if err := decodeCanonical(er.header.Payload, v); err != nil {
		return er.failAt(1, within("payload", err))
	}
	return nil
}

// end checks that the file holds exactly the items its header announced.
func (er *eventReader) end() error {
	if er.line != er.header.Items+1 {
		return er.fail(errorf("items", "%d announced, %d read", er.header.Items, er.line-1))
	}
	if _, err := er.br.ReadByte(); err != io.EOF {
		return er.fail(errorf("items", "more lines than the %d announced", er.header.Items))
	}
	return nil
}

func (er *eventReader) Close() error { return er.closer.Close() }

// fail names this event and its current line in err.
func (er *eventReader) fail(err error) error { return at(er.file.name, er.line, err) }

// failAt names this event and the given line in err.
func (er *eventReader) failAt(line int, err error) error { return at(er.file.name, line, err) }
