package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// ErrPolicy is matched (errors.Is) by every error of Parse, Load and
// Compile.
var ErrPolicy = errors.New("policy: bad policy")

// An Error is one problem of a policy, in one stage. Stage is the path of
// the part at fault in the policy's JSON: "id", "effective_from", "fields",
// "standards", "goals", "scheme", "framework", "exante", "monitoring.policy",
// "monitoring.rules" or "apply". Err is the stage package's error: for rules,
// a *rules.Error (or several, joined) with the rule id, line, column and
// caret snippet; for data, performance.Problems with their paths.
type Error struct {
	Stage string
	Err   error
}

// Error names the stage before the cause.
func (e *Error) Error() string { return "policy: " + e.Stage + ": " + fmt.Sprint(e.Err) }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is ErrPolicy.
func (e *Error) Is(target error) bool { return target == ErrPolicy }

// A Field is a host field declaration (宿主字段), rules.Field: a name the
// host attaches a value to on every project (performance.Project.Host) and
// that every stage's rules read, its type, and the default a project
// without a value takes (nil: a missing value is an error for that
// project). Description is for people and is not hashed.
type Field = rules.Field

// A Policy is one fiscal year's policy (政策版本) for every stage, as one
// JSON document:
//
//	{"id": "lhasa-2021", "version": "2021.1", "description": "…",
//	 "fiscal_year": 2021, "effective_from": "2021-01-01", "effective_to": "2021-12-31",
//	 "fields": [{"name": "PriorGrade", "type": "grade", "default": "良"}],
//	 "standards": [...] or "standards_file": "../exante/standards.json",
//	 "goals": {goals.Config}, "scheme": {performance.Scheme},
//	 "framework": {evaluation.Framework},
//	 "exante": {exante.Policy},
//	 "monitoring": {"policy": {monitoring.Policy}, "rules": {rules.Set}},
//	 "apply": {evaluation.ApplyPolicy}}
//
// Every part is optional; a stage left out is not run (its Program method
// returns ErrNoStage). A Policy is plain data: read it with [Parse] or
// [Load], compile it with [Policy.Compile].
type Policy struct {
	ID          string `json:"id"`
	Version     string `json:"version,omitempty"`
	Description string `json:"description,omitempty"`
	// FiscalYear is the year the policy is for (预算年度); zero means any.
	FiscalYear int `json:"fiscal_year,omitempty"`
	// EffectiveFrom and EffectiveTo bound the period the policy is in force
	// (生效期间), "YYYY-MM-DD", both inclusive; empty means open.
	EffectiveFrom string `json:"effective_from,omitempty"`
	EffectiveTo   string `json:"effective_to,omitempty"`
	// Fields are the host's field declarations.
	Fields []Field `json:"fields,omitempty"`
	// Standards are the expenditure standards (支出标准) inline.
	// StandardsFile names a JSON file of them instead, relative to the
	// policy's file; [Load] reads it into Standards.
	Standards     []performance.ExpenditureStandard `json:"standards,omitempty"`
	StandardsFile string                            `json:"standards_file,omitempty"`
	// Goals is the scoring configuration of performance goals (评分规则);
	// nil means the national rule (the zero goals.Config).
	Goals *goals.Config `json:"goals,omitempty"`
	// Scheme grades evaluation scores; nil means performance.DefaultScheme.
	Scheme *performance.Scheme `json:"scheme,omitempty"`
	// Framework scores key and deep evaluations; nil means
	// evaluation.KeyFramework.
	Framework *evaluation.Framework `json:"framework,omitempty"`
	// ExAnte is the ex-ante assessment policy (事前绩效评估).
	ExAnte *exante.Policy `json:"exante,omitempty"`
	// Monitoring is the monitoring policy and rule set (绩效运行监控).
	Monitoring *Monitoring `json:"monitoring,omitempty"`
	// Apply is the results-application policy (结果应用).
	Apply *evaluation.ApplyPolicy `json:"apply,omitempty"`
	// GoalReview are the rules of the bureau's goal review (绩效目标审核);
	// nil means the year had none (a backtest then reviews nothing).
	GoalReview *goals.ReviewRules `json:"goal_review,omitempty"`
	// GoalAdjustment are the rules that decide requests to adjust approved
	// goals (绩效目标调整); nil means none recorded.
	GoalAdjustment *goals.AdjustmentRules `json:"goal_adjustment,omitempty"`
	// CoreIndicators are the core-indicator templates (核心绩效指标) the
	// review looks for, as indicator-library definitions with Core set;
	// nil means none (goals.CoreLibrary is the bundled illustrative set).
	CoreIndicators []goals.Definition `json:"core_indicators,omitempty"`
	// Department is the year's department-wide performance policy
	// (部门整体绩效); nil means evaluation.DepartmentFramework and forms
	// scored by their own method.
	Department *Department `json:"department,omitempty"`
	// PublicPolicies is the performance management of public policies
	// (政策绩效管理): the ex-ante sheet and the rules concluding their
	// ex-post evaluations continue, adjust or exit; nil means the year had
	// none (DefaultPublicPolicies is the bundled illustrative set).
	PublicPolicies *PublicPolicies `json:"public_policies,omitempty"`

	standardsLoaded bool
}

