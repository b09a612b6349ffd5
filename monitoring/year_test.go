package monitoring_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/testflag"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

var update = testflag.Update()

// yearFixture is a small portfolio worked by hand across four quarters.
// Budgets are 1,000,000 yuan each; cumulative execution at quarter ends
// (expected 25/50/75/100%):
//
//	P1 (U1) 250k 500k 750k 1000k   green all year
//	P2 (U1) 100k 450k 750k 1000k   red → yellow → green: rectified on time
//	P3 (U2)  50k 200k 400k  950k   red ×3 → yellow: rectified late
//	P4 (U2) 300k 350k 500k  700k   green → red ×3: rectification overdue
type yearFixture struct {
	org     *performance.Org
	budgets []monitoring.Budget
	records []monitoring.Record
}

func newYear(t *testing.T) yearFixture {
	org, err := performance.NewOrg([]performance.Node{
		{ID: "R1", Name: "市本级", Kind: performance.NodeRegion},
		{ID: "R2", Name: "城关区", Kind: performance.NodeRegion},
		{ID: "D1", Name: "教育局", Kind: performance.NodeDepartment, Parent: "R1"},
		{ID: "D2", Name: "卫健委", Kind: performance.NodeDepartment, Parent: "R2"},
		{ID: "U1", Name: "拉萨市第一中学", Kind: performance.NodeUnit, Parent: "D1"},
		{ID: "U2", Name: "城关区人民医院", Kind: performance.NodeUnit, Parent: "D2"},
	})
	require.NoError(t, err)
	f := yearFixture{org: org}
	f.budgets = []monitoring.Budget{
		budget("P1", "U1", "1000000"), budget("P2", "U1", "1000000"),
		budget("P3", "U2", "1000000"), budget("P4", "U2", "1000000"),
	}
	f.budgets[2].Continuing = true
	inc := map[string][4]string{
		"P1": {"250000", "250000", "250000", "250000"},
		"P2": {"100000", "350000", "300000", "250000"},
		"P3": {"50000", "150000", "200000", "550000"},
		"P4": {"300000", "50000", "150000", "200000"},
	}
	for _, id := range []string{"P1", "P2", "P3", "P4"} {
		for q, a := range inc[id] {
			// Split each quarter's amount over two payments, one of them
			// with sub-fen noise cancelling out, to exercise both paths.
			d := dec(a)
			f.records = append(f.records,
				monitoring.Record{ProjectID: id, Date: day(2021, time.Month(3*q+2), 10), Amount: d.Sub(dec("1000.005"))},
				monitoring.Record{ProjectID: id, Date: day(2021, time.Month(3*q+3), 15), Amount: dec("1000.005"), Classification: "30201"})
		}
	}
	return f
}

func quarterEnds() []time.Time {
	return []time.Time{day(2021, 3, 31), day(2021, 6, 30), day(2021, 9, 30), day(2021, 12, 31)}
}

// runYear runs four quarterly checks over one year-long ledger.
func runYear(t *testing.T, m *monitoring.Monitor, l *monitoring.Ledger) []*monitoring.Report {
	var st monitoring.State
	var out []*monitoring.Report
	for _, q := range quarterEnds() {
		r, err := m.Check(q, l, st)
		require.NoError(t, err)
		out = append(out, r)
		st = r.State
	}
	return out
}

