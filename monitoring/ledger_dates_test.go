package monitoring_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/monitoring"
)

// datedRecords returns n random records of 2021 over projects P000–P(np−1):
// whole-fen, sub-fen, negative and huge amounts (which overflow int64 fen
// and spill into decimals), UTC dates and dates in UTC+8, a few records of
// no project, no date or another year, and some classifications.
func datedRecords(rng *rand.Rand, n, np int) []monitoring.Record {
	cst := time.FixedZone("CST", 8*3600)
	var out []monitoring.Record
	for range n {
		r := monitoring.Record{ProjectID: fmt.Sprintf("P%03d", rng.IntN(np))}
		day := rng.IntN(365)
		loc := time.UTC
		if rng.IntN(4) == 0 {
			loc = cst
		}
		r.Date = time.Date(2021, time.January, 1+day, rng.IntN(24), 0, 0, 0, loc)
		switch rng.IntN(7) {
		case 0:
			r.Amount = decimal.New(rng.Int64N(1e6), -int32(rng.IntN(5))) // sub-fen at times
		case 1:
			r.Amount = decimal.New(math.MaxInt64/3-rng.Int64N(1000), -2)
		case 2:
			r.Amount = decimal.New(-rng.Int64N(1e7), -2)
		default:
			r.Amount = decimal.New(rng.Int64N(1e9), -2)
		}
		if rng.IntN(3) == 0 {
			r.Classification = fmt.Sprintf("302%02d", rng.IntN(5))
		}
		switch rng.IntN(60) {
		case 0:
			r.ProjectID = ""
		case 1:
			r.Date = time.Time{}
		case 2:
			r.Date = r.Date.AddDate(1, 0, 0)
		}
		out = append(out, r)
	}
	return out
}

