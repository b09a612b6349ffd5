package monitoring_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func budget(id, unit, initial string) monitoring.Budget {
	return monitoring.Budget{ProjectID: id, Name: "项目" + id, UnitID: unit, Initial: dec(initial)}
}

func rec(id string, d time.Time, amount string) monitoring.Record {
	return monitoring.Record{ProjectID: id, Date: d, Amount: dec(amount)}
}

func mustLedger(t *testing.T, year int, asOf time.Time, rs ...monitoring.Record) *monitoring.Ledger {
	t.Helper()
	l, err := monitoring.Aggregate(context.Background(), year, asOf, seq(rs...))
	require.NoError(t, err)
	return l
}

func status(t *testing.T, r *monitoring.Report, id string) monitoring.Status {
	t.Helper()
	s, ok := r.Status(id)
	require.True(t, ok, "no status for %s", id)
	return s
}

// TestCheckHandWorked checks rates, deviations and levels at the end of Q2
// (expected progress 6/12 = 50%) against figures worked by hand.
func TestCheckHandWorked(t *testing.T) {
	budgets := []monitoring.Budget{
		budget("A", "U1", "1000000"),
		budget("B", "U1", "1000000"),
		budget("C", "U1", "1000000"),
		budget("D", "U2", "3"),
		budget("E", "U2", "900000"),
	}
	adjustments := []monitoring.Adjustment{
		{ProjectID: "E", Date: day(2021, 5, 10), Amount: dec("100000")}, // 追加
		{ProjectID: "E", Date: day(2021, 7, 1), Amount: dec("-500000")}, // 调减 after the check: not counted
	}
	asOf := day(2021, 6, 30)
	l := mustLedger(t, 2021, asOf,
		rec("A", day(2021, 3, 1), "600000"),
		rec("B", day(2021, 6, 30), "450000"),
		rec("C", day(2021, 2, 1), "400000"),
		rec("D", day(2021, 1, 1), "1"),
		rec("E", day(2021, 6, 1), "390000"),
	)
	type want struct {
		rate, dev string // percent and points, 2 places half up
		level     monitoring.Level
		shortfall string
	}
	run := func(t *testing.T, base string, wants map[string]want) {
		p := monitoring.DefaultPolicy()
		require.NoError(t, p.Base.UnmarshalText([]byte(base)))
		m, err := monitoring.New(2021, p, nil, budgets, adjustments)
		require.NoError(t, err)
		r, err := m.Check(asOf, l, monitoring.State{})
		require.NoError(t, err)
		assert.Equal(t, 2, r.Quarter)
		for id, w := range wants {
			s := status(t, r, id)
			assert.Equal(t, w.rate, s.Rate.Percent(2).StringFixed(2), "%s rate", id)
			assert.Equal(t, w.dev, s.Points(2).StringFixed(2), "%s deviation", id)
			assert.Equal(t, w.level, s.Level, "%s level", id)
			assert.True(t, s.Shortfall.Equal(dec(w.shortfall)), "%s shortfall %s want %s", id, s.Shortfall, w.shortfall)
		}
	}
	t.Run("adjusted budget", func(t *testing.T) {
		run(t, "", map[string]want{
			// 600000 ÷ 1000000 = 60%; 60 − 50 = +10 points: green.
			"A": {"60.00", "10.00", monitoring.Green, "0"},
			// 45% − 50% = −5: yellow; shortfall 500000 − 450000 = 50000.
			"B": {"45.00", "-5.00", monitoring.Yellow, "50000"},
			// 40% − 50% = −10 exactly: still yellow (behind by ≤ 10).
			"C": {"40.00", "-10.00", monitoring.Yellow, "100000"},
			// 1 ÷ 3 − 1/2 = −1/6 = −16.666…: red; shortfall 1.5 − 1 = 0.5.
			"D": {"33.33", "-16.67", monitoring.Red, "0.5"},
			// adjusted 900000 + 100000 = 1000000; 39% − 50% = −11: red.
			"E": {"39.00", "-11.00", monitoring.Red, "110000"},
		})
	})
	t.Run("initial budget", func(t *testing.T) {
		run(t, "initial", map[string]want{
			// 390000 ÷ 900000 = 43.333…%; −6.67 points: yellow;
			// shortfall 450000 − 390000 = 60000.
			"E": {"43.33", "-6.67", monitoring.Yellow, "60000"},
		})
	})
	t.Run("exact deviation", func(t *testing.T) {
		m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, budgets, adjustments)
		require.NoError(t, err)
		r, err := m.Check(asOf, l, monitoring.State{})
		require.NoError(t, err)
		d := status(t, r, "D")
		assert.Zero(t, d.Deviation.Cmp(performance.Ratio{Num: decimal.NewFromInt(-1), Den: decimal.NewFromInt(6)}),
			"D deviation %s/%s, want −1/6", d.Deviation.Num, d.Deviation.Den)
		// Totals: budget 4000003, executed 1840001, behind 4 of 5.
		assert.True(t, r.Total.Budget.Equal(dec("4000003")), "total budget %s", r.Total.Budget)
		assert.True(t, r.Total.Executed.Equal(dec("1840001")))
		assert.Equal(t, 5, r.Total.Projects)
		assert.Equal(t, 4, r.Total.Behind)
		// Lagging by gap: D (−16.67), E (−11), C (−10), B (−5).
		assert.Equal(t, []string{"D", "E", "C", "B"}, r.LaggingByGap)
		// By money: E 110000, C 100000, B 50000, D 0.5.
		assert.Equal(t, []string{"E", "C", "B", "D"}, r.LaggingByMoney)
		// Units: U1 pooled 1450000 ÷ 3000000 = 48.33% vs 50%: behind,
		// yellow. U2 390001 ÷ 1000003 vs 50%: red.
		require.Len(t, r.Units, 2)
		assert.Equal(t, monitoring.Yellow, r.Units[0].Level)
		assert.Equal(t, "-1.67", r.Units[0].Deviation.Percent(2).StringFixed(2))
		assert.Equal(t, monitoring.Red, r.Units[1].Level)
		assert.Equal(t, 2, r.Total.UnitsBehind)
	})
}

