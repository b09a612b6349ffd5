package goals_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// smallTree is a valid three-level tree whose 培训人数 target is people.
func smallTree(t testing.TB, people string) *goals.Tree {
	return &goals.Tree{Indicators: []goals.Indicator{
		{ID: "t1", Level1: goals.Output, Level2: goals.Quantity, Name: "培训人数", Target: tg(t, "≥"+people+"人"), Weight: dec("40")},
		{ID: "t2", Level1: goals.Benefit, Level2: goals.SocialBenefit, Name: "能力提升", Target: tg(t, "明显提升"), Weight: dec("40")},
		{ID: "t3", Level1: goals.Satisfaction, Level2: goals.ServedSatisfaction, Name: "满意度", Target: tg(t, "≥90%"), Weight: dec("20")},
	}}
}

func history(t testing.TB) *goals.Versions {
	return &goals.Versions{ProjectID: "P1", Versions: []goals.Version{
		{Number: 1, Kind: goals.VersionSubmitted, Date: day("2021-11-01"), By: "单位", Tree: smallTree(t, "100")},
		{Number: 2, Kind: goals.VersionApproved, Date: day("2022-01-10"), By: "财政局绩效科", Reason: "随预算批复", Tree: smallTree(t, "120")},
	}}
}

func TestVersionsInForceAndAdjust(t *testing.T) {
	vs := history(t)
	require.NoError(t, vs.Validate())
	rules := goals.DefaultAdjustmentRules()
	// A budget cut lowers 培训人数 from 120 to 96: the cause allows lowering.
	req := &goals.AdjustmentRequest{ProjectID: "P1", Date: day("2022-06-15"), By: "单位", Cause: "budget_adjustment",
		Reason: "预算调减20%", Tree: smallTree(t, "96")}
	d, err := rules.Decide(vs, req)
	require.NoError(t, err)
	assert.True(t, d.Approved, "refusals: %v", d.Refusals)
	assert.Equal(t, []goals.Change{{Indicator: "t1", Path: "indicators[0]", Field: "target", Old: "≥120人", New: "≥96人"}}, d.Changes)
	require.NotNil(t, d.Version)
	assert.Equal(t, 3, d.Version.Number)
	assert.Equal(t, goals.VersionAdjusted, d.Version.Kind)
	vs.Versions = append(vs.Versions, *d.Version)
	require.NoError(t, vs.Validate())

	for _, c := range []struct {
		day  string
		want int // version number, 0 for none
	}{{"2021-10-31", 0}, {"2021-11-01", 1}, {"2022-01-09", 1}, {"2022-01-10", 2}, {"2022-06-14", 2}, {"2022-06-15", 3}, {"2023-03-01", 3}} {
		v, ok := vs.InForce(day(c.day))
		if c.want == 0 {
			assert.False(t, ok, c.day)
			continue
		}
		require.True(t, ok, c.day)
		assert.Equal(t, c.want, v.Number, c.day)
	}
	tree, ref, ok := vs.Resolve(day("2022-12-31"), nil)
	require.True(t, ok)
	assert.Equal(t, "≥96人", tree.Indicators[0].Target.String())
	assert.Equal(t, "调整目标第3版（2022-06-15起）", ref.Label().ZH)
	// No history: the given tree, as submitted.
	given := smallTree(t, "1")
	tree, ref, ok = (*goals.Versions)(nil).Resolve(day("2022-12-31"), given)
	assert.True(t, ok)
	assert.Same(t, given, tree)
	assert.True(t, ref.IsZero())
	assert.Equal(t, "as submitted (no goal versions supplied)", ref.Label().EN)

	log := vs.Log()
	require.Len(t, log, 2)
	assert.Equal(t, "预算调减20%", log[1].Reason)
	assert.Equal(t, "≥100人", log[0].Changes[0].Old)

	// A later request breaks every rule it can at once: November is past
	// the last month (10), 满意度 lowered for a policy change, 能力提升
	// removed (and so the tree no longer weighs 100 nor has a benefit).
	bad := smallTree(t, "96")
	bad.Indicators[2].Target = tg(t, "≥85%")
	bad.Indicators = []goals.Indicator{bad.Indicators[0], bad.Indicators[2]}
	d, err = rules.Decide(vs, &goals.AdjustmentRequest{ProjectID: "P1", Date: day("2022-11-02"), By: "单位",
		Cause: "policy_change", Reason: "政策变化", Tree: bad})
	require.NoError(t, err)
	assert.False(t, d.Approved)
	assert.Nil(t, d.Version)
	var got []string
	for _, p := range d.Refusals {
		got = append(got, p.Code+"@"+p.Path)
	}
	assert.Equal(t, []string{"too_late@date", "weight_total@tree.indicators", "no_benefit@tree.indicators",
		"target_lowered@tree.indicators[1].target", "indicator_removed@tree.indicators"}, got)

	// Before approval nothing can be adjusted; a third adjustment is one
	// too many; an unknown cause and no reason are refused.
	d, err = rules.Decide(&goals.Versions{Versions: vs.Versions[:1]}, &goals.AdjustmentRequest{Date: day("2022-02-01"), Tree: smallTree(t, "100")})
	require.NoError(t, err)
	assert.Equal(t, []string{"not_approved", "missing_reason", "cause_not_allowed", "no_change"}, d.Refusals.Codes())
	vs.Versions = append(vs.Versions, goals.Version{Number: 4, Kind: goals.VersionAdjusted, Date: day("2022-07-01"), By: "单位", Reason: "x", Tree: smallTree(t, "97")})
	d, err = rules.Decide(vs, &goals.AdjustmentRequest{Date: day("2022-08-01"), Cause: "force_majeure", Reason: "洪灾", Tree: smallTree(t, "90")})
	require.NoError(t, err)
	assert.Equal(t, []string{"too_many"}, d.Refusals.Codes())
}

