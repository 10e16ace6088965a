package rctab

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Dominion exports: a folder holding CvrExport.json (or CvrExport_1.json,
// CvrExport_2.json...) and manifests. Each session is a ballot; its
// current (or adjudicated) cards carry, per contest, marks with a
// candidate id and a rank. Candidate ids are matched through the config's
// candidate aliases; ambiguous marks are ignored.

type dominionSession struct {
	TabulatorID json.Number     `json:"TabulatorId"`
	BatchID     json.Number     `json:"BatchId"`
	RecordID    json.Number     `json:"RecordId"`
	Original    *dominionBallot `json:"Original"`
	Modified    *dominionBallot `json:"Modified"`
}

type dominionBallot struct {
	IsCurrent bool           `json:"IsCurrent"`
	Cards     []dominionCard `json:"Cards"`
	// Older exports put the contests on the ballot itself.
	Contests []dominionContest `json:"Contests"`
}

type dominionCard struct {
	Contests []dominionContest `json:"Contests"`
}

type dominionContest struct {
	ID    json.Number `json:"Id"`
	Marks []struct {
		CandidateID json.Number `json:"CandidateId"`
		Rank        int         `json:"Rank"`
		IsAmbiguous bool        `json:"IsAmbiguous"`
	} `json:"Marks"`
}

func (s *sourceReader) readDominion(dir string) error {
	contest := strings.TrimSpace(string(s.src.ContestID))
	if contest == "" {
		return fieldError(s.field("contestId"), "missing (Dominion exports hold several contests)")
	}
	files, err := dominionFiles(dir)
	if err != nil {
		return err
	}
	for _, file := range files {
		if err := s.readDominionFile(file, contest); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
	}
	return nil
}

// dominionFiles lists the export's CVR files in order.
func dominionFiles(dir string) ([]string, error) {
	single := filepath.Join(dir, "CvrExport.json")
	if _, err := os.Stat(single); err == nil {
		return []string{single}, nil
	}
	var files []string
	for i := 1; ; i++ {
		f := filepath.Join(dir, "CvrExport_"+strconv.Itoa(i)+".json")
		if _, err := os.Stat(f); err != nil {
			break
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: neither CvrExport.json nor CvrExport_1.json found", dir)
	}
	return files, nil
}

func (s *sourceReader) readDominionFile(file, contest string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	return streamJSONArray(f, "Sessions", func(dec *json.Decoder) error {
		var sess dominionSession
		if err := dec.Decode(&sess); err != nil {
			return err
		}
		return s.dominionSession(file, &sess, contest)
	})
}

func (s *sourceReader) dominionSession(file string, sess *dominionSession, contest string) error {
	where := fmt.Sprintf("%s: tabulator %s, batch %s, record %s", file, sess.TabulatorID, sess.BatchID, sess.RecordID)
	b := sess.Original
	if b == nil {
		return errors.New(where + ": no Original ballot")
	}
	if !b.IsCurrent {
		if b = sess.Modified; b == nil {
			return nil // never adjudicated: RCTab skips it
		}
	}
	cards := b.Cards
	if cards == nil {
		cards = []dominionCard{{Contests: b.Contests}}
	}
	for _, card := range cards {
		for _, c := range card.Contests {
			if c.ID.String() != contest {
				continue
			}
			var marks []mark
			for _, m := range c.Marks {
				if m.IsAmbiguous {
					continue
				}
				if cand, ok := s.dominionCandidate(m.CandidateID.String(), where); ok {
					marks = append(marks, mark{m.Rank, cand})
				}
			}
			if err := s.b.add(marks, func() string { return where }); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *sourceReader) dominionCandidate(id, where string) (int, bool) {
	if id == s.writeInLabel() {
		return s.b.writeIn()
	}
	return s.b.candidate(id, where)
}
