package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/internal/strictjson"
	"github.com/jixiao-go/jixiao/internal/table"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/xlsx"
)

// departmentRun is the department-wide self-evaluations of one file
// (部门整体支出绩效自评) read and scored, as --format json prints it.
type departmentRun struct {
	Results []*evaluation.DepartmentResult `json:"results"`
	// Read, Accepted and Rejected count the forms of the file (and, for
	// CSV, the rows that name none); Rows the CSV rows.
	Rows     int `json:"rows,omitempty"`
	Read     int `json:"read"`
	Accepted int `json:"accepted"`
	Rejected int `json:"rejected"`
	// Errors are the file's problems in English; errs the same, printed in
	// the report's language.
	Errors []string `json:"errors,omitempty"`
	errs   []error
	csv    bool
}

// streamedJSON makes --format json write the results one at a time
// (writeJSON).
func (r *departmentRun) streamedJSON() (any, []jsonArray) {
	shell := *r
	shell.Results = r.Results[:0]
	return &shell, []jsonArray{arrayOf("results", r.Results)}
}

// isDepartmentInput reports whether arg holds department forms for
// --framework department: a CSV file, a workbook, or a JSON array (a key
// report, a JSON object, is evaluated under the department framework as
// before).
func isDepartmentInput(arg string) bool {
	switch strings.ToLower(filepath.Ext(arg)) {
	case ".csv", ".xlsx":
		return true
	}
	data, err := os.ReadFile(arg)
	if err != nil {
		return false
	}
	data = bytes.TrimSpace(strictjson.TrimBOM(data))
	return len(data) > 0 && data[0] == '['
}

// readDepartments reads department forms from CSV
// (evaluation.ReadDepartmentCSV, in UTF-8 or GB18030), a workbook of
// national forms (xlsx.ReadDepartmentForms, one per sheet) or JSON: an
// array of department forms (schema department-forms) or of department
// evaluations (schema department-evaluations, which may carry the
// department's own and the bureau's sheets).
func readDepartments(arg string) ([]evaluation.DepartmentEvaluation, *departmentRun, error) {
	run := &departmentRun{Results: []*evaluation.DepartmentResult{}}
	data, err := os.ReadFile(arg)
	if err != nil {
		return nil, nil, err
	}
	switch strings.ToLower(filepath.Ext(arg)) {
	case ".csv":
		text, _, err := csvio.Decode(arg, data, csvio.Auto)
		if err != nil {
			return nil, nil, err
		}
		got, err := evaluation.ReadDepartmentCSV(arg, strings.NewReader(text))
		if err != nil {
			return nil, nil, err
		}
		run.csv, run.Rows, run.Read, run.Accepted, run.Rejected = true, got.Rows, got.Read, got.Accepted, got.Rejected
		for _, e := range got.Errors {
			run.errs = append(run.errs, e)
		}
		return got.Evaluations, run, nil
	case ".xlsx":
		forms, err := xlsx.ReadDepartmentForms(bytes.NewReader(data), xlsx.Limits{}, nil)
		if err != nil {
			var ps xlsx.Problems
			if !errors.As(err, &ps) {
				return nil, nil, fmt.Errorf("%s: %w", arg, err)
			}
			run.errs = append(run.errs, &fileError{file: arg, err: cellProblems(err)})
			run.Rejected = len(ps)
		}
		var evs []evaluation.DepartmentEvaluation
		for _, f := range forms {
			evs = append(evs, evaluation.DepartmentEvaluation{DepartmentID: f.Form.Goals.DepartmentID, Year: f.Form.Goals.Year, Form: &f.Form})
		}
		run.Accepted = len(evs)
		run.Read = run.Accepted + run.Rejected
		return evs, run, nil
	}
	var peek []map[string]json.RawMessage
	if err := json.Unmarshal(strictjson.TrimBOM(data), &peek); err != nil {
		return nil, nil, decodeStrict(arg, data, &peek)
	}
	var evs []evaluation.DepartmentEvaluation
	if len(peek) > 0 && peek[0]["goals"] != nil {
		forms, err := goals.ParseDepartmentForms(data)
		if err != nil && forms == nil {
			return nil, nil, &fileError{file: arg, err: err}
		}
		if err != nil {
			run.errs = append(run.errs, &fileError{file: arg, err: err})
		}
		for i := range forms {
			evs = append(evs, evaluation.DepartmentEvaluation{DepartmentID: forms[i].Goals.DepartmentID, Year: forms[i].Goals.Year, Form: &forms[i]})
		}
	} else if err := decodeStrict(arg, data, &evs); err != nil {
		return nil, nil, err
	}
	run.Read, run.Accepted = len(peek), len(evs)
	run.Rejected = run.Read - run.Accepted
	return evs, run, nil
}

