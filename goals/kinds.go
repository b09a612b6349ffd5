package goals

import (
	"fmt"
	"strings"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
)

// The name tables of this package's enums are enum.Tables: row i holds the
// value i, which String and Name read by index, and the ParseX functions
// read codes and English names in any case and Chinese names and the
// further terms forms print (Aliases) exactly ([enum.Table.ParseEn]). A
// zero value that is "not given" (Level1None, Level2Other, StandardNone,
// RatingNone) is row 0 of its table but is neither parsed nor listed in
// errors: its ParseX reads and words the table from row 1 on.

// name is one row of ScoreRule's name table (score.go): the stable code,
// the Chinese name and the English name.
//
// TODO(house): ScoreRule moves onto an enum.Table with the rest once the
// scoring work in score.go has landed; name and nameIn go with it.
type name struct{ code, zh, en string }

func nameIn(names []name, i int, l performance.Lang) string {
	if l == performance.LangEN {
		return names[i].en
	}
	return names[i].zh
}

// unknownKind returns the error of a ParseX for text s naming no value of
// tab: "goals: unknown kind: <what> "s" (want …)", wrapping ErrUnknownKind.
func unknownKind[T any](what string, s string, tab enum.Table[T]) error {
	return fmt.Errorf("%w: %s %q (%s)", ErrUnknownKind, what, s, tab.Want())
}

// Level1 is the kind of a level-1 indicator (一级指标). The zero value,
// Level1None, means unspecified and is rejected by validation. Level1 values
// marshal to JSON and text as their codes ("output", "benefit", ...) and
// unmarshal from a code, the Chinese name (产出指标 or 产出) or the English
// name.
type Level1 uint8

const (
	// Level1None means unspecified. It is the zero value.
	Level1None Level1 = iota
	// Output is the output indicator (产出指标).
	Output
	// Benefit is the benefit indicator (效益指标).
	Benefit
	// Satisfaction is the satisfaction indicator (满意度指标).
	Satisfaction
	// Cost is the cost indicator (成本指标) of newer goal forms.
	Cost
	// Decision is the decision indicator (决策) of key evaluation frameworks.
	Decision
	// Process is the process indicator (过程) of key evaluation frameworks.
	Process
)

// level1Table holds the kinds with, as aliases, the Chinese names without
// 指标, as tables often print them.
var level1Table = enum.Table[Level1]{
	{V: Level1None, Code: "", Zh: "未指定", En: "unspecified"},
	{V: Output, Code: "output", Zh: "产出指标", Aliases: []string{"产出"}},
	{V: Benefit, Code: "benefit", Zh: "效益指标", Aliases: []string{"效益"}},
	{V: Satisfaction, Code: "satisfaction", Zh: "满意度指标", Aliases: []string{"满意度"}},
	{V: Cost, Code: "cost", Zh: "成本指标", Aliases: []string{"成本"}},
	{V: Decision, Code: "decision", Zh: "决策"},
	{V: Process, Code: "process", Zh: "过程"},
}

// String returns the code: "output", "benefit", ... or "" for Level1None.
func (k Level1) String() string { return level1Table.String(int(k), "Level1") }

// Name returns the name in the given language: "产出指标" or "output".
func (k Level1) Name(l performance.Lang) string { return level1Table.Name(int(k), l, "Level1") }

// Valid reports whether k is one of the named kinds or Level1None.
func (k Level1) Valid() bool { return int(k) < len(level1Table) }

// ParseLevel1 reads a level-1 kind from its code, its Chinese name (with or
// without 指标) or its English name. The empty string is an error; anything
// unknown is an error wrapping [ErrUnknownKind] that names the allowed
// values.
func ParseLevel1(s string) (Level1, error) {
	if k, ok := level1Table[1:].ParseEn(s); ok {
		return k, nil
	}
	return Level1None, unknownKind("level 1", s, level1Table[1:])
}

// MarshalText encodes the kind as its code.
func (k Level1) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("goals: invalid level 1 kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes any form [ParseLevel1] accepts; empty text gives
// Level1None.
func (k *Level1) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = Level1None
		return nil
	}
	return enum.DecodeTable(k, level1Table[1:], true, ParseLevel1, b)
}

// Level2 is the kind of a level-2 indicator (二级指标). The zero value,
// Level2Other, is a level-2 group the national forms do not name (such as
// 项目立项 under decision); such a group is identified by the indicator's
// Level2Name. Level2 values marshal as their codes.
type Level2 uint8

const (
	// Level2Other is a group named only by its Level2Name. It is the zero
	// value.
	Level2Other Level2 = iota
	// Quantity is the quantity indicator (数量指标) under output.
	Quantity
	// Quality is the quality indicator (质量指标) under output.
	Quality
	// Timeliness is the timeliness indicator (时效指标) under output.
	Timeliness
	// OutputCost is the cost indicator (成本指标) under output.
	OutputCost
	// EconomicBenefit is the economic benefit indicator (经济效益指标).
	EconomicBenefit
	// SocialBenefit is the social benefit indicator (社会效益指标).
	SocialBenefit
	// EcologicalBenefit is the ecological benefit indicator (生态效益指标).
	EcologicalBenefit
	// SustainableImpact is the sustainable impact indicator (可持续影响指标).
	SustainableImpact
	// ServedSatisfaction is the satisfaction of those served (服务对象满意度指标).
	ServedSatisfaction
	// EconomicCost is the economic cost indicator (经济成本指标) under the
	// level-1 cost indicator of newer forms.
	EconomicCost
	// SocialCost is the social cost indicator (社会成本指标) under cost.
	SocialCost
	// EcologicalCost is the ecological and environmental cost indicator
	// (生态环境成本指标) under cost.
	EcologicalCost
)

