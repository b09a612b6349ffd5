package monitoring

import (
	"fmt"
	"slices"
	"time"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/shopspring/decimal"
)

// A ledger of several dates. A year's checks (31 March, 30 June, …) each
// need the sums up to their date. Rather than one ledger per date, each
// record added to all, one ledger up to the last date keeps, beside its
// monthly sums, what the earlier dates need and the monthly sums do not
// say:
//
//   - per project (and classification) the day of its earliest record:
//     a ledger up to an earlier date holds only the projects with a
//     record by then;
//   - per project (and classification), for each earlier date that is not
//     a month end, the sum of its records of that date's month up to the
//     date (the head of the month);
//   - the number of records summed on each day of the year.
//
// The memory is the projects' times (1 + the dates within a month), never
// the records'; each record is read once. [Ledger.At] then builds, for one
// date, the ledger NewLedger(year, date) would have summed from the same
// records: same projects, same sums of the same exponents, same counts.

// dated is a ledger's bookkeeping for its dates before the cut-off.
type dated struct {
	dates []time.Time // every date the ledger answers, in order, the last its cut-off
	// mids are the day indexes (0 = 1 January) of the dates before the
	// cut-off that are not month ends, in order; midMonth their month
	// indexes (0–11).
	mids     []int
	midMonth []int8
	first    []uint16 // per project position: day index of its earliest record
	heads    []cell   // per project position, len(mids) each: the month's head
	classes  map[string]*datedClass
	perDay   [366]int64 // records summed, by day index
}

// datedClass is dated's record of one economic classification.
type datedClass struct {
	first uint16
	heads []cell
}

// cell is one month's sum as an account keeps it: fen while it fits in
// int64, an exact decimal beyond.
type cell struct {
	fen   int64
	exact *decimal.Decimal
}

// noDay is the earliest day of a project without records.
const noDay = uint16(0xFFFF)

// NewLedgerDates returns an empty ledger of fiscal year year that answers
// a check at each of dates (calendar dates in year, in increasing order;
// the last is its cut-off): [Ledger.At] gives the ledger of each date. Its
// memory grows with the number of projects times one plus the number of
// dates that are not month ends, never with the number of records. With
// one date it is NewLedger(year, dates[0]). It returns ErrAsOf (wrapped)
// for no dates, a date outside year or dates out of order.
//
// A ledger of several dates merges ([Ledger.Merge]) only with one of the
// same dates.
func NewLedgerDates(year int, dates ...time.Time) (*Ledger, error) {
	if len(dates) == 0 {
		return nil, fmt.Errorf("%w: no dates", ErrAsOf)
	}
	for i, d := range dates {
		if d.Year() != year {
			return nil, fmt.Errorf("%w: cut-off %s is not in fiscal year %d", ErrAsOf, d.Format(time.DateOnly), year)
		}
		if i > 0 && dayKey(d) <= dayKey(dates[i-1]) {
			return nil, fmt.Errorf("%w: %s is not after %s", ErrAsOf, d.Format(time.DateOnly), dates[i-1].Format(time.DateOnly))
		}
	}
	l, err := NewLedger(year, dates[len(dates)-1])
	if err != nil || len(dates) == 1 {
		return l, err
	}
	x := &dated{classes: map[string]*datedClass{}}
	for _, d := range dates {
		x.dates = append(x.dates, civil(d))
	}
	for _, d := range dates[:len(dates)-1] {
		if d.Day() != monthEnd(year, d.Month()).Day() {
			x.mids = append(x.mids, d.YearDay()-1)
			x.midMonth = append(x.midMonth, int8(d.Month()-1))
		}
	}
	l.dated = x
	return l, nil
}

// Dates returns the dates the ledger answers ([Ledger.At]), in order: its
// cut-off alone for a ledger of one date.
func (l *Ledger) Dates() []time.Time {
	if l.dated == nil {
		return []time.Time{l.asOf}
	}
	return slices.Clone(l.dated.dates)
}

// At returns the ledger as of asOf, one of the ledger's dates
// ([NewLedgerDates]): the ledger NewLedger(l.Year(), asOf) would be after
// the same records, with the same projects, sums, counts and problems.
// For the cut-off it returns l itself; for an earlier date a new ledger,
// built in time and memory linear in the number of projects. It returns
// ErrAsOf (wrapped) for any other date.
func (l *Ledger) At(asOf time.Time) (*Ledger, error) {
	if asOf.Year() == l.year && dayKey(asOf) == l.asOfKey {
		return l, nil
	}
	x := l.dated
	if x == nil || !slices.ContainsFunc(x.dates, func(d time.Time) bool { return asOf.Year() == l.year && dayKey(d) == dayKey(asOf) }) {
		return nil, fmt.Errorf("%w: %s is not one of the ledger's dates (%d up to %s)",
			ErrAsOf, asOf.Format(time.DateOnly), l.year, l.asOf.Format(time.DateOnly))
	}
	v, err := NewLedger(l.year, asOf)
	if err != nil {
		return nil, err
	}
	day, mo := asOf.YearDay()-1, int(asOf.Month())-1
	c := slices.Index(x.mids, day) // −1: a month end, whose month is whole
	n := 0
	for pos := range l.ids {
		if int(x.first[pos]) <= day {
			n++
		}
	}
	v.ids = make([]string, 0, n)
	for pos, id := range l.ids {
		if int(x.first[pos]) > day {
			continue
		}
		var head *cell
		if c >= 0 {
			head = &x.heads[pos*len(x.mids)+c]
		}
		s, _ := v.add(id)
		s.acc = l.index.at(pos).acc.upTo(mo, head)
	}
	for k, a := range l.classes {
		dc := x.classes[k]
		if int(dc.first) > day {
			continue
		}
		var head *cell
		if c >= 0 {
			head = &dc.heads[c]
		}
		acc := a.upTo(mo, head)
		v.classes[k] = &acc
	}
	for d := range day + 1 {
		v.records += x.perDay[d]
	}
	v.later = l.later + l.records - v.records
	v.rejected = l.rejected
	v.problems = slices.Clone(l.problems)
	return v, nil
}

