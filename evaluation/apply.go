package evaluation

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// BudgetAction is what results application (结果应用) does to a project's budget
// next year. The zero value, ActionNone, means no rule decided anything: the
// request stands.
type BudgetAction uint8

const (
	// ActionNone: no consequence; the request stands (未调整). Zero value.
	ActionNone BudgetAction = iota
	// ActionPrioritize: priority support (优先保障), for 优.
	ActionPrioritize
	// ActionAsNeeded: funded as needed (按需安排), for 良.
	ActionAsNeeded
	// ActionCut: cut by a share (调减), for 中 or weak execution.
	ActionCut
	// ActionSuspend: suspended (暂缓安排) until rectified, for 差.
	ActionSuspend
	// ActionCancel: cancelled (取消), for a one-off 差 or a score below 60.
	ActionCancel
)

// String returns the action's code: "none", "prioritize", "as_needed",
// "cut", "suspend" or "cancel".
func (a BudgetAction) String() string { return actionTable.String(int(a), "Action") }

// Name returns the action's name in the given language.
func (a BudgetAction) Name(l performance.Lang) string { return actionTable.Name(int(a), l, "Action") }

// MarshalText encodes the action as its code.
func (a BudgetAction) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText decodes any form [ParseAction] accepts.
func (a *BudgetAction) UnmarshalText(b []byte) error { return enum.Decode(a, ParseAction, b) }

// A ProjectOutcome is what the year's evaluation left for one project,
// the input of results application: its grade and score, goal attainment,
// execution, unspent carry-overs and next year's request, in yuan.
type ProjectOutcome struct {
	ProjectID string           `json:"project_id"`
	UnitID    string           `json:"unit_id"`
	Kind      performance.Kind `json:"kind,omitempty"`
	Category  string           `json:"category,omitempty"`
	// Grade and Score are the final ones (a key evaluation's where there is
	// one, otherwise the reviewed self-evaluation's).
	Grade performance.Grade `json:"grade"`
	Score decimal.Decimal   `json:"score"`
	// Attainment is the share of goals attained (目标完成率), 0 to 1.
	Attainment decimal.Decimal       `json:"attainment"`
	Execution  performance.Execution `json:"execution"`
	// CarryOver is money carried over from earlier years and still unspent
	// (结转结余).
	CarryOver decimal.Decimal `json:"carry_over"`
	// Requested is next year's requested amount (下年度申报数).
	Requested decimal.Decimal `json:"requested"`
	// Host holds the project's host fields (宿主字段) for the policy's rules.
	Host performance.HostValues `json:"host,omitempty"`
	// Rectification counts the project's rectification items by status
	// (整改情况, [SummarizeRectifications]); zero when it has none.
	Rectification RectificationSummary `json:"rectification,omitzero"`
	// Policy is what the ex-post evaluation of the public policy funding
	// the project concluded for it (政策评价结论, [WithPolicyOutcomes]);
	// zero when no policy's evaluation concerns it.
	Policy PolicyStanding `json:"policy,omitzero"`
}

// ProjectEnv is what project rules of an [ApplyPolicy] see, by these field
// names: Grade compares with "优", "良", "中", "差" (a registered type
// "grade"); Kind is "routine", "development", "one_off" or "other";
// Department and Region are names (教育局, 市本级); ExecutionRate is
// Executed ÷ Budget (the adjusted budget) rounded half up to 10 places, 0 for
// a zero budget; Unspent is Budget − Executed. Money is in yuan.
type ProjectEnv struct {
	ProjectID     string
	Department    string
	Region        string
	Kind          string
	Category      string
	Grade         performance.Grade
	Score         decimal.Decimal
	Attainment    decimal.Decimal
	ExecutionRate decimal.Decimal
	Budget        decimal.Decimal
	Executed      decimal.Decimal
	Unspent       decimal.Decimal
	CarryOver     decimal.Decimal
	Requested     decimal.Decimal
	// RectifyItems, RectifyOverdue, RectifyUnsatisfactory, RectifyLate and
	// RectifyOpen count the project's rectification items (整改事项) by
	// status, from ProjectOutcome.Rectification: a rule can cut further
	// where rectification is overdue or unsatisfactory (未按期整改或整改不到位
	// 的进一步调减), as rule-set data.
	RectifyItems          int
	RectifyOverdue        int
	RectifyUnsatisfactory int
	RectifyLate           int
	RectifyOpen           int
	// PolicyConclusion is "continue", "adjust" or "exit" when the project
	// is funded under a public policy whose ex-post evaluation so
	// concluded (政策评价结论, from ProjectOutcome.Policy), "" otherwise;
	// PolicyCutShare is the share an adjust conclusion cuts (0–1) and
	// PolicyRecover whether an exit recovers unspent money. A rule such as
	// `PolicyConclusion == "exit"` then cancels the project (不再安排).
	PolicyConclusion string
	PolicyCutShare   decimal.Decimal
	PolicyRecover    bool
	// Host holds the project's host fields (宿主字段), read by the names the
	// policy declares (rules.Field), such as PriorGrade == "差".
	Host performance.HostValues `rules:"host"`
}

