package rules_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

// TestEnums checks, for every enum of the package, that each value's code
// and Chinese name parse back to it and that MarshalText writes the code,
// and asserts the error of an unknown value. (Type is not an enum: a host
// registers its own output types with WithType.)
func TestEnums(t *testing.T) {
	t.Run("HitPolicy", func(t *testing.T) {
		for _, c := range []struct {
			v     rules.HitPolicy
			forms []string
		}{
			{"", []string{"", " "}},
			{rules.HitCollect, []string{"collect", "Collect", "全部命中"}},
			{rules.HitFirst, []string{"first", " first ", "首条命中"}},
			{rules.HitUnique, []string{"unique", "UNIQUE", "唯一命中"}},
		} {
			for _, f := range c.forms {
				got, err := rules.ParseHitPolicy(f)
				require.NoError(t, err, f)
				assert.Equal(t, c.v, got, f)
				var u rules.HitPolicy
				require.NoError(t, u.UnmarshalText([]byte(f)), f)
				assert.Equal(t, c.v, u, f)
			}
			b, err := c.v.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, string(c.v), string(b))
		}
		_, err := rules.ParseHitPolicy("all")
		require.ErrorIs(t, err, rules.ErrInvalid)
		assert.EqualError(t, err, `rules: invalid rule set: unknown hit policy "all" (want collect, first or unique; 全部命中, 首条命中 or 唯一命中)`)

		// A rule set file names the allowed values too, and a Chinese name
		// is normalised to the code.
		_, err = rules.ParseSet([]byte(`{"id":"s","hit_policy":"all","rules":[]}`))
		require.Error(t, err)
		assert.Contains(t, err.Error(), `unknown hit policy "all" (want collect, first or unique; 全部命中, 首条命中 or 唯一命中)`)
		s, err := rules.ParseSet([]byte(`{"id":"s","hit_policy":"首条命中","rules":[{"id":"R","when":"true"}]}`))
		require.NoError(t, err)
		assert.Equal(t, rules.HitFirst, s.HitPolicy)
	})
	t.Run("Reason", func(t *testing.T) {
		for i, code := range []string{"unknown", "condition_false", "outside_period", "disabled", "group_fired", "error", "not_reached"} {
			got, err := rules.ParseReason(code)
			require.NoError(t, err, code)
			assert.Equal(t, rules.Reason(i), got, code)
			b, err := got.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, code, string(b))
		}
		_, err := rules.ParseReason("skipped")
		assert.EqualError(t, err, `rules: unknown reason "skipped" (want one of unknown, condition_false, outside_period, disabled, group_fired, error, not_reached)`)
	})
}
