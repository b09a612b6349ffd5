package table

import (
	"testing"
	"unicode"

	"golang.org/x/text/width"
)

// TestWideMatchesXText checks the wide table against x/text's width
// tables for every code point (the test alone imports x/text).
func TestWideMatchesXText(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		k := width.LookupRune(r).Kind()
		want := k == width.EastAsianWide || k == width.EastAsianFullwidth
		if got := isWide(r); got != want {
			t.Fatalf("U+%04X: isWide %v, x/text says %v (%v)", r, got, want, k)
		}
	}
}

// TestRuneWidthCJKBlock: the shortcut for CJK Unified Ideographs gives
// what the general rule gives for every code point of the block.
func TestRuneWidthCJKBlock(t *testing.T) {
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		want := 1
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r) {
			want = 0
		} else if isWide(r) {
			want = 2
		}
		if got := runeWidth(r); got != want {
			t.Fatalf("U+%04X: %d columns, the general rule %d", r, got, want)
		}
	}
}
