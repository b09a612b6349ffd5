package monitoring

import (
	"context"
	"hash/maphash"
	"iter"
	"sync"
	"time"
)

// shardBatch is how many records a reader hands an owner at a time.
const shardBatch = 1024

// batch is records routed to one owner: validated (month index) and hashed.
type batch struct {
	recs   []Record
	months []int8
	hashes []uint64
}

// AggregateParallel is [Aggregate] over several streams at once, for callers
// with several cores: it starts two goroutines per stream and returns when
// all have finished. Each stream is read (validated and hashed) on its own
// goroutine, and each record is handed to the goroutine that owns its
// project, so that every project's sums live in one place only: the owners'
// accounts are disjoint, each a 1/len(parts) share of the projects, and
// combining them at the end adds no sums.
//
// The sums, counts and problems are those of Aggregate over the streams
// one after another, except that a problem's "records[n]" position counts
// within its own stream; problems are listed stream by stream, in the order
// of parts. Memory grows with the number of projects and streams, never
// with the number of records. With no parts it returns an empty ledger.
//
// Each reader checks ctx before it takes each record of its stream, so
// every goroutine stops within one record of a cancellation; the call then
// returns, once all have finished, a nil ledger and ctx's error wrapped, as
// Aggregate does.
func AggregateParallel(ctx context.Context, year int, asOf time.Time, parts ...iter.Seq2[Record, error]) (*Ledger, error) {
	if len(parts) <= 1 {
		if len(parts) == 0 {
			return Aggregate(ctx, year, asOf, func(func(Record, error) bool) {})
		}
		return Aggregate(ctx, year, asOf, parts[0])
	}
	n := len(parts)
	fronts := make([]*Ledger, n) // validation, counts and problems per stream
	owners := make([]*Ledger, n) // the sums, by project hash
	seed := maphash.MakeSeed()
	for i := range n {
		var err error
		if fronts[i], err = NewLedger(year, asOf); err != nil {
			return nil, err
		}
		owners[i], _ = NewLedger(year, asOf)
		owners[i].index.seed = seed
	}
	// A fixed pool of batches: every reader holds one per owner, and a few
	// more travel. Owners never block, so readers always get one back.
	free := make(chan *batch, n*n+2*n)
	for range cap(free) {
		free <- &batch{recs: make([]Record, 0, shardBatch), months: make([]int8, 0, shardBatch), hashes: make([]uint64, 0, shardBatch)}
	}
	inbox := make([]chan *batch, n)
	for i := range inbox {
		inbox[i] = make(chan *batch, 2)
	}

	var (
		owned   sync.WaitGroup
		read    sync.WaitGroup
		mu      sync.Mutex
		panicky any // a panic of a caller's stream, raised again on the caller's goroutine
	)
	for o := range n {
		owned.Go(func() {
			var words [batchSize]uint64
			for b := range inbox[o] {
				for i := 0; i < len(b.recs); i += batchSize {
					j := min(i+batchSize, len(b.recs))
					owners[o].addPrepared(b.recs[i:j], b.months[i:j], b.hashes[i:j], words[:j-i])
				}
				b.recs, b.months, b.hashes = b.recs[:0], b.months[:0], b.hashes[:0]
				free <- b
			}
		})
	}
	for p := range n {
		read.Go(func() {
			l := fronts[p]
			out := make([]*batch, n)
			for o := range out {
				out[o] = <-free
			}
			defer func() {
				if v := recover(); v != nil {
					mu.Lock()
					if panicky == nil {
						panicky = v
					}
					mu.Unlock()
				}
				for o, b := range out {
					if len(b.recs) > 0 {
						inbox[o] <- b
					} else {
						free <- b
					}
				}
			}()
			var pos int64
			done := ctx.Done() // see Ledger.AddAll
			for r, err := range parts[p] {
				if done != nil && ctx.Err() != nil {
					return
				}
				if err != nil {
					l.rejectSource(err, pos)
					pos++
					continue
				}
				m := l.prepare(&r, pos)
				pos++
				if m < 0 {
					continue
				}
				h := maphash.String(seed, r.ProjectID)
				o := int((h >> 32) * uint64(n) >> 32)
				b := out[o]
				b.recs = append(b.recs, r)
				b.months = append(b.months, m)
				b.hashes = append(b.hashes, h)
				if len(b.recs) == shardBatch {
					inbox[o] <- b
					out[o] = <-free
				}
			}
		})
	}
	read.Wait()
	for _, c := range inbox {
		close(c)
	}
	owned.Wait()
	if panicky != nil {
		panic(panicky)
	}
	if ctx.Err() != nil {
		var taken int64
		for i := range n {
			taken += owners[i].records + fronts[i].later + fronts[i].rejected
		}
		return nil, stopped(ctx, taken)
	}

	l := joinOwners(owners)
	for _, f := range fronts {
		_ = l.Merge(f) // counts and problems only
	}
	return l, l.Problems().Err()
}

// joinOwners returns the ledger of owners' disjoint projects: owners[0]
// with the others' entries taken over page by page ([joinTables]) and their
// classifications and counts merged. The owners are undated ledgers
// ([NewLedger], as AggregateParallel makes them: a dated ledger's
// per-project dates follow its positions, which the join renumbers), and
// are not to be used afterwards.
func joinOwners(owners []*Ledger) *Ledger {
	l := owners[0]
	ts := make([]*idTable, len(owners))
	ids := make([][]string, len(owners))
	for k, o := range owners {
		ts[k], ids[k] = &o.index, o.ids
	}
	l.index, l.ids = joinTables(ts, ids)
	l.lastSlot = nil
	for _, o := range owners[1:] {
		rest := *o
		rest.ids = nil     // taken over above: only sums by classification and counts are left
		_ = l.Merge(&rest) // same year and cut-off
	}
	return l
}