// level2Table holds the kinds with, as aliases, the Chinese names without
// 指标.
var level2Table = enum.Table[Level2]{
	{V: Level2Other, Code: "", Zh: "其他", En: "other"},
	{V: Quantity, Code: "quantity", Zh: "数量指标", Aliases: []string{"数量"}},
	{V: Quality, Code: "quality", Zh: "质量指标", Aliases: []string{"质量"}},
	{V: Timeliness, Code: "timeliness", Zh: "时效指标", Aliases: []string{"时效"}},
	{V: OutputCost, Code: "cost", Zh: "成本指标", Aliases: []string{"成本"}},
	{V: EconomicBenefit, Code: "economic_benefit", Zh: "经济效益指标", En: "economic benefit", Aliases: []string{"经济效益"}},
	{V: SocialBenefit, Code: "social_benefit", Zh: "社会效益指标", En: "social benefit", Aliases: []string{"社会效益"}},
	{V: EcologicalBenefit, Code: "ecological_benefit", Zh: "生态效益指标", En: "ecological benefit", Aliases: []string{"生态效益"}},
	{V: SustainableImpact, Code: "sustainable_impact", Zh: "可持续影响指标", En: "sustainable impact", Aliases: []string{"可持续影响"}},
	{V: ServedSatisfaction, Code: "served_satisfaction", Zh: "服务对象满意度指标", En: "satisfaction of those served", Aliases: []string{"服务对象满意度"}},
	{V: EconomicCost, Code: "economic_cost", Zh: "经济成本指标", En: "economic cost", Aliases: []string{"经济成本"}},
	{V: SocialCost, Code: "social_cost", Zh: "社会成本指标", En: "social cost", Aliases: []string{"社会成本"}},
	{V: EcologicalCost, Code: "ecological_cost", Zh: "生态环境成本指标", En: "ecological cost", Aliases: []string{"生态环境成本"}},
}

// level2Parent is the level-1 kind each named level-2 kind belongs under.
var level2Parent = []Level1{
	Quantity: Output, Quality: Output, Timeliness: Output, OutputCost: Output,
	EconomicBenefit: Benefit, SocialBenefit: Benefit, EcologicalBenefit: Benefit, SustainableImpact: Benefit,
	ServedSatisfaction: Satisfaction,
	EconomicCost:       Cost, SocialCost: Cost, EcologicalCost: Cost,
}

// String returns the code: "quantity", "economic_benefit", ... or "" for
// Level2Other.
func (k Level2) String() string { return level2Table.String(int(k), "Level2") }

// Name returns the name in the given language: "数量指标" or "quantity".
func (k Level2) Name(l performance.Lang) string { return level2Table.Name(int(k), l, "Level2") }

// Valid reports whether k is one of the named kinds or Level2Other.
func (k Level2) Valid() bool { return int(k) < len(level2Table) }

// Parent returns the level-1 kind k belongs under, or Level1None for
// Level2Other, which may stand under any level-1 kind.
func (k Level2) Parent() Level1 {
	if k == Level2Other || !k.Valid() {
		return Level1None
	}
	return level2Parent[k]
}

// ParseLevel2 reads a level-2 kind from its code, its Chinese name (with or
// without 指标) or its English name. The empty string is an error (a group
// the forms do not name is read by [Level2.UnmarshalText] from empty text);
// anything unknown is an error wrapping [ErrUnknownKind] that names the
// allowed values.
func ParseLevel2(s string) (Level2, error) {
	if k, ok := level2Table[1:].ParseEn(s); ok {
		return k, nil
	}
	return Level2Other, unknownKind("level 2", s, level2Table[1:])
}

// MarshalText encodes the kind as its code.
func (k Level2) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("goals: invalid level 2 kind %d", uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText decodes any form [ParseLevel2] accepts; empty text gives
// Level2Other.
func (k *Level2) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = Level2Other
		return nil
	}
	return enum.DecodeTable(k, level2Table[1:], true, ParseLevel2, b)
}

// Standard is what a target value rests on (指标值确定依据). The zero value,
// StandardNone, means not stated.
type Standard uint8

const (
	// StandardNone means the basis is not stated. It is the zero value.
	StandardNone Standard = iota
	// PlanStandard is a plan standard (计划标准).
	PlanStandard
	// IndustryStandard is an industry standard (行业标准).
	IndustryStandard
	// HistoricalStandard is a historical standard (历史标准).
	HistoricalStandard
	// OtherStandard is any other basis (其他标准).
	OtherStandard
)

