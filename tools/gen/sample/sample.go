// Package sample holds what the generators of the bundled synthetic data
// share: the performance goals (绩效目标) every generated project carries.
// It is not API.
//
// # Synthetic fixtures and figures checked by hand
//
// The bundled samples are synthetic. Of the seed (the Lhasa finance
// bureau's 2021 work report, 拉财字〔2022〕9号) only the published totals are
// real — for the ex-ante rounds 35 projects, 17,702.19万元 submitted,
// 3,386.97万元 reduced, 19.13% (一上) and 5 projects, 3,436.29万元,
// 1,761.29万元, 51.26% (二上); for the evaluations the counts, amounts and
// grade figures. The projects, cost lines, expert sheets, goals, execution
// records and scores that reproduce them are fixtures the generators draw
// from fixed seeds and calibrate to those totals (testdata/exante by
// tools/gen/exante, testdata/monitoring, testdata/expost and
// testdata/history by theirs); a figure of one project, department or
// district in them says nothing about Lhasa. In the ex-ante sample every
// project is assessed and every reduction is a cut the bundled policy makes
// on its cost lines, as the seed has it.
//
// Checked by hand are: the seed's totals and rates, pinned by the tests that
// reproduce them (evaluation's TestSeedRounds, examples/lhasa2021, the
// command's audit and demo); and the small hand-made round of
// testdata/exante/handround.json, whose every reduction and rate is worked
// out in the comments of tools/gen/exante's TestHandRound.
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
