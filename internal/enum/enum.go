// Package enum holds the name table behind the library's small enums: each
// value's stable code, its Chinese name and the further spellings forms
// print, with one parser and one wording of the allowed values for errors.
// It is not API.
package enum

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/internal/lang"
)

// Value is one member of an enum: the value, its stable code (written in
// JSON and matched in any case), its Chinese name (matched exactly, ""
// when the type has none), its English name when that is not the code
// (written by Name, parsed only by [Table.ParseEn]) and further spellings accepted as
// aliases (matched exactly, after surrounding spaces are trimmed).
type Value[T any] struct {
	V       T
	Code    string
	Zh      string
	En      string
	Aliases []string
}

// Name returns the value's name in l: the Chinese name, or in English En,
// the code when En is empty.
func (v Value[T]) Name(l lang.Lang) string {
	if l == lang.EN {
		if v.En != "" {
			return v.En
		}
		return v.Code
	}
	return v.Zh
}

// Table is an enum's values in their order. A table of an integer enum
// whose row i holds the value i (the usual iota enum) also gives the
// value's code and names by index: [Table.Row], [Table.String].
type Table[T any] []Value[T]

// Row returns row i, or false when i is outside the table.
func (t Table[T]) Row(i int) (Value[T], bool) {
	if i < 0 || i >= len(t) {
		return Value[T]{}, false
	}
	return t[i], true
}

// String returns the code of row i, or typ(i) (such as "Action(7)") when
// i is outside the table: the String method of an integer enum.
func (t Table[T]) String(i int, typ string) string {
	if i >= 0 && i < len(t) {
		return t[i].Code
	}
	return typ + "(" + strconv.Itoa(i) + ")"
}

// Name returns the name of row i in l ([Value.Name]), or typ(i) when i is
// outside the table: the Name method of an integer enum.
func (t Table[T]) Name(i int, l lang.Lang, typ string) string {
	if i >= 0 && i < len(t) {
		return t[i].Name(l)
	}
	return t.String(i, typ)
}

// Parse returns the value whose code, Chinese name or alias is s, ignoring
// surrounding spaces. An empty s matches only a value whose code or an
// alias is empty.
func (t Table[T]) Parse(s string) (T, bool) { return t.parse(s, false) }

// ParseEn is [Table.Parse] that also matches each value's English name
// (En, in any case) in its row: for the enums whose files spell values in
// English as well as by code (goals' kinds, "economic benefit").
func (t Table[T]) ParseEn(s string) (T, bool) { return t.parse(s, true) }

func (t Table[T]) parse(s string, en bool) (T, bool) {
	s = strings.TrimSpace(s)
	for _, v := range t {
		if strings.EqualFold(s, v.Code) || s != "" && s == v.Zh || en && v.En != "" && strings.EqualFold(s, v.En) {
			return v.V, true
		}
		for _, a := range v.Aliases {
			if s == a {
				return v.V, true
			}
		}
	}
	var zero T
	return zero, false
}

// Texts returns every text t's lookup ([Table.ParseEn] with en, else
// [Table.Parse]) matches as written, in row order: each row's code (an
// empty code included, which matches the empty string), Chinese name,
// English name (with en) and aliases; empty names are left out, since
// they match nothing: the texts to build a [Spellings] from.
func (t Table[T]) Texts(en bool) []string {
	var out []string
	for _, v := range t {
		out = append(out, v.Code)
		if v.Zh != "" {
			out = append(out, v.Zh)
		}
		if en && v.En != "" {
			out = append(out, v.En)
		}
		out = append(out, v.Aliases...)
	}
	return out
}

// Want words the allowed values for an error message: "want a, b or c; 甲,
// 乙 or 丙", codes first, then the Chinese names; empty codes and names are
// left out, and the Chinese part when the type has none.
func (t Table[T]) Want() string {
	var codes, zh []string
	for _, v := range t {
		if v.Code != "" {
			codes = append(codes, v.Code)
		}
		if v.Zh != "" {
			zh = append(zh, v.Zh)
		}
	}
	w := "want " + List(codes)
	if len(zh) > 0 {
		w += "; " + List(zh)
	}
	return w
}

// List joins items as "a, b or c" ("a" for one, "" for none).
func List(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// Errorf returns an error whose text is the formatted message (which
// should begin with the sentinel's package prefix and say what was
// unknown) and which matches sentinel with errors.Is.
func Errorf(sentinel error, format string, args ...any) error {
	return &unknownError{msg: fmt.Sprintf(format, args...), sentinel: sentinel}
}

type unknownError struct {
	msg      string
	sentinel error
}

func (e *unknownError) Error() string { return e.msg }
func (e *unknownError) Unwrap() error { return e.sentinel }

// DecodeTable is [Decode] for an enum whose ParseX function is t's lookup
// ([Table.ParseEn] with en, else [Table.Parse]) with an error when nothing
// matches: it looks b up in t without building a string (the compiler
// keeps the conversion for a lookup that keeps nothing of it on the
// stack, for texts of up to 32 bytes; a longer one is allocated), and
// calls parse only for its error, when t has no match. A JSON document of
// many enum values, written as codes, then decodes them without an
// allocation each; for exact spellings of any length, use [Spellings].
func DecodeTable[T any](p *T, t Table[T], en bool, parse func(string) (T, error), b []byte) error {
	if v, ok := t.parse(string(b), en); ok {
		*p = v
		return nil
	}
	return Decode(p, parse, b)
}

// Decode sets *p to parse(string(b)), leaving *p unchanged on error: the
// body of an enum's UnmarshalText built on its ParseX function.
func Decode[T any](p *T, parse func(string) (T, error), b []byte) error {
	v, err := parse(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Spellings is the fast path of an enum's UnmarshalText whose parser does
// more than a table's lookup (a rule for the empty string, spellings
// outside the table, codes matched in one case only): the texts the
// parser accepts, exactly as written, each with the value the parser gives
// it, and the parser for everything else. It is built once, at package
// initialisation, by [MustSpellings] and never written, so it is safe for
// concurrent use.
type Spellings[T any] struct {
	values map[string]T
	parse  func(string) (T, error)
}

// MustSpellings returns the spellings of parse's enum: each of texts with
// the value parse gives it. It panics when parse rejects one of texts (a
// text listed by mistake), so for the package-level variable of an enum
// only.
func MustSpellings[T any](parse func(string) (T, error), texts ...string) Spellings[T] {
	m := make(map[string]T, len(texts))
	for _, s := range texts {
		v, err := parse(s)
		if err != nil {
			panic(fmt.Sprintf("enum: spelling %q: %v", s, err))
		}
		m[s] = v
	}
	return Spellings[T]{values: m, parse: parse}
}

// Decode is [Decode] with s's parser: it sets *p to the value of b when b
// is one of s's texts exactly as written, looked up without building a
// string (of any length), and otherwise to parse(string(b)), leaving *p
// unchanged on error. Since s holds parse's own values, *p and the error
// are parse's on every input; only the texts s holds skip the allocation,
// so a text in another case or padded with spaces is read, and a wrong one
// reported, as by [Decode].
func (s Spellings[T]) Decode(p *T, b []byte) error {
	if v, ok := s.values[string(b)]; ok {
		*p = v
		return nil
	}
	return Decode(p, s.parse, b)
}
