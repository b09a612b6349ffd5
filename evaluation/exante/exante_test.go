package exante

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// exGoals is a valid goals tree: output 60, benefit 30, satisfaction 10.
func exGoals(t testing.TB) *goals.Tree {
	ind := func(l1 goals.Level1, l2, name, target, w string) goals.Indicator {
		k2, err := goals.ParseLevel2(l2)
		require.NoError(t, err)
		tg, err := goals.ParseTarget(target)
		require.NoError(t, err)
		return goals.Indicator{Level1: l1, Level2: k2, Name: name, Target: tg, Weight: exDec(w)}
	}
	out, _ := goals.ParseLevel1("产出指标")
	ben, _ := goals.ParseLevel1("效益指标")
	sat, _ := goals.ParseLevel1("满意度指标")
	tr, err := goals.NewTree(goals.SelfEvaluation, decimal.Decimal{},
		ind(out, "数量指标", "培训人数", "≥100人", "60"),
		ind(ben, "社会效益指标", "受益人数", "≥1000人", "30"),
		ind(sat, "服务对象满意度指标", "满意度", "≥90%", "10"))
	require.NoError(t, err)
	return tr
}

func exLine(item, spec, qty, price, std string) performance.CostLine {
	q, p := exDec(qty), exDec(price)
	return performance.CostLine{Item: item, Specification: spec, Quantity: q, UnitPrice: p, Amount: q.Mul(p).Round(2), StandardID: std}
}

// exProject is a valid project over the given lines.
func exProject(id string, lines ...performance.CostLine) performance.Project {
	p := performance.Project{
		ID: id, Name: "测试项目", UnitID: "u1", FiscalYear: 2021, Kind: performance.KindRoutine,
		Category: "培训", Basis: "文件", Content: "内容",
		Period:    performance.Period{Start: performance.Month{Year: 2021, Month: time.January}, End: performance.Month{Year: 2021, Month: time.December}},
		CostLines: lines,
	}
	for _, l := range lines {
		p.Amount = p.Amount.Add(l.Amount)
	}
	p.TotalInvestment = p.Amount
	return p
}

var exStandards = []performance.ExpenditureStandard{
	{ID: "TRAIN", Name: "培训费", Unit: "人·天", Cap: decimal.NewFromInt(500)},
}

// exPolicy is a small policy with one rule of each effect.
// exPolicy's experts score the 3E sheet's items (N1 … B3), named.
func exPolicy() *Policy {
	return &Policy{ID: "t", Criteria: AssessCriteria{Sheet: SheetThreeE}, Rules: rules.Set{ID: "t", Version: "1", Rules: []rules.Rule{
		{ID: "M-NEW", Name: "新增项目须评估", When: "New", Tags: []string{TagMustAssess}},
		{ID: "L-STD", Name: "超标准核减", Description: "cap at the standard", When: "HasStandard && UnitPrice > StandardCap",
			Tags: []string{TagLine, "standard"}, Outputs: []rules.Output{{Name: OutReduce, Type: rules.TypeMoney, Expr: "(UnitPrice - StandardCap) * Quantity"}}},
		{ID: "L-UNSUP", Name: "无依据", When: `Specification == ""`,
			Tags: []string{TagLine, "unsupported"}, Outputs: []rules.Output{{Name: OutReduce, Type: rules.TypeMoney, Expr: "Amount"}}},
		{ID: "L-DUP", Name: "重复", When: "Duplicate",
			Tags: []string{TagLine, "duplicate"}, Outputs: []rules.Output{{Name: OutReduce, Type: rules.TypeMoney, Expr: "Amount"}}},
		{ID: "L-BIG", Name: "大额明细一律核减100万", When: `Item == "大额"`,
			Tags: []string{TagLine}, Outputs: []rules.Output{{Name: OutReduce, Type: rules.TypeMoney, Expr: "1000000"}}},
		{ID: "P-CUT", Name: "培训压减10%", When: `Category == "培训"`, Tags: []string{"policy"},
			Outputs: []rules.Output{{Name: OutCutShare, Type: rules.TypeNumber, Expr: "0.1"}}},
		{ID: "P-ADD", Name: "审增", When: `Category == "审增"`,
			Outputs: []rules.Output{{Name: OutIncrease, Type: rules.TypeMoney, Expr: "2500"}, {Name: OutReason, Type: rules.TypeString, Expr: `"漏报的必要支出"`}}},
		{ID: "P-REJ", Name: "黑名单", When: `Category == "黑名单"`,
			Outputs: []rules.Output{{Name: OutReject, Type: rules.TypeBool, Expr: "true"}}},
		{ID: "V-DEV", Name: "发展性项目低于70分不予支持", When: `Kind == "development" && Assessed && Score < 70`,
			Outputs: []rules.Output{{Name: OutVerdict, Type: rules.TypeString, Expr: `"不予支持"`}}},
		{ID: "S-RULE", Name: "规则评分", When: `Category == "规则评分"`,
			Outputs: []rules.Output{{Name: OutScore, Type: rules.TypeNumber, Expr: "65"}}},
		{ID: "E-DIV", Name: "除零", When: `Category == "除零"`,
			Outputs: []rules.Output{{Name: OutIncrease, Type: rules.TypeMoney, Expr: "div(Amount, Amount - Amount, 2)"}}},
	}}}
}

