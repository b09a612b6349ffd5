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

// Level, ActionKind, Method and RectStatus, too, name their values from
// their parse tables; the expected texts are those of the name arrays they
// replaced (levelNames, actionNames, methodNames, rectNames): code in
// English, Chinese name, and type(n) beyond the table.
func TestEnumNamesFromTablesAllRows(t *testing.T) {
	lv := []struct{ code, zh string }{{"none", "未评定"}, {"green", "绿灯"}, {"yellow", "黄灯"}, {"red", "红灯"}}
	for i, w := range lv {
		l := monitoring.Level(i)
		assert.Equal(t, w.code, l.String())
		assert.Equal(t, w.code, l.Name(performance.LangEN))
		assert.Equal(t, w.zh, l.Name(performance.LangZH))
	}
	assert.Equal(t, "level(4)", monitoring.Level(4).Name(performance.LangZH))

	ac := []struct{ code, zh string }{
		{"none", "无"}, {"notify", "通报"}, {"interview", "约谈"}, {"rectify", "整改"},
		{"suspend", "暂缓拨款"}, {"reduce", "调减"}, {"recover", "收回"}, {"reallocate", "调剂"},
	}
	for i, w := range ac {
		k := monitoring.ActionKind(i)
		assert.Equal(t, w.code, k.String())
		assert.Equal(t, w.code, k.Name(performance.LangEN))
		assert.Equal(t, w.zh, k.Name(performance.LangZH))
	}
	assert.Equal(t, "action(8)", monitoring.ActionKind(8).String())

	for i, code := range []string{"months", "days", "table"} {
		assert.Equal(t, code, monitoring.Method(i).String())
	}
	assert.Equal(t, "method(3)", monitoring.Method(3).String())

	rs := []struct{ code, zh string }{{"open", "整改中"}, {"done", "已整改"}, {"overdue", "逾期未整改"}}
	for i, w := range rs {
		s := monitoring.RectStatus(i)
		assert.Equal(t, w.code, s.String())
		assert.Equal(t, w.code, s.Name(performance.LangEN))
		assert.Equal(t, w.zh, s.Name(performance.LangZH))
	}
	assert.Equal(t, "rect_status(3)", monitoring.RectStatus(3).Name(performance.LangEN))
}
