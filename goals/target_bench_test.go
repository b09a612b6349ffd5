package goals

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/jixiao-go/jixiao/performance"
)

// BenchmarkDecodeGoals decodes a goals file of 2,000 twenty-indicator trees
// (the command's --goals: a map from project id to tree) with
// performance.DecodeJSON, as `jixiao assess` reads it: 40,000 targets in
// their object form.
func BenchmarkDecodeGoals(b *testing.B) {
	trees := make(map[string]*Tree, 2000)
	for i := range 2000 {
		tree, _ := benchTree(int64(i))
		trees[fmt.Sprintf("XM2021-%06d", i)] = tree
	}
	doc, err := json.Marshal(trees)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		var got map[string]*Tree
		if err := performance.DecodeJSON(doc, &got); err != nil {
			b.Fatal(err)
		}
		if len(got) != len(trees) {
			b.Fatalf("decoded %d trees, want %d", len(got), len(trees))
		}
	}
}
