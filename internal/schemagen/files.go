package schemagen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/jixiao-go/jixiao/rules/ruletest"
)

// BaseID is the prefix of every schema's $id. Nothing is fetched from it:
// the schemas refer only to their own $defs.
const BaseID = "https://jixiao-go.github.io/schema/"

// A File is one kind of input file and the Go type it decodes into.
type File struct {
	// Name is the schema's file name without ".schema.json".
	Name string
	// Title names the file kind with its Chinese term.
	Title string
	// Description says who reads the file and how.
	Description string
	// Type is the Go type the file decodes into.
	Type reflect.Type
}

// Files lists every input file kind, in the order of the schema/ folder.
func Files() []File {
	return []File{
		{"exante-policy", "Ex-ante assessment policy (事前绩效评估政策)",
			"The scoring sheet, thresholds and rule set of one fiscal year's ex-ante assessment, read by exante.ParsePolicy and jixiao assess/check/test.",
			reflect.TypeFor[exante.Policy]()},
		{"rule-set", "Rule set (规则集)",
			"A versioned rule set, read by rules.ParseSet; as a file on its own, a monitoring rule set (monitoring.ParseRules, jixiao monitor --rules, check, test).",
			reflect.TypeFor[rules.Set]()},
		{"portfolio", "Ex-ante submissions (事前评估送审项目)",
			"The projects submitted in each budget round (一上, 二上) with the experts' scoring sheets: a JSON array of exante.Submission, read by jixiao assess.",
			reflect.TypeFor[[]exante.Submission]()},
		{"check-portfolio", "Project portfolio (项目库)",
			"A fiscal year's organisation tree, expenditure standards and projects, validated by jixiao check ({\"projects\": [...]}).",
			reflect.TypeFor[portfolioFile]()},
		{"goals", "Performance goals (绩效目标)",
			"The indicator trees of the projects, keyed by project ID: a JSON object of goals.Tree, read by jixiao assess --goals and jixiao monitor --goals.",
			reflect.TypeFor[map[string]*goals.Tree]()},
		{"standards", "Expenditure standards (支出标准)",
			"The expenditure standards cost lines are checked against: a JSON array of performance.ExpenditureStandard.",
			reflect.TypeFor[[]performance.ExpenditureStandard]()},
		{"org", "Organisation tree (组织机构：地区、部门、预算单位)",
			"Regions, departments and budget units as a JSON array of performance.Node, read as a performance.Org (parents before children).",
			reflect.TypeFor[performance.Org]()},
		{"monitoring-policy", "Monitoring policy (绩效运行监控政策)",
			"Schedules, thresholds and triggers of in-year double monitoring (双监控), read by monitoring.ParsePolicy and jixiao monitor --policy.",
			reflect.TypeFor[monitoring.Policy]()},
		{"monitoring-portfolio", "Monitoring portfolio (监控预算)",
			"The year, organisation tree, budgets and adjustments of a monitoring run in one file, read by jixiao monitor PORTFOLIO RECORDS.",
			reflect.TypeFor[monitorFile]()},
		{"budgets", "Budgets (预算)",
			"The projects' budgets to monitor: a JSON array of monitoring.Budget (budgets.json of a monitoring folder).",
			reflect.TypeFor[[]monitoring.Budget]()},
		{"adjustments", "Budget adjustments (预算调整)",
			"Budget adjustments during the year: a JSON array of monitoring.Adjustment (adjustments.json of a monitoring folder).",
			reflect.TypeFor[[]monitoring.Adjustment]()},
		{"goal-reports", "Goal progress reports (绩效目标完成情况)",
			"What each project reports of its indicators' progress: a JSON array of monitoring.GoalReport, read by jixiao monitor --goal-reports.",
			reflect.TypeFor[[]monitoring.GoalReport]()},
		{"monitoring-forms", "Monitoring forms (绩效监控情况表)",
			"Units' quarterly monitoring forms after 财预〔2019〕136号: per indicator the actual to date, the year-end projection, the likelihood of meeting the target, the deviation cause and the corrective measure; a JSON array of monitoring.Form, read by monitoring.ParseForms and jixiao monitor --forms (the CSV layout is monitoring.ReadForms').",
			reflect.TypeFor[[]monitoring.Form]()},
		{"rectifications", "Rectification items (问题整改清单)",
			"Evaluation findings to rectify with owner, due date and, once reported, completion and evidence: a JSON array of evaluation.RectificationItem (made by evaluation.RectificationsFrom, completed by RecordCompletions).",
			reflect.TypeFor[[]evaluation.RectificationItem]()},
		{"completion-reports", "Rectification completion reports (整改完成情况)",
			"Units' reports that items are rectified, with evidence and the bureau's acceptance: a JSON array of evaluation.CompletionReport, read by evaluation.RecordCompletions.",
			reflect.TypeFor[[]evaluation.CompletionReport]()},
		{"carry-overs", "Balances carried in (上年结转资金)",
			"Money carried into the year from earlier ones, per project and year formed, with what was spent of it: a JSON array of monitoring.PriorBalance, read by jixiao monitor --carry-overs and aged by monitoring.Monitor.AgedYearEnd.",
			reflect.TypeFor[[]monitoring.PriorBalance]()},
		{"schedule", "Schedule (序时进度表)",
			"One expected-progress schedule, such as a published table of twelve cumulative percentages: a monitoring.Schedule.",
			reflect.TypeFor[monitoring.Schedule]()},
		{"self-evaluations", "Self-evaluation forms (绩效自评表)",
			"Units' self-evaluation forms with the figures they stated, reconciled by jixiao evaluate ({\"self_evaluations\": [...]}).",
			reflect.TypeFor[selfFile]()},
		{"key-report", "Key or deep evaluation report (重点/深度绩效评价报告)",
			"A round of key or deep evaluations with the outcomes and the published figures, read by evaluation.ParseKeyReport and jixiao evaluate.",
			reflect.TypeFor[evaluation.KeyReport]()},
		{"policy-rules", "Public-policy conclusion rules (政策绩效评价结论规则)",
			"The rules concluding the ex-post evaluations of public policies continue, adjust or exit (继续实施、调整完善、退出), with the grading scheme and sources: an evaluation.PolicyRules, read by evaluation.ParsePolicyRules (the bundled default is evaluation/publicpolicy.json; a whole-year policy holds it as public_policies.ex_post).",
			reflect.TypeFor[evaluation.PolicyRules]()},
		{"policy-proposals", "Public policies to assess (政策事前绩效评估材料)",
			"New or continuing public policies with the experts' scoring sheets over the policy sheet (exante.PolicySheet): a JSON array of exante.PolicyProposal, assessed by exante.PolicyAssessor.Assess.",
			reflect.TypeFor[[]exante.PolicyProposal]()},
		{"policy-evaluations", "Public policies evaluated (政策绩效评价结果)",
			"Ex-post evaluations of public policies with score, grade, attainment, findings and the projects funded under each: a JSON array of evaluation.PolicyEvaluation, concluded by evaluation.PolicyProgram.Conclude.",
			reflect.TypeFor[[]evaluation.PolicyEvaluation]()},
		{"apply-policy", "Results-application policy (结果应用政策)",
			"The project and department rule sets that apply evaluation results to next year's budget, read by evaluation.ParseApplyPolicy and jixiao apply/evaluate --policy.",
			reflect.TypeFor[evaluation.ApplyPolicy]()},
		{"apply-outcomes", "Evaluation outcomes (评价结果)",
			"The year's outcomes per project and department with the organisation tree, read by jixiao apply.",
			reflect.TypeFor[outcomesFile]()},
		{"experts", "Expert scoring sheets (专家评分表)",
			"The experts' scoring sheets of a CSV portfolio (experts.json beside projects.csv), read by jixiao assess and check.",
			reflect.TypeFor[[]expertSheets]()},
		{"expert-library", "Expert library (专家库)",
			"The bureau's fields of expertise and its experts with their status, declared conflicts and panels served: an experts.Library, read by experts.ParseLibrary.",
			reflect.TypeFor[experts.Library]()},
		{"panel-request", "Panel draw request (专家抽取申请)",
			"What a panel is drawn for (stage, project, unit, department), its size and field mix, the recusal rules and the recorded seed: an experts.Request, drawn by experts.Draw.",
			reflect.TypeFor[experts.Request]()},
		{"agencies", "Third-party agencies (第三方机构名册)",
			"The register of third-party agencies with their qualifications, status and engagements: a JSON array of experts.Agency, read by experts.ParseAgencies.",
			reflect.TypeFor[[]experts.Agency]()},
		{"report-framework", "Report-quality framework (第三方报告质量评分框架)",
			"The items, weights, combination and poor mark the bureau scores third-party reports on: an experts.Framework.",
			reflect.TypeFor[experts.Framework]()},
		{"agency-reports", "Third-party reports scored (第三方报告评分)",
			"Third-party reports with the bureau reviewers' sheets: a JSON array of experts.Report, each scored by experts.Framework.Score.",
			reflect.TypeFor[[]experts.Report]()},
		{"policy", "Whole-year policy (政策版本)",
			"One fiscal year's policy for every stage (host fields, expenditure standards, goals configuration, schemes, framework, ex-ante, monitoring, results application), read by policy.Parse and Load, and by jixiao check, assess, monitor, evaluate, apply, replay and diff.",
			reflect.TypeFor[policy.Policy]()},
		{"history-record", "History record (历史决策记录)",
			"One project-year of recorded inputs and decisions: one history.Record per line of a JSON-lines file (gzip or not), read by history.Read.",
			reflect.TypeFor[history.Record]()},
		{"ruletest-monitoring", "Rule test cases, monitoring (规则测试用例：运行监控)",
			"Table cases for a monitoring rule set, environments as monitoring.Env, read by ruletest.ReadCases and jixiao test.",
			reflect.TypeFor[caseFile[monitoring.Env]]()},
		{"ruletest-exante", "Rule test cases, ex-ante projects (规则测试用例：事前评估项目)",
			"Table cases for the project rules of an ex-ante policy, environments as exante.Env, read by ruletest.ReadCases and jixiao test --set project.",
			reflect.TypeFor[caseFile[exante.Env]]()},
		{"ruletest-line", "Rule test cases, ex-ante cost lines (规则测试用例：事前评估明细)",
			"Table cases for the line rules of an ex-ante policy, environments as exante.CostLineEnv, read by ruletest.ReadCases and jixiao test --set line.",
			reflect.TypeFor[caseFile[exante.CostLineEnv]]()},
		{"ruletest-projects", "Rule test cases, results application to projects (规则测试用例：项目结果应用)",
			"Table cases for the project rules of a results-application policy, environments as evaluation.ProjectEnv, read by ruletest.ReadCases and jixiao test --set projects.",
			reflect.TypeFor[caseFile[evaluation.ProjectEnv]]()},
		{"ruletest-departments", "Rule test cases, results application to departments (规则测试用例：部门结果应用)",
			"Table cases for the department rules of a results-application policy, environments as evaluation.DepartmentEnv, read by ruletest.ReadCases and jixiao test --set departments.",
			reflect.TypeFor[caseFile[evaluation.DepartmentEnv]]()},
		{"scheme", "Grading scheme (评价等级方案)",
			"How scores map to grades (优/良/中/差) and the grade distribution's limits: a performance.Scheme, as in a history policy's scheme.",
			reflect.TypeFor[performance.Scheme]()},
		{"goal-review-rules", "Goal review rules (绩效目标审核规则)",
			"The checks, deductions and grade scale of the bureau's goal review (财预〔2015〕88号 第二十四、二十五条): a goals.ReviewRules, as in a policy's goal_review.",
			reflect.TypeFor[goals.ReviewRules]()},
		{"goal-reviews", "Goal review inputs (绩效目标审核材料)",
			"The goals submitted for review with the category, last year's actuals, the cost estimate and the experts' judgements: a JSON array of goals.ReviewInput.",
			reflect.TypeFor[[]goals.ReviewInput]()},
		{"goal-versions", "Goal versions (绩效目标版本)",
			"Each project's dated goal versions, submitted (申报), approved (批复) and adjusted (调整), with who and why: a JSON array of goals.Versions.",
			reflect.TypeFor[[]goals.Versions]()},
		{"goal-adjustment-rules", "Goal adjustment rules (绩效目标调整规则)",
			"The rules that approve or refuse requests to adjust approved goals (财预〔2015〕88号 第二十八条): a goals.AdjustmentRules, as in a policy's goal_adjustment.",
			reflect.TypeFor[goals.AdjustmentRules]()},
		{"goal-adjustments", "Goal adjustment requests (绩效目标调整申请)",
			"Units' requests to adjust their approved goals, with cause, reason and the goals requested: a JSON array of goals.AdjustmentRequest.",
			reflect.TypeFor[[]goals.AdjustmentRequest]()},
		{"department-forms", "Department-wide self-evaluation forms (部门整体支出绩效自评表)",
			"Departments' goals for their whole spending (level-1 kinds as data: 履职效能, 管理效率, 运行成本, 社会效应, 服务对象满意度 by default), actuals, budget execution and the scoring method (proportional, or 得分系数 × 权重 bands): a JSON array of goals.DepartmentForm, read by goals.ParseDepartmentForms.",
			reflect.TypeFor[[]goals.DepartmentForm]()},
		{"department-evaluations", "Department-wide self-evaluations (部门整体支出绩效自评)",
			"Departments' self-evaluations of their whole spending: each an evaluation.DepartmentEvaluation (department_id, year, the form of department-forms, the department's own sheet and the bureau's sheets over the department framework), as a JSON array; the JSON form of the CSV layout evaluation.ReadDepartmentCSV reads, and what jixiao evaluate --framework department takes.",
			reflect.TypeFor[[]evaluation.DepartmentEvaluation]()},
		{"period-goals", "Whole-period and annual goals (总体目标与年度目标)",
			"Multi-year projects' whole-period goals and annual goals, with per-indicator accumulation overrides: a JSON array of goals.PeriodGoals.",
			reflect.TypeFor[[]goals.PeriodGoals]()},
		{"project", "Project (项目)",
			"One project with its cost lines, in the library's JSON: a performance.Project, as inside a portfolio.",
			reflect.TypeFor[performance.Project]()},
		{"goals-library", "Indicator library (绩效指标库)",
			"Indicator definitions to build goals from, read by goals.ParseLibrary ({\"version\", \"definitions\"}).",
			reflect.TypeFor[libraryFile]()},
		{"audit", "Published figures to audit (公布数据核查)",
			"The reduction rates, grade distributions and roll-ups a report published, as printed (\"17,702.19万元\", \"19.13%\"), read by jixiao audit.",
			reflect.TypeFor[statedFigures]()},
	}
}

