package exante

import "github.com/shopspring/decimal"

// A ScoreShare is the combined expert scores (专家综合评分, see
// [CombinedScore]) of one batch of submissions, combined once and reused
// by every [Assessor] assessing the same batch whose scoring sheet
// combines as the first one's does: the same items, weights, dimensions,
// method and places (see [Assessor.AssessEachShared]).
// A backtest assessing one batch under two policies that keep the sheet
// combines each project's expert sheets once instead of twice.
//
// The first assessor to use a share binds it to its sheet and to the
// batch's length; an assessor whose sheet is not equal to it, compared
// field by field with decimals equal in value and exponent, or a batch of
// another length, neither reads nor fills it and combines for itself. A
// score is reused only for a submission whose Experts is the very slice
// (same first element, same length) it was combined from; a sheet that
// could not be combined is not kept, so its error is found again.
//
// The zero value is an empty share, ready for one batch. A share is not
// safe for concurrent use, and the experts' sheets must not change while
// it is in use: the assessments of the assessors sharing it share their
// Score, which nothing may modify.
type ScoreShare struct {
	sheet  *scoreSheet
	scores []sharedScore
}

// sharedScore is a submission's combined score and the experts' sheets it
// was combined from, by identity.
type sharedScore struct {
	first *Expert
	n     int
	score *CombinedScore
}

// bind returns the share's slots for a batch of n submissions assessed on
// sh, binding an unbound share; nil when the share is nil or bound to
// another sheet or length.
func (s *ScoreShare) bind(sh *scoreSheet, n int) []sharedScore {
	switch {
	case s == nil:
		return nil
	case s.sheet == nil:
		s.sheet, s.scores = sh, make([]sharedScore, n)
	case len(s.scores) != n || !s.sheet.same(sh):
		return nil
	}
	return s.scores
}

// get returns the score kept for experts, or nil; a nil slot keeps none.
func (sl *sharedScore) get(experts []Expert) *CombinedScore {
	if sl == nil || sl.score == nil || sl.n != len(experts) || sl.first != &experts[0] {
		return nil
	}
	return sl.score
}

// put keeps score, combined from experts (not empty), in a slot not nil.
func (sl *sharedScore) put(experts []Expert, score *CombinedScore) {
	if sl != nil {
		*sl = sharedScore{first: &experts[0], n: len(experts), score: score}
	}
}

// same reports whether sheets sh and o combine every set of experts'
// sheets into the same scores and problems: conservatively, whether every
// field combine reads, or derives from, is equal, decimals in value and
// exponent (so that they print the same).
func (sh *scoreSheet) same(o *scoreSheet) bool {
	if sh == o {
		return true
	}
	if sh.fast != o.fast || sh.method != o.method || sh.places != o.places ||
		len(sh.items) != len(o.items) || len(sh.dims) != len(o.dims) || len(sh.dimWeight) != len(o.dimWeight) {
		return false
	}
	for i, it := range sh.items {
		ot := o.items[i]
		if it.ID != ot.ID || it.Dimension != ot.Dimension || it.Name != ot.Name || !sameDigits(it.Weight, ot.Weight) ||
			sh.weights[i] != o.weights[i] || sh.dimOf[i] != o.dimOf[i] {
			return false
		}
	}
	for i, d := range sh.dims {
		od := o.dims[i]
		if d.Code != od.Code || d.Name != od.Name || d.Source != od.Source || !sameDigits(d.Weight, od.Weight) {
			return false
		}
	}
	for i, w := range sh.dimWeight {
		if !sameDigits(w, o.dimWeight[i]) {
			return false
		}
	}
	return true
}

// sameDigits reports whether x and y are the same decimal, equal in value
// and in exponent (10 and 10.0 are not), as a sheet's weights must be for
// two sheets' scores to print alike. Equal exponents compare without
// allocating.
func sameDigits(x, y decimal.Decimal) bool {
	return x.Exponent() == y.Exponent() && x.Cmp(y) == 0
}
