package exact

import "github.com/shopspring/decimal"

// Sum adds decimals exactly: as an int64 coefficient at a common exponent
// while the terms fit, as a decimal after. The zero value is an empty sum.
type Sum struct {
	c   int64
	e   int32
	d   decimal.Decimal
	big bool // the sum has moved to d
}

// Add adds x.
func (s *Sum) Add(x decimal.Decimal) {
	if !s.big {
		if v, ok := FromDecimal(x); ok && s.AddFixed(v) {
			return
		}
		s.d, s.big = decimal.New(s.c, s.e), true
	}
	s.d = s.d.Add(x)
}

// AddFixed adds v in int64 arithmetic, or reports false (leaving s
// unchanged) when the sum has moved to a decimal, or aligning the
// exponents or the sum overflows.
func (s *Sum) AddFixed(v Fixed) bool {
	if s.big {
		return false
	}
	a, b := Fixed{C: s.c, E: s.e}, v
	if a.C == 0 {
		a.E = b.E
	}
	if b.C == 0 {
		return true
	}
	var ok bool
	if a.E > b.E {
		if a.C, ok = Scale(a.C, a.E-b.E); !ok {
			return false
		}
		a.E = b.E
	} else if b.E > a.E {
		if b.C, ok = Scale(b.C, b.E-a.E); !ok {
			return false
		}
	}
	c := a.C + b.C
	if (c > a.C) != (b.C > 0) {
		return false // overflow
	}
	s.c, s.e = c, a.E
	return true
}

// Value returns the sum as a decimal.
func (s *Sum) Value() decimal.Decimal {
	if s.big {
		return s.d
	}
	return decimal.New(s.c, s.e)
}

// Cmp compares the sum with d.
func (s *Sum) Cmp(d decimal.Decimal) int {
	if !s.big {
		if v, ok := FromDecimal(d); ok {
			if c, ok := Cmp(Fixed{C: s.c, E: s.e}, v); ok {
				return c
			}
		}
	}
	return s.Value().Cmp(d)
}