func TestCheckYellowGapBoundaryExact(t *testing.T) {
	// 10.00001 points behind is red, 10 exactly yellow: 3999999 ÷ 10000000
	// = 39.99999%, 10.00001 points behind 50%.
	l := mustLedger(t, 2021, day(2021, 6, 30), rec("X", day(2021, 1, 1), "3999999"), rec("Y", day(2021, 1, 1), "4000000"))
	p := monitoring.DefaultPolicy()
	p.Triggers = nil
	m, err := monitoring.New(2021, p, nil, []monitoring.Budget{budget("X", "U", "10000000"), budget("Y", "U", "10000000")}, nil)
	require.NoError(t, err)
	for name, mm := range map[string]*monitoring.Monitor{"policy": m, "rules": m.WithRules(monitoring.DefaultRules())} {
		r, err := mm.Check(day(2021, 6, 30), l, monitoring.State{})
		require.NoError(t, err)
		assert.Equal(t, monitoring.Red, status(t, r, "X").Level, name)
		assert.Equal(t, "-10.00", status(t, r, "X").Points(2).StringFixed(2), "shown rounded, graded exactly")
		assert.Equal(t, monitoring.Yellow, status(t, r, "Y").Level, name)
	}
}

func TestTriggers(t *testing.T) {
	def := monitoring.DefaultPolicy()
	require.Len(t, def.Triggers, 2)
	only := func(i int) *monitoring.Policy {
		p := monitoring.DefaultPolicy()
		p.Triggers = p.Triggers[i : i+1]
		return p
	}
	t.Run("budget ≥ 2,000,000 below 60% at the end of August", func(t *testing.T) {
		budgets := []monitoring.Budget{
			budget("F", "U", "2500000"),    // Aug 1400000 = 56% < 60: fires
			budget("G", "U", "2000000"),    // Aug 1200000 = 60% exactly: not below
			budget("H", "U", "1999999.99"), // below the size threshold
		}
		l := mustLedger(t, 2021, day(2021, 9, 30),
			rec("F", day(2021, 8, 31), "1400000"), rec("F", day(2021, 9, 15), "500000"), // Sep 30: 1900000 = 76% ≥ 75%: green by gap
			rec("G", day(2021, 8, 1), "1200000"), rec("G", day(2021, 9, 1), "300000"), // 75%: green
			rec("H", day(2021, 9, 30), "1500000"), // 75.00000375%: green
		)
		m, err := monitoring.New(2021, only(0), nil, budgets, nil)
		require.NoError(t, err)
		// A check at the end of July does not evaluate the August trigger.
		early := mustLedger(t, 2021, day(2021, 7, 31))
		r0, err := m.Check(day(2021, 7, 31), early, monitoring.State{})
		require.NoError(t, err)
		assert.Empty(t, status(t, r0, "F").Triggers)

		r, err := m.Check(day(2021, 9, 30), l, monitoring.State{})
		require.NoError(t, err)
		f := status(t, r, "F")
		assert.Equal(t, []string{"aug_2m_below_60"}, f.Triggers)
		assert.True(t, f.Key)
		assert.Equal(t, monitoring.Red, f.Level, "the trigger raises a project green by gap")
		assert.Equal(t, "1.00", f.Points(2).StringFixed(2))
		assert.Empty(t, status(t, r, "G").Triggers)
		assert.Empty(t, status(t, r, "H").Triggers)
		// The trigger's interview is issued, and being red the first
		// escalation step adds notify and rectify.
		kinds := actionKinds(r.Actions, "F")
		assert.Equal(t, []monitoring.ActionKind{monitoring.Notify, monitoring.Interview, monitoring.Rectify}, kinds)
		assert.Equal(t, map[string][]string{"F": {"aug_2m_below_60"}}, r.State.Fired)

		// The next check keeps F under key monitoring without firing again.
		l4 := mustLedger(t, 2021, day(2021, 12, 31), rec("F", day(2021, 8, 31), "1400000"), rec("F", day(2021, 12, 1), "1100000"))
		r4, err := m.Check(day(2021, 12, 31), l4, r.State)
		require.NoError(t, err)
		f4 := status(t, r4, "F")
		assert.True(t, f4.Key)
		assert.Empty(t, f4.Triggers)
		assert.Equal(t, monitoring.Green, f4.Level)
		assert.Empty(t, actionKinds(r4.Actions, "F"))
		// (G and H have no records in this ledger and are red: new orders.)
		require.Len(t, r4.Rectifications, 3)
		rf := r4.Rectifications[0]
		assert.Equal(t, "F@2021-09-30", rf.ID)
		assert.Equal(t, monitoring.RectDone, rf.Status, "green again: rectified")
		assert.False(t, rf.Late, "done on its due date 2021-12-31")
	})
	t.Run("below 60% at the end of Q3 with ≥ 2,000,000 unspent", func(t *testing.T) {
		budgets := []monitoring.Budget{
			budget("I", "U", "6000000"), // 3500000 = 58.33%, unspent 2500000: fires
			budget("J", "U", "4000000"), // 2000000 = 50%, unspent 2000000 exactly: fires
			budget("K", "U", "3000000"), // 1000000 = 33%, unspent 2000000 − 0.01 short: no
			budget("L", "U", "9000000"), // 5400000 = 60%: not below
		}
		l := mustLedger(t, 2021, day(2021, 9, 30),
			rec("I", day(2021, 9, 1), "3500000"), rec("J", day(2021, 9, 1), "2000000"),
			rec("K", day(2021, 9, 1), "1000000.01"), rec("L", day(2021, 9, 1), "5400000"))
		m, err := monitoring.New(2021, only(1), nil, budgets, nil)
		require.NoError(t, err)
		r, err := m.Check(day(2021, 9, 30), l, monitoring.State{})
		require.NoError(t, err)
		assert.Equal(t, []string{"q3_below_60_unspent_2m"}, status(t, r, "I").Triggers)
		assert.Equal(t, []string{"q3_below_60_unspent_2m"}, status(t, r, "J").Triggers)
		assert.Empty(t, status(t, r, "K").Triggers)
		assert.Empty(t, status(t, r, "L").Triggers)
		// I: interview and suspend from the trigger (suspend names the
		// unspent 2500000), and from the gap (58.33 − 75 = −16.67, red)
		// notify and rectify.
		assert.Equal(t, []monitoring.ActionKind{monitoring.Notify, monitoring.Interview, monitoring.Rectify, monitoring.Suspend},
			actionKinds(r.Actions, "I"))
		for _, a := range r.Actions {
			if a.ProjectID == "I" && a.Kind == monitoring.Suspend {
				assert.True(t, a.Amount.Equal(dec("2500000")), "suspend amount %s", a.Amount)
				assert.Equal(t, "q3_below_60_unspent_2m", a.Reason)
			}
		}
	})
}

