package policy

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
)

// hashFormat names the canonical encoding below; it changes whenever the
// encoding does, so that hashes of different encodings never meet.
const hashFormat = "jixiao-policy/1"

// canon is the canonical form of everything in a policy that can change a
// result. It is encoded as compact JSON in this struct's field order (Go's
// encoder writes struct fields in declaration order and sorts map keys), so
// the JSON key order of the policy file does not matter. Descriptions and
// names that are only displayed are blanked; ids, versions and org names
// (which results-application rules read) are kept.
type canon struct {
	Format        string                `json:"format"`
	ID            string                `json:"id"`
	Version       string                `json:"version"`
	FiscalYear    int                   `json:"fiscal_year"`
	EffectiveFrom string                `json:"effective_from"`
	EffectiveTo   string                `json:"effective_to"`
	Options       string                `json:"options"`
	Fields        []Field               `json:"fields"`
	Standards     []canonStandard       `json:"standards"`
	Org           []performance.Node    `json:"org"`
	Goals         goals.Config          `json:"goals"`
	Scheme        performance.Scheme    `json:"scheme"`
	Framework     *evaluation.Framework `json:"framework"`
	ExAnte        *canonExAnte          `json:"exante"`
	Monitoring    *canonMonitoring      `json:"monitoring"`
	Apply         *canonApply           `json:"apply"`
	// The goal-life rules, left out when absent so that the hashes of
	// policies written before them do not change.
	GoalReview     *goals.ReviewRules     `json:"goal_review,omitempty"`
	GoalAdjustment *goals.AdjustmentRules `json:"goal_adjustment,omitempty"`
	CoreIndicators []goals.Definition     `json:"core_indicators,omitempty"`
	// Department is left out when absent, as the goal-life rules are.
	Department *Department `json:"department,omitempty"`
	// PublicPolicies is left out when absent, likewise.
	PublicPolicies *canonPublicPolicies `json:"public_policies,omitempty"`
}

type canonStandard struct {
	ID   string `json:"id"`
	Unit string `json:"unit"`
	Cap  string `json:"cap"`
}

type canonExAnte struct {
	ID         string `json:"id"`
	Version    string `json:"version"`
	FiscalYear int    `json:"fiscal_year"`
	// Dimensions are the codes of the sheet's dimensions in their order
	// (which orders the scores reported); names, sources and weights (the
	// sums of the items', or zero) decide nothing. They are left out when
	// they are the 3E sheet's, the default, so that the hashes of policies
	// written before dimensions were data do not change.
	Dimensions []exante.Dimension       `json:"dimensions,omitempty"`
	Items      []exante.AssessItem      `json:"items"`
	Method     exante.CombineMethod     `json:"method"`
	Places     int32                    `json:"places"`
	Thresholds exante.VerdictThresholds `json:"thresholds"`
	Rules      canonSet                 `json:"rules"`
}

type canonMonitoring struct {
	Policy *monitoring.Policy `json:"policy"`
	Rules  *canonSet          `json:"rules"`
	// Forms is left out when nil, so that the hashes of policies written
	// before the form review existed do not change.
	Forms *monitoring.FormPolicy `json:"forms,omitempty"`
}

type canonApply struct {
	Projects       *canonSet `json:"projects"`
	Departments    *canonSet `json:"departments"`
	CarryOverFloor string    `json:"carry_over_floor"`
}

type canonSet struct {
	ID        string          `json:"id"`
	Version   string          `json:"version"`
	HitPolicy rules.HitPolicy `json:"hit_policy"`
	Rules     []canonRule     `json:"rules"`
}

type canonRule struct {
	ID            string         `json:"id"`
	When          string         `json:"when"`
	Outputs       []rules.Output `json:"outputs"`
	Priority      int            `json:"priority"`
	Group         string         `json:"group"`
	Tags          []string       `json:"tags"`
	EffectiveFrom string         `json:"effective_from"`
	EffectiveTo   string         `json:"effective_to"`
	Enabled       bool           `json:"enabled"`
}

// canonRules is a rule set without its description and its rules' names
// and descriptions (which only word the reasons shown), with the zero hit
// policy written as "collect" and empty lists as [].
func canonRules(s *rules.Set) *canonSet {
	if s == nil {
		return nil
	}
	c := &canonSet{ID: s.ID, Version: s.Version, HitPolicy: s.HitPolicy, Rules: make([]canonRule, len(s.Rules))}
	if c.HitPolicy == "" {
		c.HitPolicy = rules.HitCollect
	}
	for i := range s.Rules {
		r := &s.Rules[i]
		c.Rules[i] = canonRule{ID: r.ID, When: r.When, Outputs: r.Outputs, Priority: r.Priority, Group: r.Group,
			Tags: r.Tags, EffectiveFrom: r.EffectiveFrom, EffectiveTo: r.EffectiveTo, Enabled: r.IsEnabled()}
		if c.Rules[i].Outputs == nil {
			c.Rules[i].Outputs = []rules.Output{}
		}
		if c.Rules[i].Tags == nil {
			c.Rules[i].Tags = []string{}
		}
	}
	return c
}

