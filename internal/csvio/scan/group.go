package scan

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
)

// Records reads the records of a flat layout after its header, one [Row]
// at a time, and keeps the account of the file: every record read, every
// error found, and the records that belong to no group. It is the read
// loop the CSV readers of evaluation and goals share; [Groups] adds the
// grouping of rows into records. Set File, Col (from [Layout.Header]) and
// Kind before the first Next.
type Records struct {
	// File names the input in errors.
	File string
	// Col maps the columns to their 0-based field numbers.
	Col map[string]int
	// Kind is the layout's row sentinel, which every cell error wraps.
	Kind error
	// Rows counts every record read after the header, readable or not.
	Rows int
	// Loose counts the records that name no group: the unreadable ones
	// and those passed to [Records.Orphan].
	Loose int
	// Errors are every problem found, in the order found until
	// [Records.SortErrors].
	Errors []*RowError

	row Row   // the Row Next returns, reused
	err error // the read failure that ended All
}

// Next returns the next readable record as a Row, which is valid until
// the next call (its errors, kept with [Records.Keep] and the like, stay
// valid). An unreadable record
// (a *RowError of sr) is counted in Rows and Loose, its error kept with
// File set, and reading goes on. At the end of input err is io.EOF; a read
// failure is returned as "file: cause".
func (rs *Records) Next(sr *Reader) (*Row, error) {
	for {
		rec, line, err := sr.Read()
		if err == io.EOF {
			return nil, io.EOF
		}
		rs.Rows++
		if err != nil {
			var re *RowError
			if !errors.As(err, &re) {
				return nil, fmt.Errorf("%s: %w", rs.File, err)
			}
			re.File = rs.File
			rs.Loose++
			rs.Errors = append(rs.Errors, re)
			continue
		}
		rs.row = Row{File: rs.File, Col: rs.Col, Rec: rec, Line: line, Kind: rs.Kind, Errs: rs.row.Errs[:0]}
		return &rs.row, nil
	}
}

// All returns the readable records of sr as Rows, as Next reads them
// (each valid until the next), stopping at the end of input or at a read
// failure, which [Records.Err] then returns.
func (rs *Records) All(sr *Reader) iter.Seq[*Row] {
	return func(yield func(*Row) bool) {
		for {
			row, err := rs.Next(sr)
			if err != nil {
				if err != io.EOF {
					rs.err = err
				}
				return
			}
			if !yield(row) {
				return
			}
		}
	}
}

// Err returns the read failure that ended [Records.All], or nil.
func (rs *Records) Err() error { return rs.err }

// Orphan counts row as naming no group and keeps its errors.
func (rs *Records) Orphan(row *Row) {
	rs.Loose++
	rs.Errors = append(rs.Errors, row.Errs...)
}

// Keep keeps row's errors and reports whether it has any.
func (rs *Records) Keep(row *Row) bool {
	rs.Errors = append(rs.Errors, row.Errs...)
	return len(row.Errs) > 0
}

// Fail keeps the error err, wrapped in Kind, of the cell of column c at
// line: a problem of a whole record found after its rows were read.
func (rs *Records) Fail(line int, c string, err error) {
	row := Row{File: rs.File, Col: rs.Col, Line: line, Kind: rs.Kind}
	row.Fail(c, err)
	rs.Errors = append(rs.Errors, row.Errs...)
}

// RowErr returns the error err (not wrapped in Kind) of the cell of
// column c at line.
func (rs *Records) RowErr(line int, c string, err error) *RowError {
	return (&Row{File: rs.File, Col: rs.Col, Line: line}).RowErr(c, err)
}

// SortErrors puts Errors in line order, keeping the order found within a
// line.
func (rs *Records) SortErrors() {
	slices.SortStableFunc(rs.Errors, func(a, b *RowError) int { return cmp.Compare(a.Line, b.Line) })
}

// Groups gathers the rows of a grouped layout (one row per indicator or
// finding, the rows of one record sharing its key) into records: a key's
// group in the order first met, its record-wide cells checked to agree
// across its rows. A row's errors reject its group and no other; a row
// that names no group ([Records.Orphan]) rejects only itself. Read counts
// the groups and the loose rows, so Read = Accepted + Rejected when the
// caller rejects every group that is Bad.
//
// G is the record being assembled, K its key.
type Groups[K comparable, G any] struct {
	Records
	// Max is the most groups; a row of a further group is rejected as
	// loose with "more than Max Noun" in column MaxColumn. 0 means no
	// limit.
	Max       int
	MaxColumn string
	Noun      string

	index map[K]*Group[K, G]
	list  []*Group[K, G]
}

