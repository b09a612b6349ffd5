package strictjson

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDuplicates(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Duplicate
	}{
		{"none", `{"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}]}`, nil},
		// The second "id" starts at byte 14: {"id":"P001", is 13 bytes, then a space.
		{"top", `{"id":"P001", "id":"P002"}`, []Duplicate{{Path: "id", Offset: 14}}},
		{"nested in array", `{"projects":[{"id":1},{"id":2,"id":3}]}`, []Duplicate{{Path: "projects[1].id", Offset: 30}}},
		{"twice more", `{"a":1,"a":2,"a":3}`, []Duplicate{{Path: "a", Offset: 7}, {Path: "a", Offset: 13}}},
		{"escaped equal", `{"when":1,"wh\u0065n":2}`, []Duplicate{{Path: "when", Offset: 10}}},
		{"case differs", `{"id":1,"ID":2}`, nil},
		{"top array", `[{"x":1},{"x":1,"x":2}]`, []Duplicate{{Path: "[1].x", Offset: 16}}},
		{"odd key", `{"市本级":{"k":1,"k":2}}`, []Duplicate{{Path: `["市本级"].k`, Offset: 20}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Duplicates([]byte(tt.in))
			require.NoError(t, err)
			for i := range got {
				assert.Equal(t, got[i].Path, got[i].At.String())
				got[i].At = nil
			}
			assert.Equal(t, tt.want, got)
			for _, d := range got {
				assert.Equal(t, byte('"'), tt.in[d.Offset], "offset %d points at the key's quote", d.Offset)
			}
		})
	}
}

// A wide object switches to a set; duplicates are found there too, and
// only once each.
func TestDuplicatesWide(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"k` + strconv.Itoa(i) + `":1`)
	}
	b.WriteString(`,"k0":2,"kz":3,"k1":4}`)
	got, err := Duplicates([]byte(b.String()))
	require.NoError(t, err)
	var paths []string
	for _, d := range got {
		paths = append(paths, d.Path)
	}
	assert.Equal(t, []string{"k0", "k1"}, paths)
}

func TestWalkMalformed(t *testing.T) {
	for _, in := range []string{``, `{`, `{"a"}`, `{"a":1,}`, `[1,`, `"abc`, `{"a":1} x`, `{"a":1 "b":2}`, `[1 2]`} {
		_, err := Duplicates([]byte(in))
		assert.ErrorIs(t, err, ErrMalformed, "%q", in)
	}
}

// Enter sees every value in document order with its path, kind and offset;
// a value not entered is skipped but handed to Leaf whole.
func TestWalkVisitor(t *testing.T) {
	in := `{"a":[1,"x"],"skip":{"q":[true]},"n":null}`
	var seen []string
	var leaves []string
	_, err := Walk([]byte(in), 0, Visitor[int]{
		Enter: func(depth int, v *Value) (int, bool) {
			seen = append(seen, v.Path.String()+"@"+string(in[v.Offset]))
			return depth + 1, v.Key != "skip"
		},
		Leaf: func(depth int, v *Value, raw []byte) {
			leaves = append(leaves, v.Path.String()+"="+string(raw))
		},
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"@{", "a@[", "a[0]@1", `a[1]@"`, "skip@{", "n@n"}, seen)
	assert.Equal(t, []string{"a[0]=1", `a[1]="x"`, `skip={"q":[true]}`, "n=null"}, leaves)
}

func TestPositionCountsCharacters(t *testing.T) {
	data := []byte("{\n  \"名称\": x}")
	// The x is on line 2 after `  "名称": `: 2 spaces, 4 characters, colon,
	// space: column 9, though it is byte 13 of the line.
	off := int64(strings.IndexByte(string(data), 'x'))
	line, col := Position(data, off)
	assert.Equal(t, 2, line)
	assert.Equal(t, 9, col)
	line, col = Position(data, 0)
	assert.Equal(t, []int{1, 1}, []int{line, col})
	// Past the end is after the 10 characters of line 2.
	line, col = Position(data, 1000)
	assert.Equal(t, []int{2, 11}, []int{line, col})
}

func TestTrimBOM(t *testing.T) {
	assert.Equal(t, []byte(`{}`), TrimBOM([]byte("\xef\xbb\xbf{}")))
	assert.Equal(t, []byte(`{}`), TrimBOM([]byte(`{}`)))
}

// FuzzDuplicates: on any valid JSON the walk succeeds, never panics, and
// finds a duplicate exactly when decoding objects into maps loses a key.
func FuzzDuplicates(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `[{"a":{"b":1,"b":2}}]`, `{"x":"\u00e9","\u00e9":1}`, `"s"`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dups, err := Duplicates(data)
		if !json.Valid(data) {
			return
		}
		require.NoError(t, err)
		assert.Equal(t, len(dups) > 0, keysLost(t, data), "%s", data)
	})
}

// keysLost reports whether some object of data has fewer distinct keys than
// members, by decoding it generically.
func keysLost(t *testing.T, data []byte) bool {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	type frame struct {
		obj     bool
		keyNext bool
		keys    map[string]bool
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.obj && top.keyNext {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				continue
			}
			k := tok.(string)
			if top.keys[k] {
				return true
			}
			top.keys[k] = true
			top.keyNext = false
			continue
		}
		if top != nil && top.obj {
			top.keyNext = true
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{obj: true, keyNext: true, keys: map[string]bool{}})
		case json.Delim('['):
			stack = append(stack, &frame{})
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
	}
}

// Compare orders by member name and element index, a path before the
// paths inside it.
func TestPathCompare(t *testing.T) {
	in := `{"b":[{"z":1},{"a":1}],"a":{"x":1},"b2":1}`
	var paths []*Path
	_, err := Walk([]byte(in), 0, Visitor[int]{Enter: func(_ int, v *Value) (int, bool) {
		paths = append(paths, v.Path.Clone())
		return 0, true
	}})
	require.NoError(t, err)
	slices.SortFunc(paths, func(a, b *Path) int { return a.Compare(b) })
	var got []string
	for _, p := range paths {
		got = append(got, p.String())
	}
	assert.Equal(t, []string{"", "a", "a.x", "b", "b[0]", "b[0].z", "b[1]", "b[1].a", "b2"}, got)
}
