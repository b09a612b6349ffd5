package slab

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOff(t *testing.T) {
	var s Slab[int] // the zero value: plain allocations and copies
	x := s.Take(3)
	assert.Equal(t, []int{0, 0, 0}, x)
	y := s.Take(3)
	x[0] = 1
	assert.Equal(t, []int{0, 0, 0}, y, "two takes never share an array")
	assert.Nil(t, s.Room(4))
	mine := []int{1, 2}
	got := s.Claim(mine)
	mine[0] = 9
	assert.Equal(t, []int{1, 2}, got, "a copy of the caller's storage")
	assert.Nil(t, s.Claim(nil))
}

func TestTakesNeverOverlap(t *testing.T) {
	s := Slab[int]{On: true}
	x := s.Take(3)
	y := s.Take(2)
	require.Len(t, x, 3)
	assert.Equal(t, 3, cap(x), "capped at its length")
	assert.Equal(t, BlockLen-5, len(s.free), "both cut from one block")
	x = append(x, 7) // must reallocate, not write into y
	assert.Equal(t, []int{0, 0, 0, 7}, x)
	assert.Equal(t, []int{0, 0}, y)
	for i := range y {
		y[i] = 5
	}
	assert.Equal(t, []int{0, 0, 0}, x[:3], "writing y leaves x alone")
}

func TestRoomClaim(t *testing.T) {
	s := Slab[int]{On: true}
	r := append(s.Room(4), 1, 2, 3)
	got := s.Claim(r)
	assert.Equal(t, []int{1, 2, 3}, got)
	assert.Equal(t, 3, cap(got))
	next := s.Take(1)
	next[0] = 5
	assert.Equal(t, []int{1, 2, 3}, got, "claimed elements are not handed out again")
	assert.Nil(t, s.Claim(s.Room(1)), "nothing appended claims nothing")

	// Outgrowing the room: the appended array is its own and the block's
	// free space is untouched.
	s.free = s.free[:len(s.free):len(s.free)]
	big := s.Room(2)
	for i := range len(s.free) + 10 {
		big = append(big, i)
	}
	before := len(s.free)
	got = s.Claim(big)
	assert.Len(t, got, before+10)
	assert.Equal(t, before, len(s.free))
}

func TestBlockGrowth(t *testing.T) {
	s := Slab[int]{On: true}
	// BlockLen/8 elements at a time: eight takes fill the first block
	// (its free space shrinking by BlockLen/8 each), the ninth starts a
	// second.
	for i := range 8 {
		s.Take(BlockLen / 8)
		assert.Equal(t, BlockLen-(i+1)*BlockLen/8, len(s.free), "after take %d", i+1)
	}
	x := s.Take(BlockLen / 8)
	assert.Equal(t, BlockLen-BlockLen/8, len(s.free), "a new block, used by one take")
	x[0] = 1
	assert.Equal(t, 0, s.Take(1)[0], "a new block is zeroed and x is not handed out again")

	// A room asking for more than is free starts a block too.
	s.free = s.free[:1]
	r := s.Room(2)
	assert.Equal(t, BlockLen, cap(r))

	// Large requests bypass the block.
	s = Slab[int]{On: true}
	y := s.Take(BlockLen/8 + 1)
	assert.Len(t, y, BlockLen/8+1)
	assert.Empty(t, s.free)
}

// TestBlockFillsItsAllocation checks that a block serves every element its
// allocation holds: for a type whose BlockLen elements fall short of a
// size class, cap(slices.Grow) elements, not BlockLen, before a new block
// is started; and that the elements taken never alias one another.
func TestBlockFillsItsAllocation(t *testing.T) {
	type item [7]byte // 512 × 7 = 3,584 bytes: rounded up to 4,096
	grown := slices.Grow([]item(nil), BlockLen)
	require.Greater(t, cap(grown), BlockLen, "precondition: the size class holds more than BlockLen items")

	s := Slab[item]{On: true}
	var taken []*item
	for k := range cap(grown) {
		taken = append(taken, &s.Take(1)[0])
		require.Equal(t, cap(grown)-k-1, len(s.free), "after take %d, the first block serves it", k+1)
	}
	taken = append(taken, &s.Take(1)[0])
	assert.Equal(t, cap(grown)-1, len(s.free), "a new block, of the same capacity, used by one take")
	for k, p := range taken {
		require.Equal(t, item{}, *p, "element %d is zeroed", k)
		p[0], p[6] = byte(k), byte(k>>8)
	}
	for k, p := range taken {
		require.Equal(t, [2]byte{byte(k), byte(k >> 8)}, [2]byte{p[0], p[6]}, "element %d was overwritten", k)
	}

	// A room over a new block has the block's full capacity.
	s.free = s.free[:0]
	assert.Equal(t, cap(grown), cap(s.Room(1)))
}

// TestExpect checks that a slab told how many elements to expect makes its
// next block that size rather than BlockLen, counts down as elements are
// taken or claimed, and goes back to BlockLen blocks once what was
// expected has been taken. A block's capacity is its allocation's size
// class (100 items of 64 bytes, 6,400 bytes, get the 6,528-byte class:
// 102), so the capacities are read from slices.Grow, not assumed.
func TestExpect(t *testing.T) {
	type item [64]byte
	capFor := func(n int) int { return cap(slices.Grow([]item(nil), n)) }

	s := Slab[item]{On: true}
	s.Expect(100)
	s.Take(10)
	assert.Equal(t, capFor(100)-10, len(s.free), "the first block holds the 100 expected, not BlockLen")
	assert.Equal(t, 90, s.expect, "10 of the 100 taken")
	s.Claim(append(s.Room(5), item{}, item{}, item{}))
	assert.Equal(t, 87, s.expect, "3 claimed")

	// Taking past the block: what is still expected (87) sizes the next one,
	// but never less than the request.
	s.free = s.free[:0]
	s.Take(2)
	assert.Equal(t, capFor(87)-2, len(s.free))
	s.free = s.free[:0]
	s.Expect(3)
	s.Take(50)
	assert.Equal(t, capFor(50)-50, len(s.free), "at least the request")
	assert.Equal(t, 0, s.expect, "more than expected taken: the expectation is spent")

	// A room asked for beyond a block gets a block, expectation or not.
	s.free = s.free[:0]
	s.Expect(BlockLen - 1)
	assert.Equal(t, capFor(BlockLen), cap(s.Room(2*BlockLen)), "never more than BlockLen")
	s.Expect(0)

	// Spent or withdrawn, blocks are BlockLen again.
	s.free = s.free[:0]
	s.Take(1)
	assert.Equal(t, capFor(BlockLen)-1, len(s.free))
	s.Expect(100)
	s.Expect(-1)
	s.free = s.free[:0]
	s.Take(1)
	assert.Equal(t, capFor(BlockLen)-1, len(s.free), "Expect(-1) withdraws")

	// An expectation of a block or more changes nothing.
	s.Expect(10 * BlockLen)
	s.free = s.free[:0]
	s.Take(1)
	assert.Equal(t, capFor(BlockLen)-1, len(s.free))
}
