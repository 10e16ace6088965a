package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progressBar shows on a terminal how much of a large file has been read.
type progressBar struct {
	r     io.Reader
	w     io.Writer
	name  string
	size  int64
	read  int64
	shown time.Time
	drawn bool
}

// progressMin is the size of file worth a progress bar.
const progressMin = 8 << 20

// newProgressBar returns a reader over f that draws a bar on stderr, or nil
// when stderr is not a terminal or f is small.
func newProgressBar(stderr io.Writer, f *os.File, name string) *progressBar {
	tty, ok := stderr.(*os.File)
	if !ok {
		return nil
	}
	if st, err := tty.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Size() < progressMin {
		return nil
	}
	return &progressBar{r: f, w: stderr, name: name, size: st.Size()}
}

// Size is the size of the file read, for ballotfile.Read.
func (p *progressBar) Size() int64 { return p.size }

func (p *progressBar) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.read += int64(n)
	if now := time.Now(); now.Sub(p.shown) > 100*time.Millisecond {
		p.shown = now
		p.draw()
	}
	return n, err
}

func (p *progressBar) draw() {
	const width = 30
	frac := float64(p.read) / float64(p.size)
	filled := min(int(frac*width), width)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%%", p.name, strings.Repeat("#", filled), strings.Repeat(".", width-filled), frac*100)
	p.drawn = true
}

// done clears the bar.
func (p *progressBar) done() {
	if p.drawn {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", len(p.name)+40))
	}
}
