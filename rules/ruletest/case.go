package ruletest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/strictjson"
	"github.com/jixiao-go/jixiao/rules"
)

// ErrCases is wrapped by every error reading a case file.
var ErrCases = errors.New("ruletest: bad cases")

// A Case is one table case (测试用例): an environment, the date it is
// evaluated on, and what is expected of the rule set.
type Case[E any] struct {
	// Name identifies the case; it names the subtest.
	Name string `json:"name"`
	// AsOf is the evaluation date as "YYYY-MM-DD", compared with the
	// rules' effective periods; empty checks none.
	AsOf string `json:"as_of,omitempty"`
	// Env is the environment the rules see.
	Env E `json:"env"`
	// Fired lists the ids of the rules expected to fire, in evaluation
	// order. Nil does not check firing; an empty list expects none to fire.
	Fired []string `json:"fired"`
	// NotFired lists rules that must not fire, whatever else fires.
	NotFired []string `json:"not_fired,omitempty"`
	// Outputs are the expected outputs of fired rules: rule id → output
	// name → value as text. Money and numbers compare by value, other types
	// by their text (rules.Value.String). A rule listed here must fire.
	Outputs map[string]map[string]string `json:"outputs,omitempty"`
	// Error, when set, is a text the evaluation error must contain (such as
	// "more than one rule fired"); empty expects no error.
	Error string `json:"error,omitempty"`
}

type caseFile[E any] struct {
	Description string    `json:"description,omitempty"`
	Cases       []Case[E] `json:"cases"`
}