// Department is the department-wide performance policy (部门整体绩效) of a
// year: the framework the bureau's department evaluation scores (nil
// means evaluation.DepartmentFramework, graded by the policy's scheme),
// and the method and coefficient bands for department forms that give
// none (zero means proportional; empty bands mean
// goals.DefaultCoefficients, illustrative).
type Department struct {
	Framework    *evaluation.Framework   `json:"framework,omitempty"`
	Method       goals.DepartmentMethod  `json:"method,omitempty"`
	Coefficients []goals.CoefficientBand `json:"coefficients,omitempty"`
}

// Monitoring is the monitoring part of a Policy: a monitoring policy (nil
// means monitoring.DefaultPolicy), a rule set that sets the alert levels
// and triggers (nil means the policy's own yellow gap and triggers), and
// how the units' monitoring forms are reviewed (nil means
// monitoring.DefaultFormPolicy).
type Monitoring struct {
	Policy *monitoring.Policy     `json:"policy,omitempty"`
	Rules  *rules.Set             `json:"rules,omitempty"`
	Forms  *monitoring.FormPolicy `json:"forms,omitempty"`
}

type rawPolicy struct {
	ID            string          `json:"id"`
	Version       string          `json:"version,omitempty"`
	Description   string          `json:"description,omitempty"`
	FiscalYear    int             `json:"fiscal_year,omitempty"`
	EffectiveFrom string          `json:"effective_from,omitempty"`
	EffectiveTo   string          `json:"effective_to,omitempty"`
	Fields        json.RawMessage `json:"fields,omitempty"`
	Standards     json.RawMessage `json:"standards,omitempty"`
	StandardsFile string          `json:"standards_file,omitempty"`
	Goals         json.RawMessage `json:"goals,omitempty"`
	Scheme        json.RawMessage `json:"scheme,omitempty"`
	Framework     json.RawMessage `json:"framework,omitempty"`
	ExAnte        json.RawMessage `json:"exante,omitempty"`
	Monitoring    *struct {
		Policy json.RawMessage `json:"policy,omitempty"`
		Rules  json.RawMessage `json:"rules,omitempty"`
		Forms  json.RawMessage `json:"forms,omitempty"`
	} `json:"monitoring,omitempty"`
	Apply          json.RawMessage `json:"apply,omitempty"`
	GoalReview     json.RawMessage `json:"goal_review,omitempty"`
	GoalAdjustment json.RawMessage `json:"goal_adjustment,omitempty"`
	CoreIndicators json.RawMessage `json:"core_indicators,omitempty"`
	Department     json.RawMessage `json:"department,omitempty"`
	PublicPolicies json.RawMessage `json:"public_policies,omitempty"`
}

