package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostYearPolicy writes a whole-year policy whose ex-ante stage is
// testdata/exante/policy.json with the host field PriorGrade (a grade,
// default 良) declared and, with hostRule, one more rule reading it: a unit
// graded 差 last year is not supported.
func hostYearPolicy(t *testing.T, dir string, hostRule bool) string {
	t.Helper()
	data, err := os.ReadFile(exAntePolicy)
	require.NoError(t, err)
	var ex map[string]any
	require.NoError(t, json.Unmarshal(data, &ex))
	if hostRule {
		set := ex["rules"].(map[string]any)
		set["rules"] = append(set["rules"].([]any), map[string]any{
			"id": "H-POOR", "name": "上年评价为差的单位不予支持", "when": `PriorGrade == "差"`,
			"outputs": []any{map[string]any{"name": "verdict", "type": "string", "expr": `"reject"`}}})
	}
	year := map[string]any{"id": "host-csv", "version": "1",
		"fields": []any{map[string]any{"name": "PriorGrade", "type": "grade", "default": "良"}},
		"exante": ex}
	data, err = json.Marshal(year)
	require.NoError(t, err)
	name := filepath.Join(dir, "year.json")
	require.NoError(t, os.WriteFile(name, data, 0o644))
	return name
}

// withHostColumn adds the column host.PriorGrade to projects.csv: 差 for
// XM2021-1-001, 良 for XM2021-1-002, empty (the default, 良) for the rest.
func withHostColumn(data []byte) []byte {
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, "\r")
		switch {
		case l == "":
			continue
		case i == 0:
			l += ",host.PriorGrade"
		case strings.HasPrefix(l, "XM2021-1-001,"):
			l += ",差"
		case strings.HasPrefix(l, "XM2021-1-002,"):
			l += ",良"
		default:
			l += ","
		}
		lines[i] = l
	}
	return []byte(strings.Join(lines, "\n"))
}

// TestAssessCSVHostColumns: a host.NAME column of projects.csv reaches the
// rules of a whole-year policy as Project.Host[NAME] and changes a verdict.
//
// Worked by hand from assess_portfolio_csv_en.golden (the same projects
// under the same ex-ante rules): XM2021-1-001 is supported, 593.03万元
// submitted, 49.58万元 cut by EA-L01/EA-L02. Its unit was graded 差 last
// year (host.PriorGrade), so H-POOR rejects it: the verdict becomes reject
// and the whole 5,930,252.80 yuan = 593.03万元 is cut, 100.00%, approved
// 0.00万元. XM2021-1-002 (良) and XM2021-1-005 (empty: the default 良) are
// untouched by H-POOR: 002 stays supported, 005 stays rejected by the
// thresholds.
func TestAssessCSVHostColumns(t *testing.T) {
	dir := copyDir(t, csvDir, map[string]func([]byte) []byte{projectsCSV: withHostColumn})
	const header = "round,project,name,verdict,submitted,reduced,approved,rate,rules\n"
	const p002 = "round 1,XM2021-1-002,卫健委培训项目,support,350.84万元,71.56万元,279.29万元,20.40%,\"EA-L02,EA-L01,EA-P01\"\n"
	const p005 = "round 1,XM2021-1-005,民政局信息化项目,reject,450.56万元,450.56万元,0.00万元,100.00%,thresholds\n"

	// The host field declared but no rule reading it: the golden's figures.
	code, out, errOut := runCmd(t, "assess", "--lang", "en", "--format", "csv", "--policy", hostYearPolicy(t, t.TempDir(), false), dir)
	require.Equal(t, exitOK, code, errOut)
	golden, err := os.ReadFile("testdata/assess_portfolio_csv_en.golden")
	require.NoError(t, err)
	assert.Equal(t, string(golden), out)

	code, out, errOut = runCmd(t, "assess", "--lang", "en", "--format", "csv", "--policy", hostYearPolicy(t, t.TempDir(), true), dir)
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, header+
		"round 1,XM2021-1-001,教育局运维项目,reject,593.03万元,593.03万元,0.00万元,100.00%,H-POOR\n"+
		p002+p005, out)
	assert.Contains(t, errOut, "rows read 24, accepted 24, rejected 0")

	// A value the declared type cannot parse fails the rule for that
	// project alone, named with the value; the others are assessed.
	bad := copyDir(t, dir, map[string]func([]byte) []byte{projectsCSV: func(b []byte) []byte {
		return bytes.Replace(b, []byte(",差"), []byte(",甲等"), 1)
	}})
	code, out, errOut = runCmd(t, "assess", "--lang", "en", "--format", "csv", "--policy", hostYearPolicy(t, t.TempDir(), true), bad)
	assert.Equal(t, exitFindings, code)
	assert.Equal(t, header+p002+p005, out)
	assert.Contains(t, errOut, `XM2021-1-001): rule H-POOR: when (1:1): evaluation error: host field PriorGrade: "甲等" is not a grade`)
}
