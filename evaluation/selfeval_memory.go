package evaluation

import (
	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/decexpr"
	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/internal/intern"
	"github.com/jixiao-go/jixiao/internal/slab"
	"github.com/jixiao-go/jixiao/performance"
)

// resultMemory is a SelfBatch worker's memory for the results it returns,
// so that a batch's results cost a few large allocations instead of
// several per form. Scores, totals and deviation sizes are figures of a few
// digits that repeat from form to form (a total at two places is one of
// the 10,001 values 0.00–100.00): they are interned, every result that has
// one sharing its decimal (internal/intern's Scaled). Deviation lists are
// cut from slabs (internal/slab). A nil *resultMemory builds every decimal
// and list anew, as a single Reconcile does; both give equal results
// (value and exponent), as TestSelfBatchMatchesReconcile checks.
//
// Keeping any result keeps its block alive: a batch's results are meant to
// be kept, or dropped, together.
type resultMemory struct {
	values intern.Scaled // Step 1
	// devs is the scratch the deviations of one form are listed in;
	// kept is the slab the results' lists are cut from.
	devs []Deviation
	kept slab.Slab[Deviation]
	// bands grades totals held as integers.
	bands gradeBands
}

// newResultMemory returns a worker's empty memory: decimals interned at
// every coefficient step, lists cut from slabs.
func newResultMemory() resultMemory {
	return resultMemory{values: intern.Scaled{Step: 1}, kept: slab.Slab[Deviation]{On: true}}
}

// gradeBands holds a scheme's band floors as integers at places, so that
// a total held as an integer is graded without reading its decimal back
// (an interned decimal's coefficient lies elsewhere in memory): ok is
// false when a floor has more places, and scheme.Grade grades then.
type gradeBands struct {
	set, ok bool
	places  int32
	mins    []int64
	hundred int64
}

// prepare sets g for scheme's bands at places.
func (g *gradeBands) prepare(scheme performance.Scheme, places int32) {
	g.set, g.places, g.mins = true, places, g.mins[:0]
	g.hundred, g.ok = exact.Scale(100, places)
	for _, b := range scheme.Bands {
		v, ok := exact.FromDecimal(b.Min)
		var c int64
		if ok {
			c, ok = exact.AtPlaces(v, places)
		}
		g.ok = g.ok && ok
		g.mins = append(g.mins, c)
	}
}

// grade returns scheme.Grade(total); n is total as a decexpr.Num. A total
// of 0–100 held small at places of the scheme's floors is graded on
// integers, as Grade does it (no flags: overrides do not apply; the first
// band whose floor the total reaches); any other, and every error, by
// Grade itself.
func (m *resultMemory) grade(scheme performance.Scheme, total decimal.Decimal, n decexpr.Num) (performance.Band, error) {
	if c, e, small := n.Parts(); m != nil && small && e <= 0 {
		g := &m.bands
		if !g.set || g.places != -e {
			g.prepare(scheme, -e)
		}
		if g.ok && c >= 0 && c <= g.hundred {
			for i, lo := range g.mins {
				if c >= lo {
					return scheme.Bands[i], nil
				}
			}
		}
	}
	return scheme.Grade(total)
}

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
	if len(ds) == 0 {
		return nil
	}
	out := m.kept.Take(len(ds))
	copy(out, ds)
	return out
}
