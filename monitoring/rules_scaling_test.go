package monitoring_test

import (
	"context"
	"fmt"
	"github.com/jixiao-go/jixiao/internal/cputime"
	"strings"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scalingRules is a rule set of n rules that all fire for a project behind
// schedule: every other one a trigger (tagged "trigger", firing at each
// month end until it has fired once), each setting a level and an action.
func scalingRules(tb testing.TB, n int) *monitoring.Rules {
	tb.Helper()
	var b strings.Builder
	b.WriteString(`{"id":"scale","rules":[`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		tags := ""
		if i%2 == 1 {
			tags = `,"tags":["trigger"]`
		}
		fmt.Fprintf(&b, `{"id":"r%d","when":"Deviation < 0"%s,"outputs":[{"name":"level","type":"string","expr":"\"yellow\""},{"name":"actions","type":"string","expr":"\"interview\""}]}`, i, tags)
	}
	b.WriteString(`]}`)
	rs, err := monitoring.ParseRules([]byte(b.String()))
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

// scalingCheck runs one project through a Q3 check with rs: nine month-end
// trigger evaluations and one on the check date.
func scalingCheck(tb testing.TB, rs *monitoring.Rules) *monitoring.Report {
	tb.Helper()
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, []monitoring.Budget{budget("A", "U", "1200")}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	m = m.WithRules(rs)
	l, err := monitoring.Aggregate(context.Background(), 2021, day(2021, 12, 31), seq(rec("A", day(2021, 1, 5), "100")))
	if err != nil {
		tb.Fatal(err)
	}
	r, err := m.Check(day(2021, 9, 30), l, monitoring.State{})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// BenchmarkRulesScaling checks one project behind schedule against rule
// sets of 1k, 10k and 100k rules that all fire. The work per rule must not
// grow with the number of rules: ns/rule is reported beside ns/op.
func BenchmarkRulesScaling(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			rs := scalingRules(b, n)
			b.ReportAllocs()
			for b.Loop() {
				scalingCheck(b, rs)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/rule")
		})
	}
}

// TestRulesManyTriggers: with 200 rules that all fire, the 100 triggers are
// each reported once at the Q3 check, and not again at Q4 (they fire at
// most once a year), while the project stays under key monitoring; the
// level is the first non-trigger rule's yellow (r0).
func TestRulesManyTriggers(t *testing.T) {
	rs := scalingRules(t, 200)
	r3 := scalingCheck(t, rs)
	s := status(t, r3, "A")
	var want []string
	for i := 1; i < 200; i += 2 {
		want = append(want, fmt.Sprintf("r%d", i))
	}
	assert.ElementsMatch(t, want, s.Triggers)
	assert.Len(t, s.Triggers, 100, "each trigger once")
	assert.Equal(t, monitoring.Yellow, s.Level)
	assert.Equal(t, "r0", s.Rule)
	assert.True(t, s.Key)

	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, []monitoring.Budget{budget("A", "U", "1200")}, nil)
	require.NoError(t, err)
	l := mustLedger(t, 2021, day(2021, 12, 31), rec("A", day(2021, 1, 5), "100"))
	r4, err := m.WithRules(rs).Check(day(2021, 12, 31), l, r3.State)
	require.NoError(t, err)
	s4 := status(t, r4, "A")
	assert.Empty(t, s4.Triggers, "fired before this year")
	assert.True(t, s4.Key)
}

// TestRulesScalingLinear: the check's time grows linearly with the number
// of rules that fire. Each fired rule used to be looked up by a scan of the
// whole set (1k rules 0.6 s, 4k 5.4 s, 16k 59 s).
func TestRulesScalingLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	best := func(rs *monitoring.Rules) time.Duration {
		b := time.Hour
		for range 3 {
			start := cputime.Now()
			scalingCheck(t, rs)
			b = min(b, cputime.Now()-start)
		}
		return b
	}
	// Both sizes are beyond the caches (below some thousand rules a check
	// is faster per rule, which is not what this is about).
	small, large := best(scalingRules(t, 2000)), best(scalingRules(t, 8000))
	t.Logf("Q3 check: %v with 2,000 rules, %v with 8,000", small, large)
	// Four times the rules: about four times the time; quadratic would be
	// sixteen (the slack is for a shared machine's noise). The scan per
	// fired rule took about 15 s at 8,000 rules (4k 5.4 s, 16k 59 s).
	assert.Less(t, large, 12*small+100*time.Millisecond)
	assert.Less(t, large, 3*time.Second)
}