func TestWholeYear(t *testing.T) {
	f := newYear(t)
	l := mustLedger(t, 2021, day(2021, 12, 31), f.records...)
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), f.org, f.budgets, nil)
	require.NoError(t, err)
	reps := runYear(t, m, l)

	levels := func(r *monitoring.Report) []monitoring.Level {
		var out []monitoring.Level
		for _, s := range r.Projects {
			out = append(out, s.Level)
		}
		return out
	}
	G, Y, R := monitoring.Green, monitoring.Yellow, monitoring.Red
	// Q1: P2 10% (−15), P3 5% (−20) red; P4 30% green.
	assert.Equal(t, []monitoring.Level{G, R, R, G}, levels(reps[0]))
	// Q2: P2 45% (−5) yellow; P3 20% (−30), P4 35% (−15) red.
	assert.Equal(t, []monitoring.Level{G, Y, R, R}, levels(reps[1]))
	// Q3: P2 75% green; P3 40% (−35), P4 50% (−25) red.
	assert.Equal(t, []monitoring.Level{G, G, R, R}, levels(reps[2]))
	// Q4: P3 95% (−5) yellow; P4 70% (−30) red.
	assert.Equal(t, []monitoring.Level{G, G, Y, R}, levels(reps[3]))

	type act struct {
		kind     monitoring.ActionKind
		unit, id string
	}
	acts := func(r *monitoring.Report) []act {
		var out []act
		for _, a := range r.Actions {
			out = append(out, act{a.Kind, a.UnitID, a.ProjectID})
		}
		return out
	}
	N, I, Rc, S := monitoring.Notify, monitoring.Interview, monitoring.Rectify, monitoring.Suspend
	// Q1: red once → notify + rectify. Units are yellow once: no unit step.
	assert.Equal(t, []act{{N, "U1", "P2"}, {Rc, "U1", "P2"}, {N, "U2", "P3"}, {Rc, "U2", "P3"}}, acts(reps[0]))
	// Q2: U1 pooled 47.5% (yellow twice) → notify the unit; P2 yellow →
	// notify; U2 pooled 27.5% (behind twice, red once) → notify; P3 red
	// twice → interview (its rectification is overdue: no new one); P4 red
	// once → notify + rectify.
	// Actions on projects come first, by project, then those on units.
	assert.Equal(t, []act{{N, "U1", "P2"}, {I, "U2", "P3"}, {N, "U2", "P4"}, {Rc, "U2", "P4"}, {N, "U1", ""}, {N, "U2", ""}}, acts(reps[1]))
	// Q3: U1 75% green; U2 45% red twice → interview the unit; P3 red
	// three times → suspend; P4 red twice → interview.
	assert.Equal(t, []act{{S, "U2", "P3"}, {I, "U2", "P4"}, {I, "U2", ""}}, acts(reps[2]))
	// Q4: U2 82.5% red three times → interview; P3 yellow → notify; P4 red
	// three times → suspend.
	assert.Equal(t, []act{{N, "U2", "P3"}, {S, "U2", "P4"}, {I, "U2", ""}}, acts(reps[3]))
	// Suspend names the unspent balance: P3 at Q3 600,000; P4 at Q4 300,000.
	assert.True(t, reps[2].Actions[0].Amount.Equal(dec("600000")), "got %s", reps[2].Actions[0].Amount)
	assert.True(t, reps[3].Actions[1].Amount.Equal(dec("300000")), "got %s", reps[3].Actions[1].Amount)

	type rect struct {
		id     string
		status monitoring.RectStatus
		late   bool
	}
	rects := func(r *monitoring.Report) []rect {
		var out []rect
		for _, x := range r.Rectifications {
			out = append(out, rect{x.ID, x.Status, x.Late})
		}
		return out
	}
	O, D, Ov := monitoring.RectOpen, monitoring.RectDone, monitoring.RectOverdue
	assert.Equal(t, []rect{{"P2@2021-03-31", O, false}, {"P3@2021-03-31", O, false}}, rects(reps[0]))
	// Q2 (= the due date): P2 no longer red → done on time; P3 still red → overdue.
	assert.Equal(t, []rect{{"P2@2021-03-31", D, false}, {"P3@2021-03-31", Ov, false}, {"P4@2021-06-30", O, false}}, rects(reps[1]))
	assert.Equal(t, []rect{{"P2@2021-03-31", D, false}, {"P3@2021-03-31", Ov, false}, {"P4@2021-06-30", Ov, false}}, rects(reps[2]))
	// Q4: P3 yellow → done, late; P4 still overdue.
	assert.Equal(t, []rect{{"P2@2021-03-31", D, false}, {"P3@2021-03-31", D, true}, {"P4@2021-06-30", Ov, false}}, rects(reps[3]))
	assert.Equal(t, day(2021, 6, 30), reps[3].Rectifications[0].Done)
	assert.Equal(t, day(2021, 9, 30), reps[3].Rectifications[2].Due)

	// Regions and departments: Q2, 城关区 has both of its projects behind
	// and its one unit behind; 市本级 one of two projects.
	q2 := reps[1]
	require.Len(t, q2.Regions, 2)
	assert.Equal(t, "市本级", q2.Regions[0].Name)
	assert.Equal(t, [4]int{2, 1, 1, 1}, [4]int{q2.Regions[0].Projects, q2.Regions[0].Behind, q2.Regions[0].Units, q2.Regions[0].UnitsBehind})
	assert.Equal(t, [4]int{2, 2, 1, 1}, [4]int{q2.Regions[1].Projects, q2.Regions[1].Behind, q2.Regions[1].Units, q2.Regions[1].UnitsBehind})
	assert.Equal(t, "卫健委", q2.Departments[1].Name)
	// Q2 actions: 市本级 (U1) notify P2 and the unit: 2; 城关区 (U2) four.
	assert.Equal(t, [3]int{2, 4, 6}, [3]int{q2.Regions[0].Actions, q2.Regions[1].Actions, q2.Total.Actions})
	assert.Equal(t, 4, q2.Departments[1].Actions)
	// Q2 lagging by gap: P3 (−30), P4 (−15), P2 (−5); the same by money
	// (300k, 150k, 50k).
	assert.Equal(t, []string{"P3", "P4", "P2"}, q2.LaggingByGap)
	assert.Equal(t, []string{"P3", "P4", "P2"}, q2.LaggingByMoney)
	// Total Q2: 3 of 4 behind (75%); executed 1,500,000 of 4,000,000.
	assert.Equal(t, "75.00", q2.Total.BehindShare().Percent(2).StringFixed(2))
	assert.True(t, q2.Total.Executed.Equal(dec("1500000")))

	// Year end: P3 continues at 95% → carry-over 50,000 kept; P4 ends →
	// surplus 300,000 recovered.
	ye, err := m.YearEnd(l)
	require.NoError(t, err)
	assert.True(t, ye.Unspent.Equal(dec("350000")), "unspent %s", ye.Unspent)
	assert.True(t, ye.CarryOver.Equal(dec("50000")))
	assert.True(t, ye.Surplus.Equal(dec("300000")))
	assert.True(t, ye.Recover.Equal(dec("300000")))
	assert.Equal(t, monitoring.CarryOver, ye.Balances[2].Kind)
	assert.True(t, ye.Balances[2].Recover.IsZero())
	require.Len(t, ye.Actions, 1)
	assert.Equal(t, "P4", ye.Actions[0].ProjectID)
	_, err = m.YearEnd(mustLedger(t, 2021, day(2021, 9, 30)))
	assert.ErrorIs(t, err, monitoring.ErrAsOf)

	// Golden renderings.
	for i, q := range []string{"q1", "q2", "q3", "q4"} {
		for _, lang := range []performance.Lang{performance.LangZH, performance.LangEN} {
			var buf bytes.Buffer
			require.NoError(t, reps[i].WriteText(&buf, lang))
			golden(t, filepath.Join("testdata", "year_"+q+"."+lang.String()+".golden"), buf.Bytes())
		}
	}
}

