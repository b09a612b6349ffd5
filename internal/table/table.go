// Package table renders rows of text as a table aligned for full-width CJK
// characters (a Chinese character takes two terminal columns), or as CSV.
// It is the jixiao command's presentation helper, not API.
package table

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Align is the alignment of a column. The zero value aligns left.
type Align uint8

const (
	// Left pads on the right. It is the zero value.
	Left Align = iota
	// Right pads on the left, for numbers.
	Right
)

// A Table is a header and rows of cells. The zero value is an empty table
// with no header.
type Table struct {
	Header []string
	Align  []Align
	Rows   [][]string
}

// New returns a table with the given header, every column aligned left.
func New(header ...string) *Table {
	return &Table{Header: header, Align: make([]Align, len(header))}
}

// Right aligns the given columns (0-based) right and returns t.
func (t *Table) Right(cols ...int) *Table {
	for _, c := range cols {
		for len(t.Align) <= c {
			t.Align = append(t.Align, Left)
		}
		t.Align[c] = Right
	}
	return t
}

// Add appends a row. Missing cells are empty; extra cells are kept.
func (t *Table) Add(cells ...string) {
	t.Rows = append(t.Rows, cells)
}

// Width returns the number of terminal columns s takes: two for East Asian
// wide and full-width characters (汉字, full-width digits and punctuation),
// zero for combining marks and control characters, one otherwise.
func Width(s string) int {
	// Printable ASCII, most cells (figures, IDs), is one column a byte.
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x7f {
		i++
	}
	if i == len(s) {
		return i
	}
	n := i
	for _, r := range s[i:] {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	if r < utf8.RuneSelf {
		if r < 0x20 || r == 0x7f {
			return 0
		}
		return 1
	}
	if r >= 0x4E00 && r <= 0x9FFF {
		// CJK Unified Ideographs, most of a Chinese cell: wide, and no
		// combining mark or format character (TestRuneWidthCJKBlock)
		return 2
	}
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r) {
		return 0
	}
	if isWide(r) {
		return 2
	}
	return 1
}

func (t *Table) columns() int {
	n := len(t.Header)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	return n
}

func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// WriteText writes the table as aligned text: the header, a rule of dashes,
// then the rows, columns separated by two spaces and trailing spaces
// trimmed. Each line is written as it is made (a monitoring report's
// tables run to 100,000 rows), through a buffer of its own.
func (t *Table) WriteText(w io.Writer) error {
	n := t.columns()
	widths := make([]int, n)
	measure := func(row []string) {
		for i := range n {
			widths[i] = max(widths[i], Width(cell(row, i)))
		}
	}
	if len(t.Header) > 0 {
		measure(t.Header)
	}
	for _, r := range t.Rows {
		measure(r)
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	var l []byte
	line := func(row []string) {
		l = l[:0]
		for i := range n {
			if i > 0 {
				l = append(l, "  "...)
			}
			c := cell(row, i)
			pad := widths[i] - Width(c)
			if i < len(t.Align) && t.Align[i] == Right {
				l = appendSpaces(l, pad)
				l = append(l, c...)
			} else {
				l = append(l, c...)
				l = appendSpaces(l, pad)
			}
		}
		l = append(bytes.TrimRight(l, " "), '\n')
		bw.Write(l)
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
	return bw.Flush()
}

// appendSpaces appends n spaces to b (none when n ≤ 0).
func appendSpaces(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, ' ')
	}
	return b
}

// WriteCSV writes the header and rows as CSV in UTF-8 without a byte order
// mark.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if len(t.Header) > 0 {
		if err := cw.Write(t.Header); err != nil {
			return err
		}
	}
	n := t.columns()
	for _, r := range t.Rows {
		row := make([]string, n)
		copy(row, r)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
