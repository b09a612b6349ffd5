package monitoring_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// formTree is one project's goals: a cumulative count, a rate and a
// qualitative indicator.
func formTree(t *testing.T) *goals.Tree {
	t.Helper()
	ind := func(id string, l1 goals.Level1, l2 goals.Level2, name, tg, w string) goals.Indicator {
		return goals.Indicator{ID: id, Level1: l1, Level2: l2, Name: name, Target: target(t, tg), Weight: dec(w)}
	}
	tree, err := goals.NewTree(goals.SelfEvaluation, decimal.Zero,
		ind("i1", goals.Output, goals.Quantity, "培训人数", "≥1000人", "50"),
		ind("i2", goals.Output, goals.Quality, "合格率", "≥95%", "30"),
		ind("i3", goals.Benefit, goals.SocialBenefit, "社会效益", "明显提升", "20"),
	)
	require.NoError(t, err)
	return tree
}

// formCheck is the check of 30 June 2021 (expected 6/12 = 50%, yellow gap
// 10 points) of three projects of 1,000,000 yuan: P1 has spent 200,000
// (20%, 30 points behind: red), P2 450,000 (45%, 5 behind: yellow), P3
// 500,000 (50%: green).
func formCheck(t *testing.T) (*monitoring.Monitor, *monitoring.Report, map[string]*goals.Tree) {
	t.Helper()
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, []monitoring.Budget{
		budget("P1", "U1", "1000000"), budget("P2", "U1", "1000000"), budget("P3", "U2", "1000000")}, nil)
	require.NoError(t, err)
	asOf := day(2021, 6, 30)
	l := mustLedger(t, 2021, asOf, rec("P1", day(2021, 3, 1), "200000"), rec("P2", day(2021, 5, 1), "450000"), rec("P3", day(2021, 6, 1), "500000"))
	rep, err := m.Check(asOf, l, monitoring.State{})
	require.NoError(t, err)
	tree := formTree(t)
	return m, rep, map[string]*goals.Tree{"P1": tree, "P2": tree, "P3": tree}
}

func line(ind, actual, projected string, lk monitoring.Likelihood, c monitoring.Cause, measure string) monitoring.FormIndicator {
	fi := monitoring.FormIndicator{Indicator: ind, Likelihood: lk, Cause: c, Measure: measure}
	if actual != "" {
		fi.Actual = nd(actual)
	}
	if projected != "" {
		fi.Projected = nd(projected)
	}
	return fi
}

func handForms() []monitoring.Form {
	q2 := day(2021, 6, 30)
	return []monitoring.Form{
		{ProjectID: "P1", AsOf: q2, Executed: nd("200000"), Indicators: []monitoring.FormIndicator{
			line("i1", "300", "1000", monitoring.Possible, monitoring.CauseFunding, "加快资金拨付"),
			line("i2", "96", "96", monitoring.Certain, monitoring.CauseNone, ""),
			line("i3", "", "", monitoring.Certain, monitoring.CauseNone, ""),
			line("i9", "1", "1", monitoring.Certain, monitoring.CauseNone, ""),
		}},
		{ProjectID: "P2", AsOf: q2, Executed: nd("460000"), Indicators: []monitoring.FormIndicator{
			line("i1", "500", "900", monitoring.Impossible, monitoring.CauseOther, ""),
			line("i2", "90", "94", monitoring.Certain, monitoring.CauseNone, ""),
		}},
		{ProjectID: "PX", AsOf: q2},
		{ProjectID: "P1", AsOf: q2},
		{ProjectID: "P3", AsOf: day(2021, 3, 31)},
	}
}

func findLine(t *testing.T, r monitoring.FormResult, ind string) monitoring.FormLine {
	t.Helper()
	for _, l := range r.Lines {
		if l.Indicator == ind {
			return l
		}
	}
	t.Fatalf("no line %s in %s", ind, r.ProjectID)
	return monitoring.FormLine{}
}

