package monitoring_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sample is the bundled year in ../testdata/monitoring.
type sample struct {
	org         *performance.Org
	policy      *monitoring.Policy
	rules       *monitoring.Rules
	budgets     []monitoring.Budget
	adjustments []monitoring.Adjustment
	trees       map[string]*goals.Tree
	reports     []monitoring.GoalReport
	ledger      *monitoring.Ledger
}

func sampleFile(name string) string { return filepath.Join("..", "testdata", "monitoring", name) }

func loadSample(t testing.TB) *sample {
	t.Helper()
	read := func(name string, v any) {
		b, err := os.ReadFile(sampleFile(name))
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, v), name)
	}
	var s sample
	var nodes []performance.Node
	read("org.json", &nodes)
	var err error
	s.org, err = performance.NewOrg(nodes)
	require.NoError(t, err)
	b, err := os.ReadFile(sampleFile("policy.json"))
	require.NoError(t, err)
	s.policy, err = monitoring.ParsePolicy(b)
	require.NoError(t, err)
	b, err = os.ReadFile(sampleFile("rules.json"))
	require.NoError(t, err)
	s.rules, err = monitoring.ParseRules(b)
	require.NoError(t, err)
	read("budgets.json", &s.budgets)
	read("adjustments.json", &s.adjustments)
	read("goals.json", &s.trees)
	read("goal_reports.json", &s.reports)
	f, err := os.Open(sampleFile("records.csv"))
	require.NoError(t, err)
	defer f.Close()
	s.ledger, err = monitoring.Aggregate(context.Background(), 2021, day(2021, 12, 31), monitoring.ReadRecords(f))
	require.NoError(t, err)
	return &s
}

// TestSampleYear runs the bundled sample through four quarterly checks and
// checks that it shows what it is meant to show: every level, both
// triggers, escalation, rectifications done and overdue, goals at risk and
// year-end recoveries; and that the policy and the rule set agree on it.
func TestSampleYear(t *testing.T) {
	s := loadSample(t)
	m, err := monitoring.New(2021, s.policy, s.org, s.budgets, s.adjustments)
	require.NoError(t, err)
	reps := runYear(t, m, s.ledger)
	byRules := runYear(t, m.WithRules(s.rules), s.ledger)
	levels := map[monitoring.Level]int{}
	triggers := map[string]int{}
	kinds := map[monitoring.ActionKind]int{}
	for q, r := range reps {
		assert.Empty(t, r.Problems, "Q%d", q+1)
		for i, st := range r.Projects {
			levels[st.Level]++
			for _, x := range st.Triggers {
				triggers[x]++
			}
			assert.Equal(t, st.Level, byRules[q].Projects[i].Level, "Q%d %s", q+1, st.ProjectID)
			assert.Equal(t, st.Triggers, byRules[q].Projects[i].Triggers, "Q%d %s", q+1, st.ProjectID)
		}
		for _, a := range r.Actions {
			kinds[a.Kind]++
		}
		assert.Equal(t, r.Actions, byRules[q].Actions, "Q%d", q+1)
		// Every group's counts add up to the total.
		var p, behind int
		for _, g := range r.Regions {
			p += g.Projects
			behind += g.Behind
		}
		assert.Equal(t, r.Total.Projects, p)
		assert.Equal(t, r.Total.Behind, behind)
	}
	for _, l := range []monitoring.Level{monitoring.Green, monitoring.Yellow, monitoring.Red} {
		assert.Positive(t, levels[l], "level %s", l)
	}
	assert.Positive(t, triggers["aug_2m_below_60"])
	assert.Positive(t, triggers["q3_below_60_unspent_2m"])
	for _, k := range []monitoring.ActionKind{monitoring.Notify, monitoring.Interview, monitoring.Rectify, monitoring.Suspend} {
		assert.Positive(t, kinds[k], "action %s", k)
	}
	status := map[monitoring.RectStatus]int{}
	for _, rc := range reps[3].Rectifications {
		status[rc.Status]++
	}
	assert.Positive(t, status[monitoring.RectDone])
	assert.Positive(t, status[monitoring.RectOverdue])

	g := m.Goals(day(2021, 9, 30), s.trees, s.reports)
	assert.Empty(t, g.Problems)
	assert.NotEmpty(t, g.AtRisk)

	ye, err := m.YearEnd(s.ledger)
	require.NoError(t, err)
	assert.Positive(t, ye.Recover.Sign())
	assert.True(t, ye.Unspent.Equal(ye.CarryOver.Add(ye.Surplus)))

	var buf bytes.Buffer
	for _, lang := range []performance.Lang{performance.LangZH, performance.LangEN} {
		buf.Reset()
		require.NoError(t, g.WriteText(&buf, lang))
		require.NoError(t, ye.WriteText(&buf, lang))
		golden(t, filepath.Join("testdata", "sample_goals_yearend."+lang.String()+".golden"), buf.Bytes())
	}
	buf.Reset()
	require.NoError(t, reps[2].WriteText(&buf, performance.LangZH))
	golden(t, filepath.Join("testdata", "sample_q3.zh.golden"), buf.Bytes())
	buf.Reset()
	require.NoError(t, reps[2].WriteText(&buf, performance.LangEN))
	golden(t, filepath.Join("testdata", "sample_q3.en.golden"), buf.Bytes())
}

func decodeFile(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// TestSamplePublishedSchedule uses the bundled published schedule table as
// the default schedule: at the end of April the expected progress is the
// published 33.33%, not 1/3.
func TestSamplePublishedSchedule(t *testing.T) {
	s := loadSample(t)
	var tbl monitoring.Schedule
	require.NoError(t, decodeFile(sampleFile("schedule_table.json"), &tbl))
	require.NoError(t, tbl.Validate())
	p := monitoring.DefaultPolicy()
	p.Schedule = tbl
	p.CategorySchedules = nil
	m, err := monitoring.New(2021, p, s.org, s.budgets, s.adjustments)
	require.NoError(t, err)
	r, err := m.Check(day(2021, 4, 30), s.ledger, monitoring.State{})
	require.NoError(t, err)
	for _, st := range r.Projects {
		assert.Equal(t, "lhasa-2021", st.Schedule)
		assert.Equal(t, "33.3300", st.Expected.Percent(4).StringFixed(4))
	}
}