// ReadCases decodes a case file: {"description": "…", "cases": [...]}.
// Decoding is strict, with the library's one set of checks
// (internal/strictjson, as for rule sets) — unknown members, in the cases
// or in an environment, repeated members and values of the wrong kind are
// errors naming their paths — so that a misspelt field never silently
// tests a zero value.
// Every case needs a unique name and, when set, a valid as_of date; all
// problems are reported at once, wrapping ErrCases.
func ReadCases[E any](r io.Reader) ([]Case[E], error) {
	dec := json.NewDecoder(r)
	var doc json.RawMessage
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCases, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data after the cases", ErrCases)
	}
	// The library's strict checks (internal/strictjson, as for rule sets):
	// unknown and repeated members and values of the wrong kind, each with
	// its path, all at once.
	problems, _ := strictjson.Check(strictjson.TrimBOM(doc), reflect.TypeFor[caseFile[E]](), strictjson.CheckOptions{})
	if len(problems) > 0 {
		errs := make([]error, len(problems))
		for i, q := range problems {
			var msg string
			switch q.Kind {
			case strictjson.UnknownField:
				msg = fmt.Sprintf("unknown field %q", q.Key)
			case strictjson.DuplicateField:
				msg = fmt.Sprintf("duplicate field %q", q.Key)
			default:
				msg = "want " + q.Want
			}
			errs[i] = fmt.Errorf("%w: %s: %s", ErrCases, q.Path, msg)
		}
		return nil, errors.Join(errs...)
	}
	var f caseFile[E]
	if err := json.Unmarshal(doc, &f); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCases, err)
	}
	var errs []error
	seen := map[string]bool{}
	for i, c := range f.Cases {
		switch {
		case c.Name == "":
			errs = append(errs, fmt.Errorf("%w: cases[%d].name: empty", ErrCases, i))
		case seen[c.Name]:
			errs = append(errs, fmt.Errorf("%w: cases[%d].name: duplicate %q", ErrCases, i, c.Name))
		}
		seen[c.Name] = true
		if c.AsOf != "" {
			if _, err := time.Parse(time.DateOnly, c.AsOf); err != nil {
				errs = append(errs, fmt.Errorf("%w: cases[%d].as_of: %q is not YYYY-MM-DD", ErrCases, i, c.AsOf))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return f.Cases, nil
}

// LoadCases reads a case file from disk; see ReadCases. Errors name the file.
func LoadCases[E any](path string) ([]Case[E], error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ruletest: %w", err)
	}
	cs, err := ReadCases[E](bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cs, nil
}

// An Outcome is one case evaluated and compared with its expectations.
type Outcome struct {
	Case string
	// Result is what the rule set gave, with explanations.
	Result rules.Result
	// Err is the evaluation error, if any.
	Err error
	// Mismatches lists every expectation that did not hold, one line each;
	// empty when the case passed.
	Mismatches []string
}

// Failed reports whether any expectation did not hold.
func (o *Outcome) Failed() bool { return len(o.Mismatches) > 0 }

// Check evaluates one case with explanations on and compares the result
// with every expectation of the case. It never stops at the first mismatch.
func Check[E any](p *rules.Program[E], c Case[E]) *Outcome {
	o := &Outcome{Case: c.Name}
	var asOf time.Time
	if c.AsOf != "" {
		t, err := time.Parse(time.DateOnly, c.AsOf)
		if err != nil {
			o.Mismatches = append(o.Mismatches, fmt.Sprintf("as_of %q is not YYYY-MM-DD", c.AsOf))
			return o
		}
		asOf = t
	}
	env := c.Env
	o.Result, o.Err = p.Eval(&env, rules.EvalOptions{AsOf: asOf, Explain: true})
	switch {
	case c.Error == "" && o.Err != nil:
		o.Mismatches = append(o.Mismatches, fmt.Sprintf("error: got %v, want none", o.Err))
	case c.Error != "" && o.Err == nil:
		o.Mismatches = append(o.Mismatches, fmt.Sprintf("error: got none, want one containing %q", c.Error))
	case c.Error != "" && !strings.Contains(o.Err.Error(), c.Error):
		o.Mismatches = append(o.Mismatches, fmt.Sprintf("error: got %v, want one containing %q", o.Err, c.Error))
	}
	for _, e := range o.Result.Errors {
		if c.Error == "" || !strings.Contains(e.Error(), c.Error) {
			o.Mismatches = append(o.Mismatches, fmt.Sprintf("rule %s failed: %v", e.RuleID, e))
		}
	}
	fired := make([]string, len(o.Result.Fired))
	for i, f := range o.Result.Fired {
		fired[i] = f.RuleID
	}
	if c.Fired != nil && !slices.Equal(fired, c.Fired) {
		o.Mismatches = append(o.Mismatches, fmt.Sprintf("fired: got %s, want %s", list(fired), list(c.Fired)))
	}
	for _, id := range c.NotFired {
		if slices.Contains(fired, id) {
			o.Mismatches = append(o.Mismatches, fmt.Sprintf("fired: %s fired, want it not to", id))
		}
	}
	ids := make([]string, 0, len(c.Outputs))
	for id := range c.Outputs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		i := slices.Index(fired, id)
		if i < 0 {
			o.Mismatches = append(o.Mismatches, fmt.Sprintf("outputs of %s: the rule did not fire", id))
			continue
		}
		f := o.Result.Fired[i]
		names := make([]string, 0, len(c.Outputs[id]))
		for n := range c.Outputs[id] {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			want := c.Outputs[id][n]
			v, ok := f.Output(n)
			if !ok {
				o.Mismatches = append(o.Mismatches, fmt.Sprintf("%s.%s: no such output, want %s", id, n, want))
				continue
			}
			if !sameValue(v, want) {
				o.Mismatches = append(o.Mismatches, fmt.Sprintf("%s.%s: got %s, want %s", id, n, v.String(), want))
			}
		}
	}
	return o
}

// sameValue compares an output with its expected text: numbers by value,
// everything else by text.
func sameValue(v rules.Value, want string) bool {
	if v.Type == rules.TypeMoney || v.Type == rules.TypeNumber {
		w, err := decimal.NewFromString(want)
		return err == nil && v.Decimal().Equal(w)
	}
	return v.String() == want
}

func list(ids []string) string {
	if len(ids) == 0 {
		return "[]"
	}
	return "[" + strings.Join(ids, " ") + "]"
}

// Report renders the outcome for a test failure: the mismatches, then every
// evaluated rule's explanation in lang — what fired and why, what did not
// and why not.
func (o *Outcome) Report(lang rules.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "case %q:\n", o.Case)
	for _, m := range o.Mismatches {
		fmt.Fprintf(&b, "  ✗ %s\n", m)
	}
	b.WriteString(Explain(o.Result, lang))
	return b.String()
}

// Explain renders a result as one line per rule in evaluation order of the
// fired rules, then the skipped ones: fired rules with their explanation
// (or their outputs when the result has none), skipped rules with the reason
// and, if their condition was evaluated, its explanation.
func Explain(r rules.Result, lang rules.Lang) string {
	var b strings.Builder
	for _, f := range r.Fired {
		if f.Explanation != nil {
			fmt.Fprintf(&b, "  fired   %s\n", f.Explanation.Text(lang))
			continue
		}
		outs := make([]string, len(f.Outputs))
		for i, v := range f.Outputs {
			outs[i] = v.Name + " = " + v.String()
		}
		fmt.Fprintf(&b, "  fired   rule %s: %s\n", f.RuleID, strings.Join(outs, ", "))
	}
	for _, s := range r.Skipped {
		switch {
		case s.Explanation != nil:
			fmt.Fprintf(&b, "  skipped %s\n", s.Explanation.Text(lang))
		case s.Err != nil:
			fmt.Fprintf(&b, "  skipped rule %s: %s: %v\n", s.RuleID, s.Reason, s.Err)
		default:
			fmt.Fprintf(&b, "  skipped rule %s: %s\n", s.RuleID, s.Reason)
		}
	}
	return b.String()
}
