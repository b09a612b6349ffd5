package monitoring_test

import (
	"testing"
	"time"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func assertRatio(t *testing.T, got performance.Ratio, num, den int64, msg string) {
	t.Helper()
	want := performance.Ratio{Num: decimal.NewFromInt(num), Den: decimal.NewFromInt(den)}
	require.True(t, got.Valid(), "%s: invalid ratio", msg)
	assert.Zero(t, got.Cmp(want), "%s: got %s/%s want %d/%d", msg, got.Num, got.Den, num, den)
}

func TestScheduleMonths(t *testing.T) {
	var s monitoring.Schedule // zero value: completed months ÷ 12
	tests := []struct {
		name     string
		asOf     time.Time
		num, den int64
	}{
		{"before the year", day(2020, 12, 31), 0, 12},
		{"mid January: nothing completed", day(2021, 1, 15), 0, 12},
		{"31 January: 1/12", day(2021, 1, 31), 1, 12},
		{"28 February of a common year: 2/12", day(2021, 2, 28), 2, 12},
		{"15 March: completed months only, 2/12", day(2021, 3, 15), 2, 12},
		{"30 March: still 2/12", day(2021, 3, 30), 2, 12},
		{"Q1 end: 3/12 = 25%", day(2021, 3, 31), 1, 4},
		{"Q2 end: 50%", day(2021, 6, 30), 1, 2},
		{"31 August: 8/12", day(2021, 8, 31), 2, 3},
		{"Q3 end: 75%", day(2021, 9, 30), 3, 4},
		{"mid December: 11/12", day(2021, 12, 15), 11, 12},
		{"Q4 end: 100%", day(2021, 12, 31), 1, 1},
		{"after the year", day(2022, 2, 1), 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Expected(2021, tt.asOf)
			require.NoError(t, err)
			assertRatio(t, got, tt.num, tt.den, tt.name)
		})
	}
	// 2/12 shown as a percentage: 16.666… → 16.67 half up.
	got, _ := s.Expected(2021, day(2021, 3, 15))
	assert.Equal(t, "16.67", got.Percent(2).StringFixed(2))
	// February in a leap year ends on the 29th: the 28th is mid-month.
	got, _ = s.Expected(2024, day(2024, 2, 28))
	assertRatio(t, got, 1, 12, "2024-02-28")
	got, _ = s.Expected(2024, day(2024, 2, 29))
	assertRatio(t, got, 2, 12, "2024-02-29")
}

func TestScheduleDays(t *testing.T) {
	s := monitoring.Schedule{Method: monitoring.MethodDays}
	tests := []struct {
		name     string
		y        int
		asOf     time.Time
		num, den int64
	}{
		{"1 January counts itself", 2021, day(2021, 1, 1), 1, 365},
		{"Q1 end of a common year: 31+28+31 = 90", 2021, day(2021, 3, 31), 90, 365},
		{"Q1 end of a leap year: 31+29+31 = 91", 2024, day(2024, 3, 31), 91, 366},
		{"mid-month 15 March: 31+28+15 = 74", 2021, day(2021, 3, 15), 74, 365},
		{"Q2 end: 181", 2021, day(2021, 6, 30), 181, 365},
		{"year end", 2021, day(2021, 12, 31), 365, 365},
		{"before the year", 2021, day(2020, 12, 31), 0, 365},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Expected(tt.y, tt.asOf)
			require.NoError(t, err)
			assertRatio(t, got, tt.num, tt.den, tt.name)
		})
	}
}

func TestSchedulePublishedTable(t *testing.T) {
	// A bureau's published schedule, rounded to two places: month n is
	// n/12 rounded half up (8.33, 16.67, 25.00, …).
	tbl := []string{"8.33", "16.67", "25", "33.33", "41.67", "50", "58.33", "66.67", "75", "83.33", "91.67", "100"}
	s := monitoring.Schedule{ID: "published", Method: monitoring.MethodTable}
	for _, v := range tbl {
		s.Table = append(s.Table, dec(v))
	}
	require.NoError(t, s.Validate())
	tests := []struct {
		asOf     time.Time
		num, den int64 // percent ÷ 100 as a fraction
	}{
		{day(2021, 1, 15), 0, 1},
		{day(2021, 1, 31), 833, 10000},  // 8.33%
		{day(2021, 2, 15), 833, 10000},  // completed months only
		{day(2021, 4, 30), 3333, 10000}, // the rounded 33.33%, not 1/3
		{day(2021, 8, 31), 6667, 10000}, // 66.67%
		{day(2021, 12, 31), 1, 1},       // 100%
	}
	for _, tt := range tests {
		got, err := s.Expected(2021, tt.asOf)
		require.NoError(t, err)
		assertRatio(t, got, tt.num, tt.den, tt.asOf.Format(time.DateOnly))
	}
	// The published 33.33 differs from the exact 1/3 by 1/300 of a point.
	exact, _ := monitoring.Schedule{}.Expected(2021, day(2021, 4, 30))
	got, _ := s.Expected(2021, day(2021, 4, 30))
	assert.Equal(t, 1, exact.Cmp(got), "1/3 > 33.33%%")
}

func TestScheduleValidate(t *testing.T) {
	bad := monitoring.Schedule{Method: monitoring.MethodTable, Table: []decimal.Decimal{dec("10"), dec("5"), dec("101")}}
	err := bad.Validate()
	var ps performance.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{"table_length", "table_decreasing", "table_range"}, ps.Codes())
	assert.Equal(t, "table[1]", ps[1].Path)
	assert.ErrorIs(t, err, performance.ErrInvalid)

	notTable := monitoring.Schedule{Table: []decimal.Decimal{dec("10")}}
	require.ErrorAs(t, notTable.Validate(), &ps)
	assert.Equal(t, []string{"table_not_used"}, ps.Codes())

	_, err = monitoring.Schedule{Method: monitoring.MethodTable}.Expected(2021, day(2021, 3, 31))
	assert.Error(t, err)
}
