package exante

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

func TestAssessGates(t *testing.T) {
	a := exAssessor(t, AssessOptions{})
	tree := exGoals(t)
	valid := exProject("P1", exLine("培训", "一类", "20", "500", "TRAIN"))
	badTree := *tree
	badTree.Indicators = append([]goals.Indicator(nil), tree.Indicators...)
	badTree.Indicators[0].Weight = exDec("50") // weights sum to 90, not 100
	tests := []struct {
		name  string
		sub   Submission
		tree  *goals.Tree
		codes []string
	}{
		{"no detailed cost estimate", Submission{Round: 1, Project: func() performance.Project {
			p := valid
			p.CostLines = nil
			return p
		}()}, tree, []string{performance.CodeNoCostLines}},
		{"no goals", Submission{Round: 1, Project: valid}, nil, []string{GateNoGoals}},
		{"empty goals", Submission{Round: 1, Project: valid}, &goals.Tree{}, []string{GateNoGoals}},
		{"failing goals", Submission{Round: 1, Project: valid}, &badTree, []string{"weight_total"}},
		{"failing validation", Submission{Round: 1, Project: func() performance.Project {
			p := valid
			p.CostLines = []performance.CostLine{exLine("培训", "一类", "20", "500", "TRAIN")}
			p.CostLines[0].Amount = exDec("9999")
			p.Basis = ""
			return p
		}()}, tree, []string{performance.CodeMissingBasis, performance.CodeLineAmountMismatch, performance.CodeLinesSumMismatch}},
		{"unknown standard", Submission{Round: 1, Project: func() performance.Project {
			p := exProject("P1", exLine("培训", "一类", "20", "500", "NOPE"))
			return p
		}()}, tree, []string{performance.CodeUnknownStandard}},
		{"must be assessed and was not", Submission{Round: 1, Project: func() performance.Project {
			p := valid
			p.New = true
			return p
		}()}, tree, []string{GateNotAssessed}},
		{"bad round, no goals and no estimate at once", Submission{Round: 0, Project: func() performance.Project {
			p := valid
			p.CostLines = nil
			return p
		}()}, nil, []string{GateBadRound, performance.CodeNoCostLines, GateNoGoals}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as, err := a.Assess(&tt.sub, tt.tree)
			require.NoError(t, err)
			assert.False(t, as.Fundable)
			assert.Equal(t, tt.codes, as.Gates.Codes())
			for _, g := range as.Gates {
				assert.NotEmpty(t, g.Message.ZH)
				assert.NotEmpty(t, g.Message.EN)
			}
			require.Len(t, as.Reductions, 1)
			r := as.Reductions[0]
			assert.Equal(t, WholeProject, r.Line)
			assert.Equal(t, ReductionNotFundable, r.Kind)
			assert.True(t, r.Amount.Equal(tt.sub.Project.Amount))
			assert.True(t, as.Approved.IsZero(), "approved %s", as.Approved)
		})
	}
	t.Run("CheckGates alone", func(t *testing.T) {
		require.NoError(t, CheckGates(&valid, tree, exStandards))
		err := CheckGates(&valid, nil, nil)
		var ps performance.Problems
		require.ErrorAs(t, err, &ps)
		assert.Equal(t, []string{performance.CodeUnknownStandard, GateNoGoals}, ps.Codes())
	})
}

func TestAssessVerdicts(t *testing.T) {
	a := exAssessor(t, AssessOptions{})
	tree := exGoals(t)
	experts := func(total string) []Expert {
		// every expert gives the same total
		// by giving all to N1..B3 in proportion is overkill: give full marks
		// and take points off B1 (weight 10) and B2 (10) to reach total.
		items := ThreeEItems()
		ex := Expert{ID: "e"}
		off := exDec("100").Sub(exDec(total))
		for _, it := range items {
			s := it.Weight
			if it.ID == "B1" || it.ID == "B2" || it.ID == "N1" || it.ID == "F1" || it.ID == "C1" {
				cut := decimal.Min(off, s)
				s = s.Sub(cut)
				off = off.Sub(cut)
			}
			ex.Scores = append(ex.Scores, ItemScore{Item: it.ID, Score: s})
		}
		return []Expert{ex, ex, ex}
	}
	tests := []struct {
		name    string
		kind    performance.Kind
		cat     string
		experts []Expert
		verdict Verdict
		by      string
		full    bool
	}{
		{"80 supports", performance.KindRoutine, "设备", experts("80"), Support, "thresholds", false},
		{"79.5 support after adjustment", performance.KindRoutine, "设备", experts("79.5"), SupportAfterAdjustment, "thresholds", false},
		{"59.5 rejected in full", performance.KindRoutine, "设备", experts("59.5"), Reject, "thresholds", true},
		{"rule: development below 70 rejected", performance.KindDevelopment, "设备", experts("69"), Reject, "V-DEV", true},
		{"development at 70 only adjusted", performance.KindDevelopment, "设备", experts("70"), SupportAfterAdjustment, "thresholds", false},
		{"score by rule", performance.KindRoutine, "规则评分", nil, SupportAfterAdjustment, "thresholds", false},
		{"not scored, not required", performance.KindRoutine, "设备", nil, VerdictNone, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := exProject("P1", exLine("培训", "一类", "20", "500", "TRAIN"))
			p.Kind, p.Category = tt.kind, tt.cat
			as, err := a.Assess(&Submission{Round: 1, Project: p, Experts: tt.experts}, tree)
			require.NoError(t, err)
			assert.Equal(t, tt.verdict, as.Verdict)
			assert.Equal(t, tt.by, as.VerdictBy)
			assert.True(t, as.Fundable)
			if tt.full {
				assert.Equal(t, []string{tt.by + ":rejected:all:10000.00"}, exReductionsOf(as))
			} else {
				assert.Empty(t, as.Reductions)
			}
		})
	}
}

