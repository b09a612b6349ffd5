package performance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/strictjson"
)

// HostValues are a host service's own data about one project (宿主字段值),
// by field name: a prior grade, a strategic priority, whether a contract is
// signed. The host declares each field's type once, in the policy (as a
// rules.Field), and every stage's rules read the values by name, checked
// against the declaration when the policy compiles.
//
// Values are decimal.Decimal (money and numbers; an int is accepted too),
// string (text, dates as YYYY-MM-DD, and registered types such as grades by
// their label, 差), bool, or time.Time. In JSON HostValues is an object of
// scalars: numbers are read exactly as decimal.Decimal and written as
// exact JSON numbers, so a value survives any number of round trips.
//
// The environments of the stages carry HostValues in a field tagged
// `rules:"host"`; the rules engine reads it without knowing this type.
type HostValues map[string]any

// ErrHostValue is wrapped by the errors of HostValues' JSON encoding and
// decoding.
var ErrHostValue = errors.New("performance: bad host value")

// MarshalJSON writes the values as a JSON object with sorted keys.
func (h HostValues) MarshalJSON() ([]byte, error) {
	if h == nil {
		return []byte("null"), nil
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range slices.Sorted(maps.Keys(h)) {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(k)
		b.Write(key)
		b.WriteByte(':')
		var v []byte
		var err error
		switch x := h[k].(type) {
		case decimal.Decimal:
			v = []byte(exactString(x))
		case int:
			v = []byte(decimal.NewFromInt(int64(x)).String())
		case int64:
			v = []byte(decimal.NewFromInt(x).String())
		case string, bool:
			v, err = json.Marshal(x)
		case time.Time:
			v, err = json.Marshal(x.Format(time.DateOnly))
		case fmt.Stringer:
			v, err = json.Marshal(x.String())
		default:
			return nil, fmt.Errorf("%w: %s: a %T cannot be written as JSON", ErrHostValue, k, x)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrHostValue, k, err)
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads an object of scalars: numbers as exact decimals,
// strings and bools as they are. null, objects and arrays are errors naming
// the key.
func (h *HostValues) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		*h = nil
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("%w: %w", ErrHostValue, err)
	}
	out := make(HostValues, len(raw))
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		v := bytes.TrimSpace(raw[k])
		switch {
		case len(v) == 0 || string(v) == "null":
			errs = append(errs, fmt.Errorf("%w: %s: null (leave the field out for no value)", ErrHostValue, k))
		case v[0] == '"':
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				errs = append(errs, fmt.Errorf("%w: %s: %w", ErrHostValue, k, err))
				continue
			}
			out[k] = s
		case string(v) == "true" || string(v) == "false":
			out[k] = string(v) == "true"
		case v[0] == '-' || v[0] >= '0' && v[0] <= '9':
			d, err := ParseDecimal(string(v)) // exponent held to MaxExponent
			if err != nil {
				errs = append(errs, fmt.Errorf("%w: %s: %w", ErrHostValue, k, err))
				continue
			}
			out[k] = d
		default:
			errs = append(errs, fmt.Errorf("%w: %s: want a number, string or bool", ErrHostValue, k))
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	*h = out
	return nil
}

// errHostOnePass refuses host values UnmarshalStrictJSON leaves to
// UnmarshalJSON, which gives the error that names the key.
var errHostOnePass = errors.New("performance: host values left to UnmarshalJSON")

// UnmarshalStrictJSON decodes the values in the one pass of the library's
// strict decoder (DecodeJSON, JSONDecoder) from its tokens, as
// UnmarshalJSON would decode them, without handing their bytes to
// encoding/json a second time: a history record's host values took a
// tenth of its decoding so. What UnmarshalJSON refuses (a null, an object
// or an array for a value; a number ParseDecimal refuses) is refused, as
// is a key given twice, which UnmarshalJSON reads as its last value; the
// decoder's long way then decides, with UnmarshalJSON's error.
func (h *HostValues) UnmarshalStrictJSON(in *strictjson.Input) error {
	if in.Null() {
		*h = nil
		return nil
	}
	out := HostValues{}
	err := in.Members(func(k string, in *strictjson.Input) error {
		if _, dup := out[k]; dup {
			return errHostOnePass
		}
		switch in.Kind() {
		case strictjson.String:
			s, err := in.String()
			out[k] = s
			return err
		case strictjson.Bool:
			b, err := in.Bool()
			out[k] = b
			return err
		case strictjson.Number:
			raw, err := in.Number()
			if err != nil {
				return err
			}
			d, err := ParseDecimal(string(raw)) // exponent held to MaxExponent
			out[k] = d
			return err
		}
		return errHostOnePass
	})
	if err != nil {
		return err
	}
	*h = out
	return nil
}

// exactString writes d with the exponent it has (0.125000 stays 0.125000),
// where Decimal.String would drop trailing zeros.
func exactString(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}
