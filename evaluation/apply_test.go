package evaluation_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

func xpPolicy(t *testing.T, file string) *evaluation.ApplyProgram {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "expost", file))
	require.NoError(t, err)
	p, err := evaluation.ParseApplyPolicy(data)
	require.NoError(t, err)
	prog, err := evaluation.CompileApplyPolicy(p)
	require.NoError(t, err)
	return prog
}

func xpExec(budget, executed string) performance.Execution {
	return performance.Execution{InitialBudget: xpDec(budget), AdjustedBudget: xpDec(budget), Executed: xpDec(executed)}
}

func xpOutcomes() []evaluation.ProjectOutcome {
	one := xpDec("1")
	return []evaluation.ProjectOutcome{
		// 优, full execution: priority support, the request stands.
		{ProjectID: "P1", UnitID: "u1", Grade: performance.Excellent, Score: xpDec("95"), Attainment: one,
			Execution: xpExec("1000000", "1000000"), Requested: xpDec("1000000")},
		// 良 but 50% executed (< 60%): cut 10%: 1,234,567.89 × 0.9 = 1,111,111.101 → 1,111,111.10.
		{ProjectID: "P2", UnitID: "u1", Grade: performance.Good, Score: xpDec("88"), Attainment: one,
			Execution: xpExec("1000000", "500000"), Requested: xpDec("1234567.89")},
		// 中: cut 20%: 500,000.05 × 0.8 = 400,000.04; carry-over 20,000 recovered.
		{ProjectID: "P3", UnitID: "u2", Grade: performance.Fair, Score: xpDec("70"), Attainment: one,
			Execution: xpExec("100000", "100000"), CarryOver: xpDec("20000"), Requested: xpDec("500000.05")},
		// One-off 差: cancelled, blocks 信息化 in its department; unspent 300,000 − 100,000
		// = 200,000 plus carry-over 50,000 recovered.
		{ProjectID: "P4", UnitID: "u2", Kind: performance.KindOneOff, Category: "信息化", Grade: performance.Poor,
			Score: xpDec("55"), Attainment: xpDec("0.4"), Execution: xpExec("300000", "100000"),
			CarryOver: xpDec("50000"), Requested: xpDec("150000")},
		// Routine 差, nothing left unspent: suspended, nothing recovered.
		{ProjectID: "P5", UnitID: "u3", Kind: performance.KindRoutine, Grade: performance.Poor, Score: xpDec("50"),
			Attainment: xpDec("0.5"), Execution: xpExec("80000", "80000"), Requested: xpDec("80000")},
		// Not graded: no rule decides; the request stands.
		{ProjectID: "P6", UnitID: "u3", Attainment: one, Execution: xpExec("10000", "10000"), Requested: xpDec("10000")},
		// 良 with 75% of goals attained (< 80%): cut 10%: 200,000 × 0.9 = 180,000.
		{ProjectID: "P7", UnitID: "u1", Grade: performance.Good, Score: xpDec("85"), Attainment: xpDec("0.75"),
			Execution: xpExec("100000", "90000"), Requested: xpDec("200000")},
		// 良, 90% executed (≥ 60%), 85% attained (≥ 80%): funded as needed.
		{ProjectID: "P8", UnitID: "u3", Grade: performance.Good, Score: xpDec("82"), Attainment: xpDec("0.85"),
			Execution: xpExec("100000", "90000"), Requested: xpDec("50000")},
	}
}

