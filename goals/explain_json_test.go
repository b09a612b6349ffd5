package goals

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

// resultJSONReference is Result.MarshalJSON as it was first written, each
// score through its own MarshalJSON: the reference the one-encoding form
// must equal byte for byte.
func resultJSONReference(r *Result) ([]byte, error) {
	return json.Marshal(struct {
		Scores   []*Score    `json:"scores"`
		Level1   []*Subtotal `json:"level1"`
		Level2   []*Subtotal `json:"level2"`
		Rounding Rounding    `json:"rounding"`
		Total    string      `json:"total"`
	}{ptrs(r.Scores), ptrs(r.Level1), ptrs(r.Level2), r.Rounding, fixed(r.total, r.totalPlaces)})
}

// TestResultJSONIsEachScoreMarshalled: a result's JSON, its scores
// encoded within it, is what encoding each score with Score.MarshalJSON
// gives, on the results of the sample form and of the command's bundled
// self-evaluations, a zero result, one with no scores, and one whose
// score has no indicator.
func TestResultJSONIsEachScoreMarshalled(t *testing.T) {
	results := []*Result{{}, {Scores: []Score{}}, {Scores: []Score{{Index: 3}}}, sampleForm(t).Indicators}
	// The command's bundled self-evaluations (cmd/jixiao/data/self2021.json).
	data, err := os.ReadFile("../cmd/jixiao/data/self2021.json")
	require.NoError(t, err)
	var file struct {
		Title string `json:"title"`
		Forms []struct {
			ProjectID string          `json:"project_id"`
			UnitID    string          `json:"unit_id"`
			Form      Form            `json:"form"`
			Stated    json.RawMessage `json:"stated"`
		} `json:"self_evaluations"`
	}
	require.NoError(t, performance.DecodeJSON(data, &file))
	require.NotEmpty(t, file.Forms)
	for _, f := range file.Forms {
		fr, err := f.Form.Score(Config{})
		require.NotNil(t, fr, err)
		results = append(results, fr.Indicators)
	}
	for i, r := range results {
		got, err := r.MarshalJSON()
		require.NoError(t, err)
		want, err := resultJSONReference(r)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "result %d", i)
	}
}
