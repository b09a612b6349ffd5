package monitoring_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultPolicy(t *testing.T) {
	p := monitoring.DefaultPolicy()
	assert.True(t, p.YellowGap.Equal(dec("10")))
	assert.Equal(t, performance.BaseAdjusted, p.Base)
	assert.Equal(t, 3, p.RectifyMonths)
	require.Len(t, p.Triggers, 2)
	assert.True(t, p.Triggers[0].MinBudget.Equal(dec("2000000")))
	assert.True(t, p.Triggers[1].MinUnspent.Equal(dec("2000000")))
	// A fresh copy each time.
	p.YellowGap = dec("5")
	assert.True(t, monitoring.DefaultPolicy().YellowGap.Equal(dec("10")))
	// JSON round trip.
	b, err := json.Marshal(monitoring.DefaultPolicy())
	require.NoError(t, err)
	q, err := monitoring.ParsePolicy(b)
	require.NoError(t, err)
	assert.Equal(t, monitoring.DefaultPolicy(), q)

	_, err = monitoring.ParsePolicy([]byte(`{"yellow_gap":"10","colour":"red"}`))
	assert.ErrorContains(t, err, "colour")
	_, err = monitoring.ParsePolicy([]byte(`{"schedules":[{"id":"a","method":"weekly"}]}`))
	assert.ErrorIs(t, err, monitoring.ErrUnknownName)
	_, err = monitoring.ParsePolicy([]byte(`{"schedules":[{"id":"a"},{"id":"a"}],"category_schedules":{"基建":"b"},"triggers":[{"id":"t","month":13}],"steps":[{"level":"red","streak":0}]}`))
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"unknown_schedule", "duplicate_id", "bad_streak", "bad_month"}, ps.Codes())
}

func TestEnumsText(t *testing.T) {
	for _, l := range []monitoring.Level{monitoring.LevelNone, monitoring.Green, monitoring.Yellow, monitoring.Red} {
		b, _ := l.MarshalText()
		var back monitoring.Level
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, l, back)
		require.NoError(t, back.UnmarshalText([]byte(l.Name(performance.LangZH))))
		assert.Equal(t, l, back)
	}
	assert.Equal(t, "红灯", monitoring.Red.Name(performance.LangZH))
	for k := monitoring.ActionNone; k <= monitoring.Reallocate; k++ {
		var back monitoring.ActionKind
		require.NoError(t, back.UnmarshalText([]byte(k.Name(performance.LangZH))))
		assert.Equal(t, k, back)
	}
	assert.Equal(t, "暂缓拨款", monitoring.Suspend.Name(performance.LangZH))
	var k monitoring.ActionKind
	assert.ErrorIs(t, k.UnmarshalText([]byte("punish")), monitoring.ErrUnknownName)
	var st monitoring.RectStatus
	require.NoError(t, st.UnmarshalText([]byte("逾期未整改")))
	assert.Equal(t, monitoring.RectOverdue, st)
}

func TestRulesCompileErrors(t *testing.T) {
	set := func(outputs string) []byte {
		return []byte(`{"id":"m","rules":[{"id":"r1","when":"Deviation < 0","outputs":[` + outputs + `]}]}`)
	}
	tests := []struct {
		name, outputs, want string
	}{
		{"unknown output", `{"name":"colour","type":"string","expr":"\"red\""}`, "unknown output"},
		{"wrong type", `{"name":"level","type":"bool","expr":"true"}`, "must be of type string"},
		{"unknown level", `{"name":"level","type":"string","expr":"\"purple\""}`, "purple"},
		{"unknown action", `{"name":"actions","type":"string","expr":"\"notify,punish\""}`, "punish"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := monitoring.ParseRules(set(tt.outputs))
			require.Error(t, err)
			assert.ErrorIs(t, err, rules.ErrInvalid)
			assert.ErrorContains(t, err, tt.want)
		})
	}
	// An expression error comes from the rules package with its position.
	_, err := monitoring.ParseRules([]byte(`{"id":"m","rules":[{"id":"r1","when":"Deviaton < 0"}]}`))
	var re *rules.Error
	require.True(t, errors.As(err, &re), "%v", err)
	assert.Equal(t, "r1", re.RuleID)

	r := monitoring.DefaultRules()
	assert.Equal(t, "monitoring-default", r.ID())
	assert.Len(t, r.Hash(), 64)
}

