package evaluation_test

import (
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/internal/enumtest"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// rectItems are the items of a key evaluation of P1 and a review that
// found P2 inflated and P3 not self-evaluated, issued 15 March 2022 with
// the default three months: due 30 June 2022.
func rectItems(t *testing.T) []evaluation.RectificationItem {
	t.Helper()
	items, err := evaluation.RectificationsFrom(
		[]evaluation.KeyEvaluation{{ProjectID: "P1", Findings: []string{"资金拨付滞后", " ", "绩效目标不明确"}}},
		&evaluation.Review{Lines: []evaluation.ReviewLine{
			{ProjectID: "P4", UnitID: "U4"},
			{ProjectID: "P3", UnitID: "U3", SelfMissing: true},
			{ProjectID: "P2", UnitID: "U2", Inflated: true, Gap: decimal.RequireFromString("12.5")},
		}},
		map[string]string{"P1": "U1"}, evaluation.RectificationPlan{Issued: ymd(2022, 3, 15)})
	require.NoError(t, err)
	return items
}

func TestRectificationsFrom(t *testing.T) {
	items := rectItems(t)
	type row struct{ id, unit, source, finding, due string }
	var got []row
	for _, it := range items {
		got = append(got, row{it.ID, it.Owner, it.Source, it.Finding, it.Due.Format(time.DateOnly)})
	}
	// The blank second finding is no item; its number is kept by the third.
	assert.Equal(t, []row{
		{"P1-K1", "U1", "key_evaluation", "资金拨付滞后", "2022-06-30"},
		{"P1-K3", "U1", "key_evaluation", "绩效目标不明确", "2022-06-30"},
		{"P2-R1", "U2", "review", "自评结果虚高 12.50 分", "2022-06-30"},
		{"P3-R1", "U3", "review", "未开展绩效自评", "2022-06-30"},
	}, got)

	// 31 January + 1 month is the end of February.
	it, err := evaluation.RectificationsFrom([]evaluation.KeyEvaluation{{ProjectID: "P", Findings: []string{"x"}}}, nil, nil,
		evaluation.RectificationPlan{Issued: ymd(2023, 1, 31), DueMonths: 1})
	require.NoError(t, err)
	assert.Equal(t, ymd(2023, 2, 28), it[0].Due)

	_, err = evaluation.RectificationsFrom(nil, nil, nil, evaluation.RectificationPlan{DueMonths: 121})
	var le *performance.LimitError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "due_months", le.Path)
}

// TestRecordCompletions works the statuses by hand at two dates.
func TestRecordCompletions(t *testing.T) {
	items, ps := evaluation.RecordCompletions(rectItems(t), []evaluation.CompletionReport{
		{ItemID: "P1-K1", Date: ymd(2022, 5, 20), Evidence: []string{"拨付凭证"}},
		{ItemID: "P1-K3", Date: ymd(2022, 7, 10), Evidence: []string{"修订后的绩效目标"}},
		{ItemID: "P2-R1", Date: ymd(2022, 6, 1), Evidence: []string{"重新自评表"}, Rejected: true},
		{ItemID: "PX-K1", Date: ymd(2022, 6, 1), Evidence: []string{"x"}},
		{ItemID: "P1-K1", Date: ymd(2022, 6, 1), Evidence: []string{"x"}},
		{ItemID: "P3-R1", Date: ymd(2022, 6, 1)},
		{ItemID: "P1-K3", Date: ymd(2022, 3, 1), Evidence: []string{"x"}},
	}, []evaluation.Clearance{
		{ProjectID: "P3", Date: ymd(2022, 9, 30)},
		{ProjectID: "P3", Date: ymd(2022, 3, 1)}, // before the item: not evidence of it
	})
	assert.Equal(t, []string{"unknown_item", "duplicate_report", "no_evidence", "duplicate_report"}, ps.Codes())
	assert.Equal(t, "reports[5].evidence", ps[2].Path)
	// P3 reported nothing: completion inferred from the check of 30
	// September, the fallback.
	require.Len(t, items, 4)
	assert.True(t, items[3].Inferred)
	assert.Equal(t, ymd(2022, 9, 30), items[3].Completed)
	assert.False(t, items[0].Inferred)

	// On 1 July: P1-K1 done (20 May ≤ 30 June); P1-K3 not yet completed
	// and past due: overdue; P2-R1 rejected: unsatisfactory; P3-R1 not yet
	// completed (30 September is later): overdue.
	s := evaluation.SummarizeRectifications(items, ymd(2022, 7, 1))
	assert.Equal(t, evaluation.RectificationSummary{Items: 2, Done: 1, Overdue: 1}, s["P1"])
	assert.Equal(t, evaluation.RectificationSummary{Items: 1, Unsatisfactory: 1}, s["P2"])
	assert.Equal(t, evaluation.RectificationSummary{Items: 1, Overdue: 1}, s["P3"])
	// On 31 October: P1-K3 completed 10 July, late; P3-R1 late, inferred.
	s = evaluation.SummarizeRectifications(items, ymd(2022, 10, 31))
	assert.Equal(t, evaluation.RectificationSummary{Items: 2, Done: 1, Late: 1}, s["P1"])
	assert.Equal(t, evaluation.RectificationSummary{Items: 1, Late: 1, Inferred: 1}, s["P3"])
	// On 20 June nothing is due yet: P1-K3 and P3-R1 open.
	assert.Equal(t, evaluation.RectifyOpen, items[1].Status(ymd(2022, 6, 20)))
	assert.Equal(t, evaluation.RectifyDone, items[0].Status(ymd(2022, 6, 30)))
}

