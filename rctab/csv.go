package rctab

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// readCSV reads RCTab's generic CSV: a header row naming one candidate per
// column from firstVoteColumnIndex, then one row per ballot from
// firstVoteRowIndex whose cells hold the rank given to that column's
// candidate (blank for none).
func (s *sourceReader) readCSV(file string) error {
	firstCol, firstRow, err := s.firstVote()
	if err != nil {
		return err
	}
	f, r, header, err := openCSV(file)
	if err != nil {
		return err
	}
	defer f.Close()
	cands := make([]int, 0, len(header))
	known := make([]bool, 0, len(header))
	for col := firstCol - 1; col < len(header); col++ {
		name := header[col]
		if strings.TrimSpace(name) == "" {
			return fmt.Errorf("%s:1: column %d has no candidate name", file, col+1)
		}
		c, ok := s.csvCandidate(name, fmt.Sprintf("%s:1, column %d", file, col+1))
		cands, known = append(cands, c), append(known, ok)
	}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if line < firstRow {
			continue
		}
		var marks []mark
		for col := firstCol - 1; col < len(rec) && col-(firstCol-1) < len(cands); col++ {
			cell := strings.TrimSpace(rec[col])
			if cell == "" {
				continue
			}
			rank, err := strconv.Atoi(cell)
			if err != nil {
				return fmt.Errorf("%s:%d: column %d: want a rank, got %q", file, line, col+1, cell)
			}
			if i := col - (firstCol - 1); known[i] {
				marks = append(marks, mark{rank, cands[i]})
			}
		}
		if err := s.b.add(marks, func() string { return fmt.Sprintf("%s:%d", file, line) }); err != nil {
			return err
		}
	}
}

func (s *sourceReader) csvCandidate(name, where string) (int, bool) {
	if name == s.writeInLabel() {
		return s.b.writeIn()
	}
	return s.b.candidate(name, where)
}

// openCSV opens a CSV file whose rows may differ in length and reads its
// header row; the caller closes f.
func openCSV(file string) (f *os.File, r *csv.Reader, header []string, err error) {
	if f, err = os.Open(file); err != nil {
		return nil, nil, nil, err
	}
	r = csv.NewReader(f)
	r.FieldsPerRecord = -1
	if header, err = r.Read(); err != nil {
		f.Close()
		return nil, nil, nil, fmt.Errorf("%s: header row: %w", file, err)
	}
	return f, r, header, nil
}
