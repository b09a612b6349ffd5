package history_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/internal/enumtest"
	"github.com/jixiao-go/jixiao/performance"
)

// TestEnums checks ChangeKind, the package's enum: each value's code and
// Chinese name parse back to it, MarshalText writes the code, and an
// unknown value's error names the allowed values and matches ErrUnknownName.
func TestEnums(t *testing.T) {
	enumtest.Check(t, history.ParseChangeKind, []enumtest.Case[history.ChangeKind]{
		enumtest.C(history.ChangeNone, "none", "无变化"),
		enumtest.C(history.ChangeReduction, "reduction", "审减额变化"),
		enumtest.C(history.ChangeVerdict, "verdict", "评估结论变化"),
		enumtest.C(history.ChangeGrade, "grade", "等级变化"),
		enumtest.C(history.ChangeAlert, "alert", "预警变化"),
		enumtest.C(history.ChangeAction, "action", "结果应用措施变化"),
		enumtest.C(history.ChangeAmount, "amount", "下年度安排数变化"),
		enumtest.C(history.ChangeRecovery, "recovery", "收回金额变化"),
		enumtest.C(history.ChangeBlock, "block", "同类新增项目限制变化"),
		enumtest.C(history.ChangeRules, "rules", "命中规则变化"),
		enumtest.C(history.ChangeDepartment, "department", "部门整体绩效结果变化"),
	}, "score", `history: unknown change kind "score" (want none, reduction, verdict, grade, alert, action, amount, recovery, block, rules or department; 无变化, 审减额变化, 评估结论变化, 等级变化, 预警变化, 结果应用措施变化, 下年度安排数变化, 收回金额变化, 同类新增项目限制变化, 命中规则变化 or 部门整体绩效结果变化)`)
	_, err := history.ParseChangeKind("score")
	assert.ErrorIs(t, err, history.ErrUnknownName)
	// Every kind ChangeKinds lists is covered above (none is not listed).
	assert.Len(t, history.ChangeKinds(), 10)
}

// ChangeKind's String and Name read its one table: the English names below
// are those of the [3]string name array the table replaced; beyond the
// kinds, both say "unknown".
func TestChangeKindNames(t *testing.T) {
	en := []string{"no change", "reduction", "verdict", "grade", "alert", "next-year action",
		"next-year amount", "recovery", "block on similar projects", "rules fired", "department decision"}
	kinds := append([]history.ChangeKind{history.ChangeNone}, history.ChangeKinds()...)
	assert.Len(t, kinds, len(en))
	for i, k := range kinds {
		assert.Equal(t, en[i], k.Name(performance.LangEN), "Name(en) of %s", k)
	}
	assert.Equal(t, "等级变化", history.ChangeGrade.Name(performance.LangZH))
	assert.Equal(t, "unknown", history.ChangeKind(200).String())
	assert.Equal(t, "unknown", history.ChangeKind(200).Name(performance.LangZH))
}
