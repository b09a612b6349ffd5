package exante

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

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
