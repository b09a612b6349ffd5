package evaluation_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
)

type decimal2 = decimal.Decimal

func xpOrg(t *testing.T) *performance.Org {
	t.Helper()
	org, err := performance.NewOrg([]performance.Node{
		{ID: "lhasa", Name: "拉萨市", Kind: performance.NodeRegion},
		{ID: "city", Name: "市本级", Kind: performance.NodeRegion, Parent: "lhasa"},
		{ID: "cg", Name: "城关区", Kind: performance.NodeRegion, Parent: "lhasa"},
		{ID: "city-edu", Name: "教育局", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "city-health", Name: "卫健委", Kind: performance.NodeDepartment, Parent: "city"},
		{ID: "cg-edu", Name: "教育局", Kind: performance.NodeDepartment, Parent: "cg"},
		{ID: "u1", Name: "一中", Kind: performance.NodeUnit, Parent: "city-edu"},
		{ID: "u2", Name: "人民医院", Kind: performance.NodeUnit, Parent: "city-health"},
		{ID: "u3", Name: "城关区一小", Kind: performance.NodeUnit, Parent: "cg-edu"},
	})
	require.NoError(t, err)
	return org
}

func TestMeasureCoverage(t *testing.T) {
	items := []evaluation.CoverageItem{
		{ProjectID: "P1", UnitID: "u1", Amount: xpDec("100"), Goals: true, Monitoring: true, SelfEvaluation: true, KeyEvaluation: true},
		{ProjectID: "P2", UnitID: "u1", Amount: xpDec("300"), Goals: true, SelfEvaluation: true},
		{ProjectID: "P3", UnitID: "u2", Amount: xpDec("600"), Goals: true},
		{ProjectID: "P4", UnitID: "u3", Amount: xpDec("1000"), Goals: true, Monitoring: true},
		{ProjectID: "P5", UnitID: "nowhere", Amount: xpDec("5")},
		{ProjectID: "P1", UnitID: "u1", Amount: xpDec("1")},
	}
	c, err := evaluation.MeasureCoverage(items, xpOrg(t))
	assert.Equal(t, []string{"unknown_unit", "bad_project_id"}, xpCodes(t, err))
	require.NotNil(t, c)

	type want struct {
		aspect             evaluation.Aspect
		projects           int
		projectPct, amtPct string
	}
	check := func(name string, l evaluation.CoverageLine, n int, amount string, ws []want) {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, n, l.Projects)
			xpAssertDec(t, amount, l.Amount)
			for _, w := range ws {
				a := l.Aspect(w.aspect)
				assert.Equal(t, w.projects, a.Projects, w.aspect.String())
				xpAssertDec(t, w.projectPct, a.ProjectShare.Percent(2), w.aspect.String()+" projects")
				xpAssertDec(t, w.amtPct, a.AmountShare.Percent(2), w.aspect.String()+" amount")
			}
		})
	}
	// Total: 4 projects, 2,000. Monitoring P1 + P4 = 1,100 / 2,000 = 55%;
	// self-evaluation P1 + P2 = 400 / 2,000 = 20%; key P1 = 100 / 2,000 = 5%.
	check("total", c.Total, 4, "2000", []want{
		{evaluation.AspectGoals, 4, "100", "100"},
		{evaluation.AspectMonitoring, 2, "50", "55"},
		{evaluation.AspectSelfEvaluation, 2, "50", "20"},
		{evaluation.AspectKeyEvaluation, 1, "25", "5"},
	})
	require.Len(t, c.Departments, 3)
	assert.Equal(t, []string{"cg-edu", "city-edu", "city-health"},
		[]string{c.Departments[0].Node.ID, c.Departments[1].Node.ID, c.Departments[2].Node.ID})
	// 市本级教育局: P1, P2 = 400; monitoring 100 / 400 = 25%, key 1 of 2.
	check("city-edu", c.Departments[1], 2, "400", []want{
		{evaluation.AspectMonitoring, 1, "50", "25"},
		{evaluation.AspectSelfEvaluation, 2, "100", "100"},
		{evaluation.AspectKeyEvaluation, 1, "50", "25"},
	})
	// Regions are the nearest: 市本级 holds P1–P3 (1,000), 城关区 P4 (1,000).
	require.Len(t, c.Regions, 2)
	check("市本级", c.Regions[1], 3, "1000", []want{
		{evaluation.AspectMonitoring, 1, "33.33", "10"},
		{evaluation.AspectSelfEvaluation, 2, "66.67", "40"},
	})
	check("城关区", c.Regions[0], 1, "1000", []want{
		{evaluation.AspectMonitoring, 1, "100", "100"},
		{evaluation.AspectSelfEvaluation, 0, "0", "0"},
	})
}
