package evaluation

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
)

// Aspect is one thing full coverage (全覆盖) asks of every project. The zero
// value is AspectGoals.
type Aspect uint8

const (
	// AspectGoals: the project carries performance goals (绩效目标).
	AspectGoals Aspect = iota
	// AspectMonitoring: the project was under in-year monitoring (绩效运行监控).
	AspectMonitoring
	// AspectSelfEvaluation: the unit self-evaluated it (单位自评).
	AspectSelfEvaluation
	// AspectKeyEvaluation: the bureau evaluated it (重点评价).
	AspectKeyEvaluation
)

// Aspects lists the aspects in report order. It returns a fresh slice.
func Aspects() []Aspect {
	return []Aspect{AspectGoals, AspectMonitoring, AspectSelfEvaluation, AspectKeyEvaluation}
}

// String returns the code: "goals", "monitoring", "self_evaluation" or
// "key_evaluation".
func (a Aspect) String() string { return aspectTable.String(int(a), "Aspect") }

// Name returns the aspect's name in the given language.
func (a Aspect) Name(l performance.Lang) string { return aspectTable.Name(int(a), l, "Aspect") }

// MarshalText encodes the aspect as its code.
func (a Aspect) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// A CoverageItem is one project as full coverage counts it: its unit, its
// amount in yuan, and which of the aspects it has.
type CoverageItem struct {
	ProjectID      string          `json:"project_id"`
	UnitID         string          `json:"unit_id"`
	Amount         decimal.Decimal `json:"amount"`
	Goals          bool            `json:"goals"`
	Monitoring     bool            `json:"monitoring"`
	SelfEvaluation bool            `json:"self_evaluation"`
	KeyEvaluation  bool            `json:"key_evaluation"`
}

func (it CoverageItem) has(a Aspect) bool {
	switch a {
	case AspectGoals:
		return it.Goals
	case AspectMonitoring:
		return it.Monitoring
	case AspectSelfEvaluation:
		return it.SelfEvaluation
	default:
		return it.KeyEvaluation
	}
}

// An AspectCoverage is the coverage of one aspect within one line: how
// many projects and how much money have it, and the exact shares of the
// line's projects and money (show them with Ratio.Percent). A share of a
// line with no money is an invalid Ratio.
type AspectCoverage struct {
	Aspect       Aspect            `json:"aspect"`
	Projects     int               `json:"projects"`
	Amount       decimal.Decimal   `json:"amount"`
	ProjectShare performance.Ratio `json:"project_share"`
	AmountShare  performance.Ratio `json:"amount_share"`
}

// A CoverageLine is the coverage of all projects, of one department or of
// one region.
type CoverageLine struct {
	// Node is the department or region; zero for the total line.
	Node     performance.Node `json:"node"`
	Projects int              `json:"projects"`
	Amount   decimal.Decimal  `json:"amount"`
	// Aspects are in the order of [Aspects].
	Aspects []AspectCoverage `json:"aspects"`
}

// Aspect returns the line's coverage of a.
func (l CoverageLine) Aspect(a Aspect) AspectCoverage {
	for _, c := range l.Aspects {
		if c.Aspect == a {
			return c
		}
	}
	return AspectCoverage{Aspect: a}
}

// Coverage is full coverage (全覆盖) measured over a set of projects: the
// total, per department and per region.
type Coverage struct {
	Total CoverageLine `json:"total"`
	// Departments and Regions are sorted by node ID.
	Departments []CoverageLine `json:"departments"`
	Regions     []CoverageLine `json:"regions"`
}

// MeasureCoverage measures the share of projects and of money covered by
// goals, monitoring, self-evaluation and key evaluation, in total and per
// department and region of org (a unit's nearest department and region).
// Items without a known unit, duplicates and negative amounts are left out
// and reported as [performance.Problems] beside the coverage of the others.
func MeasureCoverage(items []CoverageItem, org *performance.Org) (*Coverage, error) {
	var ps performance.Problems
	newLine := func(n performance.Node) *CoverageLine {
		l := &CoverageLine{Node: n, Aspects: make([]AspectCoverage, 0, len(aspectTable))}
		for _, a := range Aspects() {
			l.Aspects = append(l.Aspects, AspectCoverage{Aspect: a})
		}
		return l
	}
	add := func(l *CoverageLine, it CoverageItem) {
		l.Projects++
		l.Amount = l.Amount.Add(it.Amount)
		for i := range l.Aspects {
			if it.has(l.Aspects[i].Aspect) {
				l.Aspects[i].Projects++
				l.Aspects[i].Amount = l.Aspects[i].Amount.Add(it.Amount)
			}
		}
	}
	total := newLine(performance.Node{})
	depts := make(map[string]*CoverageLine)
	regions := make(map[string]*CoverageLine)
	seen := make(map[string]bool, len(items))
	for i, it := range items {
		p := "items[" + strconv.Itoa(i) + "]"
		if it.ProjectID == "" || seen[it.ProjectID] {
			ps.Add("bad_project_id", p+".project_id", "项目编号为空或重复："+it.ProjectID, "project id empty or duplicate: "+it.ProjectID)
			continue
		}
		seen[it.ProjectID] = true
		if it.Amount.IsNegative() {
			ps.Add("negative_amount", p+".amount", "金额不能为负", "amount must not be negative")
			continue
		}
		if _, ok := org.Node(it.UnitID); !ok {
			ps.Add("unknown_unit", p+".unit_id", "未知预算单位："+it.UnitID, "unknown unit "+it.UnitID)
			continue
		}
		add(total, it)
		for _, g := range []struct {
			kind  performance.NodeKind
			lines map[string]*CoverageLine
		}{{performance.NodeDepartment, depts}, {performance.NodeRegion, regions}} {
			n, ok := org.Ancestor(it.UnitID, g.kind)
			if !ok {
				continue
			}
			l := g.lines[n.ID]
			if l == nil {
				l = newLine(n)
				g.lines[n.ID] = l
			}
			add(l, it)
		}
	}
	c := &Coverage{Total: *finish(total), Departments: sortedLines(depts), Regions: sortedLines(regions)}
	return c, ps.Err()
}

func finish(l *CoverageLine) *CoverageLine {
	n := decimal.NewFromInt(int64(l.Projects))
	for i := range l.Aspects {
		a := &l.Aspects[i]
		a.ProjectShare = performance.Ratio{Num: decimal.NewFromInt(int64(a.Projects)), Den: n}
		a.AmountShare = performance.Ratio{Num: a.Amount, Den: l.Amount}
	}
	return l
}

func sortedLines(m map[string]*CoverageLine) []CoverageLine {
	out := make([]CoverageLine, 0, len(m))
	for _, l := range m {
		out = append(out, *finish(l))
	}
	slices.SortFunc(out, func(a, b CoverageLine) int { return cmp.Compare(a.Node.ID, b.Node.ID) })
	return out
}

// UnmarshalText decodes any form [ParseAspect] accepts.
func (a *Aspect) UnmarshalText(b []byte) error {
	return enum.DecodeTable(a, aspectTable, false, ParseAspect, b)
}
