package monitoring

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/stretchr/testify/require"
)

// monthSets are rule sets for TestMonthProgramEqualsWholeSet, each with the
// month program triggerSet should give it: "triggers" (the trigger rules
// alone), "whole" (the whole set) or "none" (no month-end evaluation).
var monthSets = []struct {
	name, want, json string
}{
	{"default", "triggers", string(defaultRulesJSON)},
	// Triggers on every kind of field, two of them alternatives of one
	// group, beside non-trigger rules of their own groups.
	{"fields", "triggers", `{"id": "t-fields", "version": "1", "rules": [
	  {"id": "green", "group": "gap", "when": "Deviation >= 0", "outputs": [{"name": "level", "type": "string", "expr": "\"green\""}]},
	  {"id": "yellow", "group": "gap", "when": "Deviation >= -10", "outputs": [{"name": "level", "type": "string", "expr": "\"yellow\""}]},
	  {"id": "red", "group": "gap", "when": "Budget > 0", "outputs": [{"name": "level", "type": "string", "expr": "\"red\""}]},
	  {"id": "big", "when": "Budget > 5000000 && Rate < 50", "outputs": [{"name": "key", "type": "bool", "expr": "true"}]},
	  {"id": "t_dev", "tags": ["trigger"], "when": "Month >= 3 && Deviation < -20",
	   "outputs": [{"name": "level", "type": "string", "expr": "\"red\""}, {"name": "actions", "type": "string", "expr": "\"interview\""}]},
	  {"id": "t_rate", "tags": ["trigger"], "group": "trig", "priority": 1, "when": "Quarter == 2 && Rate < 30",
	   "outputs": [{"name": "key", "type": "bool", "expr": "true"}]},
	  {"id": "t_unspent", "tags": ["trigger"], "group": "trig", "when": "Unspent > 100000 && Expected >= 50 && MonthEnd",
	   "outputs": [{"name": "level", "type": "string", "expr": "\"yellow\""}, {"name": "actions", "type": "string", "expr": "\"notify\""}]},
	  {"id": "t_idle", "tags": ["trigger"], "when": "Month == 6 && Budget > 0 && Executed * 100 < Budget * 40 && InitialBudget == AdjustedBudget",
	   "outputs": [{"name": "actions", "type": "string", "expr": "\"suspend\""}]}
	]}`},
	// Triggers gated to a month by their first test (monthGate), one
	// written the other way round, beside a trigger that is not (its
	// month test is not the first operand) and one whose or makes the
	// gate no gate: no month end is skipped, and each month reads only
	// what the rules open there read.
	{"gated", "triggers", `{"id": "t-gated", "version": "1", "rules": [
	  {"id": "green", "group": "gap", "when": "Deviation >= 0", "outputs": [{"name": "level", "type": "string", "expr": "\"green\""}]},
	  {"id": "red", "group": "gap", "when": "Budget > 0", "outputs": [{"name": "level", "type": "string", "expr": "\"red\""}]},
	  {"id": "t_aug", "tags": ["trigger"], "when": "Month == 8 && Rate < 70",
	   "outputs": [{"name": "level", "type": "string", "expr": "\"red\""}, {"name": "actions", "type": "string", "expr": "\"interview\""}]},
	  {"id": "t_jun", "tags": ["trigger"], "when": "6 == Month and Deviation < -5", "outputs": [{"name": "key", "type": "bool", "expr": "true"}]},
	  {"id": "t_or", "tags": ["trigger"], "when": "Month == 3 && Unspent > 50000 || Month == 11 && Deviation < -30",
	   "outputs": [{"name": "actions", "type": "string", "expr": "\"notify\""}]},
	  {"id": "t_late", "tags": ["trigger"], "when": "Rate < 20 && Month == 10", "outputs": [{"name": "level", "type": "string", "expr": "\"yellow\""}]}
	]}`},
	// Every trigger gated: the month ends of other months are skipped,
	// the gated months evaluated.
	{"gated only", "triggers", `{"id": "t-gated-only", "version": "1", "rules": [
	  {"id": "green", "group": "gap", "when": "Deviation >= 0", "outputs": [{"name": "level", "type": "string", "expr": "\"green\""}]},
	  {"id": "red", "group": "gap", "when": "Budget > 0", "outputs": [{"name": "level", "type": "string", "expr": "\"red\""}]},
	  {"id": "t_aug", "tags": ["trigger"], "when": "Month == 8 && Rate < 70 && Unspent > 10000",
	   "outputs": [{"name": "level", "type": "string", "expr": "\"red\""}, {"name": "actions", "type": "string", "expr": "\"interview\""}]},
	  {"id": "t_jun", "tags": ["trigger"], "when": "(6 == Month) and Deviation < -5", "outputs": [{"name": "key", "type": "bool", "expr": "true"}]}
	]}`},
	// A trigger in a group with other rules: only the whole set says
	// whether it fires.
	{"mixed group", "whole", `{"id": "t-mixed", "version": "1", "rules": [
	  {"id": "green", "group": "gap", "when": "Deviation >= 0", "outputs": [{"name": "level", "type": "string", "expr": "\"green\""}]},
	  {"id": "t_dev", "tags": ["trigger"], "group": "gap", "when": "Deviation < -20",
	   "outputs": [{"name": "level", "type": "string", "expr": "\"red\""}, {"name": "actions", "type": "string", "expr": "\"interview\""}]},
	  {"id": "yellow", "group": "gap", "when": "Budget > 0", "outputs": [{"name": "level", "type": "string", "expr": "\"yellow\""}]}
	]}`},
	// The first hit policy: a rule that fires stops the triggers after it.
	{"first", "whole", `{"id": "t-first", "version": "1", "hit_policy": "first", "rules": [
	  {"id": "ahead", "when": "Deviation >= 5", "outputs": [{"name": "level", "type": "string", "expr": "\"green\""}]},
	  {"id": "t_dev", "tags": ["trigger"], "when": "Deviation < -15", "outputs": [{"name": "level", "type": "string", "expr": "\"red\""}]},
	  {"id": "rest", "when": "true", "outputs": [{"name": "level", "type": "string", "expr": "\"yellow\""}]}
	]}`},
	// No trigger at all: month ends before the check date decide nothing.
	{"no triggers", "none", `{"id": "t-none", "version": "1", "rules": [
	  {"id": "green", "group": "gap", "when": "Deviation >= 0", "outputs": [{"name": "level", "type": "string", "expr": "\"green\""}]},
	  {"id": "red", "group": "gap", "when": "Budget > 0", "outputs": [{"name": "level", "type": "string", "expr": "\"red\""}, {"name": "actions", "type": "string", "expr": "\"notify\""}]}
	]}`},
}

