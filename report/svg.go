package report

import (
	"html"
	"math"
	"strconv"
	"strings"
)

// The charts are drawn here rather than by a charting library: the
// libraries for Go either emit scripts (go-echarts) or embed font files and
// measure text with them (gonum/plot, go-chart), and the report must load
// nothing and print CJK in the reader's own fonts. Two kinds are enough:
// horizontal grouped bars and a line over a few periods.

// chartWidth is the width of every chart's view box, in user units; the
// page scales it to the column.
const chartWidth = 640

// A barChart is a horizontal grouped bar chart: one row per category, one
// bar per series in each row.
type barChart struct {
	id, title, desc string
	series          []string // series names, for the legend
	rows            []barRow
}

// A barRow is one category: a bar per series, each with its value (for the
// geometry) and its printed figure.
type barRow struct {
	label  string
	values []float64
	texts  []string
}

// svgNum prints a coordinate with one decimal: enough for a screen, and the
// same bytes on every machine.
func svgNum(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// svgOpen writes the svg element with its text alternative.
func svgOpen(b *strings.Builder, id, title, desc string, height float64) {
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="` + id + `" role="img" viewBox="0 0 ` +
		strconv.Itoa(chartWidth) + ` ` + svgNum(height) + `" width="` + strconv.Itoa(chartWidth) + `" height="` + svgNum(height) +
		`" aria-labelledby="` + id + `-title ` + id + `-desc">`)
	b.WriteString(`<title id="` + id + `-title">` + html.EscapeString(title) + `</title>`)
	b.WriteString(`<desc id="` + id + `-desc">` + html.EscapeString(desc) + `</desc>`)
}

// legend writes one swatch and name per series at y.
func legend(b *strings.Builder, series []string, y float64, line bool) {
	x := 8.0
	for i, s := range series {
		cls := "s" + strconv.Itoa(i%4)
		if line {
			b.WriteString(`<line class="ln ` + cls + `" x1="` + svgNum(x) + `" y1="` + svgNum(y-4) + `" x2="` + svgNum(x+18) + `" y2="` + svgNum(y-4) + `"/>`)
		} else {
			b.WriteString(`<rect class="` + cls + `" x="` + svgNum(x) + `" y="` + svgNum(y-10) + `" width="12" height="12"/>`)
		}
		b.WriteString(`<text class="lg" x="` + svgNum(x+22) + `" y="` + svgNum(y) + `">` + html.EscapeString(s) + `</text>`)
		x += 40 + float64(textWidth(s))
	}
}

// textWidth estimates the width of s at the charts' 12-unit font: a CJK
// character is about a square, a Latin one about half. It places labels;
// a wrong guess costs a little space, never a figure.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x2E80 {
			w += 12
		} else {
			w += 7
		}
	}
	return w
}

// Geometry of the bar chart, in user units.
const (
	barLabelWidth = 150 // left column for the category labels
	barValueWidth = 110 // right margin for the printed figures
	barHeight     = 14
	barGap        = 10 // between categories
	barTop        = 28 // room for the legend
)

