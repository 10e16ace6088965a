package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progressMeter draws a one-line progress bar for work that reports how
// much of it is done (rather than a file being read: see progressBar), at
// most a few times a second. Unless always is set, it draws only on a
// terminal, for work of at least min units.
type progressMeter struct {
	w      io.Writer
	label  string
	always bool
	min    int64
	last   time.Time
	drawn  bool
}

func newProgressMeter(w io.Writer, label string, always bool, min int64) *progressMeter {
	if !always {
		if !isTerminal(w) {
			return &progressMeter{w: io.Discard, min: -1}
		}
	}
	return &progressMeter{w: w, label: label, always: always, min: min}
}

func (p *progressMeter) update(done, total int64) {
	if total <= 0 || p.min < 0 || (!p.always && total < p.min) {
		return
	}
	now := time.Now()
	if done < total && now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.drawn = now, true
	const width = 40
	n := int(done * width / total)
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if i < n {
			bar[i] = '#'
		}
	}
	fmt.Fprintf(p.w, "\r%s [%s] %3d%% %d/%d MB", p.label, bar, done*100/total, done>>20, total>>20)
}

func (p *progressMeter) finish() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
