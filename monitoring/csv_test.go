package monitoring_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
)

// tally reads a records CSV: the accepted records and the errors, in order.
func tally(t *testing.T, in string) ([]monitoring.Record, []*monitoring.RowError) {
	t.Helper()
	var recs []monitoring.Record
	var errs []*monitoring.RowError
	for r, err := range monitoring.ReadRecords(strings.NewReader(in)) {
		if err != nil {
			var pe *monitoring.RowError
			require.ErrorAs(t, err, &pe)
			errs = append(errs, pe)
			continue
		}
		recs = append(recs, r)
	}
	return recs, errs
}

func sampleRecords(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../testdata/monitoring/records.csv")
	require.NoError(t, err)
	lines := strings.SplitAfter(string(data), "\n")
	require.Equal(t, "", lines[len(lines)-1])
	return lines[:len(lines)-1] // the header and 962 rows
}

// TestReadRecordsUnmatchedQuote is issue 16's input: one unmatched quote on
// line 3 of the sample's 962 records. encoding/csv read lines 3–963 as one
// field and reported "rows read 2, accepted 1"; now line 3 alone is
// rejected, with its line and the quote's character column.
func TestReadRecordsUnmatchedQuote(t *testing.T) {
	lines := sampleRecords(t)
	require.Len(t, lines, 963)
	// XM2021001,2021-04-08,… becomes XM2021001,"2021-04-08,…
	lines[2] = strings.Replace(lines[2], ",", `,"`, 1)
	recs, errs := tally(t, strings.Join(lines, ""))
	assert.Len(t, recs, 961)
	require.Len(t, errs, 1)
	assert.Equal(t, 3, errs[0].Line)
	assert.Equal(t, 2, errs[0].Index)
	assert.Equal(t, 11, errs[0].Column, "XM2021001, is ten characters")
	assert.ErrorIs(t, errs[0], scan.ErrQuote)
	assert.Equal(t, `monitoring: line 3, field 2: extraneous or missing " in quoted-field: the quoted field opened here is not closed at character 11`, errs[0].Error())
	assert.Equal(t, 962, len(recs)+len(errs), "read = accepted + rejected")
}

// TestReadRecordsBadBytes: an invalid byte (or the U+FFFD a GB18030
// decoder writes for one) rejects its row only.
func TestReadRecordsBadBytes(t *testing.T) {
	in := "project_id,date,amount\nP1,2021-01-05,1\nP\xff2,2021-01-06,2\nP3,2021-01-07,\uFFFD3\nP4,2021-01-08,4\n"
	recs, errs := tally(t, in)
	require.Len(t, recs, 2)
	assert.Equal(t, "P1", recs[0].ProjectID)
	assert.Equal(t, "P4", recs[1].ProjectID)
	require.Len(t, errs, 2)
	assert.Equal(t, [2]int{3, 4}, [2]int{errs[0].Line, errs[1].Line})
	assert.Equal(t, [2]int{2, 15}, [2]int{errs[0].Column, errs[1].Column})
	assert.True(t, errors.Is(errs[0], scan.ErrEncoding) && errors.Is(errs[1], scan.ErrEncoding))
}

// TestReadRecordsInRejectsRows is issue 16's second input: a record dated
// outside the fiscal year and one with an empty project ID in the sample's
// 962. They used to reach the ledger, whose error ("records[1]", "2
// problems") aborted the monitor run with the tally saying rejected 0. Now
// the reader rejects them with their lines and columns, and aggregation of
// the other 960 goes on without error.
func TestReadRecordsInRejectsRows(t *testing.T) {
	lines := sampleRecords(t)
	lines[2] = strings.Replace(lines[2], "2021-04-08", "2020-04-08", 1)
	lines[5] = strings.Replace(lines[5], "XM2021001", "", 1)
	in := strings.Join(lines, "")
	var recs []monitoring.Record
	var errs []*monitoring.RowError
	for r, err := range monitoring.ReadRecordsIn(strings.NewReader(in), 2021) {
		var pe *monitoring.RowError
		if errors.As(err, &pe) {
			errs = append(errs, pe)
			continue
		}
		require.NoError(t, err)
		recs = append(recs, r)
	}
	assert.Len(t, recs, 960)
	require.Len(t, errs, 2)
	assert.Equal(t, "monitoring: line 3, column date: monitoring: payment date outside the fiscal year: 2020-04-08 is not in 2021", errs[0].Error())
	assert.ErrorIs(t, errs[0], monitoring.ErrOutOfYear)
	assert.Equal(t, [2]int{3, 2}, [2]int{errs[0].Line, errs[0].Index})
	assert.Equal(t, "monitoring: line 6, column project_id: monitoring: the record has no project ID", errs[1].Error())
	assert.ErrorIs(t, errs[1], monitoring.ErrMissingProject)
	assert.Equal(t, [2]int{6, 1}, [2]int{errs[1].Line, errs[1].Index})

	l, err := monitoring.Aggregate(context.Background(), 2021, day(2021, 12, 31), seq(recs...))
	require.NoError(t, err, "the accepted records aggregate cleanly")
	summed, later, rejected := l.Stats()
	assert.Equal(t, [3]int64{960, 0, 0}, [3]int64{summed, later, rejected})

	// Streamed into Aggregate instead, the two rows are problems at their
	// file lines, and the rest is summed.
	l, err = monitoring.Aggregate(context.Background(), 2021, day(2021, 12, 31), monitoring.ReadRecordsIn(strings.NewReader(in), 2021))
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"out_of_year", "missing_project"}, ps.Codes())
	assert.Equal(t, []string{"line 3.date", "line 6.project_id"}, []string{ps[0].Path, ps[1].Path})
	summed, _, rejected = l.Stats()
	assert.Equal(t, [2]int64{960, 2}, [2]int64{summed, rejected})
}

