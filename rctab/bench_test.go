package rctab

import (
	"path/filepath"
	"testing"
)

// BenchmarkMinneapolisMayor reads and counts the 80,101 ES&S records of
// the 2013 Minneapolis mayoral election.
func BenchmarkMinneapolisMayor(b *testing.B) {
	path := filepath.Join(casesDir, "2013_minneapolis_mayor", "2013_minneapolis_mayor_config.json")
	for b.Loop() {
		if _, err := Run(path); err != nil {
			b.Fatal(err)
		}
	}
}
