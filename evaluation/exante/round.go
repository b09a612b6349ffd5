package exante

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// RoundFigures are the totals of a group of assessments (a round, or one
// department or region within it): how many projects, and the submitted
// (送审), reduced (审减), increased (审增), approved (审定) and net reduced
// (净审减) amounts in yuan, with the reduction rate (审减率).
type RoundFigures struct {
	// ID is the department or region node's ID; "" for a whole round, or
	// for the projects whose unit the Org does not place.
	ID string `json:"id"`
	// Name is the node's name, 合计 for a whole round, 未归属 for projects the
	// Org does not place.
	Name       string          `json:"name"`
	Projects   int             `json:"projects"`
	Submitted  decimal.Decimal `json:"submitted"`
	Reduced    decimal.Decimal `json:"reduced"`
	Increased  decimal.Decimal `json:"increased"`
	Approved   decimal.Decimal `json:"approved"`
	NetReduced decimal.Decimal `json:"net_reduced"`
	// ReductionRate is Reduced ÷ Submitted as a percentage, pooled over the
	// group (not a mean of project rates), rounded half up to the places
	// asked; zero when nothing was submitted.
	ReductionRate decimal.Decimal `json:"reduction_rate"`
}

// Rate returns the exact pooled reduction rate Reduced ÷ Submitted, or
// performance.ErrZeroDenominator for a group that submitted nothing.
func (f *RoundFigures) Rate() (performance.Ratio, error) {
	return performance.NewRatio(f.Reduced, f.Submitted)
}

func (f *RoundFigures) add(a *Assessment) {
	f.Projects++
	f.Submitted = f.Submitted.Add(a.Submitted)
	f.Reduced = f.Reduced.Add(a.Reduced)
	f.Increased = f.Increased.Add(a.Increased)
	f.Approved = f.Approved.Add(a.Approved)
	f.NetReduced = f.NetReduced.Add(a.NetReduced())
}

func (f *RoundFigures) finish(places int32) {
	if r, err := f.Rate(); err == nil {
		f.ReductionRate = r.Percent(places)
	}
}

// A RoundSummary sums the assessments of one budget round (一上, 二上, …), or
// of all rounds when Round is 0, in total, per department and per region.
// The departments' figures add up exactly to Total, and so do the regions'.
type RoundSummary struct {
	// Round is the budget round; 0 means all rounds pooled.
	Round       int            `json:"round"`
	Total       RoundFigures   `json:"total"`
	Departments []RoundFigures `json:"departments,omitempty"`
	Regions     []RoundFigures `json:"regions,omitempty"`
	// Policy names the fiscal-year policy that decided this result; zero
	// (and left out of the JSON) when the stage ran outside package policy.
	Policy performance.PolicyRef `json:"policy,omitzero"`
}

// Unassigned is the Name of the group that collects projects whose unit the
// Org does not know or does not place under a department or region.
const Unassigned = "未归属"

// SummarizeRounds sums assessments per round, in ascending round order, and
// then over all rounds (Round 0, last). Reduction rates are pooled
// (total reduced ÷ total submitted) and rounded half up to places decimals
// of a percent (2 in the reports: 19.13). With a nil org only totals are
// given; otherwise each project is placed by its unit: its department is
// the nearest department above the unit, its region the nearest region
// (市本级 or a district), and groups come in the org's tree order (as
// [performance.Org.Nodes] lists them).
//
// Round 0 sums every assessment given: a project submitted in two rounds
// (一上 and again in 二上) counts in each, as the rounds' reports count it.
//
// A unit the org does not know is counted under [Unassigned] so that the
// parts still add up to the totals, and reported in the error as
// [performance.Problems] with code "unknown_unit" and path
// "assessments[i].unit_id", one per project. Places outside 0 to
// performance.MaxPlaces give a wrapped *performance.LimitError and no
// summaries.
func SummarizeRounds(as []*Assessment, org *performance.Org, places int32) ([]RoundSummary, error) {
	if err := performance.ValidatePlaces("places", int64(places)); err != nil {
		return nil, fmt.Errorf("exante: summarize rounds: %w", err)
	}
	// Each round's assessments, by index: every assessment is visited once
	// per summary it counts in (its round's and the total), however many
	// rounds there are.
	var rounds []int
	inRound := make(map[int][]int)
	all := make([]int, len(as))
	for i, a := range as {
		if _, ok := inRound[a.Round]; !ok {
			rounds = append(rounds, a.Round)
		}
		inRound[a.Round] = append(inRound[a.Round], i)
		all[i] = i
	}
	slices.Sort(rounds)
	var ps performance.Problems
	dept := make([]string, len(as))
	region := make([]string, len(as))
	if org != nil {
		for i, a := range as {
			_, known := org.Node(a.UnitID)
			if !known {
				ps.Add("unknown_unit", "assessments["+strconv.Itoa(i)+"].unit_id",
					"预算单位 "+a.UnitID+" 不在组织机构中", "unit "+a.UnitID+" is not in the organisation")
			}
			if n, ok := org.Ancestor(a.UnitID, performance.NodeDepartment); ok {
				dept[i] = n.ID
			}
			if n, ok := org.Ancestor(a.UnitID, performance.NodeRegion); ok {
				region[i] = n.ID
			}
		}
	}
	var pos map[string]int // each node's position in the org's tree order
	if org != nil {
		nodes := org.Nodes()
		pos = make(map[string]int, len(nodes))
		for i, n := range nodes {
			pos[n.ID] = i
		}
	}
	out := make([]RoundSummary, 0, len(rounds)+1)
	for _, r := range append(rounds, 0) {
		s := RoundSummary{Round: r, Total: RoundFigures{Name: "合计"}}
		byDept := map[string]*RoundFigures{}
		byRegion := map[string]*RoundFigures{}
		idx := inRound[r]
		if r == 0 {
			idx = all
		}
		for _, i := range idx {
			a := as[i]
			s.Total.add(a)
			if org != nil {
				roundGroup(byDept, dept[i]).add(a)
				roundGroup(byRegion, region[i]).add(a)
			}
		}
		s.Total.finish(places)
		if org != nil {
			s.Departments = orderGroups(byDept, org, pos, places)
			s.Regions = orderGroups(byRegion, org, pos, places)
		}
		out = append(out, s)
	}
	return out, ps.Err()
}

func roundGroup(m map[string]*RoundFigures, id string) *RoundFigures {
	f := m[id]
	if f == nil {
		f = &RoundFigures{ID: id}
		m[id] = f
	}
	return f
}

// orderGroups lists the groups in the org's tree order (pos gives each
// node's position), the unassigned last. It costs the number of groups, not
// the size of the org.
func orderGroups(m map[string]*RoundFigures, org *performance.Org, pos map[string]int, places int32) []RoundFigures {
	out := make([]RoundFigures, 0, len(m))
	ids := make([]string, 0, len(m))
	for id := range m {
		if _, ok := pos[id]; ok {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(pos[a], pos[b]) })
	for _, id := range ids {
		f := m[id]
		n, _ := org.Node(id)
		f.Name = n.Name
		f.finish(places)
		out = append(out, *f)
	}
	if f := m[""]; f != nil {
		f.Name = Unassigned
		f.finish(places)
		out = append(out, *f)
	}
	return out
}