// TestReviewFormsHandWorked checks the review of two forms against figures
// worked by hand.
func TestReviewFormsHandWorked(t *testing.T) {
	m, rep, trees := formCheck(t)
	forms := handForms()
	// A line naming no indicator (only the API lets one through) is
	// unknown, not matched to an indicator without an ID.
	forms[0].Indicators = append(forms[0].Indicators, line("", "1", "1", monitoring.Certain, monitoring.CauseNone, ""))
	rv := m.ReviewForms(rep, trees, forms, monitoring.FormPolicy{})
	require.Len(t, rv.Projects, 2)
	p1, p2 := rv.Projects[0], rv.Projects[1]

	// P1, i1 (≥1000人, cumulative): 300 done by 30 June. Behind: 300/1000 =
	// 30% < 50% − 10% = 40%. Likelihood 有可能 deviates too; the projection
	// 1000 meets the target. Optimistic: the first half did 300, the second
	// must do 700, 2.33 times as fast (> 2): (1000−300)·6 = 4200 >
	// 2·300·(12−6) = 3600. Cause and measure are stated.
	l := findLine(t, p1, "i1")
	assert.True(t, l.Deviating)
	assert.Equal(t, []string{"likelihood", "behind"}, l.Deviations)
	assert.Equal(t, []string{"projection_optimistic"}, l.Findings)
	// i2 (≥95%): 96 projected, 确定能: no deviation, no finding; i3
	// qualitative, 确定能: none.
	assert.False(t, findLine(t, p1, "i2").Deviating)
	assert.Empty(t, findLine(t, p1, "i2").Findings)
	assert.Empty(t, findLine(t, p1, "i3").Findings)
	// P1 is red (20% against 50%) with goals at risk: suspend.
	assert.Equal(t, monitoring.Red, p1.Level)
	assert.Equal(t, monitoring.OutlookAtRisk, p1.Outlook)
	assert.Equal(t, monitoring.RecommendSuspend, p1.Recommendation)
	assert.Equal(t, monitoring.Suspend, p1.Recommendation.Action())
	assert.Empty(t, p1.Findings, "stated 200,000 = ledger 200,000")
	assert.False(t, p1.Passed)

	// P2, i1: 完全不可能 with 900 projected (misses ≥1000): deviates twice,
	// consistent; 500/1000 = 50% is not behind 40%. Cause 其他 without a
	// note, no measure.
	l = findLine(t, p2, "i1")
	assert.Equal(t, []string{"likelihood", "projected_misses_target"}, l.Deviations)
	assert.Equal(t, []string{"cause_note_missing", "measure_missing"}, l.Findings)
	// i2: 确定能 but 94 misses ≥95: deviates, contradicts, no cause, no
	// measure.
	l = findLine(t, p2, "i2")
	assert.Equal(t, []string{"projected_misses_target"}, l.Deviations)
	assert.Equal(t, []string{"cause_missing", "measure_missing", "likelihood_contradicts_projection"}, l.Findings)
	// i3 not on the form.
	assert.Equal(t, []string{"not_reported"}, findLine(t, p2, "i3").Findings)
	// Stated 460,000, ledger 450,000; yellow with an unattainable goal:
	// adjust the goals.
	assert.Equal(t, []string{"executed_mismatch"}, p2.Findings)
	assert.Equal(t, monitoring.Yellow, p2.Level)
	assert.Equal(t, monitoring.OutlookUnattainable, p2.Outlook)
	assert.Equal(t, monitoring.RecommendAdjustGoals, p2.Recommendation)

	assert.Equal(t, []string{"P3"}, rv.Missing, "P3's only form is dated 31 March")
	assert.Equal(t, monitoring.FormTally{Reviewed: 2, AdjustGoals: 1, Suspend: 1}, rv.Tally)
	got := map[string]string{}
	for _, p := range rv.Problems {
		got[p.Path] = p.Code
	}
	assert.Equal(t, map[string]string{
		"forms[0].indicators[3].indicator": "unknown_indicator",
		"forms[0].indicators[4].indicator": "unknown_indicator",
		"forms[2].project_id":              "unknown_project",
		"forms[3].project_id":              "duplicate_form",
		"forms[4].as_of":                   "other_date",
	}, got)
}

