package performance

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/intern"
	"github.com/jixiao-go/jixiao/internal/strictjson"
)

// Codes of the problems [DecodeJSON] reports in strict mode.
const (
	// CodeUnknownField marks an object member that names no field of the
	// target type.
	CodeUnknownField = "unknown_field"
	// CodeDuplicateField marks an object member given a second time in one
	// object, where encoding/json would silently keep the last value.
	CodeDuplicateField = "duplicate_field"
)

// A JSONError is JSON that does not decode (JSON 格式或取值错误): malformed
// input, where Err wraps encoding/json's *json.SyntaxError, or a value of the
// wrong type or form, where Err is the *json.UnmarshalTypeError or the
// value's own error (a decimal that does not parse) and Path names the
// value ("projects[2].amount").
type JSONError struct {
	// Line and Column locate the error in the input, both 1-based, the
	// column counted in characters (runes); for a value, its first
	// character; for malformed input, the offending character, or the end.
	Line, Column int
	// Path is the value's JSON path, or "" for malformed input.
	Path string
	// Err is the underlying error.
	Err error
}

// Error returns "performance: decode json: line:column: path: message".
func (e *JSONError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "performance: decode json: %d:%d: ", e.Line, e.Column)
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *JSONError) Unwrap() error { return e.Err }

// DecodeJSON decodes data into v, as encoding/json's Unmarshal does. Decimals
// may be JSON strings or numbers; this package writes them as strings. A
// leading UTF-8 byte order mark is skipped.
//
// In strict mode, every object member that names no field of the target
// type, and every member given twice in one object, is reported before
// anything is decoded: the result is [Problems] with code
// [CodeUnknownField] or [CodeDuplicateField] and the member's full JSON path
// as Path (for example "projects[2].cost_lines[0].amout", or "projects[3].id"
// for the second "id" of one project), unknown members first, each kind in
// input order, and v is left untouched. Field names match as encoding/json
// matches them (exact, else case-insensitive); duplicates compare exactly.
// Values of types that decode themselves (decimals, grades, months) are not
// looked into; an [Org] is checked as the array of its nodes.
//
// In both modes, every decimal (a decimal.Decimal or decimal.NullDecimal
// field, element or map value, as a JSON number or string) is checked
// against [MaxExponent] before anything is decoded: one beyond it, such as
// 1e999999999, is a problem with code [CodeLimit] and its path, unwrapping
// to a [*LimitError], after the strict mode's problems. Decimals inside
// types that decode themselves are checked by those types (with
// [ParseDecimal]).
//
// Malformed JSON, and a value of the wrong type or form, is returned as a
// *[JSONError] with its line and column (and path); other
// decoding errors as encoding/json reports them, wrapped, with the prefix
// "performance: decode json: ". The scan is linear in len(data).
func DecodeJSON(data []byte, v any, strict bool) error {
	data = strictjson.TrimBOM(data)
	// One pass first: a document that decodes without a problem costs no
	// paths and no second scan. Anything else (a problem, an error, a type
	// the one pass does not follow) is decoded again below, which finds
	// every problem with its path, or the error with its position.
	var decimals decimalCache
	d := strictjson.Decoder{Strict: strict, Leaf: decimals.leafOf}
	if d.Decode(data, v) == nil {
		return nil
	}
	return decodeJSONScanned(data, v, strict)
}

