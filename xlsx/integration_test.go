package xlsx

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/goals"
)

func TestDefaultMapping(t *testing.T) {
	m := DefaultMapping()
	assert.False(t, m.Confirmed, "the element names are not confirmed against the standard")
	assert.Contains(t, m.Source, "NOT confirmed")
	assert.Len(t, m.Columns, len(mappingFields), "every field mapped")
	_, err := ParseMapping([]byte(`{"columns":[{"field":"colour","header":"颜色"}],"operators":{"≥":"most"}}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown field "colour"`)
	assert.Contains(t, err.Error(), "no project_id column")
	assert.Contains(t, err.Error(), `operator "≥"`)
}

func integrationSample() []*IntegrationGoals {
	g := sampleGoalForms()
	deadline, err := goals.ParseTarget("2022年11月30日前")
	if err != nil {
		panic(err)
	}
	rng, err := goals.ParseTarget("80%~90%")
	if err != nil {
		panic(err)
	}
	t1 := *g[1].Tree
	t1.Indicators = append([]goals.Indicator(nil), t1.Indicators...)
	t1.Indicators = append(t1.Indicators,
		goals.Indicator{ID: "CC05", Level1: goals.Output, Level2: goals.Timeliness, Name: "完工时间", Target: deadline},
		goals.Indicator{ID: "CC06", Level1: goals.Output, Level2: goals.Quality, Name: "优良路率", Target: rng})
	notes := make([]IndicatorNote, len(t1.Indicators))
	for i := range notes {
		notes[i] = IndicatorNote{Level1Code: "L1-" + t1.Indicators[i].Level1.String(), ScoringStandard: "完成得满分，未完成按比例扣分", Explanation: "据实填报"}
	}
	return []*IntegrationGoals{{ProjectID: "XM2022-002", ProjectName: "2022年农村公路养护", Tree: &t1, Notes: notes}}
}

// Goals written as an integration table read back: the same indicators,
// targets (operator, value, unit), codes, weights and notes.
func TestIntegrationRoundTrip(t *testing.T) {
	m := DefaultMapping()
	want := integrationSample()
	var buf bytes.Buffer
	require.NoError(t, m.WriteIntegration(&buf, "绩效指标", want))
	wb, err := OpenReader(bytes.NewReader(buf.Bytes()), "yth.xlsx", Limits{})
	require.NoError(t, err)
	defer wb.Close()
	rows, err := wb.Rows("绩效指标")
	require.NoError(t, err)
	got, rejected, err := m.ReadIntegration(wb.Ref("绩效指标"), rows)
	require.NoError(t, err)
	assert.Empty(t, rejected)
	require.Len(t, got, 1)
	w, g := want[0], got[0]
	assert.Equal(t, w.ProjectID, g.ProjectID)
	assert.Equal(t, w.ProjectName, g.ProjectName)
	assert.Equal(t, w.Notes, g.Notes)
	require.Len(t, g.Tree.Indicators, len(w.Tree.Indicators))
	for i, wi := range w.Tree.Indicators {
		gi := g.Tree.Indicators[i]
		assert.Equal(t, wi.ID, gi.ID)
		assert.Equal(t, wi.Name, gi.Name)
		assert.Equal(t, wi.Level1, gi.Level1)
		assert.Equal(t, wi.Level2, gi.Level2)
		assert.True(t, wi.Weight.Equal(gi.Weight), "%s weight %s, want %s", wi.Name, gi.Weight, wi.Weight)
		wt, gt := wi.Target, gi.Target
		assert.Equal(t, wt.Op, gt.Op, wi.Name)
		assert.True(t, wt.Value.Equal(gt.Value), "%s value %s, want %s", wi.Name, gt.Value, wt.Value)
		assert.True(t, wt.Upper.Equal(gt.Upper), wi.Name)
		assert.Equal(t, wt.Unit, gt.Unit, wi.Name)
		assert.Equal(t, wt.Deadline, gt.Deadline, wi.Name)
	}
	assert.True(t, w.Tree.Total.Equal(g.Tree.Total))
}

// A bad row of an integration table is rejected with its row and column,
// and the other rows are read.
func TestIntegrationBadRows(t *testing.T) {
	m := DefaultMapping()
	var buf bytes.Buffer
	require.NoError(t, WriteTables(&buf, []string{"指标"}, [][][]string{{
		{"项目代码", "一级指标名称", "二级指标名称", "三级指标名称", "计算符号", "指标值", "计量单位", "分值"},
		{"P1", "产出指标", "数量指标", "培训人数", "≥", "100", "人", "20"},
		{"P1", "产出指标", "数量指标", "培训班次", "约等于", "5", "期", "10"},
		{"P1", "效益指标", "社会效益指标", "能力提升", "定性", "明显提升", "", "二十"},
		{"P2", "满意度指标", "服务对象满意度指标", "满意度", "大于等于", "90", "%", "10"},
	}}))
	wb, err := OpenReader(bytes.NewReader(buf.Bytes()), "yth.xlsx", Limits{})
	require.NoError(t, err)
	defer wb.Close()
	rows, err := wb.Rows("指标")
	require.NoError(t, err)
	got, rejected, err := m.ReadIntegration(wb.Ref("指标"), rows)
	require.NoError(t, err)
	// Row 3: 约等于 is no sign of the mapping (column 5); row 4: 二十 is no
	// number (column 8). Rows 2 and 5 are read, as two projects.
	require.Len(t, rejected, 2)
	assert.Equal(t, []int{3, 5}, []int{rejected[0].Line, rejected[0].Column})
	assert.Equal(t, []int{4, 8}, []int{rejected[1].Line, rejected[1].Column})
	assert.Equal(t, "yth.xlsx!指标", rejected[0].File)
	require.Len(t, got, 2)
	assert.Equal(t, "P1", got[0].ProjectID)
	assert.Len(t, got[0].Tree.Indicators, 1)
	assert.Equal(t, goals.AtLeast, got[1].Tree.Indicators[0].Target.Op, "大于等于 is ≥")
	var re *RowError
	assert.True(t, errors.As(rejected[1], &re))
}
