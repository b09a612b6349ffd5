package monitoring

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"slices"
	"time"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A Record is one execution record (支付记录): a payment made from a project's
// budget. Amount is in yuan and may be negative for a reversal (冲销).
type Record struct {
	// ProjectID is the project paid from (项目编码).
	ProjectID string `json:"project_id"`
	// Date is the payment date (支付日期); only the calendar date is used.
	Date time.Time `json:"date"`
	// Amount is the amount paid in yuan (支付金额).
	Amount decimal.Decimal `json:"amount"`
	// Classification is the optional economic classification (支出经济分类),
	// such as 30201 or 办公费.
	Classification string `json:"classification,omitempty"`
}

// maxProblems bounds the problems a ledger keeps so that memory never grows
// with the number of records; later ones are only counted.
const maxProblems = 100

// A Ledger sums execution records per project and month of one fiscal year,
// up to a cut-off date (截止日期). Its memory grows with the number of projects
// (and economic classifications), never with the number of records.
//
// Sums are exact: amounts whole in fen are added as int64 fen, and anything
// else (sub-fen amounts, sums beyond int64) falls back to decimal arithmetic
// for that project and month only.
//
// Build one with [NewLedger] or [Aggregate]; the zero Ledger belongs to no
// year and rejects every record. A Ledger is not safe for concurrent
// writes; to aggregate on several cores use [AggregateParallel], or give
// each goroutine its own ledger and [Ledger.Merge] them. Once built, reading it from several goroutines
// (checks) is safe.
type Ledger struct {
	year    int
	asOf    time.Time
	asOfKey int
	// Dates in UTC (as parsed from files) take a fast path: Unix seconds
	// since 1 January of the year, divided into days, give the month from
	// monthOf. ndays is 0 in the zero Ledger, which so takes the slow path.
	day0    int64 // Unix time of 1 January of year, 00:00 UTC
	ndays   int64 // days up to the cut-off: later dates take the slow path
	monthOf *[366]int8
	index   idTable
	ids     []string
	classes map[string]*account

	records, later, rejected int64
	problems                 performance.Problems

	// last caches the previous record's project: streams grouped by
	// project skip the map.
	lastID   string
	lastSlot *idSlot
	lastPos  int
	sink     uint64 // keeps AddAll's slot touches from being optimised away

	// dated is what a ledger of several dates ([NewLedgerDates]) keeps
	// besides the monthly sums so that [Ledger.At] can answer each date;
	// nil in a ledger of one date.
	dated *dated
}

// account holds one project's monthly sums: fen while they fit in int64,
// exact decimals beyond.
type account struct {
	fen   [12]int64
	exact *[12]decimal.Decimal
}

// NewLedger returns an empty ledger of fiscal year year, taking records dated
// on or before asOf (a calendar date in year).
func NewLedger(year int, asOf time.Time) (*Ledger, error) {
	if asOf.Year() != year {
		return nil, fmt.Errorf("%w: cut-off %s is not in fiscal year %d", ErrAsOf, asOf.Format(time.DateOnly), year)
	}
	l := &Ledger{
		year: year, asOf: civil(asOf), asOfKey: dayKey(asOf),
		index: newIDTable(), classes: make(map[string]*account),
		day0:    time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC).Unix(),
		ndays:   int64(asOf.YearDay()),
		monthOf: new([366]int8),
	}
	for d := range daysIn(year) {
		l.monthOf[d] = int8(time.Date(year, time.January, d+1, 0, 0, 0, 0, time.UTC).Month() - 1)
	}
	return l, nil
}

