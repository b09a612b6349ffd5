package rules_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/lang"
	"github.com/jixiao-go/jixiao/rules"
)

// TestResultJSONRoundTrip: a result with every output type and an
// explanation survives marshal → unmarshal → marshal byte for byte, and
// the decoded values and explanation read as the originals.
func TestResultJSONRoundTrip(t *testing.T) {
	p := compile(t, &rules.Set{ID: "rt", Version: "1", Rules: []rules.Rule{
		one("all", `Requested > 0`,
			out("cut", rules.TypeMoney, "Requested * 0.20"),
			out("share", rules.TypeNumber, "0.125000"),
			out("note", rules.TypeString, `"超标准"`),
			out("flag", rules.TypeBool, "IsNew"),
			out("due", rules.TypeDate, `date("2024-08-31")`),
			out("grade", "grade", `"差"`)),
	}})
	env := project{Requested: d("1000.00"), IsNew: true}
	r, err := p.Eval(&env, rules.EvalOptions{Explain: true})
	require.NoError(t, err)
	first, err := json.Marshal(r)
	require.NoError(t, err)
	var back rules.Result
	require.NoError(t, json.Unmarshal(first, &back))
	second, err := json.Marshal(back)
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second))

	require.Len(t, back.Fired, 1)
	f := back.Fired[0]
	cut, _ := f.Output("cut")
	// 1000.00 × 0.20 = 200.0000: the exponent decimal arithmetic gives is kept.
	assert.Equal(t, "200.0000", cut.String())
	assert.True(t, cut.Decimal().Equal(d("200")))
	flag, _ := f.Output("flag")
	assert.True(t, flag.Bool())
	due, _ := f.Output("due")
	assert.Equal(t, "2024-08-31", due.Time().Format("2006-01-02"))
	g, _ := f.Output("grade")
	assert.Equal(t, "差", g.String())
	assert.Equal(t, r.Fired[0].Explanation.Text(lang.ZH), f.Explanation.Text(lang.ZH))
	assert.Equal(t, r.Fired[0].Explanation.Steps(), f.Explanation.Steps())
	assert.True(t, f.Explanation.Fired())
}

// TestZeroValuesNeverPanic: the zero Explanation and Value can be used.
func TestZeroValuesNeverPanic(t *testing.T) {
	var x rules.Explanation
	b, err := json.Marshal(&x)
	require.NoError(t, err)
	assert.JSONEq(t, `{"rule_id":"","fired":false,"steps":[],"text":"","text_zh":""}`, string(b))
	assert.Equal(t, "", x.Text(lang.EN))
	assert.Empty(t, x.Steps())
	var v rules.Value
	b, err = json.Marshal(v)
	require.NoError(t, err)
	var back rules.Value
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, "", back.String())
}

func TestResultJSON(t *testing.T) {
	p := compile(t, &rules.Set{ID: "s", Version: "1", Rules: []rules.Rule{
		one("R", "true", out("cut", rules.TypeMoney, "Requested * 0.1"), out("g", "grade", `"优"`)),
		one("E", "round(1 / (Quantity - 3), 2) > 0"),
	}})
	env := sample()
	res, err := p.Eval(&env, rules.EvalOptions{})
	require.NoError(t, err)
	b, err := json.Marshal(res)
	require.NoError(t, err)
	s := string(b)
	// 1,000,000 × 0.1 = 100000.0, kept exact as a string
	assert.Contains(t, s, `"outputs":[{"name":"cut","type":"money","value":"100000.0"},{"name":"g","type":"grade","value":"优"}]`)
	assert.Contains(t, s, `"reason":"error"`)
	assert.Contains(t, s, `"message":"division by zero"`)
	assert.Contains(t, s, `"hash":"`+p2hash(t)+`"`)
}

func p2hash(t *testing.T) string {
	t.Helper()
	return (&rules.Set{ID: "s", Version: "1", Rules: []rules.Rule{
		one("R", "true", out("cut", rules.TypeMoney, "Requested * 0.1"), out("g", "grade", `"优"`)),
		one("E", "round(1 / (Quantity - 3), 2) > 0"),
	}}).Hash()
}
