package ruletest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules/ruletest"
)

func TestGapKindParse(t *testing.T) {
	for _, c := range []struct {
		v        ruletest.GapKind
		code, zh string
	}{
		{ruletest.GapNone, "none", "无"},
		{ruletest.GapNeverFired, "never_fired", "从未命中"},
		{ruletest.GapAlwaysFired, "always_fired", "每例均命中"},
		{ruletest.GapNeverTrue, "never_true", "从未为真"},
		{ruletest.GapNeverFalse, "never_false", "从未为假"},
	} {
		for _, f := range []string{c.code, " " + c.code, c.zh} {
			got, err := ruletest.ParseGapKind(f)
			require.NoError(t, err, f)
			assert.Equal(t, c.v, got, f)
			var u ruletest.GapKind
			require.NoError(t, u.UnmarshalText([]byte(f)), f)
			assert.Equal(t, c.v, u, f)
		}
		b, err := c.v.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, c.code, string(b))
	}
	_, err := ruletest.ParseGapKind("never")
	assert.EqualError(t, err, `ruletest: unknown gap kind "never" (want none, never_fired, always_fired, never_true or never_false; 无, 从未命中, 每例均命中, 从未为真 or 从未为假)`)
}
