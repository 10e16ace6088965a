package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
)

func TestProgressBarOnlyOnTerminalsAndLargeFiles(t *testing.T) {
	f, err := os.Open("../../count/testdata/droop/blt/42.blt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if bar := newProgressBar(&bytes.Buffer{}, f, "42.blt"); bar != nil {
		t.Error("a bar for a buffer")
	}
	if bar := newProgressBar(os.Stderr, f, "42.blt"); bar != nil {
		t.Error("a bar for a small file")
	}
}

func TestProgressBarDraws(t *testing.T) {
	var out bytes.Buffer
	data := strings.Repeat("x", 1000)
	bar := &progressBar{r: strings.NewReader(data), w: &out, name: "big.blt", size: int64(len(data))}
	if _, err := io.Copy(io.Discard, bar); err != nil {
		t.Fatal(err)
	}
	bar.draw()
	if !strings.Contains(out.String(), "big.blt [##############################] 100%") {
		t.Errorf("bar: %q", out.String())
	}
	bar.done()
	if !strings.HasSuffix(out.String(), "\r") {
		t.Errorf("bar not cleared: %q", out.String())
	}
}