func TestAssessMustAssess(t *testing.T) {
	b, err := os.ReadFile("../../testdata/exante/policy.json")
	require.NoError(t, err)
	pol, err := ParsePolicy(b)
	require.NoError(t, err)
	a, err := NewAssessor(pol, exStandards, AssessOptions{})
	require.NoError(t, err)
	tests := []struct {
		name  string
		edit  func(p *performance.Project)
		rules []string
	}{
		{"routine, old, small: not required", func(p *performance.Project) {}, nil},
		{"new", func(p *performance.Project) { p.New = true }, []string{"EA-M01"}},
		{"development", func(p *performance.Project) { p.Kind = performance.KindDevelopment }, []string{"EA-M02"}},
		{"5,000,000 and more", func(p *performance.Project) {
			p.CostLines = []performance.CostLine{exLine("工程", "施工", "1", "5000000", "")}
			p.Amount, p.TotalInvestment = exDec("5000000"), exDec("5000000")
		}, []string{"EA-M03"}},
		{"4,999,999.99 is below", func(p *performance.Project) {
			p.CostLines = []performance.CostLine{exLine("工程", "施工", "1", "4999999.99", "")}
			p.Amount, p.TotalInvestment = exDec("4999999.99"), exDec("4999999.99")
		}, nil},
		{"named by the policy", func(p *performance.Project) { p.Category = "信息化" }, []string{"EA-M04"}},
		{"all of them", func(p *performance.Project) {
			p.New, p.Kind, p.Category = true, performance.KindDevelopment, "信息化"
			p.CostLines = []performance.CostLine{exLine("工程", "施工", "1", "6000000", "")}
			p.Amount, p.TotalInvestment = exDec("6000000"), exDec("6000000")
		}, []string{"EA-M01", "EA-M02", "EA-M03", "EA-M04"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := exProject("P1", exLine("培训", "一类", "20", "500", "TRAIN"))
			p.Category = "设备"
			tt.edit(&p)
			as, err := a.Assess(&Submission{Round: 1, Project: p}, exGoals(t))
			require.NoError(t, err)
			var got []string
			for _, h := range as.RequiredBy {
				got = append(got, h.RuleID)
				assert.NotEmpty(t, h.Reason.ZH)
			}
			assert.Equal(t, tt.rules, got)
			assert.Equal(t, tt.rules != nil, as.Required)
			// required and not scored: not fundable
			assert.Equal(t, tt.rules == nil, as.Fundable)
		})
	}
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

func TestAssessmentJSON(t *testing.T) {
	a := exAssessor(t, AssessOptions{})
	p := exProject("P1", exLine("培训", "一类", "20", "560", "TRAIN"))
	p.Category = "设备"
	as, err := a.Assess(&Submission{Round: 2, Project: p}, exGoals(t))
	require.NoError(t, err)
	b, err := json.Marshal(as)
	require.NoError(t, err)
	s := string(b)
	for _, frag := range []string{`"project_id":"P1"`, `"round":2`, `"submitted":"11200"`, `"reduced":"1200"`,
		`"approved":"10000"`, `"rule_id":"L-STD"`, `"kind":"standard"`, `"line":0`, `"fundable":true`, `"verdict":""`,
		`"rule_set":{"id":"t","version":"1","hash":"`} {
		assert.Contains(t, s, frag)
	}
	b2, err := json.Marshal(as)
	require.NoError(t, err)
	assert.Equal(t, b, b2)
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

// TestSeedRounds reproduces the seed's ex-ante figures (拉财字〔2022〕9号) from
// project-level data through the bundled policy:
//
//	一上 35 projects, 17,702.19万元 submitted, 3,386.97万元 reduced: 3386.97 ÷ 17702.19 = 19.1331…% → 19.13%
//	二上  5 projects,  3,436.29万元 submitted, 1,761.29万元 reduced: 1761.29 ÷ 3436.29  = 51.2555…% → 51.26%
//	pooled 40 projects, 21,138.48万元, 5,148.26万元: 24.3549…% → 24.35%
func TestSeedRounds(t *testing.T) {
	pol, stds, subs, trees, org := loadPolicy(t)
	res, err := Assess(pol, stds, subs, trees, AssessOptions{})
	require.NoError(t, err)
	require.Len(t, res, 40)
	sums, err := SummarizeRounds(res, org, 2)
	require.NoError(t, err)
	require.Len(t, sums, 3)
	want := []struct {
		round                         int
		n                             int
		submitted, reduced, rate, wan string
	}{
		{1, 35, "177021900", "33869700", "19.13", "3,386.97万元"},
		{2, 5, "34362900", "17612900", "51.26", "1,761.29万元"},
		{0, 40, "211384800", "51482600", "24.35", "5,148.26万元"},
	}
	for i, w := range want {
		s := sums[i]
		assert.Equal(t, w.round, s.Round)
		assert.Equal(t, w.n, s.Total.Projects)
		assert.True(t, s.Total.Submitted.Equal(exDec(w.submitted)), "round %d submitted %s", w.round, s.Total.Submitted)
		assert.True(t, s.Total.Reduced.Equal(exDec(w.reduced)), "round %d reduced %s", w.round, s.Total.Reduced)
		assert.Equal(t, w.rate, s.Total.ReductionRate.StringFixed(2))
		assert.Equal(t, w.wan, performance.FormatAmount(s.Total.Reduced, performance.Wan))
		assert.True(t, s.Total.Approved.Equal(s.Total.Submitted.Sub(s.Total.Reduced)))
		exAssertRollsUp(t, s.Total, s.Departments)
		exAssertRollsUp(t, s.Total, s.Regions)
		assert.Greater(t, len(s.Departments), 1)
		assert.Greater(t, len(s.Regions), 1)
	}
	// The reductions come from the rules acting on the lines: the seed says
	// every project was assessed, so every project is scored, fundable and
	// not rejected, every reduction names a line rule or policy rule of the
	// policy and a cost line, and the four line-level kinds all occur.
	ids := map[string]bool{}
	for _, r := range pol.Rules.Rules {
		ids[r.ID] = true
	}
	kinds := map[ReductionKind]bool{}
	for _, a := range res {
		assert.True(t, a.Score != nil && a.Fundable && a.Verdict != Reject && a.Verdict != VerdictNone, "%s: verdict %s", a.ProjectID, a.Verdict)
		for _, r := range a.Reductions {
			assert.True(t, ids[r.RuleID], "reduction by %q", r.RuleID)
			assert.NotEqual(t, WholeProject, r.Line, "%s: whole-project reduction by %s", a.ProjectID, r.RuleID)
			kinds[r.Kind] = true
		}
	}
	for _, k := range []ReductionKind{ReductionPolicy, ReductionStandard, ReductionUnsupported, ReductionDuplicate} {
		assert.True(t, kinds[k], "no %s reduction in the sample", k)
	}
	for _, k := range []ReductionKind{ReductionRejected, ReductionNotFundable} {
		assert.False(t, kinds[k], "a %s reduction in the sample", k)
	}
}

func exAssertRollsUp(t *testing.T, total RoundFigures, parts []RoundFigures) {
	t.Helper()
	var sum RoundFigures
	for _, p := range parts {
		sum.Projects += p.Projects
		sum.Submitted = sum.Submitted.Add(p.Submitted)
		sum.Reduced = sum.Reduced.Add(p.Reduced)
		sum.Increased = sum.Increased.Add(p.Increased)
		sum.Approved = sum.Approved.Add(p.Approved)
		sum.NetReduced = sum.NetReduced.Add(p.NetReduced)
	}
	assert.Equal(t, total.Projects, sum.Projects)
	for _, pair := range [][2]decimal.Decimal{{total.Submitted, sum.Submitted}, {total.Reduced, sum.Reduced},
		{total.Increased, sum.Increased}, {total.Approved, sum.Approved}, {total.NetReduced, sum.NetReduced}} {
		assert.True(t, pair[0].Equal(pair[1]), "parts sum to %s, total %s", pair[1], pair[0])
	}
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

func TestNewAssessorErrors(t *testing.T) {
	pol := exPolicy()
	pol.Rules.Rules = append(pol.Rules.Rules,
		rules.Rule{ID: "BAD-LINE", When: "Score > 1", Tags: []string{TagLine}}, // Score is a project field
		rules.Rule{ID: "BAD-PROJ", When: "UnitPrice > 1"})                      // UnitPrice is a line field
	pol.Criteria.Thresholds = VerdictThresholds{Support: exDec("50"), Adjust: exDec("70")}
	_, err := NewAssessor(pol, []performance.ExpenditureStandard{{ID: "A"}, {ID: "A"}}, AssessOptions{})
	require.Error(t, err)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"thresholds_inverted"}, ps.Codes())
	msg := err.Error()
	for _, frag := range []string{"BAD-LINE", "BAD-PROJ", "standard id empty or repeated: A"} {
		assert.Contains(t, msg, frag)
	}
}

func FuzzParseExAntePolicy(f *testing.F) {
	b, err := os.ReadFile("../../testdata/exante/policy.json")
	require.NoError(f, err)
	f.Add(b)
	f.Add([]byte(`{"id":"x","rules":{"id":"r","rules":[{"id":"a","when":"New","tags":["line"]}]}}`))
	f.Add([]byte(`{"criteria":{"method":"median"}}`))
	f.Add([]byte(`{"criteria":{"items":[{"id":"A","dimension":"必要性","weight":"-1"}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy(data)
		if err != nil {
			return
		}
		// a parsed policy either compiles or reports why; never panics
		if a, err := NewAssessor(p, nil, AssessOptions{}); err == nil {
			_, _ = a.Assess(&Submission{Round: 1, Project: exProject("P", exLine("x", "y", "1", "1", ""))}, nil)
		}
	})
}

// Item scores computed by rules form one sheet with dimension scores.
func TestAssessScoresFromRules(t *testing.T) {
	var outs []rules.Output
	for _, it := range ThreeEItems() {
		expr := it.Weight.String()
		if it.ID == "C1" { // economy: 12 points less 1 for an over-standard project
			expr = `Category == "超标" ? 11 : 12`
		}
		outs = append(outs, rules.Output{Name: OutScorePrefix + it.ID, Type: rules.TypeNumber, Expr: expr})
	}
	pol := &Policy{ID: "s", Criteria: AssessCriteria{Sheet: SheetThreeE}, Rules: rules.Set{ID: "s", Rules: []rules.Rule{
		{ID: "SCORE", When: "!Assessed", Outputs: outs},
		{ID: "DEV", When: `Kind == "development"`, Outputs: []rules.Output{{Name: OutVerdict, Type: rules.TypeString, Expr: `"support_after_adjustment"`}}},
	}}}
	a, err := NewAssessor(pol, exStandards, AssessOptions{})
	require.NoError(t, err)
	p := exProject("P1", exLine("培训", "一类", "20", "500", "TRAIN"))
	p.Category = "超标"
	as, err := a.Assess(&Submission{Round: 1, Project: p}, exGoals(t))
	require.NoError(t, err)
	require.NotNil(t, as.Score)
	assert.Equal(t, "99", as.Score.Total.String()) // 100 − 1
	assert.Equal(t, RuleExpert, as.Score.Experts[0].Expert)
	assert.Equal(t, Economy, as.Score.Dimensions[2].Dimension)
	assert.Equal(t, "19", as.Score.Dimensions[2].Score.String()) // 11 + 8
	assert.Equal(t, Support, as.Verdict)
	assert.Equal(t, "thresholds", as.VerdictBy)

	// a verdict rule overrides the thresholds whatever the order of firing
	p.Kind = performance.KindDevelopment
	as, err = a.Assess(&Submission{Round: 1, Project: p}, exGoals(t))
	require.NoError(t, err)
	assert.Equal(t, SupportAfterAdjustment, as.Verdict)
	assert.Equal(t, "DEV", as.VerdictBy)

	// experts' sheets take precedence over rule scores
	ex := Expert{ID: "e"}
	for _, it := range ThreeEItems() {
		ex.Scores = append(ex.Scores, ItemScore{Item: it.ID, Score: it.Weight.Sub(exDec("2"))})
	}
	p.Kind = performance.KindRoutine
	as, err = a.Assess(&Submission{Round: 1, Project: p, Experts: []Expert{ex}}, exGoals(t))
	require.NoError(t, err)
	assert.Equal(t, "78", as.Score.Total.String()) // 100 − 11 × 2
	assert.Equal(t, SupportAfterAdjustment, as.Verdict)
}

// Assessments round-trip through JSON: what a service stores, it reads back.
func TestAssessmentJSONRoundTrip(t *testing.T) {
	pol, stds, subs, trees, _ := loadPolicy(t)
	res, err := Assess(pol, stds, subs, trees, AssessOptions{Explain: true})
	require.NoError(t, err)
	b, err := json.Marshal(res)
	require.NoError(t, err)
	var back []*Assessment
	require.NoError(t, json.Unmarshal(b, &back))
	b2, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
	assert.Contains(t, string(b), `"explanation":{"zh":`)
}
