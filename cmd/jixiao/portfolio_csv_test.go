package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The CSV portfolio fixture holds three projects of testdata/exante as it
// was before the seed sample was regenerated (commit 75a05ac; XM2021-1-001,
// -002 and -005, frozen here as their own fixture: the bundled sample has
// since changed) written as projects.csv and cost_lines.csv
// in UTF-8 with a BOM, Chinese headers for some columns and amounts as
// 593.02528万元 or "5,930,252.80"; same.json is the same three submissions
// in the library's JSON.
const csvDir = "testdata/portfolio_csv"

var exAntePolicy = filepath.Join("..", "..", "testdata", "exante", "policy.json")

// csvCopy copies the fixture folder to a temporary one, passing each CSV
// file's text through edit (by file name) and encoding it with enc.
func csvCopy(t *testing.T, edit func(name, text string) string, enc func(string) []byte) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(csvDir)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(csvDir, e.Name()))
		require.NoError(t, err)
		if strings.HasSuffix(e.Name(), ".csv") {
			text := strings.TrimPrefix(string(data), "\ufeff")
			if edit != nil {
				text = edit(e.Name(), text)
			}
			if enc != nil {
				data = enc(text)
			} else {
				data = []byte("\ufeff" + text)
			}
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644))
	}
	return dir
}

func gb18030(t *testing.T) func(string) []byte {
	return func(s string) []byte {
		b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
		require.NoError(t, err)
		return b
	}
}

func TestPortfolioCSV(t *testing.T) {
	// 3 project rows + 6 + 9 + 6 cost lines = 24 rows.
	const counts = "读取 24 行，接受 24 行，拒绝 0 行\n"
	code, out, errOut := runCmd(t, "check", csvDir)
	assert.Equal(t, exitOK, code)
	assert.Equal(t, "testdata/portfolio_csv/projects.csv：通过\n", out)
	assert.Equal(t, counts, errOut)

	code, out, errOut = runCmd(t, "assess", "--projects", "--policy", exAntePolicy, csvDir)
	assert.Equal(t, exitOK, code)
	assert.Equal(t, counts, errOut)
	golden(t, "assess_portfolio_csv_zh", out)
	// The fixture's figures for 001 (as the bundled run gave them before the
	// sample was regenerated): 593.03 − 49.58 = 543.44万元 (to the fen before
	// the 万元 rounding), 8.36%.
	assert.Contains(t, out, "XM2021-1-001  教育局运维项目    予以支持  593.03万元   49.58万元  543.44万元    8.36%")

	// The same submissions in JSON give the same report.
	_, fromJSON, _ := runCmd(t, "assess", "--projects", "--policy", exAntePolicy,
		"--standards", csvDir+"/standards.json", "--goals", csvDir+"/goals.json", csvDir+"/same.json")
	assert.Equal(t, fromJSON, out)

	// Named as a file, the projects CSV takes the other inputs by flag.
	code, out, errOut = runCmd(t, "assess", "--lang", "en", "--format", "csv", "--policy", exAntePolicy,
		"--standards", csvDir+"/standards.json", "--goals", csvDir+"/goals.json", csvDir+"/projects.csv")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, "rows read 24, accepted 24, rejected 0\n", errOut)
	golden(t, "assess_portfolio_csv_en", out)
	// A header and one row per project. (Each row used to be checked
	// against the bundled 40-project run; the fixture is now a frozen copy
	// of the sample before its regeneration, so the golden above pins it.)
	rows := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, rows, 4)
}

func TestPortfolioCSVGB18030(t *testing.T) {
	dir := csvCopy(t, nil, gb18030(t))
	_, want, _ := runCmd(t, "assess", "--projects", "--policy", exAntePolicy, csvDir)
	for _, enc := range []string{"auto", "gb18030", "gbk"} {
		t.Run(enc, func(t *testing.T) {
			code, out, errOut := runCmd(t, "assess", "--encoding", enc, "--projects", "--policy", exAntePolicy, dir)
			assert.Equal(t, exitOK, code)
			assert.Equal(t, "读取 24 行，接受 24 行，拒绝 0 行\n", errOut)
			assert.Equal(t, want, out)
			code, out, _ = runCmd(t, "check", "--encoding", enc, dir)
			assert.Equal(t, exitOK, code)
			assert.Equal(t, filepath.Join(dir, "projects.csv")+"：通过\n", out)
		})
	}
	// Read as UTF-8, GB18030 bytes are an error naming the file and line.
	code, _, errOut := runCmd(t, "check", "--encoding", "utf-8", dir)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "jixiao check: "+filepath.Join(dir, "projects.csv")+":1")
}