// A Group is one record being assembled from its rows.
type Group[K comparable, G any] struct {
	// Key is the record's key; Val the record.
	Key K
	Val G
	// First is the line of the group's first row.
	First int
	// Lines are the lines of the rows added, in order.
	Lines []int
	// Rows counts every row of the group, added or refused.
	Rows int
	// Bad reports that some row, or a check of the record, failed.
	Bad bool

	// cells holds the record-wide cells filled: as first given without
	// error, or with Line 0 when filled only with cells in error.
	cells map[string]Given
}

// Given is a record-wide cell as first given: its text and line.
type Given struct {
	Text string
	Line int
}

// Join returns the group of key k, and whether it is new (its Val, the
// zero G, is then the caller's to set). A new group beyond Max is not
// made: row fails, is counted loose, and Join returns nil.
func (gs *Groups[K, G]) Join(row *Row, k K) (g *Group[K, G], fresh bool) {
	if g := gs.index[k]; g != nil {
		return g, false
	}
	if gs.Max > 0 && len(gs.list) >= gs.Max {
		row.Fail(gs.MaxColumn, fmt.Errorf("more than %d %s", gs.Max, gs.Noun))
		gs.Orphan(row)
		return nil, false
	}
	if gs.index == nil {
		gs.index = map[K]*Group[K, G]{}
	}
	g = &Group[K, G]{Key: k, First: row.Line, cells: map[string]Given{}}
	gs.index[k] = g
	gs.list = append(gs.list, g)
	return g, true
}

// Add counts row in g and keeps its line in g.Lines; row's errors, if
// any, reject g.
func (gs *Groups[K, G]) Add(g *Group[K, G], row *Row) {
	g.Lines = append(g.Lines, row.Line)
	gs.Refuse(g, row)
}

// Refuse counts row in g without keeping its line (a row g cannot take);
// row's errors, if any, reject g.
func (gs *Groups[K, G]) Refuse(g *Group[K, G], row *Row) {
	g.Rows++
	if gs.Keep(row) {
		g.Bad = true
	}
}

// Fail rejects g for the error err of the cell of column c at line (see
// [Records.Fail]).
func (gs *Groups[K, G]) Fail(g *Group[K, G], line int, c string, err error) {
	gs.Records.Fail(line, c, err)
	g.Bad = true
}

// Sorted sorts the groups by key with compare and returns them.
func (gs *Groups[K, G]) Sorted(compare func(a, b K) int) []*Group[K, G] {
	slices.SortFunc(gs.list, func(a, b *Group[K, G]) int { return compare(a.Key, b.Key) })
	return gs.list
}

// Read returns the records met: the groups and the loose rows.
func (gs *Groups[K, G]) Read() int { return len(gs.list) + gs.Loose }

// Agree reads the record-wide cells cols of row into g: a non-empty cell
// given for the first time is set with set (its error fails the cell,
// which then counts as not given); one given again must have the text it
// had first, else row fails in that column with `"b" disagrees with "a"
// at line N`.
func (g *Group[K, G]) Agree(row *Row, cols []string, set func(val *G, c, s string) error) {
	for _, c := range cols {
		s := row.Cell(c)
		if s == "" {
			continue
		}
		prev, ok := g.cells[c]
		if ok && prev.Line > 0 {
			if prev.Text != s {
				row.Fail(c, fmt.Errorf("%q disagrees with %q at line %d", s, prev.Text, prev.Line))
			}
			continue
		}
		if err := set(&g.Val, c, s); err != nil {
			row.Fail(c, err)
			if !ok {
				g.cells[c] = Given{} // filled, not given
			}
			continue
		}
		g.cells[c] = Given{Text: s, Line: row.Line}
	}
}

// Given returns the record-wide cell c as first given without error.
func (g *Group[K, G]) Given(c string) (Given, bool) {
	v := g.cells[c]
	return v, v.Line > 0
}

// Filled reports whether some row of g filled the record-wide cell c,
// even with a cell in error.
func (g *Group[K, G]) Filled(c string) bool {
	_, ok := g.cells[c]
	return ok
}