// Aggregate sums a stream of records into a new ledger of year year with
// cut-off asOf. The stream is read once. An error yielded by the stream, or
// a record that cannot be used, is reported in the returned Problems while
// the other records are still summed; records after the cut-off are skipped
// and counted (see [Ledger.Stats]). Codes: "missing_project",
// "missing_date", "out_of_year" for records (path "records[n]", n the
// position in the stream); for a *[RowError] from [ReadRecords]
// "field_count", "bad_date", "bad_amount", "bad_encoding",
// "missing_project", "out_of_year", "bad_header" or "bad_row" (path
// "line N.column", the file line); "source_error" for any other error of
// the stream. The error lists the first 100 problems and, when more records
// were rejected, says how many in all; it matches [performance.Problems]
// with errors.As.
//
// Aggregate checks ctx before it takes each record from the stream, so it
// stops within one record of a cancellation. A cancelled aggregation
// returns a nil ledger (sums of part of the stream are never presented as
// the year's) and ctx's error wrapped: errors.Is(err, context.Canceled) or
// context.DeadlineExceeded.
func Aggregate(ctx context.Context, year int, asOf time.Time, records iter.Seq2[Record, error]) (*Ledger, error) {
	l, err := NewLedger(year, asOf)
	if err != nil {
		return nil, err
	}
	if err := l.AddAll(ctx, records); err != nil {
		return nil, err
	}
	return l, l.err()
}

// stopped is the error of an aggregation cancelled after n records.
func stopped(ctx context.Context, n int64) error {
	return fmt.Errorf("monitoring: aggregation stopped after %d records, no ledger: %w", n, ctx.Err())
}

// err returns the problems as an error, nil when there are none. When
// more records were rejected than problems kept, it says how many first.
func (l *Ledger) err() error {
	ps := l.Problems()
	if len(ps) == 0 {
		return nil
	}
	if l.rejected > int64(len(ps)) {
		return errors.Join(fmt.Errorf("monitoring: %d records rejected, the first %d listed", l.rejected, len(ps)), ps)
	}
	return ps
}

// batchSize is how many records AddAll validates and hashes before it adds
// them: touching their slots first lets the processor fetch many of them
// from memory at once instead of one after another (a few KB, whatever the
// number of records).
const batchSize = 64

// AddAll adds every record of the stream; see [Aggregate]. It checks ctx
// before it takes each record and, once ctx is cancelled, stops reading
// and returns ctx's error wrapped; the ledger then holds part of the
// stream (up to the 64 records before the cancellation may not be summed)
// and should be dropped. It returns nil when the stream is exhausted: the
// records' own problems are kept in the ledger ([Ledger.Problems]).
func (l *Ledger) AddAll(ctx context.Context, records iter.Seq2[Record, error]) error {
	var (
		buf    [batchSize]Record
		months [batchSize]int8
		hashes [batchSize]uint64
		words  [batchSize]uint64
		pos    [batchSize]int64 // each record's position in the stream
		k      int
		n      int64
	)
	flush := func() {
		// Phase 1: validate, and load each ID's first byte (IDs held in
		// memory by the caller may be scattered over it).
		var sink uint64
		for i := range k {
			months[i] = l.prepare(&buf[i], pos[i])
			if months[i] >= 0 {
				sink += uint64(buf[i].ProjectID[0])
			}
		}
		// Phase 2: hash.
		for i := range k {
			if months[i] >= 0 {
				hashes[i] = l.index.hash(buf[i].ProjectID)
			}
		}
		l.sink += sink
		l.addPrepared(buf[:k], months[:k], hashes[:k], words[:k])
		k = 0
	}
	// A context whose Done is nil can never be cancelled and costs a nil
	// test per record; one that can, a call of Err (an atomic load for
	// the standard library's contexts; cheaper than a select on Done).
	done := ctx.Done()
	for r, err := range records {
		if done != nil && ctx.Err() != nil {
			return stopped(ctx, n)
		}
		if err != nil {
			flush() // keep problems in stream order
			l.rejectSource(err, n)
			n++
			continue
		}
		buf[k], pos[k] = r, n
		k++
		n++
		if k == batchSize {
			flush()
		}
	}
	flush()
	if ctx.Err() != nil {
		// Cancelled after the last record was taken: the stream may have
		// ended because its own producer saw the cancellation.
		return stopped(ctx, n)
	}
	return nil
}

