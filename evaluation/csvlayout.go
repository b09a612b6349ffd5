package evaluation

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
)

// csvLayout is the columns of one flat CSV layout (one row per record),
// shaped as the department forms layout's: a name, the Chinese headings
// and whether the column is required.
type csvLayout []departmentColumn

// names returns the columns' names in order, in a fresh slice.
func (l csvLayout) names() []string {
	out := make([]string, len(l))
	for i, c := range l {
		out[i] = c.name
	}
	return out
}

// header reads the header record of sr and maps its cells to the
// layout's columns (0-based field numbers). Every problem of the header
// is reported at once, wrapping [ErrHeader].
func (l csvLayout) header(name string, sr *scan.Reader) (map[string]int, error) {
	head, _, err := sr.Read()
	if err != nil {
		var re *RowError
		switch {
		case err == io.EOF:
			return nil, fmt.Errorf("%s:1: %w: empty file", name, ErrHeader)
		case errors.As(err, &re):
			re.File = name
			return nil, fmt.Errorf("%w: %w", ErrHeader, re)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col := map[string]int{}
	var errs []string
	for i, h := range head {
		h = strings.TrimSpace(h)
		c, ok := l.columnOf(h)
		switch {
		case !ok:
			errs = append(errs, fmt.Sprintf("column %d: unknown column %q (want %s)", i+1, h, strings.Join(l.names(), ", ")))
		case col[c] != 0:
			errs = append(errs, fmt.Sprintf("column %d: column %s given twice", i+1, c))
		default:
			col[c] = i + 1
		}
	}
	for _, c := range l {
		if c.need && col[c.name] == 0 {
			errs = append(errs, "missing column "+c.name)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s:1: %w: %s", name, ErrHeader, strings.Join(errs, "; "))
	}
	for c := range col {
		col[c]--
	}
	return col, nil
}

func (l csvLayout) columnOf(h string) (string, bool) {
	for _, c := range l {
		if strings.EqualFold(h, c.name) || slices.Contains(c.aliases, h) {
			return c.name, true
		}
	}
	return "", false
}

// csvRow is one record of a flat layout being read: its cells by column
// and the errors found in them.
type csvRow struct {
	file string
	col  map[string]int
	rec  []string
	line int
	kind error // the layout's row sentinel, wrapped by every cell error
	errs []*RowError
}

// cell returns the trimmed cell of column c ("" when the file has no such
// column or the record is short).
func (r *csvRow) cell(c string) string {
	i, ok := r.col[c]
	if !ok || i >= len(r.rec) {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

// fail records a problem of the cell of column c.
func (r *csvRow) fail(c string, err error) {
	r.errs = append(r.errs, r.rowErr(c, fmt.Errorf("%w: %w", r.kind, err)))
}

func (r *csvRow) rowErr(c string, err error) *RowError {
	f := 0
	if i, ok := r.col[c]; ok {
		f = i + 1
	}
	return &RowError{File: r.file, StartLine: r.line, Line: r.line, Column: f, Index: f, Field: c, Err: err}
}

// splitList splits a list cell at ";", "；" or a line break, dropping
// empty items; more than max items is an error before they are kept.
func splitList(s string, max int) ([]string, error) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' || r == '\n' || r == '\r' })
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) > max {
		return nil, fmt.Errorf("%d items, at most %d", len(out), max)
	}
	return slices.Clip(out), nil
}

// parseYesNo reads a yes/no cell: empty, false, no, 0, 否 are false;
// true, yes, 1, 是 are true.
func parseYesNo(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "", "false", "no", "0", "否":
		return false, nil
	case "true", "yes", "1", "是":
		return true, nil
	}
	return false, fmt.Errorf("%q is not yes or no (true/false, 是/否)", s)
}
