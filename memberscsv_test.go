package plenum_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"plenum"
)

func TestReadMembersCSV(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		rows int
		bad  []string
	}{
		{"good", "name,email,unit,member_number\nAna  Ribeiro ,ANA@Example.org,A/B,7\n", 1, nil},
		{"columns in any order, number optional", "\ufeffUnit,Email,Name\nA/B,b@example.org,Bo\n", 1, nil},
		{"crlf", "name,email,unit\r\nBo,b@example.org,A/B\r\n", 1, nil},
		{"empty file", "", 0, []string{"m.csv:1: header: the file is empty"}},
		{"missing column", "name,email\n", 0, []string{"m.csv:1: header: the columns must be"}},
		{"unknown column", "name,email,unit,phone\n", 0, []string{"m.csv:1: header"}},
		{"every bad row", "name,email,unit\n,a@example.org,A\nBo,bo@,A\nCy,c@example.org,\nDi,d@example.org,A\n", 1,
			[]string{"m.csv:2: name: is empty", `m.csv:3: email: "bo@" is not an email address`, "m.csv:4: unit: is empty"}},
		{"duplicates", "name,email,unit,member_number\nA,a@example.org,U,1\nB,A@example.org,U,2\nC,c@example.org,U,1\n", 1,
			[]string{"m.csv:3: email: a@example.org is also on line 2", "m.csv:4: member_number: 1 is also on line 2"}},
		{"quoted newline keeps line numbers", "name,email,unit\n\"A\nB\",a@example.org,U\nC,bad,U\n", 1,
			[]string{`m.csv:4: email: "bad" is not an email address`}},
		{"broken quote stops", "name,email,unit\nA,a@example.org,U\n\"B,b@example.org,U\n", 1, []string{"m.csv:3: not valid CSV"}},
		{"invalid utf-8", "name,email,unit\n\xff,a@example.org,U\n", 0, []string{"m.csv:2: name: is not valid UTF-8"}},
		{"display name in email", "name,email,unit\nA,Ana <a@example.org>,U\n", 0, []string{"m.csv:2: email"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, bad := plenum.ReadMembersCSV("m.csv", strings.NewReader(tc.in))
			if len(rows) != tc.rows {
				t.Errorf("%d rows, want %d", len(rows), tc.rows)
			}
			if len(bad) != len(tc.bad) {
				t.Fatalf("problems:\n%v\nwant %d", bad, len(tc.bad))
			}
			for i, w := range tc.bad {
				if got := plenum.ErrorMessage(bad[i]); !strings.HasPrefix(got, w) {
					t.Errorf("problem %d = %q, want %q", i, got, w)
				}
			}
		})
	}
	rows, _ := plenum.ReadMembersCSV("m.csv", strings.NewReader("name,email,unit,member_number\nAna  Ribeiro ,ANA@Example.org,A/B,7\n"))
	if r := rows[0]; r.Line != 2 || r.Name != "Ana Ribeiro" || r.Email != "ana@example.org" || r.Unit != "A/B" || r.Number != "7" {
		t.Errorf("row = %+v", r)
	}
}

func FuzzReadMembersCSV(f *testing.F) {
	f.Add("name,email,unit,member_number\nAna,ana@example.org,A/B,1\n")
	f.Add("name,email,unit\n\"A\nB\",a@example.org,U\nC,bad,U\n")
	f.Add("email,name,unit\n\"x\"y,a,b\n")
	f.Add("name,email,unit\n,,\n\xff,\xfe,\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, bad := plenum.ReadMembersCSV("f.csv", strings.NewReader(in))
		for _, r := range rows {
			if r.Name == "" || r.Unit == "" || !strings.Contains(r.Email, "@") || r.Line < 2 {
				t.Errorf("a bad row passed: %+v", r)
			}
			if !utf8.ValidString(r.Name + r.Email + r.Unit + r.Number) {
				t.Errorf("invalid UTF-8 passed: %+v", r)
			}
		}
		for _, e := range bad {
			if plenum.ErrorKind(e) != plenum.Invalid || !strings.HasPrefix(e.Field, "f.csv:") {
				t.Errorf("problem %v names no place", e)
			}
		}
	})
}
