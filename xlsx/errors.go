package xlsx

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/performance"
)

// The sentinels a [CellError] wraps, for errors.Is.
var (
	// ErrMissingLabel: a label the form must carry (项目名称, 三级指标, 总分 …)
	// was not found; the cell is where it was looked for.
	ErrMissingLabel = errors.New("xlsx: label not found")
	// ErrNotNumber: a cell that must hold a number holds text.
	ErrNotNumber = errors.New("xlsx: not a number")
	// ErrBadValue: a cell's text cannot be read as what its column holds
	// (a target, an actual, a level-1 kind, a grade).
	ErrBadValue = errors.New("xlsx: bad value")
	// ErrLimit: the workbook exceeds a count limit (see [Limits]).
	ErrLimit = errors.New("xlsx: limit exceeded")
	// ErrWorkbook: the file is not a workbook that can be opened.
	ErrWorkbook = errors.New("xlsx: cannot open workbook")
)

// A CellError is one problem of a form: the sheet, the cell (A1 style; the
// sheet's first cell when the problem is the sheet's) and the label
// expected there, such as 年初预算数 or 得分, wrapping one of the
// package's sentinels.
type CellError struct {
	Sheet string `json:"sheet"`
	Cell  string `json:"cell"`
	Label string `json:"label"`
	Err   error  `json:"-"`
}

// Error returns "Sheet!Cell: label: cause".
func (e *CellError) Error() string {
	var b strings.Builder
	b.WriteString(e.Sheet)
	if e.Cell != "" {
		b.WriteString("!" + e.Cell)
	}
	if e.Label != "" {
		b.WriteString(": " + e.Label)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *CellError) Unwrap() error { return e.Err }

// Problems are every problem of a workbook, in sheet order and, within a
// sheet, in reading order. A reader returns them beside the forms it could
// read: a sheet with problems gives no form, and no other sheet is lost.
type Problems []*CellError

// Error lists the problems, one a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (ps Problems) Unwrap() []error {
	out := make([]error, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return out
}

// Err returns ps as an error, or nil when there are none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

func (ps *Problems) add(sheet, cell, label string, err error, format string, args ...any) {
	if format != "" {
		err = fmt.Errorf("%w: "+format, append([]any{err}, args...)...)
	}
	*ps = append(*ps, &CellError{Sheet: sheet, Cell: cell, Label: label, Err: err})
}

var sentinelText = []struct {
	err      error
	code, zh string
}{
	{ErrMissingLabel, "missing_label", "未找到标签"},
	{ErrNotNumber, "not_number", "应为数字"},
	{ErrBadValue, "bad_value", "内容无法识别"},
	{ErrLimit, "limit", "超出数量上限"},
	{ErrWorkbook, "workbook", "工作簿无法打开"},
	{scan.ErrFieldCount, "field_count", "超出表头列数"},
}

// Code returns the problem's stable code: missing_label, not_number,
// bad_value, limit, workbook, field_count, or "other".
func (e *CellError) Code() string {
	for _, s := range sentinelText {
		if errors.Is(e.Err, s.err) {
			return s.code
		}
	}
	return "other"
}

// Where returns "Sheet!Cell", or the sheet alone.
func (e *CellError) Where() string {
	if e.Cell == "" {
		return e.Sheet
	}
	return e.Sheet + "!" + e.Cell
}

// Message words the problem for finance staff in Chinese and English,
// without the place (see [CellError.Where]): "得分：应为数字（"满分"…）".
func (e *CellError) Message() performance.Text {
	detail := ""
	if e.Err != nil {
		detail = e.Err.Error()
	}
	for _, p := range []string{"xlsx: ", "performance: ", "goals: ", "scan: "} {
		detail = strings.ReplaceAll(detail, p, "")
	}
	en, zh := detail, detail
	for _, s := range sentinelText {
		if errors.Is(e.Err, s.err) {
			zh = s.zh
			// The detail (the cell's text, the parser's reason) is kept,
			// in parentheses, as the parsers give it.
			if rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(en, strings.TrimPrefix(s.err.Error(), "xlsx: ")), ":")); rest != "" && rest != en {
				zh += "（" + rest + "）"
			}
			break
		}
	}
	if e.Label != "" {
		return performance.Text{ZH: "“" + e.Label + "”：" + zh, EN: e.Label + ": " + en}
	}
	return performance.Text{ZH: zh, EN: en}
}
