package ruletest_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/jixiao-go/jixiao/rules/ruletest"
)

// FuzzReadCases: any input either decodes into uniquely named cases or fails
// with ErrCases; it never panics.
func FuzzReadCases(f *testing.F) {
	f.Add(`{"cases":[{"name":"a","env":{"Amount":"1","Grade":"中"},"fired":["x"]}]}`)
	f.Add(`{"cases":[{"name":"a"},{"name":"a"}]}`)
	f.Add(`{"cases":[{"name":"a","as_of":"2024-02-30","outputs":{"r":{"o":"1"}}}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := ruletest.ReadCases[grantEnv](strings.NewReader(s))
		if err != nil {
			if !errors.Is(err, ruletest.ErrCases) {
				t.Fatalf("error %v does not wrap ErrCases", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, c := range cs {
			if c.Name == "" || seen[c.Name] {
				t.Fatalf("accepted empty or duplicate name %q", c.Name)
			}
			seen[c.Name] = true
		}
	})
}
