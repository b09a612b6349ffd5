package policy_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bundledPolicies are the policies and rule sets shipped as samples: every
// rule of every one cites the source of its numbers.
var bundledPolicies = []string{
	"testdata/policy/2021.json",
	"testdata/exante/policy.json",
	"testdata/monitoring/rules.json",
	"testdata/monitoring/policy.json",
	"monitoring/rules.json",
	"monitoring/policy.json",
	"testdata/expost/policy.json",
	"testdata/expost/policy_score.json",
	"testdata/history/policy_v1.json",
	"testdata/history/policy_v2.json",
}

// sourceKinds are how a source must begin: the national document (named
// by its number), the seed report, a city's practice, or "illustrative".
var sourceKinds = []string{"national", "中发〔2018〕34号", "财预〔", "the seed", "local practice", "common practice", "illustrative"}

// cities whose practice some defaults are: a source naming one of them
// must not call itself national.
var cities = []string{"Taiyuan", "Shuozhou", "Beijing", "one city", "some bureaus"}

// TestBundledRulesCiteSources walks every bundled rule set (an object with
// an id and a list of rules) and monitoring trigger, and checks that each
// set has sources, each rule and trigger a source of a known kind, and that
// nothing local is called national.
func TestBundledRulesCiteSources(t *testing.T) {
	var sets, rulesSeen int
	check := func(file, what, src string) {
		if !assert.NotEmpty(t, src, "%s: %s has no source", file, what) {
			return
		}
		known := false
		for _, k := range sourceKinds {
			known = known || strings.HasPrefix(src, k)
		}
		assert.True(t, known, "%s: %s: source %q is of no known kind", file, what, src)
		for _, c := range cities {
			if strings.Contains(src, c) {
				assert.False(t, strings.HasPrefix(src, "national"), "%s: %s: local practice called national: %q", file, what, src)
			}
		}
	}
	var walk func(file string, x any)
	walk = func(file string, x any) {
		switch v := x.(type) {
		case map[string]any:
			if rs, ok := v["rules"].([]any); ok && v["id"] != nil {
				sets++
				srcs, _ := v["sources"].([]any)
				assert.NotEmpty(t, srcs, "%s: rule set %v has no sources", file, v["id"])
				for _, r := range rs {
					r := r.(map[string]any)
					rulesSeen++
					s, _ := r["source"].(string)
					check(file, "rule "+r["id"].(string), s)
				}
				return
			}
			if ts, ok := v["triggers"].([]any); ok {
				for _, tr := range ts {
					tr := tr.(map[string]any)
					s, _ := tr["source"].(string)
					check(file, "trigger "+tr["id"].(string), s)
				}
				assert.NotEmpty(t, v["sources"], "%s: monitoring policy has no sources", file)
			}
			for _, e := range v {
				walk(file, e)
			}
		case []any:
			for _, e := range v {
				walk(file, e)
			}
		}
	}
	for _, f := range bundledPolicies {
		data, err := os.ReadFile(filepath.Join("..", f))
		require.NoError(t, err)
		var d any
		require.NoError(t, json.Unmarshal(data, &d), f)
		walk(f, d)
	}
	// The counts guard against a walk that silently finds nothing. Sets:
	// 2021.json 4 (ex-ante, monitoring, projects, departments), the ex-ante
	// policy 1, the two monitoring rule files 1 each, expost/policy.json 2,
	// policy_score.json 1, each history policy 4: 18. Rules: 9 + 5 + 10 + 1
	// = 25 in 2021.json, 9, 5, 5, 10 + 1, 3, 25 in v1 and 26 in v2 (one
	// more results-application rule): 109.
	assert.Equal(t, 18, sets)
	assert.Equal(t, 109, rulesSeen)
}
