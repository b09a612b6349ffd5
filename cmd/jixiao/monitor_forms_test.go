package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMonitorForms reviews the sample's third-quarter forms: 5 forms, 2
// passed (XM2021001 and XM2021003 state a cause and a measure for every
// deviating line), XM2021001 red with a line at risk (suspend), XM2021007
// red with a target 完全不可能 (recover), the others continue; 43 − 5 = 38
// projects sent none.
func TestMonitorForms(t *testing.T) {
	code, out, errOut := runCmd(t, "monitor", "--as-of", "2021-09-30", "--forms", "../../testdata/monitoring/forms_q3.csv", "../../testdata/monitoring")
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "监控表审核（截至2021-09-30）：审核5份，合格2份；继续执行3，调整目标0，暂缓拨款1，收回资金1；未报送38个项目。")
	assert.Contains(t, errOut, "forms_q3.csv: 读取 30 行，接受 30 行，拒绝 0 行")

	code, out, _ = runCmd(t, "monitor", "--format", "json", "--as-of", "2021-06-30,2021-09-30", "--forms", "../../testdata/monitoring/forms_q3.csv", "../../testdata/monitoring")
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, `"recommendation": "recover"`)
}

// TestMonitorFormsBad: every bad row or value with its file, line and
// column (or path), the good forms still reviewed, exit 1.
func TestMonitorFormsBad(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "forms.csv")
	require.NoError(t, os.WriteFile(csv, []byte("project_id,as_of,indicator,actual,projected,likelihood\n"+
		"XM2021001,2021-09-30,quality,93,95,maybe\n"+
		",2021-09-30,quality,1,1,certain\n"+
		"XM2021003,2021-09-30,quality,97,97,certain\n"+
		"XM2021003,2021-06-30,cost,1,1,certain\n"), 0o644))
	code, out, errOut := runCmd(t, "monitor", "--lang", "en", "--as-of", "2021-09-30", "--forms", csv, "../../testdata/monitoring")
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, errOut, csv+":2:6: likelihood: unknown likelihood \"maybe\"")
	assert.Contains(t, errOut, csv+":3:1: project_id: the record has no project ID")
	assert.Contains(t, errOut, "forms.csv: rows read 4, accepted 2, rejected 2")
	assert.Contains(t, out, "Monitoring forms as of 2021-09-30: 1 reviewed, 0 passed")
	assert.Contains(t, out, "problem forms[1].as_of: the form's date is not a check date: 2021-06-30")

	js := filepath.Join(dir, "forms.json")
	require.NoError(t, os.WriteFile(js, []byte(`[{"project_id":"XM2021001","as_of":"2021-09-30T00:00:00Z","indicators":[{"indicator":"quality","likelihood":"maybe","actual":"x"}]},`+
		`{"project_id":"","as_of":"2021-09-31","indicators":[]},{"project_id":"XM2021003","as_of":"2021-09-30T00:00:00Z","indicators":[]}]`), 0o644))
	code, out, errOut = runCmd(t, "monitor", "--lang", "en", "--as-of", "2021-09-30", "--forms", js, "../../testdata/monitoring")
	assert.Equal(t, exitFindings, code)
	for _, want := range []string{
		js + ": [0].indicators[0].actual: not a number: x (bad_number)",
		js + `: [0].indicators[0].likelihood: unknown likelihood "maybe"`,
		js + ": [1].project_id: the form has no project ID (missing_project_id)",
		js + ": [1].as_of: not an RFC 3339 date such as 2021-06-30T00:00:00Z: 2021-09-31 (bad_date)",
	} {
		assert.Contains(t, errOut, want)
	}
	assert.Contains(t, out, "Monitoring forms as of 2021-09-30: 1 reviewed", "the good form is reviewed")
}
