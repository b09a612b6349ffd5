package main

import (
	"reflect"
	"testing"

	"github.com/jixiao-go/jixiao/internal/schemagen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSchemaMirrors checks that the schemas of the command's own files,
// which internal/schemagen generates from mirrors of the command's types
// (package main cannot be imported), are what the command's types give: a
// field added here and not there fails this test.
func TestSchemaMirrors(t *testing.T) {
	own := map[string]reflect.Type{
		"check-portfolio":      reflect.TypeFor[portfolioFile](),
		"monitoring-portfolio": reflect.TypeFor[monitorFile](),
		"self-evaluations":     reflect.TypeFor[selfFile](),
		"apply-outcomes":       reflect.TypeFor[outcomesFile](),
		"experts":              reflect.TypeFor[[]expertSheets](),
		"audit":                reflect.TypeFor[statedFigures](),
	}
	found := 0
	for _, f := range schemagen.Files() {
		typ, ok := own[f.Name]
		if !ok {
			continue
		}
		found++
		want, err := schemagen.Build(f.Type)
		require.NoError(t, err)
		got, err := schemagen.Build(typ)
		require.NoError(t, err)
		assert.Equal(t, want, got, "%s: the schema of the command's %s differs from its mirror in internal/schemagen", f.Name, typ)
	}
	assert.Equal(t, len(own), found, "a schema of the command's files is missing from schemagen.Files")
}
