package evaluation_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var evalIndex = regexp.MustCompile(`^evaluations\[(\d+)\]`)

// Nothing is lost and the order does not matter: over random evaluations,
// some broken, every evaluation gives either one outcome or problems whose
// paths name it, never both; and the outcomes are the same, sorted by
// policy ID, whatever the order of the input.
func TestConcludeNothingLostAnyOrder(t *testing.T) {
	prog := ppProgram(t)
	r := rand.New(rand.NewPCG(7, 19))
	for round := range 50 {
		n := 1 + r.IntN(12)
		evals := make([]evaluation.PolicyEvaluation, n)
		for i := range evals {
			score := strconv.Itoa(r.IntN(111)) // 101–110 are out of range
			evals[i] = ppEval("P"+strconv.Itoa(r.IntN(2*n)), 2024, 2023+r.IntN(3), score, "x"+strconv.Itoa(i))
			if r.IntN(6) == 0 {
				evals[i].Attainment = ppDec("1.5")
			}
			if r.IntN(8) == 0 {
				evals[i].Findings = []evaluation.PolicyFinding{{Code: evaluation.FindingOverlap}}
			}
		}
		outs, err := prog.Conclude(evals, time.Time{})
		failed := map[int]bool{}
		if err != nil {
			var ps performance.Problems
			require.ErrorAs(t, err, &ps, "round %d", round)
			for _, p := range ps {
				m := evalIndex.FindStringSubmatch(p.Path)
				require.NotNil(t, m, "problem %s without an evaluation path: %s", p.Code, p.Path)
				k, _ := strconv.Atoi(m[1])
				failed[k] = true
			}
		}
		assert.Equal(t, n, len(outs)+len(failed), "round %d: %d outcomes and %d failed of %d", round, len(outs), len(failed), n)
		byProject := map[string]string{}
		for _, o := range outs {
			require.Len(t, o.Projects, 1)
			byProject[o.Projects[0].ProjectID] = o.PolicyID
		}
		for i := range evals {
			_, ok := byProject["x"+strconv.Itoa(i)]
			assert.NotEqual(t, ok, failed[i], "round %d: evaluation %d is concluded or failed, not both or neither", round, i)
		}
		for i := 1; i < len(outs); i++ {
			assert.Less(t, outs[i-1].PolicyID, outs[i].PolicyID)
		}
		// Reversed, the valid evaluations conclude the same (a repeated
		// ID then fails at its other occurrence, so compare only the IDs
		// that appear once).
		once := map[string]int{}
		for _, e := range evals {
			once[e.Policy.ID]++
		}
		rev := make([]evaluation.PolicyEvaluation, 0, n)
		for i := n - 1; i >= 0; i-- {
			rev = append(rev, evals[i])
		}
		routs, _ := prog.Conclude(rev, time.Time{})
		pick := func(os []evaluation.PolicyOutcome) map[string]string {
			m := map[string]string{}
			for _, o := range os {
				if once[o.PolicyID] == 1 {
					m[o.PolicyID] = o.Conclusion.String() + " " + o.Rule + " " + o.CutShare.String()
				}
			}
			return m
		}
		assert.Equal(t, pick(outs), pick(routs), "round %d", round)
	}
}

// FuzzParsePolicyRules: any input is refused or read into rules that
// encode and read back to the same rules (the round trip loses nothing),
// and reading never panics.
func FuzzParsePolicyRules(f *testing.F) {
	data, err := os.ReadFile("publicpolicy.json")
	require.NoError(f, err)
	f.Add(data)
	f.Add([]byte(`{"conclusions": {"id": "c", "rules": [{"id": "r", "when": "true"}]}}`))
	f.Add([]byte(`{"conclusions": null, "scheme": {"bands": []}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := evaluation.ParsePolicyRules(data)
		if err != nil {
			return
		}
		b, err := json.Marshal(p)
		require.NoError(t, err)
		q, err := evaluation.ParsePolicyRules(b)
		require.NoError(t, err, "re-reading %s", b)
		b2, err := json.Marshal(q)
		require.NoError(t, err)
		assert.Equal(t, string(b), string(b2))
	})
}
