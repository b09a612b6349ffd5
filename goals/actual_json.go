package goals

import (
	"reflect"
	"time"

	"github.com/jixiao-go/jixiao/internal/strictjson"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// actualDecoder decodes an actual given to UnmarshalJSON in one pass
// (with UnmarshalStrictJSON), strictly; what it refuses goes the long
// way, which names the problem. It is prepared here and only read after,
// so concurrent decodings may share it. Inside a document read by
// performance.DecodeJSON an actual is decoded in that document's one
// pass, and UnmarshalJSON is not called: a self-evaluation form's
// actuals, one per indicator, each took a strict decoder of their own
// (its type plans worked out again) and a third of the form's decoding.
var actualDecoder = func() *strictjson.Decoder {
	d := &strictjson.Decoder{Strict: true}
	d.Prepare(reflect.TypeFor[Actual]())
	return d
}()

// actualMembers are actualJSON's members, in the order of its fields.
var actualMembers = [...]string{"value", "unit", "date", "rating", "point"}

// UnmarshalStrictJSON decodes the actual in the one pass of the library's
// strict decoder (performance.DecodeJSON), from its tokens: the value
// UnmarshalJSON gives, as it would decode it. Whatever UnmarshalJSON would
// refuse (an unknown or repeated member, a decimal ParseDecimal refuses,
// a date or rating it cannot read, a member of the wrong JSON type) is
// refused, and the decoder's long way gets UnmarshalJSON's error.
func (a *Actual) UnmarshalStrictJSON(in *strictjson.Input) error {
	if in.Null() {
		return nil // as UnmarshalJSON("null"): a zero actual
	}
	var v Actual
	err := in.Object(actualMembers[:], func(i int, in *strictjson.Input) error {
		if in.Null() {
			return nil // as encoding/json: the field left as it is
		}
		switch i {
		case 0, 4: // value, point: a JSON number, or a string holding one
			var text string
			switch in.Kind() {
			case strictjson.String:
				s, err := in.String()
				if err != nil {
					return err
				}
				text = s
			case strictjson.Number:
				raw, err := in.Number()
				if err != nil {
					return err
				}
				text = string(raw)
			default:
				return errNotOnePass
			}
			d, err := performance.ParseDecimal(text) // exponent held to MaxExponent
			if err != nil {
				return err
			}
			if i == 0 {
				v.Value = decimal.NewNullDecimal(d)
			} else {
				v.Point = decimal.NewNullDecimal(d)
			}
			return nil
		}
		s, err := in.String()
		if err != nil {
			return err
		}
		switch i {
		case 1:
			v.Unit = s
		case 2:
			if s != "" {
				d, err := time.Parse(time.DateOnly, s)
				if err != nil {
					return err
				}
				v.Date = d
			}
		case 3:
			return v.Rating.UnmarshalText([]byte(s))
		}
		return nil
	})
	if err != nil {
		return err
	}
	*a = v
	return nil
}
