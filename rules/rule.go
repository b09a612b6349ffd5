package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Type is the declared type of a rule output (输出类型): one of the built-in
// types below or a name registered with [WithType] (such as "grade").
type Type string

// Built-in output types.
const (
	// TypeMoney is an exact amount in yuan (金额), a decimal.Decimal.
	TypeMoney Type = "money"
	// TypeNumber is an exact number (数值) such as a score or a ratio.
	TypeNumber Type = "number"
	// TypeString is text (文本).
	TypeString Type = "string"
	// TypeBool is true or false (是/否).
	TypeBool Type = "bool"
	// TypeDate is a calendar date (日期), without time of day.
	TypeDate Type = "date"
)

// Output is one named result of a rule (规则输出), such as "reduce" (调减额) or
// "grade" (等级), computed by Expr when the rule fires.
type Output struct {
	Name string `json:"name"`
	Type Type   `json:"type"`
	Expr string `json:"expr"`
}

// Rule is one policy rule (规则) written by finance staff: when the When
// condition holds for an environment, the rule fires and its outputs are
// computed.
type Rule struct {
	ID          string   `json:"id"`
	Name        string   `json:"name,omitempty"`
	Description string   `json:"description,omitempty"`
	When        string   `json:"when"`
	Outputs     []Output `json:"outputs,omitempty"`
	// Priority orders rules: higher first; ties keep file order, then id.
	Priority int `json:"priority,omitempty"`
	// Group names a set of alternatives: at most one rule of a group fires,
	// the first in order. Empty means no group.
	Group string   `json:"group,omitempty"`
	Tags  []string `json:"tags,omitempty"`
	// EffectiveFrom and EffectiveTo bound the period in force (生效期间),
	// as "YYYY-MM-DD", both inclusive; empty means open.
	EffectiveFrom string `json:"effective_from,omitempty"`
	EffectiveTo   string `json:"effective_to,omitempty"`
	// Enabled switches the rule off when false; nil means enabled.
	Enabled *bool `json:"enabled,omitempty"`
}

// IsEnabled reports whether the rule is enabled (Enabled nil or true).
func (r *Rule) IsEnabled() bool { return r.Enabled == nil || *r.Enabled }

// HitPolicy says how many rules of a set may fire (命中策略).
type HitPolicy string

// Hit policies.
const (
	// HitCollect (the zero value "" means the same) fires every rule whose
	// condition holds, in order.
	HitCollect HitPolicy = "collect"
	// HitFirst stops at the first rule that fires.
	HitFirst HitPolicy = "first"
	// HitUnique allows at most one rule to fire; more is an error.
	HitUnique HitPolicy = "unique"
)

func (h HitPolicy) normal() HitPolicy {
	if h == "" {
		return HitCollect
	}
	return h
}

// Set is a versioned rule set (规则集).
type Set struct {
	ID          string    `json:"id"`
	Version     string    `json:"version,omitempty"`
	Description string    `json:"description,omitempty"`
	HitPolicy   HitPolicy `json:"hit_policy,omitempty"`
	Rules       []Rule    `json:"rules"`
}

