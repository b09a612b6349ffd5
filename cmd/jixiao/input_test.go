package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/internal/csvio"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeFile writes data to name in a fresh folder and returns its path.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, data, 0o644))
	return p
}

const bom = "\xef\xbb\xbf"

// A JSON file saved with a UTF-8 byte order mark reads as without one, for
// every kind of file check knows and for assess's submissions.
func TestInputBOM(t *testing.T) {
	for _, f := range []string{"testdata/portfolio.json", "testdata/rules_bad.json", "../../testdata/exante/policy.json"} {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		p := writeFile(t, filepath.Base(f), append([]byte(bom), data...))
		wantCode, want, _ := runCmd(t, "check", "--lang", "en", f)
		code, out, errOut := runCmd(t, "check", "--lang", "en", p)
		assert.Equal(t, wantCode, code, f)
		assert.Empty(t, errOut, f)
		assert.Equal(t, want, strings.ReplaceAll(out, p, f), f)
	}

	dir := t.TempDir()
	for _, f := range []string{"policy.json", "standards.json", "goals.json", "org.json", "portfolio.json"} {
		data, err := os.ReadFile(filepath.Join("../../testdata/exante", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), append([]byte(bom), data...), 0o644))
	}
	_, want, _ := runCmd(t, "assess", "../../testdata/exante")
	code, out, errOut := runCmd(t, "assess", dir)
	assert.Equal(t, exitOK, code)
	assert.Empty(t, errOut)
	assert.Equal(t, want, out)
}

// Syntax and decimal errors name the line and the column in characters.
func TestInputPositions(t *testing.T) {
	// `{"projects": [{"name": "项目", ` is 29 characters (but 33 bytes): the
	// x is the 30th.
	p := writeFile(t, "syntax.json", []byte(`{"projects": [{"name": "项目", x}]}`))
	code, out, errOut := runCmd(t, "check", "--lang", "en", p)
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out)
	assert.Equal(t, "jixiao check: "+p+":1:30: invalid character 'x' looking for beginning of object key string\n", errOut)

	// Line 2 is `  {"id": "P1", "name": "项目", "amount": "12,5"}`: the amount's
	// value starts at character 40 (byte 44).
	p = writeFile(t, "decimal.json", []byte("{\"projects\": [\n  {\"id\": \"P1\", \"name\": \"项目\", \"amount\": \"12,5\"}\n]}\n"))
	code, out, _ = runCmd(t, "check", "--lang", "en", p)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, p+":2:40: projects[0].amount: ")
	assert.Contains(t, out, "can't convert 12,5 to decimal")
}

// A missing or wrong --history is named as given, not as the org.json that
// would sit beside it; a folder holding records.jsonl.gz is a history.
func TestInputHistoryPath(t *testing.T) {
	empty := t.TempDir()
	code, _, errOut := runCmd(t, "replay", "--lang", "en", "--history", empty, policyV1)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, filepath.Join(empty, "records.jsonl.gz"))
	assert.NotContains(t, errOut, "org.json")

	missing := filepath.Join(empty, "none")
	code, _, errOut = runCmd(t, "replay", "--lang", "en", "--history", missing, policyV1)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, missing)
	assert.NotContains(t, errOut, "org.json")

	_, want, _ := runCmd(t, "replay", "--history", histFile, policyV1)
	code, out, errOut := runCmd(t, "replay", "--history", filepath.Dir(histFile), policyV1)
	assert.Equal(t, exitOK, code, errOut)
	assert.Equal(t, want, out)
}

// The library's package prefixes are dropped wherever they stand in a
// message, and nowhere else.
func TestBare(t *testing.T) {
	tests := []struct{ in, want string }{
		{"monitoring: rules: rules: rule M1: when (1:21): type error", "rule M1: when (1:21): type error"},
		{`amount: performance: parsing "12,34": misplaced thousands separator`, `amount: parsing "12,34": misplaced thousands separator`},
		{"f.json: history: bad policy\nf.json: evaluation: x", "f.json: bad policy\nf.json: x"},
		{"3 rules: none fired", "3 rules: none fired"},
		{"no performance: here", "no performance: here"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, bare(tt.in), tt.in)
	}
}