// A DepartmentOutcome holds a department's carried-over balances (结转结余)
// at the end of this year and of last year, in yuan, and, where the
// department was evaluated as a whole (部门整体绩效, [DepartmentResult]),
// its final grade and score: 中发〔2018〕34号 (四) asks that departments'
// overall performance results be linked to their budgets, and
// 财预〔2020〕10号 makes evaluation results a basis for next year's budget.
type DepartmentOutcome struct {
	DepartmentID   string          `json:"department_id"`
	CarryOver      decimal.Decimal `json:"carry_over"`
	PriorCarryOver decimal.Decimal `json:"prior_carry_over"`
	// Grade and Score are the department-wide evaluation's; zero (and left
	// out of the JSON) when the department was not evaluated as a whole.
	Grade performance.Grade   `json:"grade,omitzero"`
	Score decimal.NullDecimal `json:"score,omitzero"`
}

// DepartmentEnv is what department rules of an [ApplyPolicy] see:
// CarryOverGrowth is CarryOver − PriorCarryOver; Requested and Amount are the
// department's projects' requests and amounts after the project rules.
// Evaluated reports a department-wide evaluation; Grade (compared with
// "优", "良", "中", "差") and Score are then its final grade and score, so
// a rule such as `Evaluated && Grade == "差"` cuts the department's budget
// (部门整体绩效结果应用); unevaluated, Grade is none and Score zero. The
// cut, whatever rule set it, is the Adjustment's CarryOverCut.
type DepartmentEnv struct {
	Department      string
	Region          string
	CarryOver       decimal.Decimal
	PriorCarryOver  decimal.Decimal
	CarryOverGrowth decimal.Decimal
	Requested       decimal.Decimal
	Amount          decimal.Decimal
	Evaluated       bool
	Grade           performance.Grade
	Score           decimal.Decimal
}

// Output names the rules of an ApplyPolicy may give.
const (
	// OutputAction (string): the project's action, a code or Chinese name
	// of a [BudgetAction]. The first fired rule with an action decides it.
	OutputAction = "action"
	// OutputAmount (money): next year's amount, with the action.
	OutputAmount = "amount"
	// OutputRecover (money): money recovered (收回); the first fired rule
	// with it decides it.
	OutputRecover = "recover"
	// OutputBlockSimilar (bool): block similar new projects next year.
	OutputBlockSimilar = "block_similar"
	// OutputCut (money, department rules): cut to the department's project
	// budget.
	OutputCut = "cut"
)

// ApplyPolicy is the results-application policy (结果应用规则) as rule sets:
// project rules over [ProjectEnv] and department rules over
// [DepartmentEnv], with the outputs named by the Output constants.
type ApplyPolicy struct {
	Projects    *rules.Set `json:"projects"`
	Departments *rules.Set `json:"departments,omitempty"`
	// CarryOverFloor is the least share of a department's carry-over growth
	// its cut must reach (不低于30%); zero means 0.3. Source: local
	// practice, one city's rule (growth of a department's carried-over
	// balances cuts next year's project budget by at least 30% of the
	// growth); not national, and no national document sets a share.
	CarryOverFloor decimal.Decimal `json:"carry_over_floor"`
}

// An ApplyProgram is a compiled [ApplyPolicy]. It is immutable and safe for
// concurrent use.
type ApplyProgram struct {
	projects    *rules.Program[ProjectEnv]
	departments *rules.Program[DepartmentEnv]
	names       map[string]string // rule ID → name
	floor       decimal.Decimal
}

