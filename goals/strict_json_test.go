package goals

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

// A target's object form and an actual decode themselves, but strictly,
// as every JSON input does (issue 15): a misspelt member is named, not
// skipped to leave a zero value (a target of 0, an actual with no value).
func TestTargetActualJSONStrict(t *testing.T) {
	var tg Target
	require.NoError(t, json.Unmarshal([]byte(`{"op":"ge","value":"100","unit":"人"}`), &tg))
	assert.Equal(t, "100", tg.Value.String())

	err := json.Unmarshal([]byte(`{"op":"ge","valeu":"100","unit":"人"}`), &tg)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	require.Len(t, ps, 1)
	assert.Equal(t, performance.CodeUnknownField, ps[0].Code)
	assert.Equal(t, "valeu", ps[0].Path)

	var a Actual
	require.NoError(t, json.Unmarshal([]byte(`{"value":"98","unit":"人"}`), &a))
	err = json.Unmarshal([]byte(`{"vaule":"98","unit":"人"}`), &a)
	require.ErrorAs(t, err, &ps)
	require.Len(t, ps, 1)
	assert.Equal(t, "vaule", ps[0].Path)

	// Inside a document, the strict decoder names the target's path.
	type doc struct {
		Target Target `json:"target"`
	}
	var d doc
	err = performance.DecodeJSON([]byte(`{"target":{"op":"le","value":"5","uint":"天"}}`), &d)
	var je *performance.JSONError
	require.ErrorAs(t, err, &je)
	assert.Equal(t, "target", je.Path)
	assert.ErrorAs(t, err, &ps)
	assert.Equal(t, "uint", ps[0].Path)
}