func TestPortfolioCSVBadRows(t *testing.T) {
	replace := func(file, old, new string) func(string, string) string {
		return func(name, text string) string {
			if name == file {
				require.Contains(t, text, old)
				return strings.Replace(text, old, new, 1)
			}
			return text
		}
	}
	t.Run("unknown column", func(t *testing.T) {
		dir := csvCopy(t, replace("projects.csv", ",轮次\r\n", ",轮次,colour\r\n"), nil)
		code, out, errOut := runCmd(t, "check", dir)
		assert.Equal(t, exitUsage, code)
		assert.Empty(t, out)
		assert.Equal(t, "jixiao check: "+filepath.Join(dir, "projects.csv")+`:1: unknown column "colour" (column 17); known columns: `+
			"project_id (id, 项目编码, 项目编号), name (项目名称), unit_id (预算单位, 单位编码), fiscal_year (预算年度, 年度), kind (项目类别), new (新增项目), "+
			"category (项目分类, 分类), basis (立项依据), content (项目内容和目标, 项目内容), period_start (实施开始, 开始月份), "+
			"period_end (实施结束, 结束月份), total_investment (投入总额), invested_to_date (已投入金额), "+
			"amount (本年度预算金额, 预算金额, 金额), fund_source (资金来源), round (轮次), host.NAME: bad header\n", errOut)
	})
	t.Run("missing column", func(t *testing.T) {
		dir := csvCopy(t, func(name, text string) string {
			if name == "cost_lines.csv" {
				return "project_id,item,quantity\r\nXM2021-1-001,物业管理,1\r\n"
			}
			return text
		}, nil)
		code, out, errOut := runCmd(t, "assess", "--policy", exAntePolicy, dir)
		assert.Equal(t, exitUsage, code)
		assert.Empty(t, out)
		assert.Equal(t, "jixiao assess: "+filepath.Join(dir, "cost_lines.csv")+":1: missing column amount: bad header\n", errOut)
	})
	// Line 3 is XM2021-1-002; "12,34" is badly grouped; its 9 cost lines
	// are rejected with it, and the other rows go on.
	bad := replace("projects.csv", `"3,508,432.00"`, `"12,34"`)
	unknown := replace("cost_lines.csv", "\r\nXM2021-1-005,", "\r\nXM2099-1-999,")
	both := func(name, text string) string { return unknown(name, bad(name, text)) }
	t.Run("bad amount and unknown project", func(t *testing.T) {
		dir := csvCopy(t, both, nil)
		projects, lines := filepath.Join(dir, "projects.csv"), filepath.Join(dir, "cost_lines.csv")
		// projects.csv line 3 is XM2021-1-002 and column 14 its amount;
		// cost_lines.csv lines 8-16 are its 9 lines, line 17 the first of
		// XM2021-1-005's, now under an unknown ID. Rejected: 1 + 9 + 1 = 11 of
		// 24 rows.
		rows := projects + `:3:14: amount: parsing "12,34": misplaced thousands separator at byte 5` + "\n"
		for line := 8; line <= 16; line++ {
			rows += fmt.Sprintf("%s:%d:1: project_id: project \"XM2021-1-002\" was rejected\n", lines, line)
		}
		rows += lines + ":17:1: project_id: unknown project \"XM2099-1-999\"\n"

		code, out, errOut := runCmd(t, "check", "--lang", "en", dir)
		assert.Equal(t, exitFindings, code)
		assert.Equal(t, "rows read 24, accepted 13, rejected 11\n", errOut)
		// XM2021-1-005 lost its first line (475,200 yuan): the rest sum to
		// 4,505,600 − 475,200 = 4,030,400 yuan.
		assert.Equal(t, rows+projects+":4: XM2021-1-005.cost_lines: cost lines sum to 4030400.00 yuan, not this year's amount 4505600.00 yuan (lines_sum_mismatch)\n"+
			projects+": 12 problem(s)\n", out)

		code, out, errOut = runCmd(t, "assess", "--lang", "en", "--projects", "--policy", exAntePolicy, dir)
		assert.Equal(t, exitFindings, code, "11 rows rejected")
		assert.Equal(t, rows+"rows read 24, accepted 13, rejected 11\n", errOut)
		assert.NotContains(t, out, "XM2021-1-002")
		assert.Contains(t, out, "XM2021-1-001")
	})
	// The kind column reads the Chinese terms forms print; an unknown kind
	// rejects its row (and so its cost lines) with the allowed values.
	t.Run("kind as printed", func(t *testing.T) {
		_, want, _ := runCmd(t, "assess", "--projects", "--policy", exAntePolicy, csvDir)
		dir := csvCopy(t, replace("projects.csv", "2021,one_off,否", "2021,一次性,否"), nil)
		code, out, errOut := runCmd(t, "assess", "--projects", "--policy", exAntePolicy, dir)
		assert.Equal(t, exitOK, code)
		assert.Equal(t, "读取 24 行，接受 24 行，拒绝 0 行\n", errOut)
		assert.Equal(t, want, out, "一次性 reads as one_off")
	})
	t.Run("unknown kind", func(t *testing.T) {
		dir := csvCopy(t, replace("projects.csv", "2021,one_off,否", "2021,新增,否"), nil)
		projects, lines := filepath.Join(dir, "projects.csv"), filepath.Join(dir, "cost_lines.csv")
		// Line 2 is XM2021-1-001, column 5 its kind; cost_lines.csv lines
		// 2-7 are its 6 lines. Rejected: 1 + 6 = 7 of 24 rows.
		rows := projects + `:2:5: kind: unknown project kind "新增" (want routine, development, one_off or other; 经常性, 发展性, 一次性 or 其他)` + "\n"
		for line := 2; line <= 7; line++ {
			rows += fmt.Sprintf("%s:%d:1: project_id: project \"XM2021-1-001\" was rejected\n", lines, line)
		}
		code, out, errOut := runCmd(t, "assess", "--lang", "en", "--projects", "--policy", exAntePolicy, dir)
		assert.Equal(t, exitFindings, code)
		assert.Equal(t, rows+"rows read 24, accepted 17, rejected 7\n", errOut)
		assert.NotContains(t, out, "XM2021-1-001")
		assert.Contains(t, out, "XM2021-1-002")
	})
	t.Run("problem on its line", func(t *testing.T) {
		dir := csvCopy(t, replace("cost_lines.csv", `60.00,"522,360.00"`, `60.00,"522,361.00"`), nil)
		projects := filepath.Join(dir, "projects.csv")
		code, out, errOut := runCmd(t, "check", "--lang", "en", dir)
		assert.Equal(t, exitFindings, code)
		assert.Equal(t, "rows read 24, accepted 24, rejected 0\n", errOut)
		// 8,706 × 60 = 522,360 ≠ 522,361; the lines now sum to
		// 5,930,252.80 + 1 = 5,930,253.80 yuan.
		assert.Equal(t, filepath.Join(dir, "cost_lines.csv")+":2: XM2021-1-001.cost_lines[0].amount: amount 522361.00 yuan is not quantity 8706 × unit price 60.00 = 522360.00 yuan (line_amount_mismatch)\n"+
			projects+":2: XM2021-1-001.cost_lines: cost lines sum to 5930253.80 yuan, not this year's amount 5930252.80 yuan (lines_sum_mismatch)\n"+
			projects+": 2 problem(s)\n", out)
	})
	t.Run("strict", func(t *testing.T) {
		dir := csvCopy(t, both, nil)
		for _, args := range [][]string{{"check"}, {"assess", "--policy", exAntePolicy}} {
			code, out, errOut := runCmd(t, append(args, "--strict", dir)...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, out)
			assert.Equal(t, "jixiao "+args[0]+": "+filepath.Join(dir, "projects.csv")+`:3:14: amount: 千分位分隔符位置有误（应每三位一组，不用小数逗号）：parsing "12,34": misplaced thousands separator at byte 5`+"\n", errOut)
		}
		// The first bad row may be a cost line.
		dir = csvCopy(t, unknown, nil)
		code, out, errOut := runCmd(t, "check", "--strict", dir)
		assert.Equal(t, exitUsage, code)
		assert.Empty(t, out)
		assert.Equal(t, "jixiao check: "+filepath.Join(dir, "cost_lines.csv")+":17:1: project_id: unknown project \"XM2099-1-999\"\n", errOut)
	})
}

