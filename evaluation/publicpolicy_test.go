package evaluation_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ppDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func ppProgram(t *testing.T) *evaluation.PolicyProgram {
	t.Helper()
	prog, err := evaluation.DefaultPolicyRules().Compile()
	require.NoError(t, err)
	return prog
}

// The bundled rules cite their sources: the file's and every rule's.
func TestDefaultPolicyRulesSources(t *testing.T) {
	p := evaluation.DefaultPolicyRules()
	require.Len(t, p.Sources, 3)
	assert.Contains(t, p.Sources[0], "中发〔2018〕34号")
	assert.Contains(t, p.Sources[1], "财预〔2020〕10号")
	assert.True(t, strings.HasPrefix(p.Sources[2], "illustrative"))
	for _, r := range p.Conclusions.Rules {
		assert.NotEmpty(t, r.Description, "rule %s cites its source in its description", r.ID)
	}
}

func TestParsePolicyRulesBadInput(t *testing.T) {
	// Unknown members, a broken rule set and a broken scheme: all
	// reported, with paths.
	_, err := evaluation.ParsePolicyRules([]byte(`{"ex_ante": {}, "conclusion": {}}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ex_ante")
	assert.Contains(t, err.Error(), "conclusion")

	_, err = evaluation.ParsePolicyRules([]byte(`{"conclusions": {"id": "c", "rules": [{"id": "r", "when": "true", "whenn": "x"}]},
		"scheme": {"bands": []}}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "conclusions")
	assert.Contains(t, err.Error(), "whenn")
	assert.Contains(t, err.Error(), "scheme")
}

func TestPolicyRulesCompileErrors(t *testing.T) {
	_, err := (&evaluation.PolicyRules{}).Compile()
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{evaluation.CodeNoConclusionRules}, ps.Codes())

	rs := &evaluation.PolicyRules{Conclusions: &rules.Set{ID: "c", Rules: []rules.Rule{
		{ID: "a", When: "Score >", Outputs: []rules.Output{{Name: "conclusion", Type: rules.TypeString, Expr: `"exit"`}}},
		{ID: "b", When: "true", Outputs: []rules.Output{{Name: "cut_share", Type: rules.TypeMoney, Expr: "0.1"},
			{Name: "amount", Type: rules.TypeMoney, Expr: "1"}}},
	}}}
	_, err = rs.Compile()
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"wrong_output_type", "unknown_output"}, ps.Codes())
	assert.Equal(t, "conclusions.rules[1].outputs[0].type", ps[0].Path)
	var re *rules.Error
	assert.ErrorAs(t, err, &re, "the syntax error of rule a is reported too")
}

func ppEval(id string, year, end int, score string, projects ...string) evaluation.PolicyEvaluation {
	return evaluation.PolicyEvaluation{Policy: performance.PublicPolicy{ID: id, EndYear: end, Amount: ppDec("100"), ProjectIDs: projects},
		Year: year, Score: ppDec(score), Attainment: ppDec("1")}
}

// The bundled rules at their edges, worked by hand from the rule texts.
func TestConcludeBundledRules(t *testing.T) {
	prog := ppProgram(t)
	serious := ppEval("S", 2024, 0, "95")
	serious.Findings = []evaluation.PolicyFinding{{Code: "other", Serious: true}}
	overlap := ppEval("O", 2024, 0, "95")
	overlap.Findings = []evaluation.PolicyFinding{{Code: evaluation.FindingOverlap}}
	given := ppEval("G", 2024, 0, "95")
	given.Grade = performance.Poor // a stated grade is used as given
	outs, err := prog.Conclude([]evaluation.PolicyEvaluation{
		ppEval("E80", 2024, 2024, "80"),    // expired at 80: not below 80, 良 → continue
		ppEval("E79", 2024, 2023, "79.99"), // expired, below 80 → exit_expired
		ppEval("L", 2024, 2025, "59.99"),   // 差 → exit_poor
		ppEval("F60", 2024, 0, "60"),       // 中 → adjust 0.2
		serious, overlap, given,
		ppEval("X", 2024, 0, "100"),
	}, time.Time{})
	require.NoError(t, err)
	type row struct {
		id   string
		c    evaluation.PolicyConclusion
		rule string
		cut  string
		rec  bool
	}
	var got []row
	for _, o := range outs {
		got = append(got, row{o.PolicyID, o.Conclusion, o.Rule, o.CutShare.String(), o.Recover})
	}
	assert.Equal(t, []row{
		{"E79", evaluation.PolicyExit, "exit_expired", "0", true},
		{"E80", evaluation.PolicyContinue, "continue", "0", false},
		{"F60", evaluation.PolicyAdjust, "adjust_fair", "0.2", false},
		{"G", evaluation.PolicyExit, "exit_poor", "0", true},
		{"L", evaluation.PolicyExit, "exit_poor", "0", true},
		{"O", evaluation.PolicyAdjust, "adjust_findings", "0.1", false},
		{"S", evaluation.PolicyAdjust, "adjust_findings", "0.1", false},
		{"X", evaluation.PolicyContinue, "continue", "0", false},
	}, got)
	assert.Equal(t, []string{"exit_expired", "adjust_fair", "continue"}, outs[0].Fired,
		"E79: 79.99 is 中, so adjust_fair fires too, below exit_expired")
	assert.Equal(t, "policy-conclusions", outs[0].RuleSet.ID)
	assert.NotEmpty(t, outs[0].RuleSet.Hash)
}