// TestReviewFormsProjections checks the projection rules at their edges.
func TestReviewFormsProjections(t *testing.T) {
	m, rep, trees := formCheck(t)
	review := func(fi monitoring.FormIndicator, fp monitoring.FormPolicy) monitoring.FormLine {
		rv := m.ReviewForms(rep, trees, []monitoring.Form{{ProjectID: "P3", AsOf: day(2021, 6, 30), Indicators: []monitoring.FormIndicator{fi}}}, fp)
		require.Len(t, rv.Projects, 1)
		return findLine(t, rv.Projects[0], fi.Indicator)
	}
	// 400 done, 1000 projected: the second half must do 600, 1.5 times the
	// first: (1000−400)·6 = 3600 ≤ 2·400·6 = 4800: not flagged.
	assert.Empty(t, review(line("i1", "400", "1000", monitoring.Certain, 0, ""), monitoring.FormPolicy{}).Findings)
	// Exactly twice as fast, 400 done and 1200 projected: 800·6 = 4800 =
	// 2·400·6, not above: not flagged; with catch-up 1.5, 4800 > 3600:
	// flagged.
	assert.Empty(t, review(line("i1", "400", "1200", monitoring.Certain, 0, ""), monitoring.FormPolicy{}).Findings)
	assert.Equal(t, []string{"projection_optimistic"},
		review(line("i1", "400", "1200", monitoring.Certain, 0, ""), monitoring.FormPolicy{CatchUp: dec("1.5")}).Findings)
	// A cumulative projection below the actual: 600 done, 500 projected;
	// 500 misses 1000, so 确定能 contradicts it, and it deviates without a
	// cause or measure.
	assert.Equal(t, []string{"cause_missing", "measure_missing", "projection_below_actual", "likelihood_contradicts_projection"},
		review(line("i1", "600", "500", monitoring.Certain, 0, ""), monitoring.FormPolicy{}).Findings)
	// No likelihood and no projection on a quantitative line.
	assert.Equal(t, []string{"likelihood_missing", "projection_missing"},
		review(line("i2", "96", "", monitoring.LikelihoodUnknown, 0, ""), monitoring.FormPolicy{}).Findings)
	// 完全不可能 with a projection that meets the target contradicts it.
	assert.Contains(t, review(line("i2", "96", "96", monitoring.Impossible, monitoring.CauseStaffing, "x"), monitoring.FormPolicy{}).Findings,
		"likelihood_contradicts_projection")
}

// TestReviewFormsYearEnd: on 31 December (expected 12/12) a projection
// above the actual is out of line: (1000−900)·12 > 2·900·0.
func TestReviewFormsYearEnd(t *testing.T) {
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, []monitoring.Budget{budget("P1", "U1", "100")}, nil)
	require.NoError(t, err)
	end := day(2021, 12, 31)
	rep, err := m.Check(end, mustLedger(t, 2021, end, rec("P1", day(2021, 3, 1), "100")), monitoring.State{})
	require.NoError(t, err)
	rv := m.ReviewForms(rep, map[string]*goals.Tree{"P1": formTree(t)}, []monitoring.Form{{ProjectID: "P1", AsOf: end,
		Indicators: []monitoring.FormIndicator{line("i1", "900", "1000", monitoring.Certain, 0, ""),
			line("i2", "96", "96", monitoring.Certain, 0, ""), line("i3", "", "", monitoring.Certain, 0, "")}}}, monitoring.FormPolicy{})
	require.Len(t, rv.Projects, 1)
	// 900 of 1000 at 100% expected: 90% < 100% − 10%? No: 90 is not below
	// 90, so not behind; only the projection is flagged.
	assert.Equal(t, []string{"projection_optimistic"}, findLine(t, rv.Projects[0], "i1").Findings)
	assert.Equal(t, monitoring.RecommendContinue, rv.Projects[0].Recommendation, "green, on track")
}