func TestPortfolioCSVNoBOM(t *testing.T) {
	dir := csvCopy(t, nil, func(s string) []byte { return []byte(s) })
	_, want, _ := runCmd(t, "assess", "--projects", "--policy", exAntePolicy, csvDir)
	code, out, errOut := runCmd(t, "assess", "--projects", "--policy", exAntePolicy, dir)
	assert.Equal(t, exitOK, code)
	assert.Equal(t, "读取 24 行，接受 24 行，拒绝 0 行\n", errOut)
	assert.Equal(t, want, out)
}

// FuzzPortfolioCSV reads arbitrary projects and cost-lines files: never a
// panic, and every row read is either accepted or rejected.
func FuzzPortfolioCSV(f *testing.F) {
	projects, err := os.ReadFile(filepath.Join(csvDir, "projects.csv"))
	require.NoError(f, err)
	lines, err := os.ReadFile(filepath.Join(csvDir, "cost_lines.csv"))
	require.NoError(f, err)
	f.Add(projects, lines)
	f.Add([]byte("id,amount,round\nA,1万元,2\nA,2,2\n"), []byte("project_id,item,amount,round\nA,x,1,\nB,y,2,1\n"))
	f.Fuzz(func(t *testing.T, projects, lines []byte) {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "projects.csv"), projects, 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "cost_lines.csv"), lines, 0o644))
		subs, tally, err := readPortfolioCSV(filepath.Join(dir, "projects.csv"), csvInput{})
		if err != nil {
			return
		}
		assert.Equal(t, tally.Read, tally.Accepted+tally.Rejected)
		n := 0
		for _, s := range subs {
			n += 1 + len(s.Project.CostLines)
		}
		assert.Equal(t, tally.Accepted, n)
	})
}

