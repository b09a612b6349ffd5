package strictjson

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type decInner struct {
	Name  string            `json:"name"`
	N     int8              `json:"n"`
	U     uint16            `json:"u"`
	F     float32           `json:"f"`
	OK    bool              `json:"ok"`
	Tags  []string          `json:"tags"`
	Pair  [2]int            `json:"pair"`
	By    map[string]int    `json:"by"`
	When  time.Time         `json:"when"` // decodes itself (json.Unmarshaler)
	Ptr   *decInner         `json:"ptr"`
	Raw   json.RawMessage   `json:"raw"`
	Deep  map[string][]bool `json:"deep"`
	Plain string            // no tag: matched by the Go name
}

type decBase struct {
	ID string `json:"id"`
}

type decOuter struct {
	decBase            // promoted: "id"
	Items   []decInner `json:"items"`
	Skip    string     `json:"-"`
}

// TestDecoderAgreesWithEncodingJSON decodes documents that exercise every
// kind the Decoder follows, and checks the value is the one json.Unmarshal
// gives from the same bytes.
func TestDecoderAgreesWithEncodingJSON(t *testing.T) {
	docs := []string{
		`{}`,
		`{"id":"a","items":[]}`,
		`{"id":"a\u00e9\n","items":[{"name":"名","n":-128,"u":65535,"f":1.5e3,"ok":true,"tags":["x","y",""],"pair":[1,2,3],"by":{"k":1,"é":2},"when":"2021-03-04T05:06:07Z","ptr":{"name":"p","ptr":null},"raw":{"a":[1,2]},"deep":{"d":[true,false]},"Plain":"pl"}]}`,
		`{"ID":"case","ITEMS":[{"NAME":"n","plain":"p"}]}`,
		`{"id":null,"items":null}`,
		`{"items":[{"tags":null,"by":null,"ptr":null,"pair":[7]}]}`,
		`{"unknown":{"a":[1,{"b":null}]},"id":"x"}`,
		"  {\"id\" : \"sp\" ,\t\"items\" : [ { } , { \"n\" : 0 } ] }\r\n",
		"{\"items\":[{\"name\":\"bad utf8 \xff here\"}]}",
		// Members in field order (each key read as the next field's quoted
		// name), out of it, escaped, and keys a name begins or ends with.
		`{"items":[{"name":"a","n":1,"u":2,"f":3,"ok":true,"tags":[]},{"tags":["t"],"name":"b","ok":false,"n":4}]}`,
		`{"items":[{"\u006eame":"esc","n\u0020":5,"nam":"x","names":"y","N":6}]}`,
		`{"items":[{"Name":"case first","n":7}]}`,
	}
	for _, doc := range docs {
		var want, got decOuter
		require.NoError(t, json.Unmarshal([]byte(doc), &want), doc)
		var d Decoder
		require.NoError(t, d.Decode([]byte(doc), &got), doc)
		assert.Equal(t, want, got, doc)
	}
}

// TestDecoderFallsBack checks that every document the Decoder must not
// decode itself (an error, a problem, a form encoding/json treats
// specially) gives ErrFallback and leaves the target untouched.
func TestDecoderFallsBack(t *testing.T) {
	cases := map[string]string{
		"malformed":             `{"id":"a",}`,
		"truncated":             `{"id":"a"`,
		"trailing":              `{"id":"a"} x`,
		"leading zero":          `{"items":[{"n":01}]}`,
		"overflow":              `{"items":[{"n":128}]}`,
		"negative uint":         `{"items":[{"u":-1}]}`,
		"fraction into int":     `{"items":[{"n":1.5}]}`,
		"string into int":       `{"items":[{"n":"1"}]}`,
		"number into string":    `{"id":1}`,
		"object into slice":     `{"items":{}}`,
		"bad time":              `{"items":[{"when":"soon"}]}`,
		"repeated key":          `{"id":"a","id":"b"}`,
		"repeated by case":      `{"id":"a","ID":"b"}`,
		"repeated, escaped":     `{"id":"a","\u0069d":"b"}`,
		"repeated, in order":    `{"items":[{"name":"a","n":1,"name":"b"}]}`,
		"repeated map key":      `{"items":[{"by":{"k":1,"k":2}}]}`,
		"control character":     "{\"id\":\"a\x01\"}",
		"bad escape":            `{"id":"\x"}`,
		"unknown field, strict": `{"idd":"a"}`,
		"repeated inside raw":   `{"items":[{"raw":{"a":1,"a":2}}]}`,
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			got := decOuter{}
			d := Decoder{Strict: true}
			err := d.Decode([]byte(doc), &got)
			require.ErrorIs(t, err, ErrFallback)
			assert.Equal(t, decOuter{}, got, "the target is untouched")
		})
	}
	t.Run("unknown field, lenient, is skipped", func(t *testing.T) {
		var got decOuter
		var d Decoder
		require.NoError(t, d.Decode([]byte(`{"idd":"a","id":"b"}`), &got))
		assert.Equal(t, "b", got.ID)
	})
	t.Run("unsupported types", func(t *testing.T) {
		var d Decoder
		var a any
		assert.ErrorIs(t, d.Decode([]byte(`1`), &a), ErrFallback)
		var b []byte
		assert.ErrorIs(t, d.Decode([]byte(`"AQI="`), &b), ErrFallback)
		var n struct {
			N json.Number `json:"n"`
		}
		assert.ErrorIs(t, d.Decode([]byte(`{"n":"x"}`), &n), ErrFallback)
		var q struct {
			N int `json:"n,string"`
		}
		assert.ErrorIs(t, d.Decode([]byte(`{"n":"1"}`), &q), ErrFallback)
		full := decOuter{Skip: "kept"}
		assert.ErrorIs(t, d.Decode([]byte(`{}`), &full), ErrFallback, "a non-zero target merges in encoding/json")
		assert.ErrorIs(t, d.Decode([]byte(`{}`), decOuter{}), ErrFallback)
	})
}

