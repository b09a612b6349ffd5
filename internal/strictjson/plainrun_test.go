package strictjson

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// naiveRun is plainRun a byte at a time: the plain bytes at the start of
// b, but not into the last seven (plainRun looks at whole words only), and
// whether one of them is ≥ 0x80.
func naiveRun(b []byte) (int, bool) {
	n, high := 0, false
	for n < len(b) && b[n] != '"' && b[n] != '\\' && b[n] >= 0x20 {
		high = high || b[n] >= 0x80
		n++
	}
	words := len(b) / 8 * 8
	if n > words { // plainRun stops at the last whole word
		n = words
		high = false
		for _, c := range b[:n] {
			high = high || c >= 0x80
		}
	}
	return n, high
}

// TestPlainRun compares plainRun with naiveRun on random strings of bytes
// from a small alphabet holding every kind of byte it tells apart, and a
// few written out.
func TestPlainRun(t *testing.T) {
	cases := []string{"", "N1", `N1","score":"9.5"}`, "0123456789abcdef\"", "abcdefg\x1f", "项目完成任务数\"x", "\\", "abcdefgh\\ijk", "\x7f\x80\x21\x1f"}
	alphabet := []byte{'a', '"', '\\', 0x00, 0x1f, 0x20, 0x21, 0x22 ^ 0x80, 0x5c ^ 0x80, 0x7f, 0x80, 0xe9, 0xff, 0x01, 0x23, 0x5b, 0x5d}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = 'a' + byte(r.IntN(26))
			}
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		n, seen := plainRun([]byte(c))
		wantN, wantHigh := naiveRun([]byte(c))
		if !assert.Equal(t, wantN, n, "plain bytes at the start of %q", c) {
			continue
		}
		assert.Equal(t, wantHigh, seen&highs != 0, "a byte ≥ 0x80 among the first %d of %q", n, c)
	}
}
