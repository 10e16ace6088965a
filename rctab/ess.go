package rctab

import (
	"fmt"
	"strconv"
	"strings"

	"plenum/count"
)

// readESS reads an ES&S cast-vote-record workbook: one row per ballot from
// firstVoteRowIndex, one column per rank from firstVoteColumnIndex (up to
// maxRankingsAllowed columns). A cell holds a candidate, the source's
// overvote, skipped-rank or write-in label, or several candidates split by
// the overvote delimiter; an empty cell is a skipped rank.
func (s *sourceReader) readESS(file string) error {
	firstCol, firstRow, err := s.firstVote()
	if err != nil {
		return err
	}
	// The id, precinct and batch columns are never ranks.
	skip := map[int]bool{}
	for _, col := range []text{s.src.IDColumnIndex, s.src.PrecinctColumnIndex, s.src.BatchColumnIndex} {
		if n, err := strconv.Atoi(strings.TrimSpace(string(col))); err == nil {
			skip[n-1] = true
		}
	}
	sheet, err := openXLSX(file)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	defer sheet.Close()
	var cells []xlsxCell
	var marks []mark
	for {
		row, cs, ok, err := sheet.nextRow(cells)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if !ok {
			return nil
		}
		cells = cs
		if row+1 < firstRow {
			continue
		}
		if marks, err = s.essRow(file, sheet.name, row, cells, firstCol, skip, marks[:0]); err != nil {
			return err
		}
		if err := s.b.add(marks, func() string { return fmt.Sprintf("%s: sheet %s, row %d", file, sheet.name, row+1) }); err != nil {
			return err
		}
	}
}

// essRow reads the marks of one ballot row (row is 0-based).
func (s *sourceReader) essRow(file, sheet string, row int, cells []xlsxCell, firstCol int, skip map[int]bool, marks []mark) ([]mark, error) {
	blankIsWriteIn := s.blankIsWriteIn()
	var filled []bool // ranks whose cell is not blank, when that matters
	for _, cell := range cells {
		rank := cell.col - firstCol + 2
		if rank < 1 || s.maxRankings > 0 && rank > s.maxRankings || skip[cell.col] {
			continue
		}
		text := strings.TrimSpace(cell.text)
		if text == "" {
			continue
		}
		for blankIsWriteIn && len(filled) <= rank {
			filled = append(filled, false)
		}
		if blankIsWriteIn {
			filled[rank] = true
		}
		where := func() string { return fmt.Sprintf("%s: sheet %s, cell %s", file, sheet, cellName(cell.col, row)) }
		parts := []string{text}
		if s.src.OvervoteDelimiter != "" {
			parts = strings.Split(text, s.src.OvervoteDelimiter)
		}
		for _, name := range parts {
			name = strings.TrimSpace(name)
			if name == "" {
				return nil, fmt.Errorf("%s: a blank candidate between overvote delimiters", where())
			}
			if c, ok := s.label(name, where); ok {
				marks = append(marks, mark{rank, c})
			}
		}
	}
	if blankIsWriteIn {
		marks = s.blanksAsWriteIns(marks, filled)
	}
	return marks, nil
}

func (s *sourceReader) blankIsWriteIn() bool {
	return s.src.TreatBlankAsUndeclaredWriteIn || s.cfg.Rules.TreatBlankAsUndeclaredWriteIn
}

// blanksAsWriteIns marks every blank rank, up to maxRankingsAllowed (or the
// last rank filled in), as an undeclared write-in.
func (s *sourceReader) blanksAsWriteIns(marks []mark, filled []bool) []mark {
	uwi, ok := s.b.writeIn()
	if !ok {
		return marks
	}
	top := len(filled) - 1
	if s.maxRankings > 0 {
		top = s.maxRankings
	}
	for r := 1; r <= top; r++ {
		if r >= len(filled) || !filled[r] {
			marks = append(marks, mark{r, uwi})
		}
	}
	return marks
}

// label interprets a mark's text: ok is false for a skipped rank (and for
// an unknown name, which the builder reports at the end).
func (s *sourceReader) label(name string, where func() string) (int, bool) {
	switch {
	case name == s.skippedLabel():
		return 0, false
	case name == s.overvoteLabel():
		return count.Overvote, true
	case name == s.writeInLabel():
		return s.b.writeIn()
	}
	return s.b.candidateAt(name, where)
}

// cellName is the A1-style name of a 0-based cell.
func cellName(col, row int) string {
	name := ""
	for c := col + 1; c > 0; c = (c - 1) / 26 {
		name = string(rune('A'+(c-1)%26)) + name
	}
	return fmt.Sprintf("%s%d", name, row+1)
}
