package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/xlsx"
)

// formsInput is what monitor --forms read: the forms and the problems of
// the file, each already worded with the file name for stderr.
type formsInput struct {
	forms    []monitoring.Form
	problems []string
	tally    *csvio.Tally
	// name is the file; csv is true for a CSV file, whose rows are
	// tallied.
	name string
	csv  bool
}

// readForms reads monitoring forms (绩效监控情况表) from name: CSV when it
// ends in .csv (UTF-8 or GB18030, one row per indicator; see
// monitoring.ReadForms), printed forms (项目支出绩效目标执行监控表, one per
// sheet; see xlsx.ReadMonitorForms) when it is a workbook or a folder of
// them, else JSON (an array of forms; see monitoring.ParseForms). A bad
// row, sheet or value is worded with the file, line and column (or
// sheet!cell, or JSON path) and left out; the rest is reviewed.
func readForms(name string, enc csvio.Encoding, lang performance.Lang) (*formsInput, error) {
	in := &formsInput{tally: &csvio.Tally{}, name: name}
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		in.csv = true
		f, _, err := csvio.Open(name, enc)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		forms, bad, err := monitoring.ReadForms(f)
		if err != nil {
			return nil, &fileError{file: name, err: err}
		}
		lines := 0
		for _, fm := range forms {
			lines += len(fm.Indicators)
		}
		in.forms = forms
		in.tally.Read, in.tally.Accepted = lines, lines
		rows := map[int]bool{}
		for _, pe := range bad {
			re := &csvio.RowError{File: name, Line: pe.Line, Column: pe.Index, Field: pe.Field, Err: pe.Err}
			in.problems = append(in.problems, presentIn("", re, lang))
			if !rows[pe.Line] { // a row with three bad cells is one row rejected
				rows[pe.Line] = true
				in.tally.Read++
				in.tally.Rejected++
			}
		}
		return in, nil
	}
	if books := workbooksIn(name); len(books) > 0 {
		return readFormWorkbooks(in, books, lang)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	forms, err := monitoring.ParseForms(data)
	var ps performance.Problems
	if err != nil && !errors.As(err, &ps) {
		return nil, &fileError{file: name, err: err}
	}
	in.forms = forms
	for _, p := range ps {
		in.problems = append(in.problems, presentIn(name, p, lang))
		in.tally.Rejected++
	}
	return in, nil
}

// reviewForms reviews, at each check, the forms dated that day; a form
// dated on no check date is listed in res.FormProblems.
func (r *monitorRun) reviewForms(res *monitorResult, dates []time.Time) {
	if r.forms == nil {
		return
	}
	byDay := map[string][]monitoring.Form{}
	for _, f := range r.forms {
		byDay[f.AsOf.Format(time.DateOnly)] = append(byDay[f.AsOf.Format(time.DateOnly)], f)
	}
	checked := map[string]bool{}
	for i, c := range res.Checks {
		d := dates[i].Format(time.DateOnly)
		checked[d] = true
		res.Forms = append(res.Forms, r.m.ReviewForms(c, r.trees, byDay[d], r.formPolicy))
	}
	for i, f := range r.forms {
		if d := f.AsOf.Format(time.DateOnly); !checked[d] {
			res.FormProblems.Add("no_check", fmt.Sprintf("forms[%d].as_of", i),
				"监控表日期不是监控日期: "+d, "the form's date is not a check date: "+d)
		}
	}
}

// writeForms prints the review of the i-th check's forms, if any.
func (o *opts) writeForms(w io.Writer, res *monitorResult, i int) {
	if i >= len(res.Forms) {
		return
	}
	fmt.Fprintln(w)
	_ = res.Forms[i].WriteText(w, o.lang)
}

// writeFormProblems prints the forms no check reviewed.
func (o *opts) writeFormProblems(w io.Writer, res *monitorResult) {
	for _, p := range res.FormProblems {
		fmt.Fprintf(w, "%s %s: %s\n", o.t("问题", "problem"), p.Path, p.Message.In(o.lang))
	}
}

// loadForms reads the forms the input names, under the whole-year
// policy's form review (yearForms; nil for the default).
func (r *monitorRun) loadForms(in *monitorInput, yearForms *monitoring.FormPolicy) error {
	r.formPolicy = monitoring.DefaultFormPolicy()
	if yearForms != nil {
		r.formPolicy = *yearForms
	}
	if in.forms == "" {
		return nil
	}
	fi, err := readForms(in.forms, in.enc, in.lang)
	if err != nil {
		return err
	}
	r.forms, r.formsIn = fi.forms, fi
	return nil
}

// formPolicyOf returns the form review of the whole-year policy file
// name, or nil when it is a monitoring policy or has none.
func formPolicyOf(name string) *monitoring.FormPolicy {
	yp, err := loadYearPolicy(name)
	if err != nil || yp == nil || yp.Monitoring == nil {
		return nil
	}
	return yp.Monitoring.Forms
}

// reportFormInput prints what reading the forms found and returns its
// tally (nil without forms).
func (o *opts) reportFormInput(r *monitorRun) *csvio.Tally {
	if r.formsIn == nil {
		return nil
	}
	for _, p := range r.formsIn.problems {
		fmt.Fprintln(o.stderr, p)
	}
	if r.formsIn.csv {
		fmt.Fprintln(o.stderr, r.formsIn.name+": "+r.formsIn.tally.Summary(o.lang == performance.LangZH))
	}
	return r.formsIn.tally
}

// formFindings reports whether a review found a form that did not pass, a
// recommendation to suspend or recover, or a form no check reviewed.
func (res *monitorResult) formFindings() bool {
	if len(res.FormProblems) > 0 {
		return true
	}
	for _, rv := range res.Forms {
		if len(rv.Problems) > 0 || rv.Tally.Passed < rv.Tally.Reviewed || rv.Tally.Suspend+rv.Tally.Recover > 0 {
			return true
		}
	}
	return false
}

// demoForms shows, after the demo's monitoring year, the review of the
// units' monitoring forms at each check that had forms (the sample has
// the third quarter's, forms.csv).
func (o *opts) demoForms(w io.Writer, res *monitorResult) error {
	for _, rv := range res.Forms {
		if rv.Tally.Reviewed == 0 && len(rv.Problems) == 0 {
			continue
		}
		fmt.Fprintln(w)
		if err := rv.WriteText(w, o.lang); err != nil {
			return err
		}
	}
	return nil
}

// readFormWorkbooks reads the monitoring forms of the workbooks into in:
// every sheet's problems with its cells, each bad sheet one form rejected,
// the good sheets' forms kept.
func readFormWorkbooks(in *formsInput, books []string, lang performance.Lang) (*formsInput, error) {
	for _, b := range books {
		data, err := os.ReadFile(b)
		if err != nil {
			return nil, err
		}
		forms, err := xlsx.ReadMonitorForms(bytes.NewReader(data), xlsx.Limits{})
		var ps xlsx.Problems
		if err != nil && !errors.As(err, &ps) {
			return nil, &fileError{file: b, err: err}
		}
		in.forms = append(in.forms, xlsx.Forms(forms)...)
		sheets := map[string]bool{}
		for _, p := range ps {
			in.problems = append(in.problems, presentIn(b, &performance.Problem{Code: p.Code(), Path: p.Where(), Message: p.Message()}, lang))
			if !sheets[p.Sheet] {
				sheets[p.Sheet] = true
				in.tally.Rejected++
			}
		}
	}
	return in, nil
}
