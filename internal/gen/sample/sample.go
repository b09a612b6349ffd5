// Package sample holds what the generators of the bundled synthetic data
// share: the performance goals (绩效目标) every generated project carries.
// It is not API.
package sample

import (
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/goals"
)

// GoalTree returns the five-indicator self-evaluation goal tree of a
// generated project named name: output quantity 30, quality 20 and
// timeliness 10, social benefit 30, satisfaction 10 (total 100).
func GoalTree(name string) (*goals.Tree, error) {
	specs := []struct{ l1, l2, name, target, weight string }{
		{"产出指标", "数量指标", name + "完成任务数", "≥10项", "30"},
		{"产出指标", "质量指标", "验收合格率", "≥95%", "20"},
		{"产出指标", "时效指标", "按期完成率", "100%", "10"},
		{"效益指标", "社会效益指标", "服务覆盖人数", "≥5000人", "30"},
		{"满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "10"},
	}
	inds := make([]goals.Indicator, len(specs))
	for i, s := range specs {
		k1, err := goals.ParseLevel1(s.l1)
		if err != nil {
			return nil, err
		}
		k2, err := goals.ParseLevel2(s.l2)
		if err != nil {
			return nil, err
		}
		tg, err := goals.ParseTarget(s.target)
		if err != nil {
			return nil, err
		}
		w, err := decimal.NewFromString(s.weight)
		if err != nil {
			return nil, err
		}
		inds[i] = goals.Indicator{Level1: k1, Level2: k2, Name: s.name, Target: tg, Weight: w}
	}
	return goals.NewTree(goals.SelfEvaluation, decimal.Decimal{}, inds...)
}
