package evaluation_test

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requireLimitAt checks that err holds a *performance.LimitError at path
// for value, with performance's maximum.
func requireLimitAt(t *testing.T, err error, path string, value int64) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, performance.ErrLimit)
	var le *performance.LimitError
	require.ErrorAs(t, err, &le, "got %v", err)
	assert.Equal(t, path, le.Path)
	assert.Equal(t, value, le.Value)
	assert.Contains(t, err.Error(), path+": places "+strconv.FormatInt(value, 10)+" outside 0 to 10")
}

func readRepoTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/" + name)
	require.NoError(t, err)
	return string(b)
}

// withPlaces replaces the one `"places": 2` of a testdata file.
func withPlaces(t *testing.T, doc string, places int64) []byte {
	t.Helper()
	require.Equal(t, 1, strings.Count(doc, `"places": 2`), "testdata has one places member")
	return []byte(strings.Replace(doc, `"places": 2`, `"places": `+strconv.FormatInt(places, 10), 1))
}

// TestExAntePlacesRegression: criteria.places 100000000 used to pass
// `jixiao check` and then hang assess (rounding every score to a hundred
// million places). It is refused at parse time, and by NewAssessor for a
// policy built in code.
func TestExAntePlacesRegression(t *testing.T) {
	_, err := exante.ParsePolicy(withPlaces(t, readRepoTestdata(t, "exante/policy.json"), 100000000))
	requireLimitAt(t, err, "criteria.places", 100000000)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{performance.CodeLimit}, ps.Codes())

	pol, err := exante.ParsePolicy([]byte(readRepoTestdata(t, "exante/policy.json")))
	require.NoError(t, err)
	pol.Criteria.Places = 100000000
	_, err = exante.NewAssessor(pol, nil, exante.AssessOptions{})
	requireLimitAt(t, err, "places", 100000000)
}

// TestKeyReportPlacesRegression: published.places 1000000000 used to hang
// evaluate (the computed shares were rounded to a billion places).
func TestKeyReportPlacesRegression(t *testing.T) {
	_, err := evaluation.ParseKeyReport(withPlaces(t, readRepoTestdata(t, "expost/key2020.json"), 1000000000))
	requireLimitAt(t, err, "published.places", 1000000000)
	// A report decoded by other means (the command uses encoding/json) is
	// checked by Evaluate: the error names the path, the rest is evaluated.
	r := xpReport(t, "key2020.json")
	r.Published.Places = 1000000000
	res, err := r.Evaluate(evaluation.KeyFramework(), nil, performance.ShareCheck{}, time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC))
	requireLimitAt(t, err, "published.places", 1000000000)
	require.NotNil(t, res)
	assert.Equal(t, 66, res.Distribution.Total(), "the evaluations are still graded")
	assert.Nil(t, res.Check)
	// The number 1e9 itself does not fit the int32 field: a decode error.
	_, err = evaluation.ParseKeyReport([]byte(`{"id":"r","published":{"places":1e9}}`))
	assert.Error(t, err)
}

// TestFrameworkPlacesRegression: ParseFramework accepted places 2e8.
func TestFrameworkPlacesRegression(t *testing.T) {
	fw := evaluation.KeyFramework()
	fw.Places = 200000000
	data, err := json.Marshal(fw)
	require.NoError(t, err)
	_, err = evaluation.ParseFramework(data)
	requireLimitAt(t, err, "places", 200000000)
	assert.ErrorIs(t, fw.Validate(), performance.ErrLimit)
}

// TestPlacesLimitEveryParser walks the parsers that take places from input
// with places at performance.MaxPlaces (accepted) and one more (refused,
// naming the path and the maximum).
func TestPlacesLimitEveryParser(t *testing.T) {
	exDoc := readRepoTestdata(t, "exante/policy.json")
	key := readRepoTestdata(t, "expost/key2020.json")
	framework := func(places int64) []byte {
		fw := evaluation.KeyFramework()
		fw.Places = int32(places)
		data, err := json.Marshal(fw)
		require.NoError(t, err)
		return data
	}
	parsers := []struct {
		name  string
		path  string
		parse func(places int64) error
	}{
		{"ex-ante policy", "criteria.places", func(n int64) error {
			_, err := exante.ParsePolicy(withPlaces(t, exDoc, n))
			return err
		}},
		{"key report", "published.places", func(n int64) error {
			_, err := evaluation.ParseKeyReport(withPlaces(t, key, n))
			return err
		}},
		{"framework", "places", func(n int64) error {
			_, err := evaluation.ParseFramework(framework(n))
			return err
		}},
		{"summarize rounds", "places", func(n int64) error {
			_, err := exante.SummarizeRounds(nil, nil, int32(n))
			return err
		}},
	}
	for _, p := range parsers {
		t.Run(p.name, func(t *testing.T) {
			assert.NoError(t, p.parse(performance.MaxPlaces), "at the maximum")
			requireLimitAt(t, p.parse(performance.MaxPlaces+1), p.path, performance.MaxPlaces+1)
		})
	}
}

// TestFrameworkScoresAtMaxPlaces: a framework at the maximum still scores;
// full marks are 100 at any places.
func TestFrameworkScoresAtMaxPlaces(t *testing.T) {
	fw := evaluation.KeyFramework()
	fw.Places = performance.MaxPlaces
	sc, err := fw.Score([]evaluation.Sheet{xpFullSheet(fw, "a", nil)}, nil)
	require.NoError(t, err)
	assert.True(t, sc.Total.Equal(xpDec("100")), "total %s, want 100", sc.Total)
	assert.Equal(t, int32(-performance.MaxPlaces), sc.Total.Exponent(), "rounded to MaxPlaces")
}
