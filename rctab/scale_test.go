package rctab

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestRCTabScale runs RCTab's 1,041,313-ballot case: thirteen copies of
// the 2013 Minneapolis mayoral CVR, assembled in a temporary folder rather
// than kept in the repository.
func TestRCTabScale(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 1,041,313 ballots")
	}
	const name = "2013_minneapolis_mayor_scale"
	dir := t.TempDir()
	for i := 1; i <= 13; i++ {
		copyFile(t, filepath.Join(casesDir, "2013_minneapolis_mayor", "2013_minneapolis_mayor_cvr.xlsx"),
			filepath.Join(dir, fmt.Sprintf("2013_minneapolis_mayor_cvr_%d.xlsx", i)))
	}
	copyFile(t, filepath.Join(casesDir, name, name+"_config.json"), filepath.Join(dir, name+"_config.json"))
	reports, err := Run(filepath.Join(dir, name+"_config.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range expectedFiles(t, filepath.Join(casesDir, name), name, 1) {
		for _, m := range compareReport(e.report, reports[0]) {
			t.Errorf("%s: %s", e.file, m)
		}
	}
	if got := reports[0].Valid.String(); got != "1041313" {
		t.Errorf("%s ballots, want 1041313", got)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
