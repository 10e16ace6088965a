package rctab

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Each reader is fuzzed with its input file's bytes: it may refuse them,
// never panic. The seeds are RCTab's own files and small hand-made ones.

func FuzzParseConfig(f *testing.F) {
	for _, name := range []string{"2013_minneapolis_park", "dominion_alaska", "multi_seat_bottoms_up_with_dynamic_threshold"} {
		f.Add(readSeed(f, filepath.Join(casesDir, name, name+"_config.json")))
	}
	f.Add([]byte(testConfig("ess", "")))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig(data)
		if err != nil {
			return
		}
		if _, err := c.options(); err != nil {
			t.Fatalf("parsed config has bad options: %v", err)
		}
	})
}

func FuzzReadESS(f *testing.F) {
	f.Add(readSeed(f, filepath.Join(casesDir, "test_set_1_exhaust_at_overvote", "test_set_1_exhaust_at_overvote_cvr.xlsx")))
	f.Add(workbook(f, [][]any{{"id", "1", "2"}, {1, "A", "overvote"}, {2, "undervote", "B|C"}}))
	fuzzSource(f, "ess", `, "overvoteDelimiter": "|"`)
}

func FuzzReadCDFJSON(f *testing.F) {
	f.Add(readSeed(f, filepath.Join(casesDir, "test_set_0_skipped_first_choice", "test_set_0_skipped_first_choice_cvr.json")))
	f.Add([]byte(`{"Election":[{"Candidate":[{"@id":"a","Name":"A"}],"Contest":[{"@id":"c","Name":"Mayor","ContestSelection":[{"@id":"s","CandidateIds":["a"]}]}]}],` +
		`"CVR":[{"CurrentSnapshotId":"x","CVRSnapshot":[{"@id":"x","CVRContest":[{"ContestId":"c","CVRContestSelection":[{"ContestSelectionId":"s","Rank":1}]}]}]}]}`))
	fuzzSource(f, "cdf", "")
}

func FuzzReadCDFXML(f *testing.F) {
	f.Add(readSeed(f, filepath.Join(casesDir, "nist_xml_cdf_2", "nist_xml_cdf_2.xml")))
	f.Add([]byte(`<CastVoteRecordReport><Election><Candidate ObjectId="a"><Name>A</Name></Candidate>` +
		`<Contest ObjectId="c"><Name>Mayor</Name><ContestSelection ObjectId="s"><CandidateIds>a</CandidateIds></ContestSelection></Contest></Election>` +
		`<CVR><CurrentSnapshotId>x</CurrentSnapshotId><CVRSnapshot ObjectId="x"><CVRContest><ContestId>c</ContestId>` +
		`<CVRContestSelection><ContestSelectionId>s</ContestSelectionId><SelectionPosition><Rank>1</Rank></SelectionPosition></CVRContestSelection>` +
		`</CVRContest></CVRSnapshot></CVR></CastVoteRecordReport>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		file := filepath.Join(dir, "cvr.xml")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := ParseConfig([]byte(testConfig("cdf", "")))
		if err != nil {
			t.Fatal(err)
		}
		cfg.CVRFileSources[0].FilePath = file
		_, _ = cfg.Contest()
	})
}

func FuzzReadDominion(f *testing.F) {
	f.Add([]byte(`{"Sessions":[{"TabulatorId":1,"BatchId":1,"RecordId":1,"Original":{"IsCurrent":true,"Cards":[{"Contests":[{"Id":1,"Marks":[{"CandidateId":2,"Rank":1,"IsAmbiguous":false}]}]}]}}]}`))
	f.Add([]byte(`{"Sessions":[{"Original":{"IsCurrent":false},"Modified":{"Contests":[{"Id":1,"Marks":[{"CandidateId":9,"Rank":2}]}]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "CvrExport.json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := ParseConfig([]byte(testConfig("dominion", "")))
		if err != nil {
			t.Fatal(err)
		}
		cfg.CVRFileSources[0].FilePath = dir
		cfg.CVRFileSources[0].ContestID = "1"
		_, _ = cfg.Contest()
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add(readSeed(f, filepath.Join(casesDir, "generic_csv_test", "generic_csv_test_cvr.csv")))
	f.Add([]byte("id,A,B,UWI\nr1,1,2,\nr2,,1,2\n"))
	fuzzSource(f, "genericCsv", "")
}

func FuzzReadClearBallot(f *testing.F) {
	f.Add(clearBallotCSV("1,0", "0,1", "1,1"))
	fuzzSource(f, "clearBallot", "")
}

func FuzzReadHart(f *testing.F) {
	f.Add([]byte(`<Cvr><Contests><Contest><Id>Mayor</Id><Options><Option><Name>A</Name><Id>1</Id><Value>10</Value></Option>` +
		`<Option><Name>B</Name><Id>2</Id><Value>01</Value></Option></Options></Contest></Contests></Cvr>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "1.xml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := ParseConfig([]byte(testConfig("hart", "")))
		if err != nil {
			t.Fatal(err)
		}
		cfg.CVRFileSources[0].FilePath = dir
		_, _ = cfg.Contest()
	})
}

// fuzzSource fuzzes a provider's reader with the bytes of its file.
func fuzzSource(f *testing.F, provider, extra string) {
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, err := loadSource(t, testConfig(provider, extra), data)
		if err != nil {
			return
		}
		if err := ct.Profile.Validate(); err != nil {
			t.Fatalf("reader made an invalid profile: %v", err)
		}
	})
}

func readSeed(f *testing.F, path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return data
}

func FuzzXLSXSheet(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>x &amp; y</t></is></c></row>` +
		`<row r="3"/><!-- c --><row><c r="C4"><v><![CDATA[z]]></v></c></row></sheetData></worksheet>`))
	f.Add([]byte(`<?xml version="1.0"?><x:sheetData><x:row r='2' a=">"><x:c r="AA2"/></x:row>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &xlsxSheet{name: "S", strings: []string{"A"}, sc: newSheetScanner(bytes.NewReader(data))}
		for range 1 << 16 {
			row, cells, ok, err := s.nextRow(nil)
			if err != nil || !ok {
				return
			}
			for _, c := range cells {
				if c.col < 0 || row < 0 {
					t.Fatalf("cell %d in row %d", c.col, row)
				}
			}
		}
	})
}
