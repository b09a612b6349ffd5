// Customrules shows a host service — a county finance bureau's budget
// system — extending Jixiao's whole-year policy with its own data and its
// own function, through policy.Compile, with no editing of results:
//
//   - two host fields declared in the policy: PriorGrade (the unit's grade
//     last year, a grade) and ContractSigned (whether the project's
//     contract is signed, a bool with default false), whose values the
//     host attaches to each project from its own database;
//   - one host function, capPerDay(category), the county's own table of
//     per-person-per-day caps (支出标准);
//   - finance staff's rules over them, as data, in three stages: a new
//     project of a unit graded 差 last year is not supported (an ex-ante
//     verdict), a training line above the county cap is cut, a project
//     whose contract is unsigned and behind schedule is red (a monitoring
//     alert), and a project graded 中 whose unit was graded 差 the year
//     before loses half of next year's request (a next-year amount).
//
// Every figure is explained, and every result carries the policy's hash.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
	"github.com/jixiao-go/jixiao/rules"
)

// countyPolicy is the county's 2025 policy as finance staff write it:
// data, not code. Each stage's rules read the host fields by name.
const countyPolicy = `{
  "id": "county-2025", "version": "1", "fiscal_year": 2025,
  "fields": [
    {"name": "PriorGrade", "type": "grade", "description": "单位上年绩效评价等级"},
    {"name": "ContractSigned", "type": "bool", "default": "false", "description": "项目合同是否已签订"}
  ],
  "exante": {
    "id": "county-2025-exante", "criteria": {"places": 2},
    "rules": {"id": "county-exante", "version": "1", "rules": [
      {"id": "no-new-after-poor", "name": "上年评价为差的单位，新增项目不予支持",
       "when": "New && PriorGrade == \"差\"",
       "outputs": [{"name": "verdict", "type": "string", "expr": "\"不予支持\""}]},
      {"id": "training-cap", "name": "培训费超过县定标准的部分核减", "tags": ["line", "standard"],
       "when": "Item == \"培训费\" && UnitPrice > capPerDay(\"培训\")",
       "outputs": [{"name": "reduce", "type": "money", "expr": "(UnitPrice - capPerDay(\"培训\")) * Quantity"}]}
    ]}
  },
  "monitoring": {
    "rules": {"id": "county-monitoring", "version": "1", "rules": [
      {"id": "unsigned-behind", "name": "合同未签订且执行滞后，红色预警", "group": "level",
       "when": "!ContractSigned && Deviation < 0",
       "outputs": [{"name": "level", "type": "string", "expr": "\"red\""}, {"name": "actions", "type": "string", "expr": "\"interview\""}]},
      {"id": "behind", "name": "执行滞后10个百分点以上，黄色预警", "group": "level",
       "when": "Deviation < -10",
       "outputs": [{"name": "level", "type": "string", "expr": "\"yellow\""}]},
      {"id": "on-schedule", "name": "正常", "group": "level", "when": "true",
       "outputs": [{"name": "level", "type": "string", "expr": "\"green\""}]}
    ]}
  },
  "apply": {
    "projects": {"id": "county-apply", "version": "1", "rules": [
      {"id": "fair-after-poor", "name": "评为中且上年为差，下年压减50%", "priority": 10, "group": "action",
       "when": "Grade == \"中\" && PriorGrade == \"差\"",
       "outputs": [{"name": "action", "type": "string", "expr": "\"cut\""}, {"name": "amount", "type": "money", "expr": "round(Requested * 0.5, 2)"}]},
      {"id": "fair", "name": "评为中，下年压减20%", "group": "action",
       "when": "Grade == \"中\"",
       "outputs": [{"name": "action", "type": "string", "expr": "\"cut\""}, {"name": "amount", "type": "money", "expr": "round(Requested * 0.8, 2)"}]}
    ]}
  }
}`

// caps is the host's own table of per-person-per-day caps, in yuan.
var caps = map[string]decimal.Decimal{"培训": decimal.RequireFromString("450"), "会议": decimal.RequireFromString("350")}

// capPerDay is the host's own function, registered with the engine. It
// must be deterministic and safe for concurrent use: it only reads caps.
func capPerDay(category string) (decimal.Decimal, error) {
	c, ok := caps[category]
	if !ok {
		return decimal.Decimal{}, fmt.Errorf("no cap for category %q", category)
	}
	return c, nil
}

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// trainingGoals is the projects' performance goals (绩效目标): output 60,
// benefit 30, satisfaction 10.
func trainingGoals() (*goals.Tree, error) {
	ind := func(l1, l2, name, target string, weight int64) (goals.Indicator, error) {
		k1, err := goals.ParseLevel1(l1)
		if err != nil {
			return goals.Indicator{}, err
		}
		k2, err := goals.ParseLevel2(l2)
		if err != nil {
			return goals.Indicator{}, err
		}
		tg, err := goals.ParseTarget(target)
		return goals.Indicator{Level1: k1, Level2: k2, Name: name, Target: tg, Weight: decimal.NewFromInt(weight)}, err
	}
	var inds []goals.Indicator
	for _, x := range []struct {
		l1, l2, name, target string
		w                    int64
	}{
		{"产出指标", "数量指标", "培训人数", "≥200人", 60},
		{"效益指标", "社会效益指标", "教学能力提升", "≥90%", 30},
		{"满意度指标", "服务对象满意度指标", "参训教师满意度", "≥90%", 10},
	} {
		in, err := ind(x.l1, x.l2, x.name, x.target, x.w)
		if err != nil {
			return nil, err
		}
		inds = append(inds, in)
	}
	return goals.NewTree(goals.SelfEvaluation, decimal.Decimal{}, inds...)
}

