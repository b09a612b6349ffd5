package monitoring

import "time"

// Dates are calendar dates: only the year, month and day of a time.Time, in
// its own location, are used. Dates the package produces are midnight UTC.

// dayKey returns yyyymmdd of t's calendar date, for ordering dates.
func dayKey(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

// civil returns t's calendar date as midnight UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// monthEnd returns the last day of month m of year y, midnight UTC.
func monthEnd(y int, m time.Month) time.Time {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
}

// completedMonths returns how many months of fiscal year y are complete on
// date t: a month is complete once its last day is reached.
func completedMonths(y int, t time.Time) int {
	ty, tm, td := t.Date()
	switch {
	case ty < y:
		return 0
	case ty > y:
		return 12
	}
	if td == monthEnd(ty, tm).Day() {
		return int(tm)
	}
	return int(tm) - 1
}

// daysIn returns the number of days of year y (365 or 366).
func daysIn(y int) int {
	return time.Date(y, time.December, 31, 0, 0, 0, 0, time.UTC).YearDay()
}

// quarterOf returns the quarter (1–4) when t is a quarter end, else 0.
func quarterOf(t time.Time) int {
	_, m, d := t.Date()
	if m%3 == 0 && d == monthEnd(t.Year(), m).Day() {
		return int(m) / 3
	}
	return 0
}

// addMonthsEnd returns the last day of the month n months after t's month.
func addMonthsEnd(t time.Time, n int) time.Time {
	y, m, _ := t.Date()
	return time.Date(y, m+time.Month(n)+1, 0, 0, 0, 0, 0, time.UTC)
}
