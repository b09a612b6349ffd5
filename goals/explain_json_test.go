package goals

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

// resultJSONReference is Result.MarshalJSON as it was first written: each
// score, target, actual and subtotal through its own MarshalJSON (a
// document of its own that encoding/json validates and compacts into the
// result's). It is the reference the one-pass form must equal byte for
// byte.
func resultJSONReference(r *Result) ([]byte, error) {
	scores := make([]json.RawMessage, len(r.Scores))
	for i := range r.Scores {
		b, err := json.Marshal(scoreJSONReference(&r.Scores[i]))
		if err != nil {
			return nil, err
		}
		scores[i] = b
	}
	return json.Marshal(struct {
		Scores   []json.RawMessage `json:"scores"`
		Level1   []*Subtotal       `json:"level1"`
		Level2   []*Subtotal       `json:"level2"`
		Rounding Rounding          `json:"rounding"`
		Total    string            `json:"total"`
	}{scores, ptrs(r.Level1), ptrs(r.Level2), r.Rounding, fixed(r.total, r.totalPlaces)})
}

// scoreJSONReference is a score's JSON form as it was first written: its
// target and actual as Target and Actual, encoded by their MarshalJSON.
func scoreJSONReference(s *Score) scoreJSON {
	in := s.Indicator
	if in == nil {
		in = &Indicator{}
	}
	j := scoreJSON{
		Index: s.Index, ID: in.ID, Name: in.Name, Level1: in.Level1, Level2: in.Level2,
		Weight: in.Weight, Target: in.Target, Actual: s.Actual, Rule: s.Rule, Met: s.Met, TooLow: s.TooLow,
		Rounding: s.Rounding, Value: fixed(s.units, s.Rounding.Places()),
		Text: performance.Text{ZH: s.Explain(performance.LangZH), EN: s.Explain(performance.LangEN)},
	}
	if s.Rule == RuleBand {
		p := s.Point.String()
		j.Point = &p
	}
	return j
}

// ptrs returns pointers to the elements of xs, never nil.
func ptrs[T any](xs []T) []*T {
	ps := make([]*T, len(xs))
	for i := range xs {
		ps[i] = &xs[i]
	}
	return ps
}

// TestResultJSONIsEachScoreMarshalled: a result's JSON, written in one
// pass, is what encoding each score, target, actual and subtotal with its
// own MarshalJSON gives, on the results of the sample form and of the
// command's bundled self-evaluations, a zero result, one with no scores,
// one whose score has no indicator, and one-indicator results of every
// kind of target (a range, a deadline, a qualitative one, "<" to escape)
// against every kind of actual.
func TestResultJSONIsEachScoreMarshalled(t *testing.T) {
	results := []*Result{{}, {Scores: []Score{}}, {Scores: []Score{{Index: 3}}}, sampleForm(t).Indicators}
	for _, target := range []string{"≥100人", "≤90万元", "80%-90%", "<5%", "=100%", "2022年12月31日前", "明显提升"} {
		for _, a := range []Actual{Measured(dec("95"), "人"), Measured(dec("85"), "%"), DoneOn(date(2023, 1, 5)),
			Rated(PartlyAchieved, dec("70")), {}} {
			s, err := NewScorer(oneIndicatorTree(t, target, "20"), Config{TooLow: dec("1.5")})
			require.NoError(t, err, target)
			r, _ := s.Score([]Actual{a, {Rating: Achieved}})
			require.NotNil(t, r, target)
			results = append(results, r)
		}
	}
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
