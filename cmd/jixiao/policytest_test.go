package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
)

const (
	histFile = "../../testdata/history/records.jsonl.gz"
	policyV1 = "../../testdata/history/policy_v1.json"
	policyV2 = "../../testdata/history/policy_v2.json"
)

func replay(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := replayCmd(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestPolicytestReplayDiff(t *testing.T) {
	changes := filepath.Join(t.TempDir(), "changes.csv")
	code, out, errOut := replay(t, "--history", histFile, "--lang", "en", "--sample", "3", "--verify", "--changes", changes, policyV1, policyV2)
	assert.Equal(t, exitOK, code, errOut)
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

	code, out, _ = replay(t, "--history", histFile, "--format", "csv", "--workers", "2", policyV1, policyV2)
	assert.Equal(t, exitOK, code)
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
	code, out, errOut := replay(t, "--history", histFile, policyV1)
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
		{"no policy", []string{"--history", histFile}, exitUsage, "jixiao replay: want one or two POLICY files; run 'jixiao replay -h'\n"},
		{"lang", []string{"--lang", "fr", policyV1}, exitUsage, "jixiao replay: unknown --lang \"fr\" (want zh or en)\n"},
		{"changes needs two", []string{"--history", histFile, "--changes", "x.csv", policyV1}, exitUsage, "jixiao replay: --changes needs two policies\n"},
		{"bad policy", []string{"--history", histFile, "../../testdata/expost/policy.json"}, exitUsage, "jixiao replay: ../../testdata/expost/policy.json: history: bad policy:"},
		{"missing history", []string{"--history", "testdata/none/records.jsonl", "--org", "../../testdata/history/org.json", "--standards", "../../testdata/history/standards.json", policyV1}, exitUsage, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := replay(t, tt.args...)
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
	code, _, errOut := replay(t, "--history", filepath.Join(dir, "records.jsonl"), "--verify", "--lang", "en", policyV1)
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

	code, out, errOut := replay(t, "--history", filepath.Join(dir, "records.csv"), "--format", "json", policyV1, policyV2)
	require.Equal(t, exitOK, code, errOut)
	var rep history.Report
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, 40, rep.Records)
	assert.Equal(t, 0, rep.Errors)
	// The same 40 records from the JSON-lines file give the same report.
	var want history.Report
	code, out, _ = replay(t, "--history", histFile, "--format", "json", policyV1, policyV2)
	require.Equal(t, exitOK, code)
	require.NoError(t, json.Unmarshal([]byte(out), &want))
	assert.Greater(t, want.Records, rep.Records)

	code, out, _ = replay(t, "-h")
	assert.Equal(t, exitOK, code)
	assert.True(t, strings.HasPrefix(out, "usage: jixiao replay [flags] POLICY [POLICY_B]"))
}