// Errors reach finance staff without Go package prefixes, with where they
// are, and in the language of --lang where the command or the library has
// the words.
func TestErrorsWorded(t *testing.T) {
	// A rule-set problem from monitor: no "rules: " before the path.
	code, _, errOut := runCmd(t, "monitor", "--lang", "en", "--as-of", "2021-06-30", "--rules", "testdata/rules_bad.json", "../../testdata/monitoring")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "jixiao monitor: testdata/rules_bad.json: rules[0].outputs[0].typ: invalid rule set: unknown field \"typ\" (did you mean \"type\"?)\n", errOut)

	// Malformed JSON: in Chinese with the words 格式错误, in English as
	// encoding/json says it.
	for lang, want := range map[string]string{
		"zh": "jixiao audit: testdata/malformed.json:2:1: JSON 格式错误：unexpected end of JSON input\n",
		"en": "jixiao audit: testdata/malformed.json:2:1: unexpected end of JSON input\n",
	} {
		code, _, errOut := runCmd(t, "audit", "--lang", lang, "testdata/malformed.json")
		assert.Equal(t, exitUsage, code, lang)
		assert.Equal(t, want, errOut, lang)
	}

	// A missing file, in both languages.
	for lang, want := range map[string]string{"zh": "jixiao check: testdata/none.json：找不到文件\n", "en": "jixiao check: testdata/none.json: no such file\n"} {
		_, _, errOut := runCmd(t, "check", "--lang", lang, "testdata/none.json")
		assert.Equal(t, want, errOut, lang)
	}
}

// Rejected input raises success to findings and nothing else: findings and
// usage errors keep their codes.
func TestWithRows(t *testing.T) {
	rejected := &csvio.Tally{Read: 6, Accepted: 2, Rejected: 4}
	clean := &csvio.Tally{Read: 6, Accepted: 6}
	assert.Equal(t, exitFindings, withRows(exitOK, rejected))
	assert.Equal(t, exitFindings, withRows(exitFindings, rejected))
	assert.Equal(t, exitUsage, withRows(exitUsage, rejected))
	assert.Equal(t, exitOK, withRows(exitOK, clean))
	assert.Equal(t, exitOK, withRows(exitOK, nil))
}

// Monitor's rejected payment rows alone make exit 1: each project paid
// 1/12 of its budget by January (100,000 of 1,200,000; 250,000 of
// 3,000,000; 70,000 of 800,000 is 8.75%; 170,000 of 2,000,000 is 8.5%), on
// or above the 8.33% schedule, raises nothing: exit 0; the same with two
// bad rows added: exit 1.
func TestMonitorRejectedRowsExit(t *testing.T) {
	good := "project_id,date,amount\nP1,2021-01-10,100000\nP2,2021-01-10,250000\nP3,2021-01-10,70000\nP4,2021-01-10,170000\n"
	code, _, errOut := runCmd(t, "monitor", "--lang", "en", "--as-of", "2021-01-31", monBudgets, writeFile(t, "payments.csv", []byte(good)))
	require.Equal(t, exitOK, code, errOut)

	bad := writeFile(t, "payments.csv", []byte(good+"P2,2021-13-01,5\nP3,2021-01-25,12,34\n"))
	code, _, errOut = runCmd(t, "monitor", "--lang", "en", "--as-of", "2021-01-31", monBudgets, bad)
	assert.Equal(t, bad+":6:2: date: date \"2021-13-01\" is not YYYY-MM-DD\n"+
		bad+":7:4: wrong number of fields: 4, the header has 3\n"+
		"rows read 6, accepted 4, rejected 2\n", errOut)
	assert.Equal(t, exitFindings, code)
}
