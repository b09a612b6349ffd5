package xlsx

import (
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func nd(s string) decimal.NullDecimal {
	if s == "" {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(dec(s))
}

// sampleIndicator is one indicator row of a sample form, as printed.
type sampleIndicator struct {
	level1, level2, name, target, actual, weight, score, reason string
}

// sampleForm builds a form as the reader gives it from the printed texts:
// targets and actuals parsed from their text, the tree total the indicators'
// sum, weights zero when national.
func sampleForm(sheet, name, code, dept, unit string, initial, adjusted, executed, execWeight, rate, execScore, total string, grade performance.Grade, rows []sampleIndicator) *SelfForm {
	f := &SelfForm{Sheet: sheet, ProjectName: name, Department: dept, Unit: unit,
		GoalExpected: "完成" + name + "年度任务", GoalActual: "已按计划完成" + name + "主要任务",
		Funds: []Fund{{Label: "其中：当年财政拨款", Initial: nd(initial), Adjusted: nd(adjusted), Executed: nd(executed)},
			{Label: "上年结转资金"}, {Label: "其他资金"}}}
	se := &f.Evaluation
	se.ProjectID = name
	if code != "" {
		se.ProjectID = code
	}
	se.UnitID = unit
	se.Form.Execution = performance.Execution{InitialBudget: dec(initial), AdjustedBudget: dec(adjusted), Executed: dec(executed)}
	tree := &goals.Tree{}
	sum := decimal.Zero
	for _, r := range rows {
		in := goals.Indicator{Name: r.name, Weight: dec(r.weight)}
		var err error
		if in.Level1, err = goals.ParseLevel1(r.level1); err != nil {
			panic(err)
		}
		if in.Level2, err = goals.ParseLevel2(r.level2); err != nil {
			in.Level2, in.Level2Name = goals.Level2Other, r.level2
		} else if in.Level2.Name(performance.LangZH) != r.level2 {
			in.Level2Name = r.level2
		}
		if in.Target, err = goals.ParseTarget(r.target); err != nil {
			panic(err)
		}
		var a goals.Actual
		if r.actual != "" {
			if a, err = goals.ParseActual(r.actual); err != nil {
				panic(r.actual + ": " + err.Error())
			}
		}
		tree.Indicators = append(tree.Indicators, in)
		se.Form.Actuals = append(se.Form.Actuals, a)
		se.Stated.Indicators = append(se.Stated.Indicators, nd(r.score))
		f.Actuals = append(f.Actuals, r.actual)
		f.Reasons = append(f.Reasons, r.reason)
		sum = sum.Add(in.Weight)
	}
	tree.Total = sum
	se.Form.Tree = tree
	se.Form.Weights = formWeights(dec(execWeight), tree)
	se.Stated.Rate, se.Stated.Execution, se.Stated.Total, se.Stated.Grade = nd(rate), nd(execScore), nd(total), grade
	return f
}

// sampleForms are three forms of the national layout: the worked example
// (execution 91.37%, 9.14 points), one docking points from a met target,
// one with a cost level 1 and non-national weights.
func sampleForms() []*SelfForm {
	// Form 1: 执行率 = 913.7 ÷ 1000 = 91.37%; 得分 = 10 × 0.9137 = 9.137 →
	// 9.14 at two places; indicators as stated; total 9.14+20+15+15+18+9.5+9 = 95.64.
	a := sampleForm("培训项目", "2021年基层干部培训项目", "", "市财政局", "市财政局干部培训中心",
		"10000000", "10000000", "9137000", "10", "91.37", "9.14", "95.64", performance.Excellent,
		[]sampleIndicator{
			{"产出指标", "数量指标", "培训人数", "≥1000人", "1050人", "20", "20", ""},
			{"产出指标", "质量指标", "培训合格率", "≥95%", "97%", "15", "15", ""},
			{"产出指标", "时效指标", "培训完成时间", "2021年11月30日前", "2021年11月20日", "15", "15", ""},
			{"效益指标", "社会效益指标", "参训人员业务能力", "明显提升", "达成", "20", "18", "部分学员反馈课程偏理论，下年增加案例教学"},
			{"效益指标", "可持续影响指标", "培训成果转化", "持续发挥作用", "达成", "10", "9.5", ""},
			{"满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "93%", "10", "9", "个别课程满意度偏低"},
		})
	// Form 2: rate 80%: 800 ÷ 1000; score 8.00.
	b := sampleForm("道路养护", "2021年农村公路养护", "XM2021-002", "市交通运输局", "市公路事务中心",
		"12000000", "10000000", "8000000", "10", "80.00", "8", "86", performance.Good,
		[]sampleIndicator{
			{"产出指标", "数量指标", "养护里程", "≥120公里", "125公里", "30", "28", "计划调整"},
			{"产出指标", "成本指标", "每公里养护成本", "≤8万元", "7.6万元", "20", "20", ""},
			{"效益指标", "社会效益指标", "道路通行条件", "明显改善", "部分达成", "30", "20", "部分路段雨季施工受阻"},
			{"满意度指标", "服务对象满意度指标", "群众满意度", "≥85%", "88%", "10", "10", ""},
		})
	// Form 3: a cost level 1 (成本指标) and weights 10/40/20/10/20.
	c := sampleForm("设备购置", "2021年医疗设备购置", "XM2021-003", "市卫生健康委", "市人民医院",
		"5000000", "5000000", "5000000", "10", "100", "10", "100", performance.GradeNone,
		[]sampleIndicator{
			{"产出指标", "数量指标", "购置设备数量", "=12台", "12台", "40", "40", ""},
			{"成本指标", "经济成本指标", "设备采购成本", "≤500万元", "500万元", "20", "20", ""},
			{"效益指标", "社会效益指标", "诊疗能力", "明显提升", "达成", "20", "20", ""},
			{"满意度指标", "服务对象满意度指标", "患者满意度", "≥90%", "95%", "10", "10", ""},
		})
	return []*SelfForm{a, b, c}
}

// manyForms returns n forms varied by index, for the benchmark and fuzzing.
func manyForms(n int) []*SelfForm {
	base := sampleForms()
	out := make([]*SelfForm, n)
	for i := range out {
		f := *base[i%len(base)]
		f.Sheet = "表" + strconv.Itoa(i+1)
		f.Evaluation.ProjectID = "XM" + strconv.Itoa(i+1)
		out[i] = &f
	}
	return out
}

var _ = evaluation.SelfEvaluation{}

// sampleGoalForms are two goal declarations: one with the national
// template's columns only (no weights), one with weights and indicator
// codes.
func sampleGoalForms() []*GoalForm {
	tree := func(weights bool, rows ...[5]string) *goals.Tree {
		t := &goals.Tree{}
		for _, r := range rows {
			in := goals.Indicator{ID: r[4], Name: r[2]}
			in.Level1, _ = goals.ParseLevel1(r[0])
			var err error
			if in.Level2, err = goals.ParseLevel2(r[1]); err != nil {
				in.Level2, in.Level2Name = goals.Level2Other, r[1]
			}
			if in.Target, err = goals.ParseTarget(r[3]); err != nil {
				panic(err)
			}
			t.Indicators = append(t.Indicators, in)
		}
		if weights {
			for i, w := range []string{"30", "20", "30", "20"} {
				t.Indicators[i].Weight = dec(w)
				t.Total = t.Total.Add(dec(w))
			}
		}
		return t
	}
	return []*GoalForm{
		{Sheet: "培训目标", ProjectName: "2022年基层干部培训项目", Department: "市财政局", Unit: "市财政局干部培训中心",
			Attribute: "延续项目", Period: "2022年1月至2022年12月",
			Funds: []GoalFund{{Label: "资金总额", MediumTerm: nd("30000000"), Annual: nd("10000000")},
				{Label: "其中：财政拨款", MediumTerm: nd("30000000"), Annual: nd("10000000")}, {Label: "其他资金"}},
			GoalMediumTerm: "三年内轮训全市基层干部", GoalAnnual: "培训基层干部1000人次",
			Tree: tree(false,
				[5]string{"产出指标", "数量指标", "培训人数", "≥1000人", ""},
				[5]string{"产出指标", "质量指标", "培训合格率", "≥95%", ""},
				[5]string{"效益指标", "社会效益指标", "参训人员业务能力", "明显提升", ""},
				[5]string{"满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", ""})},
		{Sheet: "养护目标", ProjectName: "2022年农村公路养护", ProjectID: "XM2022-002", Department: "市交通运输局", Unit: "市公路事务中心",
			Funds:          []GoalFund{{Label: "资金总额", MediumTerm: nd("36000000"), Annual: nd("12000000.5")}},
			GoalMediumTerm: "农村公路优良中等路率稳步提高", GoalAnnual: "养护农村公路120公里",
			Tree: tree(true,
				[5]string{"产出指标", "数量指标", "养护里程", "≥120公里", "CC01"},
				[5]string{"成本指标", "经济成本指标", "每公里养护成本", "≤8万元", "CC02"},
				[5]string{"效益指标", "社会效益指标", "道路通行条件", "明显改善", "CC03"},
				[5]string{"满意度指标", "服务对象满意度指标", "群众满意度", "≥85%", "CC04"})},
	}
}
