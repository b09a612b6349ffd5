package strictjson

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sliceTree nests a slice of its own type (decoded by slice, from its
// buffers, inside an array of the type that sliceInBlock decodes) beside
// slices of other types.
type sliceTree struct {
	Name  string      `json:"name"`
	Kids  []sliceTree `json:"kids"`
	Tags  []string    `json:"tags"`
	Items []decInner  `json:"items"`
}

// genSliceDoc writes a document of n trees whose arrays have 0 to 40
// elements, so that blocks fill up (firstBlock, then doubling to
// maxBlock) in the middle of arrays, and arrays of one type are open while
// arrays of types met later (their plans' blocks added to the scan's) are
// decoded.
func genSliceDoc(r *rand.Rand, n int) []byte {
	var b strings.Builder
	var tree func(depth int)
	tree = func(depth int) {
		fmt.Fprintf(&b, `{"name":"t%d"`, r.IntN(1000))
		if depth < 3 && r.IntN(2) == 0 {
			b.WriteString(`,"kids":[`)
			for i := range r.IntN(4) {
				if i > 0 {
					b.WriteByte(',')
				}
				tree(depth + 1)
			}
			b.WriteByte(']')
		}
		b.WriteString(`,"tags":[`)
		for i := range r.IntN(41) {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"g%d"`, r.IntN(50))
		}
		b.WriteString(`],"items":[`)
		for i := range r.IntN(12) {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"name":"i%d","n":%d,"tags":["a","b%d"],"deep":{"k":[true,false,true]},"ptr":{"tags":["p%d"]}}`,
				i, r.IntN(100), r.IntN(9), i)
		}
		b.WriteString(`]}`)
	}
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		tree(0)
	}
	b.WriteByte(']')
	return []byte(b.String())
}

// TestSliceBlocksAgreeWithEncodingJSON decodes generated documents whose
// slices are cut from blocks (sliceInBlock) and checks the value is the
// one json.Unmarshal gives from the same bytes, that every slice is capped
// at its length, and that appending to one leaves its neighbours in the
// block as they were. The expected values are encoding/json's own.
func TestSliceBlocksAgreeWithEncodingJSON(t *testing.T) {
	for seed := range uint64(20) {
		doc := genSliceDoc(rand.New(rand.NewPCG(seed, 17)), 30)
		var want, got []sliceTree
		require.NoError(t, json.Unmarshal(doc, &want))
		var d Decoder
		require.NoError(t, d.Decode(doc, &got), "seed %d", seed)
		require.Equal(t, want, got, "seed %d", seed)
		// Within an object, the trees' array is cut from a block too, and
		// the kids' arrays inside it are decoded from the buffers.
		wrapped := append(append([]byte(`{"trees":`), doc...), '}')
		var wantIn, gotIn struct {
			Trees []sliceTree `json:"trees"`
		}
		require.NoError(t, json.Unmarshal(wrapped, &wantIn))
		require.NoError(t, d.Decode(wrapped, &gotIn), "seed %d, within an object", seed)
		require.Equal(t, wantIn, gotIn, "seed %d, within an object", seed)
		var walk func(ts []sliceTree)
		walk = func(ts []sliceTree) {
			for i := range ts {
				tr := &ts[i]
				assert.Equal(t, len(tr.Tags), cap(tr.Tags), "cap of tags")
				assert.Equal(t, len(tr.Items), cap(tr.Items), "cap of items")
				assert.Equal(t, len(tr.Kids), cap(tr.Kids), "cap of kids")
				tr.Tags = append(tr.Tags, "appended")
				tr.Items = append(tr.Items, decInner{Name: "appended"})
				walk(tr.Kids)
			}
		}
		walk(got)
		var strip func(ts []sliceTree)
		strip = func(ts []sliceTree) {
			for i := range ts {
				tr := &ts[i]
				tr.Tags = tr.Tags[:len(tr.Tags)-1]
				tr.Items = tr.Items[:len(tr.Items)-1]
				strip(tr.Kids)
			}
		}
		strip(got)
		require.Equal(t, want, got, "seed %d: appending to a slice changed another", seed)
	}
}

// TestSliceBlocksFallBack checks that a document whose error comes in the
// middle of a slice cut from a block still falls back, leaving the target
// untouched.
func TestSliceBlocksFallBack(t *testing.T) {
	doc := genSliceDoc(rand.New(rand.NewPCG(1, 2)), 5)
	bad := append(append([]byte(nil), doc[:len(doc)/2]...), []byte(`,}`)...)
	var got []sliceTree
	var d Decoder
	assert.ErrorIs(t, d.Decode(bad, &got), ErrFallback)
	assert.True(t, reflect.ValueOf(got).IsZero())
}
