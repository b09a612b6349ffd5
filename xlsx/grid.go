package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jixiao-go/jixiao/performance"
)

// Limits bound what a reader takes from one workbook, so that no input
// makes a read run longer than linear in its size or hold more than the
// limits allow. A zero field takes its default.
type Limits struct {
	// MaxBytes bounds the workbook's size, compressed and unpacked: default
	// 64 MiB (each of excelize's UnzipSizeLimit and UnzipXMLSizeLimit).
	MaxBytes int64 `json:"max_bytes"`
	// MaxSheets bounds the sheets of a workbook: default 1,000.
	MaxSheets int `json:"max_sheets"`
	// MaxRows bounds the rows of one sheet: default 10,000 (a form has a
	// few dozen; a portfolio sheet one row per project or cost line).
	MaxRows int `json:"max_rows"`
	// MaxColumns bounds the cells of one row: default 256.
	MaxColumns int `json:"max_columns"`
}

// Defaults of [Limits]; illustrative bounds, far above any printed form.
const (
	DefaultMaxBytes   = 64 << 20
	DefaultMaxSheets  = 1000
	DefaultMaxRows    = 10000
	DefaultMaxColumns = 256
)

func (l Limits) orDefault() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxSheets <= 0 {
		l.MaxSheets = DefaultMaxSheets
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultMaxRows
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = DefaultMaxColumns
	}
	return l
}

// grid is one sheet's cells as printed (formatted text), row-major,
// 0-based.
type grid struct {
	sheet string
	rows  [][]string
}

// book is an opened workbook, its sheets in order.
type book struct {
	f      *excelize.File
	sheets []string
}

// openBook reads a workbook from r within the limits. The error wraps
// ErrWorkbook or ErrLimit.
func openBook(r io.Reader, lim Limits) (*book, error) {
	lim = lim.orDefault()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrWorkbook, err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, fmt.Errorf("%w: workbook larger than %d bytes", ErrLimit, lim.MaxBytes)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: lim.MaxBytes, UnzipXMLSizeLimit: lim.MaxBytes})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrWorkbook, err)
	}
	sheets := f.GetSheetList()
	if len(sheets) > lim.MaxSheets {
		f.Close()
		return nil, fmt.Errorf("%w: %d sheets, at most %d", ErrLimit, len(sheets), lim.MaxSheets)
	}
	return &book{f: f, sheets: sheets}, nil
}

// readSheets reads every sheet of the workbook r as one form with read,
// as the Read*Forms functions document: the forms of the sheets that could
// be read, in sheet order, and every problem of the others as [Problems]
// (a sheet with any problem gives no form and costs no other sheet); a
// workbook that cannot be opened, or exceeds lim, is an error wrapping
// [ErrWorkbook] or [ErrLimit] with no forms.
func readSheets[F any](r io.Reader, lim Limits, read func(*grid) (F, Problems)) ([]F, error) {
	b, err := openBook(r, lim)
	if err != nil {
		return nil, err
	}
	defer b.f.Close()
	var forms []F
	var ps Problems
	for _, sheet := range b.sheets {
		g, ce := b.grid(sheet, lim)
		if ce != nil {
			ps = append(ps, ce)
			continue
		}
		f, sps := read(g)
		if len(sps) > 0 {
			ps = append(ps, sps...)
			continue
		}
		forms = append(forms, f)
	}
	return forms, ps.Err()
}