func TestFormPolicyValidate(t *testing.T) {
	require.NoError(t, monitoring.DefaultFormPolicy().Validate())
	bad := monitoring.FormPolicy{CatchUp: dec("-1"), ExecutedTolerance: dec("-0.01"), Matrix: []monitoring.FormRule{
		{Level: monitoring.Red, Outlook: monitoring.OutlookAtRisk, Recommendation: monitoring.RecommendSuspend},
		{Level: monitoring.Red, Outlook: monitoring.OutlookAtRisk, Recommendation: monitoring.RecommendRecover},
		{Level: monitoring.Green},
	}}
	var ps performance.Problems
	require.ErrorAs(t, bad.Validate(), &ps)
	assert.Equal(t, []string{"negative", "negative", "duplicate_cell", "bad_outlook"}, ps.Codes())
	assert.Equal(t, "matrix[1]", ps[2].Path)

	// A matrix without the cell of a result: no recommendation, "no_rule".
	m, rep, trees := formCheck(t)
	rv := m.ReviewForms(rep, trees, []monitoring.Form{{ProjectID: "P3", AsOf: day(2021, 6, 30), Indicators: []monitoring.FormIndicator{
		line("i1", "500", "1000", monitoring.Certain, 0, ""), line("i2", "96", "96", monitoring.Certain, 0, ""), line("i3", "", "", monitoring.Certain, 0, "")}}},
		monitoring.FormPolicy{Matrix: bad.Matrix[:1]})
	assert.Equal(t, monitoring.RecommendNone, rv.Projects[0].Recommendation)
	assert.Equal(t, []string{"no_rule"}, rv.Projects[0].Findings)
}

func TestParseFormsJSON(t *testing.T) {
	forms, err := monitoring.ParseForms([]byte(`[
	 {"project_id": "P1", "as_of": "2021-06-30T00:00:00Z", "executed": 200000,
	  "indicators": [{"indicator": "i1", "actual": "300", "projected": 1000, "likelihood": "有可能", "cause": "经费保障", "measure": "加快资金拨付"}]}
	]`))
	require.NoError(t, err)
	require.Len(t, forms, 1)
	assert.True(t, forms[0].Executed.Decimal.Equal(dec("200000")))
	assert.Equal(t, day(2021, 6, 30), forms[0].AsOf)
	assert.Equal(t, monitoring.Possible, forms[0].Indicators[0].Likelihood)
	assert.Equal(t, monitoring.CauseFunding, forms[0].Indicators[0].Cause)

	// What encoding/json writes reads back the same.
	want := handForms()[:2]
	b, err := json.Marshal(want)
	require.NoError(t, err)
	got, err := monitoring.ParseForms(b)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, want[1].Indicators[0].Likelihood, got[1].Indicators[0].Likelihood)
	assert.True(t, want[1].Executed.Decimal.Equal(got[1].Executed.Decimal))
	assert.Equal(t, len(want[0].Indicators), len(got[0].Indicators))
}

// TestParseFormsBad: every problem at once, with paths; the good form is
// kept.
func TestParseFormsBad(t *testing.T) {
	forms, err := monitoring.ParseForms([]byte(`[
	 {"project_id": "", "as_of": "2021-13-01", "executed": "1e999999999",
	  "indicators": [{"indicator": "i1", "actual": "abc", "likelihood": "maybe", "cause": "天气"},
	                 {"indicator": "", "projected": true}]},
	 {"project_id": "P2", "as_of": "2021-06-30T00:00:00Z", "indicators": []}
	]`))
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	got := map[string]string{}
	for _, p := range ps {
		got[p.Path] = p.Code
	}
	assert.Equal(t, map[string]string{
		"[0].project_id":               "missing_project_id",
		"[0].as_of":                    "bad_date",
		"[0].executed":                 performance.CodeLimit,
		"[0].indicators[0].actual":     "bad_number",
		"[0].indicators[0].likelihood": "bad_value",
		"[0].indicators[0].cause":      "bad_value",
		"[0].indicators[1].indicator":  "missing_indicator",
		"[0].indicators[1].projected":  "bad_number",
	}, got)
	require.Len(t, forms, 1)
	assert.Equal(t, "P2", forms[0].ProjectID)

	// Unknown members, all at once, before values.
	_, err = monitoring.ParseForms([]byte(`[{"project_id": "P1", "asof": "x", "indicators": [{"indicatr": "i1"}]}]`))
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{performance.CodeUnknownField, performance.CodeUnknownField}, ps.Codes())
	assert.Equal(t, "[0].asof", ps[0].Path)
}

