package evaluation

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
)

// Depth tells a key evaluation (重点评价) from a deep performance evaluation
// (深度绩效评价). The zero value is a key evaluation.
type Depth uint8

const (
	// DepthKey is a key evaluation (重点评价) of a selected project. Zero value.
	DepthKey Depth = iota
	// DepthDeep is a deep performance evaluation (深度绩效评价).
	DepthDeep
)

// String returns "key" or "deep".
func (d Depth) String() string {
	if d == DepthDeep {
		return "deep"
	}
	return "key"
}

// MarshalText encodes the depth as "key" or "deep".
func (d Depth) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes any form [ParseDepth] accepts.
func (d *Depth) UnmarshalText(b []byte) error {
	return enum.DecodeTable(d, depthTable, false, ParseDepth, b)
}

// A KeyEvaluation is a key or deep evaluation (重点评价, 深度绩效评价) of one
// project by the finance bureau or a third party (第三方) it commissions:
// several evaluators' sheets over a framework of decision (决策), process
// (过程), output (产出) and benefit (效益), the findings (问题) and the
// recommendations (建议) as text.
type KeyEvaluation struct {
	ProjectID string `json:"project_id"`
	// Amount is the money evaluated, in yuan (评价金额).
	Amount decimal.Decimal `json:"amount"`
	Depth  Depth           `json:"depth"`
	// ThirdParty names the commissioned agency (第三方机构); empty when the
	// bureau evaluated itself.
	ThirdParty string `json:"third_party,omitempty"`
	// Sheets are the evaluators' scoring sheets (评分表), one per evaluator.
	Sheets []Sheet `json:"sheets"`
	// Panel, when not nil, is the panel of experts that evaluates the
	// project (评价专家组), drawn by [experts.Draw] or supplied: every
	// sheet's evaluator must then be a member, and the scorecard carries
	// the panel's reference and seed. Without it sheets are taken as they
	// come.
	Panel *experts.Panel `json:"panel,omitempty"`
	// GoalVersions is the history of the project's goals, if the caller
	// keeps one: the evaluation judges output and benefit against the
	// version in force on Date, which the scorecard names. Nil: as
	// submitted, as before.
	GoalVersions *goals.Versions `json:"goal_versions,omitempty"`
	// Date is the day of the evaluation (评价日期); used only with
	// GoalVersions.
	Date time.Time `json:"date,omitzero"`
	// Flags are conditions a framework's overrides react to.
	Flags []string `json:"flags,omitempty"`
	// Findings are the problems found (发现的问题).
	Findings []string `json:"findings,omitempty"`
	// Recommendations are the evaluators' recommendations (意见建议).
	Recommendations []string `json:"recommendations,omitempty"`
}

// minOutputBenefit is the floor 财预〔2020〕10号 sets for evaluations by a
// finance bureau or a department.
const minOutputBenefit = 60

// Score scores the evaluation under framework f: the mean of the
// evaluators' points per sub-indicator, the exact total rounded half up at
// the end, and the grade of f's scheme. Because a key evaluation weights
// output and benefit at no less than 60, Score returns
// [performance.Problems] with code "output_benefit_below_floor" for a
// framework below that, whatever its MinOutputBenefit; sheet problems are
// reported as by [Framework.Score], with paths relative to the evaluation.
func (k *KeyEvaluation) Score(f *Framework) (*Scorecard, error) {
	var ob decimal.Decimal
	for _, c := range f.Criteria {
		if c.Kind == CriterionOutput || c.Kind == CriterionBenefit {
			ob = ob.Add(c.Weight)
		}
	}
	if ob.LessThan(decimal.NewFromInt(minOutputBenefit)) {
		var ps performance.Problems
		ps.Add("output_benefit_below_floor", "framework.criteria",
			fmt.Sprintf("重点评价产出和效益指标分值合计 %s，不得低于 60", ob),
			fmt.Sprintf("output and benefit weigh %s in a key evaluation, at least 60 required", ob))
		return nil, ps
	}
	if k.Panel != nil {
		var ps performance.Problems
		if id := k.Panel.Request.ProjectID; id != "" && id != k.ProjectID {
			ps.Add(performance.CodePanelProject, "panel.request.project_id", "专家组是为项目 "+id+" 抽取的", "the panel was drawn for project "+id)
		}
		seen := make(map[string]bool, len(k.Sheets))
		for i, sh := range k.Sheets {
			switch {
			case !k.Panel.Has(sh.Evaluator):
				ps.Add(performance.CodeNotOnPanel, "sheets["+strconv.Itoa(i)+"].evaluator", "评价专家不在专家组: "+sh.Evaluator,
					"the evaluator is not on the panel: "+sh.Evaluator)
			case seen[sh.Evaluator]:
				ps.Add(performance.CodeSheetTwice, "sheets["+strconv.Itoa(i)+"].evaluator", "评价专家重复提交评分表: "+sh.Evaluator,
					"a second sheet by "+sh.Evaluator)
			}
			seen[sh.Evaluator] = true
		}
		if err := ps.Err(); err != nil {
			return nil, fmt.Errorf("evaluation: project %s: %w", k.ProjectID, err)
		}
	}
	ref, err := goalVersion(k.GoalVersions, k.Date)
	if err != nil {
		return nil, fmt.Errorf("evaluation: project %s: %w", k.ProjectID, err)
	}
	sc, err := f.Score(k.Sheets, k.Flags)
	if err != nil {
		return nil, fmt.Errorf("evaluation: project %s: %w", k.ProjectID, err)
	}
	if k.Panel != nil {
		ref := k.Panel.Ref()
		sc.Panel = &ref
	}
	sc.GoalVersion = ref
	return sc, nil
}
