package table

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"审减率", 6}, // three Han characters, two columns each
		{"19.13%", 6},
		{"１２", 4},      // full-width digits
		{"１９．１３％", 12}, // full-width digits, point and percent sign
		{"市本级 city", 6 + 1 + 4},
		{"e\u0301", 1}, // e + combining acute accent
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, Width(tt.in))
		})
	}
}

func TestWriteText(t *testing.T) {
	tb := New("轮次", "送审", "rate").Right(1, 2)
	tb.Add("一上", "17,702.19万元", "19.13%")
	tb.Add("second round", "3,436.29万元", "51.26%")
	var buf bytes.Buffer
	require.NoError(t, tb.WriteText(&buf))
	// Column widths: "second round" = 12; "17,702.19万元" = 9 + 4 = 13; "19.13%" = 6.
	want := "" +
		"轮次                   送审    rate\n" +
		"------------  -------------  ------\n" +
		"一上          17,702.19万元  19.13%\n" +
		"second round   3,436.29万元  51.26%\n"
	assert.Equal(t, want, buf.String())
}

func TestWriteCSV(t *testing.T) {
	tb := New("name", "amount")
	tb.Add("a,b", "1")
	tb.Add("c")
	var buf bytes.Buffer
	require.NoError(t, tb.WriteCSV(&buf))
	assert.Equal(t, "name,amount\n\"a,b\",1\nc,\n", buf.String())
}

// writeTextReference is WriteText as it was first written, cell by cell
// with Pad into one string: the reference the line-at-a-time WriteText
// must equal byte for byte.
func writeTextReference(t *Table) string {
	n := t.columns()
	widths := make([]int, n)
	for _, row := range append([][]string{t.Header}, t.Rows...) {
		for i := range n {
			widths[i] = max(widths[i], widthReference(cell(row, i)))
		}
	}
	var b strings.Builder
	line := func(row []string) {
		var l strings.Builder
		for i := range n {
			if i > 0 {
				l.WriteString("  ")
			}
			a := Left
			if i < len(t.Align) {
				a = t.Align[i]
			}
			c := cell(row, i)
			pad := strings.Repeat(" ", max(0, widths[i]-widthReference(c)))
			if a == Right {
				l.WriteString(pad + c)
			} else {
				l.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	if len(t.Header) > 0 {
		line(t.Header)
		rule := make([]string, n)
		for i := range n {
			rule[i] = strings.Repeat("-", widths[i])
		}
		line(rule)
	}
	for _, r := range t.Rows {
		line(r)
	}
	return b.String()
}

// widthReference is Width rune by rune, without the ASCII fast path.
func widthReference(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// TestWriteTextAgreesWithReference: on random tables (cells of ASCII, Han
// characters, full-width forms, combining marks, control characters,
// trailing spaces and invalid UTF-8; ragged rows; right-aligned columns;
// with and without a header) WriteText writes exactly what the reference
// writes, and Width agrees with the rune-by-rune count.
func TestWriteTextAgreesWithReference(t *testing.T) {
	pieces := []string{"", "a", "12.50", " ", "审减", "１２", "e\u0301", "\t", "\x1f", "\x7f", "\xff", "x ", "市本级 city", "-"}
	rng := rand.New(rand.NewPCG(17, 4))
	text := func() string {
		var b strings.Builder
		for range rng.IntN(4) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	for k := range 500 {
		cols := 1 + rng.IntN(5)
		var tb *Table
		if k%3 == 0 {
			tb = &Table{}
		} else {
			header := make([]string, cols)
			for i := range header {
				header[i] = text()
			}
			tb = New(header...)
		}
		for i := range cols {
			if rng.IntN(2) == 0 {
				tb.Right(i)
			}
		}
		for range rng.IntN(6) {
			row := make([]string, rng.IntN(cols+2))
			for i := range row {
				row[i] = text()
				require.Equal(t, widthReference(row[i]), Width(row[i]), "%q", row[i])
			}
			tb.Add(row...)
		}
		var b bytes.Buffer
		require.NoError(t, tb.WriteText(&b))
		require.Equal(t, writeTextReference(tb), b.String(), "table %d: %#v", k, tb)
	}
}
