package count_test

import (
	"path/filepath"
	"strings"
	"testing"

	"plenum/count"
)

func TestWIGMAgainstDroop(t *testing.T) {
	dumps, _ := filepath.Glob("testdata/droop/ref/dump/*-wigm-prf-fixed-p4-d4.txt")
	if len(dumps) < 5 {
		t.Fatalf("only %d dumps", len(dumps))
	}
	for _, dump := range dumps {
		stem := strings.TrimSuffix(filepath.Base(dump), "-wigm-prf-fixed-p4-d4.txt")
		t.Run(stem, func(t *testing.T) {
			if why, ok := scottishNotMatched[stem]; ok {
				t.Skip(why)
			}
			e := readElection(t, filepath.Join("testdata/droop/blt", stem+".blt"))
			rep, err := count.WIGM(&e.Profile, count.STVOptions{TieOrder: referenceTieOrder(e)})
			if err != nil {
				t.Fatal(err)
			}
			compareDroop(t, rep, dump, gregoryRow)
			checkDroopElected(t, rep, dump)
		})
	}
}
