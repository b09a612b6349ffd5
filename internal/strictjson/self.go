package strictjson

import (
	"errors"
	"reflect"
)

// An Unmarshaler is a type that decodes itself in a [Decoder]'s one pass,
// reading its value from the Decoder's tokens rather than being handed the
// value's bytes to scan again (as a json.Unmarshaler is). A type
// implementing it must also implement json.Unmarshaler, which encoding/json
// and the long way of the Decoder's callers use, and the two must agree:
// UnmarshalStrictJSON accepts a subset of what UnmarshalJSON accepts and
// gives the same value, and refuses (any error) the rest. An error is never
// shown: it makes the Decoder fall back ([ErrFallback]), and the caller's
// long way, with its paths and positions, gets UnmarshalJSON's own error.
//
// UnmarshalStrictJSON is called on a zero value and must read exactly one
// value from in (a value it does not read is skipped).
type Unmarshaler interface {
	UnmarshalStrictJSON(in *Input) error
}

// errRefused is the error of an [Input] method whose value is not of the
// kind asked for, or is malformed.
var errRefused = errors.New("strictjson: value refused")

// An Input is a [Decoder]'s position in its document, handed to an
// [Unmarshaler]: each method reads one value there (a member's value, in
// [Input.Object]'s callback) and moves past it, or returns an error
// having read nothing the caller may rely on. It is valid only during the
// call it is passed to.
//
// An Input is the Decoder's own scan, seen through these methods: handing
// it out allocates nothing.
type Input scan

// Kind is the JSON type of the value at the position, as its first byte
// tells; malformed text is found by the method that reads it.
func (in *Input) Kind() Kind {
	s := (*scan)(in)
	if s.pos >= len(s.data) {
		return Null
	}
	switch c := s.data[s.pos]; {
	case c == '{':
		return Object
	case c == '[':
		return Array
	case c == '"':
		return String
	case c == 't' || c == 'f':
		return Bool
	case c == 'n':
		return Null
	}
	return Number
}

// Null reads a null, reporting whether the value was one; anything else
// is left to be read.
func (in *Input) Null() bool {
	s := (*scan)(in)
	return s.pos < len(s.data) && s.data[s.pos] == 'n' && s.null()
}

// String reads a JSON string, unescaped as encoding/json unescapes it
// (invalid UTF-8 replaced by U+FFFD).
func (in *Input) String() (string, error) {
	s := (*scan)(in)
	if s.pos >= len(s.data) || s.data[s.pos] != '"' {
		return "", errRefused
	}
	str, ok := s.str()
	if !ok {
		return "", errRefused
	}
	return str, nil
}

// Bool reads true or false.
func (in *Input) Bool() (bool, error) {
	s := (*scan)(in)
	if s.pos >= len(s.data) || s.data[s.pos] != 't' && s.data[s.pos] != 'f' {
		return false, errRefused
	}
	b, ok := s.boolean()
	if !ok {
		return false, errRefused
	}
	return b, nil
}

// Number reads a JSON number and returns its text, valid only during the
// call (the caller copies what it keeps, as ParseDecimal(string(raw))
// does).
func (in *Input) Number() ([]byte, error) {
	s := (*scan)(in)
	start := s.pos
	if start >= len(s.data) || !s.number() {
		return nil, errRefused
	}
	return s.data[start:s.pos], nil
}

// Skip reads a value of any kind, decoding nothing; when the Decoder is
// strict a key repeated in it is refused.
func (in *Input) Skip() error {
	s := (*scan)(in)
	s.dups = s.strict
	ok := s.skip(s.depth)
	s.dups = false
	if !ok {
		return errRefused
	}
	return nil
}

// Object reads a JSON object whose members are among names, calling
// member with each member's index in names and in (at the member's value)
// in document order. A key matches a name as encoding/json matches a
// struct field: exactly, else but for case. A key matching no name, or
// more than one but for case, and a name given twice (also in another
// case), are refused, as a strict decoding of a struct of these fields
// refuses them; member's error stops the reading and is returned. A value
// member does not read is skipped.
func (in *Input) Object(names []string, member func(i int, in *Input) error) error {
	s := (*scan)(in)
	if s.pos >= len(s.data) || s.data[s.pos] != '{' || s.depth >= MaxDepth || len(names) > 64 {
		return errRefused
	}
	s.pos++ // {
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		return nil
	}
	s.depth++
	err := in.members(names, member)
	s.depth--
	return err
}

// Members reads a JSON object of any keys, a map's, calling member with
// each key (unescaped as encoding/json unescapes it) and in (at the
// member's value) in document order; member's error stops the reading and
// is returned, and a value member does not read is skipped. Members does
// not look for a repeated key: a member that must not see a key twice
// refuses the second (encoding/json keeps the last, which the one pass
// need not copy: refusing sends the document the long way).
//
// Its loop is Object's (members) with the key unescaped instead of
// matched: one loop for both, taking the key's handling as a func value or
// a generic parameter, cost record decoding (history's
// DecodeRecord/one_pass) 2–4% or 16 allocations a record, measured
// 4 Dec 2026, so the two stay side by side.
func (in *Input) Members(member func(key string, in *Input) error) error {
	s := (*scan)(in)
	if s.pos >= len(s.data) || s.data[s.pos] != '{' || s.depth >= MaxDepth {
		return errRefused
	}
	s.pos++ // {
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		return nil
	}
	s.depth++
	defer func() { s.depth-- }()
	for {
		s.space()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return errRefused
		}
		key, ok := s.str()
		if !ok || !s.colon() {
			return errRefused
		}
		at := s.pos
		if err := member(key, in); err != nil {
			return err
		}
		if s.pos == at {
			if err := in.Skip(); err != nil {
				return err
			}
		}
		if !s.next('}') {
			if s.closed {
				return nil
			}
			return errRefused
		}
	}
}

// members is Object's loop, at the members' depth.
func (in *Input) members(names []string, member func(i int, in *Input) error) error {
	s := (*scan)(in)
	var seen uint64
	for {
		s.space()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return errRefused
		}
		key, ok := s.key()
		if !ok || !s.colon() {
			return errRefused
		}
		i, ambiguous := matchName(names, key)
		if i < 0 || ambiguous || seen&(1<<i) != 0 {
			return errRefused
		}
		seen |= 1 << i
		at := s.pos
		if err := member(i, in); err != nil {
			return err
		}
		if s.pos == at {
			if err := in.Skip(); err != nil {
				return err
			}
		}
		if !s.next('}') {
			if s.closed {
				return nil
			}
			return errRefused
		}
	}
}

var strictUnmarshalerType = reflect.TypeFor[Unmarshaler]()

// self decodes the value at pos into v, of a type that decodes itself.
func (s *scan) self(v reflect.Value, depth int) bool {
	in := (*Input)(s)
	start, outer := s.pos, s.depth
	s.depth = depth
	ok := v.Addr().Interface().(Unmarshaler).UnmarshalStrictJSON(in) == nil
	if ok && s.pos == start {
		ok = in.Skip() == nil
	}
	s.depth = outer
	return ok
}
