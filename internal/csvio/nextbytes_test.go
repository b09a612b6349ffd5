package csvio

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
)

// otherRecords hides a *scan.Reader behind another type: Records other
// than CSV text, as a sheet's rows are.
type otherRecords struct{ sr *scan.Reader }

func (o otherRecords) Read() ([]string, int, error) { return o.sr.Read() }

// TestNextBytesEqualsNext reads generated files, with blank, unreadable
// and invisible-character rows among good ones, with Next and with
// NextBytes, over CSV text and over other Records, and checks each row
// (its line, and every column by At, Bytes and Get) and each error
// (file:line:column and message) agree, each row compared before the next
// is read, as NextBytes's views last.
func TestNextBytesEqualsNext(t *testing.T) {
	schema := Schema{{Name: "id", Required: true, Code: true}, {Name: "name"}, {Name: "amount"}, {Name: "x.", Prefix: true}}
	cells := []string{"P1", " P2 ", "项目", "\"a,b\"", "\"多\nline\"", "", "  ", "1,234", "a\"b", "\"open", "\xff", "P\u200b3", "编码\u2060", "\"\"\"q\"\"\""}
	for seed := range uint64(20) {
		r := rand.New(rand.NewPCG(seed, 1))
		var b strings.Builder
		b.WriteString("id,name,amount,x.a\n")
		for range 200 {
			n := 4
			if r.IntN(15) == 0 {
				n = 1 + r.IntN(6)
			}
			for i := range n {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(cells[r.IntN(len(cells))])
			}
			b.WriteString([]string{"\n", "\r\n", "\n\n"}[r.IntN(3)])
		}
		text := b.String()
		for _, other := range []bool{false, true} {
			open := func() *Reader {
				sr := scan.NewReader(strings.NewReader(text))
				var src Records = sr
				if other {
					src = otherRecords{sr}
				}
				rd, err := NewRecordReader("f.csv", src, UTF8, schema)
				require.NoError(t, err)
				rd.ReuseRecord()
				return rd
			}
			rs, rb := open(), open()
			cols := []Col{rs.Col("id"), rs.Col("name"), rs.Col("amount"), rs.Col("x.a"), rs.Col("none")}
			bad := 0
			for i := 0; ; i++ {
				want, wantErr := rs.Next()
				got, gotErr := rb.NextBytes()
				ctx := fmt.Sprintf("seed %d other %v row %d", seed, other, i)
				if wantErr != nil {
					require.Error(t, gotErr, ctx)
					require.Equal(t, wantErr.Error(), gotErr.Error(), ctx)
					if errors.Is(wantErr, io.EOF) {
						break
					}
					bad++
					continue
				}
				require.NoError(t, gotErr, ctx)
				require.Equal(t, want.Line, got.Line, ctx)
				for _, c := range cols {
					require.Equal(t, want.At(c), got.At(c), "%s: At(%s)", ctx, c.Name())
					require.Equal(t, want.At(c), string(got.Bytes(c)), "%s: Bytes(%s)", ctx, c.Name())
					require.Equal(t, want.At(c), string(want.Bytes(c)), "%s: Bytes(%s) of Next's row", ctx, c.Name())
					require.Equal(t, want.Get(c.Name()), got.Get(c.Name()), "%s: Get(%s)", ctx, c.Name())
				}
				require.Equal(t, want.Columns("x."), got.Columns("x."), ctx)
			}
			require.Positive(t, bad, "seed %d: no bad rows generated", seed)
		}
	}
}
