package rules

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/jixiao-go/jixiao/internal/decexpr"
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
		out.m = &valueMeta{typ: raw.Type, k: kBool}
		if b {
			out.n = decexpr.FromInt(1)
		}
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
			out.m, out.n = &valueMeta{typ: raw.Type, k: kNum}, decexpr.FromDecimal(d)
		case TypeDate:
			t, err := time.Parse(dateLayout, s)
			if err != nil {
				return fail(err)
			}
			out.m, out.n = &valueMeta{typ: raw.Type, k: kDate}, decexpr.FromInt(days(t))
		case TypeString:
			out.m, out.s = &valueMeta{typ: raw.Type, k: kString}, s
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
		out.m, out.s = &valueMeta{typ: raw.Type, k: kString}, s
	}
	*v = out
	return nil
}
