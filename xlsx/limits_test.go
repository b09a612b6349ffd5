package xlsx

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The count limits: a workbook over MaxBytes or MaxSheets is refused with
// ErrLimit and nothing read; a sheet over MaxRows or MaxColumns is a
// problem of that sheet, at the first cell beyond the limit, and the other
// sheets are read.
func TestLimits(t *testing.T) {
	forms := sampleForms()
	var buf bytes.Buffer
	require.NoError(t, WriteSelfForms(&buf, forms))
	data := buf.Bytes()

	_, err := ReadSelfForms(bytes.NewReader(data), Limits{MaxSheets: 2})
	assert.True(t, errors.Is(err, ErrLimit), "3 sheets over 2: %v", err)
	_, err = ReadSelfForms(bytes.NewReader(data), Limits{MaxBytes: int64(len(data) - 1)})
	assert.True(t, errors.Is(err, ErrLimit), "one byte over: %v", err)

	// Rows of each sheet: title, 项目名称, (项目编码), 主管部门, the budget
	// header and total, 3 fund rows, 2 goal rows, the table header, the
	// indicators, 总分, (自评等级). Form 1: 1+1+1+2+3+2+1+6+1+1 = 19;
	// form 2: 1+1+1+1+2+3+2+1+4+1+1 = 18; form 3 (no grade): 17. A limit of
	// 18 rows refuses form 1 only, at its 19th row.
	got, err := ReadSelfForms(bytes.NewReader(data), Limits{MaxRows: 18})
	var ps Problems
	require.ErrorAs(t, err, &ps)
	require.Len(t, ps, 1)
	assert.Equal(t, "培训项目", ps[0].Sheet)
	assert.Equal(t, "A19", ps[0].Cell, "the first row beyond the limit")
	assert.True(t, errors.Is(ps[0], ErrLimit))
	assert.Len(t, got, 2)

	got, err = ReadSelfForms(bytes.NewReader(data), Limits{MaxColumns: 5})
	require.ErrorAs(t, err, &ps)
	assert.Len(t, ps, 3, "every sheet is 9 columns wide")
	assert.Empty(t, got)
	assert.True(t, strings.HasPrefix(ps[0].Cell, "F"), "the sixth column: %s", ps[0].Cell)
}

// Sheet names are made valid and unique: Excel's forbidden characters
// replaced, 31 characters at most, a repeated name numbered.
func TestSheetNames(t *testing.T) {
	fs := sampleForms()[:2]
	fs[0].Sheet = "培训[2021]/一"
	fs[1].Sheet = "培训_2021__一"
	var buf bytes.Buffer
	require.NoError(t, WriteSelfForms(&buf, fs))
	got, err := ReadSelfForms(bytes.NewReader(buf.Bytes()), Limits{})
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "培训_2021__一", got[0].Sheet)
	assert.Equal(t, "培训_2021__一(2)", got[1].Sheet)
}
