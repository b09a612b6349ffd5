package rules_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/internal/lang"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

// hostEnv is an environment with host values, as the stages' environments
// carry them (performance.HostValues has the same underlying type).
type hostEnv struct {
	Requested decimal.Decimal
	Host      map[string]any `rules:"host"`
}

func hostFields() []rules.Field {
	zero := "0"
	return []rules.Field{
		{Name: "PriorGrade", Type: "grade", Description: "last year's grade"},
		{Name: "StrategicPriority", Type: rules.TypeNumber, Default: &zero},
		{Name: "ContractSigned", Type: rules.TypeBool},
		{Name: "SignedOn", Type: rules.TypeDate},
		{Name: "Sponsor", Type: rules.TypeString},
	}
}

func compileHost(t *testing.T, rs ...rules.Rule) *rules.Program[hostEnv] {
	t.Helper()
	p, err := rules.Compile[hostEnv](&rules.Set{ID: "host", Version: "1", Rules: rs},
		rules.WithFields(hostFields()...), rules.WithType("grade", parseGrade))
	require.NoError(t, err)
	return p
}

func firedIDs(r rules.Result) []string {
	var ids []string
	for _, f := range r.Fired {
		ids = append(ids, f.RuleID)
	}
	return ids
}

func TestHostFieldsReadByName(t *testing.T) {
	p := compileHost(t,
		one("poor", `PriorGrade == "差"`),
		one("priority", `StrategicPriority >= 2 and Requested > 1000000`, out("cut", rules.TypeMoney, "Requested * 0.1")),
		one("unsigned", `not ContractSigned`),
		one("late", `SignedOn > date("2024-06-30")`),
		one("sponsor", `Sponsor == "省发改委"`),
	)
	// Go values of the declared types.
	env := hostEnv{Requested: d("2000000"), Host: map[string]any{
		"PriorGrade": gradePoor, "StrategicPriority": d("3"), "ContractSigned": false,
		"SignedOn": mustDate(t, "2024-07-01"), "Sponsor": "省发改委",
	}}
	r, err := p.Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"poor", "priority", "unsigned", "late", "sponsor"}, firedIDs(r))
	cut, _ := r.Fired[1].Output("cut")
	assert.True(t, cut.Decimal().Equal(d("200000")), "2,000,000 × 0.1 = 200,000, got %s", cut.Decimal())

	// The same values as text, as JSON and CSV inputs give them; an int
	// for a number.
	env = hostEnv{Requested: d("2000000"), Host: map[string]any{
		"PriorGrade": "差", "StrategicPriority": 3, "ContractSigned": "false",
		"SignedOn": "2024-07-01", "Sponsor": "省发改委",
	}}
	r, err = p.Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"poor", "priority", "unsigned", "late", "sponsor"}, firedIDs(r))
}

func TestHostFieldMissingValue(t *testing.T) {
	p := compileHost(t, one("poor", `PriorGrade == "差"`), one("priority", `StrategicPriority >= 2`))
	// PriorGrade has no default: its rule fails for this project with
	// ErrMissingValue; StrategicPriority takes its declared default 0, so
	// its rule is evaluated and does not fire.
	r, err := p.Eval(&hostEnv{Host: map[string]any{}}, rules.EvalOptions{})
	require.NoError(t, err)
	assert.Empty(t, r.Fired)
	require.Len(t, r.Errors, 1)
	assert.True(t, errors.Is(r.Errors[0], rules.ErrMissingValue), "%v", r.Errors[0])
	assert.Equal(t, "poor", r.Errors[0].RuleID)
	assert.Contains(t, r.Errors[0].Error(), "PriorGrade has no value")

	// A nil map is a project without host values.
	r, err = p.Eval(&hostEnv{}, rules.EvalOptions{})
	require.NoError(t, err)
	require.Len(t, r.Errors, 1)

	// A value of the wrong type is an error of that project, named.
	r, err = p.Eval(&hostEnv{Host: map[string]any{"PriorGrade": "甲", "StrategicPriority": true}}, rules.EvalOptions{})
	require.NoError(t, err)
	require.Len(t, r.Errors, 2)
	assert.Contains(t, r.Errors[0].Error(), `"甲" is not a grade`)
	assert.Contains(t, r.Errors[1].Error(), "a bool is not a number")
}

