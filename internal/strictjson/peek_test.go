package strictjson

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// topKeysReference is what TopKeys must give: encoding/json's decoding of
// the document into a map of raw members, each member's kind read from
// its first byte.
func topKeysReference(data []byte) (map[string]Kind, bool) {
	var raw map[string]json.RawMessage
	if json.Unmarshal(data, &raw) != nil {
		return nil, false
	}
	if raw == nil {
		return nil, true
	}
	keys := map[string]Kind{}
	for k, v := range raw {
		switch c := v[0]; {
		case c == '{':
			keys[k] = Object
		case c == '[':
			keys[k] = Array
		case c == '"':
			keys[k] = String
		case c == 't' || c == 'f':
			keys[k] = Bool
		case c == 'n':
			keys[k] = Null
		default:
			keys[k] = Number
		}
	}
	return keys, true
}

// TestTopKeys: the top-level members and their kinds, worked by hand,
// and the documents encoding/json would not decode into a map refused;
// each case also agrees with encoding/json (topKeysReference).
func TestTopKeys(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]Kind
		ok   bool
	}{
		{`{"title":"x","self_evaluations":[{"a":1}],"n":1.5e3,"b":true,"z":null,"o":{"k":[]}}`,
			map[string]Kind{"title": String, "self_evaluations": Array, "n": Number, "b": Bool, "z": Null, "o": Object}, true},
		{` { } `, map[string]Kind{}, true},
		{`null`, nil, true},
		{`{"a":1,"a":"x"}`, map[string]Kind{"a": String}, true}, // the last, as encoding/json keeps
		{`{"\u00e9\"":1}`, map[string]Kind{`é"`: Number}, true},
		{"{\"a\xff\":1}", map[string]Kind{"a\ufffd": Number}, true},
		{`{"a":{"k":1,"k":2}}`, map[string]Kind{"a": Object}, true}, // a repeated key inside: encoding/json's map takes it
		{`[1]`, nil, false},
		{`"x"`, nil, false},
		{`{"a":1,}`, nil, false},
		{`{"a":01}`, nil, false},
		{`{"a":[1,]}`, nil, false},
		{`{"a":1} x`, nil, false},
		{`{"a":1`, nil, false},
		{`{"a"}`, nil, false},
		{``, nil, false},
		{"{\"a\":\"tab\there\"}", nil, false},
	}
	for _, tt := range tests {
		got, ok := TopKeys([]byte(tt.in))
		assert.Equal(t, tt.ok, ok, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		ref, refOK := topKeysReference([]byte(tt.in))
		assert.Equal(t, refOK, ok, "encoding/json: %s", tt.in)
		assert.Equal(t, ref, got, "encoding/json: %s", tt.in)
	}
	// Nesting at encoding/json's limit and one past it.
	for _, levels := range []int{MaxDepth - 1, MaxDepth, MaxDepth + 1} {
		doc := `{"a":` + strings.Repeat("[", levels-1) + strings.Repeat("]", levels-1) + `}`
		_, ok := TopKeys([]byte(doc))
		_, refOK := topKeysReference([]byte(doc))
		require.Equal(t, refOK, ok, "%d levels", levels)
	}
}

// FuzzTopKeys checks TopKeys against encoding/json on any document: the
// same verdict and, when decodable, the same keys with the same kinds.
func FuzzTopKeys(f *testing.F) {
	for _, s := range []string{
		`{"title":"x","self_evaluations":[{"a":1}]}`, `{}`, `null`, `{"a":1,"a":2}`, `[1]`, `{"a":1,}`,
		`{"\ud800":1}`, "{\"a\xff\":1}", `{"a":{"b":[1,2,{"c":null}]}}`, ` {"a" : -0.5e-3 } `, `{"a":tru}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, ok := TopKeys([]byte(in))
		want, wantOK := topKeysReference([]byte(in))
		if ok != wantOK {
			t.Fatalf("%q: TopKeys %t, encoding/json %t", in, ok, wantOK)
		}
		if ok && !assert.ObjectsAreEqual(want, got) {
			t.Fatalf("%q: TopKeys %v, encoding/json %v", in, got, want)
		}
	})
}