// upTo returns the account as a ledger up to a date in month index mo
// would hold it: the months before mo, then month mo whole (head nil) or
// its head, then nothing. Its exact sums exist only when one of those
// months has one, as they would in that ledger.
func (a *account) upTo(mo int, head *cell) account {
	var b account
	copy(b.fen[:mo], a.fen[:mo])
	var ex [12]decimal.Decimal
	some := false
	if a.exact != nil {
		copy(ex[:mo], a.exact[:mo])
		for m := range mo {
			some = some || a.exact[m] != (decimal.Decimal{})
		}
	}
	switch {
	case head != nil:
		b.fen[mo] = head.fen
		if head.exact != nil {
			ex[mo], some = *head.exact, true
		}
	default:
		b.fen[mo] = a.fen[mo]
		if a.exact != nil && a.exact[mo] != (decimal.Decimal{}) {
			ex[mo], some = a.exact[mo], true
		}
	}
	if some {
		b.exact = &ex
	}
	return b
}

// grow adds the bookkeeping of a new project.
func (x *dated) grow() {
	x.first = append(x.first, noDay)
	for range x.mids {
		x.heads = append(x.heads, cell{})
	}
}

// note records a record of month index m summed for the project at pos.
func (x *dated) note(l *Ledger, r *Record, m, pos int) {
	day := l.dayIndex(r.Date)
	x.perDay[day]++
	d16 := uint16(day)
	x.first[pos] = min(x.first[pos], d16)
	heads := x.heads[pos*len(x.mids) : (pos+1)*len(x.mids)]
	for c, md := range x.mids {
		if int(x.midMonth[c]) == m && day <= md {
			heads[c].add(r.Amount)
		}
	}
	if r.Classification == "" {
		return
	}
	dc := x.classes[r.Classification]
	if dc == nil {
		dc = &datedClass{first: noDay, heads: make([]cell, len(x.mids))}
		x.classes[r.Classification] = dc
	}
	dc.first = min(dc.first, d16)
	for c, md := range x.mids {
		if int(x.midMonth[c]) == m && day <= md {
			dc.heads[c].add(r.Amount)
		}
	}
}

// dayIndex returns the day of the year of t (0 = 1 January), t a valid
// record's date (in the year, on or before the cut-off).
func (l *Ledger) dayIndex(t time.Time) int {
	if t.Location() == time.UTC {
		if s := t.Unix() - l.day0; s >= 0 && s < l.ndays*86400 {
			return int(s / 86400)
		}
	}
	return t.YearDay() - 1
}

// add adds amt as account.add adds it to one month.
func (c *cell) add(amt decimal.Decimal) {
	if f, ok := exact.Fen(amt); ok {
		s := c.fen + f
		if (c.fen >= 0) == (f >= 0) && (s >= 0) != (f >= 0) {
			c.spill()
			*c.exact = c.exact.Add(amt)
			return
		}
		c.fen = s
		return
	}
	if c.exact == nil {
		c.exact = new(decimal.Decimal)
	}
	*c.exact = c.exact.Add(amt)
}

// spill moves the fen sum into the exact sum.
func (c *cell) spill() {
	if c.exact == nil {
		c.exact = new(decimal.Decimal)
	}
	*c.exact = c.exact.Add(decimal.New(c.fen, -2))
	c.fen = 0
}

// merge adds o as account.merge adds one month.
func (c *cell) merge(o *cell) {
	s := c.fen + o.fen
	if (c.fen >= 0) == (o.fen >= 0) && (s >= 0) != (o.fen >= 0) {
		c.spill()
		*c.exact = c.exact.Add(decimal.New(o.fen, -2))
	} else {
		c.fen = s
	}
	if o.exact != nil {
		if c.exact == nil {
			c.exact = new(decimal.Decimal)
		}
		*c.exact = c.exact.Add(*o.exact)
	}
}

// sameDates reports whether two ledgers' dates agree (nil: one date).
func (x *dated) sameDates(o *dated) bool {
	if x == nil || o == nil {
		return x == nil && o == nil
	}
	return slices.EqualFunc(x.dates, o.dates, func(a, b time.Time) bool { return a.Equal(b) })
}

// mergeProject merges o's bookkeeping of the project at opos into the
// project at pos.
func (x *dated) mergeProject(pos int, o *dated, opos int) {
	x.first[pos] = min(x.first[pos], o.first[opos])
	k := len(x.mids)
	for c := range k {
		x.heads[pos*k+c].merge(&o.heads[opos*k+c])
	}
}

// mergeRest merges o's classifications and day counts.
func (x *dated) mergeRest(o *dated) {
	for k, oc := range o.classes {
		dc := x.classes[k]
		if dc == nil {
			dc = &datedClass{first: noDay, heads: make([]cell, len(x.mids))}
			x.classes[k] = dc
		}
		dc.first = min(dc.first, oc.first)
		for c := range dc.heads {
			dc.heads[c].merge(&oc.heads[c])
		}
	}
	for d, n := range o.perDay {
		x.perDay[d] += n
	}
}
