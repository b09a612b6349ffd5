package idtable

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// account is a value the size of monitoring's (twelve monthly sums and a
// pointer), so that a slot is two cache lines as there.
type account struct {
	fen   [12]int64
	exact *[12]int64
}

// TestIDTable (moved from monitoring with the table) inserts and finds
// 20,000 IDs, a third beyond the 16 inline bytes, through growth: every
// ID keeps its slot and its value.
func TestIDTable(t *testing.T) {
	var tb Table[account]
	var ids []string
	want := map[string]int32{}
	rng := rand.New(rand.NewPCG(9, 9))
	for i := range 20000 {
		id := fmt.Sprintf("P%d", rng.IntN(30000))
		if i%3 == 0 {
			id = "a-rather-long-project-code-" + id // beyond the 16 inline bytes
		}
		if _, ok := want[id]; ok {
			s := tb.Find(id, ids)
			require.NotNil(t, s, id)
			require.Same(t, &tb.slots[want[id]], s, id)
			s.Val.fen[0]++ // counts the lookups of id
			continue
		}
		require.Nil(t, tb.Find(id, ids), id)
		idx := int32(len(ids))
		tb.Insert(id).Val.fen[0] = 1
		ids = append(ids, id)
		want[id] = idx
	}
	seen := map[string]int64{}
	rng = rand.New(rand.NewPCG(9, 9))
	for i := range 20000 {
		id := fmt.Sprintf("P%d", rng.IntN(30000))
		if i%3 == 0 {
			id = "a-rather-long-project-code-" + id
		}
		seen[id]++
	}
	for id, idx := range want {
		s := tb.Find(id, ids)
		require.NotNil(t, s)
		require.Same(t, &tb.slots[idx], s)
		require.Equal(t, seen[id], s.Val.fen[0], "the account stays with its ID through growth")
	}
	assert.Nil(t, tb.Find("", ids))
	assert.Nil(t, tb.Find("a-rather-long-project-code-P999999", ids))
}

// TestProbeCandidate: the batched lookup's two phases point each live
// present ID's word at a slot (its own unless it collided, which four IDs
// in 64 words rarely do: then the slot holds its value), and leave dead
// records' words empty.
func TestProbeCandidate(t *testing.T) {
	tb := New[account](maphash.MakeSeed())
	ids := []string{"p1", "p2", "a-rather-long-project-code-p3", "p4"}
	for i, id := range ids {
		tb.Insert(id).Val.fen[0] = int64(i + 1)
	}
	hs := make([]uint64, len(ids)+1)
	live := []int8{0, 0, 0, -1, 0}
	for i, id := range ids {
		hs[i] = tb.Hash(id)
	}
	hs[4] = tb.Hash("absent")
	words := make([]uint64, len(hs))
	tb.Probe(hs, live, words)
	assert.Zero(t, words[3], "a dead record loads nothing")
	for i, id := range ids[:3] {
		s := tb.Candidate(words[i])
		require.NotNil(t, s, id)
		if s == tb.Find(id, ids) {
			assert.Equal(t, int64(i+1), s.Val.fen[0])
			assert.Equal(t, len(id), s.KeyLen())
		}
	}
	// The absent ID's word is the empty word or another ID's (a guess, not
	// an answer): Find says it is absent either way.
	assert.Nil(t, tb.Find("absent", ids))

	var empty Table[account]
	words[0] = 7
	empty.Probe(hs, live, words)
	assert.Equal(t, make([]uint64, len(hs)), words, "an empty table clears the words")
	assert.Equal(t, 0, empty.Len())
}
