package policy_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func readInto(t testing.TB, v any, path ...string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(append([]string{".."}, path...)...))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, v))
}

// yearInputs are the bundled samples of every stage.
type yearInputs struct {
	subs    []exante.Submission
	trees   map[string]*goals.Tree
	budgets []monitoring.Budget
	adjs    []monitoring.Adjustment
	records []monitoring.Record
	forms   []evaluation.SelfEvaluation
	key     *evaluation.KeyReport
}

func loadInputs(t testing.TB) *yearInputs {
	in := &yearInputs{}
	readInto(t, &in.subs, "testdata", "exante", "portfolio.json")
	readInto(t, &in.trees, "testdata", "exante", "goals.json")
	readInto(t, &in.budgets, "testdata", "monitoring", "budgets.json")
	readInto(t, &in.adjs, "testdata", "monitoring", "adjustments.json")
	f, err := os.Open(filepath.Join("..", "testdata", "monitoring", "records.csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	for _, r := range rows[1:] {
		d, err := time.Parse(time.DateOnly, r[1])
		require.NoError(t, err)
		in.records = append(in.records, monitoring.Record{ProjectID: r[0], Date: d, Amount: decimal.RequireFromString(r[2])})
	}
	var self struct {
		SelfEvaluations []evaluation.SelfEvaluation `json:"self_evaluations"`
	}
	readInto(t, &self, "cmd", "jixiao", "data", "self2021.json")
	in.forms = self.SelfEvaluations
	data, err := os.ReadFile(filepath.Join("..", "testdata", "expost", "key2020.json"))
	require.NoError(t, err)
	in.key, err = evaluation.ParseKeyReport(data)
	require.NoError(t, err)
	return in
}

// runAll runs every stage of pr once and returns the results as JSON, in
// stage order.
func runAll(t testing.TB, pr *policy.Program, in *yearInputs) []string {
	var out []string
	put := func(v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Error(err)
		}
		out = append(out, string(b))
	}
	round, _ := pr.AssessRound(context.Background(), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), in.subs, in.trees, 1)
	put(round)
	asOf := time.Date(2021, 9, 30, 0, 0, 0, 0, time.UTC)
	l, err := monitoring.NewLedger(2021, asOf)
	if err != nil {
		t.Error(err)
		return nil
	}
	for _, r := range in.records {
		if !r.Date.After(asOf) {
			_ = l.Add(r)
		}
	}
	rep, err := pr.CheckQuarter(context.Background(), asOf, in.budgets, in.adjs, l, monitoring.State{})
	if err != nil {
		t.Error(err)
	}
	put(rep)
	recs, _, _ := pr.ReconcileSelf(context.Background(), in.forms, 1)
	put(recs)
	key, _ := pr.EvaluateKey(time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC), in.key)
	put(key)
	ny, _ := pr.Apply(time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC), in.key.Outcomes, in.key.Departments)
	put(ny)
	b, err := pr.Grade(decimal.RequireFromString("85.5"))
	if err != nil {
		t.Error(err)
	}
	put(b)
	return out
}

// TestProgramSharedAcrossGoroutines shares one Program among 16 goroutines
// running every stage (run with -race) and checks that each gets exactly
// the results of a run alone, stamped with the policy's ref.
func TestProgramSharedAcrossGoroutines(t *testing.T) {
	p, err := policy.Load(filepath.Join("..", "testdata", "policy", "2021.json"))
	require.NoError(t, err)
	pr, err := p.Compile(bundledOrg(t, "monitoring/org.json"), nil)
	require.NoError(t, err)
	in := loadInputs(t)
	want := runAll(t, pr, in)
	require.Len(t, want, 6)
	ref, err := json.Marshal(pr.Ref())
	require.NoError(t, err)
	for i, s := range want[:5] {
		require.Contains(t, s, `"policy":`+string(ref), "stage %d carries the policy ref", i)
	}
	var wg sync.WaitGroup
	got := make([][]string, 16)
	for g := range got {
		wg.Go(func() { got[g] = runAll(t, pr, in) })
	}
	wg.Wait()
	for g := range got {
		require.Equal(t, want, got[g], "goroutine %d", g)
	}
}

// TestStageWithoutPolicyPart: a stage the policy leaves out returns
// ErrNoStage.
func TestStageWithoutPolicyPart(t *testing.T) {
	p, err := policy.Parse([]byte(`{"id": "grades-only"}`))
	require.NoError(t, err)
	pr, err := p.Compile(nil, nil)
	require.NoError(t, err)
	_, err = pr.AssessRound(context.Background(), time.Time{}, nil, nil, 1)
	require.ErrorIs(t, err, policy.ErrNoStage)
	_, err = pr.CheckQuarter(context.Background(), time.Date(2021, 3, 31, 0, 0, 0, 0, time.UTC), nil, nil, nil, monitoring.State{})
	require.ErrorIs(t, err, policy.ErrNoStage)
	_, err = pr.Apply(time.Time{}, nil, nil)
	require.ErrorIs(t, err, policy.ErrNoStage)
	b, err := pr.Grade(decimal.NewFromInt(59))
	require.NoError(t, err)
	require.Equal(t, performance.Poor, b.Grade)
}
