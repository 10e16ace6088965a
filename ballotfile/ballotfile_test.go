package ballotfile

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"plenum/count"
)

const bltSample = `4 2
-4
[nick a b c d]
[tie c b a d]
[droop precision=5]
3 a b=c 0
2 c - a 0
(ballot7) 1 b 0
3 a b=c 0
0
"Ann Smith"
"Bo ""Red"" Brown"
"Cy Jones" "Green Party"
"Dee ""Blue Party"""
Some election
`

func TestReadBLTDialects(t *testing.T) {
	e, err := ReadBLT(strings.NewReader(bltSample), "x.blt")
	if err != nil {
		t.Fatal(err)
	}
	unpack(e)
	want := &Election{
		Profile: count.Profile{
			Title:      "Some election",
			Candidates: []string{"Ann Smith", `Bo "Red" Brown`, "Cy Jones", "Dee"},
			Withdrawn:  []int{3},
			Seats:      2,
			Ballots: []count.Ballot{
				{Ranks: [][]int{{0}, {1, 2}}, Weight: 6},
				{Ranks: [][]int{{2}, nil, {0}}, Weight: 2},
				{Ranks: [][]int{{1}}, Weight: 1},
			},
		},
		Parties:  []string{"", "", "Green Party", "Blue Party"},
		TieOrder: []int{2, 1, 0, 3},
		Options:  []string{"[droop precision=5]"},
	}
	if !reflect.DeepEqual(e, want) {
		t.Fatalf("got  %+v\nwant %+v", e, want)
	}
	var buf bytes.Buffer
	if err := WriteBLT(&buf, e); err != nil {
		t.Fatal(err)
	}
	back, err := ReadBLT(&buf, "back.blt")
	if err != nil {
		t.Fatal(err)
	}
	back.Options = want.Options
	if unpack(back); !reflect.DeepEqual(back, want) {
		t.Fatalf("round trip: got %+v\n%s", back, buf.String())
	}
}

func TestReadErrorsNameTheLine(t *testing.T) {
	tests := []struct {
		format, text, want string
	}{
		{"blt", "2 1\n1 1 2\n0\n", "f:2: ballot line"},
		{"blt", "2 1\n1 1 3 0\n0\n", "f:2: \"3\" is not a candidate"},
		{"blt", "2 1\n1 1 0\n0\n\"A\"\n", "names 1 of 2"},
		{"blt", "x\n", "f:1: first line"},
		{"preflib", "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n3: 1,{2\n", "f:4: { without }"},
		{"cvotes", "#/Candidates: A ; B\nA > A\n", "f:2: \"A\" ranked twice"},
		{"json", "{\"candidates\":[\"A\"],\n\"ballots\":[\n{\"ranks\":[[\"B\"]]}]}", "f:3: \"B\" is not a candidate"},
	}
	for _, tt := range tests {
		_, err := Read(strings.NewReader(tt.text), "f", tt.format)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %q: error %v, want %q", tt.format, tt.text, err, tt.want)
		}
		if err != nil && !errors.Is(err, ErrSyntax) {
			t.Errorf("%v does not wrap ErrSyntax", err)
		}
	}
}

func TestReadPrefLibAndCVotes(t *testing.T) {
	pl := "# TITLE: t\n# NUMBER ALTERNATIVES: 3\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n# ALTERNATIVE NAME 3: C\n5: 1,{2,3}\n2: 3\n1: 1,{2,3}\n"
	e, err := Read(strings.NewReader(pl), "x.toc", "")
	if err != nil {
		t.Fatal(err)
	}
	// A repeated order is merged with the first.
	want := []count.Ballot{{Ranks: [][]int{{0}, {1, 2}}, Weight: 6}, {Ranks: [][]int{{2}}, Weight: 2}}
	if !reflect.DeepEqual(e.Unpacked(), want) || e.Title != "t" {
		t.Errorf("preflib: %+v", e)
	}
	cv := "#/Candidates: A ; B ; C\n#/Number of Seats: 2\n#/Weight Allowed: true\nA > B = C ^ 2 * 3\ntag || C\n"
	e, err = Read(strings.NewReader(cv), "x", "")
	if err != nil {
		t.Fatal(err)
	}
	if want := []count.Ballot{{Ranks: [][]int{{0}, {1, 2}}, Weight: 6}, {Ranks: [][]int{{2}}, Weight: 1}}; !reflect.DeepEqual(e.Unpacked(), want) || e.Seats != 2 || e.IgnoreUnranked {
		t.Errorf("cvotes: %+v", e)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	e, err := ReadBLT(strings.NewReader(bltSample), "x.blt")
	if err != nil {
		t.Fatal(err)
	}
	unpack(e)
	e.Ballots = append(e.Ballots, count.Ballot{Ranks: [][]int{{count.Overvote}, {0}}, Weight: 1})
	var buf bytes.Buffer
	if err := WriteJSON(&buf, e); err != nil {
		t.Fatal(err)
	}
	back, err := Read(&buf, "x.json", "")
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if unpack(back); !reflect.DeepEqual(back.Profile, e.Profile) {
		t.Fatalf("got %+v\nwant %+v", back.Profile, e.Profile)
	}
}

func TestReadSharedData(t *testing.T) {
	for _, path := range []string{
		"../count/testdata/scotland-official/dundee_2022_ward3.blt",
		"../count/testdata/preflib/00001-00000001.soi",
		"../count/testdata/droop/blt/meek/eq1.blt",
	} {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		e, err := Read(f, path, "")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if e.Packed.Len() == 0 {
			t.Errorf("%s: no ballots", path)
		}
	}
}

// unpack moves e's packed ballots to Ballots, for comparing.
func unpack(e *Election) {
	e.Ballots, e.Packed = e.Unpacked(), nil
}

func fuzzRead(f *testing.F, format string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Read(bytes.NewReader(data), "fuzz", format)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("error %v does not wrap ErrSyntax", err)
			}
			return
		}
		if err := e.Validate(); err != nil {
			t.Fatalf("accepted an invalid profile: %v", err)
		}
		// The ballots read are distinct, and pack and unpack to themselves.
		ballots := e.Unpacked()
		pk, err := count.Pack(ballots)
		if err != nil {
			t.Fatal(err)
		}
		if again := (&count.Profile{Packed: pk}).Unpacked(); !reflect.DeepEqual(again, ballots) {
			t.Fatalf("packed again %v, want %v", again, ballots)
		}
	})
}

func FuzzReadBLT(f *testing.F) {
	fuzzRead(f, "blt", bltSample, "3 1\n1 1 2 3 0\n0\n\"a\"\n\"b\"\n\"c\"\n\"t\"\n", "1 1\n0\n\"\"\n")
}

func FuzzReadPrefLib(f *testing.F) {
	fuzzRead(f, "preflib", "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n3: 1,{2}\n")
}

func FuzzReadCVotes(f *testing.F) {
	fuzzRead(f, "cvotes", "#/Candidates: A ; B\n#/Weight Allowed: true\nA > B ^ 3 * 2\nB\n")
}

func FuzzReadJSON(f *testing.F) {
	fuzzRead(f, "json", `{"seats":1,"candidates":["A","B"],"withdrawn":["B"],"ballots":[{"ranks":[["A"],[],["B",""]],"weight":2}]}`)
}