// hashOf computes the policy hash of p compiled with org, the standards in
// force, the resolved monitoring policy and scheme, and the host options'
// fingerprint.
func hashOf(p *Policy, org *performance.Org, standards []performance.ExpenditureStandard,
	mpol *monitoring.Policy, scheme performance.Scheme, fingerprint string) (string, error) {
	c := canon{Format: hashFormat, ID: p.ID, Version: p.Version, FiscalYear: p.FiscalYear,
		EffectiveFrom: p.EffectiveFrom, EffectiveTo: p.EffectiveTo, Options: fingerprint,
		Fields: make([]Field, len(p.Fields)), Standards: make([]canonStandard, len(standards)),
		Scheme: scheme, Framework: p.Framework}
	for i, f := range p.Fields {
		f.Description = ""
		c.Fields[i] = f
	}
	slices.SortFunc(c.Fields, func(a, b Field) int { return cmp.Compare(a.Name, b.Name) })
	for i, s := range standards {
		c.Standards[i] = canonStandard{ID: s.ID, Unit: s.Unit, Cap: s.Cap.String()}
	}
	slices.SortStableFunc(c.Standards, func(a, b canonStandard) int { return cmp.Compare(a.ID, b.ID) })
	if org != nil {
		c.Org = org.Nodes()
		slices.SortFunc(c.Org, func(a, b performance.Node) int { return cmp.Compare(a.ID, b.ID) })
	}
	if c.Org == nil {
		c.Org = []performance.Node{}
	}
	if p.Goals != nil {
		c.Goals = *p.Goals
	}
	c.Scheme.Name, c.Scheme.Source = "", ""
	if e := p.ExAnte; e != nil {
		ce := &canonExAnte{ID: e.ID, Version: e.Version, FiscalYear: e.FiscalYear, Method: e.Criteria.Method,
			Places: e.Criteria.Places, Thresholds: e.Criteria.Thresholds, Rules: *canonRules(&e.Rules)}
		// The sheet in use, spelled out: a bundled sheet named by its ID
		// hashes as its dimensions and items, like the same sheet written
		// out.
		r := e.Criteria.Resolved()
		for _, d := range r.Dimensions {
			ce.Dimensions = append(ce.Dimensions, d.Code)
		}
		if slices.Equal(ce.Dimensions, exante.Dimensions()) {
			ce.Dimensions = nil
		}
		for _, it := range r.Items {
			it.Name = ""
			ce.Items = append(ce.Items, it)
		}
		c.ExAnte = ce
	}
	if p.Monitoring != nil {
		c.Monitoring = &canonMonitoring{Policy: canonMonitoringPolicy(mpol), Rules: canonRules(p.Monitoring.Rules), Forms: p.Monitoring.Forms}
	}
	if a := p.Apply; a != nil {
		c.Apply = &canonApply{Projects: canonRules(a.Projects), Departments: canonRules(a.Departments), CarryOverFloor: a.CarryOverFloor.String()}
	}
	canonGoalLife(&c, p)
	c.Department = p.Department
	c.PublicPolicies = canonPublic(p.PublicPolicies)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		return "", err
	}
	sum := sha256.Sum256(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return hex.EncodeToString(sum[:]), nil
}

// canonMonitoringPolicy is a copy of p with the names of its schedules and
// triggers and the sources of its defaults, which only describe them,
// blanked.
func canonMonitoringPolicy(p *monitoring.Policy) *monitoring.Policy {
	if p == nil {
		return nil
	}
	c := *p
	c.Schedule.Name = ""
	c.Schedules = slices.Clone(p.Schedules)
	for i := range c.Schedules {
		c.Schedules[i].Name = ""
	}
	c.Sources = nil
	c.Triggers = slices.Clone(p.Triggers)
	for i := range c.Triggers {
		c.Triggers[i].Name = performance.Text{}
		c.Triggers[i].Source = ""
	}
	return &c
}

// canonGoalLife copies the goal review, adjustment rules and core
// indicators into c with what only describes them (sources, grade names,
// descriptions, keywords) blanked; core indicators are sorted by ID.
func canonGoalLife(c *canon, p *Policy) {
	if r := p.GoalReview; r != nil {
		cr := *r
		cr.Source = ""
		cr.Checks = slices.Clone(r.Checks)
		for i := range cr.Checks {
			cr.Checks[i].Source = ""
		}
		cr.Grades = slices.Clone(r.Grades)
		for i := range cr.Grades {
			cr.Grades[i].Name = performance.Text{}
		}
		c.GoalReview = &cr
	}
	if r := p.GoalAdjustment; r != nil {
		cr := *r
		cr.Source = ""
		c.GoalAdjustment = &cr
	}
	if p.CoreIndicators != nil {
		c.CoreIndicators = make([]goals.Definition, len(p.CoreIndicators))
		for i, d := range p.CoreIndicators {
			d.Source, d.Description, d.Keywords = "", "", nil
			c.CoreIndicators[i] = d
		}
		slices.SortStableFunc(c.CoreIndicators, func(a, b goals.Definition) int { return cmp.Compare(a.ID, b.ID) })
	}
}
