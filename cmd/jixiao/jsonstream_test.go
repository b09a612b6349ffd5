package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/jixiao-go/jixiao/goals"
)

// testRun is the run size the tests read in: small, so that small files
// take the runs path and span many runs.
const testRun = 16 << 10

// bigExperts writes an experts.json of n submissions' sheets, larger than
// the size readJSONRuns reads whole when n is 200 (about 70 KB).
func bigExperts(t *testing.T, n int, edit func([]byte) []byte) string {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("[\n")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"project_id":"XM-%06d","round":1,"experts":[`, i)
		for e := range 3 {
			if e > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":"ZJ%d","scores":[{"item":"N1","score":"%d.5"},{"item":"N2","score":"%d"},{"item":"F1","score":"9"},{"item":"F2","score":"10"},{"item":"C1","score":"11.5"}]}`, (i+e)%40, i%10, e)
		}
		b.WriteString("]}")
	}
	b.WriteString("\n]\n")
	data := b.Bytes()
	if edit != nil {
		data = edit(data)
	}
	name := filepath.Join(t.TempDir(), "experts.json")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if len(data) <= 2*testRun {
		t.Fatalf("%d bytes: not large enough to be read in runs", len(data))
	}
	return name
}

// wholeRead is readJSON as it was: the file read whole and decoded
// strictly, the reference the runs must equal.
func wholeRead(t *testing.T, name string, v any) error {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return decodeStrict(name, data, v)
}

// readJSONFallback is readJSON at the tests' run size: the runs, and the
// whole file when they refuse. The runs must refuse a file with a problem.
func readJSONFallback(t *testing.T, name string, v any) error {
	t.Helper()
	if ok, err := readJSONRuns(name, v, testRun); ok || err != nil {
		t.Fatalf("%s: read in runs despite its problem (%v)", name, err)
	}
	if !reflect.ValueOf(v).Elem().IsZero() {
		t.Fatalf("%s: the refused runs left a value behind", name)
	}
	return wholeRead(t, name, v)
}

// TestReadJSONRunsEqualsWhole checks that a large experts.json read a run
// of elements at a time decodes to what the whole file decodes to.
func TestReadJSONRunsEqualsWhole(t *testing.T) {
	name := bigExperts(t, 200, nil)
	var runs, whole []expertSheets
	ok, err := readJSONRuns(name, &runs, testRun)
	if !ok || err != nil {
		t.Fatalf("read in runs: %v, %v; want the runs path taken", ok, err)
	}
	if err := wholeRead(t, name, &whole); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 200 || !reflect.DeepEqual(runs, whole) {
		t.Fatalf("%d sheets in runs, %d whole, or they differ", len(runs), len(whole))
	}
}

// TestReadJSONRunsSameErrors checks that a problem anywhere in a large
// file (an unknown member near the end, a malformed element, a trailing
// comma, text after the array) is reported exactly as the whole-file read
// reports it, with its line, column and path.
func TestReadJSONRunsSameErrors(t *testing.T) {
	for what, edit := range map[string]func([]byte) []byte{
		"unknown member near the end": func(d []byte) []byte {
			at := bytes.LastIndex(d, []byte(`"round":1`))
			return append(d[:at:at], append([]byte(`"rounds":1`), d[at+len(`"round":1`):]...)...)
		},
		"malformed element": func(d []byte) []byte {
			at := bytes.Index(d, []byte(`XM-000150`))
			return append(d[:at:at], append([]byte(`XM-000150",}`), d[at:]...)...)
		},
		"trailing comma": func(d []byte) []byte {
			return append(bytes.TrimRight(d, "]\n"), []byte(",\n]\n")...)
		},
		"text after the array": func(d []byte) []byte { return append(d, "[]"...) },
	} {
		name := bigExperts(t, 200, edit)
		var got, want []expertSheets
		gotErr := readJSONFallback(t, name, &got)
		wantErr := wholeRead(t, name, &want)
		if gotErr == nil || wantErr == nil || gotErr.Error() != wantErr.Error() {
			t.Errorf("%s: error %v, want %v", what, gotErr, wantErr)
		}
	}
}

