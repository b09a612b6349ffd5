package history

import "github.com/jixiao-go/jixiao/internal/exact"

// deltaSum accumulates one group's Delta (a department, region, year or
// all) in the kernel's exact sums: int64 coefficients while the amounts
// fit, which they do for every amount to the fen below ten trillion yuan,
// and decimals after. A decimal addition per amount per record allocated
// twice and was a tenth of a replay's time. The values are the decimal
// sums' exactly (exact.Sum is held to decimal addition by the kernel's
// fuzz test); only the exponent of a sum may differ (a sum of 1.50 and
// 0.50 may read 2 instead of 2.00), which neither the JSON encoding nor
// the renderings (StringFixed(2)) show.
type deltaSum struct {
	id, name string
	projects int
	// approved, next year's amount and recovered, under A ([0]) and B ([1]).
	approved, nextYear, recovered [2]exact.Sum
}

func (s *deltaSum) add(a, b *Decisions) {
	s.projects++
	addSide(&s.approved[0], &s.nextYear[0], &s.recovered[0], a)
	addSide(&s.approved[1], &s.nextYear[1], &s.recovered[1], b)
}

func addSide(approvedSum, nextSum, recoveredSum *exact.Sum, d *Decisions) {
	if d.ExAnte != nil {
		approvedSum.Add(d.ExAnte.Approved)
	}
	if d.NextYear != nil {
		nextSum.Add(d.NextYear.Amount)
		recoveredSum.Add(d.NextYear.Recovered)
	}
}

func (s *deltaSum) merge(o *deltaSum) {
	s.projects += o.projects
	for i := range 2 {
		s.approved[i].Add(o.approved[i].Value())
		s.nextYear[i].Add(o.nextYear[i].Value())
		s.recovered[i].Add(o.recovered[i].Value())
	}
}

// delta returns the finished Delta: the sums and B − A.
func (s *deltaSum) delta() Delta {
	d := Delta{ID: s.id, Name: s.name, Projects: s.projects,
		ApprovedA: s.approved[0].Value(), ApprovedB: s.approved[1].Value(),
		NextYearA: s.nextYear[0].Value(), NextYearB: s.nextYear[1].Value(),
		RecoveredA: s.recovered[0].Value(), RecoveredB: s.recovered[1].Value()}
	d.finish()
	return d
}