// TestAggregateCountsAllRejected: the 962 records of 2021 aggregated for
// 2022 are all out of year; the error keeps 100 problems but says 962.
func TestAggregateCountsAllRejected(t *testing.T) {
	in := strings.Join(sampleRecords(t), "")
	l, err := monitoring.Aggregate(context.Background(), 2022, day(2022, 12, 31), monitoring.ReadRecords(strings.NewReader(in)))
	require.Error(t, err)
	first, _, _ := strings.Cut(err.Error(), "\n")
	assert.Equal(t, "monitoring: 962 records rejected, the first 100 listed", first)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Len(t, ps, 100)
	summed, later, rejected := l.Stats()
	assert.Equal(t, [3]int64{0, 0, 962}, [3]int64{summed, later, rejected})

	// Read for 2022, every row is rejected by the reader with its line:
	// read = accepted + rejected = 962.
	accepted, bad := 0, 0
	for _, err := range monitoring.ReadRecordsIn(strings.NewReader(in), 2022) {
		if err != nil {
			assert.ErrorIs(t, err, monitoring.ErrOutOfYear)
			bad++
			continue
		}
		accepted++
	}
	assert.Equal(t, [2]int{0, 962}, [2]int{accepted, bad})
}

// TestReadRecordsAmountGrouping: an amount's commas group thousands or the
// row is rejected; full-width digits are read.
func TestReadRecordsAmountGrouping(t *testing.T) {
	in := "project_id,date,amount\nP1,2021-01-05,\"1,5\"\nP2,2021-01-06,\"1,234\"\nP3,2021-01-07,１２．５\n"
	recs, errs := tally(t, in)
	require.Len(t, recs, 2)
	assert.True(t, recs[0].Amount.Equal(dec("1234")))
	assert.True(t, recs[1].Amount.Equal(dec("12.5")))
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], performance.ErrGrouping)
	assert.Equal(t, [2]int{2, 3}, [2]int{errs[0].Line, errs[0].Index})
}

// TestReadRecordsInvisible is issue 16's input: two files concatenated
// leave a byte order mark in the middle, and "\ufeffP2" became a project of
// its own. A BOM is dropped at the start of the file only; in a project ID
// or classification it, a zero-width character or any other format
// character (Cf) rejects the row, naming the column and the code point.
func TestReadRecordsInvisible(t *testing.T) {
	in := "\ufeffproject_id,date,amount,classification\n" +
		"P1,2021-01-05,1,30201\n" +
		"\ufeffP2,2021-01-06,2,30201\n" +
		"P\u200b3,2021-01-07,3,30201\n" +
		"P4,2021-01-08,4,302\u206001\n" +
		"P2,2021-01-09,5,30201\n"
	recs, errs := tally(t, in)
	require.Len(t, recs, 2)
	assert.Equal(t, []string{"P1", "P2"}, []string{recs[0].ProjectID, recs[1].ProjectID})
	require.Len(t, errs, 3)
	want := []string{
		`monitoring: line 3, column project_id: invisible character U+FEFF (byte order mark) at character 1 of "\ufeffP2"`,
		`monitoring: line 4, column project_id: invisible character U+200B (zero width space) at character 2 of "P\u200b3"`,
		`monitoring: line 5, column classification: invisible character U+2060 (word joiner) at character 4 of "302\u206001"`,
	}
	for i, e := range errs {
		assert.Equal(t, want[i], e.Error())
		assert.ErrorIs(t, e, scan.ErrInvisible)
	}
	l, err := monitoring.Aggregate(context.Background(), 2021, day(2021, 12, 31), monitoring.ReadRecords(strings.NewReader(in)))
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"invisible_character", "invisible_character", "invisible_character"}, ps.Codes())
	assert.Equal(t, []string{"P1", "P2"}, l.Projects(), "no \\ufeffP2 project")
}
