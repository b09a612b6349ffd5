package schema_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// maxMutations bounds the corrupted copies tried per schema, so that the
// test stays fast on the large bundled files.
const maxMutations = 400

// A mutation is one corrupted copy of a bundled file.
type mutation struct {
	what string // "unknown member", "missing member", "number for string", "string for number", "string for bool"
	at   string // JSON pointer of the corrupted value (or of the object)
	doc  []byte
}

// mutations returns corrupted copies of doc: an unknown member added to an
// object, a string replaced by a number (a number or bool by a string), a
// member removed. Every member of every object is visited, but only the
// first two elements of an array, and at most limit copies are made.
func mutations(doc any, limit int) []mutation {
	var out []mutation
	emit := func(what string, path []string, set func(any) any) {
		if len(out) >= limit {
			return
		}
		b, err := json.Marshal(replace(doc, path, set))
		if err != nil {
			panic(err)
		}
		out = append(out, mutation{what, pointer(path), b})
	}
	var walk func(v any, path []string)
	walk = func(v any, path []string) {
		if len(out) >= limit {
			return
		}
		p := slices.Clone(path)
		switch x := v.(type) {
		case map[string]any:
			emit("unknown member", p, func(v any) any {
				m := clone(v.(map[string]any))
				m["zz_unknown"] = json.Number("1")
				return m
			})
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				emit("missing member", append(slices.Clone(p), k), nil)
			}
			for _, k := range keys {
				walk(x[k], append(slices.Clone(p), k))
			}
		case []any:
			for i := range min(len(x), 2) {
				walk(x[i], append(slices.Clone(p), fmt.Sprint(i)))
			}
		case string:
			emit("number for string", p, func(any) any { return json.Number("12345") })
		case json.Number:
			emit("string for number", p, func(any) any { return "not-a-number" })
		case bool:
			emit("string for bool", p, func(any) any { return "not-a-bool" })
		}
	}
	walk(doc, nil)
	return out
}

func schemaText(t *testing.T, name string) []byte {
	b, err := os.ReadFile(name + ".schema.json")
	require.NoError(t, err)
	return b
}

// trim returns a copy of doc with every array and object of more than two
// entries cut to its first two (objects by sorted key).
func trim(doc any) any {
	switch x := doc.(type) {
	case map[string]any:
		c := make(map[string]any, len(x))
		for k, v := range x {
			c[k] = trim(v)
		}
		if len(x) > 2 && !looksLikeStruct(x) {
			keys := slices.Sorted(maps.Keys(x))
			for _, k := range keys[2:] {
				delete(c, k)
			}
		}
		return c
	case []any:
		c := make([]any, 0, 2)
		for _, v := range x[:min(len(x), 2)] {
			c = append(c, trim(v))
		}
		return c
	}
	return doc
}

// looksLikeStruct tells a JSON object of a Go struct (snake_case or Go
// member names, kept whole) from a map keyed by IDs, which may be cut: a
// map's keys here hold digits or a hyphen.
func looksLikeStruct(m map[string]any) bool {
	for k := range m {
		if strings.ContainsAny(k, "0123456789-") {
			return false
		}
	}
	return true
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func clone(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// replace returns a copy of doc with the value at path replaced by
// set(value), or removed when set is nil; only the containers on the path
// are copied.
func replace(doc any, path []string, set func(any) any) any {
	if len(path) == 0 {
		return set(doc)
	}
	switch x := doc.(type) {
	case map[string]any:
		c := clone(x)
		if len(path) == 1 && set == nil {
			delete(c, path[0])
			return c
		}
		c[path[0]] = replace(x[path[0]], path[1:], set)
		return c
	case []any:
		c := slices.Clone(x)
		var i int
		fmt.Sscan(path[0], &i)
		c[i] = replace(x[i], path[1:], set)
		return c
	}
	panic("bad path")
}

// known are the corruptions where the schema and the library knowingly
// disagree, by kind of corruption and a pattern of the JSON pointer, each
// with the reason.
var known = []struct {
	what string
	at   *regexp.Regexp
	why  string
}{
	// goals.Target.UnmarshalJSON and goals.Actual.UnmarshalJSON decode
	// their object forms with plain encoding/json, and the strict decoder
	// does not look inside types that decode themselves, so a misspelt
	// member of a target or an actual ("valu") is silently dropped. The
	// schema rejects it, as the strict decoders do everywhere else.
	{"unknown member", regexp.MustCompile(`/target$`), "goals.Target ignores unknown members"},
	{"unknown member", regexp.MustCompile(`/actuals/[^/]+$`), "goals.Actual ignores unknown members"},
}

func knownReason(m mutation) (string, bool) {
	for _, k := range known {
		if k.what == m.what && k.at.MatchString(m.at) {
			return k.why, true
		}
	}
	return "", false
}

// TestCorruptedCopiesRejected corrupts the first bundled file of every
// schema in every place (an unknown member in each object, a wrong type in
// each scalar, each member removed) and checks the schema against the Go
// side on every copy:
//   - what the strict decoder rejects (an unknown member, a wrong type, a
//     bad enum or date, a member a type's own decoder needs), the schema
//     rejects, with an error at the corrupted path or its object;
//   - what the schema rejects, the library's parser rejects too: the schema
//     is never stricter than the library, except where listed in known.
//
// The parser's further checks (ranges, sums, references between records)
// are beyond a schema: a copy only they reject may pass the schema.
func TestCorruptedCopiesRejected(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.schema, func(t *testing.T) {
			s := compile(t, k.schema)
			parse := parser(t, k)
			decode := decoder(t, k)
			inst := instances(t, k.valid[0])[0]
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(inst))
			require.NoError(t, err)
			// Corrupt a trimmed copy (arrays and maps cut to their first
			// two entries), which is as rich in kinds of value and much
			// faster to check, when the parser accepts it.
			if small := trim(doc); parse(mustJSON(t, small)) == nil {
				doc = small
			}
			ms := mutations(doc, maxMutations)
			require.NotEmpty(t, ms)
			counts := map[string]int{}
			for _, m := range ms {
				decodeErr := decode(m.doc)
				schemaErr := validate(s, m.doc)
				if why, ok := knownReason(m); ok {
					t.Logf("%s at %s: known difference (%s): decoder error %v, schema error %v", m.what, m.at, why, decodeErr != nil, schemaErr != nil)
					continue
				}
				if decodeErr != nil && schemaErr == nil {
					t.Errorf("%s at %s: the decoder rejects it (%v); the schema accepts it", m.what, m.at, decodeErr)
					continue
				}
				if schemaErr == nil {
					continue
				}
				if parse(m.doc) == nil {
					t.Errorf("%s at %s: the schema rejects what the parser accepts: %v", m.what, m.at, schemaErr)
					continue
				}
				counts[m.what]++
				locs := locations(schemaErr)
				parent := m.at
				if m.what == "missing member" {
					parent = m.at[:strings.LastIndexByte(m.at, '/')]
				}
				assert.True(t, slices.Contains(locs, m.at) || slices.Contains(locs, parent),
					"%s at %s: the schema's error names %v, not the path", m.what, m.at, locs)
			}
			t.Logf("%d copies; rejected by both: %v", len(ms), counts)
			assert.Positive(t, counts["unknown member"], "no unknown member was rejected")
			assert.Positive(t, counts["number for string"]+counts["string for number"], "no wrong type was rejected")
			if bytes.Contains(schemaText(t, k.schema), []byte(`"required"`)) {
				assert.Positive(t, counts["missing member"], "no missing required member was rejected")
			}
		})
	}
}
