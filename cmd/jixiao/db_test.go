package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smallHistory writes the first n records of the bundled history, with its
// org.json and standards.json, to a folder.
func smallHistory(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	src := "../../testdata/history"
	for _, f := range []string{"org.json", "standards.json"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), b, 0o644))
	}
	f, err := os.Open(filepath.Join(src, "records.jsonl.gz"))
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	var out bytes.Buffer
	for i := 0; i < n && sc.Scan(); i++ {
		out.Write(sc.Bytes())
		out.WriteByte('\n')
	}
	require.NoError(t, sc.Err())
	require.NoError(t, os.WriteFile(filepath.Join(dir, "records.jsonl"), out.Bytes(), 0o644))
	return dir
}

func runOut(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestDBCommands imports 200 bundled records into a SQLite file and checks
// that replay and diff --db print byte for byte what they print from the
// files, that a second import changes nothing, and that replaying v1 with
// --log reproduces the recorded decisions (they were made by v1: no
// change between the runs "recorded" and "v1"), while v2 changes some.
func TestDBCommands(t *testing.T) {
	hist := smallHistory(t, 200)
	db := filepath.Join(t.TempDir(), "history.db")
	v1, v2 := "../../testdata/history/policy_v1.json", "../../testdata/history/policy_v2.json"

	code, out, errs := runOut(t, "import", "--lang", "en", "--db", db, hist)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "200 records read, 200 written, 0 already stored, 0 rejected")
	code, out, _ = runOut(t, "import", "--lang", "en", "--db", db, hist)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "200 records read, 0 written, 200 already stored")

	for _, args := range [][]string{
		{"replay", "--lang", "en", v1},
		{"replay", "--format", "csv", v2},
		{"diff", "--lang", "en", v1, v2},
		{"diff", "--format", "json", v1, v2},
	} {
		fc, fileOut, fileErr := runOut(t, append([]string{args[0], "--history", hist}, args[1:]...)...)
		dc, dbOut, dbErr := runOut(t, append([]string{args[0], "--db", db}, args[1:]...)...)
		assert.Equal(t, fc, dc, "exit code of %v", args)
		assert.Equal(t, fileErr, dbErr, "stderr of %v", args)
		assert.Equal(t, fileOut, dbOut, "output of %v", args)
		assert.NotEmpty(t, dbOut)
	}

	code, _, errs = runOut(t, "replay", "--lang", "en", "--db", db, "--log", "v1", v1)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, errs, "decision log v1: 1 batches, 800 decisions written", "200 records of 2021 in one batch, 4 stages each")
	code, _, errs = runOut(t, "replay", "--lang", "en", "--db", db, "--log", "v1", v1)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, errs, "decision log v1: 0 batches, 0 decisions written", "a re-run writes nothing")
	code, out, errs = runOut(t, "decisions", "--db", db, "--changes", "recorded,v1")
	assert.Equal(t, exitOK, code, errs)
	assert.Empty(t, out, "v1 reproduces the recorded decisions")

	code, _, errs = runOut(t, "replay", "--db", db, "--log", "v2", v2)
	require.Equal(t, exitOK, code, errs)
	code, out, _ = runOut(t, "decisions", "--db", db, "--changes", "recorded,v2")
	assert.Equal(t, exitFindings, code)
	assert.NotEmpty(t, out)
	code, out, _ = runOut(t, "decisions", "--db", db, "--project", "XM000004")
	assert.Equal(t, exitOK, code)
	assert.Len(t, strings.Split(strings.TrimSpace(out), "\n"), 12, "4 stages × runs recorded, v1, v2")

	missing := filepath.Join(t.TempDir(), "missing.db")
	code, _, errs = runOut(t, "replay", "--db", missing, v1)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "missing.db")
	assert.NoFileExists(t, missing, "replay does not create an empty database")
}
