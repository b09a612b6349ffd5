package goals

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A DepartmentKind is a level-1 kind of a department's goals (部门整体绩效
// 一级指标), such as 履职效能 or 社会效应, held as data because provinces name
// and split them differently. Each kind is scored as one of the project
// level-1 kinds (Level1), which decides how its indicators take part in a
// [Tree]: a department's goals validate as a tree, so some kind must map to
// output and some to benefit.
type DepartmentKind struct {
	// Code identifies the kind in indicators ("effectiveness").
	Code string `json:"code"`
	// Name is the kind as forms print it (履职效能).
	Name string `json:"name"`
	// Level1 is the project kind the kind is scored as.
	Level1 Level1 `json:"level1"`
	// Source says where the kind comes from.
	Source string `json:"source,omitempty"`
}

// DefaultDepartmentKinds returns the level-1 kinds of a department-wide
// goal (部门整体绩效目标) as a fresh slice: 履职效能 (effectiveness in
// performing duties, scored as output), 管理效率 (management efficiency, as
// process), 运行成本 (running cost, as cost), 社会效应 (social effect, as
// benefit) and 服务对象满意度 (satisfaction of those served).
//
// Source: illustrative. The 2018 national opinion (中发〔2018〕34号, 二(四))
// asks that departments' whole budgets be brought under performance
// management and their overall performance and core business be measured;
// it names no kinds. The five kinds are the ones several provinces' and
// cities' department-wide frameworks print; no national document fixing
// them was confirmed with the search tool.
func DefaultDepartmentKinds() []DepartmentKind {
	const src = "illustrative (provincial department-wide frameworks; 中发〔2018〕34号 names no kinds)"
	return []DepartmentKind{
		{Code: "effectiveness", Name: "履职效能", Level1: Output, Source: src},
		{Code: "efficiency", Name: "管理效率", Level1: Process, Source: src},
		{Code: "running_cost", Name: "运行成本", Level1: Cost, Source: src},
		{Code: "social_effect", Name: "社会效应", Level1: Benefit, Source: src},
		{Code: "satisfaction", Name: "服务对象满意度", Level1: Satisfaction, Source: src},
	}
}

// A DepartmentIndicator is one level-3 indicator of a department's goals,
// under a kind (by code) and a level-2 group named as the form prints it
// (重点工作完成情况).
type DepartmentIndicator struct {
	ID string `json:"id,omitempty"`
	// Kind is the code of the indicator's [DepartmentKind].
	Kind string `json:"kind"`
	// Group names the level-2 group (二级指标).
	Group    string          `json:"group,omitempty"`
	Name     string          `json:"name"`
	Target   Target          `json:"target"`
	Weight   decimal.Decimal `json:"weight"`
	Standard Standard        `json:"standard,omitempty"`
}

// DepartmentGoals are a department's performance goals for its whole
// spending (部门整体绩效目标): the year's main tasks and overall goal as
// text, the level-1 kinds (empty means [DefaultDepartmentKinds]) and the
// indicators. Total is the indicators' declared sum, zero meaning 90: the
// department-wide form, like the project form, adds a 10-point budget
// execution item (see [DepartmentForm]).
type DepartmentGoals struct {
	DepartmentID string                `json:"department_id"`
	Year         int                   `json:"year"`
	Tasks        string                `json:"tasks,omitempty"`
	Goal         string                `json:"goal,omitempty"`
	Kinds        []DepartmentKind      `json:"kinds,omitempty"`
	Total        decimal.Decimal       `json:"total"`
	Indicators   []DepartmentIndicator `json:"indicators"`
}

// ninety is a department tree's total under the default execution weight.
var ninety = decimal.NewFromInt(90)

// KindsOrDefault returns Kinds, or [DefaultDepartmentKinds] when empty.
func (g *DepartmentGoals) KindsOrDefault() []DepartmentKind {
	if len(g.Kinds) == 0 {
		return DefaultDepartmentKinds()
	}
	return g.Kinds
}

