package history_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

var update = flag.Bool("update", false, "rewrite golden files")

const dir = "../testdata/history"

type bundle struct {
	org       *performance.Org
	standards []performance.ExpenditureStandard
}

func loadBundle(t testing.TB) bundle {
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
	return bundle{org, std}
}

func (b bundle) program(t testing.TB, file string) *history.Program {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, file))
	require.NoError(t, err)
	p, err := history.ParsePolicy(data)
	require.NoError(t, err)
	pr, err := history.Compile(p, b.org, b.standards)
	require.NoError(t, err)
	return pr
}

func records() string { return filepath.Join(dir, "records.jsonl.gz") }

func TestBundledDiffGolden(t *testing.T) {
	b := loadBundle(t)
	v1, v2 := b.program(t, "policy_v1.json"), b.program(t, "policy_v2.json")
	rep, err := history.Diff(context.Background(), v1, v2, history.ReadFile(records()), history.Options{Sample: 8})
	require.NoError(t, err)
	for _, l := range []struct {
		lang performance.Lang
		name string
	}{{performance.LangZH, "zh"}, {performance.LangEN, "en"}} {
		var buf bytes.Buffer
		require.NoError(t, rep.WriteText(&buf, l.lang))
		ruletest.Golden(t, filepath.Join("testdata", "diff_v1_v2."+l.name+".golden"), buf.Bytes(), *update)
	}
	var csv bytes.Buffer
	require.NoError(t, rep.WriteCSV(&csv))
	ruletest.Golden(t, filepath.Join("testdata", "diff_v1_v2.csv.golden"), csv.Bytes(), *update)
}
