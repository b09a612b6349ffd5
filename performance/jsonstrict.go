package performance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/intern"
	"github.com/jixiao-go/jixiao/internal/strictjson"
)

// Codes of the problems [DecodeJSON] reports.
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

// DecodeJSON decodes data into v strictly, as encoding/json's Unmarshal
// does but for what it would accept silently. Decimals may be JSON strings
// or numbers; this package writes them as strings. A leading UTF-8 byte
// order mark is skipped. It is the library's one reader of JSON input
// (over internal/strictjson, which package rules shares).
//
// Every object member that names no field of the target type, and every
// member given twice in one object, is reported before anything is
// decoded: the result is [Problems] with code [CodeUnknownField] or
// [CodeDuplicateField] and the member's full JSON path as Path (for example
// "projects[2].cost_lines[0].amout", or "projects[3].id" for the second
// "id" of one project), unknown members first, each kind in input order,
// and v is left untouched. Field names match as encoding/json matches them
// (exact, else case-insensitive); duplicates compare exactly. Values of
// types that decode themselves (decimals, grades, months) are not looked
// into; an [Org] is checked as the array of its nodes.
//
// Every decimal (a decimal.Decimal or decimal.NullDecimal field, element
// or map value, as a JSON number or string) is checked against
// [MaxExponent] before anything is decoded: one beyond it, such as
// 1e999999999, is a problem with code [CodeLimit] and its path, unwrapping
// to a [*LimitError], after the unknown and repeated members. Decimals
// inside types that decode themselves are checked by those types (with
// [ParseDecimal]).
//
// Malformed JSON, and a value of the wrong type or form, is returned as a
// *[JSONError] with its line and column (and path); other
// decoding errors as encoding/json reports them, wrapped, with the prefix
// "performance: decode json: ". The scan is linear in len(data).
func DecodeJSON(data []byte, v any) error { return decodeJSON(data, v, strict) }

// A decodeMode is [DecodeJSON]'s strictness: input is always decoded
// strictly; the lenient mode (encoding/json's: unknown members skipped,
// the last of a repeated member kept) is this package's tests' reference.
type decodeMode bool

const (
	strict  decodeMode = true
	lenient decodeMode = false
)

func decodeJSON(data []byte, v any, mode decodeMode) error {
	var jd JSONDecoder
	return jd.decode(data, v, mode)
}

// A JSONDecoder is [DecodeJSON] for a stream of many small documents of
// the same types (a database's rows, the lines of a JSON Lines file): its
// Decode decodes exactly as DecodeJSON does, with the same errors and
// paths, but works out each type's fields once for all the documents and
// keeps the decimals of the common short forms across them (bounded, as
// in one document), where DecodeJSON works them out for each call. The
// zero value is ready to use. A JSONDecoder is not safe for concurrent
// use, and must not be copied after its first Decode: give each stream its
// own. It keeps the short strings (ids, codes) across the documents too,
// as one document keeps them (internal/intern, bounded), and cuts the
// documents' slices from shared blocks: a decoded value may keep alive,
// beside its own slices, up to two blocks of 32 KiB of other documents'
// slices per slice type.
type JSONDecoder struct {
	decimals decimalCache
	one      strictjson.Decoder
	set      bool
}

// Decode decodes data into v as [DecodeJSON] does.
func (jd *JSONDecoder) Decode(data []byte, v any) error { return jd.decode(data, v, strict) }

func (jd *JSONDecoder) decode(data []byte, v any, mode decodeMode) error {
	if !jd.set {
		jd.one = strictjson.Decoder{Strict: bool(mode), Leaf: jd.decimals.leafOf, KeepStrings: true, KeepBlocks: true}
		jd.set = true
	}
	data = strictjson.TrimBOM(data)
	// One pass first: a document that decodes without a problem costs no
	// paths and no second scan. Anything else (a problem, an error, a type
	// the one pass does not follow) is decoded again below, which finds
	// every problem with its path, or the error with its position.
	if jd.one.Decode(data, v) == nil {
		return nil
	}
	return decodeJSONScanned(data, v, mode)
}

// checkOptions are how strictjson.Check follows this package's types: an
// [Org] (a jsonShaper) as the array of its nodes.
func checkOptions() strictjson.CheckOptions { return strictjson.CheckOptions{Shape: shapeOf} }

func shapeOf(t reflect.Type) (reflect.Type, bool) {
	pt := reflect.PointerTo(t)
	if pt.Implements(reflect.TypeFor[jsonShaper]()) {
		return reflect.TypeOf(reflect.Zero(pt).Interface().(jsonShaper).jsonShape()), true
	}
	return nil, false
}

// decodeJSONScanned is [DecodeJSON] the long way, for documents the one
// pass refuses: a scan of the whole document for the problems (with their
// paths), then encoding/json, then, on its error, a search for the value
// at fault. data has no byte order mark.
func decodeJSONScanned(data []byte, v any, mode decodeMode) error {
	if se := strictjson.Syntax(data); se != nil {
		var syn *json.SyntaxError
		if errors.As(se.Err, &syn) {
			return &JSONError{Line: se.Line, Column: se.Column, Err: se.Err}
		}
		return fmt.Errorf("performance: decode json: %w", se.Err)
	}
	rv := reflect.ValueOf(v)
	target := rv.Kind() == reflect.Pointer && !rv.IsNil()
	if target {
		var limits Problems
		opts := checkOptions()
		// Every decimal, in both modes, is held to MaxExponent before
		// anything is decoded (1e999999999 costs nothing to refuse).
		opts.Leaf = func(lt reflect.Type, val *strictjson.Value, raw []byte) {
			if lt == decimalType || lt == nullDecimalType {
				limits.AddLimit(checkExponentText(val.Path.String(), decimalText(raw)))
			}
		}
		found, _ := strictjson.Check(data, rv.Type().Elem(), opts)
		var ps Problems
		if mode == strict {
			// Values of the wrong kind are left to encoding/json, whose
			// error names the first (a *JSONError, below).
			for _, q := range found {
				if q.Kind == strictjson.UnknownField {
					p := q.Path.String()
					ps.Add(CodeUnknownField, p,
						fmt.Sprintf("未知字段 %q", p), fmt.Sprintf("unknown field %q", p))
				}
			}
			for _, q := range found {
				if q.Kind == strictjson.DuplicateField {
					p := q.Path.String()
					ps.Add(CodeDuplicateField, p,
						fmt.Sprintf("重复字段 %q", p), fmt.Sprintf("duplicate field %q", p))
				}
			}
		}
		ps = append(ps, limits...)
		if len(ps) > 0 {
			return ps
		}
	}
	if err := json.Unmarshal(data, v); err != nil {
		if target {
			if at, off, lerr := strictjson.Locate(data, rv.Type().Elem(), checkOptions()); at != nil {
				line, col := strictjson.Position(data, off)
				return &JSONError{Line: line, Column: col, Path: at.String(), Err: lerr}
			}
		}
		return fmt.Errorf("performance: decode json: %w", err)
	}
	return nil
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
	if c, ok := intern.Plain(text); ok {
		*d = c
		dc.texts.Put(text, c)
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