func exAssessor(t testing.TB, o AssessOptions) *Assessor {
	a, err := NewAssessor(exPolicy(), exStandards, o)
	require.NoError(t, err)
	return a
}

func exReductionsOf(as *Assessment) []string {
	var out []string
	for _, r := range as.Reductions {
		out = append(out, r.RuleID+":"+strings.TrimPrefix(r.Kind.String(), "")+":"+exItoaLine(r.Line)+":"+r.Amount.StringFixed(2))
	}
	return out
}

func exItoaLine(i int) string {
	if i == WholeProject {
		return "all"
	}
	return string(rune('0' + i))
}

func TestAssessReductions(t *testing.T) {
	a := exAssessor(t, AssessOptions{})
	tree := exGoals(t)
	tests := []struct {
		name     string
		category string
		lines    []performance.CostLine
		want     []string
		reduced  string
	}{
		{
			name:     "cap at the standard",
			category: "设备",
			// (560 − 500) × 20 = 1,200; the line below the cap is untouched.
			lines:   []performance.CostLine{exLine("培训", "一类", "20", "560", "TRAIN"), exLine("培训", "二类", "10", "480", "TRAIN")},
			want:    []string{"L-STD:standard:0:1200.00"},
			reduced: "1200",
		},
		{
			name:     "fractional quantity rounds the reduction half up to the fen",
			category: "设备",
			// (500.03 − 500) × 0.5 = 0.015 → 0.02
			lines:   []performance.CostLine{exLine("培训", "一类", "0.5", "500.03", "TRAIN")},
			want:    []string{"L-STD:standard:0:0.02"},
			reduced: "0.02",
		},
		{
			name:     "unsupported line cut in full, duplicate cut in full",
			category: "设备",
			lines: []performance.CostLine{exLine("电脑", "办公", "2", "5000", ""), exLine("打印", "", "1", "800", ""),
				exLine("电脑", "办公", "2", "5000", ""), exLine("电脑", "办公", "3", "5000", "")},
			// line 1 has no specification: 800; line 2 repeats line 0: 10,000;
			// line 3 differs in quantity: kept.
			want:    []string{"L-UNSUP:unsupported:1:800.00", "L-DUP:duplicate:2:10000.00"},
			reduced: "10800",
		},
		{
			name:     "a reduction never exceeds its line",
			category: "设备",
			// cap cut 60 × 20 = 1,200 leaves 10,000; the 1,000,000 cut is held to it.
			lines:   []performance.CostLine{{Item: "大额", Specification: "x", Quantity: exDec("20"), UnitPrice: exDec("560"), Amount: exDec("11200"), StandardID: "TRAIN"}},
			want:    []string{"L-STD:standard:0:1200.00", "L-BIG:policy:0:10000.00"},
			reduced: "11200",
		},
		{
			name:     "policy share cut after line cuts",
			category: "培训",
			// line 0: 1,200 cap cut, then 10% of the 10,000 left = 1,000;
			// line 1: 10% of 333.33 = 33.333 → 33.33.
			lines:   []performance.CostLine{exLine("培训", "一类", "20", "560", "TRAIN"), exLine("资料", "印刷", "1", "333.33", "")},
			want:    []string{"L-STD:standard:0:1200.00", "P-CUT:policy:0:1000.00", "P-CUT:policy:1:33.33"},
			reduced: "2233.33",
		},
		{
			name:     "rejected by rule: reduced in full",
			category: "黑名单",
			lines:    []performance.CostLine{exLine("培训", "一类", "20", "560", "TRAIN")},
			want:     []string{"P-REJ:rejected:all:11200.00"},
			reduced:  "11200",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := exProject("P1", tt.lines...)
			p.Category = tt.category
			as, err := a.Assess(&Submission{Round: 1, Project: p}, tree)
			require.NoError(t, err)
			require.True(t, as.Fundable, "gates: %v", as.Gates)
			assert.Equal(t, tt.want, exReductionsOf(as))
			assert.True(t, as.Reduced.Equal(exDec(tt.reduced)), "reduced %s want %s", as.Reduced, tt.reduced)
			assert.True(t, as.Approved.Equal(as.Submitted.Sub(as.Reduced)), "approved = submitted − reduced")
			perLine := make([]decimal.Decimal, len(p.CostLines))
			for _, r := range as.Reductions {
				if r.Line >= 0 {
					perLine[r.Line] = perLine[r.Line].Add(r.Amount)
				}
			}
			for i, l := range p.CostLines {
				assert.False(t, perLine[i].GreaterThan(l.Amount), "line %d reduced %s of %s", i, perLine[i], l.Amount)
			}
		})
	}
}