// TestRulesMatchPolicy runs the same year with the bundled rule set and
// checks it decides exactly as the data policy does.
func TestRulesMatchPolicy(t *testing.T) {
	f := newYear(t)
	// Add projects that exercise the triggers: Q (3,000,000) at 50% by the
	// end of August and 70% by Q3; Z (5,000,000) at 55% at Q3.
	f.budgets = append(f.budgets, budget("Q", "U1", "3000000"), budget("Z", "U2", "5000000"))
	f.records = append(f.records,
		rec("Q", day(2021, 8, 31), "1500000"), rec("Q", day(2021, 9, 1), "600000"), rec("Q", day(2021, 12, 1), "900000"),
		rec("Z", day(2021, 2, 1), "2750000"), rec("Z", day(2021, 11, 1), "2000000"))
	l := mustLedger(t, 2021, day(2021, 12, 31), f.records...)
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), f.org, f.budgets, nil)
	require.NoError(t, err)
	byPolicy := runYear(t, m, l)
	byRules := runYear(t, m.WithRules(monitoring.DefaultRules()), l)
	for q := range byPolicy {
		a, b := byPolicy[q], byRules[q]
		require.Len(t, b.Projects, len(a.Projects))
		for i := range a.Projects {
			assert.Equal(t, a.Projects[i].Level, b.Projects[i].Level, "Q%d %s level", q+1, a.Projects[i].ProjectID)
			assert.Equal(t, a.Projects[i].Triggers, b.Projects[i].Triggers, "Q%d %s triggers", q+1, a.Projects[i].ProjectID)
			assert.Equal(t, a.Projects[i].Key, b.Projects[i].Key, "Q%d %s key", q+1, a.Projects[i].ProjectID)
		}
		assert.Equal(t, a.Actions, b.Actions, "Q%d actions", q+1)
		assert.Equal(t, a.Rectifications, b.Rectifications, "Q%d rectifications", q+1)
		assert.Empty(t, b.Problems)
	}
	// Q3: Q fired the August trigger (50% < 60% at 31 August); Z fired
	// both: 55% < 60% at 31 August with a budget ≥ 2,000,000, and still 55%
	// at Q3 with 2,250,000 unspent.
	q, _ := byRules[2].Status("Q")
	assert.Equal(t, []string{"aug_2m_below_60"}, q.Triggers)
	assert.Equal(t, "aug_2m_below_60", q.Rule, "the trigger set the level")
	z, _ := byRules[2].Status("Z")
	assert.Equal(t, []string{"aug_2m_below_60", "q3_below_60_unspent_2m"}, z.Triggers)
	p4, _ := byRules[2].Status("P4")
	assert.Equal(t, "red", p4.Rule)
}

