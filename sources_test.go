package jixiao_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bundledDefaults are the JSON files the library embeds as defaults
// (go:embed) and the sample policies and rule data shipped beside them:
// every number in them must be covered by a source (issue 18).
var bundledDefaults = []string{
	// embedded defaults
	"goals/core.json",
	"monitoring/policy.json",
	"monitoring/rules.json",
	"evaluation/publicpolicy.json",
	"xlsx/integration.json",
	// bundled sample policies
	"testdata/policy/2021.json",
	"testdata/exante/policy.json",
	"testdata/monitoring/rules.json",
	"testdata/monitoring/policy.json",
	"testdata/expost/policy.json",
	"testdata/expost/policy_score.json",
	"testdata/history/policy_v1.json",
	"testdata/history/policy_v2.json",
}

// numeric matches a number as the bundled data writes it: a JSON number,
// or a string such as "2000000", "0.3", "60" or a target "≥90%".
var numeric = regexp.MustCompile(`^[<>≤≥=]*\s*-?[0-9]+(\.[0-9]+)?\s*%?$`)

// notDefaults are members whose numbers are identifiers or bookkeeping,
// not defaults that need a source.
var notDefaults = map[string]bool{"id": true, "version": true, "code": true, "priority": true, "fiscal_year": true, "year": true}

// selfSourced reports whether x is a non-empty list of objects each with a
// non-empty "source" (monitoring's triggers): such a member needs no entry
// in its parent's sources.
func selfSourced(x any) bool {
	l, ok := x.([]any)
	if !ok || len(l) == 0 {
		return false
	}
	for _, e := range l {
		m, _ := e.(map[string]any)
		if s, _ := m["source"].(string); strings.TrimSpace(s) == "" {
			return false
		}
	}
	return true
}

// sourcedElsewhere are numbers whose type has no source member (the
// decoders are strict), so their source is written in a source of the
// same document instead: path → the words that source must contain. The
// test checks that some source, sources or description string of the
// document contains them.
var sourcedElsewhere = map[string]string{
	// evaluation.ApplyPolicy.CarryOverFloor: the departments' rule set
	// cites one city's rule.
	"$.carry_over_floor":       "at least 30% of the growth",
	"$.apply.carry_over_floor": "at least 30% of the growth",
	// exante.AssessCriteria: the ex-ante rule set's sources.
	"$.criteria.places":                    "80/60 and 2 places",
	"$.criteria.thresholds.adjust":         "80/60 and 2 places",
	"$.criteria.thresholds.support":        "80/60 and 2 places",
	"$.exante.criteria.places":             "80/60 and 2 places",
	"$.exante.criteria.thresholds.adjust":  "80/60 and 2 places",
	"$.exante.criteria.thresholds.support": "80/60 and 2 places",
	// a host field's default: the bureau's own field, its description
	// says so.
	"$.fields[1].default": "本局确定",
}

// sourceTexts returns every source, sources and description string of a
// document.
func sourceTexts(x any) []string {
	var out []string
	var f func(k string, x any)
	f = func(k string, x any) {
		switch v := x.(type) {
		case string:
			if k == "source" || k == "sources" || k == "description" {
				out = append(out, v)
			}
		case map[string]any:
			for k2, e := range v {
				if k == "sources" {
					k2 = "sources"
				}
				f(k2, e)
			}
		case []any:
			for _, e := range v {
				f(k, e)
			}
		}
	}
	f("", x)
	return out
}

