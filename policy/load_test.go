package policy_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
	"github.com/stretchr/testify/require"
)

func bundledOrg(t testing.TB, name string) *performance.Org {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", name))
	require.NoError(t, err)
	var nodes []performance.Node
	require.NoError(t, performance.DecodeJSON(data, &nodes))
	org, err := performance.NewOrg(nodes)
	require.NoError(t, err)
	return org
}

func TestLoadBundled(t *testing.T) {
	p, err := policy.Load(filepath.Join("..", "testdata", "policy", "2021.json"))
	require.NoError(t, err)
	require.NotEmpty(t, p.Standards, "standards_file read")
	pr, err := p.Compile(bundledOrg(t, "exante/org.json"), nil)
	require.NoError(t, err)
	ex, mon, ap := pr.Stages()
	require.True(t, ex && mon && ap)
	require.Len(t, pr.Ref().Hash, 64)
	for _, f := range []string{"history/policy_v1.json", "history/policy_v2.json"} {
		p, err := policy.Load(filepath.Join("..", "testdata", f))
		require.NoError(t, err, f)
		_, err = p.Compile(bundledOrg(t, "history/org.json"), nil)
		require.NoError(t, err, f)
	}
}