func TestConcludeBadInput(t *testing.T) {
	rs := &evaluation.PolicyRules{Conclusions: &rules.Set{ID: "c", Rules: []rules.Rule{
		{ID: "big_cut", Priority: 3, When: `PolicyID == "C"`, Outputs: []rules.Output{
			{Name: "conclusion", Type: rules.TypeString, Expr: `"adjust"`}, {Name: "cut_share", Type: rules.TypeNumber, Expr: "1.5"}}},
		{ID: "odd", Priority: 2, When: `PolicyID == "U"`, Outputs: []rules.Output{
			{Name: "conclusion", Type: rules.TypeString, Expr: `"pause"`}}},
		{ID: "ok", Priority: 1, When: `PolicyID == "OK"`, Outputs: []rules.Output{
			{Name: "conclusion", Type: rules.TypeString, Expr: `"继续实施"`}, {Name: "reason", Type: rules.TypeString, Expr: `"好"`}}},
	}}}
	prog, err := rs.Compile()
	require.NoError(t, err)
	bad := ppEval("B", 2024, 0, "101")
	bad.Attainment = ppDec("-0.1")
	outs, err := prog.Conclude([]evaluation.PolicyEvaluation{
		bad, ppEval("C", 2024, 0, "70"), ppEval("U", 2024, 0, "70"), ppEval("N", 2024, 0, "70"),
		ppEval("OK", 2024, 0, "70", "p1"), ppEval("OK", 2024, 0, "70"),
	}, time.Time{})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	type cp struct{ code, path string }
	var got []cp
	for _, p := range ps {
		got = append(got, cp{p.Code, p.Path})
	}
	assert.Equal(t, []cp{
		{evaluation.CodePolicyScore, "evaluations[0].score"},
		{evaluation.CodePolicyAttainment, "evaluations[0].attainment"},
		{evaluation.CodeCutShareRange, "evaluations[1].cut_share"},
		{evaluation.CodeUnknownConclusion, "evaluations[2].conclusion"},
		{evaluation.CodeNoConclusion, "evaluations[3].conclusion"},
		{performance.CodePublicPolicyID, "evaluations[5].policy.id"},
	}, got)
	require.Len(t, outs, 1)
	assert.Equal(t, evaluation.PolicyContinue, outs[0].Conclusion)
	assert.Equal(t, "好", outs[0].Reason.ZH)
	assert.Equal(t, []evaluation.PolicyStanding{{ProjectID: "p1", PolicyID: "OK", Conclusion: evaluation.PolicyContinue}}, outs[0].Projects)
}

