package strictjson

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
)

// The checks [Check] makes are the library's one idea of strict JSON
// input, shared by performance.DecodeJSON and the rule-set reader of
// package rules: a member matches a struct field as encoding/json matches
// it (the exact name, else one differing in case only), a member given
// twice in one object is a problem (encoding/json would keep the last),
// and a value of the wrong JSON type is a problem at its path.

// A ProblemKind is what is wrong with one member or value.
type ProblemKind uint8

const (
	// UnknownField is an object member that names no field of its struct.
	UnknownField ProblemKind = iota + 1
	// DuplicateField is an object member given a second time in one
	// object.
	DuplicateField
	// WrongKind is a value of a JSON type its Go type cannot hold: an
	// array for a struct, a string for a number.
	WrongKind
)

// A Problem is one thing [Check] found wrong with a document.
type Problem struct {
	Kind ProblemKind
	// Path is where the member or value is: for a duplicate, the second
	// occurrence.
	Path *Path
	// Key is the member's name, for an unknown or repeated member.
	Key string
	// Offset is the byte offset of the value (of the repeated key's quote
	// for a duplicate).
	Offset int64
	// Fields are the JSON names of the struct an unknown member was met
	// in, in declaration order, for suggestions.
	Fields []string
	// Want words what a WrongKind value should have been: "an object",
	// "an array", "a string", "true or false", "a number".
	Want string
	// Raw is a WrongKind value's bytes.
	Raw []byte
}

// CheckOptions adapt [Check] to a caller's types.
type CheckOptions struct {
	// Shape, if set, gives the type a value of type t (with pointers
	// removed) is checked as, when t decodes itself from JSON of a known
	// shape (an organisation tree read as the array of its nodes); ok
	// false leaves t to the usual rules.
	Shape func(t reflect.Type) (as reflect.Type, ok bool)
	// Leaf, if set, is called for every value not looked into (strings,
	// numbers, literals, values of types that decode themselves), with the
	// Go type it decodes into (nil inside an unknown member).
	Leaf func(t reflect.Type, v *Value, raw []byte)
}

// Check walks data, a document meant for a value of Go type t, and
// returns its problems: unknown and wrong-kind values in document order,
// then the repeated members in document order. A value whose type decodes
// itself (json.Unmarshaler, encoding.TextUnmarshaler) is not looked into
// (its own decoder judges it), except for a Shape; JSON null is accepted
// everywhere, as encoding/json reads it as no value. Check returns
// [ErrMalformed] for a document that is not one JSON value (callers check
// with [Syntax] first), and is linear in len(data).
func Check(data []byte, t reflect.Type, opts CheckOptions) ([]Problem, error) {
	c := checker{opts: opts, types: map[reflect.Type]*typeInfo{}}
	dups, err := Walk(data, t, Visitor[reflect.Type]{Enter: c.enter, Leaf: c.leaf})
	for _, d := range dups {
		c.problems = append(c.problems, Problem{Kind: DuplicateField, Path: d.At, Key: lastKey(d.At), Offset: d.Offset})
	}
	return c.problems, err
}

// lastKey is the name of the path's last member, or "".
func lastKey(p *Path) string {
	if p == nil || len(p.steps) == 0 {
		return ""
	}
	return p.steps[len(p.steps)-1].key
}

type checker struct {
	opts     CheckOptions
	types    map[reflect.Type]*typeInfo
	problems []Problem
}

// typeInfo is how Check follows one Go type.
type typeInfo struct {
	// as is the type the value is checked as: the type with its pointers
	// removed, or its Shape.
	as reflect.Type
	// own is true for a type that decodes itself and is not looked into.
	own    bool
	fields []Field
	names  []string
}

func (c *checker) info(t reflect.Type) *typeInfo {
	if ti, ok := c.types[t]; ok {
		return ti
	}
	u := t
	for u.Kind() == reflect.Pointer {
		u = u.Elem()
	}
	ti := &typeInfo{as: u}
	pt := reflect.PointerTo(u)
	shape, shaped := reflect.Type(nil), false
	if c.opts.Shape != nil {
		shape, shaped = c.opts.Shape(u)
	}
	switch {
	case shaped:
		ti.as = shape
	case pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType):
		ti.own = true
	case u.Kind() == reflect.Struct:
		ti.fields = Fields(u)
		for _, f := range ti.fields {
			ti.names = append(ti.names, f.Name)
		}
	}
	c.types[t] = ti
	return ti
}

