package xlsx

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	require.NoError(t, err)
	return string(b)
}

func TestSelfFormsRoundTrip(t *testing.T) {
	forms := sampleForms()
	var buf bytes.Buffer
	require.NoError(t, WriteSelfForms(&buf, forms))
	got, err := ReadSelfForms(bytes.NewReader(buf.Bytes()), Limits{})
	require.NoError(t, err)
	require.Len(t, got, len(forms))
	for i := range forms {
		assert.Equal(t, jsonOf(t, forms[i]), jsonOf(t, got[i]), "form %d", i)
		// Places as printed: 91.37 stays at two places, 80.00 too.
		assert.Equal(t, forms[i].Evaluation.Stated.Rate.Decimal.Exponent(), got[i].Evaluation.Stated.Rate.Decimal.Exponent(), "rate places of form %d", i)
	}
}
