package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostMonitoringPolicy writes the monitoring stage of the bundled
// whole-year policy with the host field ContractSigned (bool, default
// true) declared and one more trigger reading it: a project whose contract
// is not signed by the end of September is interviewed.
func hostMonitoringPolicy(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(yearPolicy)
	require.NoError(t, err)
	var year map[string]any
	require.NoError(t, json.Unmarshal(data, &year))
	m := year["monitoring"].(map[string]any)
	set := m["rules"].(map[string]any)
	set["rules"] = append(set["rules"].([]any), map[string]any{
		"id": "unsigned_contract", "name": "三季度末合同仍未签订", "tags": []any{"trigger"},
		"when":    "Month == 9 && !ContractSigned",
		"outputs": []any{map[string]any{"name": "level", "type": "string", "expr": `"red"`}, map[string]any{"name": "actions", "type": "string", "expr": `"interview"`}}})
	out := map[string]any{"id": "host-monitoring", "version": "1", "monitoring": m,
		"fields": []any{map[string]any{"name": "ContractSigned", "type": "bool", "default": "true"}}}
	data, err = json.Marshal(out)
	require.NoError(t, err)
	name := filepath.Join(t.TempDir(), "year.json")
	require.NoError(t, os.WriteFile(name, data, 0o644))
	return name
}

// TestMonitorBudgetHost: "host" in budgets.json is read by the strict
// decoder and reaches the monitoring rules as Budget.Host.
//
// By hand, from the bundled run at 2021-09-30 (monitor --policy
// testdata/policy/2021.json testdata/monitoring): XM2021042 公益性岗位补贴 is
// red with the trigger aug_2m_below_60 only. Its budget says the contract
// is not signed, so unsigned_contract (Month 9, !ContractSigned) fires for
// it too; every other project takes the default (signed) and is unchanged.
func TestMonitorBudgetHost(t *testing.T) {
	pol := hostMonitoringPolicy(t)
	triggers := func(dir string) map[string][]string {
		t.Helper()
		code, out, errOut := runCmd(t, "monitor", "--lang", "en", "--format", "json", "--as-of", "2021-09-30", "--policy", pol, dir)
		require.Equal(t, exitFindings, code, errOut) // alerts are findings
		var res struct {
			Checks []struct {
				Projects []struct {
					ProjectID string   `json:"project_id"`
					Level     string   `json:"level"`
					Triggers  []string `json:"triggers"`
				} `json:"projects"`
			} `json:"checks"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &res))
		require.Len(t, res.Checks, 1)
		m := map[string][]string{}
		for _, p := range res.Checks[0].Projects {
			m[p.ProjectID] = append([]string{p.Level}, p.Triggers...)
		}
		return m
	}
	plain := triggers("../../testdata/monitoring")
	assert.Equal(t, []string{"red", "aug_2m_below_60"}, plain["XM2021042"])

	dir := copyDir(t, "../../testdata/monitoring", map[string]func([]byte) []byte{"budgets.json": func(b []byte) []byte {
		return bytes.Replace(b, []byte(`"project_id": "XM2021042",`), []byte(`"project_id": "XM2021042", "host": {"ContractSigned": false},`), 1)
	}})
	got := triggers(dir)
	assert.Equal(t, []string{"red", "aug_2m_below_60", "unsigned_contract"}, got["XM2021042"])
	// Every other project is as it was.
	delete(plain, "XM2021042")
	delete(got, "XM2021042")
	assert.Equal(t, plain, got)

	// A host value of a kind HostValues does not take is rejected by the
	// decoder, naming the file and the key.
	bad := copyDir(t, "../../testdata/monitoring", map[string]func([]byte) []byte{"budgets.json": func(b []byte) []byte {
		return bytes.Replace(b, []byte(`"project_id": "XM2021042",`), []byte(`"project_id": "XM2021042", "host": {"ContractSigned": [1]},`), 1)
	}})
	code, _, errOut := runCmd(t, "monitor", "--lang", "en", "--as-of", "2021-09-30", "--policy", pol, bad)
	assert.Equal(t, exitUsage, code)
	// XM2021042 is the 42nd budget ([41]); its "host" begins on line 295.
	assert.Contains(t, errOut, "budgets.json:295:40: [41].host: bad host value: ContractSigned: want a number, string or bool")
}
