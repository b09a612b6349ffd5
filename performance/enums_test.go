package performance_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/jixiao-go/jixiao/internal/enumtest"
	"github.com/jixiao-go/jixiao/performance"
)

func TestEnums(t *testing.T) {
	t.Run("Kind", func(t *testing.T) {
		enumtest.Check(t, performance.ParseKind, []enumtest.Case[performance.Kind]{
			enumtest.C(performance.Kind(""), "", ""),
			enumtest.C(performance.KindRoutine, "routine", "经常性", "经常性项目", "常规", "常规项目", "ROUTINE"),
			enumtest.C(performance.KindDevelopment, "development", "发展性", "发展性项目"),
			enumtest.C(performance.KindOneOff, "one_off", "一次性", "一次性项目"),
			enumtest.C(performance.KindOther, "other", "其他", "其它", "其他项目"),
		}, "新增", `performance: unknown project kind "新增" (want routine, development, one_off or other; 经常性, 发展性, 一次性 or 其他)`)
	})
	t.Run("Grade", func(t *testing.T) {
		// A Grade is written as its character, so the "code" MarshalText
		// writes is the character; the English names parse too.
		cases := []enumtest.Case[performance.Grade]{
			enumtest.C(performance.GradeNone, "", ""),
			enumtest.C(performance.Excellent, "优", "", "优秀", "excellent", "Excellent"),
			enumtest.C(performance.Good, "良", "", "良好", "good"),
			enumtest.C(performance.Fair, "中", "", "一般", "fair"),
			enumtest.C(performance.Poor, "差", "", "较差", "poor"),
		}
		enumtest.Check(t, performance.ParseGrade, cases, "甲",
			`performance: unknown grade "甲" (want excellent, good, fair or poor; 优, 良, 中 or 差)`)
		// ParseGrade and errors.Is still agree.
		_, err := performance.ParseGrade("A")
		assert.ErrorIs(t, err, performance.ErrUnknownGrade)
	})
	t.Run("AmountUnit", func(t *testing.T) {
		// MarshalText writes the symbol; the ASCII names parse too.
		enumtest.Check(t, performance.ParseAmountUnit, []enumtest.Case[performance.AmountUnit]{
			enumtest.C(performance.Yuan, "元", "", "yuan", "YUAN"),
			enumtest.C(performance.Wan, "万元", "", "wan"),
			enumtest.C(performance.Yi, "亿元", "", "yi"),
		}, "万", `performance: unknown unit "万" (want yuan, wan or yi; 元, 万元 or 亿元)`)
		_, err := performance.ParseAmountUnit("")
		assert.ErrorIs(t, err, performance.ErrUnit, "a unit must be written")
	})
	t.Run("BudgetBase", func(t *testing.T) {
		enumtest.Check(t, performance.ParseBudgetBase, []enumtest.Case[performance.BudgetBase]{
			enumtest.C(performance.BaseAdjusted, "adjusted", "全年预算数", "", "全年预算", "调整预算数", "调整后预算数"),
			enumtest.C(performance.BaseInitial, "initial", "年初预算数", "年初预算", "Initial"),
		}, "月初", `performance: unknown budget base "月初" (want adjusted or initial; 全年预算数 or 年初预算数)`)
	})
	t.Run("NodeKind", func(t *testing.T) {
		enumtest.Check(t, performance.ParseNodeKind, []enumtest.Case[performance.NodeKind]{
			enumtest.C(performance.NodeKind(""), "", ""),
			enumtest.C(performance.NodeRegion, "region", "地区", "市本级", "县区"),
			enumtest.C(performance.NodeDepartment, "department", "部门"),
			enumtest.C(performance.NodeUnit, "unit", "预算单位", "单位", "部门本级", "下属单位"),
		}, "office", `performance: unknown node kind "office" (want region, department or unit; 地区, 部门 or 预算单位)`)
		_, err := performance.ParseNodeKind("office")
		assert.ErrorIs(t, err, performance.ErrUnknownNodeKind)
	})
	t.Run("Lang", func(t *testing.T) {
		enumtest.Check(t, performance.ParseLang, []enumtest.Case[performance.Lang]{
			enumtest.C(performance.LangZH, "zh", "", "", "中文", "zh-CN", "chinese"),
			enumtest.C(performance.LangEN, "en", "", "english", "en-US"),
		}, "fr", `performance: unknown language "fr" (want zh or en)`)
	})
}