func actionKinds(as []monitoring.Action, project string) []monitoring.ActionKind {
	var out []monitoring.ActionKind
	for _, a := range as {
		if a.ProjectID == project {
			out = append(out, a.Kind)
		}
	}
	return out
}

func TestCheckErrors(t *testing.T) {
	m, err := monitoring.New(2021, nil, nil, []monitoring.Budget{budget("A", "U", "100")}, nil)
	require.NoError(t, err)
	l := mustLedger(t, 2021, day(2021, 6, 15))
	_, err = m.Check(day(2021, 6, 30), l, monitoring.State{})
	assert.ErrorIs(t, err, monitoring.ErrAsOf, "after the cut-off")
	_, err = m.Check(day(2021, 5, 20), l, monitoring.State{})
	assert.ErrorIs(t, err, monitoring.ErrAsOf, "mid-month before the cut-off")
	r, err := m.Check(day(2021, 5, 31), l, monitoring.State{})
	require.NoError(t, err, "an earlier month end is answered")
	_, err = m.Check(day(2021, 5, 31), l, r.State)
	assert.ErrorIs(t, err, monitoring.ErrAsOf, "not after the previous check")
	_, err = m.Check(day(2021, 6, 15), l, monitoring.State{AsOf: day(2020, 12, 31)})
	assert.ErrorIs(t, err, monitoring.ErrMismatch, "a state of last year")
	l22 := mustLedger(t, 2022, day(2022, 6, 30))
	_, err = m.Check(day(2022, 6, 30), l22, monitoring.State{})
	assert.ErrorIs(t, err, monitoring.ErrMismatch)
}

