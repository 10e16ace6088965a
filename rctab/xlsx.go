package rctab

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// An xlsx workbook's first sheet, read row by row as RCTab's streaming
// reader (Apache POI's event API) sees it: one call per <row> element of
// the sheet, rows without cells included and rows absent from the file
// skipped, which is what decides how many ballots an ES&S export holds.
// (A cell-grid library fills absent rows in, and walks all 1,048,576 rows
// when an export marks the last one.)

// maxXMLPart bounds how much of any one part of a workbook is read.
const maxXMLPart = 1 << 30

type xlsxSheet struct {
	name    string
	strings []string
	rc      io.ReadCloser
	sc      *sheetScanner
	z       *zip.ReadCloser
}

// openXLSX opens the workbook's first sheet.
func openXLSX(file string) (*xlsxSheet, error) {
	z, err := zip.OpenReader(file)
	if err != nil {
		return nil, fmt.Errorf("open workbook: %w", err)
	}
	s := &xlsxSheet{z: z}
	if err := s.open(); err != nil {
		z.Close()
		return nil, err
	}
	return s, nil
}

func (s *xlsxSheet) open() error {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := s.decodePart("xl/workbook.xml", &wb); err != nil {
		return err
	}
	if len(wb.Sheets) == 0 {
		return errors.New("workbook has no sheets")
	}
	s.name = wb.Sheets[0].Name
	target, err := s.relTarget("xl/_rels/workbook.xml.rels", "xl", wb.Sheets[0].ID)
	if err != nil {
		return err
	}
	if err := s.readSharedStrings(); err != nil {
		return err
	}
	f := s.file(target)
	if f == nil {
		return fmt.Errorf("sheet %s: part %s missing", s.name, target)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("sheet %s: %w", s.name, err)
	}
	s.rc = rc
	s.sc = newSheetScanner(io.LimitReader(rc, maxXMLPart))
	return nil
}

func (s *xlsxSheet) Close() error {
	if s.rc != nil {
		s.rc.Close()
	}
	return s.z.Close()
}

func (s *xlsxSheet) file(name string) *zip.File {
	for _, f := range s.z.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func (s *xlsxSheet) decodePart(name string, v any) error {
	f := s.file(name)
	if f == nil {
		return fmt.Errorf("workbook part %s missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	if err := xml.NewDecoder(io.LimitReader(rc, maxXMLPart)).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// relTarget resolves relationship id in the rels part to a part name.
func (s *xlsxSheet) relTarget(rels, base, id string) (string, error) {
	var r struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := s.decodePart(rels, &r); err != nil {
		return "", err
	}
	for _, rel := range r.Rels {
		if rel.ID == id {
			if strings.HasPrefix(rel.Target, "/") {
				return strings.TrimPrefix(rel.Target, "/"), nil
			}
			return path.Join(base, rel.Target), nil
		}
	}
	return "", fmt.Errorf("%s: no relationship %q", rels, id)
}

func (s *xlsxSheet) readSharedStrings() error {
	if s.file("xl/sharedStrings.xml") == nil {
		return nil
	}
	var sst struct {
		SI []struct {
			T string `xml:"t"`
			R []struct {
				T string `xml:"t"`
			} `xml:"r"`
		} `xml:"si"`
	}
	if err := s.decodePart("xl/sharedStrings.xml", &sst); err != nil {
		return err
	}
	s.strings = make([]string, len(sst.SI))
	for i, si := range sst.SI {
		t := si.T
		for _, r := range si.R {
			t += r.T
		}
		s.strings[i] = t
	}
	return nil
}

// An xlsxCell is a cell's 0-based column and its text.
type xlsxCell struct {
	col  int
	text string
}

// nextRow returns the next <row> element's 0-based number and its cells;
// ok is false at the end of the sheet.
func (s *xlsxSheet) nextRow(cells []xlsxCell) (row int, out []xlsxCell, ok bool, err error) {
	out = cells[:0]
	sc := s.sc
	inRow := false
	for {
		kind, name, err := sc.tag(false)
		if err == errSheetEnd && !inRow {
			return 0, nil, false, nil
		}
		if err != nil {
			return 0, nil, false, fmt.Errorf("sheet %s, after row %d: %w", s.name, sc.row+1, unexpectedEOF(err))
		}
		switch string(name) {
		case "sheetData":
			if kind == tagEnd {
				return 0, nil, false, nil
			}
		case "row":
			if kind == tagEnd {
				if inRow {
					return sc.row, out, true, nil
				}
				continue
			}
			if sc.row, err = rowNumber(sc, sc.row); err != nil {
				return 0, nil, false, fmt.Errorf("sheet %s: %w", s.name, err)
			}
			if kind == tagEmpty {
				return sc.row, out, true, nil
			}
			inRow = true
		case "c":
			if !inRow || kind == tagEnd {
				continue
			}
			c, err := s.cell(kind)
			if err != nil {
				return 0, nil, false, fmt.Errorf("sheet %s, row %d: %w", s.name, sc.row+1, err)
			}
			out = append(out, c)
		}
	}
}

// rowNumber reads a row's r attribute; rows without one follow prev.
func rowNumber(sc *sheetScanner, prev int) (int, error) {
	v, ok := sc.attrValue("r")
	if !ok {
		return prev + 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1<<20 {
		return 0, fmt.Errorf("bad row number %q", v)
	}
	return n - 1, nil
}

// cell reads a <c> element whose start tag was just read: its reference,
// type and value (the text of its <v>, or of the <t> of an inline string).
func (s *xlsxSheet) cell(kind int) (xlsxCell, error) {
	sc := s.sc
	ref, _ := sc.attrValue("r")
	typ, _ := sc.attrValue("t")
	col, err := columnOf(ref)
	if err != nil {
		return xlsxCell{}, err
	}
	var value []byte
	for kind != tagEmpty {
		var name []byte
		if kind, name, err = sc.tag(false); err != nil {
			return xlsxCell{}, fmt.Errorf("cell %s: %w", ref, unexpectedEOF(err))
		}
		if kind == tagEnd && string(name) == "c" {
			break
		}
		if kind == tagStart && (string(name) == "v" || string(name) == "t") {
			sc.text = sc.text[:0]
			if kind, name, err = sc.tag(true); err != nil {
				return xlsxCell{}, fmt.Errorf("cell %s: %w", ref, unexpectedEOF(err))
			}
			value = append(value, sc.text...)
			if kind == tagEnd && string(name) == "c" {
				break
			}
		}
	}
	text, err := unescape(value)
	if err != nil {
		return xlsxCell{}, fmt.Errorf("cell %s: %w", ref, err)
	}
	if typ == "s" {
		i, err := strconv.Atoi(strings.TrimSpace(text))
		if err != nil || i < 0 || i >= len(s.strings) {
			return xlsxCell{}, fmt.Errorf("cell %s: shared string %q out of range", ref, text)
		}
		text = s.strings[i]
	}
	return xlsxCell{col: col, text: text}, nil
}

// columnOf is the 0-based column of an A1-style reference.
func columnOf(ref string) (int, error) {
	col, i := 0, 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		col = col*26 + int(ref[i]-'A'+1)
		if col > 1<<14 {
			break
		}
	}
	if i == 0 || col > 1<<14 {
		return 0, fmt.Errorf("bad cell reference %q", ref)
	}
	return col - 1, nil
}
