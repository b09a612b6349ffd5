package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/tools/gen/sample"
)

// TestHandRound assesses the small round of testdata/exante/handround.json
// (six projects, written by hand, not generated) with the bundled policy
// (testdata/exante/policy.json) and standards, and checks every reduction,
// every project's figures and the round's totals against the working below,
// done by hand from the policy's rules and the standards' caps.
//
// Rules (policy.json): EA-L01 cuts a unit price above its standard to the
// standard, (price − cap) × quantity; EA-L02 cuts a line without a basis
// (no specification) in full; EA-L03 cuts a line repeating an earlier one
// (same item, specification, quantity and unit price) in full; EA-P01 cuts
// training projects by 10% of what is left of each line after the line
// rules. Caps (standards.json): 台式计算机 6,000/台, 打印机 3,000/台,
// 便携式计算机 7,000/台, 道路维修 180/平方米, 培训费 550/人·天, 专家讲课费
// 1,000/学时, 住宿费 350/人·天, 物业管理 60/平方米·年, 公务用车 18,000/辆·年,
// 专家咨询费 1,500/人·次, 会议费 450/人·天.
//
// Scores: three experts each; the trimmed mean drops the highest and the
// lowest total, leaving the middle one. HR-1 to HR-5: totals 90, 88, 86 →
// 88.00 ≥ 80 → 予以支持 (support). HR-6: 74, 72, 70 → 72.00, in 60–<80 →
// 调整完善后予以支持 (support after adjustment); it is routine, so EA-V01
// (development projects below 70) does not apply. HR-2 submits exactly
// 5,000,000 yuan, so EA-M03 (Amount >= 5000000) makes its assessment
// mandatory; it is assessed, so it stays fundable. No project is rejected
// or stopped at a gate: every reduction is a line cut.
//
//	HR-1 设备购置 submitted 50×6,600 + 10×3,000 + 640,000 = 330,000 + 30,000 + 640,000 = 1,000,000
//	  line 0 台式计算机 6,600 > 6,000: EA-L01 (6,600 − 6,000) × 50 = 30,000
//	  line 1 打印机 at its cap, line 2 lump sum with a basis: no cut
//	  reduced 30,000; approved 970,000; rate 30,000 ÷ 1,000,000 = 3.00%
//	HR-2 基建 submitted 10,000×200 + 2,800,000 + 200,000 = 5,000,000
//	  line 0 道路维修 200 > 180: EA-L01 (200 − 180) × 10,000 = 200,000
//	  line 2 工程监理 without a specification: EA-L02 200,000
//	  reduced 400,000; approved 4,600,000; rate 8.00%
//	HR-3 培训 submitted 1,000×600 + 100×1,000 + 800×350 + 800×350 = 600,000 + 100,000 + 280,000 + 280,000 = 1,260,000
//	  line 0 培训费 600 > 550: EA-L01 (600 − 550) × 1,000 = 50,000, leaving 550,000
//	  line 3 repeats line 2: EA-L03 280,000, leaving 0
//	  EA-P01 10% of what is left: line 0 55,000, line 1 10,000, line 2 28,000, line 3 0 (no entry)
//	  reduced 50,000 + 280,000 + 55,000 + 10,000 + 28,000 = 423,000; approved 837,000;
//	  rate 423,000 ÷ 1,260,000 = 0.335714… → 33.57%
//	HR-4 运维 submitted 5,000×60 + 10×18,000 + 520,000 = 300,000 + 180,000 + 520,000 = 1,000,000
//	  every price at its cap, every line with a basis: reduced 0; rate 0.00%
//	HR-5 课题研究 submitted 40×1,800 + 100×450 + 283,000 + 100,000 = 72,000 + 45,000 + 283,000 + 100,000 = 500,000
//	  line 0 专家咨询费 1,800 > 1,500: EA-L01 300 × 40 = 12,000
//	  line 3 不可预见费 without a specification: EA-L02 100,000
//	  reduced 112,000; approved 388,000; rate 22.40%
//	HR-6 设备购置 submitted 20×7,500 + 20×3,500 + 780,000 = 150,000 + 70,000 + 780,000 = 1,000,000
//	  line 0 便携式计算机 7,500 > 7,000: EA-L01 500 × 20 = 10,000
//	  line 1 打印机 3,500 > 3,000: EA-L01 500 × 20 = 10,000
//	  reduced 20,000; approved 980,000; rate 2.00%
//	round: submitted 1,000,000 + 5,000,000 + 1,260,000 + 1,000,000 + 500,000 + 1,000,000 = 9,760,000
//	  reduced 30,000 + 400,000 + 423,000 + 0 + 112,000 + 20,000 = 985,000; approved 8,775,000
//	  rate 985,000 ÷ 9,760,000 = 0.1009221… → 10.09% (two places), 10.1% (one place)
//	  by kind: standard 30,000 + 200,000 + 50,000 + 12,000 + 20,000 = 312,000;
//	  unsupported 200,000 + 100,000 = 300,000; duplicate 280,000; policy 93,000;
//	  312,000 + 300,000 + 280,000 + 93,000 = 985,000
func TestHandRound(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "testdata", "exante")
	b, err := os.ReadFile(filepath.Join(dir, "policy.json"))
	require.NoError(t, err)
	pol, err := exante.ParsePolicy(b)
	require.NoError(t, err)
	var stds []performance.ExpenditureStandard
	var subs []exante.Submission
	for name, v := range map[string]any{"standards.json": &stds, "handround.json": &subs} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		require.NoError(t, performance.DecodeJSON(b, v), name)
	}
	trees := map[string]*goals.Tree{}
	for _, s := range subs {
		tr, err := sample.GoalTree(s.Project.Category)
		require.NoError(t, err)
		trees[s.Project.ID] = tr
	}
	res, err := exante.Assess(pol, stds, subs, trees, exante.AssessOptions{})
	require.NoError(t, err)

	type cut struct {
		line   int
		rule   string
		kind   exante.ReductionKind
		amount string
	}
	std, uns, dup, pcy := exante.ReductionStandard, exante.ReductionUnsupported, exante.ReductionDuplicate, exante.ReductionPolicy
	want := []struct {
		id                           string
		score                        string
		verdict                      exante.Verdict
		required                     bool
		submitted, reduced, approved string
		rate                         string
		cuts                         []cut
	}{
		{"HR-1", "88", exante.Support, false, "1000000", "30000", "970000", "3.00",
			[]cut{{0, "EA-L01", std, "30000"}}},
		{"HR-2", "88", exante.Support, true, "5000000", "400000", "4600000", "8.00",
			[]cut{{0, "EA-L01", std, "200000"}, {2, "EA-L02", uns, "200000"}}},
		{"HR-3", "88", exante.Support, false, "1260000", "423000", "837000", "33.57",
			[]cut{{0, "EA-L01", std, "50000"}, {3, "EA-L03", dup, "280000"},
				{0, "EA-P01", pcy, "55000"}, {1, "EA-P01", pcy, "10000"}, {2, "EA-P01", pcy, "28000"}}},
		{"HR-4", "88", exante.Support, false, "1000000", "0", "1000000", "0.00", nil},
		{"HR-5", "88", exante.Support, false, "500000", "112000", "388000", "22.40",
			[]cut{{0, "EA-L01", std, "12000"}, {3, "EA-L02", uns, "100000"}}},
		{"HR-6", "72", exante.SupportAfterAdjustment, false, "1000000", "20000", "980000", "2.00",
			[]cut{{0, "EA-L01", std, "10000"}, {1, "EA-L01", std, "10000"}}},
	}
	require.Len(t, res, len(want))
	for i, w := range want {
		t.Run(w.id, func(t *testing.T) {
			a := res[i]
			require.Equal(t, w.id, a.ProjectID)
			require.NotNil(t, a.Score)
			assert.True(t, a.Score.Total.Equal(decimal.RequireFromString(w.score)), "score %s, want %s", a.Score.Total, w.score)
			assert.Equal(t, w.verdict, a.Verdict)
			assert.Equal(t, w.required, a.Required)
			assert.True(t, a.Fundable, "gates: %v", a.Gates)
			assert.True(t, a.Submitted.Equal(decimal.RequireFromString(w.submitted)), "submitted %s, want %s", a.Submitted, w.submitted)
			assert.True(t, a.Reduced.Equal(decimal.RequireFromString(w.reduced)), "reduced %s, want %s", a.Reduced, w.reduced)
			assert.True(t, a.Approved.Equal(decimal.RequireFromString(w.approved)), "approved %s, want %s", a.Approved, w.approved)
			r, err := a.ReductionRate()
			require.NoError(t, err)
			assert.Equal(t, w.rate, r.Percent(2).StringFixed(2))
			got := make([]cut, len(a.Reductions))
			for j, x := range a.Reductions {
				got[j] = cut{x.Line, x.RuleID, x.Kind, x.Amount.String()}
			}
			if w.cuts == nil {
				w.cuts = []cut{}
			}
			assert.Equal(t, w.cuts, got)
		})
	}

	sums, err := exante.SummarizeRounds(res, nil, 2)
	require.NoError(t, err)
	require.Len(t, sums, 2) // round 1, then all rounds pooled
	for _, s := range sums {
		f := s.Total
		assert.Equal(t, 6, f.Projects)
		assert.True(t, f.Submitted.Equal(decimal.RequireFromString("9760000")), "submitted %s", f.Submitted)
		assert.True(t, f.Reduced.Equal(decimal.RequireFromString("985000")), "reduced %s", f.Reduced)
		assert.True(t, f.Approved.Equal(decimal.RequireFromString("8775000")), "approved %s", f.Approved)
		assert.Equal(t, "10.09", f.ReductionRate.StringFixed(2))
		rate, err := f.Rate()
		require.NoError(t, err)
		assert.Equal(t, "10.1", rate.Percent(1).StringFixed(1))
		assert.Equal(t, "98.50万元", performance.FormatAmount(f.Reduced, performance.Wan))
	}
	byKind := map[exante.ReductionKind]decimal.Decimal{}
	for _, a := range res {
		for _, x := range a.Reductions {
			byKind[x.Kind] = byKind[x.Kind].Add(x.Amount)
		}
	}
	for k, v := range map[exante.ReductionKind]string{std: "312000", uns: "300000", dup: "280000", pcy: "93000"} {
		assert.True(t, byKind[k].Equal(decimal.RequireFromString(v)), "%s: %s, want %s", k, byKind[k], v)
	}
	assert.Len(t, byKind, 4)
}
