package exante_test

import (
	"os"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The policy sheet adds up to 100, 20 per dimension, its dimensions are
// the five policy ones in order, and each cites 中发〔2018〕34号 四（六） or
// says it is illustrative.
func TestPolicySheet(t *testing.T) {
	s := exante.PolicySheet()
	assert.Equal(t, exante.SheetPolicy, s.ID)
	var codes []exante.Dimension
	for _, d := range s.Dimensions {
		codes = append(codes, d.Code)
		assert.Equal(t, "20", d.Weight.String(), d.Code.String())
		assert.True(t, strings.Contains(d.Source, "中发〔2018〕34号 四（六）") || strings.HasPrefix(d.Source, "illustrative"),
			"%s: source %q", d.Code, d.Source)
		assert.Equal(t, d.Name.ZH, d.Code.Name(performance.LangZH))
	}
	assert.Equal(t, exante.PolicyDimensions(), codes)
	assert.Equal(t, []string{"政策必要性", "政策目标合理性", "政策工具可行性", "资金保障与筹资合规性", "预期效益"},
		[]string{s.Dimensions[0].Name.ZH, s.Dimensions[1].Name.ZH, s.Dimensions[2].Name.ZH, s.Dimensions[3].Name.ZH, s.Dimensions[4].Name.ZH})
	assert.True(t, strings.HasPrefix(s.Dimensions[4].Source, "illustrative"), "预期效益 is not among 34号's contents")
	total := decimal.Zero
	for _, it := range s.Items {
		total = total.Add(it.Weight)
	}
	assert.Equal(t, "100", total.String())
	c := exante.AssessCriteria{Sheet: exante.SheetPolicy}
	require.NoError(t, c.Validate())
	assert.Len(t, c.Resolved().Items, 10)
}

// Zero criteria mean the policy sheet, the same as naming it; the trimmed
// mean, an unscored policy and a rejected one, by hand.
func TestPolicyAssess(t *testing.T) {
	a, err := exante.NewPolicyAssessor(exante.AssessCriteria{Method: exante.CombineTrimmedMean})
	require.NoError(t, err)
	assert.Equal(t, exante.PolicySheet().Items, a.Criteria().Items)
	// Totals 82, 100 (all full marks), 72, 50 (5 each): the trimmed mean
	// drops 100 and 50 and gives (82 + 72) / 2 = 77.
	full := policySheet("C", 10, 10, 10, 10, 10, 10, 10, 10, 12, 8)
	half := policySheet("D", 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)
	as, err := a.Assess([]exante.PolicyProposal{{Policy: performance.PublicPolicy{ID: "P"},
		Experts: []exante.Expert{policySheet("A", 9, 8, 8, 7, 9, 8, 8, 9, 10, 6), full, policySheet("B", 8, 7, 7, 6, 8, 7, 7, 8, 9, 5), half}}})
	require.NoError(t, err)
	require.Len(t, as, 1)
	assert.Equal(t, "77", as[0].Score.Total.String())
	assert.Equal(t, exante.SupportAfterAdjustment, as[0].Verdict)
	assert.True(t, as[0].Score.Experts[1].Dropped && as[0].Score.Experts[3].Dropped)

	// Not scored: no verdict, not fundable, and the reason cites 34号.
	as, err = a.Assess([]exante.PolicyProposal{{Policy: performance.PublicPolicy{ID: "Q"}}})
	require.NoError(t, err)
	assert.Equal(t, exante.VerdictNone, as[0].Verdict)
	assert.False(t, as[0].Fundable)
	assert.Contains(t, as[0].Reason.ZH, "中发〔2018〕34号")

	// 59 points: 6×8 = 48 over PN1…PF2, + 11 + 0 = 59, below 60: 不予支持.
	// 80 points exactly: support (lower bounds are inclusive).
	as, err = a.Assess([]exante.PolicyProposal{
		{Policy: performance.PublicPolicy{ID: "R"}, Experts: []exante.Expert{policySheet("A", 6, 6, 6, 6, 6, 6, 6, 6, 11, 0)}},
		{Policy: performance.PublicPolicy{ID: "S"}, Experts: []exante.Expert{policySheet("A", 8, 8, 8, 8, 8, 8, 8, 8, 10, 6)}},
	})
	require.NoError(t, err)
	assert.Equal(t, "59", as[0].Score.Total.String())
	assert.Equal(t, exante.Reject, as[0].Verdict)
	assert.False(t, as[0].Fundable)
	assert.Equal(t, "80", as[1].Score.Total.String())
	assert.Equal(t, exante.Support, as[1].Verdict)
	assert.True(t, as[1].Fundable)
}

// Every problem of every proposal at once, with paths; the good proposal
// between them is assessed.
func TestPolicyAssessBadInput(t *testing.T) {
	a, err := exante.NewPolicyAssessor(exante.AssessCriteria{})
	require.NoError(t, err)
	bad := policySheet("A", 9, 8, 8, 7, 9, 8, 8, 9, 10, 6)
	bad.Scores[3].Score = decimal.NewFromInt(11) // PO2 weighs 10
	bad.Scores[9].Item = "XX"                    // unknown; PB2 then unscored
	as, err := a.Assess([]exante.PolicyProposal{
		{Policy: performance.PublicPolicy{ID: "", EndYear: 2020, StartYear: 2022, Amount: decimal.NewFromInt(-1), ProjectIDs: []string{"a", "a", ""}}},
		{Policy: performance.PublicPolicy{ID: "OK"}, Experts: []exante.Expert{policySheet("A", 9, 8, 8, 7, 9, 8, 8, 9, 10, 6)}},
		{Policy: performance.PublicPolicy{ID: "OK"}, Experts: []exante.Expert{bad}},
	})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	type cp struct{ code, path string }
	var got []cp
	for _, p := range ps {
		got = append(got, cp{p.Code, p.Path})
	}
	assert.Equal(t, []cp{
		{performance.CodePublicPolicyID, "proposals[0].policy.id"},
		{performance.CodePublicPolicyTerm, "proposals[0].policy.end_year"},
		{performance.CodePublicPolicyAmount, "proposals[0].policy.amount"},
		{performance.CodePublicPolicyProject, "proposals[0].policy.project_ids[1]"},
		{performance.CodePublicPolicyProject, "proposals[0].policy.project_ids[2]"},
		{performance.CodePublicPolicyID, "proposals[2].policy.id"},
		{"score_out_of_range", "proposals[2].experts[0].scores[3].score"},
		{"unknown_item", "proposals[2].experts[0].scores[9].item"},
		{"item_not_scored", "proposals[2].experts[0].scores"},
	}, got)
	require.Len(t, as, 1, "the good proposal is assessed regardless")
	assert.Equal(t, "OK", as[0].PolicyID)
	assert.Equal(t, "82", as[0].Score.Total.String())

	// Bad criteria: every problem at once.
	_, err = exante.NewPolicyAssessor(exante.AssessCriteria{Sheet: "policies", Items: []exante.AssessItem{{ID: "x"}}})
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"sheet_unknown", "sheet_and_items", "item_dimension_invalid", "item_weight_invalid"}, ps.Codes())
	assert.Contains(t, ps[0].Message.EN, exante.SheetPolicy)
}