func recordSeq(rs []monitoring.Record) func(func(monitoring.Record, error) bool) {
	return func(yield func(monitoring.Record, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// TestLedgerAtEqualsLedgerOfDate proves a ledger of several dates, read
// once, equal at each date to a ledger of that date alone
// (Aggregate(year, date)) over the same records: the same projects, every
// month's sum with the same exponent (String, not only Equal), the same
// classifications, counts and problems. The dates mix month ends, dates
// within a month (two in one month), and cut-offs before the year end, so
// records after the last date are skipped in both.
func TestLedgerAtEqualsLedgerOfDate(t *testing.T) {
	d := func(m time.Month, day int) time.Time { return time.Date(2021, m, day, 0, 0, 0, 0, time.UTC) }
	sets := [][]time.Time{
		{d(3, 31), d(6, 30), d(9, 30), d(12, 31)},
		{d(1, 15), d(3, 31), d(8, 10), d(8, 20), d(11, 30)},
		{d(2, 28), d(2, 28).AddDate(0, 0, 1), d(7, 1), d(12, 30)},
		{d(5, 5)},
	}
	for trial := range 8 {
		rng := rand.New(rand.NewPCG(uint64(trial), 17))
		recs := datedRecords(rng, 3000, 40)
		for _, dates := range sets {
			l, err := monitoring.NewLedgerDates(2021, dates...)
			require.NoError(t, err)
			// Half through AddAll (batched), half through Add.
			require.NoError(t, l.AddAll(context.Background(), recordSeq(recs[:1500])))
			for _, r := range recs[1500:] {
				_ = l.Add(r)
			}
			for _, date := range dates {
				name := fmt.Sprintf("trial %d %s", trial, date.Format(time.DateOnly))
				want, werr := monitoring.Aggregate(context.Background(), 2021, date, recordSeq(recs))
				require.Error(t, werr, "the records include bad ones")
				got, err := l.At(date)
				require.NoError(t, err, name)
				assertSameLedger(t, name, want, got)
			}
		}
	}
}

func assertSameLedger(t *testing.T, name string, want, got *monitoring.Ledger) {
	t.Helper()
	require.Equal(t, want.AsOf(), got.AsOf(), name)
	require.Equal(t, want.Projects(), got.Projects(), name)
	for _, id := range want.Projects() {
		for m := time.January; m <= time.December; m++ {
			a, b := want.ExecutedThrough(id, m), got.ExecutedThrough(id, m)
			require.Equal(t, a.String(), b.String(), "%s %s through %s", name, id, m)
			require.Equal(t, a.Exponent(), b.Exponent(), "%s %s through %s", name, id, m)
		}
	}
	wc, gc := want.Classifications(), got.Classifications()
	require.Len(t, gc, len(wc), name)
	for k, v := range wc {
		require.Equal(t, v.String(), gc[k].String(), "%s class %s", name, k)
		require.Equal(t, v.Exponent(), gc[k].Exponent(), "%s class %s", name, k)
	}
	ws, wl, wr := want.Stats()
	gs, gl, gr := got.Stats()
	assert.Equal(t, [3]int64{ws, wl, wr}, [3]int64{gs, gl, gr}, "%s: summed, later, rejected", name)
	assert.Equal(t, want.Problems(), got.Problems(), name)
}

// TestLedgerAtChecks runs a year's checks (policy and rule set) once over
// a ledger per date and once over one ledger of all the dates: the
// reports, as JSON, are the same bytes.
func TestLedgerAtChecks(t *testing.T) {
	d := func(m time.Month, day int) time.Time { return time.Date(2021, m, day, 0, 0, 0, 0, time.UTC) }
	dates := []time.Time{d(3, 31), d(5, 15), d(8, 31), d(9, 30), d(11, 20), d(12, 31)}
	rng := rand.New(rand.NewPCG(3, 5))
	recs := datedRecords(rng, 4000, 60)
	var budgets []monitoring.Budget
	for i := range 55 { // P055–P059 are unmonitored
		budgets = append(budgets, monitoring.Budget{ProjectID: fmt.Sprintf("P%03d", i), Name: "项目", UnitID: "U1",
			Initial: decimal.New(rng.Int64N(1e12), -2)})
	}
	m, err := monitoring.New(2021, monitoring.DefaultPolicy(), nil, budgets, nil)
	require.NoError(t, err)
	rules := monitoring.DefaultRules()
	all, err := monitoring.NewLedgerDates(2021, dates...)
	require.NoError(t, err)
	require.NoError(t, all.AddAll(context.Background(), recordSeq(recs)))
	for _, mon := range []*monitoring.Monitor{m, m.WithRules(rules)} {
		var s1, s2 monitoring.State
		for _, date := range dates {
			want, _ := monitoring.Aggregate(context.Background(), 2021, date, recordSeq(recs))
			r1, err := mon.Check(date, want, s1)
			require.NoError(t, err)
			at, err := all.At(date)
			require.NoError(t, err)
			r2, err := mon.CheckBatch(context.Background(), date, at, s2, 2)
			require.NoError(t, err)
			j1, _ := json.Marshal(r1)
			j2, _ := json.Marshal(r2)
			require.JSONEq(t, string(j1), string(j2), date.Format(time.DateOnly))
			require.Equal(t, string(j1), string(j2), date.Format(time.DateOnly))
			s1, s2 = r1.State, r2.State
		}
	}
}

// TestLedgerDatesErrors covers the dates a ledger of several dates
// refuses, and At of a date it was not made for.
func TestLedgerDatesErrors(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	for _, dates := range [][]time.Time{
		nil,
		{d(2020, 12, 31)},
		{d(2021, 6, 30), d(2021, 3, 31)},
		{d(2021, 6, 30), d(2021, 6, 30)},
		{d(2021, 6, 30), d(2022, 1, 1)},
	} {
		_, err := monitoring.NewLedgerDates(2021, dates...)
		assert.True(t, errors.Is(err, monitoring.ErrAsOf), "%v: %v", dates, err)
	}
	l, err := monitoring.NewLedgerDates(2021, d(2021, 3, 31), d(2021, 6, 30))
	require.NoError(t, err)
	assert.Equal(t, []time.Time{d(2021, 3, 31), d(2021, 6, 30)}, l.Dates())
	same, err := l.At(d(2021, 6, 30))
	require.NoError(t, err)
	assert.Same(t, l, same, "the cut-off's ledger is the ledger itself")
	for _, bad := range []time.Time{d(2021, 4, 30), d(2021, 7, 31), d(2020, 3, 31)} {
		_, err := l.At(bad)
		assert.True(t, errors.Is(err, monitoring.ErrAsOf), "%s: %v", bad.Format(time.DateOnly), err)
	}
	one, _ := monitoring.NewLedger(2021, d(2021, 6, 30))
	assert.True(t, errors.Is(l.Merge(one), monitoring.ErrMismatch), "merging ledgers of other dates")
}

// TestLedgerDatesMerge merges two ledgers of the same dates, each of half
// the records: at every date it equals the ledger of that date of all.
func TestLedgerDatesMerge(t *testing.T) {
	d := func(m time.Month, day int) time.Time { return time.Date(2021, m, day, 0, 0, 0, 0, time.UTC) }
	dates := []time.Time{d(4, 10), d(6, 30), d(10, 15), d(12, 31)}
	rng := rand.New(rand.NewPCG(9, 9))
	var recs []monitoring.Record
	for _, r := range datedRecords(rng, 3000, 50) {
		// Only good records: a problem's position counts within its own
		// ledger's stream.
		if r.ProjectID != "" && r.Date.Year() == 2021 {
			recs = append(recs, r)
		}
	}
	a, _ := monitoring.NewLedgerDates(2021, dates...)
	b, _ := monitoring.NewLedgerDates(2021, dates...)
	require.NoError(t, a.AddAll(context.Background(), recordSeq(recs[:1200])))
	require.NoError(t, b.AddAll(context.Background(), recordSeq(recs[1200:])))
	require.NoError(t, a.Merge(b))
	for _, date := range dates {
		want, _ := monitoring.Aggregate(context.Background(), 2021, date, recordSeq(recs))
		got, err := a.At(date)
		require.NoError(t, err)
		assertSameLedger(t, date.Format(time.DateOnly), want, got)
	}
}
