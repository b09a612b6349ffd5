package monitoring

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// rawForm mirrors [Form] member for member, with every value that may be
// wrong held as written, so that ParseForms reports each bad value with its
// path instead of stopping at the first.
type rawForm struct {
	ProjectID  string             `json:"project_id"`
	UnitID     string             `json:"unit_id"`
	AsOf       json.RawMessage    `json:"as_of"`
	Executed   json.RawMessage    `json:"executed"`
	Indicators []rawFormIndicator `json:"indicators"`
}

type rawFormIndicator struct {
	Indicator  string          `json:"indicator"`
	Actual     json.RawMessage `json:"actual"`
	Projected  json.RawMessage `json:"projected"`
	Likelihood json.RawMessage `json:"likelihood"`
	Cause      json.RawMessage `json:"cause"`
	CauseNote  string          `json:"cause_note"`
	Measure    string          `json:"measure"`
}

// ParseForms reads monitoring forms from JSON: an array of [Form] objects
// (schema/monitoring-forms.schema.json). Unknown or repeated members are
// reported first, all at once, as [performance.DecodeJSON] does. Then every bad value is reported with its path
// ("[2].indicators[0].likelihood"): a missing project ID or date, a date
// that is not RFC 3339 (as time.Time reads JSON: 2021-06-30T00:00:00Z;
// the CSV layout takes YYYY-MM-DD), a number that does not parse or
// is beyond performance.MaxExponent, an unknown likelihood or cause. The
// result is the forms without problems, in input order, and the problems
// as [performance.Problems] (nil when none): a form with a problem is left
// out whole, the others are kept.
func ParseForms(data []byte) ([]Form, error) {
	var raw []rawForm
	if err := performance.DecodeJSON(data, &raw); err != nil {
		return nil, fmt.Errorf("monitoring: forms: %w", err)
	}
	var ps performance.Problems
	forms := make([]Form, 0, len(raw))
	for i, rf := range raw {
		path := fmt.Sprintf("[%d]", i)
		n := len(ps)
		f := Form{ProjectID: strings.TrimSpace(rf.ProjectID), UnitID: strings.TrimSpace(rf.UnitID)}
		if f.ProjectID == "" {
			ps.Add("missing_project_id", path+".project_id", "监控表缺少项目编号", "the form has no project ID")
		}
		f.AsOf = jsonDate(rf.AsOf, path+".as_of", &ps)
		f.Executed = jsonDecimal(rf.Executed, path+".executed", &ps)
		f.Indicators = make([]FormIndicator, 0, len(rf.Indicators))
		for j, ri := range rf.Indicators {
			ip := fmt.Sprintf("%s.indicators[%d]", path, j)
			fi := FormIndicator{Indicator: strings.TrimSpace(ri.Indicator), CauseNote: strings.TrimSpace(ri.CauseNote), Measure: strings.TrimSpace(ri.Measure)}
			if fi.Indicator == "" {
				ps.Add("missing_indicator", ip+".indicator", "缺少指标", "the line names no indicator")
			}
			fi.Actual = jsonDecimal(ri.Actual, ip+".actual", &ps)
			fi.Projected = jsonDecimal(ri.Projected, ip+".projected", &ps)
			fi.Likelihood = jsonEnum(ri.Likelihood, ip+".likelihood", ParseLikelihood, &ps)
			fi.Cause = jsonEnum(ri.Cause, ip+".cause", ParseCause, &ps)
			f.Indicators = append(f.Indicators, fi)
		}
		if len(ps) == n {
			forms = append(forms, f)
		}
	}
	if len(ps) > 0 {
		return forms, fmt.Errorf("monitoring: forms: %w", ps)
	}
	return forms, nil
}

// jsonText returns a scalar JSON value's text: a string's contents or a
// number's digits; null (or absent) is ok == false.
func jsonText(raw json.RawMessage) (text string, ok bool, err error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", false, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false, err
		}
		return strings.TrimSpace(s), true, nil
	}
	if raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9' {
		return string(raw), true, nil
	}
	return "", false, errors.New("want a string or a number")
}

