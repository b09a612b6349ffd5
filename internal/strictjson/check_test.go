package strictjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type checkLine struct {
	Item   string   `json:"item"`
	Amount float64  `json:"amount"`
	Done   bool     `json:"done"`
	Tags   []string `json:"tags"`
}

type checkDoc struct {
	ID    string               `json:"id"`
	Lines []checkLine          `json:"lines"`
	ByKey map[string]checkLine `json:"by_key"`
	When  time.Time            `json:"when"`
	Count int                  `json:"count,string"`
	Tree  shaped               `json:"tree"`
}

// shaped decodes itself from an array of lines (as performance.Org does
// from its nodes), so Check looks into it only through a Shape.
type shaped struct{ lines []checkLine }

func (s *shaped) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &s.lines) }

func render(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		s := fmt.Sprintf("%d %s", p.Kind, p.Path)
		if p.Kind == WrongKind {
			s += " want " + p.Want + " got " + string(p.Raw)
		}
		out = append(out, s)
	}
	return out
}

// TestCheck: one walk finds the three kinds of problem, each at its path,
// unknown and wrong-kind values in document order and then the repeated
// members; names match as encoding/json matches them.
func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"clean", `{"id":"P1","lines":[{"item":"a","amount":1,"done":true,"tags":["x"]}],"by_key":{"k":{"item":"b"}}}`, nil},
		// "ID" and "Amount" name fields but for case: encoding/json takes
		// them, and so does every strict reader.
		{"case", `{"ID":"P1","lines":[{"Amount":1}]}`, nil},
		{"null anywhere", `{"id":null,"lines":[null],"by_key":null,"when":null}`, nil},
		{"unknown", `{"idd":1,"lines":[{"amout":1}],"by_key":{"k":{"x":1}}}`,
			[]string{"1 idd", "1 lines[0].amout", "1 by_key.k.x"}},
		// Kinds: 1 UnknownField, 2 DuplicateField, 3 WrongKind.
		{"duplicate last", `{"id":"a","lines":[],"id":"b"}`, []string{"2 id"}},
		{"wrong kinds", `{"id":5,"lines":{},"by_key":[],"count":"3"}`,
			[]string{"3 id want a string got 5", "3 lines want an array got {}", "3 by_key want an object got []"}},
		{"leaf kinds", `{"lines":[{"item":["x"],"amount":"1","done":1,"tags":"x"}]}`,
			[]string{`3 lines[0].item want a string got ["x"]`, `3 lines[0].amount want a number got "1"`,
				"3 lines[0].done want true or false got 1", `3 lines[0].tags want an array got "x"`}},
		// A time.Time decodes itself: its text is its own decoder's to judge;
		// so is a shaped value without a Shape.
		{"own types", `{"when":5,"tree":{"x":1}}`, nil},
		{"inside unknown", `{"bogus":{"id":5,"id":6}}`, []string{"1 bogus", "2 bogus.id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Check([]byte(tt.in), reflect.TypeFor[checkDoc](), CheckOptions{})
			require.NoError(t, err)
			assert.Equal(t, tt.want, render(got))
		})
	}
}

// TestCheckProblemFields: an unknown member carries its key, its offset
// and the names it could have meant, in declaration order.
func TestCheckProblemFields(t *testing.T) {
	in := `{"lines":[{"itme":"a"}]}`
	got, err := Check([]byte(in), reflect.TypeFor[checkDoc](), CheckOptions{})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "itme", got[0].Key)
	// {"lines":[{"itme": is 18 bytes: the value "a" starts at byte 18.
	assert.Equal(t, int64(18), got[0].Offset)
	assert.Equal(t, []string{"item", "amount", "done", "tags"}, got[0].Fields)
}

