package monitoring_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/jixiao-go/jixiao/internal/enumtest"
	"github.com/jixiao-go/jixiao/monitoring"
)

// TestFormEnums checks the monitoring form's enums as TestEnums checks the
// others.
func TestFormEnums(t *testing.T) {
	t.Run("Likelihood", func(t *testing.T) {
		enumtest.Check(t, monitoring.ParseLikelihood, []enumtest.Case[monitoring.Likelihood]{
			enumtest.C(monitoring.LikelihoodUnknown, "unknown", "未填", ""),
			enumtest.C(monitoring.Certain, "certain", "确定能", "能", "确定", "CERTAIN"),
			enumtest.C(monitoring.Possible, "possible", "有可能", "可能"),
			enumtest.C(monitoring.Impossible, "impossible", "完全不可能", "不可能"),
		}, "也许", `monitoring: unknown likelihood "也许" (want unknown, certain, possible or impossible; 未填, 确定能, 有可能 or 完全不可能)`)
	})
	t.Run("Cause", func(t *testing.T) {
		enumtest.Check(t, monitoring.ParseCause, []enumtest.Case[monitoring.Cause]{
			enumtest.C(monitoring.CauseNone, "none", "无", ""),
			enumtest.C(monitoring.CauseFunding, "funding", "经费保障"),
			enumtest.C(monitoring.CauseInstitutional, "institutional", "制度保障"),
			enumtest.C(monitoring.CauseStaffing, "staffing", "人员保障"),
			enumtest.C(monitoring.CauseFacilities, "facilities", "硬件条件保障", "硬件保障"),
			enumtest.C(monitoring.CauseOther, "other", "其他", "其它"),
		}, "天气", `monitoring: unknown deviation cause "天气" (want none, funding, institutional, staffing, facilities or other; 无, 经费保障, 制度保障, 人员保障, 硬件条件保障 or 其他)`)
	})
	t.Run("Recommendation", func(t *testing.T) {
		enumtest.Check(t, monitoring.ParseRecommendation, []enumtest.Case[monitoring.Recommendation]{
			enumtest.C(monitoring.RecommendNone, "none", "无", ""),
			enumtest.C(monitoring.RecommendContinue, "continue", "继续执行"),
			enumtest.C(monitoring.RecommendAdjustGoals, "adjust_goals", "调整目标", "调整绩效目标"),
			enumtest.C(monitoring.RecommendSuspend, "suspend", "暂缓拨款", "暂缓", "暂停拨款"),
			enumtest.C(monitoring.RecommendRecover, "recover", "收回资金", "收回"),
		}, "通报", `monitoring: unknown recommendation "通报" (want none, continue, adjust_goals, suspend or recover; 无, 继续执行, 调整目标, 暂缓拨款 or 收回资金)`)
	})
	t.Run("Outlook", func(t *testing.T) {
		enumtest.Check(t, monitoring.ParseOutlook, []enumtest.Case[monitoring.Outlook]{
			enumtest.C(monitoring.OutlookNone, "none", "未报送", ""),
			enumtest.C(monitoring.OutlookOnTrack, "on_track", "正常"),
			enumtest.C(monitoring.OutlookAtRisk, "at_risk", "存在偏差"),
			enumtest.C(monitoring.OutlookUnattainable, "unattainable", "目标无法实现"),
		}, "x", `monitoring: unknown outlook "x" (want none, on_track, at_risk or unattainable; 未报送, 正常, 存在偏差 or 目标无法实现)`)
	})
	for _, err := range []error{first(monitoring.ParseLikelihood("x")), first(monitoring.ParseCause("x")),
		first(monitoring.ParseRecommendation("x")), first(monitoring.ParseOutlook("x"))} {
		assert.True(t, errors.Is(err, monitoring.ErrUnknownName), "%v matches ErrUnknownName", err)
	}
	// Suspend and recover are the action vocabulary's, with the same codes.
	assert.Equal(t, monitoring.Suspend.String(), monitoring.RecommendSuspend.String())
	assert.Equal(t, monitoring.Recover.String(), monitoring.RecommendRecover.String())
	assert.Equal(t, monitoring.ActionNone, monitoring.RecommendAdjustGoals.Action())
}
