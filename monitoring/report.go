package monitoring

import (
	"math/bits"
	"slices"
	"sort"
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
	// Year is the fiscal year, AsOf the check date, Quarter 1–4 when AsOf
	// is a quarter end (0 otherwise).
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
	// Actions are the actions issued at this check: on projects by project
	// ID, then on units by unit ID; each one's by kind.
	Actions []Action `json:"actions"`
	// Rectifications are all rectifications of the year so far, with their
	// status as of this check. They are the elements of
	// State.Rectifications too (the same array, capped): copy before
	// changing one in place.
	Rectifications []Rectification `json:"rectifications"`
	// Problems lists input that was left out, with stable codes.
	Problems performance.Problems `json:"problems,omitempty"`
	// State is to be passed to the next check.
	State State `json:"state"`
	// Policy names the fiscal-year policy that decided this result; zero
	// (and left out of the JSON) when the stage ran outside package policy.
	Policy performance.PolicyRef `json:"policy,omitzero"`
}

// A Group pools the projects of a unit, department, region or the whole
// portfolio (汇总).
type Group struct {
	// ID and Name are the node's (empty ID for the total); Kind is unit,
	// department or region.
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
	// Actions counts the actions issued at this check on the group's units
	// and projects.
	Actions int `json:"actions"`
}

// BehindShare returns Behind ÷ Projects (invalid when there are none).
func (g *Group) BehindShare() performance.Ratio {
	return performance.Ratio{Num: decimal.NewFromInt(int64(g.Behind)), Den: decimal.NewFromInt(int64(g.Projects))}
}

// UnitsBehindShare returns UnitsBehind ÷ Units.
func (g *Group) UnitsBehindShare() performance.Ratio {
	return performance.Ratio{Num: decimal.NewFromInt(int64(g.UnitsBehind)), Den: decimal.NewFromInt(int64(g.Units))}
}

// pool accumulates a group. Sums stay in int64 fen while every project
// added is on the fast path and nothing overflows; otherwise the pool turns
// to exact decimals. Expected money Σ budget × n/d is kept as one numerator
// per distinct denominator (12 for the month schedule, 100 for tables, 365
// or 366 for days), so adding a project costs a few additions.
type pool struct {
	g           Group
	units       map[string]bool
	unitsBehind map[string]bool

	slow           bool
	bF, eF, sF     int64
	fden, fnum     []int64
	expNum, expDen []decimal.Decimal
}

// sumLimit keeps fen sums far from int64 overflow.
const sumLimit = int64(4e18)

func (p *pool) add(s *Status, i int, run *checkRun) {
	if s.Level == LevelNone {
		return
	}
	p.g.Projects++
	if s.Behind() {
		p.g.Behind++
	}
	if !p.slow && run.fast[i] {
		e, b := s.Executed.CoefficientInt64(), s.Budget
		bf, ok := fen(b)
		sf := s.Shortfall.CoefficientInt64()
		if ok {
			en, ed, _ := frac(s.Expected)
			hi, lo := bits.Mul64(uint64(en), uint64(bf))
			if hi == 0 && lo < uint64(sumLimit) && p.addFen(bf, e, sf, ed, int64(lo)) {
				return
			}
		}
	}
	p.toSlow()
	p.g.Budget = p.g.Budget.Add(s.Budget)
	p.g.Executed = p.g.Executed.Add(s.Executed)
	if !s.Shortfall.IsZero() {
		p.g.Shortfall = p.g.Shortfall.Add(s.Shortfall)
	}
	p.addExp(s.Budget.Mul(s.Expected.Num), s.Expected.Den)
}

// addFen adds fen figures; it reports false (adding nothing) on overflow.
func (p *pool) addFen(b, e, short, den, num int64) bool {
	nb, ne, ns := p.bF+b, p.eF+e, p.sF+short
	if nb > sumLimit || nb < -sumLimit || ne > sumLimit || ne < -sumLimit || ns > sumLimit {
		return false
	}
	j := 0
	for j < len(p.fden) && p.fden[j] != den {
		j++
	}
	if j == len(p.fden) {
		p.fden, p.fnum = append(p.fden, den), append(p.fnum, 0)
	}
	nn := p.fnum[j] + num
	if nn > sumLimit || nn < -sumLimit {
		return false
	}
	p.bF, p.eF, p.sF, p.fnum[j] = nb, ne, ns, nn
	return true
}

