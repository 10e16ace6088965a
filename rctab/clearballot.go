package rctab

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Clear Ballot's RCV export: ten columns about the ballot, then one column
// per (rank, candidate) of every contest, headed
// "Choice_ID:contest:rank:vote rule:candidate:party"; a cell is 1 where the
// voter marked that candidate at that rank.

// clearBallotChoices is the column where choices begin.
const clearBallotChoices = 10

func (s *sourceReader) readClearBallot(file string) error {
	f, r, header, err := openCSV(file)
	if err != nil {
		return err
	}
	defer f.Close()
	if len(header) <= clearBallotChoices {
		return fmt.Errorf("%s:1: no choice columns", file)
	}
	cols, err := s.clearBallotColumns(file, header)
	if err != nil {
		return err
	}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		var marks []mark
		for _, col := range cols {
			if col.index >= len(rec) {
				return fmt.Errorf("%s:%d: %d columns, want at least %d", file, line, len(rec), col.index+1)
			}
			v, err := strconv.Atoi(strings.TrimSpace(rec[col.index]))
			if err != nil {
				return fmt.Errorf("%s:%d: column %d: want 0 or 1, got %q", file, line, col.index+1, rec[col.index])
			}
			if v == 1 && col.known {
				marks = append(marks, mark{col.rank, col.cand})
			}
		}
		if err := s.b.add(marks, func() string { return fmt.Sprintf("%s:%d", file, line) }); err != nil {
			return err
		}
	}
}

type clearBallotColumn struct {
	index, rank, cand int
	known             bool
}

// clearBallotColumns finds the contest's choice columns.
func (s *sourceReader) clearBallotColumns(file string, header []string) ([]clearBallotColumn, error) {
	contest := string(s.src.ContestID)
	var cols []clearBallotColumn
	for i := clearBallotChoices; i < len(header); i++ {
		f := strings.Split(header[i], ":")
		if len(f) != 6 {
			return nil, fmt.Errorf("%s:1: column %d: want 6 fields split by ':', got %q", file, i+1, header[i])
		}
		if f[1] != contest {
			continue
		}
		rank, err := strconv.Atoi(f[2])
		if err != nil || rank < 1 {
			return nil, fmt.Errorf("%s:1: column %d: bad rank %q", file, i+1, f[2])
		}
		if s.maxRankings > 0 && rank > s.maxRankings {
			return nil, fmt.Errorf("%s:1: column %d: rank %d exceeds maxRankingsAllowed %d", file, i+1, rank, s.maxRankings)
		}
		col := clearBallotColumn{index: i, rank: rank}
		if f[4] == s.writeInLabel() {
			col.cand, col.known = s.b.writeIn()
		} else {
			col.cand, col.known = s.b.candidate(f[4], fmt.Sprintf("%s:1, column %d", file, i+1))
		}
		cols = append(cols, col)
	}
	if len(cols) == 0 {
		return nil, fieldError(s.field("contestId"), "no choice columns for contest %q", contest)
	}
	return cols, nil
}
