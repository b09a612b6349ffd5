package evaluation

import (
	"fmt"
	"slices"
	"strconv"

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

// A Graded is one project's final rating, as distributions count it: its
// amount in yuan, the band label of its scheme and the national grade.
type Graded struct {
	ProjectID string            `json:"project_id"`
	Amount    decimal.Decimal   `json:"amount"`
	Rating    string            `json:"rating,omitempty"`
	Grade     performance.Grade `json:"grade"`
}

// Distribute tallies graded projects by national grade, by count and by
// amount (等级分布). An ungraded project is not counted: it is reported as
// [performance.Problems] (code "ungraded") beside the distribution of the
// others.
func Distribute(gs []Graded) (*performance.Distribution, error) {
	d := performance.GradeDistribution()
	var ps performance.Problems
	for i, g := range gs {
		if err := d.AddGrade(g.Grade, g.Amount); err != nil {
			ps.Add("ungraded", "graded["+strconv.Itoa(i)+"].grade", "项目未评级："+g.ProjectID, "project not graded: "+g.ProjectID)
		}
	}
	return d, ps.Err()
}

// DistributeBands tallies graded projects by the band labels of scheme s
// (优秀/良好/一般/差, a 低 band, PART's ratings), in band order, then the
// labels of its overrides. A project whose Rating is none of them is
// reported as [performance.Problems] (code "unknown_rating").
func DistributeBands(gs []Graded, s performance.Scheme) (*performance.Distribution, error) {
	labels := make([]string, 0, len(s.Bands)+len(s.Overrides))
	for _, b := range s.Bands {
		labels = append(labels, b.Label)
	}
	for _, o := range s.Overrides {
		labels = append(labels, o.Label)
	}
	d, err := performance.NewDistribution(labels...)
	if err != nil {
		return nil, fmt.Errorf("evaluation: %w", err)
	}
	var ps performance.Problems
	for i, g := range gs {
		if err := d.Add(g.Rating, g.Amount); err != nil {
			ps.Add("unknown_rating", "graded["+strconv.Itoa(i)+"].rating", "未知评级："+g.Rating, "unknown rating "+g.Rating)
		}
	}
	return d, ps.Err()
}

// A PublishedCheck sets a distribution computed from project-level data
// beside the figures a report published, and checks the published figures
// for consistency with performance's [performance.ShareCheck].
type PublishedCheck struct {
	// Stated is what the report printed; StatedAmount its total amount in
	// yuan (zero when not printed).
	Stated       performance.PublishedShares `json:"stated"`
	StatedAmount decimal.Decimal             `json:"stated_amount"`
	// Computed is what the data give, at the stated places: the project
	// count and the count shares. Counts are per class, Amount in yuan.
	Computed performance.PublishedShares `json:"computed"`
	Counts   []int                       `json:"counts"`
	Amount   decimal.Decimal             `json:"amount"`
	// SharesMatch, TotalMatches and AmountMatches say whether the data
	// reproduce the stated shares, count and amount (a figure not stated
	// matches).
	SharesMatch   bool `json:"shares_match"`
	TotalMatches  bool `json:"total_matches"`
	AmountMatches bool `json:"amount_matches"`
	// Finding is performance's check of the stated figures alone: whether
	// any whole-number split of the stated total gives the stated shares.
	Finding performance.ShareFinding `json:"finding"`
}

// CheckPublished compares distribution d, computed from project-level data,
// with the published figures, and checks the published figures themselves
// with c. Stated shares may be empty (a report that printed counts only):
// SharesMatch is then true and Finding is left zero. Errors of the share
// check (invalid published figures) are returned wrapped.
func CheckPublished(d *performance.Distribution, stated performance.PublishedShares, statedAmount decimal.Decimal, c performance.ShareCheck) (*PublishedCheck, error) {
	pc := &PublishedCheck{Stated: stated, StatedAmount: statedAmount, Amount: d.TotalAmount()}
	for _, t := range d.Tallies {
		pc.Counts = append(pc.Counts, t.Count)
	}
	comp, err := d.Published(stated.Places)
	if err != nil {
		return nil, fmt.Errorf("evaluation: %w", err)
	}
	pc.Computed = comp
	pc.TotalMatches = stated.Total == 0 || stated.Total == comp.Total
	pc.AmountMatches = statedAmount.IsZero() || statedAmount.Equal(pc.Amount)
	pc.SharesMatch = true
	if len(stated.Shares) > 0 {
		pc.SharesMatch = len(stated.Shares) == len(comp.Shares)
		for i := 0; pc.SharesMatch && i < len(stated.Shares); i++ {
			pc.SharesMatch = stated.Shares[i].Equal(comp.Shares[i])
		}
		if pc.Finding, err = c.Check(stated); err != nil {
			return nil, fmt.Errorf("evaluation: %w", err)
		}
	}
	return pc, nil
}
