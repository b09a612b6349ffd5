package main

import (
	"bytes"
	"encoding/csv"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/xlsx"
)

const xlsxSamples = "../../xlsx/testdata"

// csvToWorkbook writes the CSV files of dir (projects.csv, cost_lines.csv)
// as the sheets projects and cost_lines of dir/portfolio.xlsx, every cell
// as text, and removes the CSV files.
func csvToWorkbook(t *testing.T, dir string) string {
	t.Helper()
	var sheets []string
	var tables [][][]string
	for _, name := range []string{"projects", "cost_lines"} {
		p := filepath.Join(dir, name+".csv")
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		require.NoError(t, err)
		sheets = append(sheets, name)
		tables = append(tables, recs)
		require.NoError(t, os.Remove(p))
	}
	var buf bytes.Buffer
	require.NoError(t, xlsx.WriteTables(&buf, sheets, tables))
	book := filepath.Join(dir, "portfolio.xlsx")
	require.NoError(t, os.WriteFile(book, buf.Bytes(), 0o644))
	return book
}

// A portfolio workbook is read by the CSV decoders: the same report, and
// the same rejected rows and counts, each named book.xlsx!sheet:row:column
// where the CSV names file:line:column.
func TestPortfolioWorkbook(t *testing.T) {
	bad := func(name, text string) string {
		switch name {
		case "projects.csv":
			return strings.Replace(text, `"3,508,432.00"`, `"12,34"`, 1)
		case "cost_lines.csv":
			return strings.Replace(text, "\r\nXM2021-1-005,", "\r\nXM2099-1-999,", 1)
		}
		return text
	}
	for _, tt := range []struct {
		name string
		edit func(string, string) string
		args []string
	}{
		{"good assess", nil, []string{"assess", "--projects", "--policy", exAntePolicy}},
		{"good check", nil, []string{"check"}},
		{"bad rows check", bad, []string{"check", "--lang", "en"}},
		{"bad rows assess", bad, []string{"assess", "--lang", "en", "--projects", "--policy", exAntePolicy}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			csvDir := csvCopy(t, tt.edit, nil)
			bookDir := csvCopy(t, tt.edit, nil)
			book := csvToWorkbook(t, bookDir)
			wantCode, wantOut, wantErr := runCmd(t, append(tt.args, csvDir)...)
			code, out, errOut := runCmd(t, append(tt.args, bookDir)...)
			rename := strings.NewReplacer(filepath.Join(csvDir, "projects.csv"), book+"!projects",
				filepath.Join(csvDir, "cost_lines.csv"), book+"!cost_lines")
			assert.Equal(t, wantCode, code)
			assert.Equal(t, rename.Replace(wantOut), out)
			assert.Equal(t, rename.Replace(wantErr), errOut)
			if tt.edit != nil {
				// As TestPortfolioCSVBadRows works out: row 3's amount (column
				// 14) and 11 rows rejected of 24.
				assert.Contains(t, errOut+out, book+`!projects:3:14: amount: parsing "12,34"`)
				assert.Contains(t, errOut, "rows read 24, accepted 13, rejected 11")
			}
			// The workbook named as a file reads the same.
			if tt.args[0] == "check" {
				_, fileOut, _ := runCmd(t, append(tt.args, book)...)
				assert.Equal(t, out, fileOut)
			}
		})
	}
}

// evaluate reads the national forms from a workbook (or a folder of them),
// reconciles them as it reconciles JSON self-evaluations, and writes the
// reviewed forms.
func TestEvaluateWorkbook(t *testing.T) {
	book := filepath.Join(xlsxSamples, "self_national.xlsx")
	dir := t.TempDir()
	code, out, errOut := runCmd(t, "evaluate", "--write-forms", dir, book)
	// 9 deviations, as listed in xlsx's TestWriteReviewed for the first
	// form (4: three met targets docked, the total) and by hand for the
	// others: form 2 docks 2 from 养护里程 (125 ≥ 120 公里, 30 computed) and
	// states 20 for 部分达成 (60% of 30 = 18 computed); form 3's weights
	// 40/20/20 for output, benefit and cost differ from 50/30/0.
	assert.Equal(t, exitFindings, code)
	assert.Empty(t, errOut)
	assert.Contains(t, out, "自评表 3 张，自评数与复算数不一致 9 处")
	data, err := os.ReadFile(filepath.Join(dir, "reviewed.xlsx"))
	require.NoError(t, err)
	forms, err := xlsx.ReadSelfForms(bytes.NewReader(data), xlsx.Limits{})
	require.NoError(t, err)
	assert.Len(t, forms, 3)

	// A folder of the national and the two local workbooks: 9 forms.
	folder := t.TempDir()
	for _, n := range []string{"self_national.xlsx", "self_local_a.xlsx", "self_local_b.xlsx"} {
		data, err := os.ReadFile(filepath.Join(xlsxSamples, n))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(folder, n), data, 0o644))
	}
	_, out, _ = runCmd(t, "evaluate", folder)
	assert.Contains(t, out, "自评表 9 张，自评数与复算数不一致 27 处")

	// The broken workbook: its two good forms reconciled, the four problems
	// of the other sheets on stderr with sheet and cell, exit 1.
	code, out, errOut = runCmd(t, "evaluate", "--lang", "en", filepath.Join(xlsxSamples, "self_broken.xlsx"))
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "2 forms")
	for _, at := range []string{"坏表!A5: 全年执行数", "坏表!H6: 得分", "拆分表头!A11: 实际完成值", "拆分表头!I12: 得分"} {
		assert.Contains(t, errOut, at)
	}
	assert.Equal(t, 4, strings.Count(errOut, "\n"), errOut)
}