// maxFields bounds the host field declarations of one policy.
const maxFields = 256

// Parse reads a policy from JSON strictly: unknown members are errors with
// their paths, each stage is read by its own package's parser
// (exante.ParsePolicy, monitoring.ParsePolicy, rules.ParseSet,
// evaluation.ParseApplyPolicy, evaluation.ParseFramework) and the scheme,
// goals configuration, standards and field declarations are checked. Every
// problem is returned at once, joined, each an [*Error] naming its stage.
// Expressions are type-checked by [Policy.Compile], not here. A
// standards_file is not read: use [Load], or set Standards yourself.
//
// On error, the Policy returned beside it (nil only for JSON that does not
// decode at all) holds the parts that parsed, the others left out, so that
// a checker can compile them too and list their problems as well; it must
// not be used to decide anything.
func Parse(data []byte) (*Policy, error) {
	var raw rawPolicy
	if err := performance.DecodeJSON(data, &raw); err != nil {
		return nil, &Error{Stage: "policy", Err: err}
	}
	p := &Policy{ID: raw.ID, Version: raw.Version, Description: raw.Description, FiscalYear: raw.FiscalYear,
		EffectiveFrom: raw.EffectiveFrom, EffectiveTo: raw.EffectiveTo, StandardsFile: raw.StandardsFile}
	var errs []error
	add := func(stage string, err error) {
		if err != nil {
			errs = append(errs, &Error{Stage: stage, Err: err})
		}
	}
	if p.ID == "" {
		add("id", errors.New("empty"))
	}
	from, errFrom := parseDate(p.EffectiveFrom)
	add("effective_from", errFrom)
	to, errTo := parseDate(p.EffectiveTo)
	add("effective_to", errTo)
	if errFrom == nil && errTo == nil && !from.IsZero() && !to.IsZero() && to.Before(from) {
		add("effective_to", fmt.Errorf("%s is before effective_from %s", p.EffectiveTo, p.EffectiveFrom))
	}
	if len(raw.Fields) > 0 {
		err := performance.DecodeJSON(raw.Fields, &p.Fields)
		if err == nil {
			err = validateFields(p.Fields)
		}
		if err != nil {
			p.Fields = nil
		}
		add("fields", err)
	}
	if len(raw.Standards) > 0 {
		err := performance.DecodeJSON(raw.Standards, &p.Standards)
		if err == nil && p.StandardsFile != "" {
			err = errors.New("both standards and standards_file given")
		}
		add("standards", err)
		p.standardsLoaded = err == nil
		if err != nil {
			p.Standards, p.StandardsFile = nil, ""
		}
	}
	if len(raw.Goals) > 0 {
		var c goals.Config
		err := performance.DecodeJSON(raw.Goals, &c)
		add("goals", err)
		if err == nil {
			p.Goals = &c
		}
	}
	if len(raw.Scheme) > 0 {
		var s performance.Scheme
		err := performance.DecodeJSON(raw.Scheme, &s)
		if err == nil {
			err = s.Validate()
		}
		add("scheme", err)
		if err == nil {
			p.Scheme = &s
		}
	}
	if len(raw.Framework) > 0 {
		var err error
		p.Framework, err = evaluation.ParseFramework(raw.Framework)
		add("framework", err)
	}
	if len(raw.ExAnte) > 0 {
		var err error
		p.ExAnte, err = exante.ParsePolicy(raw.ExAnte)
		add("exante", err)
	}
	if m := raw.Monitoring; m != nil {
		p.Monitoring = &Monitoring{}
		if len(m.Policy) > 0 {
			var err error
			p.Monitoring.Policy, err = monitoring.ParsePolicy(m.Policy)
			add("monitoring.policy", err)
		}
		if len(m.Rules) > 0 {
			var err error
			p.Monitoring.Rules, err = rules.ParseSet(m.Rules)
			add("monitoring.rules", err)
		}
		if len(m.Forms) > 0 {
			var fp monitoring.FormPolicy
			err := performance.DecodeJSON(m.Forms, &fp)
			if err == nil {
				err = fp.Validate()
			}
			add("monitoring.forms", err)
			if err == nil {
				p.Monitoring.Forms = &fp
			}
		}
	}
	if len(raw.Apply) > 0 {
		var err error
		p.Apply, err = evaluation.ParseApplyPolicy(raw.Apply)
		add("apply", err)
	}
	if len(raw.GoalReview) > 0 {
		var r goals.ReviewRules
		err := performance.DecodeJSON(raw.GoalReview, &r)
		add("goal_review", err)
		if err == nil {
			p.GoalReview = &r
		}
	}
	if len(raw.GoalAdjustment) > 0 {
		var r goals.AdjustmentRules
		err := performance.DecodeJSON(raw.GoalAdjustment, &r)
		add("goal_adjustment", err)
		if err == nil {
			p.GoalAdjustment = &r
		}
	}
	if len(raw.CoreIndicators) > 0 {
		err := performance.DecodeJSON(raw.CoreIndicators, &p.CoreIndicators)
		add("core_indicators", err)
		if err != nil {
			p.CoreIndicators = nil
		}
	}
	if len(raw.Department) > 0 {
		var d Department
		err := performance.DecodeJSON(raw.Department, &d)
		add("department", err)
		if err == nil {
			p.Department = &d
		}
	}
	if len(raw.PublicPolicies) > 0 {
		var err error
		p.PublicPolicies, err = parsePublicPolicies(raw.PublicPolicies)
		add("public_policies", err)
	}
	if len(errs) > 0 {
		return p, errors.Join(errs...)
	}
	return p, nil
}