func TestHostFieldCompileErrors(t *testing.T) {
	set := &rules.Set{ID: "s", Version: "1", Rules: []rules.Rule{one("r", `PriorGrad == "差"`)}}
	_, err := rules.Compile[hostEnv](set, rules.WithFields(hostFields()...), rules.WithType("grade", parseGrade))
	require.ErrorIs(t, err, rules.ErrUnknownName)
	assert.Contains(t, err.Error(), "did you mean PriorGrade?")

	// Comparing a grade with an unknown label is a compile error.
	set.Rules[0].When = `PriorGrade == "甲"`
	_, err = rules.Compile[hostEnv](set, rules.WithFields(hostFields()...), rules.WithType("grade", parseGrade))
	require.Error(t, err)

	// An environment without host values cannot read host fields.
	set.Rules[0].When = `ContractSigned`
	_, err = rules.Compile[struct{ Requested decimal.Decimal }](set, rules.WithFields(hostFields()...), rules.WithType("grade", parseGrade))
	require.ErrorIs(t, err, rules.ErrType)
	assert.Contains(t, err.Error(), `no field tagged rules:"host"`)

	for name, fs := range map[string][]rules.Field{
		"unknown type": {{Name: "X", Type: "colour"}},
		"bad default":  {{Name: "X", Type: rules.TypeNumber, Default: ptr("many")}},
		"shadows":      {{Name: "Requested", Type: rules.TypeMoney}},
		"not an ident": {{Name: "a b", Type: rules.TypeMoney}},
		"twice":        {{Name: "X", Type: rules.TypeMoney}, {Name: "X", Type: rules.TypeNumber}},
	} {
		_, err := rules.Compile[hostEnv](set, rules.WithFields(fs...))
		assert.ErrorIs(t, err, rules.ErrInvalid, name)
	}
}

func TestHostFieldExplained(t *testing.T) {
	p := compileHost(t, one("priority", `StrategicPriority >= 2`))
	env := hostEnv{Host: map[string]any{"StrategicPriority": d("3")}}
	r, err := p.Eval(&env, rules.EvalOptions{Explain: true})
	require.NoError(t, err)
	env.Host["StrategicPriority"] = d("1") // the explanation replays what was evaluated
	require.Len(t, r.Fired, 1)
	assert.Equal(t, "rule priority: StrategicPriority (3) >= 2 → true → fired", r.Fired[0].Explanation.Text(lang.EN))
}

func TestFingerprint(t *testing.T) {
	base := func(extra ...rules.Option) string {
		opts := append([]rules.Option{rules.WithFields(hostFields()...), rules.WithType("grade", parseGrade),
			rules.WithFunction("weight", func(d decimal.Decimal) decimal.Decimal { return d })}, extra...)
		fp, err := rules.Fingerprint(opts...)
		require.NoError(t, err)
		return fp
	}
	ref := base()
	assert.Len(t, ref, 64)
	// Order does not matter, descriptions do not matter.
	fs := hostFields()
	for i := range fs {
		fs[i].Description = strings.Repeat("x", i)
	}
	reordered, err := rules.Fingerprint(rules.WithFunction("weight", func(d decimal.Decimal) decimal.Decimal { return d }),
		rules.WithType("grade", parseGrade), rules.WithFields(fs[4], fs[3], fs[2], fs[1], fs[0]))
	require.NoError(t, err)
	assert.Equal(t, ref, reordered)
	// What decides does.
	assert.NotEqual(t, ref, base(rules.WithFunction("bonus", func(d decimal.Decimal) bool { return true })), "a new function")
	sig, err := rules.Fingerprint(rules.WithFields(hostFields()...), rules.WithType("grade", parseGrade),
		rules.WithFunction("weight", func(d decimal.Decimal) bool { return true }))
	require.NoError(t, err)
	assert.NotEqual(t, ref, sig, "a function's signature")
	assert.NotEqual(t, ref, base(rules.WithLimits(rules.Limits{MemoryBudget: 1 << 10})), "limits")
	fs = hostFields()
	fs[1].Type = rules.TypeMoney
	typ, err := rules.Fingerprint(rules.WithFields(fs...), rules.WithType("grade", parseGrade),
		rules.WithFunction("weight", func(d decimal.Decimal) decimal.Decimal { return d }))
	require.NoError(t, err)
	assert.NotEqual(t, ref, typ, "a field's type")
	fs[1].Type, fs[1].Default = rules.TypeNumber, ptr("1")
	def, err := rules.Fingerprint(rules.WithFields(fs...), rules.WithType("grade", parseGrade),
		rules.WithFunction("weight", func(d decimal.Decimal) decimal.Decimal { return d }))
	require.NoError(t, err)
	assert.NotEqual(t, ref, def, "a field's default")
}

func ptr[T any](v T) *T { return &v }

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.DateOnly, s)
	require.NoError(t, err)
	return v
}

// TestHostFieldExponentBounded: a host value with a huge exponent is held
// to the limit every number an evaluation reads is held to: that project's
// rule fails with ErrLimit, it does not compute on 10^100000.
func TestHostFieldExponentBounded(t *testing.T) {
	p := compileHost(t, one("priority", `StrategicPriority >= 2`))
	r, err := p.Eval(&hostEnv{Host: map[string]any{"StrategicPriority": decimal.New(1, 100000)}}, rules.EvalOptions{})
	require.NoError(t, err)
	require.Len(t, r.Errors, 1)
	assert.ErrorIs(t, r.Errors[0], rules.ErrLimit)
	// Within the limit, the same value class works: 3 ≥ 2.
	r, err = p.Eval(&hostEnv{Host: map[string]any{"StrategicPriority": decimal.New(3, 0)}}, rules.EvalOptions{})
	require.NoError(t, err)
	assert.Len(t, r.Fired, 1)
}
