package policy_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFormPolicy: a policy's monitoring forms member is read strictly,
// validated, reaches Program.FormPolicy and changes the hash; a policy
// without it keeps its hash and reviews by the default.
func TestFormPolicy(t *testing.T) {
	d0, org := base(t)
	h0 := hashOf(t, d0, org)

	d, _ := base(t)
	obj(d, "monitoring")["forms"] = map[string]any{"catch_up": "1.5",
		"matrix": []any{map[string]any{"level": "red", "outlook": "at_risk", "recommendation": "recover"}}}
	data, err := json.Marshal(d)
	require.NoError(t, err)
	p, err := policy.Parse(data)
	require.NoError(t, err)
	require.NotNil(t, p.Monitoring.Forms)
	assert.Equal(t, "1.5", p.Monitoring.Forms.CatchUp.String())
	assert.NotEqual(t, h0, hashOf(t, d, org), "the form review decides: it is in the hash")

	pr, err := p.Compile(nil, nil)
	require.NoError(t, err)
	fp := pr.FormPolicy()
	assert.Equal(t, []monitoring.FormRule{{Level: monitoring.Red, Outlook: monitoring.OutlookAtRisk, Recommendation: monitoring.RecommendRecover}}, fp.Matrix)

	// Without the member: the default.
	p0, err := policy.Parse(mustJSON(t, d0))
	require.NoError(t, err)
	pr0, err := p0.Compile(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, monitoring.DefaultFormPolicy(), pr0.FormPolicy())

	// Bad members: every problem, in stage monitoring.forms.
	obj(d, "monitoring")["forms"] = map[string]any{"catch_up": "-1", "matrix": []any{map[string]any{"level": "red"}}}
	_, err = policy.Parse(mustJSON(t, d))
	var pe *policy.Error
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.Equal(t, "monitoring.forms", pe.Stage)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"negative", "bad_outlook"}, ps.Codes())
	obj(d, "monitoring")["forms"] = map[string]any{"catchup": "2"}
	_, err = policy.Parse(mustJSON(t, d))
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{performance.CodeUnknownField}, ps.Codes())
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
