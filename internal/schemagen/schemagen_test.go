package schemagen

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// selfDecoding decodes itself from JSON and has no fragment in custom.go.
type selfDecoding struct{ n int }

func (s *selfDecoding) UnmarshalJSON([]byte) error { s.n = 1; return nil }

// letter is a string text type that accepts only "a" and "b".
type letter string

func (l *letter) UnmarshalText(b []byte) error {
	if s := string(b); s == "a" || s == "b" {
		*l = letter(s)
		return nil
	}
	return errors.New("not a letter")
}

// TestBuildRefusesUnknownSelfDecoding: a type that decodes itself gets no
// schema by reflection over its fields, which would say nothing true; the
// generator fails and names it, so a new such type cannot slip through.
func TestBuildRefusesUnknownSelfDecoding(t *testing.T) {
	type file struct {
		X selfDecoding `json:"x"`
	}
	_, err := Build(reflect.TypeFor[file]())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "schemagen.selfDecoding has its own UnmarshalJSON")
}

// TestEnumerateGrade: performance.Grade's names are found by trying its
// parser on what String, MarshalText and Name give for each value, plus
// the city variants listed in aliases. By hand from ParseGrade's doc:
// 优/良/中/差 (String, Name zh), excellent/good/fair/poor (Name en), the
// variants 优秀/良好/一般/较差, and "" for GradeNone.
func TestEnumerateGrade(t *testing.T) {
	got, err := enumerate(reflect.TypeFor[performance.Grade](), aliases(reflect.TypeFor[performance.Grade]()))
	require.NoError(t, err)
	want := []string{"优", "良", "中", "差", "excellent", "good", "fair", "poor", "优秀", "良好", "一般", "较差", ""}
	assert.ElementsMatch(t, want, got)
	for _, s := range got {
		_, err := performance.ParseGrade(s)
		assert.NoError(t, err, "%q is in the enum but ParseGrade rejects it", s)
	}
}

// TestEnumerateAliasRejected: an alias the parser does not accept fails the
// generator, so a name dropped from a parser is dropped from the schema.
func TestEnumerateAliasRejected(t *testing.T) {
	got, err := enumerate(reflect.TypeFor[letter](), []string{"a", "b"})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, got)
	_, err = enumerate(reflect.TypeFor[letter](), []string{"a", "c"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"c"`)
	// Without aliases a string text type is a plain string.
	got, err = enumerate(reflect.TypeFor[letter](), nil)
	require.NoError(t, err)
	assert.Nil(t, got)
}

// TestFieldsAsEncodingJSON: the properties of a struct are the members
// encoding/json writes for it: promoted fields of embedded structs, tag
// names, no "-" or unexported fields, and a shallower field shadowing a
// deeper one of the same name.
func TestFieldsAsEncodingJSON(t *testing.T) {
	type Inner struct {
		A string `json:"a"`
		B string `json:"shadowed"`
		C int
	}
	type outer struct {
		Inner
		B       int    `json:"shadowed"`
		D       string `json:"d,omitempty"`
		Skipped string `json:"-"`
		hidden  string
		E       bool `json:"e,string"`
	}
	v := outer{Inner: Inner{A: "x", B: "y", C: 1}, B: 2, D: "z", Skipped: "s", hidden: "h", E: true}
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	var want []string
	for k := range m {
		want = append(want, k)
	}
	root, err := Build(reflect.TypeFor[outer]())
	require.NoError(t, err)
	require.Equal(t, "#/$defs/jixiao.outer", root["$ref"])
	s := root["$defs"].(map[string]Schema)["jixiao.outer"]
	var got []string
	for k := range s["properties"].(Schema) {
		got = append(got, k)
	}
	slices.Sort(want)
	slices.Sort(got)
	assert.Equal(t, want, got)
	props := s["properties"].(Schema)
	assert.Equal(t, Schema{"type": "integer"}, props["shadowed"], "the shallower field wins")
	assert.Equal(t, Schema{"type": "string", "enum": []any{"true", "false"}}, props["e"], `",string" bool`)
	assert.Equal(t, false, s["additionalProperties"])
	assert.Nil(t, s["required"], "nothing is required unless a parser demands it")
}

// TestEveryFileGenerates: every file kind has a schema with its $id under
// BaseID, a title with a Chinese term, and no reference outside itself.
func TestEveryFileGenerates(t *testing.T) {
	names := map[string]bool{}
	for _, f := range Files() {
		assert.False(t, names[f.Name], "duplicate %s", f.Name)
		names[f.Name] = true
		b, err := Generate(f)
		require.NoError(t, err, f.Name)
		var s Schema
		require.NoError(t, json.Unmarshal(b, &s), f.Name)
		assert.Equal(t, BaseID+f.Name+".schema.json", s["$id"])
		assert.Equal(t, "https://json-schema.org/draft/2020-12/schema", s["$schema"])
		assert.True(t, strings.ContainsFunc(f.Title, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }),
			"%s: the title %q has no Chinese term", f.Name, f.Title)
		for _, ref := range refs(s) {
			assert.True(t, strings.HasPrefix(ref, "#/$defs/"), "%s: $ref %q leaves the document", f.Name, ref)
			defs, _ := s["$defs"].(map[string]any)
			_, ok := defs[strings.TrimPrefix(ref, "#/$defs/")]
			assert.True(t, ok, "%s: $ref %q names no definition", f.Name, ref)
		}
	}
}

func refs(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "$ref" {
				out = append(out, s)
			}
			out = append(out, refs(e)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, refs(e)...)
		}
	}
	return out
}