// sourceProblems walks a decoded JSON document and returns, sorted, the
// paths of numbers no source covers. An object is covered by a non-empty
// "source" string, or by a non-empty "sources" list; with a "sources"
// object (field → source, as monitoring's policy has), each member that
// holds numbers must have its own non-empty entry. What a covered object
// holds is covered. An array some of whose objects carry a "source" must
// have one on every object: one item may not lean on its siblings.
func sourceProblems(doc any) []string {
	var out []string
	var walk func(path string, x any, covered bool)
	hasNumbers := func(x any) bool {
		found := false
		var f func(k string, x any)
		f = func(k string, x any) {
			switch v := x.(type) {
			case float64:
				found = found || !notDefaults[k]
			case string:
				found = found || (!notDefaults[k] && numeric.MatchString(v))
			case map[string]any:
				for k2, e := range v {
					f(k2, e)
				}
			case []any:
				for _, e := range v {
					f(k, e)
				}
			}
		}
		f("", x)
		return found
	}
	walk = func(path string, x any, covered bool) {
		switch v := x.(type) {
		case map[string]any:
			if s, ok := v["source"].(string); ok && strings.TrimSpace(s) != "" {
				covered = true
			}
			switch srcs := v["sources"].(type) {
			case []any:
				for i, s := range srcs {
					if str, _ := s.(string); strings.TrimSpace(str) == "" {
						out = append(out, fmt.Sprintf("%s.sources[%d]: empty", path, i))
					} else {
						covered = true
					}
				}
			case map[string]any:
				for k, e := range v {
					if k == "sources" || k == "source" || !hasNumbers(map[string]any{k: e}) || selfSourced(e) {
						continue
					}
					s, _ := srcs[k].(string)
					if strings.TrimSpace(s) == "" && !covered {
						out = append(out, fmt.Sprintf("%s.%s: no entry in sources", path, k))
					}
				}
				covered = true
			}
			for k, e := range v {
				if k == "sources" || k == "source" {
					continue
				}
				if notDefaults[k] {
					continue
				}
				walk(path+"."+k, e, covered)
			}
		case []any:
			some := false
			for _, e := range v {
				if m, ok := e.(map[string]any); ok {
					_, has := m["source"]
					some = some || has
				}
			}
			for i, e := range v {
				p := fmt.Sprintf("%s[%d]", path, i)
				if m, ok := e.(map[string]any); ok && some {
					if s, _ := m["source"].(string); strings.TrimSpace(s) == "" {
						out = append(out, p+": no source, though its siblings have one")
					}
				}
				walk(p, e, covered)
			}
		case float64:
			if !covered {
				out = append(out, path)
			}
		case string:
			if !covered && numeric.MatchString(v) {
				out = append(out, path)
			}
		}
	}
	walk("$", doc, false)
	sort.Strings(out)
	return out
}

// TestBundledDefaultsCiteSources: no number in the bundled defaults is
// without a source.
func TestBundledDefaultsCiteSources(t *testing.T) {
	for _, f := range bundledDefaults {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var d any
		require.NoError(t, json.Unmarshal(data, &d), f)
		texts := strings.Join(sourceTexts(d), "\n")
		var left []string
		for _, p := range sourceProblems(d) {
			if words, ok := sourcedElsewhere[p]; ok {
				if assert.Contains(t, texts, words, "%s: %s: the source it leans on is gone", f, p) {
					continue
				}
			}
			left = append(left, p)
		}
		assert.Empty(t, left, f)
	}
}

// TestSourceProblems checks the walker on small documents worked out by
// hand, so that TestBundledDefaultsCiteSources cannot pass by finding
// nothing.
func TestSourceProblems(t *testing.T) {
	cases := []struct {
		name, doc string
		want      []string
	}{
		{"bare number", `{"cut": "0.3"}`, []string{"$.cut"}},
		{"json number", `{"months": 3}`, []string{"$.months"}},
		{"target string", `{"target": "≥90%"}`, []string{"$.target"}},
		{"words are not numbers", `{"name": "评为中，按20%调减"}`, nil},
		{"ids are not defaults", `{"id": "2021", "version": "1"}`, nil},
		{"own source", `{"cut": "0.3", "source": "illustrative"}`, nil},
		{"empty source", `{"cut": "0.3", "source": " "}`, []string{"$.cut"}},
		{"ancestor's sources", `{"sources": ["illustrative"], "rules": [{"cut": "0.3"}]}`, nil},
		{"empty entry in sources", `{"sources": [""], "cut": "0.3"}`, []string{"$.cut", "$.sources[0]: empty"}},
		{"field map", `{"gap": "10", "months": 3, "base": "adjusted", "sources": {"gap": "illustrative"}}`,
			[]string{"$.months: no entry in sources"}},
		{"self-sourced member of a field map", `{"sources": {"gap": "illustrative"}, "gap": "10", "triggers": [{"month": 8, "source": "local practice"}]}`, nil},
		{"trigger without source", `{"sources": {"gap": "illustrative"}, "gap": "10", "triggers": [{"month": 8, "source": "local practice"}, {"month": 9}]}`,
			[]string{"$.triggers: no entry in sources", "$.triggers[1]: no source, though its siblings have one"}},
		{"sibling without source", `{"items": [{"w": "1", "source": "illustrative"}, {"w": "2"}]}`,
			[]string{"$.items[1].w", "$.items[1]: no source, though its siblings have one"}},
	}
	for _, c := range cases {
		var d any
		require.NoError(t, json.Unmarshal([]byte(c.doc), &d), c.name)
		assert.Equal(t, c.want, sourceProblems(d), c.name)
	}
}
