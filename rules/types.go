package rules

import (
	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// kind is the static type of a compiled sub-expression.
type kind uint8

const (
	kInvalid kind = iota
	kBool
	kNum    // exact number: decimal fields, integer fields, numeric literals
	kFloat  // float64 fields and what is computed from them
	kString // strings and string-kind types
	kDate   // calendar date as days since 1970-01-01
	kInt    // a registered integer-kind type
)

func (k kind) String() string {
	switch k {
	case kBool:
		return "bool"
	case kNum:
		return "exact number"
	case kFloat:
		return "float"
	case kString:
		return "string"
	case kDate:
		return "date"
	case kInt:
		return "integer"
	}
	return "invalid"
}

type typ struct {
	k  kind
	ct *customType // registered type, or nil
}

func (t typ) String() string {
	if t.ct != nil {
		return string(t.ct.name)
	}
	return t.k.String()
}

type (
	boolFn  func(*frame) bool
	numFn   func(*frame) decexpr.Num
	floatFn func(*frame) float64
	strFn   func(*frame) string
	intFn   func(*frame) int64 // dates (days) and integer-kind registered types
)

// cnode is a compiled sub-expression.
type cnode struct {
	t    typ
	fn   any // one of the *Fn types matching t.k
	lit  bool
	litF float64 // for numeric literals, the float value if a float is wanted
	idx  int     // index of its explanation node
	// direct marks a bool or string field of the environment itself, at
	// offset off, which operators may read without a closure call (only
	// in plain closures: recording ones must see every read).
	direct bool
	off    uintptr
}
