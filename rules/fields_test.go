package rules_test

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/rules"
)

// kinds holds one field of every Go kind the compiler reads with an unsafe
// field reader, so each reader is exercised directly on the environment,
// through a pointer that is set, and through one that is nil.
type kinds struct {
	I    int
	I8   int8
	I16  int16
	I32  int32
	I64  int64
	U    uint
	U8   uint8
	U16  uint16
	U32  uint32
	U64  uint64
	F32  float32
	F64  float64
	B    bool
	S    string
	D    decimal.Decimal
	In   *kinds
	Skip [3]int // an unreadable kind, never read
}

func fullKinds() kinds {
	return kinds{
		I: -7, I8: math.MinInt8, I16: math.MaxInt16, I32: math.MinInt32, I64: math.MaxInt64,
		U: 42, U8: math.MaxUint8, U16: math.MaxUint16, U32: math.MaxUint32, U64: math.MaxUint64,
		F32: 0.5, F64: -2.25, B: true, S: "教育", D: decimal.RequireFromString("1234.56"),
	}
}

// TestFieldReaders reads every field kind and compares it with the Go
// value itself: integers exactly, including the extremes of each width
// (uint64's maximum, 18446744073709551615, exceeds int64 and is kept as
// a wide decimal); float32 0.5 and float64 -2.25 are exact in binary.
func TestFieldReaders(t *testing.T) {
	k := fullKinds()
	want := map[string]string{
		"I": "-7", "I8": "-128", "I16": "32767", "I32": "-2147483648", "I64": "9223372036854775807",
		"U": "42", "U8": "255", "U16": "65535", "U32": "4294967295", "U64": "18446744073709551615",
		"F32": "0.5", "F64": "-2.25", "D": "1234.56",
	}
	inner := k
	for _, explain := range []bool{false, true} {
		for name, w := range want {
			for _, path := range []string{name, "In." + name} {
				p, err := rules.Compile[kinds](&rules.Set{ID: "k", Rules: []rules.Rule{
					one("R", "true", out("x", rules.TypeNumber, path)),
				}})
				require.NoError(t, err, path)
				env := k
				env.In = &inner
				res, err := p.Eval(&env, rules.EvalOptions{Explain: explain})
				require.NoError(t, err)
				require.Len(t, res.Fired, 1, "%s: %v", path, res.Errors)
				v, _ := res.Fired[0].Output("x")
				assert.Equal(t, w, v.Decimal().String(), "%s explain=%v", path, explain)

				// Through a nil pointer the field has no value: the rule
				// is reported with an error and does not fire.
				env.In = nil
				res, err = p.Eval(&env, rules.EvalOptions{Explain: explain})
				require.NoError(t, err)
				if path != name {
					assert.Empty(t, res.Fired, "%s through nil", path)
					assert.Len(t, res.Errors, 1, "%s through nil", path)
				} else {
					assert.Len(t, res.Fired, 1, path)
				}
			}
		}
		for _, path := range []string{"B && S == '教育'", "In.B && In.S == '教育'"} {
			p, err := rules.Compile[kinds](&rules.Set{ID: "k", Rules: []rules.Rule{one("R", path)}})
			require.NoError(t, err, path)
			env := k
			env.In = &inner
			res, err := p.Eval(&env, rules.EvalOptions{Explain: explain})
			require.NoError(t, err)
			assert.Len(t, res.Fired, 1, "%s explain=%v %v", path, explain, res.Errors)
		}
	}
}