// decodeJSONScanned is [DecodeJSON] the long way, for documents the one
// pass refuses: a scan of the whole document for the problems (with their
// paths), then encoding/json, then, on its error, a search for the value
// at fault. data has no byte order mark.
func decodeJSONScanned(data []byte, v any, strict bool) error {
	if !json.Valid(data) {
		err := json.Unmarshal(data, new(any))
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			off := syn.Offset
			if off > 0 && !strings.HasPrefix(syn.Error(), "unexpected end") {
				off-- // the offset is after the offending character
			}
			line, col := strictjson.Position(data, off)
			return &JSONError{Line: line, Column: col, Err: err}
		}
		return fmt.Errorf("performance: decode json: %w", err)
	}
	rv := reflect.ValueOf(v)
	target := rv.Kind() == reflect.Pointer && !rv.IsNil()
	fields := fieldCache{}
	if target {
		var unknown, limits Problems
		dups, _ := strictjson.Walk(data, rv.Type().Elem(), strictjson.Visitor[reflect.Type]{
			Enter: func(parent reflect.Type, val *strictjson.Value) (reflect.Type, bool) {
				return fields.enter(parent, val, &unknown)
			},
			// Every decimal, in both modes, is held to MaxExponent before
			// anything is decoded (1e999999999 costs nothing to refuse).
			Leaf: func(lt reflect.Type, val *strictjson.Value, raw []byte) {
				if lt == decimalType || lt == nullDecimalType {
					limits.AddLimit(checkExponentText(val.Path.String(), decimalText(raw)))
				}
			},
		})
		var ps Problems
		if strict {
			ps = append(ps, unknown...)
			for _, d := range dups {
				ps.Add(CodeDuplicateField, d.Path,
					fmt.Sprintf("重复字段 %q", d.Path), fmt.Sprintf("duplicate field %q", d.Path))
			}
		}
		ps = append(ps, limits...)
		if len(ps) > 0 {
			return ps
		}
	}
	if err := json.Unmarshal(data, v); err != nil {
		if target {
			if je := locate(data, rv.Type().Elem(), fields); je != nil {
				return je
			}
		}
		return fmt.Errorf("performance: decode json: %w", err)
	}
	return nil
}

// locate finds the first value of data, in input order, that does not
// decode into its place in type t, decoding each leaf on its own.
func locate(data []byte, t reflect.Type, fields fieldCache) *JSONError {
	var found *JSONError
	var ignore Problems
	_, _ = strictjson.Walk(data, t, strictjson.Visitor[reflect.Type]{
		Enter: func(parent reflect.Type, val *strictjson.Value) (reflect.Type, bool) {
			if found != nil {
				return nil, false
			}
			return fields.enter(parent, val, &ignore)
		},
		Leaf: func(lt reflect.Type, val *strictjson.Value, raw []byte) {
			if found != nil || lt == nil {
				return
			}
			if err := json.Unmarshal(raw, reflect.New(lt).Interface()); err != nil {
				line, col := strictjson.Position(data, val.Offset)
				found = &JSONError{Line: line, Column: col, Path: val.Path.String(), Err: err}
			}
		},
	})
	return found
}

var (
	decimalType     = reflect.TypeFor[decimal.Decimal]()
	nullDecimalType = reflect.TypeFor[decimal.NullDecimal]()
)

// decimalText is the text of a JSON number or string meant for a decimal;
// null, "" and malformed text come back as they are, for the decimal's own
// decoder to accept or reject.
func decimalText(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	s := string(raw)
	if len(raw) > 0 && raw[0] == '"' {
		_ = json.Unmarshal(raw, &s)
	}
	return s
}

// jsonShaper is implemented by types that decode themselves from JSON of a
// known shape, so that strict decoding can look inside them.
type jsonShaper interface {
	jsonShape() any
}

// fieldCache holds what strict decoding needs of each Go type met in one
// decoding, worked out once per type.
type fieldCache map[reflect.Type]*typeInfo

// typeInfo is how strict decoding follows a Go type: its JSON fields when
// a struct, the type it is checked as (an Org as its nodes), and whether
// it decodes itself.
type typeInfo struct {
	fields fieldSet
	// as is the type the value is checked as: the type itself with the
	// pointers removed, or a jsonShaper's shape.
	as reflect.Type
	// own is true for types that decode themselves and are not looked into.
	own bool
}

func (fc fieldCache) info(t reflect.Type) *typeInfo {
	if ti, ok := fc[t]; ok {
		return ti
	}
	u := t
	for u.Kind() == reflect.Pointer {
		u = u.Elem()
	}
	ti := &typeInfo{as: u}
	pt := reflect.PointerTo(u)
	switch {
	case pt.Implements(reflect.TypeFor[jsonShaper]()):
		ti.as = reflect.TypeOf(reflect.Zero(pt).Interface().(jsonShaper).jsonShape())
	case pt.Implements(reflect.TypeFor[json.Unmarshaler]()) || pt.Implements(reflect.TypeFor[encoding.TextUnmarshaler]()):
		ti.own = true
	case u.Kind() == reflect.Struct:
		ti.fields = strictjson.Fields(u)
	}
	fc[t] = ti
	return ti
}