// Validate checks the goals and returns every problem at once as
// [performance.Problems], or nil: missing_department_id, invalid_year
// (outside 1900–9999), and per kind missing_code, duplicate_code,
// missing_name and invalid_level1 (path "kinds[i]..."); per indicator
// unknown_kind (path "indicators[i].kind"); then the problems of the tree
// the goals make ([DepartmentGoals.Tree], [Tree.Validate]) with the same
// indicator paths.
func (g *DepartmentGoals) Validate() error {
	var ps performance.Problems
	if strings.TrimSpace(g.DepartmentID) == "" {
		ps.Add("missing_department_id", "department_id", "缺少部门编号", "no department ID")
	}
	if g.Year < 1900 || g.Year > 9999 {
		ps.Add("invalid_year", "year", "年度无效："+strconv.Itoa(g.Year), "invalid year "+strconv.Itoa(g.Year))
	}
	kinds := map[string]bool{}
	for i, k := range g.Kinds {
		p := "kinds[" + strconv.Itoa(i) + "]"
		switch {
		case strings.TrimSpace(k.Code) == "":
			ps.Add("missing_code", p+".code", "一级指标缺少代码", "the kind has no code")
		case kinds[k.Code]:
			ps.Add("duplicate_code", p+".code", "一级指标代码重复："+k.Code, "duplicate kind code "+k.Code)
		}
		kinds[k.Code] = true
		if strings.TrimSpace(k.Name) == "" {
			ps.Add("missing_name", p+".name", "一级指标缺少名称", "the kind has no name")
		}
		if k.Level1 == Level1None || !k.Level1.Valid() {
			ps.Add("invalid_level1", p+".level1", "一级指标须对应产出、效益、满意度、成本、决策或过程", "the kind must map to a level-1 kind")
		}
	}
	if len(g.Kinds) == 0 {
		for _, k := range DefaultDepartmentKinds() {
			kinds[k.Code] = true
		}
	}
	for i, in := range g.Indicators {
		if !kinds[in.Kind] {
			ps.Add("unknown_kind", ipath(i, ".kind"), "未知的一级指标："+in.Kind, "unknown kind "+strconv.Quote(in.Kind))
		}
	}
	if len(ps) > 0 {
		// The tree would repeat kind problems as level-1 ones.
		return ps.Err()
	}
	ps = appendProblems(ps, g.Tree().Validate(), "")
	return ps.Err()
}

// Tree returns the goals as a [Tree] in the self-evaluation framework:
// each indicator under its kind's Level1 and a level-2 group named Group
// (or the kind's name when Group is empty). An indicator of an unknown kind
// has no level-1 kind (validation reports it).
func (g *DepartmentGoals) Tree() *Tree {
	byCode := map[string]DepartmentKind{}
	for _, k := range g.KindsOrDefault() {
		byCode[k.Code] = k
	}
	total := g.Total
	if total.IsZero() {
		total = ninety
	}
	t := &Tree{Framework: SelfEvaluation, Total: total, Indicators: make([]Indicator, len(g.Indicators))}
	for i, in := range g.Indicators {
		k := byCode[in.Kind]
		group := in.Group
		if group == "" {
			group = k.Name
		}
		t.Indicators[i] = Indicator{ID: in.ID, Level1: k.Level1, Level2: Level2Other, Level2Name: group,
			Name: in.Name, Target: in.Target, Weight: in.Weight, Standard: in.Standard}
	}
	return t
}

// kindOf returns the kind of code, and whether there is one.
func (g *DepartmentGoals) kindOf(code string) (DepartmentKind, bool) {
	for _, k := range g.KindsOrDefault() {
		if k.Code == code {
			return k, true
		}
	}
	return DepartmentKind{}, false
}

// String returns "department/year" for messages.
func (g *DepartmentGoals) String() string { return fmt.Sprintf("%s/%d", g.DepartmentID, g.Year) }
