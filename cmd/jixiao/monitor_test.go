package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
)

const (
	monBudgets  = "testdata/monitor/budgets.json"
	monPayments = "testdata/monitor/payments.csv"
	quarters    = "2021-03-31,2021-06-30,2021-09-30,2021-12-31"
)

// A year of quarterly checks on four projects. Worked by hand for Q1
// (expected progress 3/12 = 25%): P1 300,000/1,200,000 = 25% green;
// P2 150,000/3,000,000 = 5%, 20 points behind, red; P3 160,000/800,000 = 20%,
// 5 behind, yellow; P4 nothing spent, 25 behind, red. At the end of August
// P2 has 1,500,000 (50%) and P4 500,000 (25%) of budgets ≥ 2,000,000: the
// below-60% trigger fires for both. Year end: unspent P2 600,000 + P3 20,000
// + P4 500,000 = 112.00万元; P4 continues, so 50.00万元 is carried over
// (75% ≥ 60%, not recovered) and 62.00万元 surplus is recovered.
func TestMonitorYear(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			code, out, errOut := runCmd(t, "monitor", "--lang", lang, "--as-of", quarters, monBudgets, monPayments)
			assert.Equal(t, exitFindings, code)
			golden(t, "monitor_year_"+lang, out)
			if lang == "zh" {
				assert.Equal(t, "读取 16 行，接受 16 行，拒绝 0 行\n", errOut)
				assert.Contains(t, out, "300.00   5.00%    25.00%  -20.00             60.00  红灯")
				assert.Contains(t, out, "未执行 112.00万元  结转 50.00万元  结余 62.00万元  拟收回 62.00万元")
			}
		})
	}
}

func TestMonitorJSON(t *testing.T) {
	code, out, _ := runCmd(t, "monitor", "--format", "json", "--as-of", "2021-09-30", monBudgets, monPayments)
	assert.Equal(t, exitFindings, code)
	golden(t, "monitor_q3_json", out)
}

func TestMonitorGB18030Records(t *testing.T) {
	utf, err := os.ReadFile(monPayments)
	require.NoError(t, err)
	// A classification in Chinese makes the encodings differ.
	utf = append(utf, []byte("P1,2021-12-31,0,办公费\n")...)
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(utf)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "payments-gb.csv")
	require.NoError(t, os.WriteFile(path, gb, 0o644))
	_, want, _ := runCmd(t, "monitor", "--as-of", quarters, monBudgets, monPayments)
	code, out, errOut := runCmd(t, "monitor", "--as-of", quarters, monBudgets, path)
	assert.Equal(t, exitFindings, code)
	assert.Equal(t, "读取 17 行，接受 17 行，拒绝 0 行\n", errOut)
	assert.Equal(t, want, out)
}

func TestMonitorBadRows(t *testing.T) {
	code, _, errOut := runCmd(t, "monitor", "--lang", "en", "--as-of", "2021-03-31", monBudgets, "testdata/monitor/payments_bad.csv")
	assert.Equal(t, exitFindings, code)
	assert.Equal(t, "testdata/monitor/payments_bad.csv:3:2: date: date \"2021-13-01\" is not YYYY-MM-DD\n"+
		// Line 4, P3,2021-03-25,12,34: the unquoted thousands separator
		// makes a fourth field (column 4); the row is rejected, not read as
		// 12 yuan.
		"testdata/monitor/payments_bad.csv:4:4: wrong number of fields: 4, the header has 3\n"+
		"testdata/monitor/payments_bad.csv:5:3: amount: parsing \"abc\": invalid syntax at byte 0\n"+
		"rows read 4, accepted 1, rejected 3\n", errOut)

	code, out, errOut := runCmd(t, "monitor", "--strict", "--as-of", "2021-03-31", monBudgets, "testdata/monitor/payments_bad.csv")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out)
	assert.Equal(t, "jixiao monitor: testdata/monitor/payments_bad.csv:3:2: date: date \"2021-13-01\" is not YYYY-MM-DD\n", errOut)
}

func TestMonitorBadInput(t *testing.T) {
	dir := t.TempDir()
	header := filepath.Join(dir, "header.csv")
	require.NoError(t, os.WriteFile(header, []byte("pid,date,amount\n"), 0o644))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no as-of", []string{"monitor", monBudgets, monPayments}, "jixiao monitor: --as-of is required, such as --as-of 2021-03-31,2021-06-30\n"},
		{"bad date", []string{"monitor", "--as-of", "2021-02-30", monBudgets, monPayments}, "jixiao monitor: --as-of: \"2021-02-30\" is not a date YYYY-MM-DD\n"},
		{"dates out of order", []string{"monitor", "--as-of", "2021-06-30,2021-03-31", monBudgets, monPayments}, "jixiao monitor: --as-of: 2021-03-31 is not after 2021-06-30\n"},
		{"missing column", []string{"monitor", "--as-of", "2021-03-31", monBudgets, header},
			"jixiao monitor: " + header + ": line 1, column project_id: bad header: missing column project_id\n"},
		{"unknown field", []string{"monitor", "--as-of", "2021-03-31", "testdata/portfolio_unknown.json", monPayments},
			"jixiao monitor: testdata/portfolio_unknown.json: projects: 未知字段 \"projects\" (unknown_field)\n"},
		{"one file", []string{"monitor", "--as-of", "2021-03-31", monBudgets}, "jixiao monitor: want PORTFOLIO and RECORDS, or a folder; run 'jixiao help monitor'\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tt.args...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, out)
			assert.Equal(t, tt.want, errOut)
		})
	}
}

// The bundled 2021 sample as a folder: budgets, adjustments, records, the
// bureau's policy, and goal progress reports for double monitoring.
func TestMonitorBundledQ3(t *testing.T) {
	code, out, errOut := runCmd(t, "monitor", "--as-of", "2021-09-30", "../../testdata/monitoring")
	assert.Equal(t, exitFindings, code)
	assert.Equal(t, "读取 962 行，接受 962 行，拒绝 0 行\n", errOut)
	golden(t, "monitor_bundled_q3_zh", out)
	assert.Contains(t, out, "目标运行监控：指标 258 个")
}