func TestVersionsValidateEveryProblem(t *testing.T) {
	vs := &goals.Versions{Versions: []goals.Version{
		{Number: 1, Kind: goals.VersionApproved, Date: day("2022-01-10"), By: "b", Tree: smallTree(t, "1")},
		{Number: 3, Kind: goals.VersionSubmitted, Date: day("2022-01-01"), Tree: &goals.Tree{}},
		{Number: 3, Kind: goals.VersionAdjusted},
	}}
	var ps performance.Problems
	require.ErrorAs(t, vs.Validate(), &ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Code+"@"+p.Path)
	}
	assert.Equal(t, []string{
		"first_not_submitted@versions[0].kind",
		"bad_number@versions[1].number", "kind_order@versions[1].kind", "date_order@versions[1].date", "missing_by@versions[1].by",
		"no_indicators@versions[1].tree.indicators",
		"missing_date@versions[2].date", "missing_by@versions[2].by", "missing_reason@versions[2].reason", "missing_tree@versions[2].tree",
	}, got)
	assert.Equal(t, []string{"no_versions"}, (&goals.Versions{}).Validate().(performance.Problems).Codes())
}

func TestVersionsJSON(t *testing.T) {
	vs := history(t)
	b, err := json.Marshal(vs)
	require.NoError(t, err)
	var back goals.Versions
	require.NoError(t, performance.DecodeJSON(b, &back))
	assert.Equal(t, goals.VersionApproved, back.Versions[1].Kind)
	assert.Empty(t, goals.Diff(vs.Versions[1].Tree, back.Versions[1].Tree))
	var k goals.VersionKind
	require.NoError(t, k.UnmarshalText([]byte("调整")))
	assert.Equal(t, goals.VersionAdjusted, k)
	assert.ErrorIs(t, k.UnmarshalText([]byte("draft")), goals.ErrUnknownKind)
}

func TestDiff(t *testing.T) {
	a := smallTree(t, "100")
	b := smallTree(t, "100")
	b.Total = dec("100") // 100 declared either way: no change
	b.Indicators[1].Weight = dec("30")
	b.Indicators[2].Weight = dec("20")
	b.Indicators = append(b.Indicators, goals.Indicator{Level1: goals.Output, Level2: goals.Quality, Name: "合格率", Target: tg(t, "≥95%"), Weight: dec("10")})
	b.Indicators = b.Indicators[1:] // t1 removed
	got := goals.Diff(a, b)
	assert.Equal(t, []goals.Change{
		{Indicator: "t2", Path: "indicators[0]", Field: "weight", Old: "40", New: "30"},
		{Indicator: "合格率", Path: "indicators[2]", Field: "added", New: "合格率 ≥95%"},
		{Indicator: "t1", Path: "indicators[0]", Field: "removed", Old: "培训人数 ≥100人"},
	}, got)
	assert.Empty(t, goals.Diff(a, a))
	assert.Len(t, goals.Diff(nil, a), 3)
}

// TestNilInputsDoNotPanic: nil rules, histories, requests and inputs are
// errors or empty results, never panics.
func TestNilInputsDoNotPanic(t *testing.T) {
	var rr *goals.ReviewRules
	_, err := rr.Review(nil, nil)
	assert.ErrorIs(t, err, performance.ErrInvalid)
	r := goals.DefaultReviewRules()
	rv, err := r.Review(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, "no_goals", rv.Findings[0].Code)
	var ar *goals.AdjustmentRules
	_, err = ar.Decide(nil, &goals.AdjustmentRequest{})
	assert.ErrorIs(t, err, performance.ErrInvalid)
	a := goals.DefaultAdjustmentRules()
	_, err = a.Decide(nil, &goals.AdjustmentRequest{})
	assert.ErrorIs(t, err, performance.ErrInvalid)
	_, err = a.Decide(history(t), nil)
	assert.ErrorIs(t, err, goals.ErrNoRequest)
	var vs *goals.Versions
	_, ok := vs.InForce(day("2022-01-01"))
	assert.False(t, ok)
	assert.Empty(t, vs.Log())
	var pg *goals.PeriodGoals
	assert.ErrorIs(t, pg.Check(), performance.ErrInvalid)
	_, err = pg.Attainment(nil, goals.Config{})
	assert.ErrorIs(t, err, performance.ErrInvalid)
}
