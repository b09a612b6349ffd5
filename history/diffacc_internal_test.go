package history

import (
	"encoding/binary"
	"hash/fnv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSamplerHashIsFNV: the sampler's in-place hash must be the one the
// sample was always drawn with, hash/fnv's 64-bit FNV-1a over the seed,
// the ID's bytes and the year (both as 8 little-endian bytes) and the
// mixer, so that a report samples the same records as before.
func TestSamplerHashIsFNV(t *testing.T) {
	ref := func(seed uint64, k Key) uint64 {
		f := fnv.New64a()
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], seed)
		f.Write(b[:])
		f.Write([]byte(k.ProjectID))
		binary.LittleEndian.PutUint64(b[:], uint64(k.FiscalYear))
		f.Write(b[:])
		h := f.Sum64()
		h ^= h >> 33
		h *= 0xff51afd7ed558ccd
		h ^= h >> 33
		h *= 0xc4ceb9fe1a85ec53
		h ^= h >> 33
		return h
	}
	for _, seed := range []uint64{0, 1, 42, 1 << 63, ^uint64(0)} {
		s := sampler{seed: seed}
		for _, k := range []Key{{}, {ProjectID: "P-0001", FiscalYear: 2024}, {ProjectID: "城关区-教育-17", FiscalYear: 2022}, {ProjectID: "x", FiscalYear: -1}} {
			assert.Equal(t, ref(seed, k), s.hash(k), "seed %d key %v", seed, k)
		}
	}
}