func day(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, time.UTC) }

func run(w io.Writer) error {
	p, err := policy.Parse([]byte(countyPolicy))
	if err != nil {
		return err
	}
	org, err := performance.NewOrg([]performance.Node{
		{ID: "county", Name: "县本级", Kind: performance.NodeRegion},
		{ID: "edu", Name: "教育局", Kind: performance.NodeDepartment, Parent: "county"},
		{ID: "edu-1", Name: "县一中", Kind: performance.NodeUnit, Parent: "edu"},
		{ID: "edu-2", Name: "县二中", Kind: performance.NodeUnit, Parent: "edu"},
	})
	if err != nil {
		return err
	}
	prog, err := p.Compile(org, nil, rules.WithFunction("capPerDay", capPerDay))
	if err != nil {
		return err // every problem, each with its stage, rule id, line and column
	}
	fmt.Fprintf(w, "policy %s %s, hash %s…\n", prog.Ref().ID, prog.Ref().Version, prog.Ref().Hash[:12])

	// The host's data, from its own database: one row per project, with
	// the host fields attached.
	type row struct {
		id, unit, item string
		qty, price     int64
		host           performance.HostValues
	}
	rows := []row{
		{"XM1", "edu-1", "培训费", 200, 500, performance.HostValues{"PriorGrade": "差"}},
		{"XM2", "edu-2", "培训费", 200, 480, performance.HostValues{"PriorGrade": "良", "ContractSigned": true}},
	}

	// 1. Ex-ante assessment (事前绩效评估), each project with its goals.
	tree, err := trainingGoals()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "ex-ante:")
	for _, r := range rows {
		qty, price := decimal.NewFromInt(r.qty), decimal.NewFromInt(r.price)
		amount := qty.Mul(price)
		sub := exante.Submission{Round: 1, Project: performance.Project{
			ID: r.id, Name: "教师培训", UnitID: r.unit, FiscalYear: 2025, Kind: performance.KindRoutine, New: true,
			Category: "培训", Basis: "县教育发展规划", Content: "教师培训",
			Period:          performance.Period{Start: performance.Month{Year: 2025, Month: 1}, End: performance.Month{Year: 2025, Month: 12}},
			TotalInvestment: amount, Amount: amount, Host: r.host,
			CostLines: []performance.CostLine{{Item: r.item, Specification: "人·天", Quantity: qty, UnitPrice: price, Amount: amount}},
		}}
		as, err := prog.Assess(day(1, 1), &sub, tree)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s verdict %s (by %s), submitted %s, reduced %s, approved %s\n", r.id, as.Verdict.Name(performance.LangZH), as.VerdictBy,
			as.Submitted.StringFixed(2), as.Reduced.StringFixed(2), as.Approved.StringFixed(2))
		for _, rd := range as.Reductions {
			fmt.Fprintf(w, "    %s %s: %s\n", rd.RuleID, rd.Amount.StringFixed(2), rd.Reason.ZH)
		}
	}

	// 2. Monitoring at the end of June (双监控): both spent 40% of their
	// budget against 50% expected; only ContractSigned tells them apart.
	budgets := make([]monitoring.Budget, len(rows))
	var records []monitoring.Record
	for i, r := range rows {
		budgets[i] = monitoring.Budget{ProjectID: r.id, Name: "教师培训", UnitID: r.unit, Initial: decimal.NewFromInt(100_000), Host: r.host}
		records = append(records, monitoring.Record{ProjectID: r.id, Date: day(5, 20), Amount: decimal.NewFromInt(40_000)})
	}
	ledger, err := monitoring.NewLedger(2025, day(12, 31))
	if err != nil {
		return err
	}
	for _, rec := range records {
		if err := ledger.Add(rec); err != nil {
			return err
		}
	}
	rep, err := prog.CheckQuarter(context.Background(), day(6, 30), budgets, nil, ledger, monitoring.State{})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "monitoring 2025-06-30:")
	for _, r := range rows {
		st, _ := rep.Status(r.id)
		fmt.Fprintf(w, "  %s %s by %s, rate %s%%, deviation %s points\n", r.id, st.Level, st.Rule, st.Rate.Percent(2).StringFixed(2), st.Deviation.Percent(2).StringFixed(2))
	}

	// 3. Results application (结果应用): both graded 中 this year.
	outcomes := make([]evaluation.ProjectOutcome, len(rows))
	for i, r := range rows {
		outcomes[i] = evaluation.ProjectOutcome{ProjectID: r.id, UnitID: r.unit, Kind: performance.KindRoutine, Grade: performance.Fair,
			Score: decimal.NewFromInt(75), Requested: decimal.NewFromInt(1_000_000), Host: r.host}
	}
	ny, err := prog.Apply(day(12, 31), outcomes, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "next year:")
	for _, c := range ny.Projects {
		fmt.Fprintf(w, "  %s %s %s → %s by %s\n", c.ProjectID, c.Action, c.Requested.StringFixed(2), c.Amount.StringFixed(2), c.Rule)
	}
	fmt.Fprintf(w, "results carry the policy: %v\n", rep.Policy == prog.Ref() && ny.Policy == prog.Ref())
	return nil
}
