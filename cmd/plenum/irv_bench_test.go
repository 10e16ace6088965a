package main

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"plenum/ballotfile"
	"plenum/count"
)

// BenchmarkIRVMillionBLT counts a million ten-candidate ballots by
// instant runoff end to end: reading the BLT file `plenum ballots generate`
// writes, then the count. Besides wall time it reports the CPU time of
// each part, which is what a shared machine measures fairly (run it with
// -cpu 1 for one core). See docs/benchmarks.md.
func BenchmarkIRVMillionBLT(b *testing.B) {
	path := filepath.Join(b.TempDir(), "million.blt")
	out, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	env := &Env{Stdout: out, Stderr: os.Stderr, Getenv: func(string) string { return "" }}
	if err := run(context.Background(), []string{"ballots", "generate", "--ballots", "1000000", "--candidates", "10", "--seed", "1"}, env); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	var read, counted time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := cpuTime(b)
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		e, err := ballotfile.ReadBLT(f, path)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		t1 := cpuTime(b)
		r, err := count.IRV(&e.Profile, count.IRVOptions{MaxSkippedRanks: -1})
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Elected) != 1 {
			b.Fatalf("elected %q", r.Elected)
		}
		read, counted = read+t1-t0, counted+cpuTime(b)-t1
	}
	b.ReportMetric(read.Seconds()/float64(b.N), "read-cpu-s/op")
	b.ReportMetric(counted.Seconds()/float64(b.N), "count-cpu-s/op")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
