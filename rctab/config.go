package rctab

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Config is an RCTab contest configuration (the "*_config.json" files RCTab
// reads and writes). Numeric settings are kept as RCTab stores them, strings
// that may also be written as JSON numbers; the accessors parse them.
type Config struct {
	TabulatorVersion string         `json:"tabulatorVersion"`
	OutputSettings   OutputSettings `json:"outputSettings"`
	CVRFileSources   []Source       `json:"cvrFileSources"`
	Candidates       []Candidate    `json:"candidates"`
	Rules            Rules          `json:"rules"`

	// OnSource, when set, is called before each source is read, with its
	// place (from 1), the number of sources and its path: for progress.
	OnSource func(n, of int, path string) `json:"-"`

	// dir is the folder of the config file: sources' paths are relative to it.
	dir string
}

// OutputSettings names the contest; plenum ignores RCTab's output options.
type OutputSettings struct {
	ContestName         string `json:"contestName"`
	OutputDirectory     string `json:"outputDirectory"`
	ContestDate         string `json:"contestDate"`
	ContestJurisdiction string `json:"contestJurisdiction"`
	ContestOffice       string `json:"contestOffice"`
	TabulateByBatch     bool   `json:"tabulateByBatch"`
	TabulateByPrecinct  bool   `json:"tabulateByPrecinct"`
	GenerateCdfJSON     bool   `json:"generateCdfJson"`
}

// Source is one cast-vote-record input.
type Source struct {
	FilePath                      string `json:"filePath"`
	ContestID                     text   `json:"contestId"`
	FirstVoteColumnIndex          text   `json:"firstVoteColumnIndex"`
	FirstVoteRowIndex             text   `json:"firstVoteRowIndex"`
	IDColumnIndex                 text   `json:"idColumnIndex"`
	BatchColumnIndex              text   `json:"batchColumnIndex"`
	PrecinctColumnIndex           text   `json:"precinctColumnIndex"`
	OvervoteDelimiter             string `json:"overvoteDelimiter"`
	Provider                      string `json:"provider"`
	OvervoteLabel                 text   `json:"overvoteLabel"`
	SkippedRankLabel              text   `json:"skippedRankLabel"`
	UndeclaredWriteInLabel        text   `json:"undeclaredWriteInLabel"`
	TreatBlankAsUndeclaredWriteIn bool   `json:"treatBlankAsUndeclaredWriteIn"`
}

// Candidate is a declared candidate. Aliases are other spellings of the
// name that cast-vote records use (Dominion's ids, for instance).
type Candidate struct {
	Name     string   `json:"name"`
	Code     string   `json:"code"`
	Excluded bool     `json:"excluded"`
	Aliases  []string `json:"aliases"`
}

// Rules are RCTab's tabulation options.
type Rules struct {
	TiebreakMode                          string `json:"tiebreakMode"`
	OvervoteRule                          string `json:"overvoteRule"`
	WinnerElectionMode                    string `json:"winnerElectionMode"`
	RandomSeed                            text   `json:"randomSeed"`
	NumberOfWinners                       text   `json:"numberOfWinners"`
	MultiSeatBottomsUpPercentageThreshold text   `json:"multiSeatBottomsUpPercentageThreshold"`
	DecimalPlacesForVoteArithmetic        text   `json:"decimalPlacesForVoteArithmetic"`
	MinimumVoteThreshold                  text   `json:"minimumVoteThreshold"`
	MaxSkippedRanksAllowed                text   `json:"maxSkippedRanksAllowed"`
	MaxRankingsAllowed                    text   `json:"maxRankingsAllowed"`
	NonIntegerWinningThreshold            bool   `json:"nonIntegerWinningThreshold"`
	DoesFirstRoundDetermineThreshold      bool   `json:"doesFirstRoundDetermineThreshold"`
	HareQuota                             bool   `json:"hareQuota"`
	BatchElimination                      bool   `json:"batchElimination"`
	ContinueUntilTwoCandidatesRemain      bool   `json:"continueUntilTwoCandidatesRemain"`
	StopTabulationEarlyAfterRound         text   `json:"stopTabulationEarlyAfterRound"`
	ExhaustOnDuplicateCandidate           bool   `json:"exhaustOnDuplicateCandidate"`
	RulesDescription                      string `json:"rulesDescription"`
	TreatBlankAsUndeclaredWriteIn         bool   `json:"treatBlankAsUndeclaredWriteIn"`
	// Older configs keep the labels in the rules rather than per source.
	OvervoteLabel          text `json:"overvoteLabel"`
	UndervoteLabel         text `json:"undervoteLabel"`
	UndeclaredWriteInLabel text `json:"undeclaredWriteInLabel"`
}

// text is a config value RCTab writes sometimes as a JSON string and
// sometimes as a number ("4" or 4).
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*t = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		*t = text(b)
	default:
		return fmt.Errorf("want a string or a number, got %s", b)
	}
	return nil
}

// ErrConfig is wrapped by every error about a configuration's content.
var ErrConfig = errors.New("invalid RCTab config")

// LoadConfig reads and checks the RCTab configuration at path.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read RCTab config: %w", err)
	}
	c, err := ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.dir = filepath.Dir(path)
	return c, nil
}

// ParseConfig decodes and checks an RCTab configuration. Relative source
// paths resolve against the current directory until LoadConfig sets the
// config's own folder.
func ParseConfig(data []byte) (*Config, error) {
	var c Config
	if err := json.Unmarshal(data, &c); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return nil, fmt.Errorf("%w: field %s: want %s, got JSON %s", ErrConfig, te.Field, te.Type, te.Value)
		}
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// fieldError reports a bad value of the named field.
func fieldError(field, format string, args ...any) error {
	return fmt.Errorf("%w: field %s: %s", ErrConfig, field, fmt.Sprintf(format, args...))
}

// intField parses an optional integer field; empty gives def.
func intField(field string, v text, def int) (int, error) {
	s := strings.TrimSpace(string(v))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fieldError(field, "%q is not an integer", s)
	}
	return n, nil
}

// path resolves a source's file path against the config's folder.
func (c *Config) path(p string) string {
	if filepath.IsAbs(p) || c.dir == "" {
		return p
	}
	return filepath.Join(c.dir, p)
}
