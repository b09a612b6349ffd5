package monitoring

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/performance"
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
				if set.name == "default" {
					want = envNeeds{unspent: true}
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
				for _, q := range []time.Time{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC),
					time.Date(2024, 8, 31, 0, 0, 0, 0, time.UTC), time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC),
					time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)} {
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
