package history_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
)

// TestDecode feeds four documents: a good one, one with an unknown member,
// a source error, and another good one. The bad document is a *LineError
// at position 2 wrapping ErrRecord, the source error passes unchanged, and
// both good records come through: nothing is lost or invented.
func TestDecode(t *testing.T) {
	errSource := errors.New("source failed")
	docs := func(yield func([]byte, error) bool) {
		_ = yield([]byte(`{"round":1,"project":{"id":"A","fiscal_year":2021}}`), nil) &&
			yield([]byte(`{"round":1,"surplus":true}`), nil) &&
			yield(nil, errSource) &&
			yield([]byte(`{"round":2,"project":{"id":"B","fiscal_year":2021}}`), nil)
	}
	var ids []string
	var errs []error
	for r, err := range history.Decode(docs) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, r.Project.ID)
	}
	assert.Equal(t, []string{"A", "B"}, ids)
	require.Len(t, errs, 2)
	var le *history.LineError
	require.ErrorAs(t, errs[0], &le)
	assert.Equal(t, 2, le.Line)
	assert.ErrorIs(t, errs[0], history.ErrRecord)
	assert.Contains(t, errs[0].Error(), "surplus")
	assert.Same(t, errSource, errs[1])
}