// TestCheckShape: a Shape makes Check look into a type that decodes
// itself, as the type the Shape names; Leaf sees every value not looked
// into with its Go type.
func TestCheckShape(t *testing.T) {
	opts := CheckOptions{Shape: func(t reflect.Type) (reflect.Type, bool) {
		if t == reflect.TypeFor[shaped]() {
			return reflect.TypeFor[[]checkLine](), true
		}
		return nil, false
	}}
	var leaves []string
	opts.Leaf = func(lt reflect.Type, v *Value, raw []byte) {
		name := "<nil>"
		if lt != nil {
			name = lt.String()
		}
		leaves = append(leaves, v.Path.String()+"="+name)
	}
	got, err := Check([]byte(`{"tree":[{"item":"a","x":1}],"when":"2021-01-01T00:00:00Z"}`), reflect.TypeFor[checkDoc](), opts)
	require.NoError(t, err)
	assert.Equal(t, []string{"1 tree[0].x"}, render(got))
	assert.Equal(t, []string{"tree[0].item=string", "tree[0].x=<nil>", "when=time.Time"}, leaves)
}

func TestCheckMalformed(t *testing.T) {
	_, err := Check([]byte(`{"id":`), reflect.TypeFor[checkDoc](), CheckOptions{})
	assert.ErrorIs(t, err, ErrMalformed)
}

// TestSyntax: the position is the offending character's (encoding/json's
// offset is one past it), or the end for a document cut short.
func TestSyntax(t *testing.T) {
	assert.Nil(t, Syntax([]byte(`{"a":1}`)))
	tests := []struct {
		in        string
		line, col int
	}{
		// line 2 is ` "b" 2}`: the 2 at column 6 is where a colon should be.
		{"{\"a\":1,\n \"b\" 2}", 2, 6},
		// cut short after 8 bytes on one line: the end, column 9.
		{`{"id": 1`, 1, 9},
		// 市 is one character: the x after `"市":` is column 6.
		{`{"市":x}`, 1, 6},
	}
	for _, tt := range tests {
		se := Syntax([]byte(tt.in))
		require.NotNil(t, se, tt.in)
		var syn *json.SyntaxError
		assert.ErrorAs(t, se, &syn)
		assert.Equal(t, [2]int{tt.line, tt.col}, [2]int{se.Line, se.Column}, tt.in)
	}
}

// TestLocate: the first value, in document order, that does not decode on
// its own, with encoding/json's error; a wrong-kind value is one.
func TestLocate(t *testing.T) {
	in := `{"id":"P1","lines":[{"item":"a"},{"amount":"x"}],"count":"y"}`
	at, off, err := Locate([]byte(in), reflect.TypeFor[checkDoc](), CheckOptions{})
	require.NotNil(t, at)
	assert.Equal(t, "lines[1].amount", at.String())
	assert.Equal(t, int64(strings.Index(in, `"x"`)), off)
	var te *json.UnmarshalTypeError
	assert.ErrorAs(t, err, &te)

	at, _, _ = Locate([]byte(`{"id":"P1"}`), reflect.TypeFor[checkDoc](), CheckOptions{})
	assert.Nil(t, at)
}

// FuzzCheck: whatever Check accepts without a problem, encoding/json
// decodes with DisallowUnknownFields too (nothing strict takes is
// something encoding/json would skip); and Check never panics.
func FuzzCheck(f *testing.F) {
	f.Add([]byte(`{"id":"P1","lines":[{"item":"a","amount":1}]}`))
	f.Add([]byte(`{"ID":"P1","by_key":{"k":{"Item":"b"}}}`))
	f.Add([]byte(`{"id":"a","id":"b"}`))
	f.Add([]byte(`{"lines":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Check(data, reflect.TypeFor[checkDoc](), CheckOptions{})
		if err != nil || len(got) > 0 {
			return
		}
		var v checkDoc
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		derr := dec.Decode(&v)
		if derr == nil {
			return
		}
		if strings.Contains(derr.Error(), "unknown field") {
			t.Fatalf("Check found nothing wrong, encoding/json says %v", derr)
		}
		// What Check leaves to others: the types that decode themselves
		// (when, tree), ",string" fields (count) and numbers out of range.
		var te *json.UnmarshalTypeError
		if errors.As(derr, &te) && !strings.HasPrefix(te.Value, "number") &&
			!strings.HasPrefix(te.Field, "when") && !strings.HasPrefix(te.Field, "tree") && !strings.HasPrefix(te.Field, "count") {
			t.Fatalf("Check found nothing wrong, encoding/json says %v (field %q, value %q)", derr, te.Field, te.Value)
		}
	})
}
