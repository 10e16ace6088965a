package secretballot

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// TestBoardReader reads records an event at a time: after each event its
// board is ReadBoard's of the record up to that event, but for the sums.
func TestBoardReader(t *testing.T) {
	for _, c := range []SimulateConfig{
		{Voters: 30, Candidates: 4, Method: Plurality, Seats: 1, Trustees: 3, Threshold: 2, Audits: 2, Revotes: 3},
		{Voters: 12, Candidates: 4, Method: IRV, Seats: 1, Trustees: 2, Threshold: 2, Revotes: 2},
	} {
		c.Seed = []byte("board reader")
		t.Run(string(c.Method), func(t *testing.T) {
			dir, sim := simulate(t, c)
			files, err := listEvents(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			r, upTo := NewBoardReader(), fstest.MapFS{}
			for _, f := range files {
				data, err := os.ReadFile(filepath.Join(dir, f.name))
				if err != nil {
					t.Fatal(err)
				}
				if err := r.Add(data, upTo); err != nil {
					t.Fatalf("%s: %v", f.name, err)
				}
				upTo[f.name] = &fstest.MapFile{Data: data}
				want, err := ReadBoard(upTo)
				if err != nil {
					t.Fatal(err)
				}
				want.Sums = nil
				if got := r.Board(); !reflect.DeepEqual(got, want) {
					t.Fatalf("after %s: board %+v, ReadBoard gives %+v", f.name, got, want)
				}
			}
			if n, head := r.Head(); n != len(files) || head != sim.Head {
				t.Errorf("head %d %s, want %d %s", n, head, len(files), sim.Head)
			}
		})
	}
}

// TestBoardReaderRefuses refuses an event that does not extend the record
// or does not verify.
func TestBoardReaderRefuses(t *testing.T) {
	dir, _ := simulate(t, SimulateConfig{Voters: 5, Candidates: 3, Method: Plurality, Seats: 1, Trustees: 1, Threshold: 1, Seed: []byte("refuses")})
	files, err := listEvents(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	read := func(i int) []byte {
		data, err := os.ReadFile(filepath.Join(dir, files[i].name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	tampered := []byte(strings.Replace(string(read(0)), `"title":"`, `"title":"X`, 1))
	for _, c := range []struct {
		name   string
		events [][]byte
		want   string
	}{
		{"not the first", [][]byte{read(1)}, "height"},
		{"skips one", [][]byte{read(0), read(2)}, "height"},
		{"changed", [][]byte{tampered, read(1)}, "parent"},
		{"not an event", [][]byte{[]byte("{}\n")}, "000000"},
	} {
		r := NewBoardReader()
		var err error
		for _, ev := range c.events {
			if err = r.Add(ev, nil); err != nil {
				break
			}
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error naming %s", c.name, err, c.want)
		}
	}
}