func TestRulesStreaks(t *testing.T) {
	// A rule set of its own: red at once when a project has been behind
	// at the previous check too (Streak counts earlier checks).
	rs, err := monitoring.ParseRules([]byte(`{"id":"strict","rules":[
	  {"id":"ok","group":"g","when":"Deviation >= 0","outputs":[{"name":"level","type":"string","expr":"\"green\""}]},
	  {"id":"again","group":"g","when":"Streak >= 1","outputs":[{"name":"level","type":"string","expr":"\"red\""},{"name":"actions","type":"string","expr":"\"reallocate\""}]},
	  {"id":"first","group":"g","when":"true","outputs":[{"name":"level","type":"string","expr":"\"yellow\""}]}]}`))
	require.NoError(t, err)
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, []monitoring.Budget{budget("A", "U", "1200")}, nil)
	require.NoError(t, err)
	m = m.WithRules(rs)
	// 100 of 1200 by Q1 (8.33% < 25%), 700 by Q2 (58.3% ≥ 50%).
	l := mustLedger(t, 2021, day(2021, 12, 31), rec("A", day(2021, 1, 5), "100"), rec("A", day(2021, 4, 5), "600"))
	r1, err := m.Check(day(2021, 3, 31), l, monitoring.State{})
	require.NoError(t, err)
	assert.Equal(t, monitoring.Yellow, status(t, r1, "A").Level)
	assert.Equal(t, "first", status(t, r1, "A").Rule)
	r2, err := m.Check(day(2021, 6, 30), l, r1.State)
	require.NoError(t, err)
	assert.Equal(t, monitoring.Green, status(t, r2, "A").Level)
	// Q3: 700 of 1200 = 58.3% < 75%, behind again after a green check:
	// streak 0, so yellow.
	r3, err := m.Check(day(2021, 9, 30), l, r2.State)
	require.NoError(t, err)
	assert.Equal(t, monitoring.Yellow, status(t, r3, "A").Level)
	// Q4: still behind, streak 1: red and reallocate (with the unspent
	// 500); the policy's first red step adds notify and rectify.
	r4, err := m.Check(day(2021, 12, 31), l, r3.State)
	require.NoError(t, err)
	assert.Equal(t, monitoring.Red, status(t, r4, "A").Level)
	assert.Equal(t, []monitoring.ActionKind{monitoring.Notify, monitoring.Rectify, monitoring.Reallocate}, actionKinds(r4.Actions, "A"))
	assert.True(t, r4.Actions[2].Amount.Equal(dec("500")))
	assert.Equal(t, "again", r4.Actions[2].Reason)
}

func TestYearEndCarryOverRecovery(t *testing.T) {
	budgets := []monitoring.Budget{
		{ProjectID: "A", UnitID: "U", Initial: dec("1000"), Continuing: true}, // 50%: carry-over below 60, recovered
		{ProjectID: "B", UnitID: "U", Initial: dec("1000"), Continuing: true}, // 60%: carry-over kept
		{ProjectID: "C", UnitID: "U", Initial: dec("1000")},                   // 100%: nothing left
		{ProjectID: "D", UnitID: "U", Initial: dec("1000")},                   // 110%: overspent
		{ProjectID: "E", UnitID: "U", Initial: dec("1000")},                   // 99.5%: surplus 5, recovered
	}
	l := mustLedger(t, 2021, day(2021, 12, 31), rec("A", day(2021, 5, 1), "500"), rec("B", day(2021, 5, 1), "600"),
		rec("C", day(2021, 5, 1), "1000"), rec("D", day(2021, 5, 1), "1100"), rec("E", day(2021, 5, 1), "995"))
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, budgets, nil)
	require.NoError(t, err)
	ye, err := m.YearEnd(l)
	require.NoError(t, err)
	kinds := []monitoring.BalanceKind{}
	for _, b := range ye.Balances {
		kinds = append(kinds, b.Kind)
	}
	assert.Equal(t, []monitoring.BalanceKind{monitoring.CarryOver, monitoring.CarryOver, monitoring.BalanceNone, monitoring.BalanceNone, monitoring.Surplus}, kinds)
	// Unspent 500 + 400 + 5 = 905; carry-over 900; surplus 5; recover 500 + 5.
	assert.True(t, ye.Unspent.Equal(dec("905")), "%s", ye.Unspent)
	assert.True(t, ye.CarryOver.Equal(dec("900")))
	assert.True(t, ye.Surplus.Equal(dec("5")))
	assert.True(t, ye.Recover.Equal(dec("505")))
	assert.True(t, ye.Balances[3].Unspent.Equal(dec("-100")))
	require.Len(t, ye.Actions, 2)
	assert.Equal(t, "year_end_carry_over", ye.Actions[0].Reason)
}