func TestReadFormsCSV(t *testing.T) {
	in := "项目编号,截至日期,执行数,指标,截至目前完成值,全年预计完成值,完成目标可能性,偏差原因,原因说明,纠偏措施\n" +
		"P1,2021-06-30,200000,i1,300,1000,有可能,经费保障,,加快资金拨付\n" +
		"P1,2021-06-30,,i2,96,96,确定能,,,\n" +
		"P2,2021-06-30,460000,i1,500,900,完全不可能,其他,培训场地改建,\n"
	forms, bad, err := monitoring.ReadForms(strings.NewReader(in))
	require.NoError(t, err)
	assert.Empty(t, bad)
	require.Len(t, forms, 2)
	assert.Len(t, forms[0].Indicators, 2)
	assert.True(t, forms[0].Executed.Decimal.Equal(dec("200000")), "executed given on the first row only")
	assert.Equal(t, "培训场地改建", forms[1].Indicators[0].CauseNote)
	assert.Equal(t, monitoring.CauseOther, forms[1].Indicators[0].Cause)
}

// TestReadFormsCSVBad: every bad row at once with its line and column; the
// good rows are kept.
func TestReadFormsCSVBad(t *testing.T) {
	in := "project_id,as_of,executed,indicator,actual,projected,likelihood,cause\n" +
		"P1,2021-06-30,200000,i1,300,1000,possible,funding\n" + // 2: good
		",2021-06-30,,i2,96,96,certain,\n" + // 3: no project
		"P1,2021-06-31,,i2,96,96,certain,\n" + // 4: bad date
		"P1,2021-06-30,199999,i3,,,certain,\n" + // 5: disagrees with line 2
		"P1,2021-06-30,,i4,x,1,perhaps,weather\n" + // 6: three bad cells
		"P1,2021-06-30,,i5,1,1\n" + // 7: too few fields
		"P2,2021-06-30,,i1,1,1,certain,\n" // 8: good
	forms, bad, err := monitoring.ReadForms(strings.NewReader(in))
	require.NoError(t, err)
	type at struct {
		line int
		col  string
	}
	var got []at
	for _, pe := range bad {
		got = append(got, at{pe.Line, pe.Field})
	}
	assert.Equal(t, []at{{3, "project_id"}, {4, "as_of"}, {5, "executed"}, {6, "actual"}, {6, "likelihood"}, {6, "cause"}, {7, ""}}, got)
	assert.True(t, errors.Is(bad[0], monitoring.ErrMissingProject))
	assert.True(t, errors.Is(bad[4], monitoring.ErrUnknownName))
	assert.True(t, errors.Is(bad[6], monitoring.ErrFieldCount) || strings.Contains(bad[6].Error(), "field"), "%v", bad[6])
	require.Len(t, forms, 2)
	assert.Len(t, forms[0].Indicators, 1)

	_, _, err = monitoring.ReadForms(strings.NewReader("project_id,indicator\nP1,i1\n"))
	require.ErrorIs(t, err, monitoring.ErrHeader)
	var pe *monitoring.RowError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "as_of", pe.Field)
	_, _, err = monitoring.ReadForms(strings.NewReader(""))
	require.ErrorIs(t, err, monitoring.ErrHeader)
}

func TestFormReviewWriteText(t *testing.T) {
	m, rep, trees := formCheck(t)
	rv := m.ReviewForms(rep, trees, handForms(), monitoring.FormPolicy{})
	var zh, en bytes.Buffer
	require.NoError(t, rv.WriteText(&zh, performance.LangZH))
	require.NoError(t, rv.WriteText(&en, performance.LangEN))
	assert.Contains(t, zh.String(), "监控表审核（截至2021-06-30）：审核2份，合格0份；继续执行0，调整目标1，暂缓拨款1，收回资金0；未报送1个项目。")
	assert.Contains(t, zh.String(), "暂缓拨款")
	assert.Contains(t, en.String(), "Monitoring forms as of 2021-06-30: 2 reviewed, 0 passed")
	assert.Contains(t, en.String(), "forms[2].project_id")
}
