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

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/internal/strictjson"
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
	// Source cites where the rule's numbers come from (依据): the national
	// document and article, the city whose practice it is, or
	// "illustrative" for a rule invented for a sample. It documents the
	// rule and is not part of [Set.Hash] or any policy hash: adding or
	// rewording a source changes no result and no recorded hash.
	Source string `json:"source,omitempty"`
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

var hitPolicyTable = enum.Table[HitPolicy]{
	{V: "", Code: ""},
	{V: HitCollect, Code: "collect", Zh: "全部命中"},
	{V: HitFirst, Code: "first", Zh: "首条命中"},
	{V: HitUnique, Code: "unique", Zh: "唯一命中"},
}

// ParseHitPolicy reads a hit policy by its code (collect, first, unique, in
// any case) or its Chinese name (全部命中, 首条命中, 唯一命中), normalised to
// the code. Surrounding spaces are ignored; the empty string is the empty
// HitPolicy, which means collect. Anything else is an error wrapping
// [ErrInvalid] that names the allowed values.
func ParseHitPolicy(s string) (HitPolicy, error) {
	if h, ok := hitPolicyTable.Parse(s); ok {
		return h, nil
	}
	return "", fmt.Errorf("%w: unknown hit policy %q (%s)", ErrInvalid, s, hitPolicyTable.Want())
}

// MarshalText encodes the hit policy as its code ("" stays "").
func (h HitPolicy) MarshalText() ([]byte, error) { return []byte(h), nil }

// UnmarshalText decodes any form [ParseHitPolicy] accepts.
func (h *HitPolicy) UnmarshalText(b []byte) error {
	return enum.DecodeTable(h, hitPolicyTable, false, ParseHitPolicy, b)
}

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
	// Sources cites the documents the set as a whole follows (依据), such
	// as "财预〔2020〕10号" or "Beijing practice"; each rule's own Source
	// says which one a number comes from. Like [Rule.Source] it documents
	// the set and is not part of [Set.Hash] or any policy hash.
	Sources []string `json:"sources,omitempty"`
}

// Hash returns the hex sha256 of the set's canonical encoding: compact JSON
// with fields in declaration order, the zero hit policy written as
// "collect", nil Enabled as true and empty lists as []. Two sets with the same
// hash evaluate identically given the same options and environment. The
// sources ([Set.Sources], [Rule.Source]) are left out: they document the
// numbers and decide nothing.
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

// ParseSet decodes a rule set from JSON strictly: unknown fields, fields
// given twice in one object (a rule with two "when"), wrong types and
// trailing data are errors naming their path (rules[2].outputs[0].typ), and
// the decoded set is validated with [Set.Validate]. Malformed JSON is an
// error with Line and Column. A leading UTF-8 byte order mark is skipped.
// All problems are returned at once, each an *Error wrapping ErrInvalid.
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

// decodeJSON decodes data into v strictly, with the checks every JSON
// input of the library gets (internal/strictjson: members matched as
// encoding/json matches them, exact else but for case): every unknown
// field, every field given twice in one object and every value of the
// wrong JSON type is reported with its path, all at once, as *Error values
// wrapping ErrInvalid, in path order (members by name, elements by index).
// Malformed JSON is one *Error with the Line and Column of the offending
// character. A leading UTF-8 byte order mark is skipped.
func decodeJSON(data []byte, v any) error {
	data = strictjson.TrimBOM(data)
	if se := strictjson.Syntax(data); se != nil {
		return &Error{Line: se.Line, Column: se.Column, Err: fmt.Errorf("%w: invalid JSON: %v", ErrInvalid, se.Err)}
	}
	problems, _ := strictjson.Check(data, reflect.TypeOf(v).Elem(), strictjson.CheckOptions{})
	if len(problems) > 0 {
		slices.SortStableFunc(problems, func(a, b strictjson.Problem) int { return a.Path.Compare(b.Path) })
		out := make([]error, len(problems))
		for i, q := range problems {
			var msg string
			switch q.Kind {
			case strictjson.UnknownField:
				msg = fmt.Sprintf("unknown field %q", q.Key)
				if s := suggest(q.Key, q.Fields); s != "" {
					msg = fmt.Sprintf("unknown field %q (did you mean %q?)", q.Key, s)
				}
			case strictjson.DuplicateField:
				msg = fmt.Sprintf("duplicate field %q", q.Key)
			case strictjson.WrongKind:
				msg = "want " + q.Want
				if q.Want != "an object" && q.Want != "an array" {
					msg += fmt.Sprintf(", got %s", q.Raw)
				}
			}
			out[i] = &Error{Field: q.Path.String(), Err: fmt.Errorf("%w: %s", ErrInvalid, msg)}
		}
		return errors.Join(out...)
	}
	if err := json.Unmarshal(data, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return &Error{Field: te.Field, Err: fmt.Errorf("%w: want a JSON %s, got %s", ErrInvalid, te.Type, te.Value)}
		}
		return &Error{Err: fmt.Errorf("%w: %v", ErrInvalid, err)}
	}
	return nil
}