func FuzzParsePolicy(f *testing.F) {
	f.Add(string(monitoring.DefaultPolicyJSON()))
	f.Add(`{"schedules":[{"id":"t","method":"table","table":["1","2"]}]}`)
	f.Add(`{"triggers":[{"id":"x","month":-1,"below_rate":"abc"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := monitoring.ParsePolicy([]byte(s))
		if err != nil {
			return
		}
		// A policy that parses builds a monitor and checks without panicking.
		m, _ := monitoring.New(2021, p, nil, []monitoring.Budget{budget("A", "U", "100"), {ProjectID: "B", UnitID: "U", Initial: dec("0.001")}}, nil)
		if m == nil {
			return
		}
		l := mustLedger(t, 2021, day(2021, 9, 30), rec("A", day(2021, 8, 1), "40"))
		if _, err := m.Check(day(2021, 9, 30), l, monitoring.State{}); err != nil {
			t.Fatalf("check of a valid policy failed: %v", err)
		}
	})
}

func FuzzParseRules(f *testing.F) {
	f.Add(string(monitoring.DefaultRulesJSON()))
	f.Add(`{"id":"m","rules":[{"id":"r","when":"Executed / Budget > 1"}]}`)
	f.Add(`{"id":"m","rules":[{"id":"r","when":"true","outputs":[{"name":"level","type":"string","expr":"ProjectID"}]}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := monitoring.ParseRules([]byte(s))
		if err != nil {
			return
		}
		m, err := monitoring.New(2021, nil, nil, []monitoring.Budget{budget("A", "U", "100")}, nil)
		require.NoError(t, err)
		l := mustLedger(t, 2021, day(2021, 9, 30), rec("A", day(2021, 8, 1), "40"))
		// Rule runtime errors are reported as problems, never panics.
		if _, err := m.WithRules(rs).Check(day(2021, 9, 30), l, monitoring.State{}); err != nil {
			t.Fatalf("check failed: %v", err)
		}
	})
}

// TestPolicyBase: the base reads and writes as "adjusted"/"initial" under
// "base", and Validate leaves the policy as it found it.
func TestPolicyBase(t *testing.T) {
	p, err := monitoring.ParsePolicy([]byte(`{"base":"initial"}`))
	require.NoError(t, err)
	assert.Equal(t, performance.BaseInitial, p.Base)
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"base":"initial"`)

	// The bundled default says "base": "adjusted" and writes it back so.
	assert.Contains(t, string(monitoring.DefaultPolicyJSON()), `"base": "adjusted"`)
	b, err = json.Marshal(monitoring.DefaultPolicy())
	require.NoError(t, err)
	assert.Contains(t, string(b), `"base":"adjusted"`)

	_, err = monitoring.ParsePolicy([]byte(`{"base":"annual"}`))
	assert.ErrorIs(t, err, performance.ErrUnknownBudgetBase)

	// Validate is read-only: a policy compares equal before and after.
	q := monitoring.DefaultPolicy()
	q.Base = performance.BaseInitial
	before := *q
	require.NoError(t, q.Validate())
	assert.Equal(t, before, *q)
}

// TestYearEndJSONRoundTrip: a year-end result decodes strictly and encodes
// back byte for byte (BalanceKind reads what it writes, in both names).
func TestYearEndJSONRoundTrip(t *testing.T) {
	budgets := []monitoring.Budget{
		{ProjectID: "A", UnitID: "U", Initial: dec("1000"), Continuing: true},
		{ProjectID: "E", UnitID: "U", Initial: dec("1000")},
	}
	l := mustLedger(t, 2021, day(2021, 12, 31), rec("A", day(2021, 5, 1), "500"), rec("E", day(2021, 5, 1), "995"))
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, budgets, nil)
	require.NoError(t, err)
	ye, err := m.YearEnd(l)
	require.NoError(t, err)
	first, err := json.Marshal(ye)
	require.NoError(t, err)
	var back monitoring.YearEnd
	require.NoError(t, performance.DecodeJSON(first, &back))
	second, err := json.Marshal(&back)
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second))

	for in, want := range map[string]monitoring.BalanceKind{"结转": monitoring.CarryOver, "结余资金": monitoring.Surplus, "none": monitoring.BalanceNone} {
		k, err := monitoring.ParseBalanceKind(in)
		require.NoError(t, err)
		assert.Equal(t, want, k, in)
	}
	_, err = monitoring.ParseBalanceKind("结存")
	assert.EqualError(t, err, `monitoring: unknown balance kind "结存" (want none, carry_over or surplus; 无, 结转 or 结余)`)
}
