package evaluation

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
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
func (a *BudgetAction) UnmarshalText(b []byte) error {
	return enum.DecodeTable(a, actionTable, false, ParseAction, b)
}

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
