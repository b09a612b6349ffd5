package monitoring_test

import (
	"context"
	"errors"
	"iter"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func seq(rs ...monitoring.Record) iter.Seq2[monitoring.Record, error] {
	return func(yield func(monitoring.Record, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

func TestAggregateHandWorked(t *testing.T) {
	recs := []monitoring.Record{
		{ProjectID: "P1", Date: day(2021, 1, 10), Amount: dec("100.50"), Classification: "30201"},
		{ProjectID: "P1", Date: day(2021, 3, 31), Amount: dec("200.25")},
		{ProjectID: "P1", Date: day(2021, 4, 1), Amount: dec("50")}, // after the cut-off
		{ProjectID: "P2", Date: day(2021, 2, 1), Amount: dec("0.001"), Classification: "30201"},
		{ProjectID: "P2", Date: day(2021, 2, 2), Amount: dec("0.004")},
		{ProjectID: "P2", Date: day(2021, 3, 2), Amount: dec("-10")}, // a reversal
		{ProjectID: "", Date: day(2021, 3, 2), Amount: dec("1")},
		{ProjectID: "P3", Date: day(2020, 12, 31), Amount: dec("1")},
		{ProjectID: "P3", Amount: dec("1")},
	}
	l, err := monitoring.Aggregate(context.Background(), 2021, day(2021, 3, 31), seq(recs...))
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"missing_project", "out_of_year", "missing_date"}, ps.Codes())
	assert.Equal(t, "records[6].project_id", ps[0].Path)
	// P1: 100.50 + 200.25 = 300.75; the April payment is after the cut-off.
	assert.True(t, l.Executed("P1").Equal(dec("300.75")), "P1 %s", l.Executed("P1"))
	assert.True(t, l.ExecutedThrough("P1", 2).Equal(dec("100.50")))
	// P2: 0.001 + 0.004 − 10 = −9.995, exact despite sub-fen amounts.
	assert.True(t, l.Executed("P2").Equal(dec("-9.995")), "P2 %s", l.Executed("P2"))
	assert.True(t, l.Executed("nobody").IsZero())
	summed, later, rejected := l.Stats()
	assert.Equal(t, [3]int64{5, 1, 3}, [3]int64{summed, later, rejected})
	assert.Equal(t, []string{"P1", "P2"}, l.Projects())
	// 30201: 100.50 + 0.001 = 100.501
	assert.True(t, l.Classifications()["30201"].Equal(dec("100.501")))

	_, err = monitoring.NewLedger(2021, day(2022, 1, 1))
	assert.ErrorIs(t, err, monitoring.ErrAsOf)
}

func TestAggregateSourceError(t *testing.T) {
	boom := errors.New("disk")
	src := func(yield func(monitoring.Record, error) bool) {
		_ = yield(monitoring.Record{ProjectID: "P1", Date: day(2021, 1, 1), Amount: dec("1")}, nil) &&
			yield(monitoring.Record{ProjectID: "P1", Amount: dec("4")}, nil) &&
			yield(monitoring.Record{}, boom) &&
			yield(monitoring.Record{ProjectID: "P1", Date: day(2021, 1, 2), Amount: dec("2")}, nil)
	}
	l, err := monitoring.Aggregate(context.Background(), 2021, day(2021, 12, 31), src)
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	// Problems in stream order, with their positions.
	assert.Equal(t, []string{"missing_date", "source_error"}, ps.Codes())
	assert.Equal(t, "records[1].date", ps[0].Path)
	assert.Equal(t, "records[2]", ps[1].Path)
	assert.True(t, l.Executed("P1").Equal(dec("3")), "the good records are kept")
}

func TestLedgerProblemsBounded(t *testing.T) {
	l, _ := monitoring.NewLedger(2021, day(2021, 12, 31))
	for range 1000 {
		assert.Error(t, l.Add(monitoring.Record{Date: day(2021, 1, 1)}))
	}
	_, _, rejected := l.Stats()
	assert.EqualValues(t, 1000, rejected)
	assert.Len(t, l.Problems(), 100)
}

func TestReadRecords(t *testing.T) {
	in := "\ufeffdate,project_id,amount,classification\n" +
		"2021-01-05,P1,1234.50,30201\n" +
		"2021-01-06,P1,\"1,000.00元\",\n" +
		"2021-13-01,P1,1,\n" +
		"2021-01-07,P2,abc,\n" +
		"2021-02-01,P2,0.5万元,31002\n"
	var got []monitoring.Record
	var errs []error
	for r, err := range monitoring.ReadRecords(strings.NewReader(in)) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, r)
	}
	require.Len(t, got, 3)
	assert.Equal(t, "P1", got[0].ProjectID)
	assert.True(t, got[0].Amount.Equal(dec("1234.5")))
	assert.Equal(t, "30201", got[0].Classification)
	assert.True(t, got[1].Amount.Equal(dec("1000")))
	assert.True(t, got[2].Amount.Equal(dec("5000")), "0.5万元 = 5000 yuan")
	require.Len(t, errs, 2)
	var pe *monitoring.RowError
	require.ErrorAs(t, errs[0], &pe)
	assert.Equal(t, 4, pe.Line)
	assert.Equal(t, "date", pe.Field)
	require.ErrorAs(t, errs[1], &pe)
	assert.Equal(t, 5, pe.Line)
	assert.Equal(t, "amount", pe.Field)

	for _, err := range monitoring.ReadRecords(strings.NewReader("project_id,amount\nP1,1\n")) {
		assert.ErrorIs(t, err, monitoring.ErrHeader)
	}
}

