package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/xlsx"
)

const (
	histFile = "../../testdata/history/records.jsonl.gz"
	policyV1 = "../../testdata/history/policy_v1.json"
	policyV2 = "../../testdata/history/policy_v2.json"
)

func TestPolicytestReplayDiff(t *testing.T) {
	changes := filepath.Join(t.TempDir(), "changes.csv")
	code, out, errOut := runCmd(t, "diff", "--history", histFile, "--lang", "en", "--sample", "3", "--verify", "--changes", changes, policyV1, policyV2)
	// Projects change: exit 1, as for findings.
	assert.Equal(t, exitFindings, code, errOut)
	assert.Equal(t, "verify: 3227 records, 3227 reproduced exactly, 0 differ, 0 name an unknown policy, 0 without decisions\n", errOut)
	golden(t, "policytest_diff_en", out)
	// v2 grades 中 from 70: the 122 projects scored 60–70 go from 中 to 差.
	assert.Contains(t, out, "records 3227, changed ")

	data, err := os.ReadFile(changes)
	require.NoError(t, err)
	rows := strings.Split(strings.TrimSpace(string(data)), "\n")
	require.NotEmpty(t, rows)
	assert.True(t, strings.HasPrefix(rows[0], "fiscal_year,project_id,department,region,kinds,"))
	// One row per changed record, as many as the report counts.
	assert.Contains(t, out, "changed "+itoa(len(rows)-1)+",")

	code, out, _ = runCmd(t, "diff", "--history", histFile, "--format", "csv", "--workers", "2", policyV1, policyV2)
	assert.Equal(t, exitFindings, code)
	golden(t, "policytest_diff_csv", out)
}

func itoa(n int) string {
	var b []byte
	if n == 0 {
		return "0"
	}
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestPolicytestReplayOne(t *testing.T) {
	code, out, errOut := runCmd(t, "replay", "--history", histFile, policyV1)
	assert.Equal(t, exitOK, code, errOut)
	golden(t, "policytest_replay_zh", out)
}

func TestPolicytestReplayBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no policy", []string{"replay", "--history", histFile}, exitUsage, "jixiao replay: want one POLICY; run 'jixiao help replay' (jixiao diff compares two)\n"},
		{"two policies", []string{"replay", policyV1, policyV2}, exitUsage, "jixiao replay: want one POLICY; run 'jixiao help replay' (jixiao diff compares two)\n"},
		{"diff one policy", []string{"diff", policyV1}, exitUsage, "jixiao diff: want POLICY_A and POLICY_B; run 'jixiao help diff'\n"},
		{"lang", []string{"replay", "--lang", "fr", policyV1}, exitUsage, "jixiao replay: unknown --lang \"fr\" (want zh or en)\n"},
		{"format", []string{"diff", "--format", "xml", policyV1, policyV2}, exitUsage, "jixiao diff: unknown --format \"xml\" (want text, json or csv)\n"},
		{"changes only in diff", []string{"replay", "--changes", "x.csv", policyV1}, exitUsage, "flag provided but not defined: -changes\nrun 'jixiao help replay' for usage\n"},
		{"bad policy", []string{"diff", "--history", histFile, policyV1, "../../testdata/expost/policy.json"}, exitUsage,
			"jixiao diff: ../../testdata/expost/policy.json: policy: projects: 未知字段 \"projects\" (unknown_field)\n"},
		{"missing history", []string{"replay", "--history", "testdata/none/records.jsonl", "--org", "../../testdata/history/org.json", "--standards", "../../testdata/history/standards.json", policyV1}, exitUsage, "jixiao replay: testdata/none/records.jsonl：找不到文件\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tt.args...)
			assert.Equal(t, tt.code, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, tt.want)
		})
	}
}