// WithPolicyOutcomes gives a project under several policies the gravest
// standing whatever the order of either list, and reports a project it
// cannot find without dropping the rest.
func TestWithPolicyOutcomesOrder(t *testing.T) {
	st := func(pol string, c evaluation.PolicyConclusion, cut string, proj ...string) evaluation.PolicyOutcome {
		o := evaluation.PolicyOutcome{PolicyID: pol, Conclusion: c, CutShare: ppDec(cut)}
		for _, p := range proj {
			o.Projects = append(o.Projects, evaluation.PolicyStanding{ProjectID: p, PolicyID: pol, Conclusion: c,
				CutShare: ppDec(cut), NoFunding: c == evaluation.PolicyExit})
		}
		return o
	}
	outs := []evaluation.PolicyOutcome{
		st("A", evaluation.PolicyContinue, "0", "p1", "p2", "p3"),
		st("B", evaluation.PolicyAdjust, "0.1", "p2", "p3"),
		st("C", evaluation.PolicyAdjust, "0.3", "p3"),
		st("D", evaluation.PolicyExit, "0", "p4"),
		st("E", evaluation.PolicyAdjust, "0.3", "p3", "p4"),
	}
	// By hand: p1 continue (A); p2 adjust 0.1 (B over A); p3 adjust 0.3,
	// C and E tie, the smaller ID C; p4 exit (D over E's adjust); p5 none.
	want := map[string]string{"p1": "A continue 0", "p2": "B adjust 0.1", "p3": "C adjust 0.3", "p4": "D exit 0", "p5": " "}
	projects := []evaluation.ProjectOutcome{{ProjectID: "p1"}, {ProjectID: "p2"}, {ProjectID: "p3"}, {ProjectID: "p4"}, {ProjectID: "p5"}}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		r.Shuffle(len(outs), func(i, j int) { outs[i], outs[j] = outs[j], outs[i] })
		r.Shuffle(len(projects), func(i, j int) { projects[i], projects[j] = projects[j], projects[i] })
		got, err := evaluation.WithPolicyOutcomes(projects, outs)
		require.NoError(t, err)
		require.Len(t, got, len(projects))
		for _, p := range got {
			s := p.Policy
			k := s.PolicyID + " " + s.Conclusion.String()
			if s.Conclusion != evaluation.ConclusionNone {
				k += " " + s.CutShare.String()
			}
			assert.Equal(t, want[p.ProjectID], k, p.ProjectID)
		}
		assert.Equal(t, evaluation.ConclusionNone, projects[0].Policy.Conclusion, "the input is not modified")
	}
	got, err := evaluation.WithPolicyOutcomes(projects[:1], []evaluation.PolicyOutcome{st("Z", evaluation.PolicyExit, "0", "nowhere", projects[0].ProjectID)})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{evaluation.CodePolicyProject}, ps.Codes())
	assert.Equal(t, "policies[0].projects[0]", ps[0].Path)
	assert.Equal(t, evaluation.PolicyExit, got[0].Policy.Conclusion, "the project found is marked regardless")
}

// An outcome and a project outcome carrying a standing round-trip through
// JSON; a project outcome without one encodes as before (no "policy").
func TestPolicyJSON(t *testing.T) {
	b, err := json.Marshal(evaluation.ProjectOutcome{ProjectID: "p"})
	require.NoError(t, err)
	assert.NotContains(t, string(b), `"policy"`)

	in := evaluation.ProjectOutcome{ProjectID: "p", Policy: evaluation.PolicyStanding{ProjectID: "p", PolicyID: "A",
		Conclusion: evaluation.PolicyExit, NoFunding: true, Recover: true}}
	b, err = json.Marshal(in)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"conclusion":"exit"`)
	var out evaluation.ProjectOutcome
	require.NoError(t, performance.DecodeJSON(b, &out))
	assert.Equal(t, in.Policy.Conclusion, out.Policy.Conclusion)
	assert.True(t, out.Policy.NoFunding && out.Policy.Recover)

	var c evaluation.PolicyConclusion
	require.NoError(t, json.Unmarshal([]byte(`"调整完善"`), &c))
	assert.Equal(t, evaluation.PolicyAdjust, c)
	assert.ErrorIs(t, json.Unmarshal([]byte(`"pause"`), &c), evaluation.ErrUnknownName)
}

// The bundled sample evaluations read strictly and conclude by hand: P-MACH
// ends in 2024 and scored 78.5 < 80, exit_expired; P-TOUR scored 91 (优)
// with idle money, adjust_findings at 10%.
func TestPolicySampleEvaluations(t *testing.T) {
	data, err := os.ReadFile("testdata/policy_evaluations.json")
	require.NoError(t, err)
	var es []evaluation.PolicyEvaluation
	require.NoError(t, performance.DecodeJSON(data, &es))
	outs, err := ppProgram(t).Conclude(es, time.Time{})
	require.NoError(t, err)
	require.Len(t, outs, 2)
	assert.Equal(t, "P-MACH exit exit_expired", outs[0].PolicyID+" "+outs[0].Conclusion.String()+" "+outs[0].Rule)
	assert.Equal(t, "P-TOUR adjust adjust_findings 0.1", outs[1].PolicyID+" "+outs[1].Conclusion.String()+" "+outs[1].Rule+" "+outs[1].CutShare.String())
	assert.Len(t, outs[0].Projects, 2)
}
