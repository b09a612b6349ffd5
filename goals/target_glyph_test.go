package goals

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseTargetGlyphs reads every operator form issue 18 lists. Each row
// is the published text and what a reader of the form means by it; the
// number and unit are the same in every row (95 %) so that only the
// operator varies.
func TestParseTargetGlyphs(t *testing.T) {
	tests := []struct {
		in string
		op Operator
	}{
		// equality: ASCII, full-width U+FF1D, small U+FE66, box-drawing
		// U+2550, doubled U+2A75, the word, and "about" (约, ≈)
		{"=95%", Equal}, {"＝95%", Equal}, {"﹦95%", Equal}, {"═95%", Equal}, {"⩵95%", Equal},
		{"等于95%", Equal}, {"约95%", Equal}, {"大约95%", Equal}, {"≈95%", Equal},
		// at least: U+2265, U+2267, U+2A7E, full-width ">" with "=", words
		{"≥95%", AtLeast}, {"≧95%", AtLeast}, {"⩾95%", AtLeast}, {"＞=95%", AtLeast}, {"＞＝95%", AtLeast},
		{"大于等于95%", AtLeast}, {"不低于95%", AtLeast}, {"不少于95%", AtLeast}, {"达到95%", AtLeast},
		{"95%以上", AtLeast},
		// at most: U+2264, U+2266, U+2A7D, full-width "<" with "=", words
		{"≤95%", AtMost}, {"≦95%", AtMost}, {"⩽95%", AtMost}, {"＜=95%", AtMost},
		{"不超过95%", AtMost}, {"不高于95%", AtMost}, {"95%以下", AtMost}, {"95%以内", AtMost},
		// strict: full-width and small forms
		{"＞95%", Above}, {"﹥95%", Above}, {"大于95%", Above},
		{"＜95%", Below}, {"﹤95%", Below}, {"小于95%", Below},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTarget(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.op, got.Op, "operator of %q", tt.in)
			assert.True(t, got.Value.Equal(dec("95")), "value: got %s want 95", got.Value)
			assert.Equal(t, "%", got.Unit)
			assert.False(t, got.Implied, "%q prints its operator", tt.in)
		})
	}
}

// TestParseTargetUnknownOperator: a symbol the parser does not know before
// a number is an ErrOperator at the symbol's byte offset, never a
// qualitative target; text that begins with a letter stays qualitative.
func TestParseTargetUnknownOperator(t *testing.T) {
	tests := []struct {
		in     string
		offset int // byte offset of the first unknown symbol
	}{
		{"≒100人", 0},   // U+2252 "approximately equal or the image of"
		{"  *95%", 2},  // two spaces, then the star
		{"★ 100", 0},   // a symbol, a space, then the number
		{"（80，90）", 0}, // an open interval the parser does not read
		{"#3", 0},
		{"≠0起", 0}, // "not equal" has no scoring rule
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseTarget(tt.in)
			var pe *TargetError
			require.ErrorAs(t, err, &pe, "%q must not be read as qualitative", tt.in)
			assert.ErrorIs(t, err, ErrOperator)
			assert.Equal(t, tt.offset, pe.Offset)
		})
	}
	for _, in := range []string{"明显提升", "符合GB50300标准", "★★★", "※见附件"} {
		got, err := ParseTarget(in)
		require.NoError(t, err, in)
		assert.Equal(t, Qualitative, got.Op, "%q has no number after its symbols", in)
	}
}
