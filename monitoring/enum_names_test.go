package monitoring_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
)

// GoalStatus and BalanceKind name their values from their parse tables
// (internal/enum, issue 15), with the texts their own tables gave before:
// the code in English, the Chinese name, and type(n) beyond the table.
func TestEnumNamesFromTables(t *testing.T) {
	assert.Equal(t, "at_risk", monitoring.GoalAtRisk.Name(performance.LangEN))
	assert.Equal(t, "存在风险", monitoring.GoalAtRisk.Name(performance.LangZH))
	assert.Equal(t, "未评估", monitoring.GoalNotAssessed.Name(performance.LangZH))
	assert.Equal(t, "goal_status(9)", monitoring.GoalStatus(9).String())
	assert.Equal(t, "goal_status(9)", monitoring.GoalStatus(9).Name(performance.LangZH))

	assert.Equal(t, "carry_over", monitoring.CarryOver.String())
	assert.Equal(t, "结转", monitoring.CarryOver.Name(performance.LangZH))
	assert.Equal(t, "结余", monitoring.Surplus.Name(performance.LangZH))
	assert.Equal(t, "none", monitoring.BalanceNone.Name(performance.LangEN))
	assert.Equal(t, "balance(3)", monitoring.BalanceKind(3).String())
}
