package evaluation

import (
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/decexpr"
	"github.com/jixiao-go/jixiao/internal/intern"
)

// resultMemory is a SelfBatch worker's memory for the results it returns,
// so that a batch's results cost a few large allocations instead of
// several per form. Scores, totals and deviation sizes are figures of a few
// digits that repeat from form to form (a total at two places is one of
// the 10,001 values 0.00–100.00): they are interned, every result that has
// one sharing its decimal. Deviation lists are cut from blocks of
// devBlock. A nil *resultMemory builds every decimal and list anew, as a
// single Reconcile does; both give equal results (value and exponent),
// as TestSelfBatchMatchesReconcile checks.
//
// Keeping any result keeps its block alive: a batch's results are meant to
// be kept, or dropped, together.
type resultMemory struct {
	values intern.Values
	// devs is the scratch the deviations of one form are listed in;
	// free is what is left of the current block.
	devs, free []Deviation
}

// devBlock is the number of deviations of one block (about 56 KB).
const devBlock = 512

// decimal returns n as a decimal.Decimal, interned when it is small.
func (m *resultMemory) decimal(n decexpr.Num) decimal.Decimal {
	if m != nil {
		if c, e, ok := n.Parts(); ok {
			return m.values.Get(c, e)
		}
	}
	return n.Decimal()
}

// units returns units × 10^-places, interned when m is not nil.
func (m *resultMemory) units(units int64, places int32) decimal.Decimal {
	if m == nil {
		return decimal.New(units, -places)
	}
	return m.values.Get(units, -places)
}

// scratch returns an empty list to append a form's deviations to: m's
// reused scratch, or nil.
func (m *resultMemory) scratch() []Deviation {
	if m == nil {
		return nil
	}
	return m.devs[:0]
}

// keep returns ds, a list begun with scratch, as the result's own: a copy
// cut from the current block, capped at its length so that appending to
// it never writes into the next form's, or nil when ds is empty. With m
// nil, ds is already the result's and is returned as it is.
func (m *resultMemory) keep(ds []Deviation) []Deviation {
	if m == nil {
		return ds
	}
	m.devs = ds[:0] // the scratch keeps what it has grown to
	n := len(ds)
	switch {
	case n == 0:
		return nil
	case n > devBlock/8:
		return append([]Deviation(nil), ds...)
	case n > len(m.free):
		m.free = make([]Deviation, devBlock)
	}
	out := m.free[:n:n]
	m.free = m.free[n:]
	copy(out, ds)
	return out
}
