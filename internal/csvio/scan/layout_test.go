package scan

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errTestHeader = errors.New("test header")

// TestLayoutHeader: names in any case and headings map to 0-based fields;
// an unknown column, a column twice and a missing required one are
// reported together.
func TestLayoutHeader(t *testing.T) {
	l := Layout{{Name: "id", Aliases: []string{"编号"}, Need: true}, {Name: "note"}, {Name: "date", Need: true}}
	col, err := l.Header("a.csv", NewReader(strings.NewReader("DATE,编号\n")), errTestHeader)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"date": 0, "id": 1}, col)

	_, err = l.Header("a.csv", NewReader(strings.NewReader("id,x,编号\n")), errTestHeader)
	require.ErrorIs(t, err, errTestHeader)
	assert.EqualError(t, err, `a.csv:1: test header: column 2: unknown column "x" (want id, note, date); column 3: column id given twice; missing column date`)

	_, err = l.Header("a.csv", NewReader(strings.NewReader("")), errTestHeader)
	assert.ErrorIs(t, err, errTestHeader)
}

// TestRowCells: a short record's missing cell is empty; a cell error
// names the column's 1-based field and wraps the row sentinel.
func TestRowCells(t *testing.T) {
	kind := errors.New("bad row")
	r := &Row{File: "a.csv", Col: map[string]int{"id": 0, "note": 2}, Rec: []string{" x ", "y"}, Line: 7, Kind: kind}
	assert.Equal(t, "x", r.Cell("id"))
	assert.Equal(t, "", r.Cell("note"))
	assert.Equal(t, "", r.Cell("absent"))
	r.Fail("note", errors.New("empty"))
	require.Len(t, r.Errs, 1)
	assert.ErrorIs(t, r.Errs[0], kind)
	assert.Equal(t, [2]int{7, 3}, [2]int{r.Errs[0].Line, r.Errs[0].Column})
	assert.Equal(t, "a.csv:7:3: note: bad row: empty", r.Errs[0].Error())
}

func TestSplitList(t *testing.T) {
	got, err := SplitList(" a ;；b\n\nc;", 3)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "c"}, got)
	got, err = SplitList(" ; ", 3)
	require.NoError(t, err)
	assert.Empty(t, got)
	_, err = SplitList("a;b;c;d", 3)
	assert.EqualError(t, err, "4 items, at most 3")
}

func TestParseYesNo(t *testing.T) {
	for s, want := range map[string]bool{"": false, "否": false, "No": false, "0": false, "是": true, "TRUE": true, "1": true} {
		got, err := ParseYesNo(s)
		require.NoError(t, err, s)
		assert.Equal(t, want, got, s)
	}
	_, err := ParseYesNo("maybe")
	assert.Error(t, err)
}

func TestParseDate(t *testing.T) {
	d, err := ParseDate("2022-06-20")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2022, 6, 20, 0, 0, 0, 0, time.UTC), d)
	d, err = ParseDate("2022-06-20T08:00:00+08:00")
	require.NoError(t, err)
	assert.True(t, d.Equal(time.Date(2022, 6, 20, 0, 0, 0, 0, time.UTC)))
	for _, s := range []string{"", "2022-02-30", "1899-12-31", "20/06/2022"} {
		_, err := ParseDate(s)
		assert.Error(t, err, s)
	}
}
