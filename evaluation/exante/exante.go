package exante

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// Rule tags and output names the ex-ante stage understands. A policy's rules
// speak to the assessment only through these; any other output is kept in
// the trace but has no effect.
const (
	// TagLine marks a rule evaluated once per cost line against [CostLineEnv];
	// rules without it are evaluated once per project against [Env].
	TagLine = "line"
	// TagMustAssess marks a project rule whose firing makes the assessment
	// mandatory (必须开展事前评估).
	TagMustAssess = "must_assess"

	// OutReduce (money) on a line rule cuts that much from the line.
	OutReduce = "reduce"
	// OutCutShare (number, 0–1) on a project rule cuts that share of what is
	// left of every line (政策性压减).
	OutCutShare = "cut_share"
	// OutReject (bool) on a project rule, when true, reduces the project in
	// full as not supported.
	OutReject = "reject"
	// OutIncrease (money) on a project rule records an increase (审增).
	OutIncrease = "increase"
	// OutVerdict (string: a verdict code or its Chinese name) on a project
	// rule overrides the verdict the thresholds give.
	OutVerdict = "verdict"
	// OutScore (number) on a project rule gives the assessment's total score
	// when no expert scored the project.
	OutScore = "score"
	// OutScorePrefix followed by an item ID ("score_C1", number) on project
	// rules gives that item's score; when no expert scored the project, the
	// items so scored form one sheet, combined like an expert's under the
	// name [RuleExpert], so that dimension scores are reported too.
	OutScorePrefix = "score_"
	// OutReason (string) gives the reason in Chinese; OutReasonEN in English.
	// Without them the rule's name and description are used.
	OutReason   = "reason"
	OutReasonEN = "reason_en"
)

// An Policy is the ex-ante assessment policy of one fiscal year
// (事前绩效评估政策): the scoring sheet and thresholds, and a rule set that
// decides who must be assessed and makes reductions. It is plain data,
// usually loaded from JSON with [ParsePolicy].
//
// Rules tagged "line" run once per cost line against [CostLineEnv]; the
// others run once per project against [Env]. What a fired rule does is
// said by its outputs: reduce, cut_share, reject, increase, verdict, score,
// reason, reason_en (see the Out constants), and the tag "must_assess". A
// reduction's kind is the first of its rule's tags that names one
// ("standard", "unsupported", "duplicate", "policy"), else policy.
type Policy struct {
	ID         string         `json:"id"`
	Version    string         `json:"version,omitempty"`
	FiscalYear int            `json:"fiscal_year,omitempty"`
	Criteria   AssessCriteria `json:"criteria"`
	Rules      rules.Set      `json:"rules"`
}

// ParsePolicy decodes a policy from JSON strictly (unknown fields are
// errors with their path) and checks its criteria and rule set structure.
// Expressions are checked by [NewAssessor].
func ParsePolicy(data []byte) (*Policy, error) {
	var p Policy
	if err := performance.DecodeJSON(data, &p); err != nil {
		return nil, fmt.Errorf("exante: policy: %w", err)
	}
	if err := p.Criteria.Validate(); err != nil {
		if ps, ok := err.(performance.Problems); ok {
			err = ps.Prefix("criteria")
		}
		return nil, fmt.Errorf("exante: policy: %w", err)
	}
	if err := p.Rules.Validate(); err != nil {
		return nil, fmt.Errorf("exante: policy rules: %w", err)
	}
	return &p, nil
}

// Env is what a project rule of an [Policy] sees: the project,
// its round and its assessment score. Expressions use the field names, such
// as `New && Amount >= 5000000`.
type Env struct {
	ID              string
	Name            string
	UnitID          string
	FiscalYear      int
	Kind            string // routine, development, one_off, other or ""
	New             bool
	Category        string
	FundSource      string
	Round           int
	Amount          decimal.Decimal // submitted this year (送审)
	TotalInvestment decimal.Decimal
	InvestedToDate  decimal.Decimal
	CostLines       int  // number of cost lines
	HasGoals        bool // performance goals present
	Assessed        bool // scored by experts
	Score           decimal.Decimal
	Verdict         string // the thresholds' verdict code, "" when not scored
	// Host holds the project's host fields (宿主字段), read by the names the
	// policy declares (rules.Field), such as PriorGrade == "差".
	Host performance.HostValues `rules:"host"`
}