func TestApplyBundledPolicy(t *testing.T) {
	prog := xpPolicy(t, "policy.json")
	depts := []evaluation.DepartmentOutcome{
		// Carry-overs grew by 1,000,000: cut 30% = 300,000.
		{DepartmentID: "city-edu", CarryOver: xpDec("5000000"), PriorCarryOver: xpDec("4000000")},
		// Carry-overs fell: no cut.
		{DepartmentID: "city-health", CarryOver: xpDec("1000000"), PriorCarryOver: xpDec("1200000")},
	}
	ny, err := prog.Apply(xpOutcomes(), depts, xpOrg(t), time.Date(2022, 1, 15, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)

	type row struct {
		id        string
		action    evaluation.BudgetAction
		amount    string
		recovered string
		rule      string
		blocks    bool
	}
	want := []row{
		{"P1", evaluation.ActionPrioritize, "1000000", "0", "prioritize_excellent", false},
		{"P2", evaluation.ActionCut, "1111111.10", "0", "cut_low_execution", false},
		{"P3", evaluation.ActionCut, "400000.04", "20000", "cut_fair", false},
		{"P4", evaluation.ActionCancel, "0", "250000", "cancel_poor_one_off", true},
		{"P5", evaluation.ActionSuspend, "0", "0", "suspend_poor", false},
		{"P6", evaluation.ActionNone, "10000", "0", "", false},
		{"P7", evaluation.ActionCut, "180000", "0", "cut_low_attainment", false},
		{"P8", evaluation.ActionAsNeeded, "50000", "0", "as_needed_good", false},
	}
	require.Len(t, ny.Projects, len(want))
	for i, w := range want {
		c := ny.Projects[i]
		t.Run(w.id, func(t *testing.T) {
			assert.Equal(t, w.id, c.ProjectID)
			assert.Equal(t, w.action, c.Action)
			xpAssertDec(t, w.amount, c.Amount)
			xpAssertDec(t, w.recovered, c.Recovered)
			assert.True(t, c.Change.Equal(c.Amount.Sub(c.Requested)))
			assert.Equal(t, w.rule, c.Rule)
			assert.Equal(t, w.blocks, c.BlocksSimilar)
			assert.NotEmpty(t, c.Explanation.ZH)
			assert.NotEmpty(t, c.Explanation.EN)
		})
	}
	assert.Contains(t, ny.Projects[1].Explanation.EN, "cut_low_execution")
	assert.Equal(t, []string{"block_poor_one_off", "cancel_poor_one_off", "recover_poor"}, ny.Projects[3].Fired)

	// Blocks: a new 信息化 project of 卫健委 (city-health) is blocked, of 教育局 not.
	b, ok := ny.Blocked("city-health", "信息化")
	assert.True(t, ok)
	assert.Equal(t, "P4", b.ProjectID)
	_, ok = ny.Blocked("city-edu", "信息化")
	assert.False(t, ok)

	// Departments, exact to the fen:
	// city-edu: requested 1,000,000 + 1,234,567.89 + 200,000 = 2,434,567.89;
	//   amounts 1,000,000 + 1,111,111.10 + 180,000 = 2,291,111.10; cut 300,000;
	//   total 1,991,111.10; change −443,456.79.
	// city-health: requested 500,000.05 + 150,000 = 650,000.05; amounts 400,000.04;
	//   total 400,000.04; change −250,000.01; recovered 20,000 + 250,000 = 270,000.
	// cg-edu: requested 80,000 + 10,000 + 50,000 = 140,000; amounts 0 + 10,000 + 50,000 = 60,000;
	//   change −80,000.
	type adj struct{ id, requested, amount, cut, total, change, recovered string }
	wantD := []adj{
		{"cg-edu", "140000", "60000", "0", "60000", "-80000", "0"},
		{"city-edu", "2434567.89", "2291111.10", "300000", "1991111.10", "-443456.79", "0"},
		{"city-health", "650000.05", "400000.04", "0", "400000.04", "-250000.01", "270000"},
	}
	check := func(got []evaluation.Adjustment, want []adj) {
		t.Helper()
		require.Len(t, got, len(want))
		for i, w := range want {
			g := got[i]
			assert.Equal(t, w.id, g.Node.ID)
			xpAssertDec(t, w.requested, g.Requested, w.id+" requested")
			xpAssertDec(t, w.amount, g.Amount, w.id+" amount")
			xpAssertDec(t, w.cut, g.CarryOverCut, w.id+" cut")
			xpAssertDec(t, w.total, g.Total, w.id+" total")
			xpAssertDec(t, w.change, g.Change, w.id+" change")
			xpAssertDec(t, w.recovered, g.Recovered, w.id+" recovered")
		}
	}
	check(ny.Departments, wantD)
	assert.Equal(t, "cut_carry_over_growth", ny.Departments[1].Rule)
	xpAssertDec(t, "-200000", ny.Departments[2].CarryOverGrowth)
	// Regions: 市本级 = city-edu + city-health; 城关区 = cg-edu.
	// requested 2,434,567.89 + 650,000.05 = 3,084,567.94; amounts 2,291,111.10 + 400,000.04
	// = 2,691,111.14; total 1,991,111.10 + 400,000.04 = 2,391,111.14; change −693,456.80.
	check(ny.Regions, []adj{
		{"cg", "140000", "60000", "0", "60000", "-80000", "0"},
		{"city", "3084567.94", "2691111.14", "300000", "2391111.14", "-693456.80", "270000"},
	})
	// Total: 3,084,567.94 + 140,000 = 3,224,567.94 requested; 2,391,111.14 + 60,000 = 2,451,111.14.
	check([]evaluation.Adjustment{ny.Total}, []adj{
		{"", "3224567.94", "2751111.14", "300000", "2451111.14", "-773456.80", "270000"},
	})
}

func TestApplyScoreThresholds(t *testing.T) {
	prog := xpPolicy(t, "policy_score.json")
	tests := []struct {
		score  string
		action evaluation.BudgetAction
		amount string
		rule   string
	}{
		{"59.99", evaluation.ActionCancel, "0", "score_below_60"},
		{"60", evaluation.ActionCut, "90000", "score_below_80"}, // 100,000 × 0.9
		{"79.99", evaluation.ActionCut, "90000", "score_below_80"},
		{"80", evaluation.ActionAsNeeded, "100000", "score_80_up"},
	}
	for _, tt := range tests {
		t.Run(tt.score, func(t *testing.T) {
			ny, err := prog.Apply([]evaluation.ProjectOutcome{{ProjectID: "P", UnitID: "u1", Score: xpDec(tt.score),
				Execution: xpExec("1", "1"), Requested: xpDec("100000")}}, nil, xpOrg(t), time.Time{})
			require.NoError(t, err)
			require.Len(t, ny.Projects, 1)
			assert.Equal(t, tt.action, ny.Projects[0].Action)
			xpAssertDec(t, tt.amount, ny.Projects[0].Amount)
			assert.Equal(t, tt.rule, ny.Projects[0].Rule)
		})
	}
}

func TestApplyProblemsBesideResults(t *testing.T) {
	prog := xpPolicy(t, "policy.json")
	outs := append(xpOutcomes(), evaluation.ProjectOutcome{ProjectID: "P9", UnitID: "nowhere"},
		evaluation.ProjectOutcome{ProjectID: "P1", UnitID: "u1"})
	ny, err := prog.Apply(outs, []evaluation.DepartmentOutcome{{DepartmentID: "u1"}}, xpOrg(t), time.Time{})
	assert.Equal(t, []string{"unknown_unit", "bad_project_id", "bad_department"}, xpCodes(t, err))
	assert.Len(t, ny.Projects, 8, "the good projects are applied")
}

// TestApplyNilOrg: without an org no project or department can be placed;
// each is reported as unknown, and nothing panics.
func TestApplyNilOrg(t *testing.T) {
	prog := xpPolicy(t, "policy.json")
	outs := []evaluation.ProjectOutcome{{ProjectID: "P1", UnitID: "u1"}, {ProjectID: "P2", UnitID: "u2"}}
	ny, err := prog.Apply(outs, []evaluation.DepartmentOutcome{{DepartmentID: "u1"}}, nil, time.Time{})
	assert.Equal(t, []string{"unknown_unit", "unknown_unit", "bad_department"}, xpCodes(t, err))
	assert.Empty(t, ny.Projects)
}

func TestApplyCarryOverFloor(t *testing.T) {
	// A department rule cutting only 20% of the growth is below the 30% floor.
	p := &evaluation.ApplyPolicy{
		Projects: &rules.Set{ID: "p", Rules: []rules.Rule{{ID: "none", When: "false"}}},
		Departments: &rules.Set{ID: "d", Rules: []rules.Rule{{ID: "weak", When: "CarryOverGrowth > 0",
			Outputs: []rules.Output{{Name: "cut", Type: rules.TypeMoney, Expr: "round(CarryOverGrowth * 0.2, 2)"}}}}},
	}
	prog, err := evaluation.CompileApplyPolicy(p)
	require.NoError(t, err)
	ny, err := prog.Apply(nil, []evaluation.DepartmentOutcome{
		{DepartmentID: "city-edu", CarryOver: xpDec("300"), PriorCarryOver: xpDec("100")}}, xpOrg(t), time.Time{})
	// Growth 200: the rule cuts 40, the floor asks for 60. With no projects
	// (amount 0) the cut applied is 0: a budget never goes below zero.
	assert.Equal(t, []string{"carry_over_cut_below_floor"}, xpCodes(t, err))
	xpAssertDec(t, "0", ny.Departments[0].CarryOverCut)
	xpAssertDec(t, "0", ny.Departments[0].Total)

	// With a 100-yuan project: the cut of 40 applies in full, total 60.
	ny, _ = prog.Apply([]evaluation.ProjectOutcome{{ProjectID: "P", UnitID: "u1", Execution: xpExec("1", "1"),
		Requested: xpDec("100")}}, []evaluation.DepartmentOutcome{
		{DepartmentID: "city-edu", CarryOver: xpDec("300"), PriorCarryOver: xpDec("100")}}, xpOrg(t), time.Time{})
	xpAssertDec(t, "40", ny.Departments[0].CarryOverCut)
	xpAssertDec(t, "60", ny.Departments[0].Total)
}

func TestCompileApplyPolicyProblems(t *testing.T) {
	p := &evaluation.ApplyPolicy{Projects: &rules.Set{ID: "p", Rules: []rules.Rule{
		{ID: "a", When: "true", Outputs: []rules.Output{{Name: "action", Type: rules.TypeString, Expr: `"cut"`}}},
		{ID: "b", When: "true", Outputs: []rules.Output{{Name: "amount", Type: rules.TypeNumber, Expr: "1"},
			{Name: "action", Type: rules.TypeString, Expr: `"cut"`}}},
		{ID: "c", When: "Grade == \"优\" && Scor > 1", Outputs: []rules.Output{{Name: "bonus", Type: rules.TypeMoney, Expr: "1"}}},
	}}}
	_, err := evaluation.CompileApplyPolicy(p)
	require.Error(t, err)
	assert.Equal(t, []string{"action_without_amount", "wrong_output_type", "unknown_output"}, xpCodes(t, err))
	var re *rules.Error
	require.True(t, errors.As(err, &re), "the engine's compile error comes too: %v", err)
	assert.Equal(t, "c", re.RuleID)
	assert.ErrorIs(t, err, rules.ErrUnknownName)
}

func TestParseApplyPolicyUnknownField(t *testing.T) {
	_, err := evaluation.ParseApplyPolicy([]byte(`{"projects": {"id": "p", "rules": []}, "carry_over_flor": "0.3"}`))
	assert.Equal(t, []string{"unknown_field"}, xpCodes(t, err))
}