// evaluateDepartments scores every department's self-evaluation under
// the department framework (evaluation.DepartmentFramework) and the
// national bands, by department ID and year, and prints each
// department's score and grade, who gave it (the bureau's sheets, the
// form or the department's own sheet), the stated total and the
// deviations. Exit 1 when rows or forms were rejected, an evaluation
// failed, or a stated total differs from the computed one.
func (o *opts) evaluateDepartments(arg string) int {
	evs, run, err := readDepartments(arg)
	if err != nil {
		return o.fail("evaluate", err)
	}
	slices.SortStableFunc(evs, func(a, b evaluation.DepartmentEvaluation) int {
		return cmp.Or(strings.Compare(a.DepartmentID, b.DepartmentID), cmp.Compare(a.Year, b.Year))
	})
	f := evaluation.DepartmentFramework()
	for i := range evs {
		ev := &evs[i]
		r, err := ev.Evaluate(f, goals.Config{})
		if err != nil {
			run.errs = append(run.errs, &fileError{file: arg, err: fmt.Errorf("%s %d: %w", ev.DepartmentID, ev.Year, err)})
		}
		if r == nil {
			run.Accepted--
			run.Rejected++
			continue
		}
		run.Results = append(run.Results, r)
	}
	for _, e := range run.errs {
		for _, l := range o.errLines(e) {
			fmt.Fprintln(o.stderr, l)
		}
		run.Errors = append(run.Errors, errLinesIn(e, performance.LangEN)...)
	}
	o.departmentTally(run)
	code := exitOK
	if run.Rejected > 0 || len(run.errs) > 0 || run.deviations() > 0 {
		code = exitFindings
	}
	return o.report("evaluate", code, run,
		func(w io.Writer) error { return o.writeDepartmentText(w, run) },
		func(w io.Writer) error { return o.departmentTable(run, true).WriteCSV(w) })
}

// errLines words a file error or a CSV row error in the report's language.
func (o *opts) errLines(err error) []string { return errLinesIn(err, o.lang) }

func errLinesIn(err error, l performance.Lang) []string {
	if fe, ok := err.(*fileError); ok {
		return fe.lines(l)
	}
	return []string{presentIn("", err, l)}
}

// departmentTally prints the counts of the forms read on stderr.
func (o *opts) departmentTally(run *departmentRun) {
	if run.csv {
		fmt.Fprintf(o.stderr, o.t("读取 %d 行，部门表 %d 张（含无法归属的行），接受 %d 张，拒绝 %d 张\n",
			"rows %d; forms read %d (rows naming no form counted alone), accepted %d, rejected %d\n"), run.Rows, run.Read, run.Accepted, run.Rejected)
		return
	}
	if run.Rejected > 0 {
		fmt.Fprintf(o.stderr, o.t("部门表 %d 张，接受 %d 张，拒绝 %d 张\n", "forms read %d, accepted %d, rejected %d\n"), run.Read, run.Accepted, run.Rejected)
	}
}

func (run *departmentRun) deviations() int {
	n := 0
	for _, r := range run.Results {
		n += len(r.Deviations)
	}
	return n
}

func (o *opts) byName(by string) string {
	switch by {
	case "bureau":
		return o.t("财政评价", "bureau")
	case "form":
		return o.t("自评表", "form")
	case "sheet":
		return o.t("部门评分表", "own sheet")
	}
	return by
}

// departmentTable lists each department's result; codes gives the stable
// codes (grade names in Chinese, "form"…) for CSV.
func (o *opts) departmentTable(run *departmentRun, codes bool) *table.Table {
	var t *table.Table
	if codes {
		t = table.New("department_id", "year", "score", "grade", "by", "stated_total", "deviations")
	} else {
		t = table.New(o.t("部门", "department"), o.t("年度", "year"), o.t("得分", "score"), o.t("等级", "grade"),
			o.t("依据", "by"), o.t("填报总分", "stated total"), o.t("差异", "deviations")).Right(2, 5, 6)
	}
	for _, r := range run.Results {
		stated := "-"
		if r.Form != nil && r.Form.StatedTotal.Valid {
			stated = r.Form.StatedTotal.Decimal.StringFixed(2)
		}
		grade, by := r.Grade.Name(o.lang), o.byName(r.By)
		if codes {
			grade, by = r.Grade.String(), r.By
		}
		t.Add(r.DepartmentID, fmt.Sprint(r.Year), r.Score.StringFixed(2), grade, by, stated, fmt.Sprint(len(r.Deviations)))
	}
	return t
}

func (o *opts) writeDepartmentText(w io.Writer, run *departmentRun) error {
	fmt.Fprintln(w, o.t("部门整体支出绩效自评（部门整体绩效）", "Department-wide self-evaluations (部门整体支出绩效自评)"))
	if err := o.departmentTable(run, false).WriteText(w); err != nil {
		return err
	}
	for _, r := range run.Results {
		if r.Form != nil {
			fmt.Fprintf(w, o.t("%s（%d 年度）预算执行率 %s，得分 %s", "%s (%d) execution rate %s, %s points"), r.DepartmentID, r.Year,
				performance.FormatPercent(r.Form.ExecutionRate.Shift(2), 2), r.Form.ExecutionPoints.StringFixed(2))
			for _, k := range r.Form.Kinds {
				fmt.Fprintf(w, o.t("；%s %s/%s", "; %s %s/%s"), k.Name, k.Points.StringFixed(2), k.Weight)
			}
			fmt.Fprintln(w)
		}
		for _, d := range r.Deviations {
			fmt.Fprintf(w, "  %s\n", d.Message().In(o.lang))
		}
	}
	fmt.Fprintf(w, o.t("部门 %d 个，填报数与复算数不一致 %d 处；填报数原样保留，复算数另列。\n",
		"%d departments, %d stated figures differ from the computed ones; stated figures are kept as stated, computed ones beside them.\n"),
		len(run.Results), run.deviations())
	return nil
}
