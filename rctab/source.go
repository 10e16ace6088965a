package rctab

import (
	"fmt"
	"strconv"
	"strings"
)

// sourceReader reads one of a config's cast-vote-record sources into the
// shared builder.
type sourceReader struct {
	cfg         *Config
	src         *Source
	n           int // the source's place in cvrFileSources, from 0
	b           *builder
	maxRankings int // ranks to read; 0 for all
}

// field names a field of this source for errors.
func (s *sourceReader) field(name string) string {
	return fmt.Sprintf("cvrFileSources[%d].%s", s.n, name)
}

// position parses a 1-based row or column index.
func (s *sourceReader) position(name string, v text) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(string(v)))
	if err != nil || n < 1 {
		return 0, fieldError(s.field(name), "%q is not a positive integer", string(v))
	}
	return n, nil
}

// firstVote returns the (1-based) column and row where a source's votes
// begin, for the layouts that say so in the config.
func (s *sourceReader) firstVote() (col, row int, err error) {
	if col, err = s.position("firstVoteColumnIndex", s.src.FirstVoteColumnIndex); err != nil {
		return 0, 0, err
	}
	row, err = s.position("firstVoteRowIndex", s.src.FirstVoteRowIndex)
	return col, row, err
}

// The labels a source uses; older configs keep them in the rules.
func (s *sourceReader) overvoteLabel() string {
	return firstNonEmpty(s.src.OvervoteLabel, s.cfg.Rules.OvervoteLabel)
}

func (s *sourceReader) skippedLabel() string {
	return firstNonEmpty(s.src.SkippedRankLabel, s.cfg.Rules.UndervoteLabel)
}

func (s *sourceReader) writeInLabel() string {
	return firstNonEmpty(s.src.UndeclaredWriteInLabel, s.cfg.Rules.UndeclaredWriteInLabel)
}

func firstNonEmpty(a, b text) string {
	if strings.TrimSpace(string(a)) != "" {
		return string(a)
	}
	return string(b)
}

// read reads the source by its provider.
func (s *sourceReader) read() error {
	path := s.cfg.path(s.src.FilePath)
	switch s.src.Provider {
	case "ess":
		return s.readESS(path)
	case "cdf":
		return s.readCDF(path)
	case "dominion":
		return s.readDominion(path)
	case "hart":
		return s.readHart(path)
	case "clearBallot":
		return s.readClearBallot(path)
	case "genericCsv":
		return s.readCSV(path)
	}
	return fieldError(s.field("provider"), "unknown provider %q (want ess, cdf, dominion, hart, clearBallot or genericCsv)", s.src.Provider)
}