func jsonDecimal(raw json.RawMessage, path string, ps *performance.Problems) decimal.NullDecimal {
	s, ok, err := jsonText(raw)
	if err == nil && ok && s != "" {
		var d decimal.Decimal
		if d, err = performance.ParseDecimal(s); err == nil {
			return decimal.NewNullDecimal(d)
		}
	}
	if err != nil {
		var le *performance.LimitError
		if errors.As(err, &le) {
			c := *le
			c.Path = path
			ps.AddLimit(&c)
		} else {
			ps.Add("bad_number", path, "数值无效: "+s, "not a number: "+s)
		}
	}
	return decimal.NullDecimal{}
}

func jsonDate(raw json.RawMessage, path string, ps *performance.Problems) time.Time {
	s, ok, err := jsonText(raw)
	if err == nil && !ok || s == "" && err == nil {
		ps.Add("missing_date", path, "缺少截至日期", "the form has no date")
		return time.Time{}
	}
	if err == nil {
		// As time.Time reads JSON (and the schema says): RFC 3339.
		if d, err := time.Parse(time.RFC3339, s); err == nil {
			return civil(d)
		}
	}
	ps.Add("bad_date", path, "日期无效（应为 RFC 3339 格式，如 2021-06-30T00:00:00Z）: "+s,
		"not an RFC 3339 date such as 2021-06-30T00:00:00Z: "+s)
	return time.Time{}
}

// parseFormDate reads a CSV date, YYYY-MM-DD (or RFC 3339), as a calendar
// date.
func parseFormDate(s string) (time.Time, bool) {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d, true
	}
	if d, err := time.Parse(time.RFC3339, s); err == nil {
		return civil(d), true
	}
	return time.Time{}, false
}

func jsonEnum[T any](raw json.RawMessage, path string, parse func(string) (T, error), ps *performance.Problems) T {
	s, _, err := jsonText(raw)
	var v T
	if err == nil {
		if v, err = parse(s); err == nil {
			return v
		}
	}
	msg := strings.TrimPrefix(err.Error(), "monitoring: ")
	ps.Add("bad_value", path, msg, msg)
	return v
}

// formColumns are the columns of a forms CSV file and the Chinese headings
// accepted for them, as the 136号 form words them.
var formColumns = []struct {
	name    string
	aliases []string
	need    bool
}{
	{"project_id", []string{"项目编号", "项目代码"}, true},
	{"unit_id", []string{"单位编号", "填报单位"}, false},
	{"as_of", []string{"截至日期", "监控日期"}, true},
	{"executed", []string{"执行数", "截至目前执行数"}, false},
	{"indicator", []string{"指标", "指标编号", "绩效指标"}, true},
	{"actual", []string{"截至目前完成值", "实际完成值"}, false},
	{"projected", []string{"全年预计完成值", "预计完成值"}, false},
	{"likelihood", []string{"完成目标可能性"}, false},
	{"cause", []string{"偏差原因"}, false},
	{"cause_note", []string{"原因说明", "偏差原因说明"}, false},
	{"measure", []string{"纠偏措施", "改进措施"}, false},
}

