package evaluation_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/internal/enumtest"
)

// TestEnums checks every enum of the package: each value's code, Chinese
// name and the terms forms print parse back to it, MarshalText writes the
// code, and an unknown value's error names the allowed values and matches
// ErrUnknownName.
func TestEnums(t *testing.T) {
	t.Run("Action", func(t *testing.T) {
		enumtest.Check(t, evaluation.ParseAction, []enumtest.Case[evaluation.BudgetAction]{
			enumtest.C(evaluation.ActionNone, "none", "未调整"),
			enumtest.C(evaluation.ActionPrioritize, "prioritize", "优先保障"),
			enumtest.C(evaluation.ActionAsNeeded, "as_needed", "按需安排"),
			enumtest.C(evaluation.ActionCut, "cut", "调减"),
			enumtest.C(evaluation.ActionSuspend, "suspend", "暂缓安排"),
			enumtest.C(evaluation.ActionCancel, "cancel", "取消"),
		}, "raise", `evaluation: unknown action "raise" (want none, prioritize, as_needed, cut, suspend or cancel; 未调整, 优先保障, 按需安排, 调减, 暂缓安排 or 取消)`)
	})
	t.Run("Aspect", func(t *testing.T) {
		enumtest.Check(t, evaluation.ParseAspect, []enumtest.Case[evaluation.Aspect]{
			enumtest.C(evaluation.AspectGoals, "goals", "绩效目标", "绩效目标管理"),
			enumtest.C(evaluation.AspectMonitoring, "monitoring", "绩效监控", "绩效运行监控"),
			enumtest.C(evaluation.AspectSelfEvaluation, "self_evaluation", "绩效自评", "单位自评"),
			enumtest.C(evaluation.AspectKeyEvaluation, "key_evaluation", "重点评价", "重点绩效评价"),
		}, "disclosure", `evaluation: unknown aspect "disclosure" (want goals, monitoring, self_evaluation or key_evaluation; 绩效目标, 绩效监控, 绩效自评 or 重点评价)`)
	})
	t.Run("PolicyConclusion", func(t *testing.T) {
		enumtest.Check(t, evaluation.ParsePolicyConclusion, []enumtest.Case[evaluation.PolicyConclusion]{
			enumtest.C(evaluation.ConclusionNone, "", "未作结论"),
			enumtest.C(evaluation.PolicyContinue, "continue", "继续实施", "继续"),
			enumtest.C(evaluation.PolicyAdjust, "adjust", "调整完善", "调整", "完善"),
			enumtest.C(evaluation.PolicyExit, "exit", "退出", "清理退出", "取消"),
		}, "none", `evaluation: unknown policy conclusion "none" (want continue, adjust or exit; 未作结论, 继续实施, 调整完善 or 退出)`)
	})
	t.Run("Depth", func(t *testing.T) {
		enumtest.Check(t, evaluation.ParseDepth, []enumtest.Case[evaluation.Depth]{
			enumtest.C(evaluation.DepthKey, "key", "重点评价", "", "重点绩效评价"),
			enumtest.C(evaluation.DepthDeep, "deep", "深度绩效评价", "深度评价"),
		}, "shallow", `evaluation: unknown depth "shallow" (want key or deep; 重点评价 or 深度绩效评价)`)
	})
	t.Run("DeviationKind", func(t *testing.T) {
		enumtest.Check(t, evaluation.ParseDeviationKind, []enumtest.Case[evaluation.DeviationKind]{
			enumtest.C(evaluation.DeviationOther, "other", "其他不符"),
			enumtest.C(evaluation.DeviationDockedMetTarget, "docked_met_target", "达成目标仍扣分"),
			enumtest.C(evaluation.DeviationRoundedExecution, "rounded_execution", "执行率得分取整"),
			enumtest.C(evaluation.DeviationTotalNotSum, "total_not_sum", "总分不等于各项之和"),
			enumtest.C(evaluation.DeviationWeights, "non_default_weights", "分值非默认"),
			enumtest.C(evaluation.DeviationRate, "rate_mismatch", "执行率计算不符"),
			enumtest.C(evaluation.DeviationInitialBase, "initial_budget_base", "按年初预算数计算执行率"),
			enumtest.C(evaluation.DeviationGrade, "grade_mismatch", "等级与得分不符"),
			enumtest.C(evaluation.DeviationRoundedScore, "rounded_score", "指标得分舍入不同"),
			enumtest.C(evaluation.DeviationTotalOutOfRange, "total_out_of_range", "总分超出0–100分"),
		}, "typo", `evaluation: unknown deviation kind "typo" (want other, docked_met_target, rounded_execution, total_not_sum, non_default_weights, rate_mismatch, initial_budget_base, grade_mismatch, rounded_score or total_out_of_range; 其他不符, 达成目标仍扣分, 执行率得分取整, 总分不等于各项之和, 分值非默认, 执行率计算不符, 按年初预算数计算执行率, 等级与得分不符, 指标得分舍入不同 or 总分超出0–100分)`)
	})
	t.Run("RoundDirection", func(t *testing.T) {
		enumtest.Check(t, evaluation.ParseRoundDirection, []enumtest.Case[evaluation.RoundDirection]{
			enumtest.C(evaluation.RoundHalfUp, "half_up", "四舍五入"),
			enumtest.C(evaluation.RoundDown, "down", "向下取整", "去尾"),
			enumtest.C(evaluation.RoundUp, "up", "向上取整", "进一"),
		}, "bank", `evaluation: unknown round direction "bank" (want half_up, down or up; 四舍五入, 向下取整 or 向上取整)`)
	})
	t.Run("CriterionKind", func(t *testing.T) {
		enumtest.Check(t, evaluation.ParseCriterionKind, []enumtest.Case[evaluation.CriterionKind]{
			enumtest.C(evaluation.CriterionKind(""), "", ""),
			enumtest.C(evaluation.CriterionDecision, "decision", "决策", "决策指标"),
			enumtest.C(evaluation.CriterionProcess, "process", "过程", "过程指标"),
			enumtest.C(evaluation.CriterionOutput, "output", "产出", "产出指标"),
			enumtest.C(evaluation.CriterionBenefit, "benefit", "效益", "效益指标"),
		}, "满意度", `evaluation: unknown criterion kind "满意度" (want decision, process, output or benefit; 决策, 过程, 产出 or 效益)`)
	})
	for _, err := range []error{
		first(evaluation.ParseAction("x")), first(evaluation.ParseDepth("x")), first(evaluation.ParseCriterionKind("x")),
	} {
		assert.True(t, errors.Is(err, evaluation.ErrUnknownName), "%v matches ErrUnknownName", err)
	}
}

func first[T any](_ T, err error) error { return err }
