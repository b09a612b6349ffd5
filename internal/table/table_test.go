package table

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"审减率", 6}, // three Han characters, two columns each
		{"19.13%", 6},
		{"１２", 4},      // full-width digits
		{"１９．１３％", 12}, // full-width digits, point and percent sign
		{"市本级 city", 6 + 1 + 4},
		{"e\u0301", 1}, // e + combining acute accent
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, Width(tt.in))
		})
	}
}

func TestWriteText(t *testing.T) {
	tb := New("轮次", "送审", "rate").Right(1, 2)
	tb.Add("一上", "17,702.19万元", "19.13%")
	tb.Add("second round", "3,436.29万元", "51.26%")
	var buf bytes.Buffer
	require.NoError(t, tb.WriteText(&buf))
	// Column widths: "second round" = 12; "17,702.19万元" = 9 + 4 = 13; "19.13%" = 6.
	want := "" +
		"轮次                   送审    rate\n" +
		"------------  -------------  ------\n" +
		"一上          17,702.19万元  19.13%\n" +
		"second round   3,436.29万元  51.26%\n"
	assert.Equal(t, want, buf.String())
}

func TestWriteCSV(t *testing.T) {
	tb := New("name", "amount")
	tb.Add("a,b", "1")
	tb.Add("c")
	var buf bytes.Buffer
	require.NoError(t, tb.WriteCSV(&buf))
	assert.Equal(t, "name,amount\n\"a,b\",1\nc,\n", buf.String())
}
