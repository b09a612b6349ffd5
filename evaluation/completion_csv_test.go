package evaluation_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/internal/csvio/scan"
)

func readCompletionCSV(t *testing.T) *evaluation.CompletionCSV {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "completion_reports.csv"))
	require.NoError(t, err)
	defer f.Close()
	got, err := evaluation.ReadCompletionCSV("completion_reports.csv", f)
	require.NoError(t, err)
	return got
}

// TestReadCompletionCSVExample: the bundled example's two reports, K2
// first in the file, returned by item ID; the JSON example's report (K2,
// rejected) is the CSV's, field for field. Recorded on the items of
// testdata/rectifications.json (both issued 2022-03-15, so both dates are
// on or after issue): no problem, K1 done on 2022-05-20 with its two
// evidence items (split at the full-width "；"), K2 done but rejected.
func TestReadCompletionCSVExample(t *testing.T) {
	got := readCompletionCSV(t)
	assert.Empty(t, got.Errors)
	assert.Equal(t, [4]int{2, 2, 2, 0}, [4]int{got.Rows, got.Read, got.Accepted, got.Rejected})
	require.Len(t, got.Reports, 2)
	assert.Equal(t, []string{"XM2021007-K1", "XM2021007-K2"}, []string{got.Reports[0].ItemID, got.Reports[1].ItemID})

	data, err := os.ReadFile(filepath.Join("testdata", "completion_reports.json"))
	require.NoError(t, err)
	var want []evaluation.CompletionReport
	require.NoError(t, json.Unmarshal(data, &want))
	require.Len(t, want, 1)
	wj, _ := json.Marshal(want[0])
	gj, _ := json.Marshal(got.Reports[1])
	assert.JSONEq(t, string(wj), string(gj))

	data, err = os.ReadFile(filepath.Join("testdata", "rectifications.json"))
	require.NoError(t, err)
	var items []evaluation.RectificationItem
	require.NoError(t, json.Unmarshal(data, &items))
	done, ps := evaluation.RecordCompletions(items, got.Reports, nil)
	require.Empty(t, ps)
	assert.Equal(t, ymd(2022, time.May, 20), done[0].Completed)
	assert.Equal(t, []string{"拨付凭证", "资金到账证明"}, done[0].Evidence)
	assert.False(t, done[0].Rejected)
	assert.Equal(t, ymd(2022, time.June, 20), done[1].Completed)
	assert.True(t, done[1].Rejected)
}

// TestReadCompletionCSVChineseHeadings: the register's own headings, in
// any order, and an RFC 3339 date.
func TestReadCompletionCSVChineseHeadings(t *testing.T) {
	in := "\uFEFF完成日期,佐证材料,整改事项编号,整改不到位\n" +
		"2023-01-09T00:00:00Z,\"会议纪要\n整改台账\",P1-K1,否\n"
	got, err := evaluation.ReadCompletionCSV("zh.csv", strings.NewReader(in))
	require.NoError(t, err)
	require.Empty(t, got.Errors)
	require.Len(t, got.Reports, 1)
	assert.Equal(t, evaluation.CompletionReport{ItemID: "P1-K1", Date: ymd(2023, time.January, 9), Evidence: []string{"会议纪要", "整改台账"}}, got.Reports[0])
}

// rowErr is a row error as the tests compare it: line, column, column
// name, and "row" for a cell error or "split" for a record that cannot be
// split.
type rowErr struct {
	Line   int
	Column int
	Field  string
	Code   string
}

func rowErrs(errs []*evaluation.RowError, sentinel error) []rowErr {
	out := make([]rowErr, len(errs))
	for i, e := range errs {
		d := rowErr{Line: e.Line, Column: e.Column, Field: e.Field, Code: "split"}
		if errors.Is(e, sentinel) {
			d.Code = "row"
		}
		out[i] = d
	}
	return out
}

// TestReadCompletionCSVBadInput: every problem of the file at once, each
// with its line and column, and the counts. What each line deserves
// (columns item_id 1, date 2, evidence 3, rejected 4):
//
//	line 2  A-1 good: kept
//	line 3  no item ID (1) and date 2022-13-01 (2): two errors, one row
//	line 4  evidence ";；" is no item: no evidence (3)
//	line 5  rejected "maybe" (4)
//	line 6  B-1, also on line 8: rejected (1), names line 8
//	line 7  a bare quote at character 7: a record that cannot be split
//	line 8  B-1 again, and date year 1800 (2): rejected (1) and (2)
//	line 9  item ID with a zero-width space (1)
//	line 10 C-1 good, with 是: kept, rejected report
//	line 11 three fields of four: a record that cannot be split, at the
//	        missing field (4)
//
// 10 rows, read 10, accepted 2 (A-1, C-1), rejected 8.
func TestReadCompletionCSVBadInput(t *testing.T) {
	in := "item_id,date,evidence,rejected\n" +
		"A-1,2022-05-01,台账,\n" +
		",2022-13-01,台账,\n" +
		"A-2,2022-05-01,;；,\n" +
		"A-3,2022-05-01,台账,maybe\n" +
		"B-1,2022-05-01,台账,\n" +
		"B-2,20\"22,台账,\n" +
		"B-1,1800-01-01,纪要,\n" +
		"C\u200b-1,2022-05-01,台账,\n" +
		"C-1,2022-06-01,台账,是\n" +
		"D-1,2022-06-01,台账\n"
	got, err := evaluation.ReadCompletionCSV("bad.csv", strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, []rowErr{
		{3, 1, "item_id", "row"},
		{3, 2, "date", "row"},
		{4, 3, "evidence", "row"},
		{5, 4, "rejected", "row"},
		{6, 1, "item_id", "row"},
		{7, 7, "", "split"},
		{8, 2, "date", "row"},
		{8, 1, "item_id", "row"},
		{9, 1, "item_id", "row"},
		{11, 4, "", "split"},
	}, rowErrs(got.Errors, evaluation.ErrCompletionRow))
	for _, e := range got.Errors {
		assert.True(t, strings.HasPrefix(e.Error(), "bad.csv:"), "%v names the file", e)
	}
	assert.ErrorIs(t, got.Errors[8], scan.ErrInvisible)
	assert.ErrorContains(t, got.Errors[4], "reported again on line 8")
	assert.Equal(t, [4]int{10, 10, 2, 8}, [4]int{got.Rows, got.Read, got.Accepted, got.Rejected})
	require.Len(t, got.Reports, 2)
	assert.Equal(t, "A-1", got.Reports[0].ItemID)
	assert.Equal(t, "C-1", got.Reports[1].ItemID)
	assert.True(t, got.Reports[1].Rejected)
}

