package policy

import (
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
)

// FormPolicy returns how the policy reviews units' monitoring forms: its
// monitoring stage's forms member, or monitoring.DefaultFormPolicy when it
// has none (or no monitoring stage).
func (pr *Program) FormPolicy() monitoring.FormPolicy {
	if m := pr.policy.Monitoring; m != nil && m.Forms != nil {
		fp := *m.Forms
		fp.Matrix = append([]monitoring.FormRule(nil), fp.Matrix...)
		return fp
	}
	return monitoring.DefaultFormPolicy()
}

// ReviewForms is the review of the units' monitoring forms (绩效监控情况表,
// 财预〔2019〕136号) at the check rep made by m (a monitor of this program,
// [Program.Monitor]), under the policy's [Program.FormPolicy]; the review
// carries the policy ref.
func (pr *Program) ReviewForms(m *monitoring.Monitor, rep *monitoring.Report, trees map[string]*goals.Tree, forms []monitoring.Form) *monitoring.FormReview {
	rv := m.ReviewForms(rep, trees, forms, pr.FormPolicy())
	rv.Policy = pr.ref
	return rv
}
