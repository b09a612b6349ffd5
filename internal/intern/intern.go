// Package intern shares equal immutable values built from input, so that a
// value repeated through a document (a score of "9.5", a weight of "10")
// is built once. A decimal.Decimal is immutable (its methods never change
// the coefficient they hold, as decimal.Zero shared by all relies on), so
// equal decimals may share one.
//
// It is speed machinery, not API, with three tables and one set of shared
// values, each naming the benchmark that justifies it. [Decimals], by
// text: performance's strict JSON decoder interns its short decimals
// through it, and [Strings] its short strings, as
// BenchmarkDecodeJSONExperts (performance/bench_jsonstrict_test.go)
// justifies — the experts' sheets repeat a few dozen scores and item codes
// hundreds of thousands of times. [Plain], the plain form of a decimal
// read without the parser, shares the whole numbers 0 to [MaxWhole]
// (ParseDecimal, the JSON decoder, the command's CSV cells: goals.json's
// targets and weights, TestParseDecimalSmallWholesShared). [Scaled], by
// coefficient: the ex-ante assessment and SelfBatch intern the scores they
// compute in integers (BenchmarkAssess, BenchmarkSelfBatch). Every table
// is bounded ([MaxDecimals] entries of at most [MaxText] bytes; 4096
// strings of at most [MaxString] and 4096 of at most [MaxLong]; 2 ×
// [ScaledPages] pages), whatever the input.
package intern

import "github.com/shopspring/decimal"

const (
	// MaxText is the longest text interned, in bytes: the common short
	// forms ("9.5", "100.00", "-0.5").
	MaxText = 8
	// MaxDecimals bounds a table's entries: a document of many distinct
	// decimals keeps at most this many (about 200 KB) and builds the rest.
	MaxDecimals = 1 << 12
)

// Decimals is a bounded table of decimals by their text. The zero value
// is an empty table, ready to use. A Decimals is not safe for concurrent
// use: give each decoding its own.
type Decimals struct {
	// byText is keyed by the text's bytes as one little-endian word padded
	// with zeros (a text holding a zero byte, which no decimal's does, is
	// not kept): a word hashes and compares faster than a string.
	byText map[uint64]decimal.Decimal
	// recent is a direct-mapped front of byText: the decimal last found
	// for each hash of a key, looked at before the map.
	recent *[recentSlots]recentDecimal
}

const recentSlots = 256

type recentDecimal struct {
	key uint64 // 0: empty (no text kept packs to 0)
	d   decimal.Decimal
}

// key returns text as its table key, or false for a text not kept.
func key(text []byte) (uint64, bool) {
	if len(text) > MaxText || len(text) == 0 {
		return 0, false
	}
	var k uint64
	for i, c := range text {
		if c == 0 {
			return 0, false
		}
		k |= uint64(c) << (8 * i)
	}
	return k, true
}

func slotOf(k uint64) int { return int((k * 0x9E3779B97F4A7C15) >> 56) }

// Get returns the decimal interned for text, if there is one.
func (t *Decimals) Get(text []byte) (decimal.Decimal, bool) {
	k, ok := key(text)
	if !ok || t.recent == nil {
		return decimal.Decimal{}, false
	}
	r := &t.recent[slotOf(k)]
	if r.key == k {
		return r.d, true
	}
	d, ok := t.byText[k]
	if ok {
		*r = recentDecimal{k, d}
	}
	return d, ok
}

// Put interns d as the decimal of text. The caller vouches that d is what
// text reads as. A text longer than [MaxText] or holding a zero byte, or a
// full table ([MaxDecimals]), is not kept.
func (t *Decimals) Put(text []byte, d decimal.Decimal) {
	k, ok := key(text)
	if !ok || len(t.byText) >= MaxDecimals {
		return
	}
	if t.byText == nil {
		t.byText = make(map[uint64]decimal.Decimal)
		t.recent = new([recentSlots]recentDecimal)
	}
	t.byText[k] = d
	t.recent[slotOf(k)] = recentDecimal{k, d}
}

// Len returns the number of decimals interned.
func (t *Decimals) Len() int { return len(t.byText) }
