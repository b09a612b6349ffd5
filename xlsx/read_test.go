package xlsx

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readSample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err, "run go test ./xlsx -run TestSamples -update")
	return data
}

// The bundled workbooks read back to exactly the forms the generator wrote:
// the national layout and two local variants of it.
func TestReadSampleWorkbooks(t *testing.T) {
	for _, tt := range []struct {
		file string
		want []*SelfForm
	}{
		{"self_national.xlsx", sampleForms()},
		{"self_local_a.xlsx", variantAForms()},
		{"self_local_b.xlsx", sampleForms()},
	} {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ReadSelfForms(bytes.NewReader(readSample(t, tt.file)), Limits{})
			require.NoError(t, err)
			require.Len(t, got, len(tt.want))
			for i := range tt.want {
				assert.Equal(t, jsonOf(t, tt.want[i]), jsonOf(t, got[i]), "form %d", i)
			}
		})
	}
}

func TestGoalFormsRoundTrip(t *testing.T) {
	want := sampleGoalForms()
	for _, data := range [][]byte{readSample(t, "goal_national.xlsx"), func() []byte {
		var buf bytes.Buffer
		require.NoError(t, WriteGoalForms(&buf, want))
		return buf.Bytes()
	}()} {
		got, err := ReadGoalForms(bytes.NewReader(data), Limits{})
		require.NoError(t, err)
		require.Len(t, got, len(want))
		for i := range want {
			assert.Equal(t, jsonOf(t, want[i]), jsonOf(t, got[i]), "form %d", i)
		}
	}
}

// A workbook with broken cells gives every problem at once, with sheet,
// cell and label, and its good forms are still read.
func TestReadBrokenWorkbook(t *testing.T) {
	got, err := ReadSelfForms(bytes.NewReader(readSample(t, "self_broken.xlsx")), Limits{})
	var ps Problems
	require.ErrorAs(t, err, &ps)
	type at struct{ sheet, cell, label string }
	var where []at
	for _, p := range ps {
		where = append(where, at{p.Sheet, p.Cell, p.Label})
	}
	// 坏表: the 全年执行数 label (E5) was removed, so it is missing from
	// budget header row 5 (reported at the row's first cell); the 得分 of
	// 年度资金总额 (H6) holds 满分. 拆分表头: 实际完成值 fell from the
	// indicator header (row 11) to row 12, and I12 holds 九十.
	assert.Equal(t, []at{
		{"坏表", "A5", "全年执行数"},
		{"坏表", "H6", "得分"},
		{"拆分表头", "A11", "实际完成值"},
		{"拆分表头", "I12", "得分"},
	}, where)
	assert.True(t, errors.Is(ps[0], ErrMissingLabel))
	assert.True(t, errors.Is(ps[1], ErrNotNumber))
	assert.True(t, errors.Is(ps[2], ErrMissingLabel))
	assert.True(t, errors.Is(ps[3], ErrNotNumber))
	want := variantAForms()
	require.Len(t, got, 2)
	want[0].Sheet, want[1].Sheet = "良好一", "良好二"
	assert.Equal(t, jsonOf(t, want[0]), jsonOf(t, got[0]))
	assert.Equal(t, jsonOf(t, want[1]), jsonOf(t, got[1]))
}