func TestReadCompletionCSVHeader(t *testing.T) {
	for name, in := range map[string]string{
		"empty":     "",
		"missing":   "item_id,date\n",
		"unknown":   "item_id,date,evidence,unit\n",
		"twice":     "item_id,date,evidence,完成日期\n",
		"bad quote": "item_id,\"date\n",
	} {
		got, err := evaluation.ReadCompletionCSV("h.csv", strings.NewReader(in))
		assert.ErrorIs(t, err, evaluation.ErrHeader, name)
		assert.Nil(t, got, name)
	}
	_, err := evaluation.ReadCompletionCSV("h.csv", strings.NewReader("item_id,date\n"))
	assert.ErrorContains(t, err, "h.csv:1: evaluation: bad CSV header: missing column evidence")
}

// TestReadCompletionCSVOrder: the same rows in reverse order give the
// same reports and the same counts (duplicates are rejected on every row,
// not the later one).
func TestReadCompletionCSVOrder(t *testing.T) {
	rows := []string{"A,2022-05-01,x,", "B,2022-05-02,y,", "A,2022-05-03,z,", "C,2022-05-04,w,1"}
	read := func(rs []string) *evaluation.CompletionCSV {
		got, err := evaluation.ReadCompletionCSV("o.csv", strings.NewReader("item_id,date,evidence,rejected\n"+strings.Join(rs, "\n")+"\n"))
		require.NoError(t, err)
		return got
	}
	a := read(rows)
	slices.Reverse(rows)
	b := read(rows)
	assert.Equal(t, a.Reports, b.Reports)
	assert.Equal(t, [3]int{4, 2, 2}, [3]int{a.Read, a.Accepted, a.Rejected})
	assert.Equal(t, [3]int{a.Read, a.Accepted, a.Rejected}, [3]int{b.Read, b.Accepted, b.Rejected})
}

// FuzzReadCompletionCSV: whatever the input, nothing is lost: read =
// accepted + rejected = rows, each rejected row has an error, and every
// accepted report has an item, a date and evidence, one per item, sorted.
func FuzzReadCompletionCSV(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "completion_reports.csv"))
	require.NoError(f, err)
	f.Add(data)
	f.Add([]byte("item_id,date,evidence\nA,2022-01-01,x\nA,2022-01-01,x\n"))
	f.Add([]byte("佐证材料,完成日期,整改事项编号\n\"a\n,2022-01-01,\"b\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := evaluation.ReadCompletionCSV("f.csv", bytes.NewReader(in))
		if err != nil {
			require.ErrorIs(t, err, evaluation.ErrHeader)
			return
		}
		require.Equal(t, got.Read, got.Accepted+got.Rejected)
		require.Equal(t, got.Rows, got.Read)
		require.Equal(t, got.Accepted, len(got.Reports))
		require.GreaterOrEqual(t, len(got.Errors), got.Rejected)
		for i, r := range got.Reports {
			require.NotEmpty(t, r.ItemID)
			require.False(t, r.Date.IsZero())
			require.NotEmpty(t, r.Evidence)
			if i > 0 {
				require.Less(t, got.Reports[i-1].ItemID, r.ItemID)
			}
		}
	})
}

// Units' completion reports (整改完成情况报告) from CSV, one row per
// report: the good one is kept, the one without evidence is rejected with
// its line and column, and the counts say so.
func ExampleReadCompletionCSV() {
	in := "整改事项编号,完成日期,佐证材料,整改不到位\n" +
		"P1-K1,2022-05-20,拨付凭证；资金到账证明,否\n" +
		"P2-R1,2022-06-01,,否\n"
	got, err := evaluation.ReadCompletionCSV("reports.csv", strings.NewReader(in))
	if err != nil {
		panic(err)
	}
	for _, e := range got.Errors {
		fmt.Println(e)
	}
	fmt.Printf("reports read %d, accepted %d, rejected %d\n", got.Read, got.Accepted, got.Rejected)
	for _, r := range got.Reports {
		fmt.Println(r.ItemID, r.Date.Format(time.DateOnly), strings.Join(r.Evidence, " / "))
	}
	// Output:
	// reports.csv:3:3: evidence: evaluation: bad completion report row: a completion needs evidence (佐证材料)
	// reports read 2, accepted 1, rejected 1
	// P1-K1 2022-05-20 拨付凭证 / 资金到账证明
}
