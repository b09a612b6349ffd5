package goals_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/enumtest"
)

// TestKindsDecodeWithoutAllocating checks that the kinds a goals.json
// repeats for every indicator (level 1, level 2, the framework) decode
// from their codes and Chinese names without an allocation each.
func TestKindsDecodeWithoutAllocating(t *testing.T) {
	var (
		l1 goals.Level1
		l2 goals.Level2
		f  goals.EvaluationKind
	)
	for _, tt := range []struct {
		name string
		u    func([]byte) error
		text string
	}{
		{"level 1", l1.UnmarshalText, "output"}, {"level 1", l1.UnmarshalText, "产出指标"},
		{"level 2", l2.UnmarshalText, "served_satisfaction"}, {"level 2", l2.UnmarshalText, "服务对象满意度指标"},
		{"framework", f.UnmarshalText, "self"},
	} {
		b := []byte(tt.text)
		require.NoError(t, tt.u(b))
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = tt.u(b) }), "%s %q", tt.name, tt.text)
	}
}

// TestEnums checks every enum of the package: each value's code, Chinese
// name and the terms forms print parse back to it, MarshalText writes the
// code, and an unknown value's error names the allowed values.
func TestEnums(t *testing.T) {
	t.Run("Level1", func(t *testing.T) {
		enumtest.Check(t, goals.ParseLevel1, []enumtest.Case[goals.Level1]{
			enumtest.C(goals.Output, "output", "产出指标", "产出", "Output"),
			enumtest.C(goals.Benefit, "benefit", "效益指标", "效益"),
			enumtest.C(goals.Satisfaction, "satisfaction", "满意度指标", "满意度"),
			enumtest.C(goals.Cost, "cost", "成本指标", "成本"),
			enumtest.C(goals.Decision, "decision", "决策"),
			enumtest.C(goals.Process, "process", "过程"),
		}, "投入", `goals: unknown kind: level 1 "投入" (want output, benefit, satisfaction, cost, decision or process; 产出指标, 效益指标, 满意度指标, 成本指标, 决策 or 过程)`)
		var k goals.Level1 = goals.Output
		require.NoError(t, k.UnmarshalText(nil))
		assert.Equal(t, goals.Level1None, k, "empty text is Level1None")
	})
	t.Run("Level2", func(t *testing.T) {
		enumtest.Check(t, goals.ParseLevel2, []enumtest.Case[goals.Level2]{
			enumtest.C(goals.Quantity, "quantity", "数量指标", "数量"),
			enumtest.C(goals.Quality, "quality", "质量指标", "质量"),
			enumtest.C(goals.Timeliness, "timeliness", "时效指标", "时效"),
			enumtest.C(goals.OutputCost, "cost", "成本指标", "成本"),
			enumtest.C(goals.EconomicBenefit, "economic_benefit", "经济效益指标", "经济效益", "economic benefit"),
			enumtest.C(goals.SocialBenefit, "social_benefit", "社会效益指标", "社会效益"),
			enumtest.C(goals.EcologicalBenefit, "ecological_benefit", "生态效益指标", "生态效益"),
			enumtest.C(goals.SustainableImpact, "sustainable_impact", "可持续影响指标", "可持续影响"),
			enumtest.C(goals.ServedSatisfaction, "served_satisfaction", "服务对象满意度指标", "服务对象满意度"),
			enumtest.C(goals.EconomicCost, "economic_cost", "经济成本指标", "经济成本"),
			enumtest.C(goals.SocialCost, "social_cost", "社会成本指标", "社会成本"),
			enumtest.C(goals.EcologicalCost, "ecological_cost", "生态环境成本指标", "生态环境成本"),
		}, "项目立项", `goals: unknown kind: level 2 "项目立项" (want quantity, quality, timeliness, cost, economic_benefit, social_benefit, ecological_benefit, sustainable_impact, served_satisfaction, economic_cost, social_cost or ecological_cost; 数量指标, 质量指标, 时效指标, 成本指标, 经济效益指标, 社会效益指标, 生态效益指标, 可持续影响指标, 服务对象满意度指标, 经济成本指标, 社会成本指标 or 生态环境成本指标)`)
		var k goals.Level2 = goals.Quality
		require.NoError(t, k.UnmarshalText(nil))
		assert.Equal(t, goals.Level2Other, k, "empty text is Level2Other")
	})
	t.Run("Standard", func(t *testing.T) {
		enumtest.Check(t, goals.ParseStandard, []enumtest.Case[goals.Standard]{
			enumtest.C(goals.StandardNone, "", ""),
			enumtest.C(goals.PlanStandard, "plan", "计划标准", "计划", "plan standard"),
			enumtest.C(goals.IndustryStandard, "industry", "行业标准", "行业"),
			enumtest.C(goals.HistoricalStandard, "historical", "历史标准", "历史"),
			enumtest.C(goals.OtherStandard, "other", "其他标准", "其他"),
		}, "国家标准", `goals: unknown kind: standard "国家标准" (want plan, industry, historical or other; 计划标准, 行业标准, 历史标准 or 其他标准)`)
	})
	t.Run("Framework", func(t *testing.T) {
		enumtest.Check(t, goals.ParseFramework, []enumtest.Case[goals.EvaluationKind]{
			enumtest.C(goals.SelfEvaluation, "self", "单位自评", "", "自评", "self-evaluation"),
			enumtest.C(goals.FinanceEvaluation, "finance", "财政评价", "finance evaluation"),
			enumtest.C(goals.DepartmentEvaluation, "department", "部门评价"),
		}, "第三方评价", `goals: unknown kind: framework "第三方评价" (want self, finance or department; 单位自评, 财政评价 or 部门评价)`)
	})
	t.Run("Rounding", func(t *testing.T) {
		enumtest.Check(t, goals.ParseRounding, []enumtest.Case[goals.Rounding]{
			enumtest.C(goals.RoundHundredths, "hundredths", "四舍五入保留2位小数", ""),
			enumtest.C(goals.RoundNone, "none", "不舍入"),
			enumtest.C(goals.RoundWhole, "whole", "四舍五入取整"),
			enumtest.C(goals.RoundTenths, "tenths", "四舍五入保留1位小数"),
		}, "bank", `goals: unknown kind: rounding "bank" (want hundredths, none, whole or tenths; 四舍五入保留2位小数, 不舍入, 四舍五入取整 or 四舍五入保留1位小数)`)
	})
	t.Run("Operator", func(t *testing.T) {
		enumtest.Check(t, goals.ParseOperator, []enumtest.Case[goals.Operator]{
			enumtest.C(goals.AtLeast, "ge", "不低于", "≥", ">=", "≧"),
			enumtest.C(goals.AtMost, "le", "不高于", "≤", "<=", "≦"),
			enumtest.C(goals.Equal, "eq", "等于", "=", "=="),
			enumtest.C(goals.Above, "gt", "高于", ">"),
			enumtest.C(goals.Below, "lt", "低于", "<"),
			enumtest.C(goals.Range, "range", "区间"),
			enumtest.C(goals.Qualitative, "qualitative", "定性"),
		}, "约", `goals: unknown kind: operator "约" (want ge, le, eq, gt, lt, range or qualitative; ≥, ≤, =, > or <; 不低于, 不高于, 等于, 高于, 低于, 区间 or 定性)`)
	})
	t.Run("Rating", func(t *testing.T) {
		enumtest.Check(t, goals.ParseRating, []enumtest.Case[goals.Rating]{
			enumtest.C(goals.Achieved, "achieved", "达成", "达成预期指标"),
			enumtest.C(goals.PartlyAchieved, "partly_achieved", "部分达成", "部分达成预期指标并具有一定效果", "partly achieved"),
			enumtest.C(goals.NotAchieved, "not_achieved", "未达成", "未达成预期指标且效果较差"),
		}, "良好", `goals: unknown kind: rating "良好" (want achieved, partly_achieved or not_achieved; 达成, 部分达成 or 未达成)`)
		var r goals.Rating = goals.Achieved
		require.NoError(t, r.UnmarshalText(nil))
		assert.Equal(t, goals.RatingNone, r, "empty text is RatingNone")
	})
	t.Run("Rule", func(t *testing.T) {
		enumtest.Check(t, goals.ParseRule, []enumtest.Case[goals.ScoreRule]{
			enumtest.C(goals.RuleMissing, "missing", ""),
			enumtest.C(goals.RuleInvalid, "invalid", ""),
			enumtest.C(goals.RuleMet, "met", ""),
			enumtest.C(goals.RuleProportional, "proportional", ""),
			enumtest.C(goals.RuleInverse, "inverse", ""),
			enumtest.C(goals.RuleNotMet, "not_met", ""),
			enumtest.C(goals.RuleLate, "late", ""),
			enumtest.C(goals.RuleBand, "band", ""),
			enumtest.C(goals.RuleCustom, "custom", ""),
			enumtest.C(goals.RuleOverFull, "over_full", ""),
			enumtest.C(goals.RuleOverLinear, "over_linear", ""),
		}, "partial", `goals: unknown scoring rule "partial" (want one of missing, invalid, met, proportional, inverse, not_met, late, band, custom, over_full, over_linear)`)
	})
	t.Run("Overshoot", func(t *testing.T) {
		enumtest.Check(t, goals.ParseOvershoot, []enumtest.Case[goals.Overshoot]{
			enumtest.C(goals.OvershootProportional, "proportional", "按指标值÷实际完成值计分", ""),
			enumtest.C(goals.OvershootFull, "full", "超出仍得满分"),
			enumtest.C(goals.OvershootLinear, "linear", "按(1－超出部分÷指标值)×分值计分"),
		}, "bonus", `goals: unknown kind: overshoot "bonus" (want proportional, full or linear; 按指标值÷实际完成值计分, 超出仍得满分 or 按(1－超出部分÷指标值)×分值计分)`)
	})
}
