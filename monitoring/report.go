package monitoring

import (
	"cmp"
	"slices"
	"time"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A Report is the result of one check (监控报告), independent of rendering:
// per-project statuses, units, regions and departments with how many are
// behind, the lagging lists, the actions issued, the rectifications and the
// state for the next check. Render it with [Report.WriteText] or encode it as
// JSON.
type Report struct {
	Year    int       `json:"year"`
	AsOf    time.Time `json:"as_of"`
	Quarter int       `json:"quarter,omitempty"`
	// Base is "adjusted" or "initial".
	Base string `json:"base"`
	// Projects holds every monitored project, sorted by ID.
	Projects []Status `json:"projects"`
	// Units, Departments and Regions pool their projects, sorted by ID;
	// Departments and Regions need an Org.
	Units       []Group `json:"units"`
	Departments []Group `json:"departments,omitempty"`
	Regions     []Group `json:"regions,omitempty"`
	// Total pools every project.
	Total Group `json:"total"`
	// LaggingByGap lists the IDs of projects behind schedule, furthest
	// behind first; LaggingByMoney the same projects, largest shortfall
	// first. Ties go by project ID.
	LaggingByGap   []string `json:"lagging_by_gap"`
	LaggingByMoney []string `json:"lagging_by_money"`
	// Actions are the actions issued at this check.
	Actions []Action `json:"actions"`
	// Rectifications are all rectifications of the year so far, with their
	// status as of this check.
	Rectifications []Rectification `json:"rectifications"`
	// Problems lists input that was left out, with stable codes.
	Problems performance.Problems `json:"problems,omitempty"`
	// State is to be passed to the next check.
	State State `json:"state"`
}

// A Group pools the projects of a unit, department, region or the whole
// portfolio (汇总).
type Group struct {
	ID   string               `json:"id"`
	Name string               `json:"name"`
	Kind performance.NodeKind `json:"kind,omitempty"`
	// Region is the name of a department's region (所属地区), since
	// departments of different regions share names.
	Region string `json:"region,omitempty"`
	// Projects counts graded projects, Behind those behind schedule.
	Projects int `json:"projects"`
	Behind   int `json:"behind"`
	// Units counts units with graded projects, UnitsBehind those whose
	// pooled execution is behind their pooled expected progress.
	Units       int `json:"units"`
	UnitsBehind int `json:"units_behind"`
	// Budget, Executed and Shortfall are sums over the graded projects.
	Budget    decimal.Decimal `json:"budget"`
	Executed  decimal.Decimal `json:"executed"`
	Shortfall decimal.Decimal `json:"shortfall"`
	// Rate is pooled Executed ÷ Budget; Deviation is Rate minus the
	// budget-weighted expected progress, exactly.
	Rate      performance.Ratio `json:"rate"`
	Deviation performance.Ratio `json:"deviation"`
	// Level grades the pooled deviation with the policy's yellow gap.
	Level Level `json:"level"`
}

// BehindShare returns Behind ÷ Projects (invalid when there are none).
func (g *Group) BehindShare() performance.Ratio {
	return performance.Ratio{Num: decimal.NewFromInt(int64(g.Behind)), Den: decimal.NewFromInt(int64(g.Projects))}
}

// UnitsBehindShare returns UnitsBehind ÷ Units.
func (g *Group) UnitsBehindShare() performance.Ratio {
	return performance.Ratio{Num: decimal.NewFromInt(int64(g.UnitsBehind)), Den: decimal.NewFromInt(int64(g.Units))}
}

// pool accumulates a group: expected money is kept as an exact fraction.
type pool struct {
	g            Group
	expNum       decimal.Decimal
	expDen       decimal.Decimal
	units        map[string]bool
	unitsBehind  map[string]bool
	hasUnitCount bool
}

func (p *pool) add(s *Status) {
	if s.Level == LevelNone {
		return
	}
	p.g.Projects++
	if s.Behind() {
		p.g.Behind++
	}
	p.g.Budget = p.g.Budget.Add(s.Budget)
	p.g.Executed = p.g.Executed.Add(s.Executed)
	p.g.Shortfall = p.g.Shortfall.Add(s.Shortfall)
	// expected money += budget × n/d
	n, d := s.Budget.Mul(s.Expected.Num), s.Expected.Den
	switch {
	case p.expDen.IsZero():
		p.expNum, p.expDen = n, d
	case p.expDen.Equal(d):
		p.expNum = p.expNum.Add(n)
	default:
		p.expNum, p.expDen = p.expNum.Mul(d).Add(n.Mul(p.expDen)), p.expDen.Mul(d)
	}
}

func (p *pool) finish(yellow decimal.Decimal) Group {
	g := p.g
	if g.Budget.Sign() > 0 {
		g.Rate = performance.Ratio{Num: g.Executed, Den: g.Budget}
		// Σe/Σb − P/(Q·Σb) = (Σe·Q − P) / (Σb·Q)
		g.Deviation = performance.Ratio{Num: g.Executed.Mul(p.expDen).Sub(p.expNum), Den: g.Budget.Mul(p.expDen)}
		switch {
		case g.Deviation.Num.Sign() >= 0:
			g.Level = Green
		case g.Deviation.CmpDecimal(yellow) >= 0:
			g.Level = Yellow
		default:
			g.Level = Red
		}
	}
	return g
}

// tally builds units, departments, regions, the total, lagging lists and
// unit escalations.
func (m *Monitor) tally(r *Report, prior, next *State, actions *[]Action) {
	yellow := m.policy.YellowGap.Neg().Shift(-2)
	units := map[string]*pool{}
	for i := range r.Projects {
		s := &r.Projects[i]
		p := units[s.UnitID]
		if p == nil {
			p = &pool{g: Group{ID: s.UnitID, Kind: performance.NodeUnit}}
			if m.org != nil {
				if n, ok := m.org.Node(s.UnitID); ok {
					p.g.Name = n.Name
				}
			}
			units[s.UnitID] = p
		}
		p.add(s)
	}
	unitGroups := map[string]Group{}
	for _, id := range sortedKeys(units) {
		g := units[id].finish(yellow)
		if g.Projects > 0 {
			g.Units = 1
			if g.Deviation.Num.Sign() < 0 {
				g.UnitsBehind = 1
			}
		}
		unitGroups[id] = g
		r.Units = append(r.Units, g)
		if g.Level == LevelNone {
			continue
		}
		st := advance(prior.Units[id], g.Level)
		next.Units[id] = st
		for _, k := range step(m.policy.UnitSteps, st) {
			*actions = append(*actions, Action{Kind: k, UnitID: id, Date: r.AsOf, Reason: "unit_gap"})
		}
	}
	// Departments, regions and the total pool projects, and count units.
	groups := func(kind performance.NodeKind) []Group {
		ps := map[string]*pool{}
		for i := range r.Projects {
			s := &r.Projects[i]
			id, name := "", ""
			if kind != "" {
				n, ok := m.org.Ancestor(s.UnitID, kind)
				if !ok {
					continue
				}
				id, name = n.ID, n.Name
			}
			p := ps[id]
			if p == nil {
				p = &pool{g: Group{ID: id, Name: name, Kind: kind}, units: map[string]bool{}, unitsBehind: map[string]bool{}}
				if kind == performance.NodeDepartment {
					if rg, ok := m.org.Ancestor(id, performance.NodeRegion); ok {
						p.g.Region = rg.Name
					}
				}
				ps[id] = p
			}
			p.add(s)
			if ug := unitGroups[s.UnitID]; ug.Projects > 0 {
				p.units[s.UnitID] = true
				if ug.UnitsBehind > 0 {
					p.unitsBehind[s.UnitID] = true
				}
			}
		}
		var out []Group
		for _, id := range sortedKeys(ps) {
			g := ps[id].finish(yellow)
			g.Units, g.UnitsBehind = len(ps[id].units), len(ps[id].unitsBehind)
			out = append(out, g)
		}
		return out
	}
	if m.org != nil {
		r.Departments = groups(performance.NodeDepartment)
		r.Regions = groups(performance.NodeRegion)
	}
	if t := groups(""); len(t) > 0 {
		r.Total = t[0]
	}
	r.Total.Name = "合计"
	for _, s := range r.Projects {
		if s.Behind() {
			r.LaggingByGap = append(r.LaggingByGap, s.ProjectID)
		}
	}
	r.LaggingByMoney = slices.Clone(r.LaggingByGap)
	byID := make(map[string]*Status, len(r.Projects))
	for i := range r.Projects {
		byID[r.Projects[i].ProjectID] = &r.Projects[i]
	}
	slices.SortStableFunc(r.LaggingByGap, func(a, b string) int {
		return cmp.Or(byID[a].Deviation.Cmp(byID[b].Deviation), cmp.Compare(a, b))
	})
	slices.SortStableFunc(r.LaggingByMoney, func(a, b string) int {
		return cmp.Or(byID[b].Shortfall.Cmp(byID[a].Shortfall), cmp.Compare(a, b))
	})
}

// Status returns the status of a project, or false when it is not monitored.
func (r *Report) Status(projectID string) (Status, bool) {
	i, ok := slices.BinarySearchFunc(r.Projects, projectID, func(s Status, id string) int { return cmp.Compare(s.ProjectID, id) })
	if !ok {
		return Status{}, false
	}
	return r.Projects[i], true
}
