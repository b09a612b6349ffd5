package ruletest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jixiao-go/jixiao/rules"
)

// RunOptions configure Run. The zero value explains in Chinese (the zero Lang) and writes no
// golden file.
type RunOptions struct {
	// Lang is the language of failure explanations and of the golden
	// transcript.
	Lang rules.Lang
	// Golden, when set, is a file (usually under testdata) holding the
	// transcript of every case: its fired rules and explanations. Run
	// compares the transcript with it, or rewrites it when Update is true.
	Golden string
	// Update rewrites the golden file instead of comparing.
	Update bool
	// Compile are the options the rule set is compiled with, such as
	// rules.WithType for a host type.
	Compile []rules.Option
}

// Run compiles s against E and runs every case as a subtest of t named after
// the case. A failing case prints its mismatches and the explanation of
// every rule. Run returns the coverage of s over the cases; check it with
// RequireCoverage. A set that does not compile fails t at once.
func Run[E any](t *testing.T, s *rules.Set, cases []Case[E], o RunOptions) *Coverage {
	t.Helper()
	p, err := rules.Compile[E](s, o.Compile...)
	if err != nil {
		t.Fatalf("ruletest: rule set %s does not compile:\n%v", s.ID, err)
		return nil
	}
	return RunProgram(t, s, p, cases, o)
}

// RunProgram is Run with a program compiled by the caller; s must be the set
// p was compiled from (it lists the rules coverage counts).
func RunProgram[E any](t *testing.T, s *rules.Set, p *rules.Program[E], cases []Case[E], o RunOptions) *Coverage {
	t.Helper()
	cov := NewCoverage(s)
	var transcript bytes.Buffer
	for _, c := range cases {
		out := Check(p, c)
		cov.Add(out.Result)
		if o.Golden != "" {
			fmt.Fprintf(&transcript, "case %q:\n%s", c.Name, Explain(out.Result, o.Lang))
			if out.Err != nil {
				fmt.Fprintf(&transcript, "  error %v\n", out.Err)
			}
		}
		t.Run(c.Name, func(t *testing.T) {
			if out.Failed() {
				t.Error(out.Report(o.Lang))
			}
		})
	}
	if o.Golden != "" {
		Golden(t, o.Golden, transcript.Bytes(), o.Update)
	}
	return cov
}

// Golden compares got with the file at path; with update it writes got to
// the file instead (creating its directory). A difference fails t, showing
// the first differing line.
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("ruletest: %v", err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("ruletest: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Fatalf("ruletest: golden file %s is missing; run go test -update", path)
		return
	}
	if err != nil {
		t.Fatalf("ruletest: %v", err)
		return
	}
	if !bytes.Equal(got, want) {
		line, g, w := firstDiff(got, want)
		t.Errorf("ruletest: output differs from %s at line %d:\n got: %s\nwant: %s\n(run go test -update to accept)", path, line, g, w)
	}
}

func firstDiff(got, want []byte) (int, string, string) {
	gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; ; i++ {
		var g, w []byte
		gok, wok := i < len(gl), i < len(wl)
		if gok {
			g = gl[i]
		}
		if wok {
			w = wl[i]
		}
		if !gok && !wok {
			return i + 1, "", ""
		}
		if gok != wok || !bytes.Equal(g, w) {
			return i + 1, string(g), string(w)
		}
	}
}

// Filter returns a copy of s keeping the rules for which keep is true, such
// as the line rules of a stage that compiles its tagged rules against
// another environment. The copy keeps s's id, version and hit policy; its
// Hash differs from s's when rules were dropped.
func Filter(s *rules.Set, keep func(r *rules.Rule) bool) *rules.Set {
	out := *s
	out.Rules = nil
	for i := range s.Rules {
		if keep(&s.Rules[i]) {
			out.Rules = append(out.Rules, s.Rules[i])
		}
	}
	return &out
}

// Tagged reports whether r carries tag; use it with Filter.
func Tagged(r *rules.Rule, tag string) bool { return slices.Contains(r.Tags, tag) }
