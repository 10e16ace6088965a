package plenum

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// MemberRow is one member to import, from a line of a members file.
type MemberRow struct {
	Line   int    // 1-based line in the file
	Name   string // full name
	Email  string // normalized
	Unit   string // full path of a leaf unit, "Riverside/North branch"
	Number string // member number, optional
}

// membersColumns are the columns of a members file; member_number may be
// left out.
var membersColumns = []string{"name", "email", "unit", "member_number"}

const (
	maxNameLen   = 200
	maxNumberLen = 64
)

// ReadMembersCSV reads a members file: a header line naming the columns
// name, email, unit and, optionally, member_number (in any order), then one
// member a line. It returns the good rows and a problem for every bad line,
// each naming file:line and the column. A file it cannot read as CSV at all
// stops at the first broken line. Emails and member numbers must be unique
// within the file; whether units exist and emails are free is checked on
// import.
func ReadMembersCSV(file string, r io.Reader) ([]MemberRow, Errors) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var bad Errors
	fail := func(line int, col, format string, args ...any) {
		bad = append(bad, lineError("read members", file, line, col, format, args...))
	}
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			fail(1, "header", "the file is empty; the first line must name the columns %s", strings.Join(membersColumns, ","))
		} else {
			fail(csvLine(err, 1), "header", "%s", csvMessage(err))
		}
		return nil, bad
	}
	cols, ok := membersHeader(header)
	if !ok {
		fail(1, "header", "the columns must be name,email,unit and optionally member_number, not %q", strings.Join(header, ","))
		return nil, bad
	}
	var rows []MemberRow
	seenEmail := map[string]int{}
	seenNumber := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fail(csvLine(err, 0), "", "%s", csvMessage(err))
			break
		}
		line, _ := cr.FieldPos(0)
		row, probs := memberRow(rec, cols, line)
		if len(probs) == 0 {
			probs = unique(row, seenEmail, seenNumber)
		}
		for _, p := range probs {
			fail(line, p[0], "%s", p[1])
		}
		if len(probs) == 0 {
			rows = append(rows, row)
		}
	}
	return rows, bad
}

// membersHeader maps each column to its index.
func membersHeader(header []string) (map[string]int, bool) {
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := cols[h]; dup || !contains(membersColumns, h) {
			return nil, false
		}
		cols[h] = i
	}
	for _, c := range membersColumns[:3] {
		if _, ok := cols[c]; !ok {
			return nil, false
		}
	}
	return cols, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// memberRow checks one record; each problem is {column, message}.
func memberRow(rec []string, cols map[string]int, line int) (MemberRow, [][2]string) {
	var probs [][2]string
	if len(rec) != len(cols) {
		return MemberRow{}, [][2]string{{"", fmt.Sprintf("has %d fields, want %d", len(rec), len(cols))}}
	}
	get := func(c string) string {
		if i, ok := cols[c]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	row := MemberRow{Line: line, Name: strings.Join(strings.Fields(get("name")), " "),
		Email: NormalizeEmail(get("email")), Unit: get("unit"), Number: get("member_number")}
	for _, f := range [][2]string{{"name", row.Name}, {"email", row.Email}, {"unit", row.Unit}, {"member_number", row.Number}} {
		if !utf8.ValidString(f[1]) {
			probs = append(probs, [2]string{f[0], "is not valid UTF-8"})
		}
	}
	if len(probs) > 0 {
		return row, probs
	}
	switch {
	case row.Name == "":
		probs = append(probs, [2]string{"name", "is empty"})
	case len(row.Name) > maxNameLen:
		probs = append(probs, [2]string{"name", fmt.Sprintf("is longer than %d bytes", maxNameLen)})
	}
	if a, err := mail.ParseAddress(row.Email); err != nil || a.Address != row.Email {
		probs = append(probs, [2]string{"email", fmt.Sprintf("%q is not an email address", row.Email)})
	}
	if row.Unit == "" {
		probs = append(probs, [2]string{"unit", "is empty"})
	}
	if len(row.Number) > maxNumberLen {
		probs = append(probs, [2]string{"member_number", fmt.Sprintf("is longer than %d bytes", maxNumberLen)})
	}
	return row, probs
}

// unique checks that row's email and number appear on no earlier line.
func unique(row MemberRow, emails, numbers map[string]int) [][2]string {
	var probs [][2]string
	if l, dup := emails[row.Email]; dup {
		probs = append(probs, [2]string{"email", fmt.Sprintf("%s is also on line %d", row.Email, l)})
	}
	if l, dup := numbers[row.Number]; dup && row.Number != "" {
		probs = append(probs, [2]string{"member_number", fmt.Sprintf("%s is also on line %d", row.Number, l)})
	}
	if len(probs) == 0 {
		emails[row.Email] = row.Line
		if row.Number != "" {
			numbers[row.Number] = row.Line
		}
	}
	return probs
}

func csvLine(err error, otherwise int) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) && pe.Line > 0 {
		return pe.Line
	}
	return otherwise
}

func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "not valid CSV: " + pe.Err.Error()
	}
	return err.Error()
}
