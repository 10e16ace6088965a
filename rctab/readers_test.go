package rctab

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"plenum/count"
)

// testConfig is a config for candidates A, B and C (B also spelled "2")
// reading one source of the given provider from file "cvr".
func testConfig(provider, extra string) string {
	return fmt.Sprintf(`{
  "outputSettings": {"contestName": "Test"},
  "cvrFileSources": [{"filePath": "cvr", "provider": %q, "contestId": "Mayor",
    "firstVoteColumnIndex": "2", "firstVoteRowIndex": "2", "overvoteLabel": "overvote",
    "skippedRankLabel": "undervote", "undeclaredWriteInLabel": "UWI"%s}],
  "candidates": [{"name": "A"}, {"name": "B", "aliases": ["2"]}, {"name": "C"}],
  "rules": {"tiebreakMode": "useCandidateOrder", "overvoteRule": "alwaysSkipToNextRank",
    "winnerElectionMode": "singleWinnerMajority", "numberOfWinners": "1",
    "decimalPlacesForVoteArithmetic": "4", "maxSkippedRanksAllowed": "unlimited", "maxRankingsAllowed": "3"}
}`, provider, extra)
}

// loadSource writes config and the CVR file into a folder and loads them.
func loadSource(t testing.TB, config string, cvr []byte) (*Contest, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cvr"), cvr, 0o644); err != nil {
		t.Fatal(err)
	}
	return Load(filepath.Join(dir, "config.json"))
}

// ballots prints a contest's ballots as "weight:rank|rank..." with names,
// sorted, for comparison.
func ballots(ct *Contest) []string {
	var out []string
	for _, b := range ct.Profile.Ballots {
		var ranks []string
		for _, r := range b.Ranks {
			var names []string
			for _, c := range r {
				if c == count.Overvote {
					names = append(names, "*")
				} else {
					names = append(names, ct.Profile.Candidates[c])
				}
			}
			ranks = append(ranks, strings.Join(names, "="))
		}
		out = append(out, fmt.Sprintf("%d:%s", b.Weight, strings.Join(ranks, "|")))
	}
	slices.Sort(out)
	return out
}

