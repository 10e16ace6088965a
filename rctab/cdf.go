package rctab

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"plenum/count"
)

// NIST SP 1500-103 Common Data Format cast-vote records, in JSON or XML.
// A contest (found by its Name, the source's contestId) lists its
// selections; each selection names a candidate or is a write-in. Every CVR's
// current snapshot marks selections at ranks. Both files are read twice:
// once for the election's definitions, once streaming the records.

type cdfCandidate struct {
	ID   string `json:"@id" xml:"ObjectId,attr"`
	Name string `json:"Name" xml:"Name"`
}

type cdfSelection struct {
	ID           string   `json:"@id" xml:"ObjectId,attr"`
	CandidateIDs []string `json:"CandidateIds" xml:"CandidateIds"`
	IsWriteIn    flag     `json:"IsWriteIn" xml:"IsWriteIn"`
}

type cdfElection struct {
	Candidates []cdfCandidate `json:"Candidate" xml:"Candidate"`
	Contests   []struct {
		ID         string         `json:"@id" xml:"ObjectId,attr"`
		Name       string         `json:"Name" xml:"Name"`
		Selections []cdfSelection `json:"ContestSelection" xml:"ContestSelection"`
	} `json:"Contest" xml:"Contest"`
}

type cdfPosition struct {
	HasIndication string    `json:"HasIndication" xml:"HasIndication"`
	IsAllocable   string    `json:"IsAllocable" xml:"IsAllocable"`
	Rank          text      `json:"Rank" xml:"Rank"`
	WriteIn       *struct{} `json:"CVRWriteIn" xml:"CVRWriteIn"`
}

type cdfCVR struct {
	UniqueID          string `json:"UniqueId" xml:"UniqueId"`
	CurrentSnapshotID string `json:"CurrentSnapshotId" xml:"CurrentSnapshotId"`
	Snapshots         []struct {
		ID       string `json:"@id" xml:"ObjectId,attr"`
		Contests []struct {
			ContestID  string `json:"ContestId" xml:"ContestId"`
			Selections []struct {
				SelectionID string        `json:"ContestSelectionId" xml:"ContestSelectionId"`
				Rank        text          `json:"Rank" xml:"Rank"`
				Status      string        `json:"Status" xml:"Status"`
				Positions   []cdfPosition `json:"SelectionPosition" xml:"SelectionPosition"`
			} `json:"CVRContestSelection" xml:"CVRContestSelection"`
		} `json:"CVRContest" xml:"CVRContest"`
	} `json:"CVRSnapshot" xml:"CVRSnapshot"`
}

// flag is a CDF boolean-like value: true, yes or 1.
type flag bool

func (f *flag) UnmarshalJSON(b []byte) error {
	*f = flag(isTrue(strings.Trim(string(b), `"`)))
	return nil
}

func (f *flag) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var s string
	if err := d.DecodeElement(&s, &start); err != nil {
		return err
	}
	*f = flag(isTrue(s))
	return nil
}

func isTrue(s string) bool {
	s = strings.TrimSpace(s)
	return s == "true" || s == "yes" || s == "1"
}

// cdfContest maps the contest's selections to candidates (or write-ins).
type cdfContest struct {
	id        string
	selection map[string]cdfChoice
}

type cdfChoice struct {
	name    string
	writeIn bool
}

