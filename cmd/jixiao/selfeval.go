package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/batch"
	"github.com/jixiao-go/jixiao/internal/strictjson"
	"github.com/jixiao-go/jixiao/internal/table"
	"github.com/jixiao-go/jixiao/performance"
)

// selfFile is the CLI's form of a batch of self-evaluations (单位自评): each
// form as the rules score it and the figures the unit stated on it.
type selfFile struct {
	Title           string                      `json:"title,omitempty"`
	SelfEvaluations []evaluation.SelfEvaluation `json:"self_evaluations"`
}

// selfRun is a batch reconciled, as --format json prints it.
type selfRun struct {
	Title           string                       `json:"title,omitempty"`
	Reconciliations []*evaluation.Reconciliation `json:"reconciliations"`
	// Errors are the forms that could not be reconciled, in English for the
	// JSON output; errs are the same, printed in the report's language.
	Errors []string `json:"errors,omitempty"`
	errs   []*fileError
	evals  []evaluation.SelfEvaluation
}

// streamedJSON makes --format json write the reconciliations one at a time
// (writeJSON).
func (r *selfRun) streamedJSON() (any, []jsonArray) {
	shell := *r
	shell.Reconciliations = r.Reconciliations[:0]
	return &shell, []jsonArray{arrayOf("reconciliations", r.Reconciliations)}
}

// reconcileSelf scores every form under the national rule, grades it with the
// national scheme and sets it beside what the unit stated.
func reconcileSelf(file string, f *selfFile) *selfRun {
	run := &selfRun{Title: f.Title, evals: f.SelfEvaluations}
	// The forms in order of project and unit, whatever the file's order;
	// problems keep the form's index in the file.
	order := make([]int, len(f.SelfEvaluations))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		x, y := &f.SelfEvaluations[a], &f.SelfEvaluations[b]
		return cmp.Or(strings.Compare(x.ProjectID, y.ProjectID), strings.Compare(x.UnitID, y.UnitID))
	})
	// Each form reconciled on its own (SelfEvaluation.Reconcile, the same
	// result and error whatever else runs), on every core, in that order.
	type reconciled struct {
		i   int
		r   *evaluation.Reconciliation
		err error
	}
	forms := func(yield func(int) bool) {
		for _, i := range order {
			if !yield(i) {
				return
			}
		}
	}
	results := batch.Seq(context.Background(), forms, runtime.GOMAXPROCS(0), func() struct{} { return struct{}{} },
		func(_ struct{}, _ int, i int) (reconciled, error) {
			r, err := f.SelfEvaluations[i].Reconcile(goals.Config{}, performance.DefaultScheme())
			return reconciled{i, r, err}, nil
		}, func(_ int, err error) error { return err })
	for x := range results { // never stopped: the context is never cancelled
		if x.err != nil {
			se := &f.SelfEvaluations[x.i]
			fe := &fileError{file: file, err: fmt.Errorf("self_evaluations[%d] %s: %w", x.i, se.ProjectID, x.err)}
			run.errs = append(run.errs, fe)
			run.Errors = append(run.Errors, fe.lines(performance.LangEN)...)
		}
		if x.r != nil {
			run.Reconciliations = append(run.Reconciliations, x.r)
		}
	}
	return run
}

func (run *selfRun) deviations() int {
	n := 0
	for _, r := range run.Reconciliations {
		n += len(r.Deviations)
	}
	return n
}

func (o *opts) writeSelfText(w io.Writer, run *selfRun) {
	if run.Title != "" {
		fmt.Fprintln(w, run.Title)
	}
	stated := map[string]evaluation.StatedForm{}
	for _, se := range run.evals {
		stated[se.ProjectID] = se.Stated
	}
	t := table.New(o.t("项目", "project"), o.t("执行率", "execution rate"), o.t("自评总分", "stated total"), o.t("复算总分", "computed total"),
		o.t("自评等级", "stated grade"), o.t("复算等级", "computed grade"), o.t("差异", "deviations")).Right(1, 2, 3, 6)
	for _, r := range run.Reconciliations {
		s := stated[r.ProjectID]
		total := "-"
		if s.Total.Valid {
			total = s.Total.Decimal.StringFixed(2)
		}
		t.Add(r.ProjectID, performance.FormatPercent(r.Rate.Percent(2), 2), total, r.Total.StringFixed(2),
			s.Grade.Name(o.lang), r.Grade.Name(o.lang), fmt.Sprint(len(r.Deviations)))
	}
	_ = t.WriteText(w)
	for _, r := range run.Reconciliations {
		if len(r.Deviations) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s\n", r.ProjectID)
		for _, d := range r.Deviations {
			fmt.Fprintf(w, "  %s\n", d.Message().In(o.lang))
		}
	}
	fmt.Fprintf(w, o.t("自评表 %d 张，自评数与复算数不一致 %d 处；自评数原样保留，复算数另列。\n",
		"%d forms, %d stated figures differ from the computed ones; stated figures are kept as stated, computed ones beside them.\n"),
		len(run.Reconciliations), run.deviations())
}

// readSelf returns the file as self-evaluations when it holds them, or nil
// when it is another kind of report.
func readSelf(name string) (*selfFile, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	data = strictjson.TrimBOM(data) // for the peek at the keys below
	if keys, ok := strictjson.TopKeys(data); !ok || !hasKey(keys, "self_evaluations") {
		return nil, nil // not self-evaluations; the report reader says what is wrong
	}
	var f selfFile
	if err := decodeStrict(name, data, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

func (o *opts) printSelf(run *selfRun) int {
	code := exitOK
	if run.deviations() > 0 || len(run.Errors) > 0 {
		code = exitFindings
	}
	for _, fe := range run.errs {
		for _, l := range fe.lines(o.lang) {
			fmt.Fprintln(o.stderr, l)
		}
	}
	switch o.format {
	case "json":
		if err := writeJSON(o.stdout, run); err != nil {
			return o.fail("evaluate", err)
		}
		return code
	case "csv":
		t := table.New("project_id", "path", "kind", "stated", "computed", "size")
		for _, r := range run.Reconciliations {
			for _, d := range r.Deviations {
				t.Add(r.ProjectID, d.Path, d.Kind.String(), d.Stated.String(), d.Computed.String(), d.Size.String())
			}
		}
		if err := t.WriteCSV(o.stdout); err != nil {
			return o.fail("evaluate", err)
		}
		return code
	}
	o.writeSelfText(o.stdout, run)
	return code
}
