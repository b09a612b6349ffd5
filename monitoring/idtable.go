package monitoring

import (
	"hash/maphash"

	"github.com/jixiao-go/jixiao/internal/idtable"
)

// idTable holds the ledger's accounts keyed by project ID. Aggregating
// millions of records over many projects is bound by memory latency, so the
// table (internal/idtable) keeps each record to about one cache miss: a
// small index that stays in cache, and one 128-byte, cache-line-aligned
// entry per project holding the ID and the account, so finding and adding
// touch one entry.
type idTable = idtable.Table[account]

// idSlot is one project's entry: 24 bytes of key and hash, 104 of account
// (Val), 128 in all. Its position in the table is its position in the
// ledger's ids.
type idSlot = idtable.Slot[account]

func newIDTable() idTable { return idtable.New[account](maphash.MakeSeed()) }

// touch loads, for each record with month index ms[i] ≥ 0 and ID hash
// hs[i], the index word and then the entry the record most likely belongs
// to, so that they are in cache when used (words is scratch). Only loads:
// the returned sum keeps them from being optimised away. BenchmarkAggregate
// (projects=100k) is what it is for.
func touch(t *idTable, hs []uint64, ms []int8, words []uint64) uint64 {
	t.Probe(hs, ms, words)
	var sink uint64
	for i, v := range words {
		if s := t.Candidate(v); s != nil {
			// The key (first line) and the month's sum (first or second).
			sink += uint64(s.KeyLen()) + uint64(s.Val.fen[ms[i]])
		}
	}
	return sink
}
