package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const yearPolicy = "../../testdata/policy/2021.json"

func TestCheckWholeYearPolicy(t *testing.T) {
	code, out, errOut := runCmd(t, "check", "--lang", "en", yearPolicy, "../../testdata/history/policy_v1.json")
	assert.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "2021.json: ok")
	assert.Contains(t, out, "policy_v1.json: ok")

	var d map[string]any
	data, err := os.ReadFile(yearPolicy)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &d))
	ex := d["exante"].(map[string]any)["rules"].(map[string]any)["rules"].([]any)
	ex[2].(map[string]any)["when"] = `Amount > "x"`
	ap := d["apply"].(map[string]any)["projects"].(map[string]any)["rules"].([]any)
	ap[0].(map[string]any)["when"] = "Kind == \"one_off\" &&\n Grde == \"差\""
	d["scheme"].(map[string]any)["bands"] = []any{}
	delete(d, "standards_file")
	bad := filepath.Join(t.TempDir(), "bad.json")
	data, err = json.Marshal(d)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(bad, data, 0o644))
	code, out, _ = runCmd(t, "check", "--lang", "en", bad)
	assert.Equal(t, exitFindings, code)
	// Every problem, each with file, stage, rule id, line and column: the
	// scheme does not parse, and the stages that do are compiled too.
	assert.Contains(t, out, bad+": scheme: bands: scheme has no bands (no_bands)")
	assert.Contains(t, out, bad+": exante: rule EA-M03: when (1:8): type error")
	assert.Contains(t, out, bad+": apply: rule block_poor_one_off: when (2:2): unknown name: Grde (did you mean Grade?)")
	assert.Contains(t, out, "3 problem(s)")
}

// TestStagePolicyFlag: each stage command given the whole-year policy does
// what it does with the stage's own policy files.
func TestStagePolicyFlag(t *testing.T) {
	tests := []struct {
		name      string
		year, own []string
	}{
		{"assess", []string{"assess", "--policy", yearPolicy, "../../testdata/exante"}, []string{"assess", "../../testdata/exante"}},
		{"monitor", []string{"monitor", "--as-of", "2021-06-30,2021-09-30", "--policy", yearPolicy, "../../testdata/monitoring"},
			[]string{"monitor", "--as-of", "2021-06-30,2021-09-30", "--policy", "../../testdata/monitoring/policy.json", "--rules", "../../testdata/monitoring/rules.json", "../../testdata/monitoring"}},
		{"evaluate", []string{"evaluate", "--policy", yearPolicy, "../../testdata/expost/key2020.json"},
			[]string{"evaluate", "--policy", "../../testdata/expost/policy.json", "../../testdata/expost/key2020.json"}},
		{"apply", []string{"apply", "--policy", yearPolicy, "testdata/apply/outcomes.json"},
			[]string{"apply", "--policy", "../../testdata/expost/policy.json", "testdata/apply/outcomes.json"}},
		{"replay", []string{"replay", "--history", histFile, "--policy", "../../testdata/history/policy_v1.json"},
			[]string{"replay", "--history", histFile, "../../testdata/history/policy_v1.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode, want, _ := runCmd(t, tt.own...)
			code, got, errOut := runCmd(t, tt.year...)
			assert.Equal(t, wantCode, code, errOut)
			require.NotEmpty(t, want)
			assert.Equal(t, want, got)
		})
	}
}

// TestStagePolicyFlagBOM: a whole-year policy saved with a UTF-8 byte
// order mark (as Windows editors save it) is recognised as one by a
// stage's --policy, and gives what the policy without the mark gives; the
// peek at its keys used to refuse it, so that it was read as the stage's
// own policy and failed on its unknown members.
func TestStagePolicyFlagBOM(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(yearPolicy)
	require.NoError(t, err)
	stds, err := os.ReadFile("../../testdata/exante/standards.json")
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "policy"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "exante"), 0o755))
	bom := filepath.Join(dir, "policy", "2021.json") // its standards_file is ../exante/standards.json
	require.NoError(t, os.WriteFile(bom, append([]byte("\xef\xbb\xbf"), data...), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "exante", "standards.json"), stds, 0o644))
	wantCode, want, _ := runCmd(t, "assess", "--policy", yearPolicy, "../../testdata/exante")
	code, got, errOut := runCmd(t, "assess", "--policy", bom, "../../testdata/exante")
	assert.Equal(t, wantCode, code, errOut)
	require.NotEmpty(t, want)
	assert.Equal(t, want, got)
}