// TestDecoderLeaf checks the caller's types: a LeafFunc decodes its type
// wherever it is, an error from it falls back, and a refused type falls
// back before the scan.
func TestDecoderLeaf(t *testing.T) {
	type doc struct {
		Name  string            `json:"name"`
		Names map[string]string `json:"names"`
	}
	upper := func(raw []byte, v reflect.Value) error {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		if s == "bad" {
			return errors.New("bad")
		}
		v.SetString(strings.ToUpper(s))
		return nil
	}
	d := Decoder{Leaf: func(t reflect.Type) (LeafFunc, bool) {
		if t.Kind() == reflect.String {
			return upper, true
		}
		return nil, false
	}}
	var got doc
	require.NoError(t, d.Decode([]byte(`{"name":"a","names":{"k":"b"}}`), &got))
	assert.Equal(t, doc{Name: "A", Names: map[string]string{"k": "B"}}, got)
	var bad doc
	assert.ErrorIs(t, d.Decode([]byte(`{"name":"bad"}`), &bad), ErrFallback)
	refuse := Decoder{Leaf: func(t reflect.Type) (LeafFunc, bool) { return nil, t.Kind() == reflect.Map }}
	var r doc
	assert.ErrorIs(t, refuse.Decode([]byte(`{"name":"a"}`), &r), ErrFallback, "a refused type anywhere in the target falls back")
}