// TestApplyRectification: overdue or unsatisfactory rectification cuts
// further, as rule-set data: P2 (中, unsatisfactory) is cut by 30% by the
// rectification rule, which outranks the 20% cut of 中 that P3 (中,
// rectified late) gets; P1 (良, rectified) keeps its request.
func TestApplyRectification(t *testing.T) {
	pol, err := evaluation.ParseApplyPolicy([]byte(`{"projects": {"id": "apply-rect", "version": "1", "rules": [
	  {"id": "cut_unrectified", "name": "未按期整改或整改不到位，按30%调减", "priority": 75, "group": "action",
	   "when": "RectifyOverdue + RectifyUnsatisfactory > 0",
	   "outputs": [{"name": "action", "type": "string", "expr": "\"cut\""}, {"name": "amount", "type": "money", "expr": "round(Requested * 0.7, 2)"}]},
	  {"id": "cut_fair", "name": "评为中，按20%调减", "priority": 70, "group": "action",
	   "when": "Grade == \"中\"",
	   "outputs": [{"name": "action", "type": "string", "expr": "\"cut\""}, {"name": "amount", "type": "money", "expr": "round(Requested * 0.8, 2)"}]}
	]}}`))
	require.NoError(t, err)
	prog, err := pol.Compile()
	require.NoError(t, err)
	items, _ := evaluation.RecordCompletions(rectItems(t), []evaluation.CompletionReport{
		{ItemID: "P1-K1", Date: ymd(2022, 5, 20), Evidence: []string{"e"}},
		{ItemID: "P1-K3", Date: ymd(2022, 6, 10), Evidence: []string{"e"}},
		{ItemID: "P2-R1", Date: ymd(2022, 6, 1), Evidence: []string{"e"}, Rejected: true},
	}, []evaluation.Clearance{{ProjectID: "P3", Date: ymd(2022, 9, 30)}})
	sum := evaluation.SummarizeRectifications(items, ymd(2022, 10, 31))
	million := decimal.NewFromInt(1_000_000)
	outcome := func(id string, g performance.Grade) evaluation.ProjectOutcome {
		return evaluation.ProjectOutcome{ProjectID: id, UnitID: "U", Grade: g, Requested: million, Rectification: sum[id]}
	}
	org, err := performance.NewOrg([]performance.Node{{ID: "R", Name: "市本级", Kind: performance.NodeRegion},
		{ID: "D", Name: "教育局", Kind: performance.NodeDepartment, Parent: "R"}, {ID: "U", Name: "一中", Kind: performance.NodeUnit, Parent: "D"}})
	require.NoError(t, err)
	ny, err := prog.Apply([]evaluation.ProjectOutcome{outcome("P1", performance.Good), outcome("P2", performance.Fair), outcome("P3", performance.Fair)},
		nil, org, ymd(2022, 10, 31))
	require.NoError(t, err)
	got := map[string]string{}
	for _, c := range ny.Projects {
		got[c.ProjectID] = c.Amount.String() + " " + c.Rule
	}
	assert.Equal(t, map[string]string{"P1": "1000000 ", "P2": "700000 cut_unrectified", "P3": "800000 cut_fair"}, got)
}

func TestRectifyStatusEnum(t *testing.T) {
	enumtest.Check(t, evaluation.ParseRectifyStatus, []enumtest.Case[evaluation.RectifyStatus]{
		enumtest.C(evaluation.RectifyOpen, "open", "整改中"),
		enumtest.C(evaluation.RectifyDone, "done", "已整改"),
		enumtest.C(evaluation.RectifyLate, "late", "逾期整改"),
		enumtest.C(evaluation.RectifyOverdue, "overdue", "逾期未整改"),
		enumtest.C(evaluation.RectifyUnsatisfactory, "unsatisfactory", "整改不到位"),
	}, "搁置", `evaluation: unknown rectification status "搁置" (want open, done, late, overdue or unsatisfactory; 整改中, 已整改, 逾期整改, 逾期未整改 or 整改不到位)`)
}
