package evaluation

import (
	"testing"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
)

// The String, Name and MarshalText of the integer enums read their one
// name table by index: row i must hold the value i.
func TestTablesInValueOrder(t *testing.T) {
	inOrder(t, actionTable)
	inOrder(t, aspectTable)
	inOrder(t, deviationTable)
	inOrder(t, rectifyTable)
}

func inOrder[T ~uint8](t *testing.T, tab enum.Table[T]) {
	t.Helper()
	for i, r := range tab {
		assert.Equal(t, i, int(r.V), "%T row %d (%s)", r.V, i, r.Code)
	}
}

// TestEnumTexts pins every text the integer enums write, in and just past
// their range, as they were when each enum kept a names array beside its
// parse table (issue 15 made the table the one source): String, Name in
// Chinese and English, and MarshalText's text or error.
func TestEnumTexts(t *testing.T) {
	type named interface {
		String() string
		Name(performance.Lang) string
		MarshalText() ([]byte, error)
	}
	of := func(typ string, i int) named {
		switch typ {
		case "Action":
			return BudgetAction(i)
		case "Aspect":
			return Aspect(i)
		case "DeviationKind":
			return DeviationKind(i)
		case "RectifyStatus":
			return RectifyStatus(i)
		}
		t.Fatalf("unknown type %s", typ)
		return nil
	}
	for _, tt := range []struct {
		typ                     string
		i                       int
		str, zh, en, text, terr string
	}{
		{"Action", 0, "none", "未调整", "none", "none", ""},
		{"Action", 1, "prioritize", "优先保障", "prioritize", "prioritize", ""},
		{"Action", 2, "as_needed", "按需安排", "as_needed", "as_needed", ""},
		{"Action", 3, "cut", "调减", "cut", "cut", ""},
		{"Action", 4, "suspend", "暂缓安排", "suspend", "suspend", ""},
		{"Action", 5, "cancel", "取消", "cancel", "cancel", ""},
		{"Action", 6, "Action(6)", "Action(6)", "Action(6)", "Action(6)", ""},
		{"Action", 7, "Action(7)", "Action(7)", "Action(7)", "Action(7)", ""},
		{"Aspect", 0, "goals", "绩效目标", "goals", "goals", ""},
		{"Aspect", 1, "monitoring", "绩效监控", "monitoring", "monitoring", ""},
		{"Aspect", 2, "self_evaluation", "绩效自评", "self_evaluation", "self_evaluation", ""},
		{"Aspect", 3, "key_evaluation", "重点评价", "key_evaluation", "key_evaluation", ""},
		{"Aspect", 4, "Aspect(4)", "Aspect(4)", "Aspect(4)", "Aspect(4)", ""},
		{"Aspect", 5, "Aspect(5)", "Aspect(5)", "Aspect(5)", "Aspect(5)", ""},
		{"DeviationKind", 0, "other", "其他不符", "other", "other", ""},
		{"DeviationKind", 1, "docked_met_target", "达成目标仍扣分", "docked_met_target", "docked_met_target", ""},
		{"DeviationKind", 2, "rounded_execution", "执行率得分取整", "rounded_execution", "rounded_execution", ""},
		{"DeviationKind", 3, "total_not_sum", "总分不等于各项之和", "total_not_sum", "total_not_sum", ""},
		{"DeviationKind", 4, "non_default_weights", "分值非默认", "non_default_weights", "non_default_weights", ""},
		{"DeviationKind", 5, "rate_mismatch", "执行率计算不符", "rate_mismatch", "rate_mismatch", ""},
		{"DeviationKind", 6, "initial_budget_base", "按年初预算数计算执行率", "initial_budget_base", "initial_budget_base", ""},
		{"DeviationKind", 7, "grade_mismatch", "等级与得分不符", "grade_mismatch", "grade_mismatch", ""},
		{"DeviationKind", 8, "rounded_score", "指标得分舍入不同", "rounded_score", "rounded_score", ""},
		{"DeviationKind", 9, "total_out_of_range", "总分超出0–100分", "total_out_of_range", "total_out_of_range", ""},
		{"DeviationKind", 10, "DeviationKind(10)", "DeviationKind(10)", "DeviationKind(10)", "DeviationKind(10)", ""},
		{"DeviationKind", 11, "DeviationKind(11)", "DeviationKind(11)", "DeviationKind(11)", "DeviationKind(11)", ""},
		{"RectifyStatus", 0, "open", "整改中", "open", "open", ""},
		{"RectifyStatus", 1, "done", "已整改", "done", "done", ""},
		{"RectifyStatus", 2, "late", "逾期整改", "late", "late", ""},
		{"RectifyStatus", 3, "overdue", "逾期未整改", "overdue", "overdue", ""},
		{"RectifyStatus", 4, "unsatisfactory", "整改不到位", "unsatisfactory", "unsatisfactory", ""},
		{"RectifyStatus", 5, "rectify_status(5)", "rectify_status(5)", "rectify_status(5)", "rectify_status(5)", ""},
		{"RectifyStatus", 6, "rectify_status(6)", "rectify_status(6)", "rectify_status(6)", "rectify_status(6)", ""},
	} {
		v := of(tt.typ, tt.i)
		assert.Equal(t, tt.str, v.String(), "%s(%d).String", tt.typ, tt.i)
		assert.Equal(t, tt.zh, v.Name(performance.LangZH), "%s(%d).Name(zh)", tt.typ, tt.i)
		assert.Equal(t, tt.en, v.Name(performance.LangEN), "%s(%d).Name(en)", tt.typ, tt.i)
		b, err := v.MarshalText()
		assert.Equal(t, tt.text, string(b), "%s(%d).MarshalText", tt.typ, tt.i)
		if tt.terr == "" {
			assert.NoError(t, err, "%s(%d).MarshalText", tt.typ, tt.i)
		} else {
			assert.EqualError(t, err, tt.terr, "%s(%d).MarshalText", tt.typ, tt.i)
		}
	}
}
