package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// progressMin is the smallest run that shows a progress bar: shorter runs
// finish before a bar would be read.
const progressMin = 200

// A progress draws a bar on stderr for long runs, and only when stderr is a
// terminal, so that redirected output and tests see nothing of it.
type progress struct {
	w           io.Writer
	label       string
	total, done int
	drawn       int // the last width drawn, to redraw only on change
	on          bool
}

// newProgress returns a bar over total steps, drawn when w is a terminal and
// total is at least progressMin.
func newProgress(w io.Writer, label string, total int) *progress {
	f, ok := w.(*os.File)
	on := ok && total >= progressMin && term.IsTerminal(int(f.Fd()))
	return &progress{w: w, label: label, total: total, drawn: -1, on: on}
}

const barWidth = 30

// step records one finished step and redraws the bar when it moved.
func (p *progress) step() {
	p.done++
	if !p.on {
		return
	}
	filled := barWidth * p.done / p.total
	if filled == p.drawn && p.done != p.total {
		return
	}
	p.drawn = filled
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d", p.label, strings.Repeat("#", filled), strings.Repeat(" ", barWidth-filled), p.done, p.total)
}

// finish ends the bar's line.
func (p *progress) finish() {
	if p.on && p.drawn >= 0 {
		fmt.Fprintln(p.w)
	}
}
