package goals

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func bundledLibrary(t *testing.T) *Library {
	t.Helper()
	data, err := os.ReadFile("testdata/library.json")
	require.NoError(t, err)
	l, err := ParseLibrary(data)
	require.NoError(t, err)
	return l
}

func ids(defs []Definition) []string {
	out := []string{}
	for _, d := range defs {
		out = append(out, d.ID)
	}
	return out
}

func TestLibraryBundled(t *testing.T) {
	l := bundledLibrary(t)
	assert.Equal(t, 20, l.Len())
	assert.Equal(t, "2022.1", l.Version())
	assert.Equal(t, []string{"交通运输", "农业农村", "卫生健康", "教育", "通用"}, l.Industries())
	assert.Equal(t, []string{"培训类", "基础设施建设类"}, l.Categories("教育"))

	d, ok := l.Definition("edu-train-pass-rate")
	require.True(t, ok)
	require.NotNil(t, d.Target)
	assert.Equal(t, AtLeast, d.Target.Op)
	assert.True(t, d.Target.Value.Equal(dec("95")))
	assert.Equal(t, IndustryStandard, d.Standard)
	d, _ = l.Definition("agri-income-growth")
	require.Len(t, d.History, 2)
	assert.True(t, d.History[1].Value.Equal(dec("2100000")))
	_, ok = l.Definition("nope")
	assert.False(t, ok)
}

func TestLibrarySearch(t *testing.T) {
	l := bundledLibrary(t)
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		// 培训 in name (3), keywords (2) and description (1) for the first two;
		// the pass rate's description says 参训, not 培训: 5. Ties by ID.
		{"keyword ranked", Query{Keyword: "培训"}, []string{"agri-training-farmers", "edu-train-count", "edu-train-pass-rate"}},
		{"every term must match", Query{Keyword: "公路 优良率"}, []string{"transport-road-quality"}},
		{"industry and category", Query{Industry: "教育", Category: "培训类"}, []string{"edu-teaching-ability", "edu-train-count", "edu-train-pass-rate"}},
		{"with general", Query{Industry: "教育", Level1: Satisfaction, IncludeGeneral: true}, []string{"gen-budget-satisfaction"}},
		{"without general", Query{Industry: "教育", Level1: Satisfaction}, []string{}},
		{"level 2", Query{Level2: Timeliness}, []string{"agri-subsidy-on-time", "gen-completion-time"}},
		{"no match", Query{Keyword: "航天"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ids(l.Search(tt.q)))
		})
	}
	// Terms match case-insensitively.
	small, err := NewLibrary("1", []Definition{{ID: "g", Industry: General, Level1: Benefit, Level2: EconomicBenefit, Name: "带动GDP增长"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"g"}, ids(small.Search(Query{Keyword: "gdp"})))

	// The results are copies: changing one does not change the library.
	got := l.Search(Query{Keyword: "培训"})
	got[0].Keywords[0] = "changed"
	again := l.Search(Query{Keyword: "培训"})
	assert.NotEqual(t, "changed", again[0].Keywords[0])
}

