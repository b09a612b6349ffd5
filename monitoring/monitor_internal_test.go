package monitoring

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestNewBudgetsEqualMaps holds New's sorted pass over the budgets to the
// maps it used before, written out here as the expected values: the IDs
// counted in one map (a budget whose ID occurs more than once is left
// out, each copy reported), the budgets kept in input order then sorted
// by ID, and found through a map of ID to position. Over generated
// budgets with repeated IDs (twice and three times), empty IDs, missing
// units, negative amounts and unknown schedules, shuffled, the monitor's
// budgets, problems and lookups (budgetIndex) must be the maps'.
func TestNewBudgetsEqualMaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	pol := Policy{Schedules: []Schedule{{ID: "s1", Method: MethodDays}}}
	for trial := range 20 {
		var bs []Budget
		for i := range 1 + rng.IntN(400) {
			b := Budget{ProjectID: fmt.Sprintf("P%04d", i), UnitID: "U1", Initial: decimal.New(rng.Int64N(1e6), -2)}
			switch rng.IntN(12) {
			case 0:
				b.ProjectID = ""
			case 1:
				b.UnitID = ""
			case 2:
				b.Initial = b.Initial.Neg().Sub(decimal.New(1, 0))
			case 3:
				b.ScheduleID = "nope"
			case 4:
				b.ScheduleID = "s1"
			}
			bs = append(bs, b)
			for range rng.IntN(6) / 4 { // a repeat now and then, sometimes two
				c := b
				c.Name = "copy"
				bs = append(bs, c)
			}
		}
		rng.Shuffle(len(bs), func(i, j int) { bs[i], bs[j] = bs[j], bs[i] })

		seen := map[string]int{}
		for _, b := range bs {
			seen[b.ProjectID]++
		}
		var want []Budget
		var wantPs performance.Problems
		for i, b := range bs {
			path := fmt.Sprintf("budgets[%d]", i)
			bad := false
			if b.ProjectID == "" {
				wantPs.Add("missing_project", path+".project_id", "预算缺少项目编码", "the budget has no project ID")
				bad = true
			} else if seen[b.ProjectID] > 1 {
				wantPs.Add("duplicate_project", path+".project_id", "项目编码重复: "+b.ProjectID, "duplicate project ID "+b.ProjectID)
				bad = true
			}
			if b.UnitID == "" {
				wantPs.Add("missing_unit", path+".unit_id", "预算缺少预算单位", "the budget has no unit")
				bad = true
			}
			if b.Initial.Sign() < 0 {
				wantPs.Add("negative_budget", path+".initial", "年初预算数不能为负", "the initial budget must not be negative")
				bad = true
			}
			if b.ScheduleID != "" && b.ScheduleID != "s1" {
				wantPs.Add("unknown_schedule", path+".schedule_id", "未定义的进度表: "+b.ScheduleID, "unknown schedule "+b.ScheduleID)
				bad = true
			}
			if !bad {
				want = append(want, b)
			}
		}
		slices.SortFunc(want, func(a, b Budget) int { return cmp.Compare(a.ProjectID, b.ProjectID) })
		sortProblems(wantPs)
		index := map[string]int{}
		for i, b := range want {
			index[b.ProjectID] = i
		}

		p := pol
		m, _ := New(2021, &p, nil, bs, nil)
		require.NotNil(t, m)
		if len(want)+len(m.budgets) > 0 { // nil and empty alike
			require.Equal(t, want, slices.Clip(m.budgets), "trial %d: budgets", trial)
		}
		require.Equal(t, wantPs, m.problems, "trial %d: problems", trial)
		for _, b := range bs {
			j, ok := m.budgetIndex(b.ProjectID)
			wj, wok := index[b.ProjectID]
			require.Equal(t, wok, ok, "trial %d: %q found", trial, b.ProjectID)
			if ok {
				require.Equal(t, wj, j, "trial %d: %q", trial, b.ProjectID)
			}
		}
		_, ok := m.budgetIndex("Z-not-a-project")
		require.False(t, ok)
	}
}
