package exante

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

func TestNewAssessorErrors(t *testing.T) {
	pol := exPolicy()
	pol.Rules.Rules = append(pol.Rules.Rules,
		rules.Rule{ID: "BAD-LINE", When: "Score > 1", Tags: []string{TagLine}}, // Score is a project field
		rules.Rule{ID: "BAD-PROJ", When: "UnitPrice > 1"})                      // UnitPrice is a line field
	pol.Criteria.Thresholds = VerdictThresholds{Support: exDec("50"), Adjust: exDec("70")}
	_, err := NewAssessor(pol, []performance.ExpenditureStandard{{ID: "A"}, {ID: "A"}}, AssessOptions{})
	require.Error(t, err)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"thresholds_inverted"}, ps.Codes())
	msg := err.Error()
	for _, frag := range []string{"BAD-LINE", "BAD-PROJ", "standard id empty or repeated: A"} {
		assert.Contains(t, msg, frag)
	}
}

func FuzzParseExAntePolicy(f *testing.F) {
	b, err := os.ReadFile("../../testdata/exante/policy.json")
	require.NoError(f, err)
	f.Add(b)
	f.Add([]byte(`{"id":"x","rules":{"id":"r","rules":[{"id":"a","when":"New","tags":["line"]}]}}`))
	f.Add([]byte(`{"criteria":{"method":"median"}}`))
	f.Add([]byte(`{"criteria":{"items":[{"id":"A","dimension":"必要性","weight":"-1"}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy(data)
		if err != nil {
			return
		}
		// a parsed policy either compiles or reports why; never panics
		if a, err := NewAssessor(p, nil, AssessOptions{}); err == nil {
			_, _ = a.Assess(&Submission{Round: 1, Project: exProject("P", exLine("x", "y", "1", "1", ""))}, nil)
		}
	})
}
