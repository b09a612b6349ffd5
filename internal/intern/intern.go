// Package intern shares equal immutable values built from input, so that a
// value repeated through a document (a score of "9.5", a weight of "10")
// is built once. A decimal.Decimal is immutable (its methods never change
// the coefficient they hold, as decimal.Zero shared by all relies on), so
// equal decimals may share one.
//
// It is speed machinery, not API, with two tables. [Decimals], by text:
// performance's strict JSON decoder interns its short decimals through it,
// as BenchmarkDecodeJSONExperts (performance/bench_jsonstrict_test.go)
// justifies — the experts' sheets repeat a few dozen scores hundreds of
// thousands of times. [Scaled], by coefficient: the ex-ante assessment
// interns the scores it computes, as BenchmarkAssess
// (evaluation/exante/exante_bench_test.go) justifies. Both are bounded
// ([MaxDecimals] entries of at most [MaxText] bytes; [ScaledPages] pages),
// whatever the input.
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
	byText map[string]decimal.Decimal
}

// Get returns the decimal interned for text, if there is one.
func (t *Decimals) Get(text []byte) (decimal.Decimal, bool) {
	if len(text) > MaxText {
		return decimal.Decimal{}, false
	}
	d, ok := t.byText[string(text)]
	return d, ok
}

// Put interns d as the decimal of text. The caller vouches that d is what
// text reads as. A text longer than [MaxText], or a full table
// ([MaxDecimals]), is not kept.
func (t *Decimals) Put(text []byte, d decimal.Decimal) {
	if len(text) > MaxText || len(t.byText) >= MaxDecimals {
		return
	}
	if t.byText == nil {
		t.byText = make(map[string]decimal.Decimal)
	}
	t.byText[string(text)] = d
}

// Len returns the number of decimals interned.
func (t *Decimals) Len() int { return len(t.byText) }