// addPrepared adds records validated to month indexes ms (−1: skip) with
// their IDs' hashes hs, and clears them; words is scratch of the same length.
func (l *Ledger) addPrepared(recs []Record, ms []int8, hs, words []uint64) {
	// Phases 3 and 4 only load: the index words, then the entries they
	// point to. With nothing waiting on the loads the processor has dozens
	// of cache misses in flight at once, where a loop that also validates
	// and hashes fits only a few in its window.
	l.sink += l.index.touch(hs, ms, words)
	// Phase 5: add, the entries now (mostly) in cache.
	for i := range recs {
		if ms[i] >= 0 {
			s, pos := l.slotHashed(recs[i].ProjectID, hs[i])
			l.apply(&recs[i], int(ms[i]), s, pos)
		}
		recs[i] = Record{}
	}
}

// Add adds one record. It returns a *performance.Problem when the record
// cannot be used; the problem is also kept for [Ledger.Problems].
func (l *Ledger) Add(r Record) error {
	m, p := l.check(&r, l.records+l.later+l.rejected)
	if p != nil {
		return p
	}
	if m >= 0 {
		s, pos := l.lastSlot, l.lastPos
		if s == nil || r.ProjectID != l.lastID {
			s, pos = l.slot(r.ProjectID)
			l.lastID, l.lastSlot, l.lastPos = r.ProjectID, s, pos
		}
		l.apply(&r, int(m), s, pos)
	}
	return nil
}

// rejectSource keeps an error yielded by the stream at position n.
func (l *Ledger) rejectSource(err error, n int64) {
	code, path := "source_error", fmt.Sprintf("records[%d]", n)
	var pe *RowError
	if errors.As(err, &pe) {
		// A row of a file: its line, not its position in the stream.
		code, path = parseErrorCode(pe), fmt.Sprintf("line %d", pe.Line)
		if pe.Field != "" {
			path += "." + pe.Field
		}
	}
	_ = l.reject(code, path, "读取支付记录出错: "+err.Error(), "reading the record failed: "+err.Error())
}

func (l *Ledger) reject(code, path, zh, en string) *performance.Problem {
	l.rejected++
	p := &performance.Problem{Code: code, Path: path, Message: performance.Text{ZH: zh, EN: en}}
	if len(l.problems) < maxProblems {
		l.problems = append(l.problems, p)
	}
	return p
}

// prepare validates record n and returns its month index (0–11), or −1
// when it is rejected or after the cut-off.
func (l *Ledger) prepare(r *Record, n int64) int8 {
	m, _ := l.check(r, n)
	return m
}

// check validates record n: its month index (0–11), −1 when rejected (with
// the problem) or dated after the cut-off (counted).
func (l *Ledger) check(r *Record, n int64) (int8, *performance.Problem) {
	if r.ProjectID == "" {
		return -1, l.reject("missing_project", fmt.Sprintf("records[%d].project_id", n), "支付记录缺少项目编码", "the record has no project ID")
	}
	if r.Date.Location() == time.UTC {
		// Fast path: a UTC date from 1 January to the cut-off.
		if s := r.Date.Unix() - l.day0; s >= 0 && s < l.ndays*86400 {
			return l.monthOf[s/86400], nil
		}
	}
	if r.Date.IsZero() {
		return -1, l.reject("missing_date", fmt.Sprintf("records[%d].date", n), "支付记录缺少支付日期", "the record has no payment date")
	}
	y, m, d := r.Date.Date()
	if y != l.year {
		return -1, l.reject("out_of_year", fmt.Sprintf("records[%d].date", n),
			fmt.Sprintf("支付日期%s不在%d预算年度内", r.Date.Format(time.DateOnly), l.year),
			fmt.Sprintf("payment date %s is outside fiscal year %d", r.Date.Format(time.DateOnly), l.year))
	}
	if y*10000+int(m)*100+d > l.asOfKey {
		l.later++
		return -1, nil
	}
	return int8(m - 1), nil
}

