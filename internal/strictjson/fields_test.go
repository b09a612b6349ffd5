package strictjson

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"
)

type inner struct {
	A int `json:"a"`
	B int // untagged: "B"
	C int `json:"c"`
}

type tie1 struct{ X int }
type tie2 struct{ X int }

type outer struct {
	inner         // promoted a, B, c
	C      int    `json:"c"` // shallower: wins over inner's c
	Skip   int    `json:"-"`
	Q      int64  `json:"q,string"`
	hidden int    // unexported: not a member
	S      string `json:"s,omitempty"`
	tie1          // X at depth 1 ...
	tie2          // ... twice at depth 1: dropped, as encoding/json drops it
}

// TestFieldsAsEncodingJSON: the members Fields lists are exactly the keys
// encoding/json writes for a value with every field set.
func TestFieldsAsEncodingJSON(t *testing.T) {
	v := outer{inner: inner{1, 2, 3}, C: 4, Skip: 5, Q: 6, S: "s", tie1: tie1{7}, tie2: tie2{8}}
	_ = v.hidden
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var names []string
	quoted := map[string]bool{}
	for _, f := range Fields(reflect.TypeFor[outer]()) {
		names = append(names, f.Name)
		quoted[f.Name] = f.Quoted
	}
	slices.Sort(names)
	if want := slices.Sorted(maps.Keys(m)); !slices.Equal(names, want) {
		t.Fatalf("Fields gives %v, encoding/json writes %v", names, want)
	}
	if !quoted["q"] || quoted["c"] {
		t.Fatalf("quoted: %v", quoted)
	}
}
