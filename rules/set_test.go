package rules_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

func TestParseSet(t *testing.T) {
	_, err := rules.ParseSet([]byte(`{"id":"s","rules":[{"id":"R1","when":"true","outputs":[{"name":"x","typ":"money","expr":"1"}]},{"id":"R2","when":"true","priorty":3}],"hitpolicy":"first"}`))
	errs := allErrs(t, err)
	var paths []string
	for _, e := range errs {
		assert.ErrorIs(t, e, rules.ErrInvalid)
		paths = append(paths, e.Field)
	}
	assert.Equal(t, []string{"hitpolicy", "rules[0].outputs[0].typ", "rules[1].priorty"}, paths)
	assert.Contains(t, errs[2].Error(), `did you mean "priority"?`)

	_, err = rules.ParseSet([]byte(`{"id":"s","rules":[{"id":"R1","when":"true"},{"id":"R1","when":"","effective_from":"2024-13-01"}]}`))
	errs = allErrs(t, err)
	paths = nil
	for _, e := range errs {
		paths = append(paths, e.Field)
	}
	assert.Equal(t, []string{"rules[1].id", "rules[1].when", "rules[1].effective_from"}, paths)

	s, err := rules.ParseSet([]byte(`{"id":"s","version":"1","hit_policy":"first","rules":[{"id":"R1","when":"true","tags":["a"]}]}`))
	require.NoError(t, err)
	assert.Equal(t, rules.HitFirst, s.HitPolicy)
}

func TestHash(t *testing.T) {
	a := &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "true")}}
	on := true
	b := &rules.Set{ID: "s", HitPolicy: rules.HitCollect, Rules: []rules.Rule{{ID: "R", When: "true", Enabled: &on}}}
	c := &rules.Set{ID: "s", Rules: []rules.Rule{one("R", "false")}}
	assert.Len(t, a.Hash(), 64)
	assert.Equal(t, a.Hash(), b.Hash(), "defaults spelled out hash the same")
	assert.NotEqual(t, a.Hash(), c.Hash())

	// Sources document a set and decide nothing: the hash is the one
	// without them.
	src := &rules.Set{ID: "s", Sources: []string{"财预〔2020〕10号"}, Rules: []rules.Rule{one("R", "true")}}
	src.Rules[0].Source = "Beijing practice"
	assert.Equal(t, a.Hash(), src.Hash(), "sources are not part of the hash")
}

// A field given twice in one object is an error at its path, not a silent
// last-wins: a rule with two "when" would otherwise run only the second.
func TestParseSetDuplicateFields(t *testing.T) {
	_, err := rules.ParseSet([]byte(`{"id":"s","rules":[{"id":"R1","when":"true"},
		{"id":"R2","when":"Amount > 0","when":"true","outputs":[{"name":"x","type":"money","expr":"1","expr":"2"}]}],"id":"t"}`))
	errs := allErrs(t, err)
	var got []string
	for _, e := range errs {
		assert.ErrorIs(t, e, rules.ErrInvalid)
		got = append(got, e.Error())
	}
	// In path order: "id" before "rules", rules[1].outputs before rules[1].when.
	assert.Equal(t, []string{
		`rules: id: invalid rule set: duplicate field "id"`,
		`rules: rules[1].outputs[0].expr: invalid rule set: duplicate field "expr"`,
		`rules: rules[1].when: invalid rule set: duplicate field "when"`,
	}, got)

	_, err = rules.ParsePolicy([]byte(`{"id":"p","sets":[],"sets":[]}`))
	errs = allErrs(t, err)
	require.Len(t, errs, 1)
	assert.Equal(t, "sets", errs[0].Field)
}

// A byte order mark is skipped; malformed JSON says line and column, the
// column in characters.
func TestParseSetBOMAndSyntax(t *testing.T) {
	s, err := rules.ParseSet([]byte("\xef\xbb\xbf{\"id\":\"s\",\"rules\":[]}"))
	require.NoError(t, err)
	assert.Equal(t, "s", s.ID)

	// Line 2 is `  "名称": x`: the x is character 9.
	_, err = rules.ParseSet([]byte("{\n  \"名称\": x}"))
	var re *rules.Error
	require.ErrorAs(t, err, &re)
	assert.ErrorIs(t, err, rules.ErrInvalid)
	assert.Equal(t, []int{2, 9}, []int{re.Line, re.Column})
	assert.Equal(t, "rules: 2:9: invalid rule set: invalid JSON: invalid character 'x' looking for beginning of value", err.Error())

	// Trailing data is malformed too: the second { is character 12.
	_, err = rules.ParseSet([]byte(`{"id":"s"} {}`))
	require.ErrorAs(t, err, &re)
	assert.Equal(t, []int{1, 12}, []int{re.Line, re.Column})
}

// Member names match as in every strict reader of the library
// (internal/strictjson, which performance.DecodeJSON shares): exactly, else
// but for case, as encoding/json matches them. Before issue 15 the rule-set
// reader matched exactly only, and "When" was an unknown field here while
// performance.DecodeJSON took "Amount".
func TestParseSetNamesMatchAsEverywhere(t *testing.T) {
	s, err := rules.ParseSet([]byte(`{"ID":"s","rules":[{"id":"R1","When":"true","outputs":[{"Name":"x","type":"money","expr":"1"}]}]}`))
	require.NoError(t, err)
	assert.Equal(t, "s", s.ID)
	assert.Equal(t, "true", s.Rules[0].When)
	assert.Equal(t, "x", s.Rules[0].Outputs[0].Name)

	// A bool of the wrong kind names what it wants.
	_, err = rules.ParseSet([]byte(`{"id":"s","rules":[{"id":"R1","when":"true","enabled":1}]}`))
	errs := allErrs(t, err)
	require.Len(t, errs, 1)
	assert.Equal(t, `rules: rules[0].enabled: invalid rule set: want true or false, got 1`, errs[0].Error())
}
