package monitoring

import (
	"fmt"
	"testing"
	"time"

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