// TestReadJSONRunsRepeatedKey checks that a goals.json key given twice,
// in runs apart, is reported as the whole-file read reports it rather
// than the later tree silently replacing the first.
func TestReadJSONRunsRepeatedKey(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("{\n")
	tree := `{"framework":"self","total":"0","indicators":[{"level1":"output","level2":"quantity","name":"项目完成任务数","target":{"op":"ge","value":"10","unit":"项","text":"≥10项"},"weight":"100"}]}`
	n := 2*testRun/len(tree) + 20
	for i := range n {
		fmt.Fprintf(&b, "%q: %s,\n", fmt.Sprintf("XM-%06d", i), tree)
	}
	fmt.Fprintf(&b, "%q: %s\n}\n", "XM-000000", tree) // the first key again, last
	name := filepath.Join(t.TempDir(), "goals.json")
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var got, want map[string]*goals.Tree
	gotErr := readJSONFallback(t, name, &got)
	wantErr := wholeRead(t, name, &want)
	if gotErr == nil || wantErr == nil || gotErr.Error() != wantErr.Error() {
		t.Fatalf("error %v, want %v", gotErr, wantErr)
	}
	// Without the repeat, the runs give every tree, as the whole file does.
	fixed := bytes.Replace(b.Bytes(), []byte(`"XM-000000": `+tree+"\n}"), []byte(`"XM-999999": `+tree+"\n}"), 1)
	if err := os.WriteFile(name, fixed, 0o644); err != nil {
		t.Fatal(err)
	}
	got, want = nil, nil
	if ok, err := readJSONRuns(name, &got, testRun); !ok || err != nil {
		t.Fatalf("read in runs: %v, %v", ok, err)
	}
	if err := wholeRead(t, name, &want); err != nil {
		t.Fatal(err)
	}
	if len(got) != n+1 || !reflect.DeepEqual(got, want) {
		t.Fatalf("%d trees in runs, %d whole, or they differ", len(got), len(want))
	}
}

// TestReadJSONRunsLineCuts checks the cuts at lines: experts.json as the
// generator writes it (a submission a line) and as json.MarshalIndent
// writes it (members indented deeper than submissions) is cut at lines;
// a file whose lines inside a submission begin as the submissions' do (an
// expert a line, unindented), where the guessed cuts fall inside
// submissions, is split again following its text; all three decode to
// what the whole file decodes to.
func TestReadJSONRunsLineCuts(t *testing.T) {
	perLine := bigExperts(t, 200, nil)
	innerLines := bigExperts(t, 200, func(d []byte) []byte {
		return bytes.ReplaceAll(d, []byte(`]},{"id"`), []byte("]},\n{\"id\""))
	})
	indented := bigExperts(t, 200, func(d []byte) []byte {
		var v any
		if err := json.Unmarshal(d, &v); err != nil {
			t.Fatal(err)
		}
		out, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return out
	})
	elem := reflect.TypeFor[[]expertSheets]()
	for name, file := range map[string]string{"a submission a line": perLine, "json.MarshalIndent": indented} {
		if _, _, ok, lines := decodeRuns(file, elem, testRun, true); !ok || lines == 0 {
			t.Errorf("%s: decoded %v, %d runs cut at lines; want cut at lines", name, ok, lines)
		}
	}
	if _, _, ok, lines := decodeRuns(innerLines, elem, testRun, true); ok || lines == 0 {
		t.Errorf("an expert a line: decoded %v, %d runs cut at lines; want a wrong cut refused", ok, lines)
	}
	for _, name := range []string{perLine, indented, innerLines} {
		var runs, whole []expertSheets
		if ok, err := readJSONRuns(name, &runs, testRun); !ok || err != nil {
			t.Fatalf("read in runs: %v, %v; want the runs path taken", ok, err)
		}
		if err := wholeRead(t, name, &whole); err != nil {
			t.Fatal(err)
		}
		if len(runs) != 200 || !reflect.DeepEqual(runs, whole) {
			t.Fatalf("%d sheets in runs, %d whole, or they differ", len(runs), len(whole))
		}
	}
}