func TestLibraryTree(t *testing.T) {
	l := bundledLibrary(t)
	tree, err := l.Tree(SelfEvaluation, dec("90"),
		Pick{ID: "edu-train-count", Target: "≥1000人", Weight: dec("20")},
		Pick{ID: "edu-train-pass-rate", Weight: dec("15")},     // suggested ≥95%
		Pick{ID: "gen-completion-time"},                        // =100%, 10 suggested
		Pick{ID: "gen-cost-control", Target: "≤90万元"},          // 5 suggested
		Pick{ID: "edu-teaching-ability", Weight: dec("20")},    // 明显提升
		Pick{ID: "gen-sustained-mechanism", Weight: dec("10")}, // 健全
		Pick{ID: "gen-budget-satisfaction", Name: "参训教师满意度"},   // ≥90%, 10
	)
	require.NoError(t, err)
	require.Len(t, tree.Indicators, 7)
	in := tree.Indicators[0]
	assert.Equal(t, "edu-train-count", in.ID)
	assert.Equal(t, Quantity, in.Level2)
	assert.True(t, in.Target.Value.Equal(dec("1000")))
	assert.True(t, tree.Indicators[1].Target.Value.Equal(dec("95")))
	assert.True(t, tree.Indicators[2].Weight.Equal(dec("10")))
	assert.True(t, tree.Indicators[3].Target.Value.Equal(dec("900000")))
	assert.Equal(t, "参训教师满意度", tree.Indicators[6].Name)
	assert.Equal(t, PlanStandard, tree.Indicators[6].Standard)

	// The instantiated tree scores: 20 × 950 ÷ 1000 = 19 for the count.
	s, err := NewScorer(tree, Config{})
	require.NoError(t, err)
	r, _ := s.Score([]Actual{Measured(dec("950"), "人")})
	assert.True(t, r.Scores[0].Value().Equal(dec("19")), "got %s", r.Scores[0].Value())
}

func TestLibraryInstantiateProblems(t *testing.T) {
	l := bundledLibrary(t)
	_, err := l.Instantiate([]Pick{
		{ID: "nope"},
		{ID: "edu-train-count"}, // no target suggested
		{ID: "edu-train-count", Target: "≥95%", Weight: dec("5")}, // % is not 人
		{ID: "edu-train-pass-rate", Target: "≥abc"},
		{ID: "gen-budget-satisfaction"}, // fine
	})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"unknown_definition", "missing_target", "unit_mismatch", "invalid_target"}, ps.Codes())
	assert.Equal(t, []string{"picks[0].id", "picks[1].target", "picks[2].target", "picks[3].target"},
		[]string{ps[0].Path, ps[1].Path, ps[2].Path, ps[3].Path})

	// Tree problems come back with their paths under "tree".
	_, err = l.Tree(SelfEvaluation, decimal.Zero, Pick{ID: "gen-budget-satisfaction"})
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"weight_total", "no_output", "no_benefit"}, ps.Codes())
	assert.Equal(t, "tree.indicators", ps[0].Path)
}

func TestLibraryJSONRoundTrip(t *testing.T) {
	l := bundledLibrary(t)
	b1, err := json.Marshal(l)
	require.NoError(t, err)
	l2, err := ParseLibrary(b1)
	require.NoError(t, err)
	b2, err := json.Marshal(l2)
	require.NoError(t, err)
	assert.Equal(t, string(b1), string(b2), "export, import, export gives the same bytes")
	assert.Equal(t, ids(l.Definitions()), ids(l2.Definitions()))
	var raw struct {
		Definitions []struct{ ID string } `json:"definitions"`
	}
	require.NoError(t, json.Unmarshal(b1, &raw))
	assert.Equal(t, "agri-ecology", raw.Definitions[0].ID, "exported in ID order")
}

func TestNewLibraryProblems(t *testing.T) {
	pct := mustTarget(t, "≥95%")
	_, err := NewLibrary("x", []Definition{
		{ID: "a", Industry: "教育", Level1: Output, Level2: Quality, Name: "合格率", Target: &pct, Unit: "人"},
		{ID: "a", Industry: "", Level1: Benefit, Level2: Quantity, Name: ""},
		{ID: "", Industry: "教育", Name: "x", Level1: Output, Weight: dec("-1"),
			History: []Observation{{Year: 2021}, {Year: 2020}}},
	})
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{
		"unit_mismatch",
		"duplicate_id", "missing_name", "missing_industry", "level2_mismatch",
		"missing_id", "invalid_weight", "history_order",
	}, ps.Codes())
	_, err = ParseLibrary([]byte(`{"version":"1","definitions":[{"id":"a","nmae":"typo"}]}`))
	assert.ErrorContains(t, err, "nmae")
}
