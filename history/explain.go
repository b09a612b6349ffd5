package history

import (
	"strconv"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/performance"
)

// batchFacts are what deciding a batch without explanations leaves for
// rendering them afterwards for a few of its records ([Program.explain]):
// the ex-ante assessments and the results-application inputs, by record
// index. A Diff compares every record on its figures and explains only
// the changes its sample takes, so that rendering, which cost a Diff more
// than a third of its time, is paid a few hundred times a run instead of
// twice per record. The facts are the batch's own storage, held only
// while the batch is compared.
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

// explain renders into d, which pr decided without explanations for
// record i of recs (the batch f was filled from), what an explaining
// decision gives: the ex-ante reasons and results application's
// explanation. d's stages must be d's own (Decisions.clone), for explain
// writes into them.
//
// Results application explains a project from its own outcome alone (the
// environment of its rules holds the project's figures and its place in
// the org, nothing of the other projects), so applying that one outcome
// again, explaining, gives the explanation the batch would have: of the
// first record of the batch with the project's ID, as the batch decides a
// project ID once.
func (pr *Program) explain(d *Decisions, recs []*Record, i int, f *batchFacts) {
	if e := d.ExAnte; e != nil && i < len(f.assessments) && f.assessments[i] != nil {
		e.Reasons = exanteReasons(f.assessments[i])
	}
	n := d.NextYear
	if n == nil || i >= len(f.outcomes) {
		return
	}
	j := i
	for k := range i {
		if recs[k].Project.ID == recs[i].Project.ID {
			j = k
			break
		}
	}
	ny, _ := pr.prog.ApplyWith(f.applyOn, f.outcomes[j:j+1], nil, evaluation.ApplyOptions{})
	if ny != nil && len(ny.Projects) == 1 && ny.Projects[0].ProjectID == recs[i].Project.ID {
		n.Explanation = ny.Projects[0].Explanation
	}
}
