package rctab

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Hart exports: a folder with one XML file per ballot sheet. Each contest
// lists options; an option's Value has one digit per rank, 1 where the
// voter marked that option at that rank ("0100": rank 2). Options are
// matched to candidates by their Id (a candidate alias or name), then by
// Name. Files ending in .sig.xml are signatures, not ballots.

type hartCVR struct {
	Contests []struct {
		ID      string `xml:"Id"`
		Options []struct {
			Name  string `xml:"Name"`
			ID    string `xml:"Id"`
			Value string `xml:"Value"`
		} `xml:"Options>Option"`
	} `xml:"Contests>Contest"`
}

func (s *sourceReader) readHart(dir string) error {
	contest := strings.TrimSpace(string(s.src.ContestID))
	if contest == "" {
		return fieldError(s.field("contestId"), "missing (Hart exports hold several contests)")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("read Hart export: %w", err)
	}
	var files []string
	for _, e := range entries {
		name := strings.ToLower(e.Name())
		if !e.IsDir() && strings.HasSuffix(name, "xml") && !strings.HasSuffix(name, ".sig.xml") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(files)
	if len(files) == 0 {
		return fmt.Errorf("%s: no Hart XML files", dir)
	}
	for _, file := range files {
		if err := s.readHartFile(file, contest); err != nil {
			return err
		}
	}
	return nil
}

func (s *sourceReader) readHartFile(file, contest string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	var cvr hartCVR
	if err := xml.NewDecoder(io.LimitReader(f, maxXMLPart)).Decode(&cvr); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	for _, c := range cvr.Contests {
		if c.ID != contest {
			continue
		}
		var marks []mark
		for i, o := range c.Options {
			where := fmt.Sprintf("%s: contest %s, option %d (%s)", file, c.ID, i+1, o.Name)
			cand, known := s.hartCandidate(o.ID, o.Name, where)
			for r, digit := range strings.TrimSpace(o.Value) {
				switch {
				case digit == '1' && known:
					marks = append(marks, mark{r + 1, cand})
				case digit != '0' && digit != '1':
					return fmt.Errorf("%s: value %q is not made of 0s and 1s", where, o.Value)
				}
			}
		}
		if err := s.b.add(marks, func() string { return file }); err != nil {
			return err
		}
	}
	return nil
}

func (s *sourceReader) hartCandidate(id, name, where string) (int, bool) {
	if id != "" && id == s.writeInLabel() {
		return s.b.writeIn()
	}
	if c, ok := s.b.names[id]; ok {
		return c, true
	}
	return s.b.candidate(name, where)
}
