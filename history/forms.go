package history

import (
	"fmt"
	"slices"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
)

// hasForm reports whether a record has a monitoring form of its project
// dated on the check date asOf, as decideForms looks for one.
func hasForm(recs []*Record, asOf time.Time) bool {
	day := asOf.Format("2006-01-02")
	for _, r := range recs {
		for _, f := range r.Forms {
			if f.ProjectID == r.Project.ID && f.AsOf.Format("2006-01-02") == day {
				return true
			}
		}
	}
	return false
}

// decideForms reviews, under the policy's form review, each record's
// monitoring form dated on the check date rep was made at, beside the
// check's figures: the record's Form decision. Records without such a form
// (all records written before forms existed) get none; nothing is run
// when no record has one.
func (pr *Program) decideForms(year int, recs []*Record, budgets []monitoring.Budget, adjs []monitoring.Adjustment, rep *monitoring.Report, out []*Decisions) []error {
	var forms []monitoring.Form
	trees := map[string]*goals.Tree{}
	at := map[string]int{}
	day := rep.AsOf.Format("2006-01-02")
	for i, r := range recs {
		for _, f := range r.Forms {
			if f.ProjectID == r.Project.ID && f.AsOf.Format("2006-01-02") == day {
				forms = append(forms, f)
				trees[r.Project.ID] = r.Goals
				at[r.Project.ID] = i
				break
			}
		}
	}
	if len(forms) == 0 {
		return nil
	}
	m, err := pr.prog.Monitor(year, budgets, adjs)
	if m == nil {
		var errs []error
		for _, f := range forms {
			errs = append(errs, &RecordError{Key: recs[at[f.ProjectID]].Key(), Stage: "forms", Err: err})
		}
		return errs
	}
	rv := pr.prog.ReviewForms(m, rep, trees, forms)
	for _, p := range rv.Projects {
		codes := slices.Clone(p.Findings)
		for _, l := range p.Lines {
			codes = append(codes, l.Findings...)
		}
		out[at[p.ProjectID]].Form = &FormDecision{Outlook: p.Outlook, Recommendation: p.Recommendation, Passed: p.Passed, Findings: sortedUnique(codes)}
	}
	// A form left out (no goals) or a line left out (an unknown
	// indicator) is an error of its record; the others stand.
	var errs []error
	for _, p := range rv.Problems {
		var k int
		if _, err := fmt.Sscanf(p.Path, "forms[%d]", &k); err != nil || k < 0 || k >= len(forms) {
			errs = append(errs, &RecordError{Stage: "forms", Err: p})
			continue
		}
		errs = append(errs, &RecordError{Key: recs[at[forms[k].ProjectID]].Key(), Stage: "forms", Err: p})
	}
	return errs
}