func (s *sourceReader) readCDF(file string) error {
	xmlFile := strings.HasSuffix(strings.ToLower(file), ".xml")
	elections, err := readCDFElections(file, xmlFile)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	contest, err := s.cdfContest(elections)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	n := 0
	each := func(cvr *cdfCVR) error {
		n++
		return s.cdfRecord(file, n, cvr, contest, xmlFile)
	}
	if xmlFile {
		err = streamXMLCVRs(f, each)
	} else {
		err = streamJSONCVRs(f, each)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

func readCDFElections(file string, xmlFile bool) ([]cdfElection, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var report struct {
		Elections []cdfElection `json:"Election" xml:"Election"`
	}
	if xmlFile {
		err = xml.NewDecoder(f).Decode(&report)
	} else {
		err = json.NewDecoder(f).Decode(&report)
	}
	if err != nil {
		return nil, err
	}
	return report.Elections, nil
}

// cdfContest finds the contest the source names and its selections.
func (s *sourceReader) cdfContest(elections []cdfElection) (*cdfContest, error) {
	want := strings.TrimSpace(string(s.src.ContestID))
	candidates := map[string]string{}
	for _, e := range elections {
		for _, c := range e.Candidates {
			candidates[c.ID] = c.Name
		}
	}
	for _, e := range elections {
		for _, c := range e.Contests {
			if c.Name != want {
				continue
			}
			ct := &cdfContest{id: c.ID, selection: map[string]cdfChoice{}}
			for _, sel := range c.Selections {
				if _, dup := ct.selection[sel.ID]; dup {
					return nil, fmt.Errorf("contest selection %q appears twice", sel.ID)
				}
				if sel.IsWriteIn {
					ct.selection[sel.ID] = cdfChoice{writeIn: true}
					continue
				}
				if len(sel.CandidateIDs) == 0 {
					return nil, fmt.Errorf("contest selection %q has no CandidateIds", sel.ID)
				}
				name, ok := candidates[sel.CandidateIDs[0]]
				if !ok {
					return nil, fmt.Errorf("contest selection %q names unknown candidate %q", sel.ID, sel.CandidateIDs[0])
				}
				ct.selection[sel.ID] = cdfChoice{name: name}
			}
			return ct, nil
		}
	}
	return nil, fieldError(s.field("contestId"), "no contest named %q in the file", want)
}

// cdfRecord reads the n-th CVR's marks in the contest.
func (s *sourceReader) cdfRecord(file string, n int, cvr *cdfCVR, ct *cdfContest, xmlFile bool) error {
	where := fmt.Sprintf("%s: CVR %d", file, n)
	if cvr.UniqueID != "" {
		where += fmt.Sprintf(" (%s)", cvr.UniqueID)
	}
	var marks []mark
	found := false
	for _, snap := range cvr.Snapshots {
		if snap.ID != cvr.CurrentSnapshotID {
			continue
		}
		for _, c := range snap.Contests {
			if c.ContestID != ct.id {
				continue
			}
			found = true
			for _, sel := range c.Selections {
				if xmlFile && sel.Status == "needs-adjudication" {
					continue
				}
				choice, ok := ct.selection[sel.SelectionID]
				if !ok {
					return fmt.Errorf("%s: unknown contest selection %q", where, sel.SelectionID)
				}
				var err error
				if marks, err = s.cdfMarks(where, marks, choice, sel.Rank, sel.Positions); err != nil {
					return err
				}
			}
			break
		}
		break
	}
	if !found && xmlFile {
		return nil // this ballot did not have the contest
	}
	return s.b.add(marks, func() string { return where })
}

// cdfMarks adds a selection's marks: at its own rank, or at each position
// that has an allocable indication.
func (s *sourceReader) cdfMarks(where string, marks []mark, choice cdfChoice, rank text, positions []cdfPosition) ([]mark, error) {
	add := func(r text, writeIn bool) error {
		n, err := strconv.Atoi(strings.TrimSpace(string(r)))
		if err != nil {
			return fmt.Errorf("%s: rank %q is not an integer", where, string(r))
		}
		c, ok := s.cdfCandidate(choice, writeIn, where)
		if ok {
			marks = append(marks, mark{n, c})
		}
		return nil
	}
	if strings.TrimSpace(string(rank)) != "" {
		return marks, add(rank, false)
	}
	for _, p := range positions {
		if p.HasIndication == "no" || p.IsAllocable == "no" {
			continue
		}
		if err := add(p.Rank, p.WriteIn != nil); err != nil {
			return nil, err
		}
	}
	return marks, nil
}

func (s *sourceReader) cdfCandidate(choice cdfChoice, writeIn bool, where string) (int, bool) {
	if choice.writeIn || writeIn {
		return s.b.writeIn()
	}
	if ov := s.overvoteLabel(); ov != "" && choice.name == ov {
		return count.Overvote, true
	}
	return s.b.candidate(choice.name, where)
}

// streamJSONCVRs decodes the report's "CVR" array one record at a time.
func streamJSONCVRs(r io.Reader, each func(*cdfCVR) error) error {
	return streamJSONArray(r, "CVR", func(dec *json.Decoder) error {
		var cvr cdfCVR
		if err := dec.Decode(&cvr); err != nil {
			return err
		}
		return each(&cvr)
	})
}

// streamJSONArray calls each for every element of the array under key in
// the top-level object, leaving the decoder at the element to decode.
func streamJSONArray(r io.Reader, key string, each func(*json.Decoder) error) error {
	dec := json.NewDecoder(r)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return errors.New("not a JSON object")
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		if k != key {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return fmt.Errorf("%s is not an array", key)
		}
		for n := 1; dec.More(); n++ {
			if err := each(dec); err != nil {
				return fmt.Errorf("%s[%d]: %w", key, n-1, err)
			}
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
	}
	return nil
}

// streamXMLCVRs decodes each top-level CVR element in turn.
func streamXMLCVRs(r io.Reader, each func(*cdfCVR) error) error {
	dec := xml.NewDecoder(r)
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 1 && t.Name.Local == "CVR" {
				var cvr cdfCVR
				if err := dec.DecodeElement(&cvr, &t); err != nil {
					return err
				}
				if err := each(&cvr); err != nil {
					return err
				}
				continue
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
}
