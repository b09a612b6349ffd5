package goals

import (
	"fmt"
	"strings"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
)

// name is one row of an enum's name table: the stable code used in JSON, the
// Chinese name and the English name.
type name struct{ code, zh, en string }

// lookup finds the value whose code, Chinese name or English name is s
// (codes and English names case-insensitively), among the rows from first on.
func lookup(names []name, first int, s string) (int, bool) {
	t := strings.TrimSpace(s)
	for i := first; i < len(names); i++ {
		n := names[i]
		if strings.EqualFold(t, n.code) || t == n.zh || strings.EqualFold(t, n.en) {
			return i, true
		}
	}
	return 0, false
}

// want words the allowed values of a name table, from row first on, for an
// error: "want output, benefit or cost; 产出指标, 效益指标 or 成本指标".
func want(names []name, first int) string {
	var codes, zh []string
	for _, n := range names[first:] {
		if n.code != "" {
			codes = append(codes, n.code)
		}
		if n.zh != "" {
			zh = append(zh, n.zh)
		}
	}
	return "want " + enum.List(codes) + "; " + enum.List(zh)
}

func nameIn(names []name, i int, l performance.Lang) string {
	if l == performance.LangEN {
		return names[i].en
	}
	return names[i].zh
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

var level1Names = []name{
	Level1None:   {"", "未指定", "unspecified"},
	Output:       {"output", "产出指标", "output"},
	Benefit:      {"benefit", "效益指标", "benefit"},
	Satisfaction: {"satisfaction", "满意度指标", "satisfaction"},
	Cost:         {"cost", "成本指标", "cost"},
	Decision:     {"decision", "决策", "decision"},
	Process:      {"process", "过程", "process"},
}

// level1Short holds the Chinese names without 指标, as tables often print them.
var level1Short = []string{Output: "产出", Benefit: "效益", Satisfaction: "满意度", Cost: "成本"}

// String returns the code: "output", "benefit", ... or "" for Level1None.
func (k Level1) String() string {
	if k.Valid() {
		return level1Names[k].code
	}
	return fmt.Sprintf("Level1(%d)", uint8(k))
}

// Name returns the name in the given language: "产出指标" or "output".
func (k Level1) Name(l performance.Lang) string {
	if !k.Valid() {
		return k.String()
	}
	return nameIn(level1Names, int(k), l)
}

// Valid reports whether k is one of the named kinds or Level1None.
func (k Level1) Valid() bool { return int(k) < len(level1Names) }

// ParseLevel1 reads a level-1 kind from its code, its Chinese name (with or
// without 指标) or its English name. The empty string is an error; anything
// unknown is an error wrapping [ErrUnknownKind] that names the allowed
// values.
func ParseLevel1(s string) (Level1, error) {
	if i, ok := lookup(level1Names, 1, s); ok {
		return Level1(i), nil
	}
	t := strings.TrimSpace(s)
	for i, zh := range level1Short {
		if zh != "" && t == zh {
			return Level1(i), nil
		}
	}
	return Level1None, fmt.Errorf("%w: level 1 %q (%s)", ErrUnknownKind, s, want(level1Names, 1))
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
	v, err := ParseLevel1(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
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

var level2Names = []name{
	Level2Other:        {"", "其他", "other"},
	Quantity:           {"quantity", "数量指标", "quantity"},
	Quality:            {"quality", "质量指标", "quality"},
	Timeliness:         {"timeliness", "时效指标", "timeliness"},
	OutputCost:         {"cost", "成本指标", "cost"},
	EconomicBenefit:    {"economic_benefit", "经济效益指标", "economic benefit"},
	SocialBenefit:      {"social_benefit", "社会效益指标", "social benefit"},
	EcologicalBenefit:  {"ecological_benefit", "生态效益指标", "ecological benefit"},
	SustainableImpact:  {"sustainable_impact", "可持续影响指标", "sustainable impact"},
	ServedSatisfaction: {"served_satisfaction", "服务对象满意度指标", "satisfaction of those served"},
	EconomicCost:       {"economic_cost", "经济成本指标", "economic cost"},
	SocialCost:         {"social_cost", "社会成本指标", "social cost"},
	EcologicalCost:     {"ecological_cost", "生态环境成本指标", "ecological cost"},
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
func (k Level2) String() string {
	if k.Valid() {
		return level2Names[k].code
	}
	return fmt.Sprintf("Level2(%d)", uint8(k))
}

// Name returns the name in the given language: "数量指标" or "quantity".
func (k Level2) Name(l performance.Lang) string {
	if !k.Valid() {
		return k.String()
	}
	return nameIn(level2Names, int(k), l)
}

// Valid reports whether k is one of the named kinds or Level2Other.
func (k Level2) Valid() bool { return int(k) < len(level2Names) }

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
	if i, ok := lookup(level2Names, 1, s); ok {
		return Level2(i), nil
	}
	t := strings.TrimSpace(s)
	if t != "" && !strings.HasSuffix(t, "指标") {
		if i, ok := lookup(level2Names, 1, t+"指标"); ok {
			return Level2(i), nil
		}
	}
	return Level2Other, fmt.Errorf("%w: level 2 %q (%s)", ErrUnknownKind, s, want(level2Names, 1))
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
	v, err := ParseLevel2(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
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

var standardNames = []name{
	StandardNone:       {"", "未说明", "not stated"},
	PlanStandard:       {"plan", "计划标准", "plan standard"},
	IndustryStandard:   {"industry", "行业标准", "industry standard"},
	HistoricalStandard: {"historical", "历史标准", "historical standard"},
	OtherStandard:      {"other", "其他标准", "other standard"},
}

// String returns the code: "plan", "industry", "historical", "other" or "".
func (s Standard) String() string {
	if s.Valid() {
		return standardNames[s].code
	}
	return fmt.Sprintf("Standard(%d)", uint8(s))
}

// Name returns the name in the given language: "计划标准" or "plan standard".
func (s Standard) Name(l performance.Lang) string {
	if !s.Valid() {
		return s.String()
	}
	return nameIn(standardNames, int(s), l)
}

// Valid reports whether s is a named standard or StandardNone.
func (s Standard) Valid() bool { return int(s) < len(standardNames) }

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
	t := strings.TrimSpace(s)
	if t == "" {
		return StandardNone, nil
	}
	i, ok := lookup(standardNames, 1, t)
	if !ok {
		i, ok = lookup(standardNames, 1, t+"标准")
	}
	if !ok {
		return StandardNone, fmt.Errorf("%w: standard %q (%s)", ErrUnknownKind, s, want(standardNames, 1))
	}
	return Standard(i), nil
}

// UnmarshalText decodes any form [ParseStandard] accepts; empty text gives
// StandardNone.
func (s *Standard) UnmarshalText(b []byte) error {
	v, err := ParseStandard(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

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

var frameworkNames = []name{
	SelfEvaluation:       {"self", "单位自评", "self-evaluation"},
	FinanceEvaluation:    {"finance", "财政评价", "finance evaluation"},
	DepartmentEvaluation: {"department", "部门评价", "department evaluation"},
}

// String returns the code: "self", "finance" or "department".
func (f EvaluationKind) String() string {
	if f.Valid() {
		return frameworkNames[f].code
	}
	return fmt.Sprintf("Framework(%d)", uint8(f))
}

// Name returns the name in the given language: "财政评价" or "finance evaluation".
func (f EvaluationKind) Name(l performance.Lang) string {
	if !f.Valid() {
		return f.String()
	}
	return nameIn(frameworkNames, int(f), l)
}

// Valid reports whether f is a named framework.
func (f EvaluationKind) Valid() bool { return int(f) < len(frameworkNames) }

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
	t := strings.TrimSpace(s)
	if t == "" || t == "自评" {
		return SelfEvaluation, nil
	}
	i, ok := lookup(frameworkNames, 0, t)
	if !ok {
		return SelfEvaluation, fmt.Errorf("%w: framework %q (%s)", ErrUnknownKind, s, want(frameworkNames, 0))
	}
	return EvaluationKind(i), nil
}

// UnmarshalText decodes any form [ParseFramework] accepts; empty text gives
// SelfEvaluation.
func (f *EvaluationKind) UnmarshalText(b []byte) error {
	v, err := ParseFramework(string(b))
	if err != nil {
		return err
	}
	*f = v
	return nil
}
