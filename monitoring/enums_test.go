package monitoring_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/jixiao-go/jixiao/internal/enumtest"
	"github.com/jixiao-go/jixiao/monitoring"
)

// TestEnums checks every enum of the package: each value's code, Chinese
// name and the terms forms print parse back to it, MarshalText writes the
// code, and an unknown value's error names the allowed values and matches
// ErrUnknownName.
func TestEnums(t *testing.T) {
	t.Run("Level", func(t *testing.T) {
		enumtest.Check(t, monitoring.ParseLevel, []enumtest.Case[monitoring.Level]{
			enumtest.C(monitoring.LevelNone, "none", "未评定", ""),
			enumtest.C(monitoring.Green, "green", "绿灯", "绿", "绿色", "GREEN"),
			enumtest.C(monitoring.Yellow, "yellow", "黄灯", "黄", "黄色"),
			enumtest.C(monitoring.Red, "red", "红灯", "红", "红色"),
		}, "紫", `monitoring: unknown name: level "紫" (want none, green, yellow or red; 未评定, 绿灯, 黄灯 or 红灯)`)
	})
	t.Run("ActionKind", func(t *testing.T) {
		enumtest.Check(t, monitoring.ParseActionKind, []enumtest.Case[monitoring.ActionKind]{
			enumtest.C(monitoring.ActionNone, "none", "无", ""),
			enumtest.C(monitoring.Notify, "notify", "通报"),
			enumtest.C(monitoring.Interview, "interview", "约谈"),
			enumtest.C(monitoring.Rectify, "rectify", "整改", "限期整改"),
			enumtest.C(monitoring.Suspend, "suspend", "暂缓拨款", "暂缓", "暂停拨款"),
			enumtest.C(monitoring.Reduce, "reduce", "调减"),
			enumtest.C(monitoring.Recover, "recover", "收回", "收回资金"),
			enumtest.C(monitoring.Reallocate, "reallocate", "调剂", "调剂使用"),
		}, "punish", `monitoring: unknown name: action "punish" (want none, notify, interview, rectify, suspend, reduce, recover or reallocate; 无, 通报, 约谈, 整改, 暂缓拨款, 调减, 收回 or 调剂)`)
	})
	t.Run("Method", func(t *testing.T) {
		enumtest.Check(t, monitoring.ParseMethod, []enumtest.Case[monitoring.Method]{
			enumtest.C(monitoring.MethodMonths, "months", "", ""),
			enumtest.C(monitoring.MethodDays, "days", ""),
			enumtest.C(monitoring.MethodTable, "table", ""),
		}, "weeks", `monitoring: unknown name: schedule method "weeks" (want months, days or table)`)
	})
	t.Run("RectStatus", func(t *testing.T) {
		enumtest.Check(t, monitoring.ParseRectStatus, []enumtest.Case[monitoring.RectStatus]{
			enumtest.C(monitoring.RectOpen, "open", "整改中", "", "未整改"),
			enumtest.C(monitoring.RectDone, "done", "已整改", "整改完成", "已完成整改"),
			enumtest.C(monitoring.RectOverdue, "overdue", "逾期未整改", "逾期"),
		}, "搁置", `monitoring: unknown name: rectification status "搁置" (want open, done or overdue; 整改中, 已整改 or 逾期未整改)`)
	})
	t.Run("GoalStatus", func(t *testing.T) {
		enumtest.Check(t, monitoring.ParseGoalStatus, []enumtest.Case[monitoring.GoalStatus]{
			enumtest.C(monitoring.GoalNotAssessed, "not_assessed", "未评估"),
			enumtest.C(monitoring.GoalOnTrack, "on_track", "正常"),
			enumtest.C(monitoring.GoalAtRisk, "at_risk", "存在风险"),
		}, "良好", `monitoring: unknown goal status "良好" (want not_assessed, on_track or at_risk; 未评估, 正常 or 存在风险)`)
	})
	t.Run("BalanceKind", func(t *testing.T) {
		enumtest.Check(t, monitoring.ParseBalanceKind, []enumtest.Case[monitoring.BalanceKind]{
			enumtest.C(monitoring.BalanceNone, "none", "无"),
			enumtest.C(monitoring.CarryOver, "carry_over", "结转", "结转资金"),
			enumtest.C(monitoring.Surplus, "surplus", "结余", "结余资金"),
		}, "", `monitoring: unknown balance kind "" (want none, carry_over or surplus; 无, 结转 or 结余)`)
	})
	for _, err := range []error{
		first(monitoring.ParseLevel("x")), first(monitoring.ParseActionKind("x")), first(monitoring.ParseMethod("x")),
		first(monitoring.ParseRectStatus("x")), first(monitoring.ParseGoalStatus("x")), first(monitoring.ParseBalanceKind("x")),
	} {
		assert.True(t, errors.Is(err, monitoring.ErrUnknownName), "%v matches ErrUnknownName", err)
	}
}

func first[T any](_ T, err error) error { return err }
