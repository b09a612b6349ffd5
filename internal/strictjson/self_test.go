package strictjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// selfPair decodes itself from {"a":"…","b":true} (members a and b, any
// case), or from a JSON string "a": in the one pass through its tokens,
// else through UnmarshalJSON, which the one pass must never call.
type selfPair struct {
	A string
	B bool
}

var errLongWay = errors.New("UnmarshalJSON called")

func (p *selfPair) UnmarshalJSON([]byte) error { return errLongWay }

func (p *selfPair) UnmarshalStrictJSON(in *Input) error {
	switch in.Kind() {
	case String:
		s, err := in.String()
		p.A = s
		return err
	case Null:
		if !in.Null() {
			return errRefused
		}
		return nil
	}
	return in.Object([]string{"a", "b", "ignored"}, func(i int, in *Input) error {
		switch i {
		case 0:
			s, err := in.String()
			p.A = s
			return err
		case 1:
			b, err := in.Bool()
			p.B = b
			return err
		}
		return nil // "ignored": skipped by Object
	})
}

type selfDoc struct {
	Pairs []selfPair          `json:"pairs"`
	Ptr   *selfPair           `json:"ptr"`
	ByKey map[string]selfPair `json:"by_key"`
}

// TestUnmarshalerOnePass checks that a type implementing Unmarshaler is
// decoded from the one pass's tokens (its UnmarshalJSON, which refuses
// everything, is not called), and that what it or Object refuses falls
// back with the target untouched.
func TestUnmarshalerOnePass(t *testing.T) {
	decoded := []struct {
		doc  string
		want selfDoc
	}{
		{`{"pairs":[{"a":"x","b":true},{"B":false,"A":"y"},"z",null,{}]}`,
			selfDoc{Pairs: []selfPair{{"x", true}, {"y", false}, {A: "z"}, {}, {}}}},
		{`{"pairs":[{"a":"\u4eba","ignored":{"deep":[1,{"k":null}]}}]}`,
			selfDoc{Pairs: []selfPair{{A: "人"}}}},
		{` {"ptr" : { "a" : "p" } , "by_key":{"k":{"b":true}}} `,
			selfDoc{Ptr: &selfPair{A: "p"}, ByKey: map[string]selfPair{"k": {B: true}}}},
		{`{"ptr":null}`, selfDoc{}},
		{"{\"pairs\":[{\"a\":\"bad \xff utf8\"}]}", selfDoc{Pairs: []selfPair{{A: "bad \ufffd utf8"}}}},
	}
	for _, tt := range decoded {
		d := Decoder{Strict: true}
		var got selfDoc
		require.NoError(t, d.Decode([]byte(tt.doc), &got), tt.doc)
		assert.Equal(t, tt.want, got, tt.doc)
	}
	refused := []string{
		`{"pairs":[{"c":"x"}]}`,                 // a member of no name
		`{"pairs":[{"a":"x","A":"y"}]}`,         // a name twice, in another case
		`{"pairs":[{"a":"x","a":"y"}]}`,         // a name twice
		`{"pairs":[{"a":1}]}`,                   // a number for a string
		`{"pairs":[{"b":"true"}]}`,              // a string for a bool
		`{"pairs":[5]}`,                         // neither an object nor a string
		`{"pairs":[nul]}`,                       // malformed
		`{"pairs":[{"a":"x",}]}`,                // a trailing comma
		`{"pairs":[{"a":"x"`,                    // truncated
		`{"pairs":[{"ignored":{"k":1,"k":2}}]}`, // a key repeated in a skipped value
		"{\"pairs\":[\"tab\there\"]}",           // a control character in a string
	}
	for _, doc := range refused {
		d := Decoder{Strict: true}
		got := selfDoc{}
		assert.ErrorIs(t, d.Decode([]byte(doc), &got), ErrFallback, doc)
		assert.Equal(t, selfDoc{}, got, "%s: the target is left untouched", doc)
	}
}

