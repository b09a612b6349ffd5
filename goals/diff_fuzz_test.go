package goals_test

import (
	"testing"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/shopspring/decimal"
)

// fuzzTree builds a tree from bytes: each byte is one indicator whose ID
// (or name, when the ID is empty) and weight come from the byte, so
// repeated keys occur.
func fuzzTree(b []byte) *goals.Tree {
	t := &goals.Tree{}
	for _, c := range b {
		in := goals.Indicator{Level1: goals.Output, Name: string(rune('a' + c%5)), Weight: decimal.NewFromInt(int64(c % 7))}
		if c%2 == 0 {
			in.ID = string(rune('A' + c%3))
		}
		t.Indicators = append(t.Indicators, in)
	}
	return t
}

// FuzzDiff: a tree does not differ from itself, and the additions minus
// the removals are the change in the number of indicators.
func FuzzDiff(f *testing.F) {
	f.Add([]byte{1, 2, 3}, []byte{3, 2, 1, 4})
	f.Add([]byte{0, 0, 2}, []byte{})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		ta, tb := fuzzTree(a), fuzzTree(b)
		if d := goals.Diff(ta, ta); len(d) != 0 {
			t.Fatalf("Diff(a, a) = %v", d)
		}
		added, removed := 0, 0
		for _, c := range goals.Diff(ta, tb) {
			switch c.Field {
			case "added":
				added++
			case "removed":
				removed++
			}
		}
		if added-removed != len(tb.Indicators)-len(ta.Indicators) {
			t.Fatalf("added %d − removed %d ≠ %d − %d", added, removed, len(tb.Indicators), len(ta.Indicators))
		}
	})
}