// ParseApplyPolicy reads a policy from JSON: {"projects": rule set,
// "departments": rule set, "carry_over_floor": "0.3"}. Unknown members are
// errors with their path; each rule set is read strictly by rules.ParseSet,
// its errors prefixed with "projects" or "departments".
func ParseApplyPolicy(data []byte) (*ApplyPolicy, error) {
	var raw struct {
		Projects       json.RawMessage `json:"projects"`
		Departments    json.RawMessage `json:"departments"`
		CarryOverFloor decimal.Decimal `json:"carry_over_floor"`
	}
	if err := performance.DecodeJSON(data, &raw); err != nil {
		return nil, fmt.Errorf("evaluation: results-application policy: %w", err)
	}
	p := &ApplyPolicy{CarryOverFloor: raw.CarryOverFloor}
	var errs []error
	if len(raw.Projects) > 0 {
		s, err := rules.ParseSet(raw.Projects)
		if err != nil {
			errs = append(errs, fmt.Errorf("projects: %w", err))
		}
		p.Projects = s
	}
	if len(raw.Departments) > 0 && string(raw.Departments) != "null" {
		s, err := rules.ParseSet(raw.Departments)
		if err != nil {
			errs = append(errs, fmt.Errorf("departments: %w", err))
		}
		p.Departments = s
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("evaluation: results-application policy: %w", err)
	}
	return p, nil
}

// outputType is the type each output name must declare.
func outputType(name string) rules.Type {
	switch name {
	case OutputAction:
		return rules.TypeString
	case OutputBlockSimilar:
		return rules.TypeBool
	}
	return rules.TypeMoney
}

// Compile checks and compiles the policy with the host's rules options
// (functions, types and declared fields, which rules read from
// [ProjectOutcome.Host]); it is [CompileApplyPolicy].
func (p *ApplyPolicy) Compile(opts ...rules.Option) (*ApplyProgram, error) {
	return CompileApplyPolicy(p, opts...)
}

