package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The demo runs on the repository's testdata, as "go run ./cmd/jixiao demo"
// does from the repository root, and exits 0 though it shows findings.
func TestDemo(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			code, out, errOut := runCmd(t, "demo", "--lang", lang, "--data", "../../testdata")
			assert.Equal(t, exitOK, code)
			assert.Empty(t, errOut)
			golden(t, "demo_"+lang, out)
			// The seed's figures, recomputed (worked by hand in audit_seed_test.go).
			assert.Contains(t, out, "19.13%")
			assert.Contains(t, out, "51.26%")
			assert.Contains(t, out, "66")
		})
	}
}

// Run twice, the demo prints byte-identical reports.
func TestDemoDeterministic(t *testing.T) {
	_, a, _ := runCmd(t, "demo", "--data", "../../testdata")
	_, b, _ := runCmd(t, "demo", "--data", "../../testdata")
	assert.Equal(t, a, b)
}