// check reports every problem of a workbook of forms.
func TestCheckWorkbook(t *testing.T) {
	code, out, _ := runCmd(t, "check", filepath.Join(xlsxSamples, "goal_national.xlsx"))
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "通过")
	code, out, _ = runCmd(t, "check", "--lang", "en", filepath.Join(xlsxSamples, "self_broken.xlsx"))
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "self_broken.xlsx: 4 problem(s)")
}

// csvFileToWorkbook writes the CSV file src as the one sheet of the
// workbook dst.
func csvFileToWorkbook(t *testing.T, src, sheet, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, xlsx.WriteTables(&buf, []string{sheet}, [][][]string{recs}))
	require.NoError(t, os.WriteFile(dst, buf.Bytes(), 0o644))
}

// An audit table and the payment records read from workbooks give what
// their CSV gives, rows named book.xlsx!sheet:row:column.
func TestRecordsWorkbooks(t *testing.T) {
	book := filepath.Join(t.TempDir(), "rates.xlsx")
	csvFileToWorkbook(t, "testdata/rates_bad.csv", "rates", book)
	wantCode, wantOut, wantErr := runCmd(t, "audit", "--lang", "en", "testdata/rates_bad.csv")
	code, out, errOut := runCmd(t, "audit", "--lang", "en", book)
	assert.Equal(t, wantCode, code)
	assert.Equal(t, wantOut, out)
	// As TestAuditBadRows: row 3 has 6 cells, rows 4–6 bad values.
	assert.Equal(t, strings.ReplaceAll(wantErr, "testdata/rates_bad.csv", book+"!rates"), errOut)
	assert.Contains(t, errOut, book+"!rates:3:6: 6 fields, want 5 as in the header")

	dir := t.TempDir()
	src := "../../testdata/monitoring"
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		if e.Name() == "records.csv" {
			csvFileToWorkbook(t, filepath.Join(src, e.Name()), "records", filepath.Join(dir, "records.xlsx"))
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644))
	}
	args := []string{"monitor", "--lang", "en", "--as-of", "2021-09-30"}
	wantCode, wantOut, wantErr = runCmd(t, append(args, src)...)
	code, out, errOut = runCmd(t, append(args, dir)...)
	assert.Equal(t, wantCode, code)
	assert.Equal(t, wantOut, out)
	assert.Equal(t, wantErr, errOut)
	assert.Contains(t, errOut, "rows read 962, accepted 962, rejected 0", "records.csv has 962 rows below its header")
}

// assess --goals takes a workbook of goal declaration forms: the fixture's
// goals written as forms give the report goals.json gives.
func TestAssessGoalWorkbook(t *testing.T) {
	var trees map[string]*goals.Tree
	require.NoError(t, readJSON(csvDir+"/goals.json", &trees))
	var forms []*xlsx.GoalForm
	for _, id := range slices.Sorted(maps.Keys(trees)) {
		forms = append(forms, &xlsx.GoalForm{Sheet: id, ProjectName: id, ProjectID: id, Tree: trees[id]})
	}
	var buf bytes.Buffer
	require.NoError(t, xlsx.WriteGoalForms(&buf, forms))
	book := filepath.Join(t.TempDir(), "goals.xlsx")
	require.NoError(t, os.WriteFile(book, buf.Bytes(), 0o644))
	args := []string{"assess", "--projects", "--policy", exAntePolicy, "--standards", csvDir + "/standards.json"}
	wantCode, want, _ := runCmd(t, append(args, "--goals", csvDir+"/goals.json", csvDir+"/projects.csv")...)
	code, out, errOut := runCmd(t, append(args, "--goals", book, csvDir+"/projects.csv")...)
	assert.Equal(t, wantCode, code, errOut)
	assert.Equal(t, want, out)
}
