package rctab

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// rawWorkbook zips a workbook around sheet XML written by hand.
func rawWorkbook(t *testing.T, sheet, shared string) string {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	parts := map[string]string{
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="CVR" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/data.xml"/></Relationships>`,
		"xl/worksheets/data.xml":     sheet,
		"xl/sharedStrings.xml":       shared,
	}
	for _, name := range []string{"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/data.xml", "xl/sharedStrings.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[name]))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestXLSXRows reads rows as RCTab's streaming reader sees them: present
// rows only (empty ones included), shared, inline and numeric values,
// prefixed names, references, CDATA and comments.
func TestXLSXRows(t *testing.T) {
	sheet := `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>Tom &amp; Jerry&#x21;</x:t></x:is></x:c></x:row>` +
		`<!-- a comment with <row> in it -->` +
		`<x:row r="3" spans="1:3"><x:c r="B3" s="2"><x:v>42</x:v></x:c><x:c r="C3" t="str"><x:v><![CDATA[a<b]]></x:v></x:c><x:c r="D3"/></x:row>` +
		`<x:row r="4"/><x:row><x:c r="AB5" t="s" attr='q">'><x:v>1</x:v></x:c></x:row>` +
		`<x:row r="1048576"></x:row></x:sheetData></x:worksheet>`
	shared := `<sst><si><t>Alpha</t></si><si><r><t>Be</t></r><r><t>ta</t></r></si></sst>`
	s, err := openXLSX(rawWorkbook(t, sheet, shared))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got []string
	for {
		row, cells, ok, err := s.nextRow(nil)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		line := fmt.Sprint(row + 1)
		for _, c := range cells {
			line += fmt.Sprintf(" %s=%q", cellName(c.col, row), c.text)
		}
		got = append(got, line)
	}
	want := []string{`1 A1="Alpha" C1="Tom & Jerry!"`, `3 B3="42" C3="a<b" D3=""`, `4`, `5 AB5="Beta"`, `1048576`}
	if !slices.Equal(got, want) || s.name != "CVR" {
		t.Errorf("sheet %s rows\n got %q\nwant %q", s.name, got, want)
	}
}

func TestXLSXErrors(t *testing.T) {
	for _, tt := range []struct{ sheet, want string }{
		{`<sheetData><row r="x"></row></sheetData>`, `bad row number "x"`},
		{`<sheetData><row r="2"><c r="A2" t="s"><v>9</v></c></row></sheetData>`, "sheet CVR, row 2: cell A2: shared string"},
		{`<sheetData><row r="2"><c r="2A"><v>1</v></c></row></sheetData>`, `bad cell reference "2A"`},
		{`<sheetData><row r="2"><c r="A2"><v>&bogus;</v></c></row></sheetData>`, "unknown entity"},
		{`<sheetData><row r="2"><c r="A2"><v>1`, "unexpected EOF"},
	} {
		s, err := openXLSX(rawWorkbook(t, tt.sheet, `<sst/>`))
		if err != nil {
			t.Fatal(err)
		}
		for err == nil {
			var ok bool
			_, _, ok, err = s.nextRow(nil)
			if !ok && err == nil {
				break
			}
		}
		s.Close()
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(tt.want)) {
			t.Errorf("%s: err = %v, want %q", tt.sheet, err, tt.want)
		}
	}
}
