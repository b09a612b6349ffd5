package experts

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// EngagementKind is what an agency was engaged to do on a project: the
// project's feasibility study (可行性研究) or design (设计), its ex-ante
// assessment (事前评估), a key evaluation (重点评价) or something else.
type EngagementKind string

// The engagement kinds.
const (
	EngageFeasibility   EngagementKind = "feasibility_study"
	EngageDesign        EngagementKind = "design"
	EngageExAnte        EngagementKind = "exante"
	EngageKeyEvaluation EngagementKind = "key_evaluation"
	EngageOther         EngagementKind = "other"
)

func (k EngagementKind) valid() bool {
	switch k {
	case EngageFeasibility, EngageDesign, EngageExAnte, EngageKeyEvaluation, EngageOther:
		return true
	}
	return false
}

// An Engagement is one piece of work an agency did or does (业务委托): the
// project, the kind of work, the fee in yuan and its period (start and end
// dates, YYYY-MM-DD, both inclusive).
type Engagement struct {
	ProjectID string          `json:"project_id"`
	Kind      EngagementKind  `json:"kind"`
	Amount    decimal.Decimal `json:"amount"`
	Start     string          `json:"start"`
	End       string          `json:"end"`
}

// An Agency is a third-party agency in the bureau's register (第三方机构).
type Agency struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Qualifications are codes of what the agency is qualified for, such
	// as "cpa" (会计师事务所), "cost_consulting" (工程造价咨询) or
	// "evaluation" (绩效评价); the bureau's own list.
	Qualifications []string     `json:"qualifications"`
	Staff          int          `json:"staff"`
	Region         string       `json:"region,omitempty"`
	Status         Status       `json:"status"`
	StatusReason   string       `json:"status_reason,omitempty"`
	StatusDate     string       `json:"status_date,omitempty"`
	Engagements    []Engagement `json:"engagements,omitempty"`
}

// MaxAgencies is the most agencies a register may hold.
const MaxAgencies = 100_000

// ParseAgencies decodes a JSON array of agencies strictly and validates it.
func ParseAgencies(data []byte) ([]Agency, error) {
	var as []Agency
	if err := performance.DecodeJSON(data, &as); err != nil {
		return nil, fmt.Errorf("experts: agencies: %w", err)
	}
	if err := ValidateAgencies(as); err != nil {
		return nil, fmt.Errorf("experts: agencies: %w", err)
	}
	return as, nil
}

// ValidateAgencies checks a register, every problem at once as
// [performance.Problems] with paths: IDs empty or repeated, no
// qualification, negative staff, a bad status (or a suspension without
// reason and date), an engagement with no project, an unknown kind, a
// negative amount, bad dates or an end before its start.
func ValidateAgencies(as []Agency) error {
	var ps performance.Problems
	if len(as) > MaxAgencies {
		ps.Add(performance.CodeLimit, "", fmt.Sprintf("机构超过 %d 家", MaxAgencies), fmt.Sprintf("more than %d agencies", MaxAgencies))
		return ps.Err()
	}
	ids := map[string]bool{}
	for i := range as {
		a := &as[i]
		p := "[" + strconv.Itoa(i) + "]"
		if a.ID == "" || ids[a.ID] {
			ps.Add("agency_id_invalid", p+".id", "机构编号为空或重复: "+a.ID, "agency id empty or repeated: "+a.ID)
		}
		ids[a.ID] = true
		if len(a.Qualifications) == 0 {
			ps.Add("no_qualification", p+".qualifications", "机构没有资质", "agency has no qualification")
		}
		if a.Staff < 0 {
			ps.Add("bad_staff", p+".staff", "从业人数不能为负", "staff cannot be negative")
		}
		validateStatus(&ps, p, a.Status, a.StatusReason, a.StatusDate)
		for j, e := range a.Engagements {
			q := p + ".engagements[" + strconv.Itoa(j) + "]"
			if e.ProjectID == "" {
				ps.Add("engagement_no_project", q+".project_id", "业务委托缺少项目", "engagement names no project")
			}
			if !e.Kind.valid() {
				ps.Add("unknown_kind", q+".kind", "未知业务类型: "+string(e.Kind), "unknown engagement kind: "+string(e.Kind))
			}
			if e.Amount.Sign() < 0 {
				ps.Add("amount_negative", q+".amount", "金额不能为负", "amount cannot be negative")
			}
			switch {
			case !validDate(e.Start):
				ps.Add("bad_date", q+".start", "日期应为 YYYY-MM-DD: "+e.Start, "date is not YYYY-MM-DD: "+e.Start)
			case !validDate(e.End):
				ps.Add("bad_date", q+".end", "日期应为 YYYY-MM-DD: "+e.End, "date is not YYYY-MM-DD: "+e.End)
			case e.End < e.Start:
				ps.Add("period_inverted", q+".end", "结束日期早于开始日期", "the end is before the start")
			}
		}
	}
	return ps.Err()
}

