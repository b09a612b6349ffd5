package xlsx

import (
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/jixiao-go/jixiao/performance"
)

// A writer builds a workbook: one sheet per form, numbers as numeric cells
// formatted with exactly the places of the decimal, so that the printed
// text reads back to the same value and places.
type writer struct {
	f      *excelize.File
	styles map[styleKey]int
	used   map[string]bool // sheet names taken, lower case
	first  bool
	err    error
}

type styleKey struct {
	places  int32
	percent bool
	text    bool
	bold    bool
}

func newWriter() *writer {
	return &writer{f: excelize.NewFile(), styles: map[styleKey]int{}, used: map[string]bool{}, first: true}
}

// sheet adds a sheet (the first renames the default one) and returns its
// name; names are made unique and within Excel's 31 characters.
func (w *writer) sheet(name string) string {
	name = sheetName(name)
	base := name
	for i := 2; w.used[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf("(%d)", i)
		name = truncRunes(base, 31-len(suffix)) + suffix
	}
	w.used[strings.ToLower(name)] = true
	if w.first {
		w.first = false
		w.keep(w.f.SetSheetName("Sheet1", name))
		return name
	}
	_, err := w.f.NewSheet(name)
	w.keep(err)
	return name
}

// sheetName replaces the characters Excel forbids in a sheet name and cuts
// it to 31 characters.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.Trim(s, "'")
	if s == "" {
		s = "Sheet"
	}
	return truncRunes(s, 31)
}

func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

func (w *writer) keep(err error) {
	if err != nil && w.err == nil {
		w.err = err
	}
}

func (w *writer) style(k styleKey) int {
	if id, ok := w.styles[k]; ok {
		return id
	}
	st := &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
		Border: []excelize.Border{{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1}, {Type: "bottom", Style: 1}}}
	if k.bold {
		st.Font = &excelize.Font{Bold: true}
		st.Alignment.Horizontal = "center"
	}
	if !k.text {
		f := "0"
		if k.places > 0 {
			f += "." + strings.Repeat("0", int(k.places))
		}
		if k.percent {
			f += "%"
		}
		st.CustomNumFmt = &f
	} else {
		st.NumFmt = 49 // text: typed numbers stay as written
	}
	id, err := w.f.NewStyle(st)
	w.keep(err)
	w.styles[k] = id
	return id
}

// text writes a text cell.
func (w *writer) text(sheet string, row, col int, s string) {
	c := cellName(row, col)
	w.keep(w.f.SetCellStr(sheet, c, s))
	w.keep(w.f.SetCellStyle(sheet, c, c, w.style(styleKey{text: true})))
}

// label writes a label cell.
func (w *writer) label(sheet string, row, col int, s string) {
	c := cellName(row, col)
	w.keep(w.f.SetCellStr(sheet, c, s))
	w.keep(w.f.SetCellStyle(sheet, c, c, w.style(styleKey{text: true, bold: true})))
}

// num writes a number as a numeric cell printed with its own places; an
// unset one leaves the cell empty (bordered). With percent, d is in
// percent (91.37) and the cell holds 0.9137 printed as 91.37%.
func (w *writer) num(sheet string, row, col int, d decimal.NullDecimal, percent bool) {
	c := cellName(row, col)
	if !d.Valid {
		w.keep(w.f.SetCellStyle(sheet, c, c, w.style(styleKey{text: true})))
		return
	}
	places := max(-d.Decimal.Exponent(), 0)
	v := d.Decimal
	if percent {
		v = v.Shift(-2)
	}
	w.keep(w.f.SetCellDefault(sheet, c, v.String()))
	w.keep(w.f.SetCellStyle(sheet, c, c, w.style(styleKey{places: places, percent: percent})))
}

// merge merges the cells from (r1, c1) to (r2, c2) when they are more than
// one.
func (w *writer) merge(sheet string, r1, c1, r2, c2 int) {
	if r1 == r2 && c1 == c2 {
		return
	}
	w.keep(w.f.MergeCell(sheet, cellName(r1, c1), cellName(r2, c2)))
}

// comment attaches a cell comment.
func (w *writer) comment(sheet string, row, col int, text string) {
	w.keep(w.f.AddComment(sheet, excelize.Comment{Cell: cellName(row, col), Author: "jixiao",
		Paragraph: []excelize.RichTextRun{{Text: text}}}))
}

// finish writes the workbook to out.
func (w *writer) finish(out io.Writer) error {
	defer w.f.Close()
	if w.err != nil {
		return fmt.Errorf("xlsx: write: %w", w.err)
	}
	if _, err := w.f.WriteTo(out); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// wan converts yuan to 万元, exactly.
func wan(d decimal.NullDecimal) decimal.NullDecimal {
	if !d.Valid {
		return d
	}
	return decimal.NewNullDecimal(d.Decimal.Shift(-4))
}

func valid(d decimal.Decimal) decimal.NullDecimal { return decimal.NewNullDecimal(d) }

var _ = performance.LangZH