// TestDeterministic checks reports are byte-identical across runs and
// across input orders.
func TestDeterministic(t *testing.T) {
	f := newYear(t)
	adjustments := []monitoring.Adjustment{
		{ProjectID: "P1", Date: day(2021, 5, 1), Amount: dec("200000")},
		{ProjectID: "P1", Date: day(2021, 5, 1), Amount: dec("-50000")},
		{ProjectID: "P4", Date: day(2021, 8, 1), Amount: dec("-100000")},
		{ProjectID: "P2", Date: day(2021, 2, 1), Amount: dec("0.005")}, // sub-fen: the decimal path
	}
	encode := func(budgets []monitoring.Budget, records []monitoring.Record, adj []monitoring.Adjustment, withRules bool) []byte {
		l := mustLedger(t, 2021, day(2021, 12, 31), records...)
		m, err := monitoring.New(2021, monitoring.DefaultPolicy(), f.org, budgets, adj)
		require.NoError(t, err)
		if withRules {
			m = m.WithRules(monitoring.DefaultRules())
		}
		var buf bytes.Buffer
		for _, r := range runYear(t, m, l) {
			b, err := json.Marshal(r)
			require.NoError(t, err)
			buf.Write(b)
			require.NoError(t, r.WriteText(&buf, performance.LangZH))
		}
		ye, err := m.YearEnd(l)
		require.NoError(t, err)
		b, _ := json.Marshal(ye)
		buf.Write(b)
		return buf.Bytes()
	}
	for _, withRules := range []bool{false, true} {
		want := encode(f.budgets, f.records, adjustments, withRules)
		rng := rand.New(rand.NewPCG(3, 5))
		for range 5 {
			bs, rs, as := slices.Clone(f.budgets), slices.Clone(f.records), slices.Clone(adjustments)
			rng.Shuffle(len(bs), func(i, j int) { bs[i], bs[j] = bs[j], bs[i] })
			rng.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
			rng.Shuffle(len(as), func(i, j int) { as[i], as[j] = as[j], as[i] })
			require.Equal(t, string(want), string(encode(bs, rs, as, withRules)), "rules=%v", withRules)
		}
	}
}

// golden compares got with the file at path, or rewrites it with -update
// (ruletest.Golden).
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	ruletest.Golden(t, path, got, *update)
}

// TestConcurrentChecks runs checks of one monitor and ledger from several
// goroutines (run with -race): the monitor is immutable and reading a ledger
// is safe once it is built.
func TestConcurrentChecks(t *testing.T) {
	f := newYear(t)
	l := mustLedger(t, 2021, day(2021, 12, 31), f.records...)
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), f.org, f.budgets, nil)
	require.NoError(t, err)
	mr := m.WithRules(monitoring.DefaultRules())
	want := runYear(t, m, l)
	done := make(chan []*monitoring.Report, 4)
	for g := range 4 {
		go func() {
			mm := m
			if g%2 == 1 {
				mm = mr
			}
			var st monitoring.State
			var out []*monitoring.Report
			for _, q := range quarterEnds() {
				r, err := mm.Check(q, l, st)
				if err != nil {
					done <- nil
					return
				}
				out = append(out, r)
				st = r.State
			}
			done <- out
		}()
	}
	for range 4 {
		got := <-done
		require.Len(t, got, 4)
		for q := range got {
			assert.Equal(t, want[q].Actions, got[q].Actions)
			assert.Equal(t, want[q].Rectifications, got[q].Rectifications)
		}
	}
}