// A SelectionRequest asks for agencies to do one piece of work on a
// project (第三方机构遴选).
type SelectionRequest struct {
	ProjectID string         `json:"project_id"`
	Kind      EngagementKind `json:"kind"`
	// Qualifications are required, all of them.
	Qualifications []string `json:"qualifications,omitempty"`
	// ConflictKinds are the kinds of earlier work on the same project that
	// bar an agency; nil means feasibility study and design: an agency
	// may not evaluate what it prepared (the conflict-of-interest avoidance
	// of 财预〔2021〕6号 一(二) and the independence of 财监〔2021〕4号
	// art. 2; which kinds count is the bureau's, these are illustrative).
	ConflictKinds []EngagementKind `json:"conflict_kinds,omitempty"`
	// MaxConcurrent is the most engagements an agency may have running on
	// AsOf; zero means 3 (illustrative: no national figure).
	MaxConcurrent int `json:"max_concurrent,omitempty"`
	// AsOf (YYYY-MM-DD) is the date engagements are counted on.
	AsOf string `json:"as_of"`
	// Seed orders agencies of equal standing, reproducibly.
	Seed uint64 `json:"seed"`
}

// Reasons an agency is excluded from a selection.
const (
	ExcludeQualification = "qualification"  // lacks a required qualification
	ExcludePrepared      = "prepared"       // did the project's feasibility study or design
	ExcludeConcurrent    = "concurrent_cap" // at the cap on running engagements
	ExcludePoorQuality   = "poor_quality"   // on the bureau's list of agencies to exclude
)

// An AgencyExclusion is one reason one agency was not a candidate.
type AgencyExclusion struct {
	AgencyID string           `json:"agency_id"`
	Reason   string           `json:"reason"`
	Detail   performance.Text `json:"detail"`
}

// A Candidate is an agency that may be engaged, with its standing.
type Candidate struct {
	Rank     int             `json:"rank"`
	AgencyID string          `json:"agency_id"`
	Name     string          `json:"name"`
	Reports  int             `json:"reports"`
	Quality  decimal.Decimal `json:"quality"`
}

// A Selection is the ranked candidates of a request and every exclusion.
type Selection struct {
	Request    SelectionRequest  `json:"request"`
	Algorithm  string            `json:"algorithm"`
	Candidates []Candidate       `json:"candidates"`
	Exclusions []AgencyExclusion `json:"exclusions,omitempty"`
}

// SelectAlgorithm names the ranking of [Select] and its version: scored
// agencies first by mean report score, higher first, then agencies with no
// report scored; ties by a key drawn for each agency in ID order from
// ChaCha8 seeded as [DrawAlgorithm] says (stream 0), smaller first, then
// by ID.
const SelectAlgorithm = "quality-then-chacha8-v1"

