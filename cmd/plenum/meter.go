package main

import (
	"fmt"
	"io"
	"time"
)

// progressMeter draws a one-line progress bar for work that reports how
// much of it is done (rather than a file being read: see progressBar), at
// most a few times a second.
type progressMeter struct {
	w      io.Writer
	label  string
	always bool
	last   time.Time
	drawn  bool
}

func (p *progressMeter) update(done, total int64) {
	if total <= 0 || (!p.always && total < 64<<20) {
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