// apply adds a valid record of month index m to its project's slot s,
// at position pos of the ledger's ids.
func (l *Ledger) apply(r *Record, m int, s *idSlot, pos int) {
	l.records++
	s.acc.add(m, r.Amount)
	if r.Classification != "" {
		c := l.classes[r.Classification]
		if c == nil {
			c = new(account)
			l.classes[r.Classification] = c
		}
		c.add(m, r.Amount)
	}
	if l.dated != nil {
		l.dated.note(l, r, m, pos)
	}
}

func (a *account) add(m int, amt decimal.Decimal) {
	// Fen sums of at most exact.MaxFen per amount: a larger amount, or
	// a sum that would overflow, takes the exact decimal path, with the
	// same result.
	if f, ok := exact.Fen(amt); ok {
		s := a.fen[m] + f
		// Overflow iff both operands have the same sign and the sum's differs.
		if (a.fen[m] >= 0) == (f >= 0) && (s >= 0) != (f >= 0) {
			a.spill(m)
			a.exact[m] = a.exact[m].Add(amt)
			return
		}
		a.fen[m] = s
		return
	}
	if a.exact == nil {
		a.exact = new([12]decimal.Decimal)
	}
	a.exact[m] = a.exact[m].Add(amt)
}

// spill moves month m's fen sum into the exact decimal sum.
func (a *account) spill(m int) {
	if a.exact == nil {
		a.exact = new([12]decimal.Decimal)
	}
	a.exact[m] = a.exact[m].Add(decimal.New(a.fen[m], -2))
	a.fen[m] = 0
}

// through returns the exact sum of months 1..n (0 ≤ n ≤ 12).
func (a *account) through(n int) decimal.Decimal {
	var fen int64
	exact := decimal.Zero
	for m := range n {
		s := fen + a.fen[m]
		if (fen >= 0) == (a.fen[m] >= 0) && (s >= 0) != (fen >= 0) {
			exact = exact.Add(decimal.New(fen, -2))
			s = a.fen[m]
		}
		fen = s
		if a.exact != nil {
			exact = exact.Add(a.exact[m])
		}
	}
	return exact.Add(decimal.New(fen, -2))
}

func (a *account) merge(b *account) {
	for m := range 12 {
		f := b.fen[m]
		s := a.fen[m] + f
		if (a.fen[m] >= 0) == (f >= 0) && (s >= 0) != (f >= 0) {
			a.spill(m)
			a.exact[m] = a.exact[m].Add(decimal.New(f, -2))
		} else {
			a.fen[m] = s
		}
		if b.exact != nil {
			if a.exact == nil {
				a.exact = new([12]decimal.Decimal)
			}
			a.exact[m] = a.exact[m].Add(b.exact[m])
		}
	}
}

// slotHashed is slot with the ID's hash already computed.
func (l *Ledger) slotHashed(id string, h uint64) (*idSlot, int) {
	if s, pos := l.index.findHashedPos(id, h, l.ids); s != nil {
		return s, pos
	}
	return l.add(id)
}

// slot returns the slot of a project and its position in ids, adding it
// if new. Adding invalidates slot pointers, so the one-entry cache is
// reset.
func (l *Ledger) slot(id string) (*idSlot, int) {
	if len(l.index.index) != 0 {
		if s, pos := l.index.findHashedPos(id, l.index.hash(id), l.ids); s != nil {
			return s, pos
		}
	}
	return l.add(id)
}

// add adds a project not in the ledger.
func (l *Ledger) add(id string) (*idSlot, int) {
	l.lastSlot = nil
	s := l.index.insert(id)
	if len(l.ids) == cap(l.ids) {
		// Doubled: append's growth of a large slice by a quarter at a
		// time allocated five times a million projects' IDs.
		l.ids = slices.Grow(l.ids, max(len(l.ids), 16))
	}
	l.ids = append(l.ids, id)
	if l.dated != nil {
		l.dated.grow()
	}
	return s, len(l.ids) - 1
}

