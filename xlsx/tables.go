package xlsx

import (
	"bytes"

	"encoding/csv"
	"fmt"
	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"io"
	"os"
	"strings"
)

// RowError is the row error of the command's CSV reader (file, line,
// column, field), which a sheet's rows give too.
type RowError = scan.RowError

// ErrFieldCount is wrapped by a row with text beyond the header's columns.
var ErrFieldCount = scan.ErrFieldCount

// A Workbook is an opened workbook whose sheets are read as tables: the
// CSV layouts the command takes (projects and cost lines, payment records,
// audit tables), one per sheet, header in the first row. The rows are
// given to the same decoders as CSV (see [Workbook.Rows]), so that a bad
// row is rejected and counted with the same errors, the file named
// "book.xlsx!sheet" and the line being the sheet's row. Close it when
// done.
type Workbook struct {
	name string
	b    *book
	lim  Limits
}

// Open opens the named workbook within lim; the error wraps [ErrWorkbook]
// or [ErrLimit] (or is the *os.PathError of a file that cannot be read).
func Open(name string, lim Limits) (*Workbook, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := openBook(f, lim)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &Workbook{name: name, b: b, lim: lim}, nil
}

// OpenReader opens the workbook read from r, named name in errors and
// references, within lim.
func OpenReader(r io.Reader, name string, lim Limits) (*Workbook, error) {
	b, err := openBook(r, lim)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &Workbook{name: name, b: b, lim: lim}, nil
}

// Close releases the workbook.
func (w *Workbook) Close() error { return w.b.f.Close() }

// Sheets returns the sheet names, in order.
func (w *Workbook) Sheets() []string { return append([]string(nil), w.b.sheets...) }

// Sheet returns the name of the first sheet called one of names (case and
// surrounding space ignored), or "".
func (w *Workbook) Sheet(names ...string) string {
	for _, n := range names {
		for _, s := range w.b.sheets {
			if strings.EqualFold(strings.TrimSpace(s), n) {
				return s
			}
		}
	}
	return ""
}

// Ref returns "book.xlsx!sheet", the name a sheet's row errors carry.
func (w *Workbook) Ref(sheet string) string { return w.name + "!" + sheet }

// Rows are one sheet's rows as records: Read returns each row's printed
// cells and its 1-based row number, and io.EOF after the last; blank rows
// are returned (as empty records) for the decoder to skip, so that row
// numbers are the sheet's. It satisfies the record source interface of the
// command's CSV reader.
type Rows struct {
	g     *grid
	i     int
	width int
}

// Rows returns the sheet's rows within the workbook's limits; a sheet
// that exceeds them, or does not exist, is a *CellError.
func (w *Workbook) Rows(sheet string) (*Rows, error) {
	if !w.has(sheet) {
		return nil, &CellError{Sheet: sheet, Err: fmt.Errorf("%w: %s has no sheet %q", ErrMissingLabel, w.name, sheet)}
	}
	g, ce := w.b.grid(sheet, w.lim)
	if ce != nil {
		return nil, ce
	}
	return &Rows{g: g}, nil
}

func (w *Workbook) has(sheet string) bool {
	for _, s := range w.b.sheets {
		if s == sheet {
			return true
		}
	}
	return false
}

// Read returns the next row. The first row is the header; a later row
// is padded with empty cells to the header's width (a sheet does not store
// trailing empty cells), and a row with text beyond the header's last
// column is a *RowError wrapping [ErrFieldCount] at that column, as a CSV
// record with too many fields is.
func (r *Rows) Read() ([]string, int, error) {
	if r.i >= len(r.g.rows) {
		return nil, 0, io.EOF
	}
	r.i++
	row := r.g.rows[r.i-1]
	for len(row) > 0 && strings.TrimSpace(row[len(row)-1]) == "" {
		row = row[:len(row)-1]
	}
	if r.i == 1 {
		r.width = len(row)
		return row, 1, nil
	}
	if len(row) > r.width {
		return nil, r.i, &RowError{Line: r.i, Column: r.width + 1, Index: r.width + 1,
			Err: fmt.Errorf("%w: cell %s beyond the header's %d columns", ErrFieldCount, cellName(r.i-1, r.width), r.width)}
	}
	out := make([]string, r.width)
	copy(out, row)
	return out, r.i, nil
}

// CSV returns the sheet as CSV text for decoders that read CSV text: row
// n on line n, as long as no cell above it holds a line break (a cell's
// line breaks are kept, quoted, and move the lines below it down by as
// many).
func (w *Workbook) CSV(sheet string) ([]byte, error) {
	rows, err := w.Rows(sheet)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	for {
		rec, _, err := rows.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// A row too wide: written as it is, for the CSV decoder to
			// reject as it rejects a CSV record with too many fields.
			rec = rows.g.rows[rows.i-1]
		}
		if err := cw.Write(rec); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return buf.Bytes(), cw.Error()
}

// WriteTables writes tables as the sheets of one workbook, each a header
// row and its records as text cells: the inverse of [Workbook.Rows], for
// writing CSV layouts as a workbook.
func WriteTables(out io.Writer, sheets []string, tables [][][]string) error {
	w := newWriter()
	for i, name := range sheets {
		sh := w.sheet(name)
		for r, rec := range tables[i] {
			for c, v := range rec {
				if v != "" {
					w.keep(w.f.SetCellStr(sh, cellName(r, c), v))
				}
			}
		}
	}
	return w.finish(out)
}
