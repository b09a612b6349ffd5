package exante

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/enumtest"
)

// TestEnums checks every enum of the package: each value's code, Chinese
// name and the terms forms print parse back to it, MarshalText writes the
// code, and an unknown value's error names the allowed values and matches
// ErrUnknownName.
func TestEnums(t *testing.T) {
	t.Run("Dimension", func(t *testing.T) {
		// Dimensions are data: ParseDimension knows the 3E sheet's names,
		// and UnmarshalText keeps any other text as the code of a dimension
		// the sheet declares (so "合规性" decodes; the sheet's Validate
		// rejects it when no dimension is called so). Only text longer than
		// MaxDimensionCode is refused by both routes.
		long := strings.Repeat("维", 22) // 66 bytes
		enumtest.Check(t, ParseDimension, []enumtest.Case[Dimension]{
			enumtest.C(DimensionNone, "", ""),
			enumtest.C(Necessity, "necessity", "必要性", "立项必要性"),
			enumtest.C(Feasibility, "feasibility", "可行性", "实施方案可行性"),
			enumtest.C(Economy, "economy", "经济性", "投入经济性"),
			enumtest.C(Efficiency, "efficiency", "效率性"),
			enumtest.C(Effectiveness, "effectiveness", "效益性"),
		}, long, `exante: unknown dimension "`+long+`" (want necessity, feasibility, economy, efficiency or effectiveness; 必要性, 可行性, 经济性, 效率性 or 效益性)`)
		_, err := ParseDimension("合规性")
		assert.EqualError(t, err, `exante: unknown dimension "合规性" (want necessity, feasibility, economy, efficiency or effectiveness; 必要性, 可行性, 经济性, 效率性 or 效益性)`)
		var d Dimension
		require.NoError(t, d.UnmarshalText([]byte(" 筹资合规性 ")))
		assert.Equal(t, Dimension("筹资合规性"), d)
	})

	t.Run("CombineMethod", func(t *testing.T) {
		enumtest.Check(t, ParseCombineMethod, []enumtest.Case[CombineMethod]{
			enumtest.C(CombineMean, "mean", "", ""),
			enumtest.C(CombineTrimmedMean, "trimmed_mean", ""),
		}, "median", `exante: unknown combine method "median" (want mean or trimmed_mean)`)
	})

	t.Run("Verdict", func(t *testing.T) {
		enumtest.Check(t, ParseVerdict, []enumtest.Case[Verdict]{
			enumtest.C(VerdictNone, "", "未评估"),
			enumtest.C(Support, "support", "予以支持", "支持"),
			enumtest.C(SupportAfterAdjustment, "support_after_adjustment", "调整完善后予以支持", "调整后予以支持", "完善后予以支持", "调整完善后支持"),
			enumtest.C(Reject, "reject", "不予支持"),
		}, "暂缓支持", `exante: unknown verdict "暂缓支持" (want support, support_after_adjustment or reject; 未评估, 予以支持, 调整完善后予以支持 or 不予支持)`)
	})

	t.Run("ReductionKind", func(t *testing.T) {
		enumtest.Check(t, ParseReductionKind, []enumtest.Case[ReductionKind]{
			enumtest.C(ReductionPolicy, "policy", "政策性核减"),
			enumtest.C(ReductionStandard, "standard", "超支出标准", "超标准核减", "超支出标准核减"),
			enumtest.C(ReductionUnsupported, "unsupported", "测算依据不足", "无依据"),
			enumtest.C(ReductionDuplicate, "duplicate", "重复申报"),
			enumtest.C(ReductionRejected, "rejected", "评估不予支持", "不予支持"),
			enumtest.C(ReductionNotFundable, "not_fundable", "不具备安排条件"),
		}, "cut", `exante: unknown reduction kind "cut" (want policy, standard, unsupported, duplicate, rejected or not_fundable; 政策性核减, 超支出标准, 测算依据不足, 重复申报, 评估不予支持 or 不具备安排条件)`)
	})
	for _, err := range []error{first(ParseVerdict("x")), first(ParseReductionKind("x"))} {
		assert.True(t, errors.Is(err, ErrUnknownName), "%v matches ErrUnknownName", err)
	}
}

func first[T any](_ T, err error) error { return err }
