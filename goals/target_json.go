package goals

import (
	"bytes"
	"encoding/json"
	"errors"
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

// targetDecoder decodes a target given to UnmarshalJSON in one pass (with
// UnmarshalStrictJSON), strictly: a member it does not know falls back to
// performance.DecodeJSON, which names it. It is prepared here and only
// read after, so concurrent decodings may share it; it holds no state of
// its own. Inside a document read by performance.DecodeJSON a target is
// decoded in that document's one pass, and UnmarshalJSON is not called.
var targetDecoder = func() *strictjson.Decoder {
	d := &strictjson.Decoder{Strict: true}
	d.Prepare(reflect.TypeFor[Target]())
	return d
}()

// errNotOnePass refuses a target UnmarshalStrictJSON leaves to
// UnmarshalJSON; it is never shown.
var errNotOnePass = errors.New("goals: target not read in one pass")

// MarshalJSON encodes the target as an object with snake_case fields,
// decimals as strings and the deadline as "2006-01-02":
//
//	{"op":"ge","value":"100","unit":"人","text":"≥100人"}
func (t Target) MarshalJSON() ([]byte, error) { return json.Marshal(t.json()) }

// json is the target's JSON form, which a score's encoding writes in its
// own pass (see scoreOut).
func (t *Target) json() targetJSON {
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
	return j
}

// UnmarshalJSON decodes the object form written by MarshalJSON, or a string,
// which is read with [ParseTarget]: "≥100人".
func (t *Target) UnmarshalJSON(b []byte) error {
	// One pass for the common document (UnmarshalStrictJSON); the long way,
	// with the library's strict decoder and its error (an unknown member
	// named), for anything the one pass refuses.
	var v Target
	if targetDecoder.Decode(b, &v) == nil {
		*t = v
		return nil
	}
	return t.unmarshalLong(b)
}

// unmarshalLong is UnmarshalJSON the long way: encoding/json for the
// string form, the library's strict decoder for the object form.
func (t *Target) unmarshalLong(b []byte) error {
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
	if err := performance.DecodeJSON(b, &j); err != nil {
		return fmt.Errorf("goals: target: %w", err)
	}
	v, err := j.target()
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// target is the Target j holds.
func (j *targetJSON) target() (Target, error) {
	m := targetMembersRead{op: j.Op, unit: j.Unit, deadline: j.Deadline, implied: j.Implied, text: j.Text}
	if j.Value != nil {
		m.value, m.hasValue = *j.Value, true
	}
	if j.Upper != nil {
		m.upper, m.hasUpper = *j.Upper, true
	}
	return m.target()
}

// targetMembersRead are a target's members as read, before their texts
// are parsed: targetJSON without the pointers, which the one pass fills
// without allocating.
type targetMembersRead struct {
	op                 Operator
	value, upper       string
	hasValue, hasUpper bool
	unit, deadline     string
	implied            bool
	text               string
}

// target parses the members' texts into a Target.
func (m *targetMembersRead) target() (Target, error) {
	v := Target{Op: m.op, Unit: m.unit, Implied: m.implied, Text: m.text}
	var err error
	if m.hasValue {
		if v.Value, err = performance.ParseDecimal(m.value); err != nil {
			return Target{}, fmt.Errorf("goals: target value %q: %w", m.value, err)
		}
	}
	if m.hasUpper {
		if v.Upper, err = performance.ParseDecimal(m.upper); err != nil {
			return Target{}, fmt.Errorf("goals: target upper bound %q: %w", m.upper, err)
		}
	}
	if m.deadline != "" {
		if v.Deadline, err = time.Parse(time.DateOnly, m.deadline); err != nil {
			return Target{}, fmt.Errorf("goals: target deadline %q: %w", m.deadline, err)
		}
	}
	return v, nil
}

// targetMembers are targetJSON's members, in the order of targetJSON's
// fields, as UnmarshalStrictJSON matches them.
var targetMembers = [...]string{"op", "value", "upper", "unit", "deadline", "implied", "text"}

// UnmarshalStrictJSON decodes the target in the one pass of the library's
// strict decoder (performance.DecodeJSON), from its tokens: the same
// values UnmarshalJSON gives, as it would decode them, without reading the
// target's bytes a second time. Whatever UnmarshalJSON would refuse (and
// the few forms it accepts that are not worth a second way, such as a
// member given twice, which the strict decoder reports) is refused, and
// the decoder's long way gets UnmarshalJSON's error.
func (t *Target) UnmarshalStrictJSON(in *strictjson.Input) error {
	switch in.Kind() {
	case strictjson.Null:
		if !in.Null() {
			return errNotOnePass
		}
		return nil // as UnmarshalJSON("null"): a zero target
	case strictjson.String:
		s, err := in.String()
		if err != nil {
			return err
		}
		v, err := ParseTarget(s)
		if err != nil {
			return err
		}
		*t = v
		return nil
	}
	// The members as targetJSON's fields hold them: null leaves a field
	// as it is (zero), a value of another JSON type is refused.
	var m targetMembersRead
	err := in.Object(targetMembers[:], func(i int, in *strictjson.Input) error {
		if in.Null() {
			return nil
		}
		if i == 5 { // implied
			b, err := in.Bool()
			m.implied = b
			return err
		}
		s, err := in.String()
		if err != nil {
			return err
		}
		switch i {
		case 0:
			op, err := ParseOperator(s)
			m.op = op
			return err
		case 1:
			m.value, m.hasValue = s, true
		case 2:
			m.upper, m.hasUpper = s, true
		case 3:
			m.unit = s
		case 4:
			m.deadline = s
		case 6:
			m.text = s
		}
		return nil
	})
	if err != nil {
		return err
	}
	v, err := m.target()
	if err != nil {
		return err
	}
	*t = v
	return nil
}
