package exante

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBlock(t *testing.T) {
	t.Run("off: plain allocations and copies", func(t *testing.T) {
		var b slab[int]
		s := b.take(3)
		assert.Equal(t, []int{0, 0, 0}, s)
		assert.Nil(t, b.room(4))
		mine := []int{1, 2}
		got := b.claim(mine)
		mine[0] = 9
		assert.Equal(t, []int{1, 2}, got, "a copy")
		assert.Nil(t, b.claim(nil))
	})
	t.Run("on: slices share a block and never overlap", func(t *testing.T) {
		b := slab[int]{on: true}
		x := b.take(3)
		y := b.take(2)
		require.Len(t, x, 3)
		assert.Equal(t, 3, cap(x), "capped at its length")
		x = append(x, 7) // must not write into y
		assert.Equal(t, []int{0, 0, 0, 7}, x)
		assert.Equal(t, []int{0, 0}, y)
		r := append(b.room(4), 1, 2, 3)
		got := b.claim(r)
		assert.Equal(t, []int{1, 2, 3}, got)
		assert.Equal(t, 3, cap(got))
		next := b.take(1)
		next[0] = 5
		assert.Equal(t, []int{1, 2, 3}, got, "claimed elements are not handed out again")
		// outgrowing the room: the appended array is its own
		b.free = b.free[:len(b.free):len(b.free)]
		big := b.room(2)
		for i := range len(b.free) + 10 {
			big = append(big, i)
		}
		before := len(b.free)
		got = b.claim(big)
		assert.Len(t, got, before+10)
		assert.Equal(t, before, len(b.free), "the block's free space is untouched")
	})
	t.Run("large requests bypass the block", func(t *testing.T) {
		b := slab[int]{on: true}
		s := b.take(blockLen)
		assert.Len(t, s, blockLen)
		assert.Empty(t, b.free)
	})
}