func TestNewReportsBadInputBesideAUsableMonitor(t *testing.T) {
	budgets := []monitoring.Budget{
		budget("A", "U", "100"),
		budget("A", "U", "200"),
		budget("", "U", "1"),
		budget("B", "", "1"),
		budget("C", "U", "-1"),
		{ProjectID: "D", UnitID: "U", Initial: dec("5"), ScheduleID: "nope"},
		budget("Z", "U", "0"),
		budget("OK", "U", "10"),
	}
	adjustments := []monitoring.Adjustment{
		{ProjectID: "nope", Date: day(2021, 3, 1), Amount: dec("1")},
		{ProjectID: "OK", Date: day(2020, 3, 1), Amount: dec("1")},
	}
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, budgets, adjustments)
	require.NotNil(t, m)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"unknown_project", "out_of_year", "duplicate_project", "duplicate_project",
		"missing_project", "missing_unit", "negative_budget", "unknown_schedule"}, ps.Codes())
	l := mustLedger(t, 2021, day(2021, 3, 31), rec("OK", day(2021, 1, 1), "5"), rec("ghost", day(2021, 1, 1), "7"))
	r, err := m.Check(day(2021, 3, 31), l, monitoring.State{})
	require.NoError(t, err)
	require.Len(t, r.Projects, 2, "OK and Z are monitored")
	assert.Equal(t, monitoring.LevelNone, status(t, r, "Z").Level)
	assert.Contains(t, r.Problems.Codes(), "zero_budget")
	assert.Contains(t, r.Problems.Codes(), "unknown_project")
	assert.Equal(t, monitoring.Green, status(t, r, "OK").Level) // 50% ≥ 25%

	bad := &monitoring.Policy{YellowGap: dec("-1"), Base: performance.BaseInitial + 1}
	_, err = monitoring.New(2021, bad, nil, nil, nil)
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"unknown_base", "negative_gap"}, ps.Codes())
}

