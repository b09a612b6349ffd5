package performance

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// CodeUnknownField is the code of the problems [DecodeJSON] reports in
// strict mode for fields the target type does not have.
const CodeUnknownField = "unknown_field"

// DecodeJSON decodes data into v, as encoding/json's Unmarshal does. Decimals
// may be JSON strings or numbers; this package writes them as strings.
//
// In strict mode, every object member that names no field of the target
// type is reported before anything is decoded: the result is [Problems]
// with code [CodeUnknownField] and the member's full JSON path as Path
// (for example "projects[2].cost_lines[0].amout"), one per unknown member,
// in input order, and v is left untouched. Field names match as
// encoding/json matches them (exact, else case-insensitive). Values of
// types that decode themselves (decimals, grades, months) are not looked
// into; an [Org] is checked as the array of its nodes.
//
// Malformed JSON and type mismatches are returned as encoding/json reports
// them, wrapped, with the prefix "performance: ".
//
// In both modes, every decimal (a decimal.Decimal or decimal.NullDecimal
// field, element or map value, as a JSON number or string) is checked
// against [MaxExponent] before anything is decoded: one beyond it, such as
// 1e999999999, is a problem with code [CodeLimit] and its path, unwrapping
// to a [*LimitError]. Decimals inside types that decode themselves are
// checked by those types (with [ParseDecimal]).
func DecodeJSON(data []byte, v any, strict bool) error {
	if json.Valid(data) {
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer && !rv.IsNil() {
			var ps Problems
			w := walker{strict: strict, ps: &ps}
			w.check(data, rv.Type().Elem(), "")
			if len(ps) > 0 {
				return ps
			}
		}
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("performance: decode json: %w", err)
	}
	return nil
}

// jsonShaper is implemented by types that decode themselves from JSON of a
// known shape, so that strict decoding can look inside them.
type jsonShaper interface {
	jsonShape() any
}

// A walker walks a JSON value against a Go type before it is decoded.
type walker struct {
	strict bool      // report members the type has no field for
	ps     *Problems // where problems go
}

var (
	decimalType     = reflect.TypeFor[decimal.Decimal]()
	nullDecimalType = reflect.TypeFor[decimal.NullDecimal]()
)

// check walks the JSON value data against type t: in strict mode it adds a
// problem for every object member that t has no field for, and in every mode
// one for every decimal beyond MaxExponent.
func (w walker) check(data []byte, t reflect.Type, path string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == decimalType || t == nullDecimalType {
		w.checkDecimal(data, path)
		return
	}
	pt := reflect.PointerTo(t)
	if pt.Implements(reflect.TypeFor[jsonShaper]()) {
		shape := reflect.Zero(pt).Interface().(jsonShaper).jsonShape()
		w.check(data, reflect.TypeOf(shape), path)
		return
	}
	if pt.Implements(reflect.TypeFor[json.Unmarshaler]()) || pt.Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		fields := jsonFields(t)
		eachMember(data, func(key string, val []byte) {
			f, ok := fields.lookup(key)
			if !ok {
				if !w.strict {
					return
				}
				p := joinPath(path, key)
				w.ps.Add(CodeUnknownField, p,
					fmt.Sprintf("未知字段 %q", p), fmt.Sprintf("unknown field %q", p))
				return
			}
			if !f.quoted {
				w.check(val, f.typ, joinPath(path, f.name))
			}
		})
	case reflect.Map:
		eachMember(data, func(key string, val []byte) {
			w.check(val, t.Elem(), joinKey(path, key))
		})
	case reflect.Slice, reflect.Array:
		i := 0
		eachElement(data, func(val []byte) {
			w.check(val, t.Elem(), path+"["+strconv.Itoa(i)+"]")
			i++
		})
	}
}

// checkDecimal adds a problem when data, a JSON number or string meant for
// a decimal, has an exponent beyond MaxExponent. Anything else is left for
// the decimal's own decoder to accept or reject.
func (w walker) checkDecimal(data []byte, path string) {
	data = bytes.TrimSpace(data)
	s := string(data)
	if len(data) > 0 && data[0] == '"' {
		if err := json.Unmarshal(data, &s); err != nil {
			return
		}
	}
	// null, "" and malformed text pass: the decoder reports what is wrong.
	w.ps.AddLimit(checkExponentText(path, s))
}

// eachMember calls fn for every member of a JSON object, in input order; it
// does nothing when data is not an object.
func eachMember(data []byte, fn func(key string, val []byte)) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		key, _ := tok.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return
		}
		fn(key, val)
	}
}

// eachElement calls fn for every element of a JSON array; it does nothing
// when data is not an array.
func eachElement(data []byte, fn func(val []byte)) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return
	}
	for dec.More() {
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return
		}
		fn(val)
	}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// joinKey appends a map key: as ".key" when it is a plain identifier, else
// as `["key"]`.
func joinKey(path, key string) string {
	plain := key != ""
	for _, r := range key {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return joinPath(path, key)
	}
	return path + "[" + strconv.Quote(key) + "]"
}

type jsonField struct {
	name   string
	depth  int // of embedding
	typ    reflect.Type
	quoted bool // the ",string" option: the value is a JSON string
}

type fieldSet []jsonField

// lookup finds a field as encoding/json does: an exact name first, else a
// case-insensitive one.
func (fs fieldSet) lookup(key string) (jsonField, bool) {
	for _, f := range fs {
		if f.name == key {
			return f, true
		}
	}
	for _, f := range fs {
		if strings.EqualFold(f.name, key) {
			return f, true
		}
	}
	return jsonField{}, false
}

// jsonFields lists the JSON fields of struct type t, with the fields of
// embedded structs promoted, following encoding/json's naming rules. Where
// names collide the shallower field wins, as in encoding/json; ties at one
// depth are all kept, which is laxer than encoding/json (it drops them).
func jsonFields(t reflect.Type) fieldSet {
	var all fieldSet
	var walk func(t reflect.Type, depth int, seen map[reflect.Type]bool)
	shallowest := map[string]int{}
	walk = func(t reflect.Type, depth int, seen map[reflect.Type]bool) {
		if seen[t] {
			return
		}
		seen[t] = true
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			ft := sf.Type
			if sf.Anonymous && name == "" {
				et := ft
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if et.Kind() == reflect.Struct {
					walk(et, depth+1, seen)
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			if d, ok := shallowest[name]; !ok || depth < d {
				shallowest[name] = depth
			}
			quoted := false
			for o := range strings.SplitSeq(opts, ",") {
				if o == "string" {
					quoted = true
				}
			}
			all = append(all, jsonField{name: name, depth: depth, typ: ft, quoted: quoted})
		}
	}
	walk(t, 0, map[reflect.Type]bool{})
	out := all[:0]
	for _, f := range all {
		if f.depth == shallowest[f.name] {
			out = append(out, f)
		}
	}
	return out
}
