package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/xlsx"
)

// sampleFormBook writes the sample's third-quarter forms (forms_q3.csv) as
// printed monitoring forms, one sheet per project, with each line's levels
// and target from the sample's goals.
func sampleFormBook(t *testing.T) []byte {
	t.Helper()
	f, err := os.Open("../../testdata/monitoring/forms_q3.csv")
	require.NoError(t, err)
	defer f.Close()
	forms, bad, err := monitoring.ReadForms(f)
	require.NoError(t, err)
	require.Empty(t, bad)
	data, err := os.ReadFile("../../testdata/monitoring/goals.json")
	require.NoError(t, err)
	var trees map[string]*goals.Tree
	require.NoError(t, json.Unmarshal(data, &trees))
	var mfs []*xlsx.MonitorForm
	for _, fm := range forms {
		mf := &xlsx.MonitorForm{Sheet: fm.ProjectID, ProjectName: fm.ProjectID, Unit: fm.UnitID, Form: fm}
		for _, l := range fm.Indicators {
			var in goals.Indicator
			for _, ti := range trees[fm.ProjectID].Indicators {
				if ti.ID == l.Indicator {
					in = ti
				}
			}
			require.NotEmpty(t, in.Name, "%s: %s", fm.ProjectID, l.Indicator)
			in.Weight = in.Weight.Sub(in.Weight)
			mf.Indicators = append(mf.Indicators, in)
		}
		mfs = append(mfs, mf)
	}
	var buf bytes.Buffer
	require.NoError(t, xlsx.WriteMonitorForms(&buf, mfs))
	return buf.Bytes()
}

// TestMonitorFormsXLSX: the sample's forms printed in a workbook are
// reviewed exactly as the same forms from CSV (the summary line of
// TestMonitorForms); a sheet with a broken cell is reported with its sheet
// and cell and costs only its own form.
func TestMonitorFormsXLSX(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "forms_q3.xlsx")
	data := sampleFormBook(t)
	require.NoError(t, os.WriteFile(book, data, 0o644))
	code, out, errOut := runCmd(t, "monitor", "--as-of", "2021-09-30", "--forms", book, "../../testdata/monitoring")
	assert.Equal(t, exitFindings, code, errOut)
	assert.Contains(t, out, "监控表审核（截至2021-09-30）：审核5份，合格2份；继续执行3，调整目标0，暂缓拨款1，收回资金1；未报送38个项目。")
	assert.NotContains(t, errOut, "forms_q3.xlsx")

	// XM2021001's sheet: title, year, 项目名称, 主管部门 rows, the budget
	// header on row 5 and 年度资金总额 on row 6, whose 1-9月执行数 is E6.
	wb, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	hdr, err := wb.GetCellValue("XM2021001", "E5")
	require.NoError(t, err)
	require.Equal(t, "1-9月执行数", hdr)
	require.NoError(t, wb.SetCellStr("XM2021001", "E6", "三百七十万"))
	broken := filepath.Join(dir, "broken.xlsx")
	require.NoError(t, wb.SaveAs(broken))
	require.NoError(t, wb.Close())
	code, out, errOut = runCmd(t, "monitor", "--lang", "en", "--as-of", "2021-09-30", "--forms", broken, "../../testdata/monitoring")
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, errOut, broken+": XM2021001!E6: 1-9月执行数: not a number")
	assert.Contains(t, out, "Monitoring forms as of 2021-09-30: 4 reviewed", "the other sheets' forms are reviewed")
}