// standardTable holds the standards with, as aliases, the Chinese names
// without 标准 (so 其他 works).
var standardTable = enum.Table[Standard]{
	{V: StandardNone, Code: "", Zh: "未说明", En: "not stated"},
	{V: PlanStandard, Code: "plan", Zh: "计划标准", En: "plan standard", Aliases: []string{"计划"}},
	{V: IndustryStandard, Code: "industry", Zh: "行业标准", En: "industry standard", Aliases: []string{"行业"}},
	{V: HistoricalStandard, Code: "historical", Zh: "历史标准", En: "historical standard", Aliases: []string{"历史"}},
	{V: OtherStandard, Code: "other", Zh: "其他标准", En: "other standard", Aliases: []string{"其他"}},
}

// String returns the code: "plan", "industry", "historical", "other" or "".
func (s Standard) String() string { return standardTable.String(int(s), "Standard") }

// Name returns the name in the given language: "计划标准" or "plan standard".
func (s Standard) Name(l performance.Lang) string { return standardTable.Name(int(s), l, "Standard") }

// Valid reports whether s is a named standard or StandardNone.
func (s Standard) Valid() bool { return int(s) < len(standardTable) }

// MarshalText encodes the standard as its code.
func (s Standard) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("goals: invalid standard %d", uint8(s))
	}
	return []byte(s.String()), nil
}

// ParseStandard reads a standard from its code (plan, industry,
// historical, other), its Chinese name (with or without 标准, so 其他 works)
// or its English name. The empty string gives StandardNone; anything
// unknown is an error wrapping [ErrUnknownKind] that names the allowed
// values.
func ParseStandard(s string) (Standard, error) {
	if strings.TrimSpace(s) == "" {
		return StandardNone, nil
	}
	if v, ok := standardTable[1:].ParseEn(s); ok {
		return v, nil
	}
	return StandardNone, unknownKind("standard", s, standardTable[1:])
}

// standardSpellings is what a goals.json writes, read without an
// allocation: the empty string and the named standards' spellings (not
// row 0's names, which ParseStandard rejects).
var standardSpellings = enum.MustSpellings(ParseStandard, append(standardTable[1:].Texts(true), "")...)

// UnmarshalText decodes any form [ParseStandard] accepts; empty text gives
// StandardNone.
func (s *Standard) UnmarshalText(b []byte) error { return standardSpellings.Decode(s, b) }

// EvaluationKind is the setting a tree is used in, which decides some validation
// rules. The zero value, SelfEvaluation, is a unit's own goals and
// self-evaluation (单位自评).
type EvaluationKind uint8

const (
	// SelfEvaluation is a unit's goals and self-evaluation (单位自评). It is
	// the zero value.
	SelfEvaluation EvaluationKind = iota
	// FinanceEvaluation is an evaluation by the finance bureau (财政评价),
	// including key and deep evaluations: output plus benefit weigh at
	// least 60.
	FinanceEvaluation
	// DepartmentEvaluation is an evaluation by the department (部门评价):
	// output plus benefit weigh at least 60.
	DepartmentEvaluation
)

// frameworkTable holds the frameworks; empty text and 自评 are the
// self-evaluation.
var frameworkTable = enum.Table[EvaluationKind]{
	{V: SelfEvaluation, Code: "self", Zh: "单位自评", En: "self-evaluation", Aliases: []string{"", "自评"}},
	{V: FinanceEvaluation, Code: "finance", Zh: "财政评价", En: "finance evaluation"},
	{V: DepartmentEvaluation, Code: "department", Zh: "部门评价", En: "department evaluation"},
}

// String returns the code: "self", "finance" or "department".
func (f EvaluationKind) String() string { return frameworkTable.String(int(f), "Framework") }

// Name returns the name in the given language: "财政评价" or "finance evaluation".
func (f EvaluationKind) Name(l performance.Lang) string {
	return frameworkTable.Name(int(f), l, "Framework")
}

// Valid reports whether f is a named framework.
func (f EvaluationKind) Valid() bool { return int(f) < len(frameworkTable) }

// MarshalText encodes the framework as its code.
func (f EvaluationKind) MarshalText() ([]byte, error) {
	if !f.Valid() {
		return nil, fmt.Errorf("goals: invalid framework %d", uint8(f))
	}
	return []byte(f.String()), nil
}

// ParseFramework reads a framework from its code (self, finance,
// department), its Chinese name (单位自评, 财政评价, 部门评价; also 自评 for
// self) or its English name. The empty string gives SelfEvaluation;
// anything unknown is an error wrapping [ErrUnknownKind] that names the
// allowed values.
func ParseFramework(s string) (EvaluationKind, error) {
	if f, ok := frameworkTable.ParseEn(s); ok {
		return f, nil
	}
	return SelfEvaluation, unknownKind("framework", s, frameworkTable)
}

// UnmarshalText decodes any form [ParseFramework] accepts; empty text gives
// SelfEvaluation.
func (f *EvaluationKind) UnmarshalText(b []byte) error {
	return enum.DecodeTable(f, frameworkTable, true, ParseFramework, b)
}