// writeBars draws c.
func (c *barChart) write(b *strings.Builder) {
	n := max(1, len(c.series))
	rowH := float64(n*barHeight + barGap)
	height := barTop + rowH*float64(len(c.rows)) + 8
	svgOpen(b, c.id, c.title, c.desc, height)
	legend(b, c.series, 16, false)
	lo, hi := 0.0, 0.0
	for _, r := range c.rows {
		for _, v := range r.values {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	plot := float64(chartWidth - barLabelWidth - barValueWidth)
	span := hi - lo
	if span == 0 {
		span = 1
	}
	scale := plot / span
	zero := barLabelWidth + (-lo)*scale
	b.WriteString(`<line class="axis" x1="` + svgNum(zero) + `" y1="` + svgNum(barTop-4) + `" x2="` + svgNum(zero) + `" y2="` + svgNum(height-6) + `"/>`)
	for i, r := range c.rows {
		y := barTop + rowH*float64(i)
		b.WriteString(`<text class="cat" x="` + svgNum(barLabelWidth-6) + `" y="` + svgNum(y+float64(n*barHeight)/2+4) + `">` + html.EscapeString(r.label) + `</text>`)
		for j, v := range r.values {
			x, w := zero, v*scale
			if v < 0 {
				x, w = zero+w, -w
			}
			by := y + float64(j*barHeight)
			b.WriteString(`<rect class="s` + strconv.Itoa(j%4) + `" x="` + svgNum(x) + `" y="` + svgNum(by) + `" width="` + svgNum(max(w, 0.5)) +
				`" height="` + svgNum(barHeight-2) + `"><title>` + html.EscapeString(r.label+" "+c.series[j%len(c.series)]+" "+r.texts[j]) + `</title></rect>`)
			tx := max(zero, x+w) + 4
			b.WriteString(`<text class="val" x="` + svgNum(tx) + `" y="` + svgNum(by+barHeight-3) + `">` + html.EscapeString(r.texts[j]) + `</text>`)
		}
	}
	b.WriteString(`</svg>`)
}

// A lineChart draws series over a few periods (the quarters), on a 0–100%
// scale.
type lineChart struct {
	id, title, desc string
	periods         []string
	series          []lineSeries
}

// A lineSeries is one line: a value in percent per period (math.NaN for
// none) and the figure printed beside each point.
type lineSeries struct {
	name   string
	values []float64
	texts  []string
}

// Geometry of the line chart.
const (
	lineHeight = 300
	lineLeft   = 48
	lineRight  = 24
	lineTop    = 36
	lineBottom = 36
)

func (c *lineChart) write(b *strings.Builder) {
	names := make([]string, len(c.series))
	for i, s := range c.series {
		names[i] = s.name
	}
	svgOpen(b, c.id, c.title, c.desc, lineHeight)
	legend(b, names, 16, true)
	plotH := float64(lineHeight - lineTop - lineBottom)
	plotW := float64(chartWidth - lineLeft - lineRight)
	y := func(v float64) float64 { return lineTop + plotH*(1-v/100) }
	for _, g := range []float64{0, 25, 50, 75, 100} {
		b.WriteString(`<line class="grid" x1="` + svgNum(lineLeft) + `" y1="` + svgNum(y(g)) + `" x2="` + svgNum(lineLeft+plotW) + `" y2="` + svgNum(y(g)) + `"/>`)
		b.WriteString(`<text class="tick" x="` + svgNum(lineLeft-6) + `" y="` + svgNum(y(g)+4) + `">` + strconv.Itoa(int(g)) + `%</text>`)
	}
	step := plotW
	if len(c.periods) > 1 {
		step = plotW / float64(len(c.periods)-1)
	}
	x := func(i int) float64 {
		if len(c.periods) == 1 {
			return lineLeft + plotW/2
		}
		return lineLeft + step*float64(i)
	}
	for i, p := range c.periods {
		b.WriteString(`<text class="per" x="` + svgNum(x(i)) + `" y="` + svgNum(lineHeight-lineBottom+18) + `">` + html.EscapeString(p) + `</text>`)
	}
	for j, s := range c.series {
		cls := "s" + strconv.Itoa(j%4)
		var pts []string
		for i, v := range s.values {
			if !math.IsNaN(v) {
				pts = append(pts, svgNum(x(i))+","+svgNum(y(clamp(v))))
			}
		}
		b.WriteString(`<polyline class="ln ` + cls + `" points="` + strings.Join(pts, " ") + `"/>`)
		for i, v := range s.values {
			if math.IsNaN(v) {
				continue
			}
			px, py := x(i), y(clamp(v))
			b.WriteString(`<circle class="` + cls + `" cx="` + svgNum(px) + `" cy="` + svgNum(py) + `" r="4"><title>` +
				html.EscapeString(c.periods[i]+" "+s.name+" "+s.texts[i]) + `</title></circle>`)
			// The first series' figures above the points, the others' below.
			dy := -9.0
			if j > 0 {
				dy = 17
			}
			b.WriteString(`<text class="pt" x="` + svgNum(px) + `" y="` + svgNum(py+dy) + `">` + html.EscapeString(s.texts[i]) + `</text>`)
		}
	}
	b.WriteString(`</svg>`)
}

// clamp holds a percentage to the chart's 0–100 scale; the printed figure
// beside the point keeps the true value.
func clamp(v float64) float64 { return min(100, max(0, v)) }