// Merge adds every sum, count and problem of o into l. Both must have the same
// year and cut-off, and ledgers of several dates the same dates, else
// ErrMismatch. o is left unchanged.
func (l *Ledger) Merge(o *Ledger) error {
	if l.year != o.year || l.asOfKey != o.asOfKey || !l.dated.sameDates(o.dated) {
		return fmt.Errorf("%w: %d up to %s and %d up to %s", ErrMismatch,
			l.year, l.asOf.Format(time.DateOnly), o.year, o.asOf.Format(time.DateOnly))
	}
	// o's slots are in the order of its ids: no lookup on o's side.
	for i, id := range o.ids {
		s, pos := l.slot(id)
		s.acc.merge(&o.index.at(i).acc)
		if l.dated != nil {
			l.dated.mergeProject(pos, o.dated, i)
		}
	}
	if l.dated != nil {
		l.dated.mergeRest(o.dated)
	}
	for k, c := range o.classes {
		a := l.classes[k]
		if a == nil {
			a = new(account)
			l.classes[k] = a
		}
		a.merge(c)
	}
	l.records += o.records
	l.later += o.later
	l.rejected += o.rejected
	for _, p := range o.problems {
		if len(l.problems) < maxProblems {
			l.problems = append(l.problems, p)
		}
	}
	return nil
}

// Year returns the ledger's fiscal year.
func (l *Ledger) Year() int { return l.year }

// AsOf returns the ledger's cut-off date.
func (l *Ledger) AsOf() time.Time { return l.asOf }

// Stats counts the records summed, those dated after the cut-off (skipped)
// and those rejected.
func (l *Ledger) Stats() (summed, later, rejected int64) { return l.records, l.later, l.rejected }

// Problems returns the first 100 problems found in the records; Stats gives
// the full count of rejected records.
func (l *Ledger) Problems() performance.Problems { return slices.Clone(l.problems) }

// Projects returns the IDs of the projects with records, sorted.
func (l *Ledger) Projects() []string {
	ids := slices.Clone(l.ids)
	slices.Sort(ids)
	return ids
}

// Executed returns a project's executed amount (执行数) up to the cut-off, in
// yuan, exactly; zero for a project without records.
func (l *Ledger) Executed(projectID string) decimal.Decimal {
	return l.executedThrough(projectID, 12)
}

// ExecutedThrough returns a project's executed amount up to the end of month m
// (or the cut-off, if earlier).
func (l *Ledger) ExecutedThrough(projectID string, m time.Month) decimal.Decimal {
	return l.executedThrough(projectID, int(m))
}

func (l *Ledger) executedThrough(projectID string, n int) decimal.Decimal {
	s := l.index.find(projectID, l.ids)
	if s == nil {
		return decimal.Zero
	}
	return s.acc.through(max(0, min(n, 12)))
}

// Classifications returns the executed amount per economic classification
// (支出经济分类) up to the cut-off, keyed by classification, for records that
// carry one.
func (l *Ledger) Classifications() map[string]decimal.Decimal {
	out := make(map[string]decimal.Decimal, len(l.classes))
	for k, a := range l.classes {
		out[k] = a.through(12)
	}
	return out
}

// covers reports through how many months the ledger answers a check at asOf:
// asOf must be the cut-off itself, or a month end before it.
func (l *Ledger) covers(asOf time.Time) (int, error) {
	k := dayKey(asOf)
	if asOf.Year() == l.year && k == l.asOfKey {
		return int(asOf.Month()), nil
	}
	if asOf.Year() == l.year && k < l.asOfKey && asOf.Day() == monthEnd(l.year, asOf.Month()).Day() {
		return int(asOf.Month()), nil
	}
	return 0, fmt.Errorf("%w: %s (ledger of %d up to %s answers its cut-off and earlier month ends)",
		ErrAsOf, asOf.Format(time.DateOnly), l.year, l.asOf.Format(time.DateOnly))
}