// The bundled sample proposals read strictly and are assessed without
// problems.
func TestPolicySampleProposals(t *testing.T) {
	data, err := os.ReadFile("testdata/policy_proposals.json")
	require.NoError(t, err)
	var props []exante.PolicyProposal
	require.NoError(t, performance.DecodeJSON(data, &props))
	a, err := exante.NewPolicyAssessor(exante.AssessCriteria{})
	require.NoError(t, err)
	as, err := a.Assess(props)
	require.NoError(t, err)
	require.Len(t, as, 2)
	// P-FARM as in ExamplePolicyAssessor: 82 and 72, mean 77.
	assert.Equal(t, "77", as[0].Score.Total.String())
	assert.False(t, as[1].Fundable)
}

// A sheet written out may name the policy dimensions by their Chinese
// names, read from JSON; the items then resolve to the codes and score as
// the bundled sheet does (82 for expert A, as in ExamplePolicyAssessor).
func TestPolicySheetChineseNames(t *testing.T) {
	var c exante.AssessCriteria
	require.NoError(t, performance.DecodeJSON([]byte(`{"dimensions": [
		{"code": "policy_necessity", "name": {"zh": "政策必要性"}}, {"code": "policy_objectives", "name": {"zh": "政策目标合理性"}},
		{"code": "policy_instruments", "name": {"zh": "政策工具可行性"}}, {"code": "policy_funding", "name": {"zh": "资金保障与筹资合规性"}},
		{"code": "policy_benefit", "name": {"zh": "预期效益"}}],
		"items": [{"id": "PN1", "dimension": "政策必要性", "weight": "10"}, {"id": "PN2", "dimension": "policy_necessity", "weight": "10"},
		{"id": "PO1", "dimension": "政策目标合理性", "weight": "10"}, {"id": "PO2", "dimension": "政策目标合理性", "weight": "10"},
		{"id": "PI1", "dimension": "政策工具可行性", "weight": "10"}, {"id": "PI2", "dimension": "政策工具可行性", "weight": "10"},
		{"id": "PF1", "dimension": "资金保障与筹资合规性", "weight": "10"}, {"id": "PF2", "dimension": "资金保障与筹资合规性", "weight": "10"},
		{"id": "PB1", "dimension": "预期效益", "weight": "12"}, {"id": "PB2", "dimension": "预期效益", "weight": "8"}]}`), &c))
	a, err := exante.NewPolicyAssessor(c)
	require.NoError(t, err)
	for i, it := range a.Criteria().Items {
		assert.Equal(t, exante.PolicySheet().Items[i].Dimension, it.Dimension, it.ID)
	}
	as, err := a.Assess([]exante.PolicyProposal{{Policy: performance.PublicPolicy{ID: "P"},
		Experts: []exante.Expert{policySheet("A", 9, 8, 8, 7, 9, 8, 8, 9, 10, 6)}}})
	require.NoError(t, err)
	assert.Equal(t, "82", as[0].Score.Total.String())
	assert.Equal(t, "16", as[0].Score.Dimensions[4].Score.String(), "预期效益 10+6")
}