// workbook builds an xlsx file from rows of cells.
func workbook(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadESS(t *testing.T) {
	xlsx := workbook(t, [][]any{
		{"id", "Choice 1", "Choice 2", "Choice 3", "Choice 4"},
		{1, "A", "B", "C", "A"},
		{2, "A", "B", "C"},
		{3, "undervote", "overvote", "UWI"},
		{4, "2", nil, "C"},
		{5, "A|B", "C"},
	})
	ct, err := loadSource(t, testConfig("ess", `, "overvoteDelimiter": "|"`), xlsx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1:A=B|C", "1:B||C", "1:|*|Undeclared Write-ins", "2:A|B|C"}
	if got := ballots(ct); !slices.Equal(got, want) {
		t.Errorf("ballots %q, want %q", got, want)
	}
}

func TestReaderErrorsNamePlace(t *testing.T) {
	tests := []struct {
		name, provider string
		cvr            []byte
		want           string
	}{
		{"xlsx unknown candidate", "ess", workbook(t, [][]any{{"id", "1"}, {1, "A"}, {2, "Zed"}}), `"Zed" (`},
		{"xlsx cell", "ess", workbook(t, [][]any{{"id", "1"}, {1, "A"}, {2, "Zed"}}), "sheet Sheet1, cell B3"},
		{"csv rank", "genericCsv", []byte("id,A,B,C\nr1,1,2,\nr2,x,1,\n"), "cvr:3: column 2: want a rank"},
		{"csv unknown", "genericCsv", []byte("id,A,Zed\nr1,1,2\n"), `"Zed" (`},
		{"clear ballot value", "clearBallot", clearBallotCSV("1,0", "0,x"), "cvr:3: column 12"},
		{"cdf json contest", "cdf", []byte(`{"Election":[{"Candidate":[],"Contest":[]}],"CVR":[]}`), "contestId"},
		{"dominion not a folder", "dominion", []byte("{}"), "CvrExport"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadSource(t, testConfig(tt.provider, ""), tt.cvr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func clearBallotCSV(rows ...string) []byte {
	var b strings.Builder
	b.WriteString("RowNumber,BoxID,BoxPosition,BallotID,PrecinctID,BallotStyleID,PrecinctStyleName,ScanComputerName,Status,Remade")
	b.WriteString(",Choice_1_1:Mayor:1:Vote For 1:A:NP,Choice_2_1:Mayor:1:Vote For 1:B:NP\n")
	for i, r := range rows {
		fmt.Fprintf(&b, "%d,b,1,x,p,s,n,c,0,0,%s\n", i+1, r)
	}
	return []byte(b.String())
}

func TestConfigErrorsNameField(t *testing.T) {
	base := testConfig("ess", "")
	tests := []struct {
		old, new, want string
	}{
		{`"alwaysSkipToNextRank"`, `"sometimes"`, "field rules.overvoteRule"},
		{`"useCandidateOrder"`, `"random"`, "field rules.randomSeed"},
		{`"unlimited"`, `"lots"`, "field rules.maxSkippedRanksAllowed"},
		{`"decimalPlacesForVoteArithmetic": "4"`, `"decimalPlacesForVoteArithmetic": "40"`, "field rules.decimalPlacesForVoteArithmetic"},
		{`"singleWinnerMajority"`, `"bottomsUpUsingPercentageThreshold"`, "field rules.multiSeatBottomsUpPercentageThreshold"},
		{`{"name": "C"}`, `{"name": "C", "excluded": "yes"}`, "field candidates.excluded"},
		{`{"name": "C"}`, `{"name": "A"}`, `candidates[2]: name or alias "A"`},
		{`"firstVoteColumnIndex": "2"`, `"firstVoteColumnIndex": "zero"`, "field cvrFileSources[0].firstVoteColumnIndex"},
	}
	for _, tt := range tests {
		cfg := strings.Replace(base, tt.old, tt.new, 1)
		_, err := loadSource(t, cfg, workbook(t, [][]any{{"id"}}))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s -> %s: err = %v, want it to mention %q", tt.old, tt.new, err, tt.want)
		}
	}
}

func TestReadHart(t *testing.T) {
	dir := t.TempDir()
	cvr := func(values ...string) string {
		var opts strings.Builder
		for i, v := range values {
			fmt.Fprintf(&opts, "<Option><Name>%s</Name><Id>%d</Id><Value>%s</Value></Option>", []string{"A", "B", "C"}[i], i+1, v)
		}
		return `<?xml version="1.0"?><Cvr xmlns="http://tempuri.org/CVRDesign.xsd"><CvrGuid>g</CvrGuid>` +
			`<Contests><Contest><Name>Mayor</Name><Id>Mayor</Id><Options>` + opts.String() + `</Options></Contest></Contests></Cvr>`
	}
	for i, x := range []string{cvr("100", "010", "001"), cvr("010", "100", "000"), cvr("110", "000", "001")} {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("b%d.xml", i)), []byte(x), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "b0.xml.sig.xml"), []byte("<Signature/>"), 0o644)
	cfg := strings.Replace(testConfig("hart", ""), `"filePath": "cvr"`, fmt.Sprintf(`"filePath": %q`, dir), 1)
	ct, err := loadSource(t, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1:A|A|C", "1:A|B|C", "1:B|A"}
	if got := ballots(ct); !slices.Equal(got, want) {
		t.Errorf("ballots %q, want %q", got, want)
	}
}

func TestReadDominion(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"CvrExport_1.json": `{"Version":"5","Sessions":[
  {"TabulatorId":1,"BatchId":1,"RecordId":1,"Original":{"IsCurrent":true,"Cards":[{"Contests":[
    {"Id":1,"Marks":[{"CandidateId":1,"Rank":1,"IsAmbiguous":false},{"CandidateId":2,"Rank":2,"IsAmbiguous":true},{"CandidateId":9,"Rank":3,"IsAmbiguous":false}]},
    {"Id":2,"Marks":[{"CandidateId":5,"Rank":1,"IsAmbiguous":false}]}]}]}},
  {"TabulatorId":1,"BatchId":1,"RecordId":2,"Original":{"IsCurrent":false,"Contests":[{"Id":1,"Marks":[{"CandidateId":1,"Rank":1}]}]},
   "Modified":{"IsCurrent":true,"Contests":[{"Id":1,"Marks":[{"CandidateId":2,"Rank":1},{"CandidateId":3,"Rank":1}]}]}},
  {"TabulatorId":1,"BatchId":1,"RecordId":3,"Original":{"IsCurrent":false,"Contests":[{"Id":1,"Marks":[{"CandidateId":1,"Rank":1}]}]}}]}`,
		"CvrExport_2.json": `{"Sessions":[{"TabulatorId":2,"BatchId":7,"RecordId":1,"Original":{"IsCurrent":true,"Cards":[{"Contests":[{"Id":1,"Marks":[{"CandidateId":3,"Rank":2}]}]}]}}]}`,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := strings.NewReplacer(`"filePath": "cvr"`, fmt.Sprintf(`"filePath": %q`, dir), `"contestId": "Mayor"`, `"contestId": "1"`,
		`"undeclaredWriteInLabel": "UWI"`, `"undeclaredWriteInLabel": "9"`,
		`{"name": "A"}`, `{"name": "A", "aliases": ["1"]}`, `{"name": "C"}`, `{"name": "C", "aliases": ["3"]}`).Replace(testConfig("dominion", ""))
	ct, err := loadSource(t, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1:A||Undeclared Write-ins", "1:B=C", "1:|C"}
	if got := ballots(ct); !slices.Equal(got, want) {
		t.Errorf("ballots %q, want %q", got, want)
	}
	os.WriteFile(filepath.Join(dir, "CvrExport_2.json"), []byte(`{"Sessions":[{"TabulatorId":2,"BatchId":7,"RecordId":4,"Original":{"IsCurrent":true,"Contests":[{"Id":1,"Marks":[{"CandidateId":77,"Rank":1}]}]}}]}`), 0o644)
	if _, err := loadSource(t, cfg, nil); err == nil || !strings.Contains(err.Error(), `"77" (`) || !strings.Contains(err.Error(), "tabulator 2, batch 7, record 4") {
		t.Errorf("unknown candidate: err = %v", err)
	}
}

func TestReadESSBlankAsWriteIn(t *testing.T) {
	xlsx := workbook(t, [][]any{
		{"id", "Choice 1", "Choice 2", "Choice 3"},
		{1, "A", nil, "undervote"},
		{2},
	})
	cfg := strings.Replace(testConfig("ess", ""), `"treatBlankAsUndeclaredWriteIn"`, `"x"`, 1)
	cfg = strings.Replace(cfg, `"undeclaredWriteInLabel": "UWI"`, `"undeclaredWriteInLabel": "UWI", "treatBlankAsUndeclaredWriteIn": true`, 1)
	ct, err := loadSource(t, cfg, xlsx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1:A|Undeclared Write-ins", "1:Undeclared Write-ins|Undeclared Write-ins|Undeclared Write-ins"}
	if got := ballots(ct); !slices.Equal(got, want) {
		t.Errorf("ballots %q, want %q", got, want)
	}
}