// Hash returns the hex sha256 of the set's canonical encoding: compact JSON
// with fields in declaration order, the zero hit policy written as
// "collect", nil Enabled as true and empty lists as []. Two sets with the same
// hash evaluate identically given the same options and environment.
func (s *Set) Hash() string {
	type canonRule struct {
		ID            string   `json:"id"`
		Name          string   `json:"name"`
		Description   string   `json:"description"`
		When          string   `json:"when"`
		Outputs       []Output `json:"outputs"`
		Priority      int      `json:"priority"`
		Group         string   `json:"group"`
		Tags          []string `json:"tags"`
		EffectiveFrom string   `json:"effective_from"`
		EffectiveTo   string   `json:"effective_to"`
		Enabled       bool     `json:"enabled"`
	}
	c := struct {
		ID          string      `json:"id"`
		Version     string      `json:"version"`
		Description string      `json:"description"`
		HitPolicy   HitPolicy   `json:"hit_policy"`
		Rules       []canonRule `json:"rules"`
	}{s.ID, s.Version, s.Description, s.HitPolicy.normal(), make([]canonRule, len(s.Rules))}
	for i, r := range s.Rules {
		c.Rules[i] = canonRule{r.ID, r.Name, r.Description, r.When, r.Outputs, r.Priority,
			r.Group, r.Tags, r.EffectiveFrom, r.EffectiveTo, r.IsEnabled()}
		if c.Rules[i].Outputs == nil {
			c.Rules[i].Outputs = []Output{}
		}
		if c.Rules[i].Tags == nil {
			c.Rules[i].Tags = []string{}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(c) // cannot fail: only strings, ints and bools
	sum := sha256.Sum256(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return hex.EncodeToString(sum[:])
}

// Validate checks the set's structure (not its expressions, which Compile
// checks): ids present and unique, output names present and unique, known
// hit policy, dates in "YYYY-MM-DD" with from ≤ to. It returns every problem
// at once, joined with errors.Join, each an *Error wrapping ErrInvalid.
func (s *Set) Validate() error {
	var errs []error
	bad := func(rule, field, format string, args ...any) {
		errs = append(errs, &Error{RuleID: rule, Field: field,
			Err: fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)})
	}
	if strings.TrimSpace(s.ID) == "" {
		bad("", "id", "rule set id is empty")
	}
	switch s.HitPolicy.normal() {
	case HitCollect, HitFirst, HitUnique:
	default:
		bad("", "hit_policy", "unknown hit policy %q (want collect, first or unique)", s.HitPolicy)
	}
	seen := make(map[string]int, len(s.Rules))
	for i, r := range s.Rules {
		path := fmt.Sprintf("rules[%d]", i)
		if strings.TrimSpace(r.ID) == "" {
			bad("", path+".id", "rule id is empty")
		} else if j, dup := seen[r.ID]; dup {
			bad(r.ID, path+".id", "duplicate rule id %q (also rules[%d])", r.ID, j)
		} else {
			seen[r.ID] = i
		}
		if strings.TrimSpace(r.When) == "" {
			bad(r.ID, path+".when", "condition is empty (write true for always)")
		}
		names := make(map[string]bool, len(r.Outputs))
		for k, o := range r.Outputs {
			op := fmt.Sprintf("%s.outputs[%d]", path, k)
			if !isIdent(o.Name) {
				bad(r.ID, op+".name", "output name %q is not an identifier", o.Name)
			} else if names[o.Name] {
				bad(r.ID, op+".name", "duplicate output name %q", o.Name)
			}
			names[o.Name] = true
			if o.Type == "" {
				bad(r.ID, op+".type", "output %q has no type", o.Name)
			}
			if strings.TrimSpace(o.Expr) == "" {
				bad(r.ID, op+".expr", "output %q has an empty expression", o.Name)
			}
		}
		var from, to time.Time
		var err error
		if r.EffectiveFrom != "" {
			if from, err = parseDate(r.EffectiveFrom); err != nil {
				bad(r.ID, path+".effective_from", "%v", err)
			}
		}
		if r.EffectiveTo != "" {
			if to, err = parseDate(r.EffectiveTo); err != nil {
				bad(r.ID, path+".effective_to", "%v", err)
			}
		}
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			bad(r.ID, path+".effective_to", "effective_to %s is before effective_from %s", r.EffectiveTo, r.EffectiveFrom)
		}
	}
	return errors.Join(errs...)
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

const dateLayout = "2006-01-02"

func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return t, nil
}

// ParseSet decodes a rule set from JSON strictly: unknown fields, wrong
// types and trailing data are errors naming their path (rules[2].outputs[0].typ),
// and the decoded set is validated with [Set.Validate]. All problems are
// returned at once, each an *Error wrapping ErrInvalid.
func ParseSet(data []byte) (*Set, error) {
	var s Set
	if err := decodeJSON(data, &s); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// decodeJSON decodes data into v strictly: every unknown field and every
// value of the wrong JSON type is reported with its path, all at once, as
// *Error values wrapping ErrInvalid.
func decodeJSON(data []byte, v any) error {
	var errs []error
	fail := func(path string, err error) {
		errs = append(errs, &Error{Field: path, Err: fmt.Errorf("%w: %v", ErrInvalid, err)})
	}
	var top json.RawMessage
	if err := decodeStrict(data, &top); err != nil {
		fail("", err)
		return errors.Join(errs...)
	}
	checkJSON(top, reflect.TypeOf(v).Elem(), "", fail)
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := json.Unmarshal(data, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			fail(te.Field, fmt.Errorf("want a JSON %s, got %s", te.Type, te.Value))
		} else {
			fail("", err)
		}
		return errors.Join(errs...)
	}
	return nil
}

// checkJSON walks raw against Go type t (structs by their json tags, slices
// element by element) and reports unknown fields and wrong shapes by path.
func checkJSON(raw json.RawMessage, t reflect.Type, path string, fail func(string, error)) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if string(bytes.TrimSpace(raw)) == "null" {
		return
	}
	at := func(name string) string {
		if path == "" {
			return name
		}
		return path + "." + name
	}
	switch t.Kind() {
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			return
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			fail(path, fmt.Errorf("want an object"))
			return
		}
		fields := map[string]reflect.Type{}
		var names []string
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fields[name] = f.Type
			names = append(names, name)
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			ft, ok := fields[k]
			if !ok {
				msg := fmt.Errorf("unknown field %q", k)
				if s := suggest(k, names); s != "" {
					msg = fmt.Errorf("unknown field %q (did you mean %q?)", k, s)
				}
				fail(at(k), msg)
				continue
			}
			checkJSON(m[k], ft, at(k), fail)
		}
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64:
		want, ok := "", false
		c := bytes.TrimSpace(raw)
		switch t.Kind() {
		case reflect.String:
			want, ok = "string", len(c) > 0 && c[0] == '"'
		case reflect.Bool:
			want, ok = "true or false", string(c) == "true" || string(c) == "false"
		default:
			want, ok = "number", len(c) > 0 && (c[0] == '-' || c[0] >= '0' && c[0] <= '9')
		}
		if !ok {
			fail(path, fmt.Errorf("want a %s, got %s", want, c))
		}
	case reflect.Slice:
		var elems []json.RawMessage
		if err := json.Unmarshal(raw, &elems); err != nil {
			fail(path, fmt.Errorf("want an array"))
			return
		}
		for i, e := range elems {
			checkJSON(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i), fail)
		}
	}
}

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("invalid JSON: %v", err)
	}
	if dec.More() {
		return fmt.Errorf("invalid JSON: trailing data after the value")
	}
	return nil
}
