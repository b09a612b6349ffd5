package exante

import (
	"errors"

	"github.com/jixiao-go/jixiao/internal/enum"
)

// ErrUnknownName is wrapped by the errors of the ParseX functions of this
// package (and the UnmarshalText methods built on them) for text that
// names no value of the enum; the error's text names the allowed values.
var ErrUnknownName = errors.New("exante: unknown name")

// unknown returns the error of a ParseX for text s naming no value of tab:
// "exante: unknown <what> "s" (want …)", matching ErrUnknownName.
func unknown[T any](what, s string, tab enum.Table[T]) error {
	return enum.Errorf(ErrUnknownName, "exante: unknown %s %q (%s)", what, s, tab.Want())
}

// The name tables below are the ones of the types' String, Name and Parse:
// one table per enum, row i holding the value i where the type's String
// and Name read it by index (TestTablesInValueOrder), with the further
// terms forms print as aliases.

var dimensionTable = enum.Table[Dimension]{
	{V: DimensionNone, Code: ""},
	{V: Necessity, Code: "necessity", Zh: "必要性", Aliases: []string{"立项必要性"}},
	{V: Feasibility, Code: "feasibility", Zh: "可行性", Aliases: []string{"实施方案可行性"}},
	{V: Economy, Code: "economy", Zh: "经济性", Aliases: []string{"投入经济性"}},
	{V: Efficiency, Code: "efficiency", Zh: "效率性"},
	{V: Effectiveness, Code: "effectiveness", Zh: "效益性"},
}

// ParseDimension reads an assessment dimension from its code (necessity,
// feasibility, economy, efficiency, effectiveness; in any case) or its
// Chinese name (必要性, 可行性, 经济性, 效率性, 效益性; also the national
// wording 立项必要性, 实施方案可行性, 投入经济性). The empty string is
// DimensionNone; anything else is an error wrapping [ErrUnknownName] that
// names the allowed values.
func ParseDimension(s string) (Dimension, error) {
	if v, ok := dimensionTable.Parse(s); ok {
		return v, nil
	}
	return DimensionNone, unknown("dimension", s, dimensionTable)
}

var combineTable = enum.Table[CombineMethod]{
	{V: CombineMean, Code: "mean", Aliases: []string{""}},
	{V: CombineTrimmedMean, Code: "trimmed_mean"},
}

// ParseCombineMethod reads "mean" (or "") and "trimmed_mean", in any case,
// ignoring surrounding spaces. Anything else is an error wrapping
// [ErrUnknownName] that names the allowed values.
func ParseCombineMethod(s string) (CombineMethod, error) {
	if v, ok := combineTable.Parse(s); ok {
		return v, nil
	}
	return CombineMean, unknown("combine method", s, combineTable)
}

var verdictTable = enum.Table[Verdict]{
	{V: VerdictNone, Code: "", Zh: "未评估", En: "not assessed"},
	{V: Support, Code: "support", Zh: "予以支持", Aliases: []string{"支持"}},
	{V: SupportAfterAdjustment, Code: "support_after_adjustment", Zh: "调整完善后予以支持", Aliases: []string{"调整后予以支持", "完善后予以支持", "调整完善后支持"}},
	{V: Reject, Code: "reject", Zh: "不予支持"},
}

// ParseVerdict reads a verdict from its code (support,
// support_after_adjustment, reject; in any case) or its Chinese name
// (予以支持, 调整完善后予以支持, 不予支持; also 支持, 调整后予以支持,
// 完善后予以支持, 调整完善后支持). The empty string and 未评估 are VerdictNone;
// anything else is an error wrapping [ErrUnknownName] that names the
// allowed values.
func ParseVerdict(s string) (Verdict, error) {
	if v, ok := verdictTable.Parse(s); ok {
		return v, nil
	}
	return VerdictNone, unknown("verdict", s, verdictTable)
}

func parseVerdict(s string) (Verdict, bool) { return verdictTable.Parse(s) }

var reductionTable = enum.Table[ReductionKind]{
	{V: ReductionPolicy, Code: "policy", Zh: "政策性核减"},
	{V: ReductionStandard, Code: "standard", Zh: "超支出标准", Aliases: []string{"超标准核减", "超支出标准核减"}},
	{V: ReductionUnsupported, Code: "unsupported", Zh: "测算依据不足", Aliases: []string{"无依据"}},
	{V: ReductionDuplicate, Code: "duplicate", Zh: "重复申报"},
	{V: ReductionRejected, Code: "rejected", Zh: "评估不予支持", Aliases: []string{"不予支持"}},
	{V: ReductionNotFundable, Code: "not_fundable", Zh: "不具备安排条件"},
}

// ParseReductionKind reads a reduction kind from its code (policy,
// standard, unsupported, duplicate, rejected, not_fundable; in any case) or
// its Chinese name (政策性核减, 超支出标准, 测算依据不足, 重复申报, 评估不予支持,
// 不具备安排条件; also 超标准核减, 无依据, 不予支持). Anything else is an error
// wrapping [ErrUnknownName] that names the allowed values. (A rule's tags
// name its kind by code only.)
func ParseReductionKind(s string) (ReductionKind, error) {
	if v, ok := reductionTable.Parse(s); ok {
		return v, nil
	}
	return ReductionPolicy, unknown("reduction kind", s, reductionTable)
}
