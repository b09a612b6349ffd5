package history

import (
	"slices"
	"strconv"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/performance"
)

// batchFacts are what deciding a batch without explanations leaves for
// rendering them afterwards for a few of its records ([Program.render]):
// the ex-ante assessments and the results-application inputs, by record
// index. A Diff compares every record on its figures and explains only
// the changes its sample holds at the end of the run, so that rendering,
// which cost a Diff more than a third of its time, is paid once per
// sampled change instead of twice per record. The facts are the batch's
// own storage, held only while the batch is compared; a change the sample
// takes keeps its record's own copy ([batchFacts.record]).
type batchFacts struct {
	assessments []*exante.Assessment
	outcomes    []evaluation.ProjectOutcome
	applyOn     time.Time
}

// exanteReasons renders an assessment's reductions, then its increases,
// as the ex-ante decision's reasons: "rule [cost_lines[i]] amount: reason".
func exanteReasons(as *exante.Assessment) []performance.Text {
	var out []performance.Text
	for _, rds := range [2][]exante.Reduction{as.Reductions, as.Increases} {
		for _, rd := range rds {
			where := ""
			if rd.Line != exante.WholeProject {
				where = " cost_lines[" + strconv.Itoa(rd.Line) + "]"
			}
			head := rd.RuleID + where + " " + rd.Amount.StringFixed(2) + ": "
			out = append(out, performance.Text{ZH: head + rd.Reason.ZH, EN: head + rd.Reason.EN})
		}
	}
	return out
}

// recordFacts are what [Program.render] needs of one record's batch to
// render the record's explanations: the reductions and increases of its
// ex-ante assessment (copied, nil without one) and the results-application
// input of the first record of the batch with its project ID. They are
// the record's own, detached from the batch's storage, so a Diff keeps
// them beside a sampled change and renders only the changes its sample
// still holds at the end of the run.
type recordFacts struct {
	assessment *exante.Assessment
	outcome    evaluation.ProjectOutcome
	hasOutcome bool
	applyOn    time.Time
}

// record returns the facts of record i of recs (the batch f was filled
// from).
//
// Results application explains a project from its own outcome alone (the
// environment of its rules holds the project's figures and its place in
// the org, nothing of the other projects), so applying that one outcome
// again, explaining, gives the explanation the batch would have: of the
// first record of the batch with the project's ID, as the batch decides a
// project ID once.
func (f *batchFacts) record(recs []*Record, i int) recordFacts {
	var rf recordFacts
	if i < len(f.assessments) && f.assessments[i] != nil {
		as := f.assessments[i]
		rf.assessment = &exante.Assessment{Reductions: slices.Clone(as.Reductions), Increases: slices.Clone(as.Increases)}
	}
	if i < len(f.outcomes) {
		j := i
		for k := range i {
			if recs[k].Project.ID == recs[i].Project.ID {
				j = k
				break
			}
		}
		rf.outcome, rf.hasOutcome, rf.applyOn = f.outcomes[j], true, f.applyOn
	}
	return rf
}

// render renders into d, which pr decided without explanations for the
// record f holds the facts of, what an explaining decision gives: the
// ex-ante reasons and results application's explanation. d's stages must
// be d's own (Decisions.clone), for render writes into them.
func (pr *Program) render(d *Decisions, f *recordFacts) {
	if e := d.ExAnte; e != nil && f.assessment != nil {
		e.Reasons = exanteReasons(f.assessment)
	}
	n := d.NextYear
	if n == nil || !f.hasOutcome {
		return
	}
	ny, _ := pr.prog.ApplyWith(f.applyOn, []evaluation.ProjectOutcome{f.outcome}, nil, evaluation.ApplyOptions{})
	if ny != nil && len(ny.Projects) == 1 && ny.Projects[0].ProjectID == f.outcome.ProjectID {
		n.Explanation = ny.Projects[0].Explanation
	}
}