// CostLineEnv is what a line rule of an [Policy] sees: one cost line,
// its expenditure standard, and a few facts of its project. Expressions use
// the field names, such as `HasStandard && UnitPrice > StandardCap`.
type CostLineEnv struct {
	Index         int
	Item          string
	Specification string
	Unit          string
	Quantity      decimal.Decimal
	UnitPrice     decimal.Decimal
	Amount        decimal.Decimal
	StandardID    string
	HasStandard   bool
	StandardCap   decimal.Decimal
	// Duplicate is true when an earlier line of the project has the same
	// item, specification, quantity and unit price.
	Duplicate bool

	ProjectID     string
	Category      string
	Kind          string
	New           bool
	Round         int
	ProjectAmount decimal.Decimal
	// Host holds the project's host fields (宿主字段), read by the names the
	// policy declares (rules.Field), such as PriorGrade == "差".
	Host performance.HostValues `rules:"host"`
}

// A Submission is one project as submitted in one budget round (一上, 二上, …)
// with its experts' scoring sheets, if it was scored.
type Submission struct {
	// Round is the budget round, 1 for 一上, 2 for 二上; it must be positive.
	Round   int                 `json:"round"`
	Project performance.Project `json:"project"`
	Experts []Expert            `json:"experts,omitempty"`
	// Panel, when not nil, is the panel of experts that assesses the
	// project (评审专家组), drawn by [experts.Draw] or supplied: every sheet
	// must then be by a member, and the assessment carries the panel's
	// reference and seed. Without it sheets are taken as they come.
	Panel *experts.Panel `json:"panel,omitempty"`
	// GoalReview is the result of the bureau's review of the project's
	// goals (绩效目标审核), if it was reviewed: one that does not pass is a
	// gate failure (GateGoalReview). Nil checks nothing, as before.
	GoalReview *goals.Review `json:"goal_review,omitempty"`
}

// AssessOptions control an [Assessor]. The zero value checks no effective
// dates and records no explanations.
type AssessOptions struct {
	// AsOf is compared with the rules' effective periods; zero checks none.
	AsOf time.Time
	// Explain records, on every reduction, the figures the rule used. It
	// costs time; leave it off for bulk runs that need only the amounts.
	Explain bool
}

// A RuleHit names a rule that fired, with its reason.
type RuleHit struct {
	RuleID string           `json:"rule_id"`
	Reason performance.Text `json:"reason"`
}

// An Assessment is the outcome of the ex-ante assessment of one submission
// (事前绩效评估结果): whether it had to be assessed, whether it passed the
// gates before money, its score and verdict, and the reductions that take
// the submitted amount (送审) to the approved amount (审定).
//
// Approved = Submitted − Reduced. Increases (审增) are listed apart and not
// added, so that a net reduction (净审减 = Reduced − Increased) can be
// reported as well.
type Assessment struct {
	ProjectID string `json:"project_id"`
	Name      string `json:"name"`
	UnitID    string `json:"unit_id"`
	Round     int    `json:"round"`

	// Required is true when a rule made the assessment mandatory; RequiredBy
	// names those rules.
	Required   bool      `json:"required"`
	RequiredBy []RuleHit `json:"required_by,omitempty"`

	// Fundable is false when the project failed a gate before money; Gates
	// then lists every reason (codes such as no_cost_lines, no_goals,
	// not_assessed, with paths and messages in Chinese and English).
	Fundable bool                 `json:"fundable"`
	Gates    performance.Problems `json:"gates,omitempty"`

	// Score is the combined score, nil when the project was not scored.
	Score *CombinedScore `json:"score,omitempty"`
	// Panel identifies the panel the submission named (its id, the draw's
	// seed and algorithm, and the members), nil when it named none.
	Panel *experts.Ref `json:"panel,omitempty"`
	// Verdict is the conclusion; VerdictBy is "thresholds" or the id of the
	// rule that set it.
	Verdict   Verdict `json:"verdict"`
	VerdictBy string  `json:"verdict_by,omitempty"`

	Submitted decimal.Decimal `json:"submitted"`
	Reduced   decimal.Decimal `json:"reduced"`
	Increased decimal.Decimal `json:"increased"`
	Approved  decimal.Decimal `json:"approved"`
	// Reductions are in the order they were made: line rules line by line,
	// then project cuts.
	Reductions []Reduction `json:"reductions,omitempty"`
	Increases  []Reduction `json:"increases,omitempty"`

	// RuleSet identifies exactly what ran: set id, version and content hash.
	RuleSet RuleSetRef `json:"rule_set"`
	// Policy names the fiscal-year policy that decided this result; zero
	// (and left out of the JSON) when the stage ran outside package policy.
	Policy performance.PolicyRef `json:"policy,omitzero"`
}

