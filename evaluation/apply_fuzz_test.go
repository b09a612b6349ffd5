package evaluation_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// FuzzParseApplyPolicy feeds arbitrary bytes to the policy parser and
// compiler: they never panic, and a policy that parses either compiles or
// fails with the problems and rule errors they document.
func FuzzParseApplyPolicy(f *testing.F) {
	for _, name := range []string{"policy.json", "policy_score.json"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "expost", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"projects":{"id":"p","rules":[{"id":"a","when":"Grade == \"优\"","outputs":[{"name":"action","type":"string","expr":"\"cut\""},{"name":"amount","type":"money","expr":"Requested * 0.9"}]}]}}`))
	f.Add([]byte(`{"projects":null}`))
	f.Add([]byte(`{"carry_over_floor":"x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := evaluation.ParseApplyPolicy(data)
		if err != nil {
			return
		}
		_, err = evaluation.CompileApplyPolicy(p)
		if err == nil {
			return
		}
		var ps performance.Problems
		var re *rules.Error
		if !errors.As(err, &ps) && !errors.As(err, &re) {
			t.Fatalf("compile error of no documented kind: %v", err)
		}
	})
}

// FuzzParseAction checks that ParseAction accepts exactly the codes and
// Chinese names, and that every accepted action round-trips.
func FuzzParseAction(f *testing.F) {
	for _, s := range []string{"cut", "调减", "none", "取消", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := evaluation.ParseAction(s)
		if err != nil {
			return
		}
		b, err := evaluation.ParseAction(a.String())
		if err != nil || a != b {
			t.Fatalf("%q parsed to %v, which does not round-trip (%v, %v)", s, a, b, err)
		}
	})
}