// grid reads one sheet's printed cells; a sheet over the limits is a
// problem at its first cell beyond them.
func (b *book) grid(sheet string, lim Limits) (*grid, *CellError) {
	lim = lim.orDefault()
	rows, err := b.f.Rows(sheet)
	if err != nil {
		return nil, &CellError{Sheet: sheet, Cell: "A1", Err: fmt.Errorf("%w: %w", ErrWorkbook, err)}
	}
	defer rows.Close()
	g := &grid{sheet: sheet}
	for rows.Next() {
		if len(g.rows) >= lim.MaxRows {
			return nil, &CellError{Sheet: sheet, Cell: cellName(lim.MaxRows, 0), Err: fmt.Errorf("%w: more than %d rows", ErrLimit, lim.MaxRows)}
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, &CellError{Sheet: sheet, Cell: cellName(len(g.rows), 0), Err: fmt.Errorf("%w: %w", ErrWorkbook, err)}
		}
		if len(cols) > lim.MaxColumns {
			return nil, &CellError{Sheet: sheet, Cell: cellName(len(g.rows), lim.MaxColumns), Err: fmt.Errorf("%w: more than %d cells in a row", ErrLimit, lim.MaxColumns)}
		}
		g.rows = append(g.rows, cols)
	}
	if err := rows.Error(); err != nil {
		return nil, &CellError{Sheet: sheet, Cell: "A1", Err: fmt.Errorf("%w: %w", ErrWorkbook, err)}
	}
	return g, nil
}

// cellName returns the A1 name of the 0-based row and column.
func cellName(row, col int) string {
	s, err := excelize.CoordinatesToCellName(col+1, row+1)
	if err != nil {
		return fmt.Sprintf("R%dC%d", row+1, col+1)
	}
	return s
}

// at returns the cell's trimmed text, "" outside the sheet.
func (g *grid) at(row, col int) string {
	if row < 0 || row >= len(g.rows) || col < 0 || col >= len(g.rows[row]) {
		return ""
	}
	return strings.TrimSpace(g.rows[row][col])
}

// norm is a label's comparable form: no white space of any kind, full-width
// brackets and colons as ASCII, so that 项目名称 matches "项 目 名 称" and
// "项目资金（万元）" matches "项目资金(万元)".
func norm(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u3000':
			continue
		case r == '（':
			r = '('
		case r == '）':
			r = ')'
		case r == '：':
			r = ':'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// A label is what the form prints to name a block or column, with the
// variants seen in local forms. Prefix labels match a cell that begins
// with one of the names (项目资金（万元）, 偏差原因分析及改进措施), suffix
// labels one that ends with one.
type label struct {
	names  []string
	prefix bool
	// suffix labels match a cell that ends with one of the names
	// (1-7月执行数, 1-9月执行情况).
	suffix bool
}

func (l label) String() string { return l.names[0] }

func (l label) match(cell string) bool {
	c := norm(cell)
	for _, n := range l.names {
		if c == n || l.prefix && strings.HasPrefix(c, n) || l.suffix && strings.HasSuffix(c, n) {
			return true
		}
	}
	return false
}

// find returns the first cell matching l in reading order, from row from on.
func (g *grid) find(l label, from int) (row, col int, ok bool) {
	for r := max(from, 0); r < len(g.rows); r++ {
		for c := range g.rows[r] {
			if l.match(g.rows[r][c]) {
				return r, c, true
			}
		}
	}
	return 0, 0, false
}

// findIn returns the column of l in row r.
func (g *grid) findIn(l label, r int) (int, bool) {
	if r < 0 || r >= len(g.rows) {
		return 0, false
	}
	for c := range g.rows[r] {
		if l.match(g.rows[r][c]) {
			return c, true
		}
	}
	return 0, false
}

// valueRight returns the first non-empty cell right of (r, c) that is not
// another of the labels stop, and its column.
func (g *grid) valueRight(r, c int, stop []label) (string, int) {
	if r >= len(g.rows) {
		return "", -1
	}
	for k := c + 1; k < len(g.rows[r]); k++ {
		v := g.at(r, k)
		if v == "" {
			continue
		}
		for _, l := range stop {
			if l.match(v) {
				return "", -1
			}
		}
		return v, k
	}
	return "", -1
}

// number reads a printed number: thousands separators and a trailing %
// are allowed ("1,234.50", "91.37%" is 91.37). Empty is not valid.
func number(s string) (decimal.NullDecimal, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return decimal.NullDecimal{}, nil
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "%"), "％")
	t = strings.ReplaceAll(t, ",", "")
	d, err := performance.ParseDecimal(strings.TrimSpace(t))
	if err != nil {
		return decimal.NullDecimal{}, err
	}
	return decimal.NewNullDecimal(d), nil
}
