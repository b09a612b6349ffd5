package goals

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/jixiao-go/jixiao/internal/strictjson"
	"github.com/jixiao-go/jixiao/performance"
)

// targetJSON is the JSON form of a Target.
type targetJSON struct {
	Op       Operator `json:"op"`
	Value    *string  `json:"value,omitempty"`
	Upper    *string  `json:"upper,omitempty"`
	Unit     string   `json:"unit,omitempty"`
	Deadline string   `json:"deadline,omitempty"`
	Implied  bool     `json:"implied,omitempty"`
	Text     string   `json:"text,omitempty"`
}

// targetDecoder decodes a target's object form in one pass (a target file
// holds hundreds of thousands), strictly: a member it does not know falls
// back to performance.DecodeJSON, which names it. It is prepared here and
// only read after, so concurrent decodings may share it; it holds no state
// of its own.
var targetDecoder = func() *strictjson.Decoder {
	d := &strictjson.Decoder{Strict: true}
	d.Prepare(reflect.TypeFor[targetJSON]())
	return d
}()

// MarshalJSON encodes the target as an object with snake_case fields,
// decimals as strings and the deadline as "2006-01-02":
//
//	{"op":"ge","value":"100","unit":"人","text":"≥100人"}
func (t Target) MarshalJSON() ([]byte, error) {
	j := targetJSON{Op: t.Op, Unit: t.Unit, Implied: t.Implied, Text: t.Text}
	if t.Quantitative() {
		v := t.Value.String()
		j.Value = &v
		if t.Op == Range {
			u := t.Upper.String()
			j.Upper = &u
		}
	}
	if t.IsDeadline() {
		j.Deadline = t.Deadline.Format(time.DateOnly)
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes the object form written by MarshalJSON, or a string,
// which is read with [ParseTarget]: "≥100人".
func (t *Target) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		v, err := ParseTarget(s)
		if err != nil {
			return err
		}
		*t = v
		return nil
	}
	var j targetJSON
	// One pass for the common document; the library's strict decoder, and
	// its error (an unknown member named), for anything the one pass
	// refuses.
	if targetDecoder.Decode(b, &j) != nil {
		j = targetJSON{}
		if err := performance.DecodeJSON(b, &j); err != nil {
			return fmt.Errorf("goals: target: %w", err)
		}
	}
	v := Target{Op: j.Op, Unit: j.Unit, Implied: j.Implied, Text: j.Text}
	var err error
	if j.Value != nil {
		if v.Value, err = performance.ParseDecimal(*j.Value); err != nil {
			return fmt.Errorf("goals: target value %q: %w", *j.Value, err)
		}
	}
	if j.Upper != nil {
		if v.Upper, err = performance.ParseDecimal(*j.Upper); err != nil {
			return fmt.Errorf("goals: target upper bound %q: %w", *j.Upper, err)
		}
	}
	if j.Deadline != "" {
		if v.Deadline, err = time.Parse(time.DateOnly, j.Deadline); err != nil {
			return fmt.Errorf("goals: target deadline %q: %w", j.Deadline, err)
		}
	}
	*t = v
	return nil
}