// Generate returns the schema document of f: draft 2020-12, with $id,
// title and description, indented, ending in a newline.
func Generate(f File) ([]byte, error) {
	s, err := Build(f.Type)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	// The header members first, then the schema's own in name order (as
	// encoding/json writes map keys), $defs last.
	head := []struct {
		k string
		v any
	}{
		{"$schema", "https://json-schema.org/draft/2020-12/schema"},
		{"$id", BaseID + f.Name + ".schema.json"},
		{"title", f.Title},
		{"description", f.Description},
	}
	defs, hasDefs := s["$defs"]
	delete(s, "$defs")
	var b bytes.Buffer
	b.WriteString("{\n")
	write := func(k string, v any, last bool) error {
		kb, _ := json.Marshal(k)
		vb, err := marshal(v)
		if err != nil {
			return err
		}
		var ind bytes.Buffer
		if err := json.Indent(&ind, vb, "  ", "  "); err != nil {
			return err
		}
		b.WriteString("  ")
		b.Write(kb)
		b.WriteString(": ")
		b.Write(ind.Bytes())
		if !last {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
		return nil
	}
	keys := slices.Sorted(maps.Keys(s))
	for i, h := range head {
		if err := write(h.k, h.v, i == len(head)-1 && len(keys) == 0 && !hasDefs); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	for i, k := range keys {
		if err := write(k, s[k], i == len(keys)-1 && !hasDefs); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	if hasDefs {
		if err := write("$defs", defs, true); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// marshal encodes v without HTML escaping, so that patterns and Chinese
// terms read as written.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// libraryFile mirrors goals' libraryJSON, the form goals.ParseLibrary reads.
type libraryFile struct {
	Version     string             `json:"version"`
	Definitions []goals.Definition `json:"definitions"`
}

// caseFile mirrors ruletest's case file: {"description", "cases"}.
type caseFile[E any] struct {
	Description string             `json:"description,omitempty"`
	Cases       []ruletest.Case[E] `json:"cases"`
}
