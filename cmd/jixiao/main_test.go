package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/jixiao-go/jixiao/internal/testflag"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

var update = testflag.Update()

// runCmd runs the command in-process and returns its exit code and output.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// golden compares got with testdata/name.golden, or rewrites it with
// -update (ruletest.Golden).
func golden(t *testing.T, name, got string) {
	t.Helper()
	ruletest.Golden(t, filepath.Join("testdata", name+".golden"), []byte(got), *update)
}

func TestUsage(t *testing.T) {
	code, out, errOut := runCmd(t)
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "usage: jixiao <command>")

	code, _, errOut = runCmd(t, "frobnicate")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "jixiao: unknown command \"frobnicate\"; run 'jixiao help'\n", errOut)

	code, out, _ = runCmd(t, "help")
	assert.Equal(t, exitOK, code)
	golden(t, "help", out)

	code, _, errOut = runCmd(t, "audit", "--nope")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "flag provided but not defined: -nope\nrun 'jixiao help audit' for usage\n", errOut)

	code, _, errOut = runCmd(t, "audit", "--lang", "fr", "x.json")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "jixiao audit: unknown --lang \"fr\" (want zh or en)\n", errOut)
}

// Every command explains itself with an example, both as "help CMD" and "CMD -h".
func TestHelpEveryCommand(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			code, out, _ := runCmd(t, "help", c.name)
			assert.Equal(t, exitOK, code)
			assert.Contains(t, out, "usage: jixiao "+c.name)
			assert.Contains(t, out, "example:\n  jixiao "+c.name)
			code, out2, _ := runCmd(t, c.name, "-h")
			assert.Equal(t, exitOK, code)
			assert.Equal(t, out, out2)
		})
	}
}

func TestAuditRollUp(t *testing.T) {
	// 600 + 250 + 150 = 1,000.00万元 reconciles; 400 + 100 = 500.00 ≠ 500.01万元.
	code, out, _ := runCmd(t, "audit", "--lang", "en", "testdata/rollup.json")
	assert.Equal(t, exitFindings, code)
	golden(t, "audit_rollup_en", out)
	assert.Contains(t, out, "项目支出 合计    500.01万元    500.00万元    0.01万元  INCONSISTENT")
}

func TestAuditCSV(t *testing.T) {
	// 240 ÷ 1,200 = 20.00%, printed 20.01%: one finding. 3 rows read, all accepted.
	code, out, errOut := runCmd(t, "audit", "testdata/rates.csv")
	assert.Equal(t, exitFindings, code)
	assert.Equal(t, "读取 3 行，接受 3 行，拒绝 0 行\n", errOut)
	golden(t, "audit_rates_csv", out)
}

// A GB18030 file, as spreadsheet software in Chinese locales saves it, reads
// the same as the UTF-8 one, detected or named.
func TestAuditCSVGB18030(t *testing.T) {
	utf, err := os.ReadFile("testdata/rates.csv")
	require.NoError(t, err)
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(utf)
	require.NoError(t, err)
	require.NotEqual(t, utf, gb)
	path := filepath.Join(t.TempDir(), "rates-gb.csv")
	require.NoError(t, os.WriteFile(path, gb, 0o644))

	_, want, _ := runCmd(t, "audit", "testdata/rates.csv")
	for _, enc := range []string{"auto", "gb18030", "gbk"} {
		code, out, errOut := runCmd(t, "audit", "--encoding", enc, path)
		assert.Equal(t, exitFindings, code, enc)
		assert.Equal(t, "读取 3 行，接受 3 行，拒绝 0 行\n", errOut, enc)
		assert.Equal(t, want, out, enc)
	}
	// Read as UTF-8 it is refused with the line and a hint, exit 2.
	code, out, errOut := runCmd(t, "audit", "--encoding", "utf-8", path)
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out)
	assert.Equal(t, "jixiao audit: "+path+":1: invalid UTF-8 (is the file GB18030? try --encoding gb18030)\n", errOut)
}

