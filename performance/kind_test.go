package performance_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

func TestParseKindAliases(t *testing.T) {
	// The codes and the terms of the national forms (经常性/发展性/一次性项目).
	for in, want := range map[string]performance.Kind{
		"routine": performance.KindRoutine, "ROUTINE": performance.KindRoutine, "经常性": performance.KindRoutine, "经常性项目": performance.KindRoutine,
		"development": performance.KindDevelopment, "发展性": performance.KindDevelopment, "发展性项目": performance.KindDevelopment,
		"one_off": performance.KindOneOff, "一次性": performance.KindOneOff, " 一次性项目 ": performance.KindOneOff,
		"other": performance.KindOther, "其他": performance.KindOther, "": "",
	} {
		got, err := performance.ParseKind(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := performance.ParseKind("临时性")
	require.ErrorIs(t, err, performance.ErrUnknownKind)
	assert.EqualError(t, err, `performance: unknown project kind "临时性" (want routine, development, one_off or other; 经常性, 发展性, 一次性 or 其他)`)

	// In JSON the Chinese term is normalised to the code, and an unknown
	// kind is an error with its path rather than a kind no rule matches.
	var p performance.Project
	require.NoError(t, performance.DecodeJSON([]byte(`{"id":"P1","kind":"一次性"}`), &p))
	assert.Equal(t, performance.KindOneOff, p.Kind)
	err = performance.DecodeJSON([]byte(`{"id":"P1","kind":"临时性"}`), &p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "临时性")
}
