package evaluation

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// ApplyWith is [ApplyProgram.Apply] with options. Rules are evaluated into
// one result reused from project to project, so a call allocates little
// beyond what it returns; concurrent calls share nothing.
func (ap *ApplyProgram) ApplyWith(projects []ProjectOutcome, depts []DepartmentOutcome, org *performance.Org, asOf time.Time, o ApplyOptions) (*NextYear, error) {
	var ps performance.Problems
	var errs []error
	ny := &NextYear{Projects: make([]Consequence, 0, len(projects)), Departments: []Adjustment{}, Regions: []Adjustment{}, Blocks: []Block{}}
	deptAdj := map[string]*sums{}
	adj := func(n performance.Node) *sums {
		a := deptAdj[n.ID]
		if a == nil {
			a = &sums{adj: &Adjustment{Node: n}}
			deptAdj[n.ID] = a
		}
		return a
	}
	seen := make(map[string]bool, len(projects))
	// Apply reads only the fired rules and the runtime errors.
	opts := rules.EvalOptions{AsOf: asOf, Explain: !o.SkipExplanations, FiredOnly: true}
	var res rules.Result // the scratch EvalTo reuses: outputs are read before the next project
	// env, like res, serves one project after the other: EvalTo keeps no
	// pointer into it, so one allocation serves the call.
	var env ProjectEnv
	// fired holds every consequence's Fired list, each capped so that an
	// append to one copies it: one array for the call, not one per project.
	fired := make([]string, 0, 2*len(projects))
	for i := range projects {
		p := &projects[i]
		path := func() string { return "projects[" + strconv.Itoa(i) + "]" } // for problems only
		if p.ProjectID == "" || seen[p.ProjectID] {
			ps.Add("bad_project_id", path()+".project_id", "项目编号为空或重复："+p.ProjectID, "project id empty or duplicate: "+p.ProjectID)
			continue
		}
		seen[p.ProjectID] = true
		dept, ok := org.Ancestor(p.UnitID, performance.NodeDepartment)
		if !ok {
			ps.Add("unknown_unit", path()+".unit_id", "无法确定所属部门："+p.UnitID, "no department for unit "+p.UnitID)
			continue
		}
		region, _ := org.Ancestor(p.UnitID, performance.NodeRegion)
		env = ProjectEnv{
			ProjectID: p.ProjectID, Department: dept.Name, Region: region.Name, Kind: string(p.Kind),
			Category: p.Category, Grade: p.Grade, Score: p.Score, Attainment: p.Attainment,
			Budget: p.Execution.AdjustedBudget, Executed: p.Execution.Executed,
			Unspent: p.Execution.Unspent(performance.BaseAdjusted), CarryOver: p.CarryOver, Requested: p.Requested,
			Host: p.Host, RectifyItems: p.Rectification.Items, RectifyOverdue: p.Rectification.Overdue,
			RectifyUnsatisfactory: p.Rectification.Unsatisfactory, RectifyLate: p.Rectification.Late, RectifyOpen: p.Rectification.Open,
			PolicyConclusion: p.Policy.Conclusion.String(), PolicyCutShare: p.Policy.CutShare, PolicyRecover: p.Policy.Recover,
		}
		if r, err := p.Execution.Rate(performance.BaseAdjusted); err == nil {
			env.ExecutionRate = r.Round(ratePlaces)
		}
		if err := ap.projects.EvalTo(&res, &env, opts); err != nil {
			errs = append(errs, fmt.Errorf("evaluation: project %s: %w", p.ProjectID, err))
			continue
		}
		for _, e := range res.Errors {
			errs = append(errs, fmt.Errorf("evaluation: project %s: %w", p.ProjectID, e))
		}
		c, err := ap.consequence(p, dept, region, &res, !o.SkipExplanations, &fired)
		if err != nil {
			ps.Add("unknown_action", path(), "项目 "+p.ProjectID+"："+err.Error(), "project "+p.ProjectID+": "+err.Error())
			continue
		}
		if c.BlocksSimilar {
			ny.Blocks = append(ny.Blocks, Block{ProjectID: p.ProjectID, Department: dept.ID, Category: p.Category, Rule: blockRule(&res)})
		}
		ny.Projects = append(ny.Projects, c)
		adj(dept).addProject(&c)
	}
	for _, s := range deptAdj {
		s.value()
	}
	dseen := map[string]bool{}
	for i, d := range depts {
		path := "departments[" + strconv.Itoa(i) + "]"
		n, ok := org.Node(d.DepartmentID)
		if !ok || n.Kind != performance.NodeDepartment || dseen[d.DepartmentID] {
			ps.Add("bad_department", path+".department_id", "未知或重复的部门："+d.DepartmentID, "unknown or duplicate department "+d.DepartmentID)
			continue
		}
		dseen[d.DepartmentID] = true
		a := adj(n).adj
		a.CarryOverGrowth = exact.SubDecimal(d.CarryOver, d.PriorCarryOver)
		if ap.departments == nil {
			continue
		}
		region, _ := org.Ancestor(n.ID, performance.NodeRegion)
		env := DepartmentEnv{Department: n.Name, Region: region.Name, CarryOver: d.CarryOver,
			PriorCarryOver: d.PriorCarryOver, CarryOverGrowth: a.CarryOverGrowth, Requested: a.Requested, Amount: a.Amount,
			Evaluated: d.Score.Valid || d.Grade != performance.GradeNone, Grade: d.Grade, Score: d.Score.Decimal}
		if err := ap.departments.EvalTo(&res, &env, opts); err != nil {
			errs = append(errs, fmt.Errorf("evaluation: department %s: %w", n.ID, err))
			continue
		}
		for _, e := range res.Errors {
			errs = append(errs, fmt.Errorf("evaluation: department %s: %w", n.ID, e))
		}
		var cut decimal.Decimal
		for _, f := range res.Fired {
			if v, ok := f.Output(OutputCut); ok {
				cut, a.Rule = outputFen(v), f.RuleID
				break
			}
		}
		if a.CarryOverGrowth.IsPositive() && belowFloor(cut, a.CarryOverGrowth, ap.floor) {
			ps.Add("carry_over_cut_below_floor", path,
				fmt.Sprintf("部门 %s 结转结余增加 %s，压减 %s，低于增量的 %s", n.Name, a.CarryOverGrowth, cut, ap.floor),
				fmt.Sprintf("department %s: carry-overs grew by %s, cut %s is below %s of the growth", n.Name, a.CarryOverGrowth, cut, ap.floor))
		}
		// A cut never takes the department's project budget below zero.
		a.CarryOverCut = capCut(cut, a.Amount)
	}
	slices.SortFunc(ny.Projects, func(a, b Consequence) int { return cmp.Compare(a.ProjectID, b.ProjectID) })
	slices.SortFunc(ny.Blocks, func(a, b Block) int { return cmp.Compare(a.ProjectID, b.ProjectID) })
	regions := map[string]*Adjustment{}
	for _, id := range sortedIDs(deptAdj) {
		a := deptAdj[id].adj
		a.Total = exact.SubDecimal(a.Amount, a.CarryOverCut)
		a.Change = exact.SubDecimal(a.Total, a.Requested)
		ny.Departments = append(ny.Departments, *a)
		ny.Total.add(a)
		rn, ok := org.Ancestor(id, performance.NodeRegion)
		if !ok {
			continue
		}
		r := regions[rn.ID]
		if r == nil {
			r = &Adjustment{Node: rn}
			regions[rn.ID] = r
		}
		r.add(a)
	}
	for _, id := range sortedIDs(regions) {
		ny.Regions = append(ny.Regions, *regions[id])
	}
	return ny, errors.Join(append([]error{ps.Err()}, errs...)...)
}

