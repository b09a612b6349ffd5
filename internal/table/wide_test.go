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
