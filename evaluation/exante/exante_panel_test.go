package exante

import (
	"errors"
	"testing"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fullSheet is an expert's sheet of full marks on the default items.
func fullSheet(id string) Expert {
	e := Expert{ID: id}
	for _, it := range ThreeEItems() {
		e.Scores = append(e.Scores, ItemScore{Item: it.ID, Score: it.Weight})
	}
	return e
}

func TestAssessWithPanel(t *testing.T) {
	a := exAssessor(t, AssessOptions{})
	tree := exGoals(t)
	lib := &experts.Library{}
	for _, id := range []string{"X1", "X2", "X3", "X4", "X5"} {
		lib.Experts = append(lib.Experts, experts.Expert{ID: id, Name: id, Fields: []string{"finance"}, Status: experts.StatusActive})
	}
	panel, err := experts.Draw(lib, experts.Request{PanelID: "PN1", Stage: experts.StageExAnte, ProjectID: "P1",
		Date: "2021-06-01", Count: 3, Seed: 77})
	require.NoError(t, err)
	p := exProject("P1", exLine("培训", "一类", "20", "500", "TRAIN"))
	var sheets []Expert
	for _, id := range panel.IDs() {
		sheets = append(sheets, fullSheet(id))
	}

	// Members' sheets: the assessment carries the panel and seed.
	as, err := a.Assess(&Submission{Round: 1, Project: p, Experts: sheets, Panel: panel}, tree)
	require.NoError(t, err)
	require.NotNil(t, as.Panel)
	assert.Equal(t, experts.Ref{PanelID: "PN1", Seed: 77, Algorithm: experts.DrawAlgorithm, Experts: panel.IDs()}, *as.Panel)
	assert.Equal(t, "100", as.Score.Total.String())

	// A sheet by someone off the panel is an error naming the sheet.
	outsider := "X1"
	for _, e := range lib.Experts {
		if !panel.Has(e.ID) {
			outsider = e.ID
		}
	}
	bad := append(sheets[:2:2], fullSheet(outsider))
	_, err = a.Assess(&Submission{Round: 1, Project: p, Experts: bad, Panel: panel}, tree)
	var ps performance.Problems
	require.True(t, errors.As(err, &ps), "%v", err)
	assert.Equal(t, []string{CodeNotOnPanel}, ps.Codes())
	assert.Equal(t, "experts[2].id", ps[0].Path)

	// Two sheets by one member.
	twice := append(sheets[:2:2], sheets[0])
	_, err = a.Assess(&Submission{Round: 1, Project: p, Experts: twice, Panel: panel}, tree)
	require.True(t, errors.As(err, &ps))
	assert.Equal(t, []string{CodeSheetTwice}, ps.Codes())
	assert.Equal(t, "experts[2].id", ps[0].Path)

	// A panel drawn for another project.
	other := *panel
	other.Request.ProjectID = "P9"
	_, err = a.Assess(&Submission{Round: 1, Project: p, Experts: sheets, Panel: &other}, tree)
	require.True(t, errors.As(err, &ps))
	assert.Equal(t, []string{CodePanelProject}, ps.Codes())

	// Without a panel, any sheets are taken as before, and no panel is reported.
	as, err = a.Assess(&Submission{Round: 1, Project: p, Experts: bad}, tree)
	require.NoError(t, err)
	assert.Nil(t, as.Panel)

	// A supplied panel (not drawn): members only, no seed or algorithm.
	supplied := &experts.Panel{Members: []experts.Member{{ExpertID: "S1"}, {ExpertID: "S2"}}}
	as, err = a.Assess(&Submission{Round: 1, Project: p, Experts: []Expert{fullSheet("S1"), fullSheet("S2")}, Panel: supplied}, tree)
	require.NoError(t, err)
	assert.Equal(t, experts.Ref{Experts: []string{"S1", "S2"}}, *as.Panel)
}