// add adds a department's figures to a region's or the total's.
func (t *Adjustment) add(a *Adjustment) {
	t.Requested = exact.AddDecimal(t.Requested, a.Requested)
	t.Amount = exact.AddDecimal(t.Amount, a.Amount)
	t.CarryOverGrowth = exact.AddDecimal(t.CarryOverGrowth, a.CarryOverGrowth)
	t.CarryOverCut = exact.AddDecimal(t.CarryOverCut, a.CarryOverCut)
	t.Total = exact.AddDecimal(t.Total, a.Total)
	t.Change = exact.AddDecimal(t.Change, a.Change)
	t.Recovered = exact.AddDecimal(t.Recovered, a.Recovered)
}

func blockRule(res *rules.Result) string {
	for _, f := range res.Fired {
		if v, ok := f.Output(OutputBlockSimilar); ok && v.Bool() {
			return f.RuleID
		}
	}
	return ""
}

// consequence reads the fired rules: the first with an action decides the
// action and amount, the first with recover the money recovered, any with
// block_similar true blocks. The explanation is left empty unless explain.
// The rules fired are appended to fired and Fired is cut from it.
func (ap *ApplyProgram) consequence(p *ProjectOutcome, dept, region performance.Node, res *rules.Result, explain bool, fired *[]string) (Consequence, error) {
	c := Consequence{ProjectID: p.ProjectID, Department: dept.ID, Region: region.ID,
		Requested: p.Requested, Amount: p.Requested}
	start := len(*fired)
	for _, f := range res.Fired {
		*fired = append(*fired, f.RuleID)
	}
	if c.Fired = (*fired)[start:len(*fired):len(*fired)]; len(c.Fired) == 0 {
		c.Fired = []string{} // "fired": [], as before; allocates nothing
	}
	decided, recovered := false, false
	var why []rules.Fired
	for _, f := range res.Fired {
		if v, ok := f.Output(OutputAction); ok && !decided {
			a, err := ParseAction(v.String())
			if err != nil {
				return c, fmt.Errorf("rule %s: %w", f.RuleID, err)
			}
			amt, _ := f.Output(OutputAmount)
			c.Action, c.Amount, c.Rule, decided = a, outputFen(amt), f.RuleID, true
			if explain {
				why = append(why, f)
			}
		}
		if v, ok := f.Output(OutputRecover); ok && !recovered {
			c.Recovered, recovered = outputFen(v), true
			if explain {
				why = append(why, f)
			}
		}
		if v, ok := f.Output(OutputBlockSimilar); ok && v.Bool() {
			c.BlocksSimilar = true
			if explain {
				why = append(why, f)
			}
		}
	}
	c.Change = exact.SubDecimal(c.Amount, c.Requested)
	if !explain {
		return c, nil
	}
	if len(why) == 0 {
		c.Explanation = performance.Text{ZH: "无规则命中，按申报数安排", EN: "no rule fired; the request stands"}
		return c, nil
	}
	var zh, en []string
	for _, f := range why {
		if f.Explanation != nil {
			zh = append(zh, f.Explanation.Text(performance.LangZH))
			en = append(en, f.Explanation.Text(performance.LangEN))
		} else {
			zh = append(zh, f.RuleID+" "+ap.names[f.RuleID])
			en = append(en, f.RuleID+" "+ap.names[f.RuleID])
		}
	}
	c.Explanation = performance.Text{ZH: strings.Join(zh, "；"), EN: strings.Join(en, "; ")}
	return c, nil
}