// RuleSetRef identifies a rule set by id, version and content hash: the
// module's one rule-set reference, [performance.RuleSetRef].
type RuleSetRef = performance.RuleSetRef

// NetReduced returns Reduced − Increased (净审减).
func (a *Assessment) NetReduced() decimal.Decimal { return a.Reduced.Sub(a.Increased) }

// ReductionRate returns Reduced ÷ Submitted exactly (审减率), or
// performance.ErrZeroDenominator when nothing was submitted.
func (a *Assessment) ReductionRate() (performance.Ratio, error) {
	return performance.NewRatio(a.Reduced, a.Submitted)
}

// An AssessError is the error of one submission in a batch: its index and
// project ID around the cause. Other submissions are assessed regardless.
type AssessError struct {
	Index     int
	ProjectID string
	Err       error
}

// Error gives the submission's index and project ID before the cause.
func (e *AssessError) Error() string {
	return "exante: submission " + strconv.Itoa(e.Index) + " (" + e.ProjectID + "): " + fmt.Sprint(e.Err)
}

// Unwrap returns the cause, for errors.Is and errors.As.
func (e *AssessError) Unwrap() error { return e.Err }

// An Assessor runs an [Policy] over submissions. It is built once per
// policy with [NewAssessor], is immutable, and is safe for concurrent use.
type Assessor struct {
	criteria AssessCriteria
	sheet    *scoreSheet
	caps     map[string]decimal.Decimal // expenditure standards' caps by ID
	stdList  []performance.ExpenditureStandard
	project  *rules.Program[Env]
	line     *rules.Program[CostLineEnv]
	// projectRules and lineRules describe the rules of the two programs,
	// by their position in the set compiled (rules.Fired.Index).
	projectRules, lineRules []ruleInfo
	// lineTemplates are the line rules' reductions as a rule without
	// reason outputs makes them when nothing is explained: RuleID, Kind
	// and Reason, by the same positions (see lineLedger).
	lineTemplates []Reduction
	ref           RuleSetRef
	opts          AssessOptions
	// hostOpts are the rules options Compile was given; the goals gate
	// checks custom scoring expressions with them.
	hostOpts []rules.Option
	// The thresholds as multiples of 0.0001, when they fit (thresholdsFixed).
	supportFixed, adjustFixed int64
	thresholdsFixed           bool
	// caches holds the spare score caches of finished batches
	// (*scoreCaches), shared with the copies WithOptions makes.
	caches *sync.Pool
}

// ruleInfo is what the assessment needs of a rule that fired, worked out
// once per rule: its reduction kind, whether it makes the assessment
// mandatory, and its reason when no output overrides it.
type ruleInfo struct {
	kind       ReductionKind
	mustAssess bool
	// reason is the rule's name and description; hasReason says that the
	// rule has a reason or reason_en output, which then takes precedence.
	reason    performance.Text
	hasReason bool
}

// NewAssessor checks and compiles the policy against the expenditure
// standards. Errors: the criteria's [performance.Problems], duplicate or
// invalid standards, and the rules' compile errors (each a *rules.Error with
// rule id, line, column and snippet), all joined.
func NewAssessor(p *Policy, standards []performance.ExpenditureStandard, o AssessOptions) (*Assessor, error) {
	a, err := p.Compile(standards)
	if err != nil {
		return nil, err
	}
	a.opts = o
	return a, nil
}

