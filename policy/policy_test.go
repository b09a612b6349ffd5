package policy_test

import (
	"errors"
	"testing"

	"github.com/jixiao-go/jixiao/policy"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/stretchr/testify/require"
)

// stageErrors flattens a joined error into its *policy.Error parts.
func stageErrors(t *testing.T, err error) []*policy.Error {
	t.Helper()
	require.ErrorIs(t, err, policy.ErrPolicy)
	var out []*policy.Error
	var walk func(error)
	walk = func(e error) {
		var pe *policy.Error
		if errors.As(e, &pe) && e == error(pe) {
			out = append(out, pe)
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, c := range j.Unwrap() {
				walk(c)
			}
		}
	}
	walk(err)
	return out
}

func TestParseReportsEveryStage(t *testing.T) {
	_, err := policy.Parse([]byte(`{"id": "", "effective_from": "2021-13-01",
		"scheme": {"name": "x", "bands": []},
		"fields": [{"name": "A", "type": "string"}, {"name": "A", "type": ""}],
		"monitoring": {"rules": {"id": "m", "rules": [{"id": "r"}, {"id": "r", "when": "true"}]}},
		"standards": [], "standards_file": "s.json"}`))
	var stages []string
	for _, e := range stageErrors(t, err) {
		stages = append(stages, e.Stage)
	}
	require.Equal(t, []string{"id", "effective_from", "fields", "standards", "scheme", "monitoring.rules"}, stages)
}

func TestParseRejectsUnknownMember(t *testing.T) {
	_, err := policy.Parse([]byte(`{"id": "p", "exantee": {}}`))
	require.ErrorIs(t, err, policy.ErrPolicy)
	require.ErrorContains(t, err, "exantee")
}

// TestCompileReportsEveryRule: a type error in an ex-ante rule and one in
// an apply rule both come back, each under its stage, as *rules.Error with
// the rule id and position.
func TestCompileReportsEveryRule(t *testing.T) {
	p, err := policy.Parse([]byte(`{"id": "p",
		"exante": {"id": "e", "criteria": {"thresholds": {"support": "80", "adjust": "60"}},
		           "rules": {"id": "er", "rules": [{"id": "ok", "when": "New"}, {"id": "bad_ex", "when": "Amount > \"x\""}]}},
		"apply": {"projects": {"id": "ar", "rules": [{"id": "bad_ap", "when": "Grade == 1 &&\n  Nope"}]}}}`))
	require.NoError(t, err)
	_, err = p.Compile(nil, nil)
	got := map[string]*rules.Error{}
	for _, pe := range stageErrors(t, err) {
		var re *rules.Error
		require.ErrorAs(t, pe, &re, pe.Stage)
		got[pe.Stage] = re
	}
	require.Len(t, got, 2)
	require.Equal(t, "bad_ex", got["exante"].RuleID)
	require.Equal(t, "bad_ap", got["apply"].RuleID)
	require.Positive(t, got["exante"].Line)
	require.Positive(t, got["apply"].Column)
}

func TestCompileStandardsFromTwoSources(t *testing.T) {
	p, err := policy.Parse([]byte(`{"id": "p", "standards": [{"id": "S", "name": "n", "unit": "台", "cap": "1"}]}`))
	require.NoError(t, err)
	_, err = p.Compile(nil, p.Standards)
	es := stageErrors(t, err)
	require.Len(t, es, 1)
	require.Equal(t, "standards", es[0].Stage)

	p, err = policy.Parse([]byte(`{"id": "p", "standards_file": "s.json"}`))
	require.NoError(t, err)
	_, err = p.Compile(nil, nil)
	require.Equal(t, "standards_file", stageErrors(t, err)[0].Stage, "a file Parse cannot read")
}
