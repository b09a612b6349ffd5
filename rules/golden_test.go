package rules_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/lang"
	"github.com/jixiao-go/jixiao/internal/refwork"
	"github.com/jixiao-go/jixiao/internal/testflag"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

var update = testflag.Update()

// TestExplainGolden renders the explanations of the reference set for the
// first generated projects, in English and Chinese, against
// testdata/explain.golden (go test ./rules -run ExplainGolden -update).
func TestExplainGolden(t *testing.T) {
	ps, _, _ := refwork.Generate(4)
	p, err := rules.Compile[refwork.Project](refwork.Set())
	require.NoError(t, err)
	var b strings.Builder
	for i := range ps {
		res, err := p.Eval(&ps[i], rules.EvalOptions{Explain: true})
		require.NoError(t, err)
		b.WriteString("# " + ps[i].ID + "\n")
		var xs []*rules.Explanation
		for _, f := range res.Fired {
			xs = append(xs, f.Explanation)
		}
		for _, s := range res.Skipped {
			xs = append(xs, s.Explanation)
		}
		for _, x := range xs {
			b.WriteString(x.Text(lang.EN) + "\n")
			b.WriteString(x.Text(lang.ZH) + "\n")
		}
	}
	ruletest.Golden(t, filepath.Join("testdata", "explain.golden"), []byte(b.String()), *update)
}