// CompileApplyPolicy checks and compiles p. It returns every problem at
// once: outputs of unknown names or the wrong type and an action without an
// amount as [performance.Problems], and the rules engine's compile errors
// (*rules.Error, with positions).
func CompileApplyPolicy(p *ApplyPolicy, opts ...rules.Option) (*ApplyProgram, error) {
	var ps performance.Problems
	if p.Projects == nil {
		ps.Add("no_project_rules", "projects", "缺少项目结果应用规则", "no project rules")
		return nil, ps
	}
	ap := &ApplyProgram{names: make(map[string]string), floor: p.CarryOverFloor}
	if ap.floor.IsZero() {
		ap.floor = decimal.RequireFromString("0.3")
	}
	check := func(s *rules.Set, path string, allowed ...string) {
		for i, r := range s.Rules {
			ap.names[r.ID] = r.Name
			has := map[string]bool{}
			for j, o := range r.Outputs {
				op := path + ".rules[" + strconv.Itoa(i) + "].outputs[" + strconv.Itoa(j) + "]"
				has[o.Name] = true
				if !slices.Contains(allowed, o.Name) {
					ps.Add("unknown_output", op+".name", "未知输出："+o.Name, "unknown output "+o.Name)
				} else if o.Type != outputType(o.Name) {
					ps.Add("wrong_output_type", op+".type",
						fmt.Sprintf("输出 %s 的类型应为 %s", o.Name, outputType(o.Name)),
						fmt.Sprintf("output %s must be of type %s", o.Name, outputType(o.Name)))
				}
			}
			if has[OutputAction] != has[OutputAmount] && slices.Contains(allowed, OutputAction) {
				ps.Add("action_without_amount", path+".rules["+strconv.Itoa(i)+"].outputs",
					"调整动作与金额须同时给出", "action and amount must be given together")
			}
		}
	}
	check(p.Projects, "projects", OutputAction, OutputAmount, OutputRecover, OutputBlockSimilar)
	if p.Departments != nil {
		check(p.Departments, "departments", OutputCut)
	}
	opts = append([]rules.Option{rules.WithType[performance.Grade]("grade", performance.ParseGrade)}, opts...)
	var errs []error
	var err error
	if ap.projects, err = rules.Compile[ProjectEnv](p.Projects, opts...); err != nil {
		errs = append(errs, err)
	}
	if p.Departments != nil {
		if ap.departments, err = rules.Compile[DepartmentEnv](p.Departments, opts...); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(append([]error{ps.Err()}, errs...)...); err != nil {
		return nil, fmt.Errorf("evaluation: results-application policy: %w", err)
	}
	return ap, nil
}

// A Consequence is what results application decided for one project
// (结果应用): the action, next year's amount, the money recovered, whether
// similar new projects are blocked, the rule that decided and why.
type Consequence struct {
	ProjectID  string       `json:"project_id"`
	Department string       `json:"department"`
	Region     string       `json:"region"`
	Action     BudgetAction `json:"action"`
	// Requested is next year's request; Amount what the action leaves of it
	// (rounded half up to the fen); Change is Amount − Requested.
	Requested decimal.Decimal `json:"requested"`
	Amount    decimal.Decimal `json:"amount"`
	Change    decimal.Decimal `json:"change"`
	// Recovered is money recovered to the treasury (收回), to the fen.
	Recovered     decimal.Decimal `json:"recovered"`
	BlocksSimilar bool            `json:"blocks_similar,omitempty"`
	// Rule is the ID of the rule that decided the action; empty for
	// ActionNone.
	Rule string `json:"rule,omitempty"`
	// Explanation says why, in Chinese and English; empty when the caller
	// asked for none ([ApplyOptions.SkipExplanations]).
	Explanation performance.Text `json:"explanation"`
	// Fired lists every rule that fired, in evaluation order.
	Fired []string `json:"fired"`
}

// An Adjustment is next year's budget adjustment of one department or
// region, exact to the fen: the requests, the amounts after the project
// actions, the carry-over cut and the money recovered.
type Adjustment struct {
	Node performance.Node `json:"node"`
	// Requested is the sum of requests; Amount the sum of project amounts
	// after their actions.
	Requested decimal.Decimal `json:"requested"`
	Amount    decimal.Decimal `json:"amount"`
	// CarryOverGrowth and CarryOverCut come from the department rules; a
	// cut is applied up to the department's Amount, never below zero. A
	// region sums its departments'.
	CarryOverGrowth decimal.Decimal `json:"carry_over_growth"`
	CarryOverCut    decimal.Decimal `json:"carry_over_cut"`
	// Total is Amount − CarryOverCut, next year's project budget.
	Total decimal.Decimal `json:"total"`
	// Change is Total − Requested.
	Change    decimal.Decimal `json:"change"`
	Recovered decimal.Decimal `json:"recovered"`
	// Rule is the department rule that set the cut, if any.
	Rule string `json:"rule,omitempty"`
}

// A Block is a one-off project graded 差 whose failure blocks similar new
// projects (同类新增项目) of its department next year.
type Block struct {
	ProjectID  string `json:"project_id"`
	Department string `json:"department"`
	Category   string `json:"category"`
	Rule       string `json:"rule"`
}

// NextYear is the outcome of results application: per project, per
// department and per region, and the blocks on new projects.
type NextYear struct {
	// Projects are sorted by project ID; Departments and Regions by node
	// ID; Blocks by project ID.
	Projects    []Consequence `json:"projects"`
	Departments []Adjustment  `json:"departments"`
	Regions     []Adjustment  `json:"regions"`
	// Total sums every department; its Node is zero.
	Total  Adjustment `json:"total"`
	Blocks []Block    `json:"blocks"`
	// Policy names the fiscal-year policy that decided this result; zero
	// (and left out of the JSON) when the stage ran outside package policy.
	Policy performance.PolicyRef `json:"policy,omitzero"`
}

// Blocked reports whether a new project of the given department (node ID)
// and category is blocked by a one-off project graded 差, and by which.
func (n *NextYear) Blocked(department, category string) (Block, bool) {
	for _, b := range n.Blocks {
		if b.Department == department && b.Category == category {
			return b, true
		}
	}
	return Block{}, false
}

// Apply applies the policy: the project rules to every project, then the
// department rules to every department with projects or carry-over figures,
// and totals per department and region (a unit's nearest department and
// region in org). asOf selects the rules in force. Projects and departments
// that cannot be placed in org, duplicates, rule runtime errors (with rule
// and project IDs), unknown actions, and a carry-over cut below the policy's
// floor are all reported in the returned error beside the results of the
// others.
func (ap *ApplyProgram) Apply(projects []ProjectOutcome, depts []DepartmentOutcome, org *performance.Org, asOf time.Time) (*NextYear, error) {
	return ap.ApplyWith(projects, depts, org, asOf, ApplyOptions{})
}

// ApplyOptions tunes [ApplyProgram.ApplyWith]. The zero value does what
// [ApplyProgram.Apply] does.
type ApplyOptions struct {
	// SkipExplanations leaves every [Consequence.Explanation] empty and
	// evaluates the project rules without recording their sub-expressions,
	// for bulk runs that keep no explanation (a history replay). Actions,
	// amounts, recoveries, blocks, the deciding rule, Fired, department
	// adjustments and errors are exactly those of Apply.
	SkipExplanations bool
}

// ApplyWith is [ApplyProgram.Apply] with options. Rules are evaluated into
// one result reused from project to project, so a call allocates little
// beyond what it returns; concurrent calls share nothing.
func (ap *ApplyProgram) ApplyWith(projects []ProjectOutcome, depts []DepartmentOutcome, org *performance.Org, asOf time.Time, o ApplyOptions) (*NextYear, error) {
	var ps performance.Problems
	var errs []error
	ny := &NextYear{Projects: make([]Consequence, 0, len(projects)), Departments: []Adjustment{}, Regions: []Adjustment{}, Blocks: []Block{}}
	deptAdj := map[string]*Adjustment{}
	adj := func(n performance.Node) *Adjustment {
		a := deptAdj[n.ID]
		if a == nil {
			a = &Adjustment{Node: n}
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
	for i, p := range projects {
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
			env.ExecutionRate = r.Round(10)
		}
		if err := ap.projects.EvalTo(&res, &env, opts); err != nil {
			errs = append(errs, fmt.Errorf("evaluation: project %s: %w", p.ProjectID, err))
			continue
		}
		for _, e := range res.Errors {
			errs = append(errs, fmt.Errorf("evaluation: project %s: %w", p.ProjectID, e))
		}
		c, err := ap.consequence(p, dept, region, &res, !o.SkipExplanations)
		if err != nil {
			ps.Add("unknown_action", path(), "项目 "+p.ProjectID+"："+err.Error(), "project "+p.ProjectID+": "+err.Error())
			continue
		}
		if c.BlocksSimilar {
			ny.Blocks = append(ny.Blocks, Block{ProjectID: p.ProjectID, Department: dept.ID, Category: p.Category, Rule: blockRule(&res)})
		}
		ny.Projects = append(ny.Projects, c)
		a := adj(dept)
		a.Requested = a.Requested.Add(c.Requested)
		a.Amount = a.Amount.Add(c.Amount)
		a.Recovered = a.Recovered.Add(c.Recovered)
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
		a := adj(n)
		a.CarryOverGrowth = d.CarryOver.Sub(d.PriorCarryOver)
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
				cut, a.Rule = v.Decimal().Round(2), f.RuleID
				break
			}
		}
		if least := a.CarryOverGrowth.Mul(ap.floor); a.CarryOverGrowth.IsPositive() && cut.LessThan(least.Round(2)) {
			ps.Add("carry_over_cut_below_floor", path,
				fmt.Sprintf("部门 %s 结转结余增加 %s，压减 %s，低于增量的 %s", n.Name, a.CarryOverGrowth, cut, ap.floor),
				fmt.Sprintf("department %s: carry-overs grew by %s, cut %s is below %s of the growth", n.Name, a.CarryOverGrowth, cut, ap.floor))
		}
		// A cut never takes the department's project budget below zero.
		a.CarryOverCut = decimal.Max(decimal.Min(cut, a.Amount), decimal.Zero)
	}
	slices.SortFunc(ny.Projects, func(a, b Consequence) int { return cmp.Compare(a.ProjectID, b.ProjectID) })
	slices.SortFunc(ny.Blocks, func(a, b Block) int { return cmp.Compare(a.ProjectID, b.ProjectID) })
	regions := map[string]*Adjustment{}
	for _, id := range sortedIDs(deptAdj) {
		a := deptAdj[id]
		a.Total = a.Amount.Sub(a.CarryOverCut)
		a.Change = a.Total.Sub(a.Requested)
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
	t.Requested = t.Requested.Add(a.Requested)
	t.Amount = t.Amount.Add(a.Amount)
	t.CarryOverGrowth = t.CarryOverGrowth.Add(a.CarryOverGrowth)
	t.CarryOverCut = t.CarryOverCut.Add(a.CarryOverCut)
	t.Total = t.Total.Add(a.Total)
	t.Change = t.Change.Add(a.Change)
	t.Recovered = t.Recovered.Add(a.Recovered)
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
func (ap *ApplyProgram) consequence(p ProjectOutcome, dept, region performance.Node, res *rules.Result, explain bool) (Consequence, error) {
	c := Consequence{ProjectID: p.ProjectID, Department: dept.ID, Region: region.ID,
		Requested: p.Requested, Amount: p.Requested, Fired: make([]string, 0, len(res.Fired))}
	decided, recovered := false, false
	var why []rules.Fired
	for _, f := range res.Fired {
		c.Fired = append(c.Fired, f.RuleID)
		if v, ok := f.Output(OutputAction); ok && !decided {
			a, err := ParseAction(v.String())
			if err != nil {
				return c, fmt.Errorf("rule %s: %w", f.RuleID, err)
			}
			amt, _ := f.Output(OutputAmount)
			c.Action, c.Amount, c.Rule, decided = a, amt.Decimal().Round(2), f.RuleID, true
			if explain {
				why = append(why, f)
			}
		}
		if v, ok := f.Output(OutputRecover); ok && !recovered {
			c.Recovered, recovered = v.Decimal().Round(2), true
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
	c.Change = c.Amount.Sub(c.Requested)
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
