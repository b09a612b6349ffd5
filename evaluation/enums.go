package evaluation

import (
	"errors"

	"github.com/jixiao-go/jixiao/internal/enum"
)

// ErrUnknownName is wrapped by the errors of the ParseX functions of this
// package (and the UnmarshalText methods built on them) for text that
// names no value of the enum; the error's text names the allowed values.
var ErrUnknownName = errors.New("evaluation: unknown name")

// unknown returns the error of a ParseX for text s naming no value of tab:
// "evaluation: unknown <what> "s" (want …)", matching ErrUnknownName.
func unknown[T any](what, s string, tab enum.Table[T]) error {
	return enum.Errorf(ErrUnknownName, "evaluation: unknown %s %q (%s)", what, s, tab.Want())
}

// The name tables below are the ones of the types' String, Name and Parse:
// one table per enum, row i holding the value i where the type's String
// and Name read it by index (TestTablesInValueOrder), with the further
// terms forms print as aliases.

var actionTable = enum.Table[BudgetAction]{
	{V: ActionNone, Code: "none", Zh: "未调整"},
	{V: ActionPrioritize, Code: "prioritize", Zh: "优先保障"},
	{V: ActionAsNeeded, Code: "as_needed", Zh: "按需安排"},
	{V: ActionCut, Code: "cut", Zh: "调减"},
	{V: ActionSuspend, Code: "suspend", Zh: "暂缓安排"},
	{V: ActionCancel, Code: "cancel", Zh: "取消"},
}

// ParseAction reads an action from its code (none, prioritize, as_needed,
// cut, suspend, cancel; in any case) or its Chinese name (未调整, 优先保障,
// 按需安排, 调减, 暂缓安排, 取消), ignoring surrounding spaces. Anything else
// is an error wrapping [ErrUnknownName] that names the allowed values.
func ParseAction(s string) (BudgetAction, error) {
	if v, ok := actionTable.Parse(s); ok {
		return v, nil
	}
	return ActionNone, unknown("action", s, actionTable)
}

var aspectTable = enum.Table[Aspect]{
	{V: AspectGoals, Code: "goals", Zh: "绩效目标", Aliases: []string{"绩效目标管理"}},
	{V: AspectMonitoring, Code: "monitoring", Zh: "绩效监控", Aliases: []string{"绩效运行监控"}},
	{V: AspectSelfEvaluation, Code: "self_evaluation", Zh: "绩效自评", Aliases: []string{"单位自评"}},
	{V: AspectKeyEvaluation, Code: "key_evaluation", Zh: "重点评价", Aliases: []string{"重点绩效评价"}},
}

// ParseAspect reads a coverage aspect from its code (goals, monitoring,
// self_evaluation, key_evaluation; in any case) or its Chinese name
// (绩效目标, 绩效监控, 绩效自评, 重点评价; also 绩效目标管理, 绩效运行监控,
// 单位自评, 重点绩效评价). Anything else is an error wrapping
// [ErrUnknownName] that names the allowed values.
func ParseAspect(s string) (Aspect, error) {
	if v, ok := aspectTable.Parse(s); ok {
		return v, nil
	}
	return AspectGoals, unknown("aspect", s, aspectTable)
}

var depthTable = enum.Table[Depth]{
	{V: DepthKey, Code: "key", Zh: "重点评价", Aliases: []string{"", "重点绩效评价"}},
	{V: DepthDeep, Code: "deep", Zh: "深度绩效评价", Aliases: []string{"深度评价"}},
}

// ParseDepth reads "key" (or "", 重点评价, 重点绩效评价) and "deep" (深度绩效评价,
// 深度评价), codes in any case. Anything else is an error wrapping
// [ErrUnknownName] that names the allowed values.
func ParseDepth(s string) (Depth, error) {
	if v, ok := depthTable.Parse(s); ok {
		return v, nil
	}
	return DepthKey, unknown("depth", s, depthTable)
}

var deviationTable = enum.Table[DeviationKind]{
	{V: DeviationOther, Code: "other", Zh: "其他不符"},
	{V: DeviationDockedMetTarget, Code: "docked_met_target", Zh: "达成目标仍扣分"},
	{V: DeviationRoundedExecution, Code: "rounded_execution", Zh: "执行率得分取整"},
	{V: DeviationTotalNotSum, Code: "total_not_sum", Zh: "总分不等于各项之和"},
	{V: DeviationWeights, Code: "non_default_weights", Zh: "分值非默认"},
	{V: DeviationRate, Code: "rate_mismatch", Zh: "执行率计算不符"},
	{V: DeviationInitialBase, Code: "initial_budget_base", Zh: "按年初预算数计算执行率"},
	{V: DeviationGrade, Code: "grade_mismatch", Zh: "等级与得分不符"},
	{V: DeviationRoundedScore, Code: "rounded_score", Zh: "指标得分舍入不同"},
	{V: DeviationTotalOutOfRange, Code: "total_out_of_range", Zh: "总分超出0–100分"},
}

// ParseDeviationKind reads a deviation kind from its code (other,
// docked_met_target, …; in any case) or its Chinese name (其他不符,
// 达成目标仍扣分, …). Anything else is an error wrapping [ErrUnknownName]
// that names the allowed values.
func ParseDeviationKind(s string) (DeviationKind, error) {
	if v, ok := deviationTable.Parse(s); ok {
		return v, nil
	}
	return DeviationOther, unknown("deviation kind", s, deviationTable)
}

var criterionTable = enum.Table[CriterionKind]{
	{V: "", Code: ""},
	{V: CriterionDecision, Code: "decision", Zh: "决策", Aliases: []string{"决策指标"}},
	{V: CriterionProcess, Code: "process", Zh: "过程", Aliases: []string{"过程指标"}},
	{V: CriterionOutput, Code: "output", Zh: "产出", Aliases: []string{"产出指标"}},
	{V: CriterionBenefit, Code: "benefit", Zh: "效益", Aliases: []string{"效益指标"}},
}

// ParseCriterionKind reads a criterion kind from its code (decision,
// process, output, benefit; in any case) or its Chinese name (决策, 过程,
// 产出, 效益, with or without 指标), normalised to the code. The empty
// string is the unclassified kind; anything else is an error wrapping
// [ErrUnknownName] that names the allowed values.
func ParseCriterionKind(s string) (CriterionKind, error) {
	if v, ok := criterionTable.Parse(s); ok {
		return v, nil
	}
	return "", unknown("criterion kind", s, criterionTable)
}

// MarshalText encodes the kind as its code.
func (k CriterionKind) MarshalText() ([]byte, error) { return []byte(k), nil }

// UnmarshalText decodes any form [ParseCriterionKind] accepts.
func (k *CriterionKind) UnmarshalText(b []byte) error {
	return enum.DecodeTable(k, criterionTable, false, ParseCriterionKind, b)
}