// Compile checks and compiles the policy against the expenditure standards
// with the host's rules options — its functions ([rules.WithFunction]),
// types ([rules.WithType]) and declared fields ([rules.WithFields]), which
// project and line rules then read from [performance.Project.Host]. The
// Assessor checks no effective dates and records no explanations; use
// [Assessor.WithOptions] for that. Errors are those of [NewAssessor].
func (p *Policy) Compile(standards []performance.ExpenditureStandard, opts ...rules.Option) (*Assessor, error) {
	opts = append([]rules.Option{rules.WithType[performance.Grade]("grade", performance.ParseGrade)}, opts...)
	a := &Assessor{
		caches:   new(sync.Pool),
		hostOpts: opts,
		criteria: p.Criteria,
		caps:     make(map[string]decimal.Decimal, len(standards)),
		stdList:  slices.Clone(standards),
		ref:      RuleSetRef{ID: p.Rules.ID, Version: p.Rules.Version, Hash: p.Rules.Hash()},
	}
	var errs []error
	if err := a.criteria.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("exante: criteria: %w", err))
	}
	a.criteria = a.criteria.Resolved()
	a.sheet = a.criteria.sheet()
	thr := a.criteria.Thresholds.orDefault()
	var supOK, adjOK bool
	a.supportFixed, supOK = toFixed(thr.Support)
	a.adjustFixed, adjOK = toFixed(thr.Adjust)
	a.thresholdsFixed = supOK && adjOK
	var sps performance.Problems
	for i, s := range standards {
		path := "standards[" + strconv.Itoa(i) + "]"
		if _, dup := a.caps[s.ID]; dup || s.ID == "" {
			sps.Add("standard_id_invalid", path+".id", "支出标准编号为空或重复: "+s.ID, "standard id empty or repeated: "+s.ID)
		}
		if s.Cap.Sign() < 0 {
			sps.Add("standard_cap_negative", path+".cap", "支出标准上限为负数", "standard cap is negative")
		}
		a.caps[s.ID] = s.Cap
	}
	if err := sps.Err(); err != nil {
		errs = append(errs, fmt.Errorf("exante: expenditure standards: %w", err))
	}

	projSet := rules.Set{ID: p.Rules.ID, Version: p.Rules.Version, Description: p.Rules.Description, HitPolicy: p.Rules.HitPolicy}
	lineSet := projSet
	for i := range p.Rules.Rules {
		r := p.Rules.Rules[i]
		info := ruleInfo{kind: ReductionPolicy, mustAssess: slices.Contains(r.Tags, TagMustAssess),
			reason: performance.Text{ZH: r.Name, EN: r.Description}}
		for _, t := range r.Tags {
			if k, ok := parseReductionKind(t); ok && k <= ReductionDuplicate {
				info.kind = k
				break
			}
		}
		for _, o := range r.Outputs {
			info.hasReason = info.hasReason || o.Name == OutReason || o.Name == OutReasonEN
		}
		if slices.Contains(r.Tags, TagLine) {
			lineSet.Rules = append(lineSet.Rules, r)
			a.lineRules = append(a.lineRules, info)
			a.lineTemplates = append(a.lineTemplates, Reduction{RuleID: r.ID, Kind: info.kind, Reason: info.reason})
		} else {
			projSet.Rules = append(projSet.Rules, r)
			a.projectRules = append(a.projectRules, info)
		}
	}
	var err error
	if a.project, err = rules.Compile[Env](&projSet, opts...); err != nil {
		errs = append(errs, fmt.Errorf("exante: project rules: %w", err))
	}
	if a.line, err = rules.Compile[CostLineEnv](&lineSet, opts...); err != nil {
		errs = append(errs, fmt.Errorf("exante: line rules: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return a, nil
}

// WithOptions returns a copy of a that assesses with o: the as-of date of
// the rules' effective periods, and explanations.
func (a *Assessor) WithOptions(o AssessOptions) *Assessor {
	c := *a
	c.opts = o
	return &c
}