// Select filters the register for the request (status, qualifications,
// conflicts, the cap on concurrent engagements, the standings' exclusions)
// and ranks the rest (see [SelectAlgorithm]). standings, from
// [Standings], may be nil. Errors: a bad request ([performance.Problems]).
func Select(as []Agency, standings []Standing, r SelectionRequest) (*Selection, error) {
	var ps performance.Problems
	if r.ProjectID == "" {
		ps.Add("no_project", "project_id", "遴选申请缺少项目", "the request names no project")
	}
	if !r.Kind.valid() {
		ps.Add("unknown_kind", "kind", "未知业务类型: "+string(r.Kind), "unknown engagement kind: "+string(r.Kind))
	}
	if !validDate(r.AsOf) {
		ps.Add("bad_date", "as_of", "日期应为 YYYY-MM-DD: "+r.AsOf, "date is not YYYY-MM-DD: "+r.AsOf)
	}
	if r.MaxConcurrent < 0 {
		ps.Add("bad_cap", "max_concurrent", "并行业务上限不能为负", "the cap cannot be negative")
	}
	if err := ps.Err(); err != nil {
		return nil, fmt.Errorf("experts: select: %w", err)
	}
	conflicts := r.ConflictKinds
	if conflicts == nil {
		conflicts = []EngagementKind{EngageFeasibility, EngageDesign}
	}
	capN := r.MaxConcurrent
	if capN == 0 {
		capN = 3
	}
	stand := map[string]*Standing{}
	for i := range standings {
		stand[standings[i].AgencyID] = &standings[i]
	}
	ordered := make([]*Agency, len(as))
	for i := range as {
		ordered[i] = &as[i]
	}
	slices.SortStableFunc(ordered, func(a, b *Agency) int { return cmp.Compare(a.ID, b.ID) })
	sel := &Selection{Request: r, Algorithm: SelectAlgorithm}
	type ranked struct {
		c   Candidate
		key uint64
	}
	var cands []ranked
	g := newRNG(r.Seed, 0)
	for _, a := range ordered {
		key := g.c.Uint64() // one key per agency in ID order, used or not
		var ex []AgencyExclusion
		add := func(reason, zh, en string) {
			ex = append(ex, AgencyExclusion{AgencyID: a.ID, Reason: reason, Detail: performance.Text{ZH: zh, EN: en}})
		}
		if a.Status != StatusActive {
			add(ExcludeStatus, "机构状态为 "+string(a.Status)+"："+a.StatusReason, "agency is "+string(a.Status)+": "+a.StatusReason)
		}
		for _, q := range r.Qualifications {
			if !slices.Contains(a.Qualifications, q) {
				add(ExcludeQualification, "缺少资质 "+q, "lacks qualification "+q)
			}
		}
		running := 0
		for _, e := range a.Engagements {
			if e.ProjectID == r.ProjectID && slices.Contains(conflicts, e.Kind) {
				add(ExcludePrepared, "承担过本项目的 "+string(e.Kind)+"（"+e.Start+"）", "did this project's "+string(e.Kind)+" ("+e.Start+")")
			}
			if e.Start <= r.AsOf && r.AsOf <= e.End {
				running++
			}
		}
		if running >= capN {
			add(ExcludeConcurrent, fmt.Sprintf("在手业务 %d 项，达到上限 %d", running, capN),
				fmt.Sprintf("%d engagements running, the cap is %d", running, capN))
		}
		s := stand[a.ID]
		if s != nil && s.Exclude {
			add(ExcludePoorQuality, "列入排除名单："+s.Reason.ZH, "on the exclusion list: "+s.Reason.EN)
		}
		if len(ex) > 0 {
			sel.Exclusions = append(sel.Exclusions, ex...)
			continue
		}
		c := Candidate{AgencyID: a.ID, Name: a.Name}
		if s != nil {
			c.Reports, c.Quality = s.Reports, s.Mean
		}
		cands = append(cands, ranked{c, key})
	}
	slices.SortStableFunc(cands, func(a, b ranked) int {
		if (a.c.Reports > 0) != (b.c.Reports > 0) {
			if a.c.Reports > 0 {
				return -1
			}
			return 1
		}
		if c := b.c.Quality.Cmp(a.c.Quality); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.c.AgencyID, b.c.AgencyID))
	})
	for i, c := range cands {
		c.c.Rank = i + 1
		sel.Candidates = append(sel.Candidates, c.c)
	}
	return sel, nil
}
