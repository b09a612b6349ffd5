package schemagen

import (
	"encoding"
	"fmt"
	"reflect"
	"slices"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

// maxEnum bounds the integer values tried when enumerating an integer text
// type: every enum of the library has far fewer.
const maxEnum = 256

// aliases returns the names t's parser accepts that neither its String,
// its MarshalText nor its Name in either language gives: the codes of
// string enums (which reflection cannot list) and the variant Chinese terms
// forms print. Every alias is checked with the type's UnmarshalText when
// the schema is generated, so a name the parser stops accepting fails the
// generator; a name the parser starts accepting is missing from the schema
// until it is added here.
func aliases(t reflect.Type) []string {
	switch t {
	case reflect.TypeFor[performance.Kind]():
		// ParseKind: the codes and the terms forms print, with or without 项目.
		return []string{
			"routine", "development", "one_off", "other",
			"经常性", "经常性项目", "常规", "常规项目", "发展性", "发展性项目",
			"一次性", "一次性项目", "其他", "其它", "其他项目",
		}
	case reflect.TypeFor[performance.Grade]():
		// ParseGrade: the city variants beside 优/良/中/差.
		return []string{"优秀", "良好", "一般", "较差"}
	case reflect.TypeFor[performance.NodeKind]():
		// ParseNodeKind: the codes, the Chinese names and the terms of the
		// organisation tree.
		return []string{"region", "department", "unit", "地区", "部门", "预算单位", "市本级", "县区", "单位", "部门本级", "下属单位"}
	case reflect.TypeFor[performance.AmountUnit]():
		// ParseAmountUnit: the ASCII names beside the symbols.
		return []string{"yuan", "wan", "yi"}
	case reflect.TypeFor[performance.BudgetBase]():
		// ParseBudgetBase: the Chinese names and their variants.
		return []string{"全年预算数", "全年预算", "调整预算数", "调整后预算数", "年初预算数", "年初预算"}
	case reflect.TypeFor[rules.HitPolicy]():
		// ParseHitPolicy: the codes and the Chinese names.
		return []string{"collect", "first", "unique", "全部命中", "首条命中", "唯一命中"}
	case reflect.TypeFor[ruletest.GapKind]():
		// ParseGapKind: the Chinese names.
		return []string{"无", "从未命中", "每例均命中", "从未为真", "从未为假"}
	case reflect.TypeFor[goals.Level1]():
		// ParseLevel1: the Chinese names without 指标.
		return []string{"产出", "效益", "满意度", "成本"}
	case reflect.TypeFor[goals.Level2]():
		// ParseLevel2: the Chinese names without 指标.
		return []string{"数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "可持续影响",
			"服务对象满意度", "经济成本", "社会成本", "生态环境成本"}
	case reflect.TypeFor[goals.Standard]():
		// ParseStandard: the Chinese names without 标准.
		return []string{"计划", "行业", "历史", "其他"}
	case reflect.TypeFor[goals.EvaluationKind]():
		// ParseFramework: 自评 for a unit's self-evaluation.
		return []string{"自评"}
	case reflect.TypeFor[goals.Rating]():
		// ParseRating: the national form's full wording.
		return []string{"达成预期指标", "部分达成预期指标并具有一定效果", "未达成预期指标且效果较差"}
	case reflect.TypeFor[goals.Operator]():
		// ParseOperator: the ASCII and variant symbols.
		return []string{">=", "≧", "<=", "≦", "=="}
	case reflect.TypeFor[exante.Verdict]():
		// ParseVerdict: the variants forms print.
		return []string{"支持", "调整后予以支持", "完善后予以支持", "调整完善后支持"}
	case reflect.TypeFor[evaluation.PolicyConclusion]():
		// ParsePolicyConclusion: the short Chinese terms.
		return []string{"继续", "调整", "完善", "清理退出", "取消"}
	case reflect.TypeFor[evaluation.Aspect]():
		// ParseAspect: the variants of the aspects' names.
		return []string{"绩效目标管理", "绩效运行监控", "单位自评", "重点绩效评价"}
	case reflect.TypeFor[evaluation.Depth]():
		// ParseDepth: the Chinese names and their variants.
		return []string{"重点评价", "重点绩效评价", "深度绩效评价", "深度评价"}
	case reflect.TypeFor[exante.ReductionKind]():
		// ParseReductionKind: the variants of the kinds' names.
		return []string{"超标准核减", "超支出标准核减", "无依据", "不予支持"}
	case reflect.TypeFor[evaluation.CriterionKind]():
		// ParseCriterionKind: the codes and the Chinese names, with or
		// without 指标.
		return []string{"decision", "process", "output", "benefit", "决策", "过程", "产出", "效益",
			"决策指标", "过程指标", "产出指标", "效益指标"}
	case reflect.TypeFor[monitoring.Level]():
		// ParseLevel: the colours as forms print them.
		return []string{"绿", "黄", "红", "绿色", "黄色", "红色"}
	case reflect.TypeFor[monitoring.ActionKind]():
		// ParseActionKind: the variants of the actions' names.
		return []string{"限期整改", "暂缓", "暂停拨款", "收回资金", "调剂使用"}
	case reflect.TypeFor[monitoring.RectStatus]():
		// ParseRectStatus: the variants of the statuses' names.
		return []string{"未整改", "整改完成", "已完成整改", "逾期"}
	case reflect.TypeFor[monitoring.BalanceKind]():
		// ParseBalanceKind: the names with 资金.
		return []string{"结转资金", "结余资金"}
	case reflect.TypeFor[monitoring.Likelihood]():
		// ParseLikelihood: the short forms of the 136号 form's wording.
		return []string{"能", "确定", "可能", "不可能"}
	case reflect.TypeFor[monitoring.Cause]():
		// ParseCause: the variants of the causes' names.
		return []string{"硬件保障", "其它"}
	case reflect.TypeFor[monitoring.Recommendation]():
		// ParseRecommendation: the action vocabulary's spellings.
		return []string{"调整绩效目标", "暂缓", "暂停拨款", "收回"}
	}
	return nil
}

// text is the schema of a type that decodes itself from a JSON string with
// UnmarshalText: a fixed format (see format), else an enum of the names its
// parser accepts, else a plain string.
func (g *generator) text(t reflect.Type) Schema {
	if f, ok := format(t); ok {
		return f
	}
	names, err := enumerate(t, aliases(t))
	if err != nil {
		return g.fail("%s: %v", t, err)
	}
	if len(names) == 0 {
		return Schema{"type": "string"}
	}
	enum := make([]any, len(names))
	for i, n := range names {
		enum[i] = n
	}
	return Schema{"type": "string", "enum": enum}
}

// enumerate lists the names t's UnmarshalText accepts, in a stable order:
// for integer types, the String, MarshalText and Name (Chinese, English)
// of every value 0..maxEnum that reads back as itself; then the aliases,
// each of which must be accepted; and "" when the parser accepts it. A string type without
// aliases gives nil: its values cannot be enumerated.
func enumerate(t reflect.Type, aliases []string) ([]string, error) {
	var names []string
	add := func(s string) {
		if !slices.Contains(names, s) {
			names = append(names, s)
		}
	}
	accepts := func(s string) (reflect.Value, bool) {
		p := reflect.New(t)
		err := p.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
		return p.Elem(), err == nil
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		for i := range maxEnum {
			v := reflect.New(t).Elem()
			if t.Kind() >= reflect.Uint {
				v.SetUint(uint64(i))
			} else {
				v.SetInt(int64(i))
			}
			for _, s := range textsOf(v) {
				if got, ok := accepts(s); ok && got.Equal(v) {
					add(s)
				}
			}
		}
	case reflect.String:
		if aliases == nil {
			return nil, nil
		}
	default:
		if aliases == nil {
			return nil, fmt.Errorf("a %s text type needs a format in custom.go or aliases in enums.go", t.Kind())
		}
	}
	for _, a := range aliases {
		if _, ok := accepts(a); !ok {
			return nil, fmt.Errorf("alias %q is not accepted by UnmarshalText", a)
		}
		add(a)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no value reads back as itself")
	}
	if _, ok := accepts(""); ok {
		add("")
	}
	return names, nil
}

// textsOf returns the texts a value is written or shown as: MarshalText,
// String, and Name in Chinese and English where the type has them.
func textsOf(v reflect.Value) (out []string) {
	// A String or Name that indexes a table may panic on a value out of
	// range; such a value is no name.
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	if m, ok := v.Interface().(encoding.TextMarshaler); ok {
		if b, err := m.MarshalText(); err == nil {
			out = append(out, string(b))
		}
	}
	if s, ok := v.Interface().(fmt.Stringer); ok {
		out = append(out, s.String())
	}
	if m := v.MethodByName("Name"); m.IsValid() && m.Type().NumIn() == 1 && m.Type().NumOut() == 1 &&
		m.Type().Out(0).Kind() == reflect.String {
		in := m.Type().In(0)
		for _, l := range []performance.Lang{performance.LangZH, performance.LangEN} {
			lv := reflect.ValueOf(l)
			if lv.Type().ConvertibleTo(in) {
				out = append(out, m.Call([]reflect.Value{lv.Convert(in)})[0].String())
			}
		}
	}
	return out
}
