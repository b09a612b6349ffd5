package history_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
)

func num(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func goalsTree(t *testing.T) *goals.Tree {
	t.Helper()
	ind := func(l1, l2, n, tg, w string) goals.Indicator {
		k1, err := goals.ParseLevel1(l1)
		require.NoError(t, err)
		k2, err := goals.ParseLevel2(l2)
		require.NoError(t, err)
		target, err := goals.ParseTarget(tg)
		require.NoError(t, err)
		return goals.Indicator{Level1: k1, Level2: k2, Name: n, Target: target, Weight: num(w)}
	}
	tr, err := goals.NewTree(goals.SelfEvaluation, decimal.Decimal{},
		ind("产出指标", "数量指标", "培训人数", "≥100人", "50"),
		ind("效益指标", "社会效益指标", "服务覆盖人数", "≥5000人", "40"),
		ind("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "10"))
	require.NoError(t, err)
	return tr
}

func monthly(amounts ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(amounts))
	for i, a := range amounts {
		out[i] = num(a)
	}
	return out
}

// handRecords are two records whose decisions under v1 and v2 are worked out
// by hand in TestDiffByHand.
func handRecords(t *testing.T) []*history.Record {
	tree := goalsTree(t)
	training := &history.Record{
		Round: 1,
		Project: performance.Project{
			ID: "T-001", Name: "教师培训", UnitID: "city-jyj-0", FiscalYear: 2022, Kind: performance.KindRoutine,
			Category: "培训", Basis: "年度培训计划", Content: "培训100人",
			Period:          performance.Period{Start: performance.Month{Year: 2022, Month: 1}, End: performance.Month{Year: 2022, Month: 12}},
			TotalInvestment: num("50000"), Amount: num("50000"),
			CostLines: []performance.CostLine{{Item: "培训费", Specification: "一类培训", Quantity: num("100"), Unit: "人·天",
				UnitPrice: num("500"), Amount: num("50000"), StandardID: "STD-TRAIN"}},
		},
		Goals: tree,
		Execution: history.ExecutionRecord{InitialBudget: num("50000"),
			Monthly: monthly("4000", "4000", "4000", "4000", "4000", "4000", "4000", "4000", "2000", "4000", "4000", "4000")},
		Evaluation: history.Evaluation{Source: "self", Score: num("65.0"), Attainment: num("0.9")},
		Requested:  num("60000"),
	}
	upkeep := &history.Record{
		Round: 1,
		Project: performance.Project{
			ID: "T-002", Name: "设备维护", UnitID: "city-jyj-0", FiscalYear: 2022, Kind: performance.KindRoutine,
			Category: "运维", Basis: "部门职责", Content: "设备年度维护",
			Period:          performance.Period{Start: performance.Month{Year: 2022, Month: 1}, End: performance.Month{Year: 2022, Month: 12}},
			TotalInvestment: num("120000"), Amount: num("120000"),
			CostLines: []performance.CostLine{{Item: "设备维护", Specification: "年度维保合同", Quantity: num("1"), Unit: "项",
				UnitPrice: num("120000"), Amount: num("120000")}},
		},
		Goals: tree,
		Execution: history.ExecutionRecord{InitialBudget: num("120000"),
			Monthly: monthly("10000", "10000", "10000", "10000", "10000", "10000", "10000", "10000", "10000", "10000", "10000", "10000")},
		Evaluation: history.Evaluation{Source: "self", Score: num("95"), Attainment: num("0.9")},
		Requested:  num("100000"),
	}
	return []*history.Record{training, upkeep}
}

// TestDiffByHand replays v1 and v2 over two records worked out by hand.
//
// T-001, a training project of 50,000 yuan (100 person-days at 500, under
// the 550 standard, so no line cut):
//   - ex-ante: EA-P01 cuts training by a share of what is left: v1 10% →
//     5,000.00 reduced, 45,000 approved; v2 15% → 7,500.00, 42,500.
//     Approved delta −2,500.00.
//   - monitoring at 30 September: 8 × 4,000 + 2,000 = 34,000 spent of
//     50,000 = 68%, expected 9/12 = 75%: 7 points behind. v1 yellow (within
//     10), v2 red (beyond 5).
//   - grade: 65.0 is 中 nationally (60–80), 差 under v2's 中-from-70.
//   - next year (request 60,000): v1 中 → cut_fair: 60,000 × 0.8 =
//     48,000.00, nothing recovered. v2 差 → suspend_poor, amount 0, and
//     recover_poor recovers the unspent 50,000 − 46,000 = 4,000 (no
//     carry-over). Amount delta −48,000, recovered delta +4,000.
//
// T-002, upkeep of 120,000, on schedule (90,000 by September = 75%, green in
// both), score 95 (优 in both) → prioritize_excellent, amount = request
// 100,000 in both: no change.
func TestDiffByHand(t *testing.T) {
	b := loadBundle(t)
	v1, v2 := b.Program(t, "policy_v1.json"), b.Program(t, "policy_v2.json")
	recs := handRecords(t)
	da, err := v1.Decide(recs)
	require.NoError(t, err)
	db, err := v2.Decide(recs)
	require.NoError(t, err)

	a, bb := da[0], db[0]
	require.NotNil(t, a.ExAnte)
	require.NotNil(t, bb.ExAnte)
	assert.True(t, a.ExAnte.Reduced.Equal(num("5000")), "v1 reduced %s", a.ExAnte.Reduced)
	assert.True(t, a.ExAnte.Approved.Equal(num("45000")), "v1 approved %s", a.ExAnte.Approved)
	assert.True(t, bb.ExAnte.Reduced.Equal(num("7500")), "v2 reduced %s", bb.ExAnte.Reduced)
	assert.Equal(t, []string{"EA-P01"}, a.ExAnte.Fired)
	assert.Equal(t, monitoring.Yellow, a.Alert.Level)
	assert.Equal(t, monitoring.Red, bb.Alert.Level)
	assert.Equal(t, performance.Fair, a.Grade.Grade)
	assert.Equal(t, performance.Poor, bb.Grade.Grade)
	assert.Equal(t, evaluation.ActionCut, a.NextYear.Action)
	assert.True(t, a.NextYear.Amount.Equal(num("48000")), "v1 amount %s", a.NextYear.Amount)
	assert.True(t, a.NextYear.Recovered.IsZero())
	assert.Equal(t, evaluation.ActionSuspend, bb.NextYear.Action)
	assert.True(t, bb.NextYear.Amount.IsZero())
	assert.True(t, bb.NextYear.Recovered.Equal(num("4000")), "v2 recovered %s", bb.NextYear.Recovered)

	c := history.Compare(recs[0], a, bb)
	require.NotNil(t, c)
	assert.Equal(t, []history.ChangeKind{history.ChangeReduction, history.ChangeGrade, history.ChangeAlert,
		history.ChangeAction, history.ChangeAmount, history.ChangeRecovery, history.ChangeRules}, c.Kinds)
	assert.True(t, c.ApprovedDelta.Equal(num("-2500")), "approved delta %s", c.ApprovedDelta)
	assert.True(t, c.AmountDelta.Equal(num("-48000")), "amount delta %s", c.AmountDelta)
	assert.True(t, c.RecoveredDelta.Equal(num("4000")), "recovered delta %s", c.RecoveredDelta)
	assert.Equal(t, []string{"apply:cut_fair", "monitoring:yellow"}, c.FiredOnlyA)
	assert.Equal(t, []string{"apply:recover_poor", "apply:suspend_poor", "monitoring:red"}, c.FiredOnlyB)

	assert.Equal(t, monitoring.Green, da[1].Alert.Level)
	assert.Equal(t, evaluation.ActionPrioritize, da[1].NextYear.Action)
	assert.Nil(t, history.Compare(recs[1], da[1], db[1]), "T-002 does not change")

	rep, err := history.Diff(context.Background(), v1, v2, history.Slice(recs), history.StreamOptions{})
	require.NoError(t, err)
	assert.Equal(t, 2, rep.Records)
	assert.Equal(t, 1, rep.Changed)
	// Grade matrix rows/columns: 未评级 优 良 中 差.
	assert.Equal(t, 1, rep.Grades.Counts[3][4], "中 → 差")
	assert.Equal(t, 1, rep.Grades.Counts[1][1], "优 → 优")
	require.Len(t, rep.Departments, 1)
	d := rep.Departments[0]
	assert.Equal(t, "city-jyj", d.ID)
	assert.Equal(t, "市本级·教育局", d.Name)
	// Approved: A 45,000 + 120,000 = 165,000; B 42,500 + 120,000 = 162,500.
	assert.True(t, d.ApprovedA.Equal(num("165000")), "%s", d.ApprovedA)
	assert.True(t, d.ApprovedDelta.Equal(num("-2500")), "%s", d.ApprovedDelta)
	// Next year: A 48,000 + 100,000 = 148,000; B 0 + 100,000.
	assert.True(t, d.NextYearA.Equal(num("148000")), "%s", d.NextYearA)
	assert.True(t, d.NextYearDelta.Equal(num("-48000")), "%s", d.NextYearDelta)
	assert.True(t, rep.Total.RecoveredDelta.Equal(num("4000")), "%s", rep.Total.RecoveredDelta)
	require.Len(t, rep.Sample, 1)
	assert.Equal(t, "T-001", rep.Sample[0].ProjectID)
}

func TestBundledHistoryShape(t *testing.T) {
	years, projects, n := map[int]int{}, map[string]bool{}, 0
	withGoals, withExec, withDecisions := 0, 0, 0
	for r, err := range history.ReadFile(records()) {
		require.NoError(t, err)
		n++
		years[r.Project.FiscalYear]++
		projects[r.Project.ID] = true
		if r.Goals != nil {
			withGoals++
		}
		if len(r.Execution.Monthly) == 12 {
			withExec++
		}
		if r.Decisions != nil && r.Decisions.ExAnte != nil && r.Decisions.Grade != nil && r.Decisions.NextYear != nil && r.Decisions.Alert != nil {
			withDecisions++
		}
	}
	assert.Len(t, years, 3, "three fiscal years")
	assert.GreaterOrEqual(t, len(projects), 2000, "at least 2,000 projects")
	assert.Equal(t, n, withExec)
	assert.Equal(t, n, withDecisions)
	assert.Greater(t, withGoals, n*9/10)
}

func TestVerifyRecordedDecisions(t *testing.T) {
	b := loadBundle(t)
	v1, v2 := b.Program(t, "policy_v1.json"), b.Program(t, "policy_v2.json")
	ver, err := history.Verify(context.Background(), []*history.Program{v1, v2}, history.ReadFile(records()), history.StreamOptions{})
	require.NoError(t, err)
	assert.True(t, ver.OK(), "%+v", ver)
	assert.Equal(t, ver.Records, ver.Verified)
	assert.Equal(t, 0, ver.Unrecorded)

	// Only v2 known: every record names v1's hash.
	ver, err = history.Verify(context.Background(), []*history.Program{v2}, history.ReadFile(records()), history.StreamOptions{})
	require.NoError(t, err)
	assert.False(t, ver.OK())
	assert.Equal(t, ver.Records, ver.UnknownPolicy)

	// A tampered record (its recorded next-year amount raised by one fen)
	// no longer verifies.
	recs := handRecords(t)
	ds, err := v1.Decide(recs)
	require.NoError(t, err)
	for i := range recs {
		recs[i].Decisions = ds[i]
	}
	tampered := *ds[1].NextYear
	tampered.Amount = tampered.Amount.Add(num("0.01"))
	ds[1].NextYear = &tampered
	ver, err = history.Verify(context.Background(), []*history.Program{v1}, history.Slice(recs), history.StreamOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1, ver.Verified)
	assert.Equal(t, 1, ver.Mismatched)
	require.Len(t, ver.Mismatches, 1)
	assert.Equal(t, "T-002", ver.Mismatches[0].ProjectID)
	assert.Contains(t, ver.Mismatches[0].Recorded, `"amount":"100000.01"`)
}

func TestDiffDeterministicAcrossWorkersAndBatches(t *testing.T) {
	b := loadBundle(t)
	v1, v2 := b.Program(t, "policy_v1.json"), b.Program(t, "policy_v2.json")
	one, err := history.Diff(context.Background(), v1, v2, history.ReadFile(records()), history.StreamOptions{Sample: 8})
	require.NoError(t, err)
	two, err := history.Diff(context.Background(), v1, v2, history.ReadFile(records()), history.StreamOptions{Sample: 8, Workers: 2, Batch: 7})
	require.NoError(t, err)
	j1, err := json.Marshal(one)
	require.NoError(t, err)
	j2, err := json.Marshal(two)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(j1, j2), "reports differ between 1 worker × 256 and 2 workers × 7")

	// The parts add up exactly to the total, by region, department and year.
	for _, parts := range [][]history.Delta{one.Years, one.Regions, one.Departments} {
		var sum history.Delta
		for _, d := range parts {
			sum.Projects += d.Projects
			sum.ApprovedDelta = sum.ApprovedDelta.Add(d.ApprovedDelta)
			sum.NextYearDelta = sum.NextYearDelta.Add(d.NextYearDelta)
			sum.RecoveredDelta = sum.RecoveredDelta.Add(d.RecoveredDelta)
		}
		assert.Equal(t, one.Records, sum.Projects)
		assert.True(t, sum.ApprovedDelta.Equal(one.Total.ApprovedDelta))
		assert.True(t, sum.NextYearDelta.Equal(one.Total.NextYearDelta))
		assert.True(t, sum.RecoveredDelta.Equal(one.Total.RecoveredDelta))
	}
	// Counting the change kinds: every changed record has at least one.
	n := 0
	for _, c := range one.Counts {
		n = max(n, c.Count)
	}
	assert.LessOrEqual(t, n, one.Changed)
	assert.Positive(t, one.Changed)
}

func TestReplaySameAsDiffColumns(t *testing.T) {
	b := loadBundle(t)
	v1, v2 := b.Program(t, "policy_v1.json"), b.Program(t, "policy_v2.json")
	s, err := history.Replay(context.Background(), v1, history.ReadFile(records()), history.StreamOptions{Workers: 2})
	require.NoError(t, err)
	rep, err := history.Diff(context.Background(), v1, v2, history.ReadFile(records()), history.StreamOptions{})
	require.NoError(t, err)
	assert.Equal(t, rep.Records, s.Records)
	assert.True(t, s.Total.ApprovedA.Equal(rep.Total.ApprovedA))
	assert.True(t, s.Total.NextYearA.Equal(rep.Total.NextYearA))
	for i, row := range rep.Grades.Counts {
		total := 0
		for _, n := range row {
			total += n
		}
		assert.Equal(t, total, s.Grades[i], "grade row %d", i)
	}
}

func TestReadKeepsGoingAfterBadLines(t *testing.T) {
	recs := handRecords(t)
	var buf bytes.Buffer
	w := history.NewWriter(&buf)
	require.NoError(t, w.Write(recs[0]))
	require.NoError(t, w.Flush())
	buf.WriteString("{\"round\": 1, \"projekt\": {}}\n")
	buf.WriteString("not json\n")
	require.NoError(t, w.Write(recs[1]))
	require.NoError(t, w.Flush())
	var ids []string
	var errs []error
	for r, err := range history.Read(strings.NewReader(buf.String())) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, r.Project.ID)
	}
	assert.Equal(t, []string{"T-001", "T-002"}, ids)
	require.Len(t, errs, 2)
	var le *history.LineError
	require.True(t, errors.As(errs[0], &le))
	assert.Equal(t, 2, le.Line)
	assert.ErrorIs(t, errs[0], history.ErrRecord)
	assert.Contains(t, errs[0].Error(), `unknown field "projekt"`)
	require.True(t, errors.As(errs[1], &le))
	assert.Equal(t, 3, le.Line)

	// Diff counts the bad lines and still reports the good ones.
	b := loadBundle(t)
	v1, v2 := b.Program(t, "policy_v1.json"), b.Program(t, "policy_v2.json")
	rep, err := history.Diff(context.Background(), v1, v2, history.Read(strings.NewReader(buf.String())), history.StreamOptions{})
	require.Error(t, err)
	assert.Equal(t, 2, rep.Errors)
	assert.Equal(t, 2, rep.Records)
}

func TestParsePolicyErrors(t *testing.T) {
	_, err := history.ParsePolicy([]byte(`{"id": "", "apply": {"projects": {"id": "x", "rules": [{"id": "a", "when": "true", "outputs": [{"name": "action", "typ": "string"}]}]}}, "scheme": {"name": "s", "bands": []}}`))
	require.Error(t, err)
	assert.ErrorIs(t, err, history.ErrPolicy)
	msg := err.Error()
	assert.Contains(t, msg, "id: empty")
	assert.Contains(t, msg, "apply:")
	assert.Contains(t, msg, "scheme:")
}
