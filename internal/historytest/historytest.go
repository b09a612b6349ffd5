// Package historytest loads a bundled history folder (org.json,
// standards.json and its policies) for the tests of the packages that
// replay it, history, sqlstore and the history generator, so that they
// read it one way, and holds the oracle their diff tests compare a
// sample with (DiffBatches, SampleAsDecided). It is not API.
package historytest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/performance"
)

// Bundle is a history folder's organisation tree and expenditure
// standards, what a policy of it compiles against.
type Bundle struct {
	Dir       string
	Org       *performance.Org
	Standards []performance.ExpenditureStandard
}

// Load reads dir's org.json and standards.json, failing t on any error.
func Load(t testing.TB, dir string) Bundle {
	t.Helper()
	var nodes []performance.Node
	data, err := os.ReadFile(filepath.Join(dir, "org.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &nodes))
	org, err := performance.NewOrg(nodes)
	require.NoError(t, err)
	var std []performance.ExpenditureStandard
	data, err = os.ReadFile(filepath.Join(dir, "standards.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &std))
	return Bundle{Dir: dir, Org: org, Standards: std}
}

// Program parses and compiles the policy file of the folder, failing t on
// any error.
func (b Bundle) Program(t testing.TB, file string) *history.Program {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(b.Dir, file))
	require.NoError(t, err)
	p, err := history.ParsePolicy(data)
	require.NoError(t, err)
	pr, err := history.Compile(p, b.Org, b.Standards)
	require.NoError(t, err)
	return pr
}