// A record that no longer verifies makes verification fail with exit 1.
func TestPolicytestReplayVerifyFails(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"org.json", "standards.json"} {
		data, err := os.ReadFile(filepath.Join("../../testdata/history", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
	}
	// Take the first two records and change the second's recorded
	// next-year amount.
	lines := firstRecordLines(t, 2)
	i := strings.Index(lines[1], `"next_year":`)
	require.Positive(t, i)
	j := strings.Index(lines[1][i:], `"amount":"`) + i + len(`"amount":"`)
	lines[1] = lines[1][:j] + "9" + lines[1][j:]
	require.NoError(t, os.WriteFile(filepath.Join(dir, "records.jsonl"), []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	code, _, errOut := runCmd(t, "replay", "--history", filepath.Join(dir, "records.jsonl"), "--verify", "--lang", "en", policyV1)
	assert.Equal(t, exitFindings, code)
	assert.True(t, strings.HasPrefix(errOut, "verify: 2 records, 1 reproduced exactly, 1 differ"), errOut)
}

func firstRecordLines(t *testing.T, n int) []string {
	t.Helper()
	f, err := os.Open(histFile)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	var b bytes.Buffer
	buf := make([]byte, 1<<16)
	for bytes.Count(b.Bytes(), []byte("\n")) < n {
		k, err := zr.Read(buf)
		b.Write(buf[:k])
		if err != nil {
			break
		}
	}
	return strings.SplitN(b.String(), "\n", n+1)[:n]
}

// A CSV history (records.csv and cost_lines.csv) replays like JSON lines,
// and --format json gives the report as JSON.
func TestPolicytestReplayCSVHistoryJSON(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"org.json", "standards.json"} {
		data, err := os.ReadFile(filepath.Join("../../testdata/history", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
	}
	rf, err := os.Create(filepath.Join(dir, "records.csv"))
	require.NoError(t, err)
	lf, err := os.Create(filepath.Join(dir, "cost_lines.csv"))
	require.NoError(t, err)
	w := history.NewCSVWriter(rf, lf)
	n := 0
	for r, err := range history.ReadFile(histFile) {
		require.NoError(t, err)
		require.NoError(t, w.Write(r))
		if n++; n == 40 {
			break
		}
	}
	require.NoError(t, w.Flush())
	require.NoError(t, rf.Close())
	require.NoError(t, lf.Close())

	code, out, errOut := runCmd(t, "diff", "--history", filepath.Join(dir, "records.csv"), "--format", "json", policyV1, policyV2)
	require.NotEqual(t, exitUsage, code, errOut)
	var rep history.Report
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, 40, rep.Records)
	assert.Equal(t, 0, rep.Errors)
	// Exit 1 exactly when some project changes.
	assert.Equal(t, rep.Changed > 0, code == exitFindings, "changed %d, exit %d", rep.Changed, code)

	// A policy against itself changes nothing: exit 0.
	code, out, errOut = runCmd(t, "diff", "--history", filepath.Join(dir, "records.csv"), "--format", "json", policyV1, policyV1)
	require.Equal(t, exitOK, code, errOut)
	var same history.Report
	require.NoError(t, json.Unmarshal([]byte(out), &same))
	assert.Equal(t, 40, same.Records)
	assert.Equal(t, 0, same.Changed)
	// The same 40 records from the JSON-lines file give the same report.
	var want history.Report
	code, out, _ = runCmd(t, "diff", "--history", histFile, "--format", "json", policyV1, policyV2)
	require.Equal(t, exitFindings, code)
	require.NoError(t, json.Unmarshal([]byte(out), &want))
	assert.Greater(t, want.Records, rep.Records)

	code, out, _ = runCmd(t, "replay", "-h")
	assert.Equal(t, exitOK, code)
	assert.True(t, strings.HasPrefix(out, "usage: jixiao replay [history flags] [--verify] POLICY\n"))
}

// A history workbook (sheets records and cost_lines in the CSV layout)
// replays exactly as the same records as CSV files, through the same row
// decoder; a bad row names the workbook's sheet and its line.
func TestPolicytestReplayXLSXHistory(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"org.json", "standards.json"} {
		data, err := os.ReadFile(filepath.Join("../../testdata/history", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
	}
	var rb, lb bytes.Buffer
	w := history.NewCSVWriter(&rb, &lb)
	n := 0
	for r, err := range history.ReadFile(histFile) {
		require.NoError(t, err)
		require.NoError(t, w.Write(r))
		if n++; n == 40 {
			break
		}
	}
	require.NoError(t, w.Flush())
	table := func(b []byte) [][]string {
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		require.NoError(t, err)
		return rows
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "records.csv"), rb.Bytes(), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "cost_lines.csv"), lb.Bytes(), 0o644))
	recs, lines := table(rb.Bytes()), table(lb.Bytes())
	var book bytes.Buffer
	require.NoError(t, xlsx.WriteTables(&book, []string{"records", "cost_lines"}, [][][]string{recs, lines}))
	wbName := filepath.Join(dir, "history.xlsx")
	require.NoError(t, os.WriteFile(wbName, book.Bytes(), 0o644))

	code, want, errOut := runCmd(t, "diff", "--history", filepath.Join(dir, "records.csv"), "--format", "json", policyV1, policyV2)
	require.NotEqual(t, exitUsage, code, errOut)
	code2, got, errOut := runCmd(t, "diff", "--history", wbName, "--format", "json", policyV1, policyV2)
	require.Equal(t, code, code2, errOut)
	assert.JSONEq(t, want, got, "the workbook replays as the CSV files")
	var rep history.Report
	require.NoError(t, json.Unmarshal([]byte(got), &rep))
	assert.Equal(t, 40, rep.Records)

	// Row 3 of the records sheet (the second record) gets a bad amount.
	col := slices.Index(recs[0], "amount")
	require.GreaterOrEqual(t, col, 0)
	recs[2][col] = "一百万"
	book.Reset()
	require.NoError(t, xlsx.WriteTables(&book, []string{"records", "cost_lines"}, [][][]string{recs, lines}))
	require.NoError(t, os.WriteFile(wbName, book.Bytes(), 0o644))
	_, got, errOut = runCmd(t, "diff", "--history", wbName, "--format", "json", policyV1, policyV2)
	assert.Contains(t, errOut, wbName+"!records line 3, column amount")
	require.NoError(t, json.Unmarshal([]byte(got), &rep))
	assert.Equal(t, 39, rep.Records, "the other records are replayed")
	assert.Equal(t, 1, rep.Errors)
}