// Rows are read and reported in file order, a row that cannot be split into
// the header's fields among them: line 3's bad amount comes before line
// 4's extra field, and --strict stops at line 3, the first bad row.
func TestPortfolioCSVFileOrder(t *testing.T) {
	dir := csvCopy(t, func(name, text string) string {
		if name != "projects.csv" {
			return text
		}
		text = strings.Replace(text, `"3,508,432.00"`, `"12,34"`, 1)
		return strings.Replace(text, ",一般公共预算,1\r\nXM2021-1-005", ",一般公共预算,1\r\nXM2021-1-005,extra", 1)
	}, nil)
	// A row that cannot be split names no project for experts.json to skip
	// (its sheets would be fatal), so the sheets are left out here.
	require.NoError(t, os.Remove(filepath.Join(dir, "experts.json")))
	projects, lines := filepath.Join(dir, "projects.csv"), filepath.Join(dir, "cost_lines.csv")
	code, out, errOut := runCmd(t, "check", "--lang", "en", dir)
	assert.Equal(t, exitFindings, code)
	// Rejected: 002 (line 3) and its 9 cost lines (cost_lines.csv 8-16);
	// 005 (line 4, 17 fields) and its 6 cost lines (17-22), whose project
	// is then unknown: 17 of 24 rows, 001 and its 6 lines accepted.
	want := projects + `:3:14: amount: parsing "12,34": misplaced thousands separator at byte 5` + "\n" +
		projects + ":4:17: 17 fields, want 16 as in the header\n"
	for line := 8; line <= 16; line++ {
		want += fmt.Sprintf("%s:%d:1: project_id: project \"XM2021-1-002\" was rejected\n", lines, line)
	}
	for line := 17; line <= 22; line++ {
		want += fmt.Sprintf("%s:%d:1: project_id: unknown project \"XM2021-1-005\"\n", lines, line)
	}
	assert.Equal(t, want+projects+": 17 problem(s)\n", out)
	assert.Equal(t, "rows read 24, accepted 7, rejected 17\n", errOut)

	code, _, errOut = runCmd(t, "check", "--strict", dir)
	assert.Equal(t, exitUsage, code)
	// In Chinese (the default) the reason comes first, then the detail.
	assert.Equal(t, "jixiao check: "+projects+`:3:14: amount: 千分位分隔符位置有误（应每三位一组，不用小数逗号）：parsing "12,34": misplaced thousands separator at byte 5`+"\n", errOut)
}

// TestPortfolioCSVExpertsErrorAfterRows: experts.json is decoded while the
// rows are read, and its error still comes where it came when it was read
// after them: a strict run's first bad row wins over a malformed
// experts.json, and without --strict the rows are tallied and the
// experts.json error is returned.
func TestPortfolioCSVExpertsErrorAfterRows(t *testing.T) {
	dir := csvCopy(t, func(name, text string) string {
		if name == "projects.csv" {
			return strings.Replace(text, ",2021,one_off,", ",20x1,one_off,", 1)
		}
		return text
	}, nil)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "experts.json"), []byte(`[{"project_id": "XM2021-1-001", "experts": [}]`), 0o644))
	projects := filepath.Join(dir, "projects.csv")

	_, _, err := readPortfolioCSV(projects, csvInput{strict: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "projects.csv:2:", "the first bad row, not experts.json")
	assert.NotContains(t, err.Error(), "experts.json")

	_, tally, err := readPortfolioCSV(projects, csvInput{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "experts.json", "the experts' sheets' error once the rows are read")
	require.NotNil(t, tally)
	require.NotEmpty(t, tally.Errors, "the bad row (and its cost lines) read and counted before")
	assert.Contains(t, tally.Errors[0].Error(), "projects.csv:2:")
}
