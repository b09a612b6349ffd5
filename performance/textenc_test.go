package performance_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBudgetBaseText(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want performance.BudgetBase
	}{
		{"", performance.BaseAdjusted},
		{"adjusted", performance.BaseAdjusted},
		{"全年预算数", performance.BaseAdjusted},
		{"initial", performance.BaseInitial},
		{"年初预算数", performance.BaseInitial},
	} {
		got, err := performance.ParseBudgetBase(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	_, err := performance.ParseBudgetBase("annual")
	assert.True(t, errors.Is(err, performance.ErrUnknownBudgetBase), "got %v", err)

	b, err := json.Marshal(struct {
		Base performance.BudgetBase `json:"base"`
	}{performance.BaseInitial})
	require.NoError(t, err)
	assert.Equal(t, `{"base":"initial"}`, string(b))
	var back struct {
		Base performance.BudgetBase `json:"base"`
	}
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, performance.BaseInitial, back.Base)
}

func TestLangText(t *testing.T) {
	for in, want := range map[string]performance.Lang{"": performance.LangZH, "zh": performance.LangZH, "EN": performance.LangEN, "english": performance.LangEN} {
		got, err := performance.ParseLang(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := performance.ParseLang("fr")
	assert.Error(t, err)
	b, err := json.Marshal([]performance.Lang{performance.LangZH, performance.LangEN})
	require.NoError(t, err)
	assert.Equal(t, `["zh","en"]`, string(b))
}