// ReadForms reads monitoring forms from CSV in UTF-8 (a byte order mark at
// the start is dropped), one row per indicator line, with a header naming
// the columns project_id, as_of (YYYY-MM-DD) and indicator, and optionally
// unit_id, executed, actual, projected, likelihood, cause, cause_note and
// measure, in any order (or their Chinese headings: 项目编号, 截至日期, 指标,
// 单位编号, 执行数, 截至目前完成值, 全年预计完成值, 完成目标可能性, 偏差原因,
// 原因说明, 纠偏措施). Rows of one project and date make one form, in the
// order of their first row; the form's executed figure may be given on any
// of its rows, and rows that give it must agree.
//
// Every bad row is returned as a *[RowError] with its line and column,
// all at once, and costs no other row: a row that cannot be split (see
// [ReadRecords]), with an empty project ID or indicator, a bad date,
// number, likelihood or cause, or an executed figure that disagrees with
// an earlier row's. The returned error is for the header (wrapping
// [ErrHeader], as a *ParseError) or a read failure; then no forms are
// returned. Memory grows with the forms, not with the row length beyond
// one row.
func ReadForms(r io.Reader) ([]Form, []*RowError, error) {
	sr := scan.NewReader(r)
	head, _, err := sr.Read()
	if err != nil {
		var re *scan.RowError
		switch {
		case err == io.EOF:
			return nil, nil, &RowError{Prefix: "monitoring", Line: 1, Err: fmt.Errorf("%w: empty input", ErrHeader)}
		case errors.As(err, &re):
			return nil, nil, &RowError{Prefix: "monitoring", Line: re.Line, Column: re.Column, Err: fmt.Errorf("%w: %w", ErrHeader, re.Err)}
		}
		return nil, nil, &RowError{Prefix: "monitoring", Err: err}
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.TrimSpace(h)
		for _, c := range formColumns {
			if strings.EqualFold(h, c.name) || contains(c.aliases, h) {
				if _, dup := col[c.name]; dup {
					return nil, nil, &RowError{Prefix: "monitoring", Line: 1, Field: c.name, Index: i + 1, Err: fmt.Errorf("%w: column %s given twice", ErrHeader, c.name)}
				}
				col[c.name] = i
			}
		}
	}
	for _, c := range formColumns {
		if _, ok := col[c.name]; c.need && !ok {
			return nil, nil, &RowError{Prefix: "monitoring", Line: 1, Field: c.name, Err: fmt.Errorf("%w: missing column %s", ErrHeader, c.name)}
		}
	}
	type key struct {
		project string
		day     int
	}
	var forms []Form
	index := map[key]int{}
	execLine := map[key]int{}
	var bad []*RowError
	for {
		row, line, err := sr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var re *scan.RowError
			if !errors.As(err, &re) {
				return nil, nil, &RowError{Prefix: "monitoring", Err: err}
			}
			bad = append(bad, rowError(re))
			continue
		}
		get := func(name string) (string, int) {
			i, ok := col[name]
			if !ok {
				return "", 0
			}
			return strings.TrimSpace(row[i]), i + 1
		}
		var errs []*RowError
		fail := func(name string, field int, err error) {
			errs = append(errs, &RowError{Prefix: "monitoring", Line: line, Field: name, Index: field, Err: err})
		}
		pid, pf := get("project_id")
		if pid == "" {
			fail("project_id", pf, ErrMissingProject)
		} else if err := scan.CheckCode(pid); err != nil {
			fail("project_id", pf, err)
		}
		ds, df := get("as_of")
		day, ok := parseFormDate(ds)
		if !ok {
			fail("as_of", df, fmt.Errorf("date %q is not YYYY-MM-DD", ds))
		}
		fi := FormIndicator{}
		var ff int
		if fi.Indicator, ff = get("indicator"); fi.Indicator == "" {
			fail("indicator", ff, errors.New("the row names no indicator"))
		}
		num := func(name string) decimal.NullDecimal {
			s, f := get(name)
			if s == "" {
				return decimal.NullDecimal{}
			}
			d, err := performance.ParseDecimal(s)
			if err != nil {
				fail(name, f, err)
				return decimal.NullDecimal{}
			}
			return decimal.NewNullDecimal(d)
		}
		fi.Actual, fi.Projected = num("actual"), num("projected")
		executed := num("executed")
		if s, f := get("likelihood"); true {
			if fi.Likelihood, err = ParseLikelihood(s); err != nil {
				fail("likelihood", f, err)
			}
		}
		if s, f := get("cause"); true {
			if fi.Cause, err = ParseCause(s); err != nil {
				fail("cause", f, err)
			}
		}
		fi.CauseNote, _ = get("cause_note")
		fi.Measure, _ = get("measure")
		unit, _ := get("unit_id")
		k := key{pid, dayKey(day)}
		if len(errs) == 0 && executed.Valid {
			if j, ok := index[k]; ok && forms[j].Executed.Valid && !forms[j].Executed.Decimal.Equal(executed.Decimal) {
				_, f := get("executed")
				fail("executed", f, fmt.Errorf("executed %s disagrees with %s at line %d", executed.Decimal, forms[j].Executed.Decimal, execLine[k]))
			}
		}
		if len(errs) > 0 {
			bad = append(bad, errs...)
			continue
		}
		j, ok := index[k]
		if !ok {
			j = len(forms)
			index[k] = j
			forms = append(forms, Form{ProjectID: pid, UnitID: unit, AsOf: day})
		}
		if executed.Valid && !forms[j].Executed.Valid {
			forms[j].Executed = executed
			execLine[k] = line
		}
		if forms[j].UnitID == "" {
			forms[j].UnitID = unit
		}
		forms[j].Indicators = append(forms[j].Indicators, fi)
	}
	return forms, bad, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