// TestMonthProgramEqualsWholeSet holds a check by rules on the fast path
// (month ends before the check date run the month program, triggerSet, on
// environments updated in place) to the same check on the decimal path,
// which runs the whole set on freshly built environments at every month
// end: over random portfolios (sub-fen, beyond the fen bound, zero
// budgets, adjustments, every kind of schedule), checks carried from one
// to the next (so that some start after a month end), with both budget
// bases. Every
// project's level, deciding rule, triggers and key flag, the actions, the
// rectifications and the next State must be equal.
func TestMonthProgramEqualsWholeSet(t *testing.T) {
	for _, set := range monthSets {
		t.Run(set.name, func(t *testing.T) {
			r, err := ParseRules([]byte(set.json))
			require.NoError(t, err)
			switch set.want {
			case "triggers":
				require.True(t, r.months != nil && r.months != r.prog, "the trigger rules alone")
				for _, x := range r.mtrigger {
					require.True(t, x)
				}
				// The default triggers read Unspent, not Rate or Deviation
				// (rules.json); the "fields" ones read all three.
				want := allNeeds
				switch set.name {
				case "default":
					want = envNeeds{unspent: true}
				case "gated only":
					want = envNeeds{unspent: true, rate: true, deviation: true}
				}
				require.Equal(t, want, r.mneeds)
			case "whole":
				require.True(t, r.months == r.prog, "the whole set")
			case "none":
				require.Nil(t, r.months)
			}
			rng := rand.New(rand.NewPCG(7, uint64(len(set.name))))
			fired := map[string]int{}
			for trial := range 8 {
				p := DefaultPolicy()
				if trial%2 == 1 {
					p.Base = performance.BaseInitial
				}
				fast, l := randomPortfolio(t, rng, 40, p)
				slow := *fast
				slow.noFast = true
				fr, sr := fast.WithRules(r), slow.WithRules(r)
				var fs, ss State
				// Then checks from the zero State, whose month ends before
				// the check date include the gated months (monthGate) of
				// every set: June, August and September before 31 October.
				for k, q := range []time.Time{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC),
					time.Date(2024, 8, 31, 0, 0, 0, 0, time.UTC), time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC),
					time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC),
					time.Date(2024, 10, 31, 0, 0, 0, 0, time.UTC), time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)} {
					if k >= 5 {
						fs, ss = State{}, State{}
					}
					a, err := fr.Check(q, l, fs)
					require.NoError(t, err)
					b, err := sr.Check(q, l, ss)
					require.NoError(t, err)
					fs, ss = a.State, b.State
					where := fmt.Sprintf("trial %d %s", trial, q.Format(time.DateOnly))
					require.Equal(t, b.Problems, a.Problems, where)
					for i := range a.Projects {
						x, y := a.Projects[i], b.Projects[i]
						require.Equal(t, [3]any{y.Level, y.Rule, y.Key}, [3]any{x.Level, x.Rule, x.Key}, "%s %s", where, x.ProjectID)
						require.Equal(t, y.Triggers, x.Triggers, "%s %s", where, x.ProjectID)
						for _, id := range x.Triggers {
							fired[id]++
						}
						fired[x.Rule]++
					}
					require.Equal(t, len(b.Actions), len(a.Actions), where)
					for i := range a.Actions {
						x, y := a.Actions[i], b.Actions[i]
						require.Equal(t, [4]string{y.Kind.String(), y.ProjectID, y.Reason, y.Rectification},
							[4]string{x.Kind.String(), x.ProjectID, x.Reason, x.Rectification}, where)
						require.True(t, y.Amount.Equal(x.Amount), "%s %s: %s vs %s", where, x.ProjectID, x.Amount, y.Amount)
					}
					require.Equal(t, b.Rectifications, a.Rectifications, where)
					require.Equal(t, b.State, a.State, where)
				}
			}
			// Every trigger of the set fired somewhere, so equality says
			// something about each.
			for i, x := range r.set.Rules {
				if r.trigger[i] {
					require.Greater(t, fired[x.ID], 0, "trigger %s never fired: %v", x.ID, fired)
				}
			}
			t.Logf("%s: %v", set.name, fired)
		})
	}
}

