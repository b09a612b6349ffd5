package history_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/internal/historytest"
	"github.com/jixiao-go/jixiao/internal/testflag"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

var update = testflag.Update()

const dir = "../testdata/history"

// loadBundle reads the bundled history folder (internal/historytest).
func loadBundle(t testing.TB) historytest.Bundle { return historytest.Load(t, dir) }

func records() string { return filepath.Join(dir, "records.jsonl.gz") }

func TestBundledDiffGolden(t *testing.T) {
	b := loadBundle(t)
	v1, v2 := b.Program(t, "policy_v1.json"), b.Program(t, "policy_v2.json")
	rep, err := history.Diff(context.Background(), v1, v2, history.ReadFile(records()), history.StreamOptions{Sample: 8})
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
