package strictjson

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// splitAll splits doc into documents of at least size bytes, read a byte
// at a time (so every refill and compaction path is taken), and decodes
// each with encoding/json, joining the elements or members.
func splitAll(t *testing.T, doc string, size int) (any, int, bool) {
	t.Helper()
	var elems []any
	members := map[string]any{}
	object := false
	docs := 0
	ok, err := Split(iotest.OneByteReader(strings.NewReader(doc)), size, func(d []byte) error {
		docs++
		if d[0] == '{' {
			object = true
			var m map[string]any
			if err := json.Unmarshal(d, &m); err != nil {
				return err
			}
			for k, v := range m {
				members[k] = v
			}
			return nil
		}
		var a []any
		if err := json.Unmarshal(d, &a); err != nil {
			return err
		}
		elems = append(elems, a...)
		return nil
	})
	if err != nil {
		t.Fatalf("%q: %v", doc, err)
	}
	if object {
		return members, docs, ok
	}
	return elems, docs, ok
}

// TestSplitJoinsToWhole checks the property Split exists for: the
// documents it gives, decoded and joined, are the whole document decoded,
// whatever the size of the runs; strings holding commas, brackets and
// escaped quotes are not split.
func TestSplitJoinsToWhole(t *testing.T) {
	var b strings.Builder
	b.WriteString("\xef\xbb\xbf \n[")
	for i := range 50 {
		if i > 0 {
			b.WriteString(" ,\n")
		}
		fmt.Fprintf(&b, `{"id":"e%d,]}","n":%d,"s":["\"],", {"x":[1,2,{}]}],"t":"\\"}`, i, i)
	}
	b.WriteString("]\n\t ")
	arr := b.String()
	obj := `{"a": [1, "]"], "b,": {"c": "}"}, "d": null, "e": "\\\"", "f": 2}`
	for _, doc := range []string{arr, obj, `[1]`, `{"k":true}`} {
		var want any
		if err := json.Unmarshal([]byte(strings.TrimPrefix(doc, "\xef\xbb\xbf")), &want); err != nil {
			t.Fatal(err)
		}
		for _, size := range []int{0, 1, 40, 1000, 1 << 20} {
			got, docs, ok := splitAll(t, doc, size)
			if !ok || !reflect.DeepEqual(got, want) {
				t.Errorf("size %d: %.40q: ok %v, joined %v, want %v", size, doc, ok, got, want)
			}
			if size == 0 && doc == arr && docs != 50 {
				t.Errorf("size 0: %d documents, want one per element (50)", docs)
			}
			if size == 1<<20 && docs != 1 {
				t.Errorf("size 1 MiB: %d documents, want 1", docs)
			}
		}
	}
}

// TestSplitRefuses checks that what is not one non-empty array or object
// with elements between its commas is refused, for the caller to decode
// whole and report with its position.
func TestSplitRefuses(t *testing.T) {
	for _, doc := range []string{"", "  ", "null", `"a"`, "1", "[]", "{}", " [ ] ", "[1,]", "[,1]", "[1,,2]",
		"[1] x", "[1][2]", "[1", `["a]`, `{"a":1]`, `[1}`, `{"a":1,}`} {
		if _, _, ok := splitAll(t, doc, 0); ok {
			t.Errorf("%q: split, want refused", doc)
		}
	}
}
