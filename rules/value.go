package rules

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"
	"unsafe"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/decexpr"
)

// Value is one typed output value (输出值).
type Value struct {
	// Name is the output's name and Type its declared type.
	Name string
	Type Type
	m    *valueMeta
	// The value in 24 bytes rather than a decexpr.Num and a string's 40
	// (a Value is most of what a result allocates): numbers (bools, dates
	// and integer types as integers) as c × 10^e, or x pointing to the
	// decimal.Decimal of a wide one; strings as x pointing to c bytes.
	c int64
	x unsafe.Pointer
	e int32
}

// num returns a number value (zero for a string).
func (v *Value) num() decexpr.Num {
	if v.m != nil && v.m.k == kString {
		return decexpr.Num{}
	}
	return decexpr.FromRaw(v.c, v.e, (*decimal.Decimal)(v.x))
}

// str returns a string value ("" for a number).
func (v *Value) str() string {
	if v.m == nil || v.m.k != kString || v.x == nil {
		return ""
	}
	return unsafe.String((*byte)(v.x), v.c)
}

// reset makes v the output called name of type t with no value yet,
// writing only what changes: EvalTo and Eval's scratch refill the same
// values for every environment, and each pointer written costs a write
// barrier while the garbage collector marks. The output's closure then
// sets the meta and the whole value (setNum, setStr), so the value's
// words are left as they are here.
func (v *Value) reset(name string, t Type) {
	if !sameString(v.Name, name) {
		v.Name = name
	}
	if !sameString(string(v.Type), string(t)) {
		v.Type = t
	}
}

// setNum stores an exact number (or a bool, date or integer as one).
func (v *Value) setNum(m *valueMeta, n decexpr.Num) {
	if v.m != m {
		v.m = m
	}
	c, e, w := n.Raw()
	v.c, v.e = c, e
	if x := unsafe.Pointer(w); v.x != x {
		v.x = x
	}
}

// setStr stores a string.
func (v *Value) setStr(m *valueMeta, s string) {
	if v.m != m {
		v.m = m
	}
	var x unsafe.Pointer
	if s != "" {
		x = unsafe.Pointer(unsafe.StringData(s))
	}
	v.c, v.e = int64(len(s)), 0
	if v.x != x {
		v.x = x
	}
}

// sameString reports whether a and b are the same string in memory (not
// only equal): the test before a pointer is written again.
func sameString(a, b string) bool {
	return len(a) == len(b) && unsafe.StringData(a) == unsafe.StringData(b)
}

// valueMeta is the static description of an output, shared by its values.
type valueMeta struct {
	typ Type
	k   kind
	ct  *customType
}

func (v Value) kind() kind {
	if v.m == nil {
		return kInvalid
	}
	return v.m.k
}

// Decimal returns a money or number value exactly; zero for other types.
func (v Value) Decimal() decimal.Decimal {
	if v.kind() != kNum {
		return decimal.Decimal{}
	}
	return v.num().Decimal()
}

// Parts returns a money or number value as coefficient × 10^exponent
// without allocating, when the coefficient fits in int64 (ok false
// otherwise, and for other types; use [Value.Decimal] then). Bulk callers
// use it to stay in integers where Decimal would allocate.
func (v Value) Parts() (coef int64, exp int32, ok bool) {
	if v.kind() != kNum {
		return 0, 0, false
	}
	return v.num().Parts()
}

// Bool returns a bool value; false for other types.
func (v Value) Bool() bool { return v.kind() == kBool && v.num().Int() != 0 }

// Time returns a date value as midnight UTC; the zero time for other types.
func (v Value) Time() time.Time {
	if v.kind() != kDate {
		return time.Time{}
	}
	return fromDays(v.num().Int())
}

// String returns the value as text: numbers as exact decimals, dates as
// YYYY-MM-DD, bools as true/false, registered types by their String method
// (or their underlying value).
func (v Value) String() string {
	switch v.kind() {
	case kNum:
		return v.num().String()
	case kString:
		return v.str()
	case kBool:
		if v.num().Int() != 0 {
			return "true"
		}
		return "false"
	case kDate:
		return fromDays(v.num().Int()).Format(dateLayout)
	case kInt:
		return fmt.Sprint(v.Any())
	}
	return ""
}

// Any returns the value as a Go value: decimal.Decimal for money and
// numbers, string, bool, time.Time for dates, or a value of the registered
// Go type for a type registered with WithType.
func (v Value) Any() any {
	if v.m != nil && v.m.ct != nil {
		x := reflect.New(v.m.ct.rt).Elem()
		switch {
		case v.m.k == kString:
			x.SetString(v.str())
		case x.CanInt():
			x.SetInt(v.num().Int())
		default:
			x.SetUint(uint64(v.num().Int()))
		}
		return x.Interface()
	}
	switch v.kind() {
	case kNum:
		return v.Decimal()
	case kString:
		return v.str()
	case kBool:
		return v.Bool()
	case kDate:
		return v.Time()
	}
	return nil
}

// MarshalJSON encodes v as {"name":…,"type":…,"value":…}, numbers as
// strings to keep them exact.
func (v Value) MarshalJSON() ([]byte, error) {
	var val any = v.String()
	if v.kind() == kBool {
		val = v.Bool()
	}
	return json.Marshal(struct {
		Name  string `json:"name"`
		Type  Type   `json:"type"`
		Value any    `json:"value"`
	}{v.Name, v.Type, val})
}
