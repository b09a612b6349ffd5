package monitoring

import (
	"fmt"
	"hash/maphash"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLookupEqualsFind: the block lookup a check uses finds exactly the
// slots find does, for IDs present and absent, short (inline key) and long
// (compared through the ledger's IDs), in blocks of every length up to
// lookAhead. 3,000 IDs in an index of 8,192 words collide often, so the
// probes past the first word are exercised too.
func TestLookupEqualsFind(t *testing.T) {
	l, err := NewLedger(2021, time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	var probe []string
	for i := range 3000 {
		id := fmt.Sprintf("P%06d", i)
		if i%3 == 0 {
			id = fmt.Sprintf("a-project-id-longer-than-sixteen-%06d", i)
		}
		if i%5 != 4 { // a fifth are never added
			l.slot(id)
		}
		probe = append(probe, id)
	}
	hs := make([]uint64, lookAhead)
	slots := make([]*idSlot, lookAhead)
	found := 0
	for n := 1; n <= lookAhead; n++ {
		for lo := 0; lo < len(probe); lo += n {
			ids := probe[lo:min(lo+n, len(probe))]
			l.index.lookup(ids, l.ids, hs[:len(ids)], slots[:len(ids)])
			for k, id := range ids {
				require.Same(t, l.index.find(id, l.ids), slots[k], "block of %d: lookup(%q)", n, id)
				if slots[k] != nil {
					found++
				}
			}
		}
	}
	// 2,400 IDs added (every one but i%5 == 4), found in each of the 32 passes.
	assert.Equal(t, 32*2400, found, "slots found over the 32 passes")
	var empty idTable
	slots[0] = &idSlot{}
	empty.lookup(probe[:1], nil, hs[:1], slots[:1])
	assert.Nil(t, slots[0], "empty table")
}

// TestJoinOwnersEqualsMerge: joining owners' disjoint ledgers page by page
// gives every project the sums Merge gives, one entry per project, found
// by find and by the block lookup, with each entry's ID at its position in
// ids; and the joined ledger takes further records (new projects land on
// the copied partial pages and beyond). The owners hold 2 full pages and a
// partial one, 1 and a partial one, a partial first page only, and
// nothing; a third of the IDs are longer than the inline key. The
// expected sums are Merge's, the path AggregateParallel took before.
func TestJoinOwnersEqualsMerge(t *testing.T) {
	asOf := time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)
	sizes := []int{2<<pageBits + 123, 1<<pageBits + 7, 50, 0}
	build := func() []*Ledger {
		var seed maphash.Seed
		var ls []*Ledger
		next := 0
		for k, n := range sizes {
			l, err := NewLedger(2021, asOf)
			require.NoError(t, err)
			if k == 0 {
				seed = l.index.seed
			}
			l.index.seed = seed
			for range n {
				id := fmt.Sprintf("P%07d", next)
				if next%3 == 0 {
					id = fmt.Sprintf("a-project-id-longer-than-sixteen-%07d", next)
				}
				for m := range 3 {
					require.NoError(t, l.Add(Record{ProjectID: id, Date: time.Date(2021, time.Month(1+(next+m)%12), 1, 0, 0, 0, 0, time.UTC),
						Amount: decimalFen(int64(next*10 + m)), Classification: []string{"", "30201"}[m%2]}))
				}
				next++
			}
			ls = append(ls, l)
		}
		return ls
	}
	want := build()
	for _, o := range want[1:] {
		require.NoError(t, want[0].Merge(o))
	}
	got := joinOwners(build())
	w, g := want[0], got
	require.Equal(t, w.Projects(), g.Projects())
	require.Len(t, g.ids, g.index.n)
	ws, wl, wr := w.Stats()
	gs, gl, gr := g.Stats()
	assert.Equal(t, [3]int64{ws, wl, wr}, [3]int64{gs, gl, gr}, "summed, later, rejected")
	assert.Equal(t, w.Classifications(), g.Classifications())
	hs := make([]uint64, 1)
	slots := make([]*idSlot, 1)
	for pos, id := range g.ids {
		s := g.index.find(id, g.ids)
		require.Same(t, g.index.at(pos), s, "find(%q) at position %d", id, pos)
		g.index.lookup([]string{id}, g.ids, hs, slots)
		require.Same(t, s, slots[0], "lookup(%q)", id)
		for m := time.January; m <= time.December; m++ {
			a, b := w.ExecutedThrough(id, m), g.ExecutedThrough(id, m)
			require.True(t, a.Equal(b), "%s %v: merged %s joined %s", id, m, a, b)
		}
	}
	for i := range 5000 {
		id := fmt.Sprintf("Q%07d", i)
		r := Record{ProjectID: id, Date: asOf, Amount: decimalFen(int64(i))}
		require.NoError(t, w.Add(r))
		require.NoError(t, g.Add(r))
	}
	require.Equal(t, w.Projects(), g.Projects())
	for _, id := range w.Projects() {
		a, b := w.Executed(id), g.Executed(id)
		require.True(t, a.Equal(b), "%s: merged %s joined %s", id, a, b)
	}
}

func decimalFen(f int64) decimal.Decimal { return decimal.New(f, -2) }
