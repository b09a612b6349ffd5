package evaluation

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/performance"
)

// PublishedFigures are the figures a report printed about a round of key or
// deep evaluations: how many projects, how much money, and the grade
// distribution as counts or as shares (in percent, to Places decimals), in
// the order 优, 良, 中, 差. Any may be missing (zero or empty).
type PublishedFigures struct {
	Projects int               `json:"projects"`
	Amount   decimal.Decimal   `json:"amount"`
	Counts   []int             `json:"counts,omitempty"`
	Shares   []decimal.Decimal `json:"shares,omitempty"`
	Places   int32             `json:"places,omitempty"`
}

// limits checks the places and counts against performance's limits.
func (p *PublishedFigures) limits() performance.Problems {
	var ps performance.Problems
	ps.AddLimit(performance.ValidatePlaces("places", int64(p.Places)))
	ps.AddLimit(performance.ValidateCount("projects", int64(p.Projects)))
	for i, n := range p.Counts {
		ps.AddLimit(performance.ValidateCount("counts["+strconv.Itoa(i)+"]", int64(n)))
	}
	return ps
}

// A KeyReport is one round of key or deep evaluations (重点评价, 深度绩效评价) as
// project-level data: the organisation, every project's evaluation, what
// results application needs of each project and department, and the
// figures the report published. The bundled samples in testdata/expost are
// KeyReports.
type KeyReport struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Year  int    `json:"year"`
	// Org is the organisation tree, as its nodes.
	Org         []performance.Node `json:"org"`
	Evaluations []KeyEvaluation    `json:"evaluations"`
	// Outcomes carry each evaluated project's unit, execution, carry-over
	// and request; their Grade and Score are filled from the evaluations.
	Outcomes    []ProjectOutcome    `json:"outcomes"`
	Departments []DepartmentOutcome `json:"departments"`
	Published   PublishedFigures    `json:"published"`
}

// A KeyReportResult is a KeyReport evaluated: every scorecard, the grade
// distribution, its comparison with the published figures and next year's
// consequences.
type KeyReportResult struct {
	// Scorecards are keyed by project ID, listed in Graded's order.
	Scorecards   map[string]*Scorecard     `json:"scorecards"`
	Graded       []Graded                  `json:"graded"`
	Distribution *performance.Distribution `json:"distribution"`
	Check        *PublishedCheck           `json:"check"`
	NextYear     *NextYear                 `json:"next_year,omitempty"`
	// Policy names the fiscal-year policy that decided this result; zero
	// (and left out of the JSON) when the stage ran outside package policy.
	Policy performance.PolicyRef `json:"policy,omitzero"`
}

// Evaluate scores every evaluation of the report under framework f, tallies
// the grades by count and amount, checks the published figures with c, and,
// when ap is not nil, applies the results-application policy with the
// grades and scores just computed (on copies of the outcomes) as of asOf.
// An evaluation that cannot be scored is left out and its error returned
// beside the rest.
func (r *KeyReport) Evaluate(f *Framework, ap *ApplyProgram, c performance.ShareCheck, asOf time.Time) (*KeyReportResult, error) {
	org, err := performance.NewOrg(r.Org)
	if err != nil {
		return nil, fmt.Errorf("evaluation: report %s: %w", r.ID, err)
	}
	res := &KeyReportResult{Scorecards: make(map[string]*Scorecard, len(r.Evaluations))}
	var errs []error
	for i := range r.Evaluations {
		k := &r.Evaluations[i]
		sc, err := k.Score(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		res.Scorecards[k.ProjectID] = sc
		res.Graded = append(res.Graded, Graded{ProjectID: k.ProjectID, Amount: k.Amount, Rating: sc.Rating, Grade: sc.Grade})
	}
	slices.SortFunc(res.Graded, func(a, b Graded) int { return cmp.Compare(a.ProjectID, b.ProjectID) })
	res.Distribution, err = Distribute(res.Graded)
	if err != nil {
		errs = append(errs, err)
	}
	stated := performance.PublishedShares{Total: r.Published.Projects, Labels: []string{"优", "良", "中", "差"},
		Shares: r.Published.Shares, Places: r.Published.Places}
	if ps := r.Published.limits(); len(ps) > 0 {
		errs = append(errs, fmt.Errorf("evaluation: report %s: %w", r.ID, ps.Prefix("published")))
	} else if res.Check, err = CheckPublished(res.Distribution, stated, r.Published.Amount, c); err != nil {
		errs = append(errs, err)
	}
	if ap != nil {
		outs := slices.Clone(r.Outcomes)
		for i := range outs {
			if sc, ok := res.Scorecards[outs[i].ProjectID]; ok {
				outs[i].Grade, outs[i].Score = sc.Grade, sc.Total
			}
		}
		ny, err := ap.Apply(outs, r.Departments, org, asOf)
		if err != nil {
			errs = append(errs, err)
		}
		res.NextYear = ny
	}
	return res, errors.Join(errs...)
}

// ParseKeyReport reads a report from JSON strictly (unknown members are
// problems with their paths) and checks that every evaluation has a
// project ID of its own and a non-negative amount, and that the published
// places and counts are within performance.MaxPlaces and
// performance.MaxCount (code performance.CodeLimit), all problems at once.
func ParseKeyReport(data []byte) (*KeyReport, error) {
	var r KeyReport
	if err := performance.DecodeJSON(data, &r); err != nil {
		return nil, fmt.Errorf("evaluation: report: %w", err)
	}
	var ps performance.Problems
	seen := make(map[string]bool, len(r.Evaluations))
	for i, k := range r.Evaluations {
		p := "evaluations[" + strconv.Itoa(i) + "]"
		if k.ProjectID == "" || seen[k.ProjectID] {
			ps.Add("bad_project_id", p+".project_id", "项目编号为空或重复："+k.ProjectID, "project id empty or duplicate: "+k.ProjectID)
		}
		seen[k.ProjectID] = true
		if k.Amount.IsNegative() {
			ps.Add("negative_amount", p+".amount", "金额不能为负", "amount must not be negative")
		}
	}
	ps = append(ps, r.Published.limits().Prefix("published")...)
	if err := ps.Err(); err != nil {
		return nil, fmt.Errorf("evaluation: report %s: %w", r.ID, err)
	}
	return &r, nil
}