func (c *checker) enter(parent reflect.Type, v *Value) (reflect.Type, bool) {
	if parent == nil {
		return nil, false
	}
	t := parent
	if v.Path.Len() > 0 {
		switch parent.Kind() {
		case reflect.Struct:
			pi := c.info(parent)
			i, _ := matchName(pi.names, []byte(v.Key))
			ok := i >= 0
			var f Field
			if ok {
				f = pi.fields[i]
			}
			if !ok {
				c.problems = append(c.problems, Problem{Kind: UnknownField, Path: v.Path.Clone(), Key: v.Key, Offset: v.Offset, Fields: pi.names})
				return nil, false
			}
			if f.Quoted {
				return f.Type, false // a number or bool written as a string
			}
			t = f.Type
		case reflect.Map, reflect.Slice, reflect.Array:
			t = parent.Elem()
		default:
			return nil, false
		}
	}
	ti := c.info(t)
	if ti.own || v.Kind == Null {
		return ti.as, false
	}
	want, ok := "", true
	switch ti.as.Kind() {
	case reflect.Struct, reflect.Map:
		if v.Kind == Object {
			return ti.as, true
		}
		want, ok = "an object", false
	case reflect.Slice, reflect.Array:
		if ti.as.Elem().Kind() == reflect.Uint8 && v.Kind == String {
			return ti.as, false // []byte is base64 text
		}
		if v.Kind == Array {
			return ti.as, true
		}
		want, ok = "an array", false
	case reflect.String:
		want, ok = "a string", v.Kind == String
	case reflect.Bool:
		want, ok = "true or false", v.Kind == Bool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		want, ok = "a number", v.Kind == Number
	}
	if !ok {
		c.problems = append(c.problems, Problem{Kind: WrongKind, Path: v.Path.Clone(), Offset: v.Offset, Want: want})
	}
	return ti.as, false
}

func (c *checker) leaf(t reflect.Type, v *Value, raw []byte) {
	if n := len(c.problems); n > 0 && c.problems[n-1].Kind == WrongKind && c.problems[n-1].Offset == v.Offset && c.problems[n-1].Raw == nil {
		c.problems[n-1].Raw = raw
	}
	if c.opts.Leaf != nil {
		c.opts.Leaf(t, v, raw)
	}
}

// A SyntaxError is a document that is not one JSON value, at the line and
// column (1-based, the column in characters) of the offending character,
// or of the end for a document cut short.
type SyntaxError struct {
	Line, Column int
	// Err is encoding/json's error, a *json.SyntaxError for malformed
	// input.
	Err error
}

// Error is encoding/json's message.
func (e *SyntaxError) Error() string { return e.Err.Error() }

// Unwrap returns encoding/json's error.
func (e *SyntaxError) Unwrap() error { return e.Err }

// Syntax returns nil for a document that is one JSON value, else its
// *SyntaxError, positioned as encoding/json's error says (whose offset is
// after the offending character).
func Syntax(data []byte) *SyntaxError {
	if json.Valid(data) {
		return nil
	}
	err := json.Unmarshal(data, new(any))
	e := &SyntaxError{Err: err}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		off := syn.Offset
		if off > 0 && !strings.HasPrefix(syn.Error(), "unexpected end") {
			off-- // the offset is after the offending character
		}
		e.Line, e.Column = Position(data, off)
	}
	return e
}

// Locate finds the first value of data, in document order, that does not
// decode into its place in a value of type t, decoding each value not
// looked into on its own; it returns the value's path, offset and error,
// or a nil path when every value decodes.
func Locate(data []byte, t reflect.Type, opts CheckOptions) (path *Path, offset int64, err error) {
	// A wrong-kind value is decoded on its own too, into the type it
	// meets, for encoding/json's error.
	c := checker{opts: CheckOptions{Shape: opts.Shape}, types: map[reflect.Type]*typeInfo{}}
	_, _ = Walk(data, t, Visitor[reflect.Type]{
		Enter: func(parent reflect.Type, v *Value) (reflect.Type, bool) {
			if path != nil {
				return nil, false
			}
			return c.enter(parent, v)
		},
		Leaf: func(lt reflect.Type, v *Value, raw []byte) {
			if path != nil || lt == nil {
				return
			}
			if e := json.Unmarshal(raw, reflect.New(lt).Interface()); e != nil {
				path, offset, err = v.Path.Clone(), v.Offset, e
			}
		},
	})
	return path, offset, err
}