// Load reads and parses the policy file name, and reads its
// standards_file, when it names one, relative to name's folder. Errors are
// Parse's (with its partial Policy), an *os.PathError for a file that cannot be read, or an [*Error]
// of stage "standards" for a standards file that does not decode.
func Load(name string) (*Policy, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	p, err := Parse(data)
	if p == nil {
		return nil, err
	}
	if p.StandardsFile != "" {
		path := p.StandardsFile
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(name), path)
		}
		sd, rerr := os.ReadFile(path)
		if rerr == nil {
			rerr = performance.DecodeJSON(sd, &p.Standards)
		}
		if rerr != nil {
			p.Standards = nil
			return p, errors.Join(err, &Error{Stage: "standards_file", Err: fmt.Errorf("%s: %w", p.StandardsFile, rerr)})
		}
		p.standardsLoaded = true
	}
	return p, err
}

// Effective returns the period the policy is in force; a zero time is an
// open end. The dates were checked by Parse.
func (p *Policy) Effective() (from, to time.Time) {
	from, _ = parseDate(p.EffectiveFrom)
	to, _ = parseDate(p.EffectiveTo)
	return from, to
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date YYYY-MM-DD", s)
	}
	return d, nil
}

func validateFields(fs []Field) error {
	var ps performance.Problems
	if len(fs) > maxFields {
		ps.Add("too_many_fields", "fields", "宿主字段超过 "+strconv.Itoa(maxFields)+" 个", "more than "+strconv.Itoa(maxFields)+" host fields")
	}
	seen := map[string]bool{}
	for i, f := range fs {
		path := "fields[" + strconv.Itoa(i) + "]"
		if !isIdent(f.Name) || seen[f.Name] {
			ps.Add("bad_field_name", path+".name", "字段名为空、重复或不是标识符："+f.Name, "field name empty, repeated or not an identifier: "+f.Name)
		}
		seen[f.Name] = true
		if f.Type == "" {
			ps.Add("missing_field_type", path+".type", "字段缺少类型", "the field has no type")
		}
	}
	return ps.Err()
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9'
		if !ok {
			return false
		}
	}
	return true
}