// TestCheckMidMonth checks on 15 March with a ledger cut off that day:
// expected progress counts completed months only (2/12), execution counts
// payments up to and including the 15th.
func TestCheckMidMonth(t *testing.T) {
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, []monitoring.Budget{budget("A", "U", "1200000")}, nil)
	require.NoError(t, err)
	l := mustLedger(t, 2021, day(2021, 3, 15),
		rec("A", day(2021, 1, 20), "100000"), rec("A", day(2021, 3, 15), "80000"), rec("A", day(2021, 3, 16), "500000"))
	r, err := m.Check(day(2021, 3, 15), l, monitoring.State{})
	require.NoError(t, err)
	s := status(t, r, "A")
	assert.Equal(t, 0, r.Quarter)
	// Executed 180,000 (the 16 March payment is after the cut-off):
	// 15% against 2/12 = 16.67%: 1.67 points behind, yellow; shortfall
	// 200,000 − 180,000 = 20,000.
	assert.True(t, s.Executed.Equal(dec("180000")))
	assertRatio(t, s.Expected, 1, 6, "expected")
	assert.Equal(t, "-1.67", s.Points(2).StringFixed(2))
	assert.Equal(t, monitoring.Yellow, s.Level)
	assert.True(t, s.Shortfall.Equal(dec("20000")), "%s", s.Shortfall)
}

// TestRectificationsOfManyProjects checks the rectifications a check opens
// when red projects lie near one another and far apart among the statuses
// (the reason of each is looked up among the statuses after the previous
// one's). At the end of Q2 the expected progress is 6/12 = 50%: a project
// of 1,000 yuan with 600 spent is at 60%, green; one with nothing spent is
// 50 points behind, more than the yellow gap of 10, so red, and its first
// red check's step orders notify and rectify (reason "gap", the
// rectification's reason the level, "red").
func TestRectificationsOfManyProjects(t *testing.T) {
	red := map[int]bool{0: true, 1: true, 5: true, 20: true, 39: true}
	var budgets []monitoring.Budget
	var recs []monitoring.Record
	for i := range 40 {
		id := fmt.Sprintf("P%02d", i)
		budgets = append(budgets, budget(id, "U", "1000"))
		if !red[i] {
			recs = append(recs, rec(id, day(2021, 6, 1), "600"))
		}
	}
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, budgets, nil)
	require.NoError(t, err)
	r, err := m.Check(day(2021, 6, 30), mustLedger(t, 2021, day(2021, 6, 30), recs...), monitoring.State{})
	require.NoError(t, err)
	var got []string
	for _, rc := range r.Rectifications {
		got = append(got, rc.ID+" "+rc.Reason)
		assert.Equal(t, rc.ID, rc.ProjectID+"@2021-06-30")
	}
	assert.Equal(t, []string{"P00@2021-06-30 red", "P01@2021-06-30 red", "P05@2021-06-30 red",
		"P20@2021-06-30 red", "P39@2021-06-30 red"}, got)
	var opened []string
	for _, a := range r.Actions {
		if a.Kind == monitoring.Rectify {
			opened = append(opened, a.Rectification)
		}
	}
	assert.Equal(t, []string{"P00@2021-06-30", "P01@2021-06-30", "P05@2021-06-30", "P20@2021-06-30", "P39@2021-06-30"}, opened)
}