// enter gives the Go type of val, a value inside one of type parent
// (or the top value, of type parent), and whether to look inside it; it
// adds a problem for an object member that parent has no field for. A nil
// type is a value strict decoding does not follow.
func (fc fieldCache) enter(parent reflect.Type, val *strictjson.Value, ps *Problems) (reflect.Type, bool) {
	t := parent
	if val.Path.Len() > 0 {
		switch parent.Kind() {
		case reflect.Struct:
			f, ok := fc.info(parent).fields.lookup(val.Key)
			if !ok {
				p := val.Path.String()
				ps.Add(CodeUnknownField, p,
					fmt.Sprintf("未知字段 %q", p), fmt.Sprintf("unknown field %q", p))
				return nil, false
			}
			if f.Quoted {
				return f.Type, false
			}
			t = f.Type
		case reflect.Map, reflect.Slice, reflect.Array:
			t = parent.Elem()
		default:
			return nil, false
		}
	}
	ti := fc.info(t)
	if ti.own {
		return ti.as, false
	}
	switch ti.as.Kind() {
	case reflect.Struct, reflect.Map:
		return ti.as, val.Kind == strictjson.Object
	case reflect.Slice, reflect.Array:
		return ti.as, val.Kind == strictjson.Array
	}
	return ti.as, false
}

// fieldSet is a struct type's JSON fields (strictjson.Fields).
type fieldSet []strictjson.Field

// lookup finds a field as encoding/json does: an exact name first, else a
// case-insensitive one.
func (fs fieldSet) lookup(key string) (strictjson.Field, bool) {
	for _, f := range fs {
		if f.Name == key {
			return f, true
		}
	}
	for _, f := range fs {
		if strings.EqualFold(f.Name, key) {
			return f, true
		}
	}
	return strictjson.Field{}, false
}

// A decimalCache is one decoding's decimals of the common short forms
// ("9.5", "10"), by their text, so that a score repeated through a
// document is built once (internal/intern, bounded).
type decimalCache struct {
	texts intern.Decimals
}

// leafOf gives the one-pass decoder the types this package decodes
// itself: decimals, held to [MaxExponent] as the scan below holds them,
// and an [Org] (a jsonShaper), which strict decoding looks into as its
// shape and so is left to the full scan.
func (dc *decimalCache) leafOf(t reflect.Type) (strictjson.LeafFunc, bool) {
	switch {
	case t == decimalType:
		return dc.decode, true
	case t == nullDecimalType:
		return decodeNullDecimal, true
	case reflect.PointerTo(t).Implements(reflect.TypeFor[jsonShaper]()):
		return nil, true
	}
	return nil, false
}

// decode decodes a decimal as its UnmarshalJSON does, after the exponent
// check; the common form (an optional minus, at most 18 digits with an
// optional point, quoted or not) is built without parsing text.
func (dc *decimalCache) decode(raw []byte, v reflect.Value) error {
	d := v.Addr().Interface().(*decimal.Decimal)
	text := raw
	if len(text) >= 2 && text[0] == '"' && text[len(text)-1] == '"' {
		text = text[1 : len(text)-1]
	}
	if c, ok := dc.texts.Get(text); ok {
		*d = c
		return nil
	}
	if n, exp, ok := plainDecimal(text); ok {
		*d = decimal.New(n, exp)
		dc.texts.Put(text, *d)
		return nil
	}
	if err := checkExponentText("", decimalText(raw)); err != nil {
		return err
	}
	return d.UnmarshalJSON(raw)
}

func decodeNullDecimal(raw []byte, v reflect.Value) error {
	if err := checkExponentText("", decimalText(raw)); err != nil {
		return err
	}
	return v.Addr().Interface().(*decimal.NullDecimal).UnmarshalJSON(raw)
}

// plainDecimal reads "-?d+(.d+)?" of at most 18 characters but for the
// point (decimal.NewFromString's int64 shortcut) as the coefficient and
// exponent NewFromString gives it.
func plainDecimal(s []byte) (n int64, exp int32, ok bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	digits, point := 0, -1
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int64(c-'0')
			digits++
		case c == '.' && point < 0 && i > 0 && i < len(s)-1:
			point = i
		default:
			return 0, 0, false
		}
	}
	if digits == 0 || digits > 18 || neg && digits > 17 {
		return 0, 0, false
	}
	if point >= 0 {
		exp = -int32(len(s) - point - 1)
	}
	if neg {
		n = -n
	}
	return n, exp, true
}
