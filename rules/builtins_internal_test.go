package rules

import (
	"slices"
	"strings"
	"testing"
)

// TestBuiltinTable checks the one table of built-ins: names in order and
// unique (lookupBuiltin and the "did you mean" list rely on it), each with
// a usage that starts with its own name, as error messages quote it.
func TestBuiltinTable(t *testing.T) {
	names := builtinList()
	if !slices.IsSorted(names) || len(slices.Compact(slices.Clone(names))) != len(names) {
		t.Fatalf("built-ins not sorted and unique: %v", names)
	}
	for _, b := range builtinTable() {
		if !strings.HasPrefix(b.doc, b.name+"(") || b.compile == nil {
			t.Errorf("%s: usage %q or compiler missing", b.name, b.doc)
		}
		if got, ok := lookupBuiltin(b.name); !ok || got.name != b.name {
			t.Errorf("lookupBuiltin(%s) = %v, %v", b.name, got.name, ok)
		}
	}
	if _, ok := lookupBuiltin("now"); ok {
		t.Error("now is not a built-in: the clock is not an input")
	}
}
