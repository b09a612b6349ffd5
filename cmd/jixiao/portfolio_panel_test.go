package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// experts.json of a CSV portfolio may name a submission's panel: with the
// panel of XM2021-1-001's five experts the report is the one without a
// panel; leaving ZJ30 off the panel makes its sheet an error naming it.
func TestPortfolioCSVPanel(t *testing.T) {
	_, want, _ := runCmd(t, "assess", "--projects", "--policy", exAntePolicy, csvDir)
	withPanel := func(members ...string) string {
		dir := csvCopy(t, nil, nil)
		name := filepath.Join(dir, "experts.json")
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		var sheets []map[string]any
		require.NoError(t, json.Unmarshal(data, &sheets))
		require.Equal(t, "XM2021-1-001", sheets[0]["project_id"])
		var ms []map[string]string
		for _, m := range members {
			ms = append(ms, map[string]string{"expert_id": m})
		}
		sheets[0]["panel"] = map[string]any{"request": map[string]any{"panel_id": "PN-001", "project_id": "XM2021-1-001", "seed": 7},
			"algorithm": "supplied", "members": ms}
		data, err = json.Marshal(sheets)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(name, data, 0o644))
		return dir
	}
	dir := withPanel("ZJ19", "ZJ07", "ZJ09", "ZJ26", "ZJ30")
	code, out, _ := runCmd(t, "assess", "--projects", "--policy", exAntePolicy, dir)
	assert.Equal(t, exitOK, code)
	assert.Equal(t, want, out)
	code, out, _ = runCmd(t, "assess", "--format", "json", "--policy", exAntePolicy, dir)
	assert.Equal(t, exitOK, code)
	var res struct {
		Assessments []struct {
			ProjectID string       `json:"project_id"`
			Panel     *experts.Ref `json:"panel"`
		} `json:"assessments"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Len(t, res.Assessments, 3)
	assert.Equal(t, &experts.Ref{PanelID: "PN-001", Seed: 7, Algorithm: "supplied", Experts: []string{"ZJ19", "ZJ07", "ZJ09", "ZJ26", "ZJ30"}},
		res.Assessments[0].Panel)
	assert.Nil(t, res.Assessments[1].Panel, "the other submissions named no panel")

	dir = withPanel("ZJ19", "ZJ07", "ZJ09", "ZJ26")
	code, out, errOut := runCmd(t, "assess", "--lang", "en", "--projects", "--policy", exAntePolicy, dir)
	assert.NotEqual(t, exitOK, code)
	assert.Contains(t, out+errOut, "experts[4].id: the expert is not on the panel: ZJ30 (expert_not_on_panel)")
}
