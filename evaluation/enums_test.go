package evaluation_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/internal/enumtest"
)

// TestEnums checks every enum of the package: each value's code, Chinese
// name and the terms forms print parse back to it, MarshalText writes the
// code, and an unknown value's error names the allowed values and matches
// ErrUnknownName.
func TestEnums(t *testing.T) {
	t.Run("Action", func(t *testing.T) {
		enumtest.Check(t, evaluation.ParseAction, []enumtest.Case[evaluation.Action]{
			enumtest.C(evaluation.ActionNone, "none", "未调整"),
			enumtest.C(evaluation.ActionPrioritize, "prioritize", "优先保障"),
			enumtest.C(evaluation.ActionAsNeeded, "as_needed", "按需安排"),
			enumtest.C(evaluation.ActionCut, "cut", "调减"),
			enumtest.C(evaluation.ActionSuspend, "suspend", "暂缓安排"),
			enumtest.C(evaluation.ActionCancel, "cancel", "取消"),
		}, "raise", `evaluation: unknown action "raise" (want none, prioritize, as_needed, cut, suspend or cancel; 未调整, 优先保障, 按需安排, 调减, 暂缓安排 or 取消)`)
	})
	t.Run("Dimension", func(t *testing.T) {
		// Dimensions are data: ParseDimension knows the 3E sheet's names,
		// and UnmarshalText keeps any other text as the code of a dimension
		// the sheet declares (so "合规性" decodes; the sheet's Validate
		// rejects it when no dimension is called so). Only text longer than
		// MaxDimensionCode is refused by both routes.
		long := strings.Repeat("维", 22) // 66 bytes
		enumtest.Check(t, evaluation.ParseDimension, []enumtest.Case[evaluation.Dimension]{
			enumtest.C(evaluation.DimensionNone, "", ""),
			enumtest.C(evaluation.Necessity, "necessity", "必要性", "立项必要性"),
			enumtest.C(evaluation.Feasibility, "feasibility", "可行性", "实施方案可行性"),
			enumtest.C(evaluation.Economy, "economy", "经济性", "投入经济性"),
			enumtest.C(evaluation.Efficiency, "efficiency", "效率性"),
			enumtest.C(evaluation.Effectiveness, "effectiveness", "效益性"),
		}, long, `evaluation: unknown dimension "`+long+`" (want necessity, feasibility, economy, efficiency or effectiveness; 必要性, 可行性, 经济性, 效率性 or 效益性)`)
		_, err := evaluation.ParseDimension("合规性")
		assert.EqualError(t, err, `evaluation: unknown dimension "合规性" (want necessity, feasibility, economy, efficiency or effectiveness; 必要性, 可行性, 经济性, 效率性 or 效益性)`)
		var d evaluation.Dimension
		require.NoError(t, d.UnmarshalText([]byte(" 筹资合规性 ")))
		assert.Equal(t, evaluation.Dimension("筹资合规性"), d)
	})
	t.Run("CombineMethod", func(t *testing.T) {
		enumtest.Check(t, evaluation.ParseCombineMethod, []enumtest.Case[evaluation.CombineMethod]{
			enumtest.C(evaluation.CombineMean, "mean", "", ""),
			enumtest.C(evaluation.CombineTrimmedMean, "trimmed_mean", ""),
		}, "median", `evaluation: unknown combine method "median" (want mean or trimmed_mean)`)
	})
	t.Run("Verdict", func(t *testing.T) {
		enumtest.Check(t, evaluation.ParseVerdict, []enumtest.Case[evaluation.Verdict]{
			enumtest.C(evaluation.VerdictNone, "", "未评估"),
			enumtest.C(evaluation.Support, "support", "予以支持", "支持"),
			enumtest.C(evaluation.SupportAfterAdjustment, "support_after_adjustment", "调整完善后予以支持", "调整后予以支持", "完善后予以支持", "调整完善后支持"),
			enumtest.C(evaluation.Reject, "reject", "不予支持"),
		}, "暂缓支持", `evaluation: unknown verdict "暂缓支持" (want support, support_after_adjustment or reject; 未评估, 予以支持, 调整完善后予以支持 or 不予支持)`)
	})
	t.Run("Aspect", func(t *testing.T) {
		enumtest.Check(t, evaluation.ParseAspect, []enumtest.Case[evaluation.Aspect]{
			enumtest.C(evaluation.AspectGoals, "goals", "绩效目标", "绩效目标管理"),
			enumtest.C(evaluation.AspectMonitoring, "monitoring", "绩效监控", "绩效运行监控"),
			enumtest.C(evaluation.AspectSelfEvaluation, "self_evaluation", "绩效自评", "单位自评"),
			enumtest.C(evaluation.AspectKeyEvaluation, "key_evaluation", "重点评价", "重点绩效评价"),
		}, "disclosure", `evaluation: unknown aspect "disclosure" (want goals, monitoring, self_evaluation or key_evaluation; 绩效目标, 绩效监控, 绩效自评 or 重点评价)`)
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
	t.Run("ReductionKind", func(t *testing.T) {
		enumtest.Check(t, evaluation.ParseReductionKind, []enumtest.Case[evaluation.ReductionKind]{
			enumtest.C(evaluation.ReductionPolicy, "policy", "政策性核减"),
			enumtest.C(evaluation.ReductionStandard, "standard", "超支出标准", "超标准核减", "超支出标准核减"),
			enumtest.C(evaluation.ReductionUnsupported, "unsupported", "测算依据不足", "无依据"),
			enumtest.C(evaluation.ReductionDuplicate, "duplicate", "重复申报"),
			enumtest.C(evaluation.ReductionRejected, "rejected", "评估不予支持", "不予支持"),
			enumtest.C(evaluation.ReductionNotFundable, "not_fundable", "不具备安排条件"),
		}, "cut", `evaluation: unknown reduction kind "cut" (want policy, standard, unsupported, duplicate, rejected or not_fundable; 政策性核减, 超支出标准, 测算依据不足, 重复申报, 评估不予支持 or 不具备安排条件)`)
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
		first(evaluation.ParseAction("x")), first(evaluation.ParseVerdict("x")), first(evaluation.ParseDepth("x")),
		first(evaluation.ParseCriterionKind("x")), first(evaluation.ParseReductionKind("x")),
	} {
		assert.True(t, errors.Is(err, evaluation.ErrUnknownName), "%v matches ErrUnknownName", err)
	}
}

func first[T any](_ T, err error) error { return err }
