package rules_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

func TestPolicy(t *testing.T) {
	p, err := rules.ParsePolicy([]byte(`{"id":"2025","sets":[{"id":"exante","versions":[
		{"from":"2024-01-01","set":{"id":"exante","version":"v1","rules":[]}},
		{"from":"2025-07-01","set":{"id":"exante","version":"v2","rules":[]}}]}]}`))
	require.NoError(t, err)
	tests := []struct {
		asOf string
		want string
	}{{"2024-01-01", "v1"}, {"2025-06-30", "v1"}, {"2025-07-01", "v2"}, {"2030-01-01", "v2"}}
	for _, tt := range tests {
		asOf, _ := time.Parse("2006-01-02", tt.asOf)
		s, err := p.InForce("exante", asOf)
		require.NoError(t, err)
		assert.Equal(t, tt.want, s.Version, tt.asOf)
	}
	_, err = p.InForce("exante", time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC))
	assert.ErrorIs(t, err, rules.ErrNotInForce)
	_, err = p.InForce("exant", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.ErrorIs(t, err, rules.ErrNotInForce)
	assert.Contains(t, err.Error(), `did you mean "exante"?`)
}

func TestParsePolicyPaths(t *testing.T) {
	_, err := rules.ParsePolicy([]byte(`{"id":"p","sets":[{"id":"a","versions":[
		{"from":"2024-01-01","set":{"id":"a","rules":[{"id":"R1","when":"true","priority":"high","enabeld":true}]}}]}],"descr":"x"}`))
	errs := allErrs(t, err)
	var paths []string
	for _, e := range errs {
		assert.ErrorIs(t, e, rules.ErrInvalid)
		paths = append(paths, e.Field)
	}
	assert.Equal(t, []string{"descr", "sets[0].versions[0].set.rules[0].enabeld", "sets[0].versions[0].set.rules[0].priority"}, paths)
	assert.Contains(t, errs[1].Error(), `did you mean "enabled"?`)
	assert.Contains(t, errs[2].Error(), `want a number, got "high"`)
}
