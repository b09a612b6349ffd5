package evaluation_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
)

// TestEnumsRoundTrip checks every value of the ex-post enums: text form,
// Chinese name, and back.
func TestEnumsRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		a    evaluation.BudgetAction
		code string
		zh   string
	}{{evaluation.ActionNone, "none", "未调整"}, {evaluation.ActionPrioritize, "prioritize", "优先保障"},
		{evaluation.ActionAsNeeded, "as_needed", "按需安排"}, {evaluation.ActionCut, "cut", "调减"},
		{evaluation.ActionSuspend, "suspend", "暂缓安排"}, {evaluation.ActionCancel, "cancel", "取消"}} {
		b, _ := tt.a.MarshalText()
		assert.Equal(t, tt.code, string(b))
		assert.Equal(t, tt.zh, tt.a.Name(performance.LangZH))
		var back evaluation.BudgetAction
		require.NoError(t, back.UnmarshalText([]byte(tt.zh)))
		assert.Equal(t, tt.a, back)
	}
	for _, a := range evaluation.Aspects() {
		b, _ := a.MarshalText()
		var back evaluation.Aspect
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, a, back)
	}
	assert.Equal(t, "绩效自评", evaluation.AspectSelfEvaluation.Name(performance.LangZH))
	for k := evaluation.DeviationOther; k <= evaluation.DeviationGrade; k++ {
		b, _ := k.MarshalText()
		var back evaluation.DeviationKind
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
	}
	assert.Equal(t, "执行率得分取整", evaluation.DeviationRoundedExecution.Name(performance.LangZH))
	var d evaluation.Depth
	require.NoError(t, d.UnmarshalText([]byte("deep")))
	assert.Equal(t, evaluation.DepthDeep, d)
	assert.Error(t, d.UnmarshalText([]byte("shallow")))
	var a evaluation.Aspect
	assert.Error(t, a.UnmarshalText([]byte("nothing")))
	_, err := evaluation.ParseAction("raise")
	assert.Error(t, err)
}
