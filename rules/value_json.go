package rules

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/internal/decexpr"
	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/shopspring/decimal"
)

// UnmarshalJSON reads a value as MarshalJSON writes it:
// {"name":…,"type":…,"value":…}. Money and numbers are read exactly (with
// the exponent as written), dates as YYYY-MM-DD. A value of a type
// registered with WithType keeps its text: String and MarshalJSON give it
// back unchanged, and Any returns it as a string, since decoding knows no
// registered Go type.
func (v *Value) UnmarshalJSON(data []byte) error {
	var raw struct {
		Name  string          `json:"name"`
		Type  Type            `json:"type"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("rules: value: %w", err)
	}
	out := Value{Name: raw.Name, Type: raw.Type}
	fail := func(err error) error {
		return fmt.Errorf("rules: value %s of type %s: %w", raw.Name, raw.Type, err)
	}
	switch raw.Type {
	case TypeBool:
		var b bool
		if err := json.Unmarshal(raw.Value, &b); err != nil {
			return fail(err)
		}
		out.setNum(&valueMeta{typ: raw.Type, k: kBool}, decexpr.FromInt(b2i(b)))
	case TypeMoney, TypeNumber, TypeDate, TypeString, "":
		var s string
		if err := json.Unmarshal(raw.Value, &s); err != nil {
			return fail(err)
		}
		switch raw.Type {
		case TypeMoney, TypeNumber:
			d, err := decimal.NewFromString(s)
			if err != nil {
				return fail(err)
			}
			out.setNum(&valueMeta{typ: raw.Type, k: kNum}, decexpr.FromDecimal(d))
		case TypeDate:
			t, err := time.Parse(dateLayout, s)
			if err != nil {
				return fail(err)
			}
			out.setNum(&valueMeta{typ: raw.Type, k: kDate}, decexpr.FromInt(days(t)))
		case TypeString:
			out.setStr(&valueMeta{typ: raw.Type, k: kString}, s)
		default: // the zero Value
			if s != "" {
				return fail(fmt.Errorf("a value without a type"))
			}
		}
	default: // a registered type, kept as its text
		var s string
		if err := json.Unmarshal(raw.Value, &s); err != nil {
			return fail(err)
		}
		out.setStr(&valueMeta{typ: raw.Type, k: kString}, s)
	}
	*v = out
	return nil
}

// ParseReason reads a reason by its name (condition_false, …), ignoring
// surrounding spaces. An unknown name is an error listing the allowed ones.
func ParseReason(s string) (Reason, error) {
	t := strings.TrimSpace(s)
	for i, n := range reasonNames {
		if n == t {
			return Reason(i), nil
		}
	}
	return ReasonUnknown, fmt.Errorf("rules: unknown reason %q (want one of %s)", s, strings.Join(reasonNames[:], ", "))
}

// reasonSpellings is the names, read without an allocation.
var reasonSpellings = enum.MustSpellings(ParseReason, reasonNames[:]...)

// UnmarshalText decodes a reason's name.
func (r *Reason) UnmarshalText(b []byte) error { return reasonSpellings.Decode(r, b) }

// sentinels are the package's error sentinels, by which a decoded Error
// is matched again with errors.Is.
var sentinels = []error{ErrInvalid, ErrSyntax, ErrUnknownName, ErrType, ErrInexact, ErrUnsupported, ErrNondeterministic,
	ErrLimit, ErrMemoryBudget, ErrDivisionByZero, ErrMissingValue, ErrRuntime, ErrNotUnique, ErrNotInForce}

// decodedCause is the cause of an Error read from JSON: its message, and
// the sentinel the message begins with, if any.
type decodedCause struct {
	msg      string
	sentinel error
}

func (c *decodedCause) Error() string { return c.msg }
func (c *decodedCause) Unwrap() error { return c.sentinel }

// UnmarshalJSON reads an error as MarshalJSON writes it. The cause keeps
// its message, and wraps the sentinel that message begins with, so that
// errors.Is(err, ErrSyntax) holds for a decoded syntax error as for the
// original.
func (e *Error) UnmarshalJSON(data []byte) error {
	var raw struct {
		RuleID     string `json:"rule_id"`
		Field      string `json:"field"`
		Line       int    `json:"line"`
		Column     int    `json:"column"`
		Snippet    string `json:"snippet"`
		Suggestion string `json:"suggestion"`
		Message    string `json:"message"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("rules: error: %w", err)
	}
	*e = Error{RuleID: raw.RuleID, Field: raw.Field, Line: raw.Line, Column: raw.Column, Snippet: raw.Snippet, Suggestion: raw.Suggestion}
	if raw.Message != "" {
		c := &decodedCause{msg: "rules: " + raw.Message}
		for _, s := range sentinels {
			if strings.HasPrefix(c.msg, s.Error()) {
				c.sentinel = s
				break
			}
		}
		e.Err = c
	}
	return nil
}