// toSlow moves the fen sums into decimals, once.
func (p *pool) toSlow() {
	if p.slow {
		return
	}
	p.slow = true
	p.g.Budget = decimal.New(p.bF, -2)
	p.g.Executed = decimal.New(p.eF, -2)
	p.g.Shortfall = decimal.New(p.sF, -2)
	for j := range p.fden {
		p.addExp(decimal.New(p.fnum[j], -2), decimal.NewFromInt(p.fden[j]))
	}
}

func (p *pool) addExp(bn, d decimal.Decimal) {
	for i := range p.expDen {
		if p.expDen[i].Equal(d) {
			p.expNum[i] = p.expNum[i].Add(bn)
			return
		}
	}
	p.expDen = append(p.expDen, d)
	p.expNum = append(p.expNum, bn)
}

func (p *pool) finish(yellow decimal.Decimal) Group {
	p.toSlow()
	g := p.g
	if g.Budget.Sign() > 0 {
		g.Rate = performance.Ratio{Num: g.Executed, Den: g.Budget}
		// Σ over denominators: P/Q = Σ Pi/Qi, exactly.
		num, den := decimal.Zero, decimal.NewFromInt(1)
		for i := range p.expDen {
			num, den = num.Mul(p.expDen[i]).Add(p.expNum[i].Mul(den)), den.Mul(p.expDen[i])
		}
		// Σe/Σb − P/(Q·Σb) = (Σe·Q − P) / (Σb·Q)
		g.Deviation = performance.Ratio{Num: g.Executed.Mul(den).Sub(num), Den: g.Budget.Mul(den)}
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
func (m *Monitor) tally(r *Report, prior, next *State, actions *[]Action, run *checkRun, workers int) {
	yellow := m.policy.YellowGap.Neg().Shift(-2)
	units := map[string]*pool{}
	var unitIDs []string
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
			unitIDs = append(unitIDs, s.UnitID)
		}
		p.add(s, i, run)
	}
	slices.Sort(unitIDs)
	unitBehind := make(map[string]bool, len(units))
	unitGraded := make(map[string]bool, len(units))
	for _, id := range unitIDs {
		g := units[id].finish(yellow)
		if g.Projects > 0 {
			g.Units = 1
			unitGraded[id] = true
			if g.Deviation.Num.Sign() < 0 {
				g.UnitsBehind = 1
				unitBehind[id] = true
			}
		}
		r.Units = append(r.Units, g)
		if g.Level == LevelNone {
			continue
		}
		st := advance(prior.Units[id], g.Level)
		next.Units[id] = st
		mark := len(*actions)
		for _, k := range step(m.policy.UnitSteps, st) {
			*actions = append(*actions, Action{Kind: k, UnitID: id, Date: r.AsOf, Reason: "unit_gap"})
		}
		*actions = sortActions(*actions, mark)
	}
	// Departments, regions and the total pool projects, and count units.
	groups := func(kind performance.NodeKind) []Group {
		ps := map[string]*pool{}
		// The group of each unit, looked up once per unit.
		of := map[string]*pool{}
		for _, uid := range unitIDs {
			id, name := "", ""
			if kind != "" {
				n, ok := m.org.Ancestor(uid, kind)
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
			of[uid] = p
			if unitGraded[uid] {
				p.units[uid] = true
				if unitBehind[uid] {
					p.unitsBehind[uid] = true
				}
			}
		}
		var p *pool
		last := ""
		for i := range r.Projects {
			s := &r.Projects[i]
			if p == nil || s.UnitID != last {
				p, last = of[s.UnitID], s.UnitID
			}
			if p != nil {
				p.add(s, i, run)
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
	lagging(r, run, workers, false)
}

// Status returns the status of a project, or false when it is not monitored.
func (r *Report) Status(projectID string) (Status, bool) {
	i, ok := r.find(projectID)
	if !ok {
		return Status{}, false
	}
	return r.Projects[i], true
}

// find returns the index of a project in Projects (sorted by ID).
func (r *Report) find(id string) (int, bool) {
	i := sort.Search(len(r.Projects), func(i int) bool { return r.Projects[i].ProjectID >= id })
	return i, i < len(r.Projects) && r.Projects[i].ProjectID == id
}
