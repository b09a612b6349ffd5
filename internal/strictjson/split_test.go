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
	joined, docs, _, ok, err := joinRuns(doc, size, false)
	if err != nil {
		t.Fatalf("%q: %v", doc, err)
	}
	return joined, docs, ok
}

// joinRuns is splitAll's work, with SplitLines when lines: the joined
// elements or members, how many documents there were and how many were
// cut at lines, and the splitting's outcome (a document that does not
// decode is its error).
func joinRuns(doc string, size int, lines bool) (joined any, docs, cuts int, ok bool, err error) {
	var elems []any
	members := map[string]any{}
	object := false
	decode := func(d []byte) error {
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
	}
	r := iotest.OneByteReader(strings.NewReader(doc))
	if lines {
		ok, cuts, err = SplitLines(r, size, decode)
	} else {
		ok, err = Split(r, size, decode)
	}
	if object {
		return members, docs, cuts, ok, err
	}
	return elems, docs, cuts, ok, err
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

// splitLinesAll is splitAll with SplitLines, also reporting how many runs
// were cut at lines; ok is false when a document did not decode.
func splitLinesAll(t *testing.T, doc string, size int) (joined any, docs, lines int, ok bool) {
	t.Helper()
	joined, docs, lines, ok, err := joinRuns(doc, size, true)
	return joined, docs, lines, ok && err == nil
}

// lineDocs are documents of n elements laid out as exporters write them:
// one element (member) per line, with CRLF, indented by json.MarshalIndent,
// and one where lines inside an element begin as the top-level ones do
// (the line cut guessed there is wrong, and a document fails to decode).
func lineDocs(t testing.TB, n int) map[string]string {
	t.Helper()
	var perLine, crlf, obj strings.Builder
	elems := make([]any, n)
	perLine.WriteString("[\n")
	crlf.WriteString("[\r\n")
	obj.WriteString("{\n")
	for i := range elems {
		elems[i] = map[string]any{"id": fmt.Sprintf("e%d,\n]", i), "n": float64(i), "s": []any{"a", map[string]any{"x": []any{1.0, 2.0}}}}
		line, err := json.Marshal(elems[i])
		if err != nil {
			t.Fatal(err)
		}
		sep := ",\n"
		if i == len(elems)-1 {
			sep = "\n"
		}
		perLine.WriteString(string(line) + sep)
		crlf.WriteString(string(line) + strings.ReplaceAll(sep, "\n", " \r\n"))
		fmt.Fprintf(&obj, "%q: %s%s", fmt.Sprint("k", i), line, sep)
	}
	perLine.WriteString("]\n")
	crlf.WriteString("]\r\n")
	obj.WriteString("}")
	pretty, err := json.MarshalIndent(elems, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"per-line": perLine.String(), "crlf": crlf.String(), "object": obj.String(), "indented": string(pretty),
		"inner-lines-at-top-indent": "[{\"x\":0},\n{\"x\":1},\n{\"a\":[\n1,\n2,\n3]},\n{\"y\":[\n4,\n5]}\n]",
	}
}

// TestSplitLinesJoinsToWhole checks SplitLines against the whole document:
// where every document decodes, joined they are the whole, whatever the
// layout and the size of the runs; on documents written one element per
// line most runs are cut at lines; and where a guessed cut is wrong a
// document fails to decode (the caller then splits with Split).
func TestSplitLinesJoinsToWhole(t *testing.T) {
	for name, doc := range lineDocs(t, 40) {
		var want any
		if err := json.Unmarshal([]byte(doc), &want); err != nil {
			t.Fatal(name, err)
		}
		for _, size := range []int{0, 1, 40, 300, 1 << 20} {
			got, docs, lines, ok := splitLinesAll(t, doc, size)
			switch {
			case name == "inner-lines-at-top-indent" && size <= 1:
				if ok {
					t.Errorf("%s, size %d: every document decoded (%d, %d cut at lines); want a wrong cut refused", name, size, docs, lines)
				}
				continue
			case !ok:
				t.Errorf("%s, size %d: refused (%d documents, %d cut at lines)", name, size, docs, lines)
				continue
			case !reflect.DeepEqual(got, want):
				t.Errorf("%s, size %d: joined %v, want %v", name, size, got, want)
			}
			// MarshalIndent indents the elements' members deeper than the
			// elements, so its lines are cut at as the others' are.
			if size <= 300 && lines < docs/2 {
				t.Errorf("%s, size %d: %d of %d documents cut at lines, want most", name, size, lines, docs)
			}
		}
	}
}

// FuzzSplitLines checks the property SplitLines' guesses rest on: when
// every document it gives decodes, the document was valid and the
// documents joined are the whole, however wrong a guess could have been.
func FuzzSplitLines(f *testing.F) {
	// Small seeds: the fuzzer minimizes what it finds byte by byte.
	for _, doc := range lineDocs(f, 3) {
		f.Add(doc, 1)
		f.Add(doc, 40)
	}
	f.Add("[1,\n2,\n[3,\n4],\n5]", 0)
	f.Add("{\"a\":1,\n\"b\":{\"c\":2,\n\"d\":3},\n\"e\":4}", 1)
	f.Fuzz(func(t *testing.T, doc string, size int) {
		size = min(max(size, 0), 1<<12)
		got, _, _, ok := splitLinesAll(t, doc, size)
		if !ok {
			return
		}
		var want any
		if err := json.Unmarshal([]byte(strings.TrimPrefix(doc, "\xef\xbb\xbf")), &want); err != nil {
			t.Fatalf("every document decoded, but the whole does not: %v", err)
		}
		// A key repeated across documents: encoding/json keeps its last
		// value, and so does the join.
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("joined %v, want %v", got, want)
		}
	})
}

// TestSplitMovesBounded checks that splitting stays linear however little
// each read gives: read a byte at a time, a 180 KB array in runs of 64 KB
// (and in one run, the whole array) moves at most twice its size to the
// front of the buffer, with and without the cuts at lines. Before, the
// pending run was moved on every read: about 64 K bytes per byte read.
func TestSplitMovesBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("[\n")
	for i := range 6000 {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id":"e%06d","s":[1,2,3]}`, i)
	}
	b.WriteString("\n]")
	doc := b.String()
	for _, size := range []int{64 << 10, 1 << 20} {
		for _, lines := range []bool{false, true} {
			sp := &splitter{r: iotest.OneByteReader(strings.NewReader(doc)), buf: make([]byte, 0, 2*splitBlock)}
			docs := 0
			ok, _, err := sp.split(size, lines, func([]byte) error { docs++; return nil })
			if !ok || err != nil {
				t.Fatalf("size %d, lines %v: %v, %v", size, lines, ok, err)
			}
			if sp.moved > 2*len(doc) {
				t.Errorf("size %d, lines %v: %d bytes moved for a %d-byte document (%d runs), want at most twice", size, lines, sp.moved, len(doc), docs)
			}
		}
	}
}