// TestUnmarshalerNeedsJSONUnmarshaler checks that a type with only
// UnmarshalStrictJSON is not taken for one decoding itself: encoding/json
// would decode it field by field, so the one pass does too.
func TestUnmarshalerNeedsJSONUnmarshaler(t *testing.T) {
	var d Decoder
	var got struct {
		V onlyStrict `json:"v"`
	}
	require.NoError(t, d.Decode([]byte(`{"v":{"N":3}}`), &got))
	var want struct {
		V onlyStrict `json:"v"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"v":{"N":3}}`), &want))
	assert.Equal(t, want, got)
}

type onlyStrict struct{ N int }

func (o *onlyStrict) UnmarshalStrictJSON(*Input) error { return fmt.Errorf("must not be called") }

// selfBag decodes itself from an object of any keys whose values are
// numbers (kept as their text) or strings (kept quoted), leaving nulls and
// objects to be skipped and refusing arrays and a key seen before, through
// Members and Number.
type selfBag map[string]string

func (b *selfBag) UnmarshalJSON([]byte) error { return errLongWay }

func (b *selfBag) UnmarshalStrictJSON(in *Input) error {
	out := selfBag{}
	err := in.Members(func(key string, in *Input) error {
		if _, dup := out[key]; dup {
			return errRefused
		}
		switch in.Kind() {
		case Number:
			raw, err := in.Number()
			out[key] = string(raw)
			return err
		case String:
			s, err := in.String()
			out[key] = fmt.Sprintf("%q", s)
			return err
		case Null, Object:
			return nil // skipped by Members, not stored
		}
		return errRefused
	})
	if err != nil {
		return err
	}
	*b = out
	return nil
}

// TestMembersAndNumber checks Input.Members (any keys, unescaped, in
// document order, a value not read skipped) and Input.Number (a JSON
// number's exact text, malformed ones refused), the one pass of a map
// type decoding itself.
func TestMembersAndNumber(t *testing.T) {
	type doc struct {
		Bag selfBag `json:"bag"`
	}
	decoded := []struct {
		doc  string
		want selfBag
	}{
		{`{"bag":{"a":1,"b":-0.50,"c":"x","d":1E+3}}`, selfBag{"a": "1", "b": "-0.50", "c": `"x"`, "d": "1E+3"}},
		{`{"bag":{ "\u4eba" : 0 , "k\"q":"\u00e9", "n": null }}`, selfBag{"人": "0", `k"q`: `"é"`}},
		{`{"bag":{}}`, selfBag{}},
		{`{"bag":{"o":{"deep":[1,{"k":null}]},"a":1}}`, selfBag{"a": "1"}},
		{"{\"bag\":{\"bad \xff\":2}}", selfBag{"bad \ufffd": "2"}},
	}
	for _, tt := range decoded {
		d := Decoder{Strict: true}
		var got doc
		require.NoError(t, d.Decode([]byte(tt.doc), &got), tt.doc)
		assert.Equal(t, tt.want, got.Bag, tt.doc)
	}
	refused := []string{
		`{"bag":{"a":01}}`,            // a leading zero
		`{"bag":{"a":1.}}`,            // no digits after the point
		`{"bag":{"a":-}}`,             // a sign alone
		`{"bag":{"a":1e}}`,            // no exponent digits
		`{"bag":{"a":.5}}`,            // no integer part
		`{"bag":{"a":[1]}}`,           // refused by the member
		`{"bag":{"a":1,"a":2}}`,       // a key twice, refused by the member
		`{"bag":{"a":1,}}`,            // a trailing comma
		`{"bag":{"a" 1}}`,             // no colon
		`{"bag":{1:1}}`,               // a key not a string
		`{"bag":{"a":1`,               // truncated
		`{"bag":["a",1]}`,             // not an object
		`{"bag":{"o":{"k":1,"k":2}}}`, // a key repeated in a value skipped
	}
	for _, s := range refused {
		d := Decoder{Strict: true}
		var got doc
		assert.ErrorIs(t, d.Decode([]byte(s), &got), ErrFallback, s)
		assert.Nil(t, got.Bag, "%s: the target is left untouched", s)
	}
}
