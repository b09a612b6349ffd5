package policy

import (
	"github.com/jixiao-go/jixiao/evaluation"
)

// EvaluateDepartment scores a department's year under the policy's
// department-wide performance policy (部门整体绩效, [Department]): its form
// with the policy's goals configuration, the method and bands of the
// policy where the form gives none, and its own and the bureau's sheets
// with the policy's department framework (evaluation.DepartmentFramework
// graded by the policy's scheme when the policy names none). d is not
// modified. Errors are evaluation.DepartmentEvaluation.Evaluate's.
func (pr *Program) EvaluateDepartment(d *evaluation.DepartmentEvaluation) (*evaluation.DepartmentResult, error) {
	de := *d
	if dp := pr.policy.Department; dp != nil && de.Form != nil {
		f := *de.Form
		if f.Method == "" && len(f.Coefficients) == 0 {
			f.Method = dp.Method
		}
		if len(f.Coefficients) == 0 {
			f.Coefficients = dp.Coefficients
		}
		de.Form = &f
	}
	return de.Evaluate(pr.dept, pr.goals)
}

// DepartmentFramework returns the framework the policy scores department
// evaluations with. It is the Program's: do not modify it.
func (pr *Program) DepartmentFramework() *evaluation.Framework { return pr.dept }