func TestAuditBadRows(t *testing.T) {
	code, out, errOut := runCmd(t, "audit", "--lang", "en", "testdata/rates_bad.csv")
	// good (191.3 ÷ 1000 = 19.13%) and ok approved (200 ÷ (800+200) = 20.0%) pass;
	// the bad rows are skipped, reported and counted: no finding, but 4 of 6
	// rows rejected is not a success, exit 1.
	assert.Equal(t, exitFindings, code)
	want := strings.Join([]string{
		"testdata/rates_bad.csv:3:6: 6 fields, want 5 as in the header",
		`testdata/rates_bad.csv:4:2: submitted: parsing "12,34": misplaced thousands separator at byte 5`,
		"testdata/rates_bad.csv:5:2: submitted: empty, and no approved amount either",
		`testdata/rates_bad.csv:6:5: rate: parsing "5 percent": unknown unit at byte 2`,
		"rows read 6, accepted 2, rejected 4",
		""}, "\n")
	assert.Equal(t, want, errOut)
	assert.Contains(t, out, "0 finding(s).")

	code, out, errOut = runCmd(t, "audit", "--strict", "testdata/rates_bad.csv")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out)
	assert.Equal(t, "jixiao audit: testdata/rates_bad.csv:3:6: 字段数与表头不一致：6 fields, want 5 as in the header\n", errOut)
}

func TestAuditBadInput(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.csv")
	require.NoError(t, os.WriteFile(missing, []byte("name,submitted,rate\na,1,1%\n"), 0o644))
	unknown := filepath.Join(dir, "unknown.csv")
	require.NoError(t, os.WriteFile(unknown, []byte("name,submitted,reduced,rate,remark\n"), 0o644))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"audit"}, "jixiao audit: want one FILE; run 'jixiao help audit'\n"},
		{"unreadable", []string{"audit", filepath.Join(dir, "nope.json")}, "jixiao audit: " + filepath.Join(dir, "nope.json") + "：找不到文件\n"},
		{"malformed json", []string{"audit", "testdata/malformed.json"}, "jixiao audit: testdata/malformed.json:2:1: JSON 格式错误：unexpected end of JSON input\n"},
		{"unknown json field", []string{"audit", "testdata/bad.json"}, "jixiao audit: testdata/bad.json: rates[0].stated_by: 未知字段 \"rates[0].stated_by\" (unknown_field)\n"},
		{"missing column", []string{"audit", missing}, "jixiao audit: " + missing + ":1: missing column reduced: bad header\n"},
		{"unknown column", []string{"audit", unknown}, "jixiao audit: " + unknown + `:1: unknown column "remark" (column 5); known columns: name (项目名称, 项目, 名称, 轮次), count (项目数, 个数), submitted (送审金额, 送审), approved (审定金额, 审定), reduced (审减金额, 审减), rate (审减率): bad header` + "\n"},
		{"bad unit", []string{"audit", "--unit", "jin", "x.csv"}, "jixiao audit: --unit: unknown unit \"jin\" (want yuan, wan or yi; 元, 万元 or 亿元)\n"},
		{"bad encoding", []string{"audit", "--encoding", "latin1", "x.csv"}, "jixiao audit: --encoding: unknown encoding \"latin1\" (want auto, utf-8, gb18030 or gbk)\n"},
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

// Every example in the help runs as printed, from the repository root, and
// none is a usage or input error (exit 2).
func TestHelpExamplesRun(t *testing.T) {
	t.Chdir("../..")
	for _, c := range commands() {
		if c.name == "demo" {
			continue // demo runs the whole sample; its own test runs it
		}
		if c.name == "import" || c.name == "decisions" {
			continue // they write and read a database file; TestDBCommands runs them in a temporary folder
		}
		for _, line := range strings.Split(strings.TrimSpace(c.example), "\n") {
			t.Run(line, func(t *testing.T) {
				args := strings.Fields(line)
				require.Equal(t, "jixiao", args[0])
				code, _, errOut := runCmd(t, args[1:]...)
				assert.NotEqual(t, exitUsage, code, errOut)
			})
		}
	}
}
