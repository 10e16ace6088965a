package secretballot

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeChain writes a record of three small events and returns its dir.
func writeChain(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "rec")
	w, err := CreateRecord(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Append("first", map[string]int{"a": 1}); err != nil {
		t.Fatal(err)
	}
	ew, err := w.Begin("items", struct{}{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	ew.Add([]int{1})
	ew.Add([]int{2})
	if _, err := ew.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Append("last", "<&>"); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestChainHoldsAndBreaks(t *testing.T) {
	dir := writeChain(t)
	files, err := listEvents(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 || files[1].name != "000001-items.jsonl" {
		t.Fatalf("files = %+v", files)
	}
	if _, err := checkChain(os.DirFS(dir), files, nil); err != nil {
		t.Fatalf("intact chain: %v", err)
	}
	// Change one item of the middle event: the next event's parent no
	// longer matches.
	p := filepath.Join(dir, files[1].name)
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "[2]", "[3]", 1)), 0o644)
	_, err = checkChain(os.DirFS(dir), files, nil)
	var e *Error
	if !errors.As(err, &e) || e.Event != "000002-last.jsonl" || e.Field != "parent" {
		t.Fatalf("tampered chain: %v", err)
	}
}

func TestListEventsRefusesStrayAndMissing(t *testing.T) {
	for name, change := range map[string]func(dir string){
		"stray file":    func(dir string) { os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o644) },
		"missing event": func(dir string) { os.Remove(filepath.Join(dir, "000001-items.jsonl")) },
	} {
		dir := writeChain(t)
		change(dir)
		if _, err := listEvents(os.DirFS(dir)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestEventReaderCountsItems(t *testing.T) {
	dir := writeChain(t)
	files, _ := listEvents(os.DirFS(dir))
	p := filepath.Join(dir, files[1].name)
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, "[3]\n"...), 0o644)
	er, err := openEvent(os.DirFS(dir), files[1])
	if err != nil {
		t.Fatal(err)
	}
	defer er.Close()
	for range 2 {
		if _, err := er.next(); err != nil {
			t.Fatal(err)
		}
	}
	if err := er.end(); err == nil || !strings.Contains(err.Error(), "more lines") {
		t.Fatalf("end = %v", err)
	}
}

func TestDecodeCanonical(t *testing.T) {
	type v struct {
		H Hash   `json:"h"`
		N int    `json:"n"`
		S string `json:"s"`
	}
	good := `{"h":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","n":1,"s":"a<b"}`
	var x v
	if err := decodeCanonical([]byte(good), &x); err != nil {
		t.Fatalf("canonical: %v", err)
	}
	for _, bad := range []string{
		`{"n":1,"h":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","s":"a<b"}`,      // order
		`{"h":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB","n":1,"s":"a<b"}`,      // padding bits
		`{"h":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","n":1,"s":"a<b"}`,     // padding
		`{"h":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","n":1,"s":"a\u003cb"}`, // escape
		`{"h":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "n":1,"s":"a<b"}`,     // space
		`{"h":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","n":1,"s":"a<b","x":0}`,
		`{"h":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","n":01,"s":"a<b"}`,
	} {
		if err := decodeCanonical([]byte(bad), &x); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}
