package schemagen

import (
	"encoding"
	"fmt"
	"reflect"
	"slices"

	"github.com/jixiao-go/jixiao/performance"
)

// maxEnum bounds the integer values tried when enumerating an integer text
// type: every enum of the library has far fewer.
const maxEnum = 256

// aliases returns the names t's parser accepts that neither its String,
// its MarshalText nor its Name in either language gives: the codes of
// string enums (which reflection cannot list) and the variant Chinese terms
// forms print. Every alias is checked with the type's UnmarshalText when
// the schema is generated, so a name the parser stops accepting fails the
// generator; a name the parser starts accepting is missing from the schema
// until it is added here.
func aliases(t reflect.Type) []string {
	switch t {
	case reflect.TypeFor[performance.Kind]():
		// ParseKind: the codes and the terms forms print, with or without 项目.
		return []string{
			"routine", "development", "one_off", "other",
			"经常性", "经常性项目", "常规", "常规项目", "发展性", "发展性项目",
			"一次性", "一次性项目", "其他", "其它", "其他项目",
		}
	case reflect.TypeFor[performance.Grade]():
		// ParseGrade: the city variants beside 优/良/中/差.
		return []string{"优秀", "良好", "一般", "较差"}
	}
	return nil
}

// text is the schema of a type that decodes itself from a JSON string with
// UnmarshalText: a fixed format (see format), else an enum of the names its
// parser accepts, else a plain string.
func (g *generator) text(t reflect.Type) Schema {
	if f, ok := format(t); ok {
		return f
	}
	names, err := enumerate(t, aliases(t))
	if err != nil {
		return g.fail("%s: %v", t, err)
	}
	if len(names) == 0 {
		return Schema{"type": "string"}
	}
	enum := make([]any, len(names))
	for i, n := range names {
		enum[i] = n
	}
	return Schema{"type": "string", "enum": enum}
}

// enumerate lists the names t's UnmarshalText accepts, in a stable order:
// for integer types, the String, MarshalText and Name (Chinese, English)
// of every value 0..maxEnum that reads back as itself; then the aliases,
// each of which must be accepted; and "" when the parser accepts it. A string type without
// aliases gives nil: its values cannot be enumerated.
func enumerate(t reflect.Type, aliases []string) ([]string, error) {
	var names []string
	add := func(s string) {
		if !slices.Contains(names, s) {
			names = append(names, s)
		}
	}
	accepts := func(s string) (reflect.Value, bool) {
		p := reflect.New(t)
		err := p.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
		return p.Elem(), err == nil
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		for i := range maxEnum {
			v := reflect.New(t).Elem()
			if t.Kind() >= reflect.Uint {
				v.SetUint(uint64(i))
			} else {
				v.SetInt(int64(i))
			}
			for _, s := range textsOf(v) {
				if got, ok := accepts(s); ok && got.Equal(v) {
					add(s)
				}
			}
		}
	case reflect.String:
		if aliases == nil {
			return nil, nil
		}
	default:
		if aliases == nil {
			return nil, fmt.Errorf("a %s text type needs a format in custom.go or aliases in enums.go", t.Kind())
		}
	}
	for _, a := range aliases {
		if _, ok := accepts(a); !ok {
			return nil, fmt.Errorf("alias %q is not accepted by UnmarshalText", a)
		}
		add(a)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no value reads back as itself")
	}
	if _, ok := accepts(""); ok {
		add("")
	}
	return names, nil
}

// textsOf returns the texts a value is written or shown as: MarshalText,
// String, and Name in Chinese and English where the type has them.
func textsOf(v reflect.Value) (out []string) {
	// A String or Name that indexes a table may panic on a value out of
	// range; such a value is no name.
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	if m, ok := v.Interface().(encoding.TextMarshaler); ok {
		if b, err := m.MarshalText(); err == nil {
			out = append(out, string(b))
		}
	}
	if s, ok := v.Interface().(fmt.Stringer); ok {
		out = append(out, s.String())
	}
	if m := v.MethodByName("Name"); m.IsValid() && m.Type().NumIn() == 1 && m.Type().NumOut() == 1 &&
		m.Type().Out(0).Kind() == reflect.String {
		in := m.Type().In(0)
		for _, l := range []performance.Lang{performance.LangZH, performance.LangEN} {
			lv := reflect.ValueOf(l)
			if lv.Type().ConvertibleTo(in) {
				out = append(out, m.Call([]reflect.Value{lv.Convert(in)})[0].String())
			}
		}
	}
	return out
}
