package evaluation

import (
	"slices"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/performance"
)

// gradeScore grades score under s, giving the band's label and grade, or
// "" and GradeNone when s has no band for it (a zero Scheme grades nothing).
func gradeScore(s performance.Scheme, score decimal.Decimal) (string, performance.Grade) {
	b, err := s.Grade(score)
	if err != nil {
		return "", performance.GradeNone
	}
	return b.Label, b.Grade
}

func sortedIDs[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
