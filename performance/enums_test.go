package performance_test

import (
	"encoding"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
)

// enumCase is one value of an enum: its code (what MarshalText writes, ""
// for none), its Chinese name and the further Chinese terms forms print,
// each of which must parse back to the value.
type enumCase[T comparable] struct {
	v       T
	code    string
	zh      string
	aliases []string
}

// checkEnum checks that every code, Chinese name and alias of every value
// parses back to it (by parse and by UnmarshalText), that MarshalText
// writes the code, and that an unknown value is the exact error want.
func checkEnum[T comparable, P interface {
	*T
	encoding.TextUnmarshaler
}](t *testing.T, parse func(string) (T, error), cases []enumCase[T], unknown, want string) {
	t.Helper()
	for _, c := range cases {
		forms := append([]string{c.code, " " + c.code + " "}, c.aliases...)
		if c.zh != "" {
			forms = append(forms, c.zh)
		}
		for _, f := range forms {
			got, err := parse(f)
			if assert.NoError(t, err, "parse %q", f) {
				assert.Equal(t, c.v, got, "parse %q", f)
			}
			var u T
			if assert.NoError(t, P(&u).UnmarshalText([]byte(f)), "UnmarshalText %q", f) {
				assert.Equal(t, c.v, u, "UnmarshalText %q", f)
			}
		}
		if m, ok := any(c.v).(encoding.TextMarshaler); ok {
			b, err := m.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, c.code, string(b), "MarshalText of %v", c.v)
		}
	}
	_, err := parse(unknown)
	require.Error(t, err)
	assert.Equal(t, want, err.Error())
	var u T
	err = P(&u).UnmarshalText([]byte(unknown))
	require.Error(t, err)
	assert.Equal(t, want, err.Error())
}

func TestEnums(t *testing.T) {
	t.Run("Kind", func(t *testing.T) {
		checkEnum(t, performance.ParseKind, []enumCase[performance.Kind]{
			{performance.Kind(""), "", "", nil},
			{performance.KindRoutine, "routine", "经常性", []string{"经常性项目", "常规", "常规项目", "ROUTINE"}},
			{performance.KindDevelopment, "development", "发展性", []string{"发展性项目"}},
			{performance.KindOneOff, "one_off", "一次性", []string{"一次性项目"}},
			{performance.KindOther, "other", "其他", []string{"其它", "其他项目"}},
		}, "新增", `performance: unknown project kind "新增" (want routine, development, one_off or other; 经常性, 发展性, 一次性 or 其他)`)
	})
	t.Run("Grade", func(t *testing.T) {
		// A Grade is written as its character, so the "code" MarshalText
		// writes is the character; the English names parse too.
		cases := []enumCase[performance.Grade]{
			{performance.GradeNone, "", "", nil},
			{performance.Excellent, "优", "", []string{"优秀", "excellent", "Excellent"}},
			{performance.Good, "良", "", []string{"良好", "good"}},
			{performance.Fair, "中", "", []string{"一般", "fair"}},
			{performance.Poor, "差", "", []string{"较差", "poor"}},
		}
		checkEnum(t, performance.ParseGrade, cases, "甲",
			`performance: unknown grade "甲" (want excellent, good, fair or poor; 优, 良, 中 or 差)`)
		// ParseGrade and errors.Is still agree.
		_, err := performance.ParseGrade("A")
		assert.ErrorIs(t, err, performance.ErrUnknownGrade)
	})
	t.Run("AmountUnit", func(t *testing.T) {
		// MarshalText writes the symbol; the ASCII names parse too.
		checkEnum(t, performance.ParseAmountUnit, []enumCase[performance.AmountUnit]{
			{performance.Yuan, "元", "", []string{"yuan", "YUAN"}},
			{performance.Wan, "万元", "", []string{"wan"}},
			{performance.Yi, "亿元", "", []string{"yi"}},
		}, "万", `performance: unknown unit "万" (want yuan, wan or yi; 元, 万元 or 亿元)`)
		_, err := performance.ParseAmountUnit("")
		assert.ErrorIs(t, err, performance.ErrUnit, "a unit must be written")
	})
	t.Run("BudgetBase", func(t *testing.T) {
		checkEnum(t, performance.ParseBudgetBase, []enumCase[performance.BudgetBase]{
			{performance.BaseAdjusted, "adjusted", "全年预算数", []string{"", "全年预算", "调整预算数", "调整后预算数"}},
			{performance.BaseInitial, "initial", "年初预算数", []string{"年初预算", "Initial"}},
		}, "月初", `performance: unknown budget base "月初" (want adjusted or initial; 全年预算数 or 年初预算数)`)
	})
	t.Run("NodeKind", func(t *testing.T) {
		checkEnum(t, performance.ParseNodeKind, []enumCase[performance.NodeKind]{
			{performance.NodeKind(""), "", "", nil},
			{performance.NodeRegion, "region", "地区", []string{"市本级", "县区"}},
			{performance.NodeDepartment, "department", "部门", nil},
			{performance.NodeUnit, "unit", "预算单位", []string{"单位", "部门本级", "下属单位"}},
		}, "office", `performance: unknown node kind "office" (want region, department or unit; 地区, 部门 or 预算单位)`)
		_, err := performance.ParseNodeKind("office")
		assert.ErrorIs(t, err, performance.ErrUnknownNodeKind)
	})
	t.Run("Lang", func(t *testing.T) {
		checkEnum(t, performance.ParseLang, []enumCase[performance.Lang]{
			{performance.LangZH, "zh", "", []string{"", "中文", "zh-CN", "chinese"}},
			{performance.LangEN, "en", "", []string{"english", "en-US"}},
		}, "fr", `performance: unknown language "fr" (want zh or en)`)
	})
}
