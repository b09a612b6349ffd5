package strictjson

import (
	"reflect"
	"strings"
)

// A Field is one JSON member of a struct type as encoding/json sees it.
type Field struct {
	// Name is the member's name: the json tag's, else the Go field's.
	Name string
	// Depth is how deep in embedded structs the field is (0: the struct's own).
	Depth int
	// Type is the field's Go type.
	Type reflect.Type
	// Quoted is the ",string" option: the value is written as a JSON string.
	Quoted bool
	// Index is the field's index sequence, for reflect.Value.FieldByIndex;
	// it passes through embedded structs.
	Index []int
	// ViaPointer is true when the path to the field passes through an
	// embedded pointer to a struct.
	ViaPointer bool
}

// Fields lists the JSON fields of struct type t as encoding/json sees
// them: embedded structs promoted, the shallowest of a name winning, a
// tagged field winning over an untagged one at the same depth, and other
// ties dropped.
func Fields(t reflect.Type) []Field {
	type cand struct {
		Field
		tagged bool
	}
	var all []cand
	var walk func(t reflect.Type, depth int, index []int, viaPtr bool, seen map[reflect.Type]bool)
	walk = func(t reflect.Type, depth int, index []int, viaPtr bool, seen map[reflect.Type]bool) {
		if seen[t] {
			return
		}
		seen[t] = true
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if sf.Anonymous && name == "" {
				et, ptr := sf.Type, false
				if et.Kind() == reflect.Pointer {
					et, ptr = et.Elem(), true
				}
				if et.Kind() == reflect.Struct {
					walk(et, depth+1, append(index[:len(index):len(index)], i), viaPtr || ptr, seen)
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			tagged := name != ""
			if name == "" {
				name = sf.Name
			}
			q := false
			for o := range strings.SplitSeq(opts, ",") {
				q = q || o == "string"
			}
			all = append(all, cand{Field{name, depth, sf.Type, q, append(index[:len(index):len(index)], i), viaPtr}, tagged})
		}
	}
	walk(t, 0, nil, false, map[reflect.Type]bool{})
	var out []Field
	for _, c := range all {
		win, n := true, 0
		for _, d := range all {
			if d.Name != c.Name {
				continue
			}
			switch {
			case d.Depth < c.Depth, d.Depth == c.Depth && d.tagged && !c.tagged:
				win = false
			case d.Depth == c.Depth && d.tagged == c.tagged:
				n++
			}
		}
		if win && n == 1 {
			out = append(out, c.Field)
		}
	}
	return out
}