func TestAssessReasonsAndExplanation(t *testing.T) {
	a := exAssessor(t, AssessOptions{Explain: true})
	p := exProject("P1", exLine("培训", "一类", "20", "560", "TRAIN"))
	p.Category = "审增"
	as, err := a.Assess(&Submission{Round: 1, Project: p}, exGoals(t))
	require.NoError(t, err)
	require.Len(t, as.Reductions, 1)
	r := as.Reductions[0]
	assert.Equal(t, performance.Text{ZH: "超标准核减", EN: "cap at the standard"}, r.Reason)
	require.NotNil(t, r.Explanation)
	assert.Contains(t, r.Explanation.EN, "560")
	assert.Contains(t, r.Explanation.EN, "1200")
	// the increase is kept apart: approved = 11,200 − 1,200; net = 1,200 − 2,500
	require.Len(t, as.Increases, 1)
	assert.Equal(t, "漏报的必要支出", as.Increases[0].Reason.ZH)
	assert.Equal(t, "2500", as.Increased.String())
	assert.Equal(t, "10000", as.Approved.String())
	assert.Equal(t, "-1300", as.NetReduced().String())
	rate, err := as.ReductionRate()
	require.NoError(t, err)
	assert.Equal(t, "10.71", rate.Percent(2).String()) // 1200/11200 = 10.714…%
}

func TestAssessAllKeepsGoing(t *testing.T) {
	a := exAssessor(t, AssessOptions{})
	tree := exGoals(t)
	ok1 := exProject("P1", exLine("培训", "一类", "20", "560", "TRAIN"))
	ok1.Category = "设备"
	broken := exProject("P2", exLine("培训", "一类", "20", "500", "TRAIN"))
	broken.Category = "除零"
	badExperts := exProject("P3", exLine("培训", "一类", "20", "500", "TRAIN"))
	ok4 := exProject("P4", exLine("培训", "一类", "20", "500", "TRAIN"))
	ok4.Category = "设备"
	subs := []Submission{{Round: 1, Project: ok1}, {Round: 1, Project: broken},
		{Round: 1, Project: badExperts, Experts: []Expert{{ID: "x"}}}, {Round: 2, Project: ok4}}
	trees := map[string]*goals.Tree{"P1": tree, "P2": tree, "P3": tree, "P4": tree}
	res, err := a.AssessAll(subs, trees)
	require.Error(t, err)
	require.Len(t, res, 2)
	assert.Equal(t, "P1", res[0].ProjectID)
	assert.Equal(t, "P4", res[1].ProjectID)
	var ae *AssessError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 1, ae.Index)
	assert.Equal(t, "P2", ae.ProjectID)
	var re *rules.Error
	assert.True(t, errors.As(err, &re), "the rule's runtime error is kept: %v", err)
	assert.ErrorIs(t, err, performance.ErrInvalid, "the expert sheet problems are kept too")
	assert.Contains(t, err.Error(), "submission 2 (P3)")
}

// loadPolicy reads the bundled sample.
func loadPolicy(t testing.TB) (*Policy, []performance.ExpenditureStandard, []Submission, map[string]*goals.Tree, *performance.Org) {
	dir := "../../testdata/exante"
	read := func(name string, v any) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		require.NoError(t, performance.DecodeJSON(b, v), name)
	}
	b, err := os.ReadFile(filepath.Join(dir, "policy.json"))
	require.NoError(t, err)
	pol, err := ParsePolicy(b)
	require.NoError(t, err)
	var stds []performance.ExpenditureStandard
	var subs []Submission
	var trees map[string]*goals.Tree
	var org performance.Org
	read("standards.json", &stds)
	read("portfolio.json", &subs)
	read("goals.json", &trees)
	read("org.json", &org)
	return pol, stds, subs, trees, &org
}

func TestAssessEffectiveDates(t *testing.T) {
	pol := exPolicy()
	for i := range pol.Rules.Rules {
		if pol.Rules.Rules[i].ID == "L-STD" {
			pol.Rules.Rules[i].EffectiveFrom = "2022-01-01"
		}
	}
	p := exProject("P1", exLine("培训", "一类", "20", "560", "TRAIN"))
	p.Category = "设备"
	for _, tt := range []struct {
		asOf time.Time
		want string
	}{
		{time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC), "0"},  // not yet in force
		{time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), "1200"}, // in force from this day
		{time.Time{}, "1200"},                                 // no as-of date: dates not checked
	} {
		a, err := NewAssessor(pol, exStandards, AssessOptions{AsOf: tt.asOf})
		require.NoError(t, err)
		as, err := a.Assess(&Submission{Round: 1, Project: p}, exGoals(t))
		require.NoError(t, err)
		assert.Equal(t, tt.want, as.Reduced.String(), "as of %s", tt.asOf)
	}
}