// TestReadRecordsFieldCount: a row with more or fewer fields than the header
// is rejected whole, with the line and the first field beyond (or missing
// from) the header's, and the other rows are kept.
func TestReadRecordsFieldCount(t *testing.T) {
	head := "project_id,date,amount\n"
	tests := []struct {
		name  string
		row   string
		field int // first field beyond the header's 3, or first missing
	}{
		{"thousands separator splits the amount", "P3,2021-03-25,12,34", 4},
		{"trailing comma", "P3,2021-03-25,12,", 4},
		{"amount missing", "P3,2021-03-25", 3},
		{"one field", "P3", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := head + "P1,2021-01-05,10\n" + tt.row + "\nP2,2021-01-06,20.5\n"
			var got []monitoring.Record
			var errs []error
			for r, err := range monitoring.ReadRecords(strings.NewReader(in)) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				got = append(got, r)
			}
			require.Len(t, got, 2, "the rows either side are kept")
			assert.Equal(t, "P1", got[0].ProjectID)
			assert.Equal(t, "P2", got[1].ProjectID)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], monitoring.ErrFieldCount)
			var pe *monitoring.RowError
			require.ErrorAs(t, errs[0], &pe)
			assert.Equal(t, 3, pe.Line, "header is line 1, P1 line 2")
			assert.Equal(t, tt.field, pe.Index)
			assert.Equal(t, "", pe.Field, "the whole row is at fault")

			// Aggregated: P3 gets nothing (not 12 yuan), the rejection is
			// counted under a stable code, P1 and P2 are summed.
			l, err := monitoring.Aggregate(context.Background(), 2021, day(2021, 12, 31), monitoring.ReadRecords(strings.NewReader(in)))
			var ps performance.Problems
			require.ErrorAs(t, err, &ps)
			assert.Equal(t, []string{"field_count"}, ps.Codes())
			// The file line, not the stream position records[1].
			assert.Equal(t, "line 3", ps[0].Path)
			assert.True(t, l.Executed("P3").IsZero(), "P3 got %s", l.Executed("P3"))
			assert.True(t, l.Executed("P1").Equal(dec("10")))
			assert.True(t, l.Executed("P2").Equal(dec("20.5")))
			summed, later, rejected := l.Stats()
			assert.Equal(t, [3]int64{2, 0, 1}, [3]int64{summed, later, rejected})
		})
	}
}

func FuzzReadRecords(f *testing.F) {
	f.Add("project_id,date,amount\nP1,2021-01-05,1234.50\n")
	f.Add("project_id,date,amount,classification\nP1,2021-01-05,\"1,000.00元\",x\n\"unterminated\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		// Record by record, and streamed in batches: the same sums.
		one, err := monitoring.NewLedger(2021, day(2021, 12, 31))
		require.NoError(t, err)
		for r, err := range monitoring.ReadRecords(strings.NewReader(in)) {
			if err != nil {
				var pe *monitoring.RowError
				require.ErrorAs(t, err, &pe)
				assert.GreaterOrEqual(t, pe.Index, 0)
				continue
			}
			_ = one.Add(r)
		}
		all, _ := monitoring.Aggregate(context.Background(), 2021, day(2021, 12, 31), monitoring.ReadRecords(strings.NewReader(in)))
		require.NotNil(t, all)
		require.Equal(t, one.Projects(), all.Projects())
		for _, id := range one.Projects() {
			require.True(t, one.Executed(id).Equal(all.Executed(id)), id)
		}
	})
}