func FuzzDecoderAgrees(f *testing.F) {
	f.Add([]byte(`{"id":"a","items":[{"name":"n","n":1,"tags":["x"],"by":{"k":2}}]}`))
	f.Add([]byte(`{"items":[{"pair":[1,2,3],"f":1e2,"ok":false}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got, want decOuter
		var d Decoder
		if d.Decode(data, &got) != nil {
			return // left to encoding/json
		}
		// Whatever the Decoder accepts, encoding/json accepts with the same value.
		require.NoError(t, json.Unmarshal(data, &want))
		assert.Equal(t, want, got)
	})
}

// TestDecoderKeepBlocks decodes a stream of documents with one Decoder
// that keeps its blocks, accepted documents between ones that fall back
// midway through an array, and checks every value against json.Unmarshal
// of the same bytes, both when it is decoded and at the end, after every
// later document: a document's slices are never written by another's.
//
// The case the blocks' reset is for: `{"items":[{"name":"x","n":1},
// {"name":"z","bad":1}]}` falls back (strict, "bad" names no field) after
// decoding {x 1} and half of {z} into the free space of the items' block;
// the next document's items `[{"u":2},{}]` are decoded into that space,
// and encoding/json's {u:2} and {} (no name, n 0) are only what a zero
// space gives: kept as it was, the first would read {x 1 2}.
func TestDecoderKeepBlocks(t *testing.T) {
	docs := []string{
		`{"id":"a","items":[{"name":"n","tags":["t1","t2"]},{"name":"m"}]}`,
		`{"items":[{"name":"x","n":1},{"name":"z","bad":1}]}`,
		`{"items":[{"u":2},{}]}`,
		`{"items":[{"tags":["a"],"ptr":{"tags":["b","c"]}}]}`,
		`{"items":[{"tags":["p","q","r"]},{"tags":["s"],"pair":[1`,
		`{"items":[{"tags":[]},{}],"id":"after"}`,
		`{"items":[{"name":"dup","name":"dup"}]}`,
		`{"items":[{},{},{},{},{},{},{},{},{},{"name":"tenth"}]}`,
	}
	d := Decoder{Strict: true, KeepStrings: true, KeepBlocks: true}
	var kept []*decOuter
	var wants []decOuter
	for _, doc := range docs {
		got := new(decOuter)
		if err := d.Decode([]byte(doc), got); err != nil {
			require.ErrorIs(t, err, ErrFallback, doc)
			assert.Equal(t, decOuter{}, *got, "the target is untouched")
			continue
		}
		var want decOuter
		require.NoError(t, json.Unmarshal([]byte(doc), &want), doc)
		assert.Equal(t, want, *got, doc)
		kept, wants = append(kept, got), append(wants, want)
	}
	require.Len(t, kept, 5, "the documents that do not fall back")
	for i := range kept {
		assert.Equal(t, wants[i], *kept[i], "document %d after the whole stream", i)
	}
}

// FuzzStreamAgrees decodes the lines of the input as a stream with one
// Decoder that keeps its blocks: each line it accepts gives the value
// json.Unmarshal gives, and still gives it once every later line is
// decoded, whichever lines fall back between.
func FuzzStreamAgrees(f *testing.F) {
	f.Add([]byte("{\"items\":[{\"name\":\"x\",\"tags\":[\"a\"]},{\"name\":\"z\",\"bad\":1}]}\n{\"items\":[{\"n\":2},{}]}"))
	f.Add([]byte("{\"items\":[{\"ptr\":{\"tags\":[\"b\"]}}]}\n{\"items\":[{\"tags\":[\"p\",\"q\"]},{\"pair\":[1\n{\"items\":[{}]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := Decoder{Strict: true, KeepBlocks: true}
		var kept []*decOuter
		var wants []decOuter
		for _, line := range strings.Split(string(data), "\n") {
			got := new(decOuter)
			if d.Decode([]byte(line), got) != nil {
				continue // left to encoding/json
			}
			var want decOuter
			require.NoError(t, json.Unmarshal([]byte(line), &want))
			require.Equal(t, want, *got)
			kept, wants = append(kept, got), append(wants, want)
		}
		for i := range kept {
			require.Equal(t, wants[i], *kept[i], "line %d after the stream", i)
		}
	})
}

// TestDecoderKeepBlocksLongSlice: a slice longer than a block gets a block
// of its own, twice its length (sliceBlock.grow); a Decoder that keeps its
// blocks does not cut the next document's slices from that block's free
// half, which would keep the long slice's whole block alive for as long
// as any later small document lives.
func TestDecoderKeepBlocksLongSlice(t *testing.T) {
	type doc struct {
		Items []decInner `json:"items"`
	}
	long := `{"items":[` + strings.Repeat(`{"name":"x"},`, 999) + `{"name":"x"}]}` // 1,000 × 200+ bytes > 32 KiB
	d := Decoder{Strict: true, KeepBlocks: true}
	var big, small doc
	require.NoError(t, d.Decode([]byte(long), &big))
	require.Len(t, big.Items, 1000)
	require.NoError(t, d.Decode([]byte(`{"items":[{"name":"s"}]}`), &small))
	require.Len(t, small.Items, 1)
	size := unsafe.Sizeof(decInner{})
	start := uintptr(unsafe.Pointer(&big.Items[0]))
	at := uintptr(unsafe.Pointer(&small.Items[0]))
	assert.False(t, at >= start && at < start+2*1000*size, "the small document's items are not in the long slice's block")
}

// TestDecoderKeepBlocksReentered: a LeafFunc that decodes with the same
// Decoder while it decodes a document, inside an array of the very type it
// decodes, gives both documents their values, and the documents before and
// after keep theirs. The inner Decode keeps nothing (Decoder.busy); were it
// handed the kept buffers, only the open-array counts it would share with
// the outer Decode would keep it from cutting its items from the free
// space the outer items are being decoded into (this test passes without
// the guard too: it checks the values, not the mechanism).
func TestDecoderKeepBlocksReentered(t *testing.T) {
	type wrapped struct{ Names []string }
	type item struct {
		Name string  `json:"name"`
		W    wrapped `json:"w"`
	}
	type doc struct {
		Items []item `json:"items"`
	}
	var d Decoder
	d = Decoder{Strict: true, KeepBlocks: true, Leaf: func(t reflect.Type) (LeafFunc, bool) {
		if t != reflect.TypeFor[wrapped]() {
			return nil, false
		}
		return func(raw []byte, v reflect.Value) error {
			var in doc // items of the outer document's type, without "w"
			if err := d.Decode(raw, &in); err != nil {
				return err
			}
			w := wrapped{}
			for _, it := range in.Items {
				w.Names = append(w.Names, it.Name)
			}
			v.Set(reflect.ValueOf(w))
			return nil
		}, true
	}}
	names := func(items []item) (out []string) {
		for _, it := range items {
			out = append(out, it.Name)
		}
		return out
	}
	var warm doc // the Decoder keeps a block of items from here on
	require.NoError(t, d.Decode([]byte(`{"items":[{"name":"warm"}]}`), &warm))
	var got doc
	require.NoError(t, d.Decode([]byte(`{"items":[{"name":"a"},{"name":"b","w":{"items":[{"name":"i1"},{"name":"i2"}]}},{"name":"c"}]}`), &got))
	assert.Equal(t, []string{"a", "b", "c"}, names(got.Items))
	assert.Equal(t, []string{"i1", "i2"}, got.Items[1].W.Names)
	var next doc
	require.NoError(t, d.Decode([]byte(`{"items":[{"name":"d"}]}`), &next))
	assert.Equal(t, []string{"d"}, names(next.Items))
	assert.Equal(t, []string{"warm"}, names(warm.Items), "earlier documents' items after the later ones")
	assert.Equal(t, []string{"a", "b", "c"}, names(got.Items))
}