// TestNeedsAt holds the month gates (monthGate, needsAt) to what the
// rules read: which conditions open with a month test, which month ends
// of the bundled and the "gated" sets are skipped, and which computed
// fields each month reads. TestMonthProgramEqualsWholeSet proves checks
// with those gates equal to checks on the decimal path, which evaluates
// every month end.
func TestNeedsAt(t *testing.T) {
	for _, tt := range []struct {
		when string
		k    int
		ok   bool
	}{
		{"Month == 8", 8, true},
		{"8 == Month", 8, true},
		{"(Month == 8)", 8, true},
		{"Month == 8 && Budget > 0 && Executed * 100 < Budget * 60", 8, true},
		{"Month == 9 and Unspent > 0", 9, true},
		{"(Month == 9 && Rate < 3) && Deviation < 0", 9, true},
		{"Month == 13 && Budget > 0", 13, true},
		{"Budget > 0 && Month == 8", 0, false},
		{"Month == 8 || Budget > 0", 0, false},
		{"Month == 8 && Rate < 3 || Deviation < 0", 0, false},
		{"Month >= 8 && Rate < 3", 0, false},
		{"Month != 8 && Rate < 3", 0, false},
		{"Quarter == 3 && Rate < 3", 0, false},
		{"not (Month == 8) && Rate < 3", 0, false},
		{"let m = 8; Month == m && Rate < 3", 0, false},
		{"Month == Quarter && Rate < 3", 0, false},
		{"Month ==", 0, false},
	} {
		k, ok := monthGate(&rules.Rule{When: tt.when})
		require.Equal(t, [2]any{tt.k, tt.ok}, [2]any{k, ok}, "monthGate(%q)", tt.when)
	}

	def := DefaultRules()
	for mo := 1; mo <= 12; mo++ {
		// The bundled triggers are of August (Budget, Executed) and
		// September (also Unspent); the gap rules read Deviation.
		wantSkip := mo != 8 && mo != 9
		wantM := envNeeds{unspent: mo == 9}
		wantP := envNeeds{unspent: mo == 9, deviation: true}
		require.Equal(t, wantSkip, def.mskip[mo-1], "default: month %d skipped", mo)
		require.Equal(t, wantM, def.mneedsAt[mo-1], "default: month program's needs in month %d", mo)
		require.Equal(t, wantP, def.pneeds[mo-1], "default: whole set's needs in month %d", mo)
	}
	var gated *Rules
	for _, set := range monthSets {
		if set.name == "gated" {
			var err error
			gated, err = ParseRules([]byte(set.json))
			require.NoError(t, err)
		}
	}
	for mo := 1; mo <= 12; mo++ {
		// t_or (Unspent, Deviation) and t_late (Rate) are open every
		// month: none is skipped, and every month reads all three.
		require.False(t, gated.mskip[mo-1], "gated: month %d skipped", mo)
		require.Equal(t, allNeeds, gated.mneedsAt[mo-1], "gated: month %d", mo)
	}
	only := []rules.Rule{
		{ID: "a", When: "Month == 8 && Rate < 70 && Unspent > 10000"},
		{ID: "b", When: "(6 == Month) and Deviation < -5"},
	}
	for mo := 1; mo <= 12; mo++ {
		n, skip := needsAt(only, mo)
		want := envNeeds{}
		switch mo {
		case 8:
			want = envNeeds{unspent: true, rate: true}
		case 6:
			want = envNeeds{deviation: true}
		}
		require.Equal(t, [2]any{want, mo != 6 && mo != 8}, [2]any{n, skip}, "needsAt(only, %d)", mo)
	}
}
