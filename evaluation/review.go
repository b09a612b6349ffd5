package evaluation

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/performance"
)

// A Candidate is a project that may be drawn for a sample review (抽审) of
// self-evaluations: its ID, the department it belongs to (部门) and its
// amount in yuan, which place it in a stratum.
type Candidate struct {
	ProjectID  string          `json:"project_id"`
	Department string          `json:"department"`
	Amount     decimal.Decimal `json:"amount"`
}

// SampleSpec configures a reproducible sample of projects stratified by
// department and amount band (分层抽样).
//
// The zero value draws nothing: set Rate or MinPerStratum.
type SampleSpec struct {
	// Seed makes the draw reproducible: the same candidates and the same
	// Seed give the same sample, whatever the order of the candidates.
	Seed uint64 `json:"seed"`
	// Rate is the share of each stratum drawn, in [0, 1]; the count is
	// rounded up (a stratum of 7 at 0.2 gives 2).
	Rate decimal.Decimal `json:"rate"`
	// MinPerStratum is the least number drawn from each non-empty stratum
	// (capped at its size).
	MinPerStratum int `json:"min_per_stratum"`
	// AmountBands are ascending bounds in yuan splitting amounts into bands
	// [0, b1), [b1, b2), ..., [bn, ∞); none makes one band per department.
	AmountBands []decimal.Decimal `json:"amount_bands,omitempty"`
}

// A Stratum is one department × amount band cell of a sample: band i
// covers [AmountBands[i-1], AmountBands[i]), band 0 starting at zero.
type Stratum struct {
	Department string `json:"department"`
	Band       int    `json:"band"`
	// Size is the number of candidates in the stratum.
	Size int `json:"size"`
	// Drawn are the IDs drawn, sorted.
	Drawn []string `json:"drawn"`
}

// A Sample is a stratified random sample of projects for review.
type Sample struct {
	Seed uint64 `json:"seed"`
	// Strata are sorted by department, then band.
	Strata []Stratum `json:"strata"`
	// ProjectIDs are all drawn IDs, sorted.
	ProjectIDs []string `json:"project_ids"`
}

// DrawSample draws a reproducible random sample of candidates for the
// review of self-evaluations (复核抽审), stratified by department and amount
// band. Each stratum's candidates are sorted by ID and shuffled with a PCG
// generator (math/rand/v2) seeded with spec.Seed and a hash of the stratum,
// so the draw does not depend on the candidates' order, and adding
// candidates to one stratum leaves the other strata's draws unchanged.
//
// Bad input (a rate outside [0, 1], a negative minimum, bands not strictly
// ascending or negative, a candidate without ID or department, a duplicate
// ID, a negative amount) is reported at once as [performance.Problems].
func DrawSample(cands []Candidate, spec SampleSpec) (*Sample, error) {
	var ps performance.Problems
	if spec.Rate.IsNegative() || spec.Rate.GreaterThan(decimal.NewFromInt(1)) {
		ps.Add("rate_out_of_range", "rate", "抽样比例应在 0 到 1 之间", "rate must lie in [0, 1]")
	}
	if spec.MinPerStratum < 0 {
		ps.Add("negative_minimum", "min_per_stratum", "每层最少抽取数不能为负", "minimum per stratum must not be negative")
	}
	for i, b := range spec.AmountBands {
		if b.IsNegative() || i > 0 && !b.GreaterThan(spec.AmountBands[i-1]) {
			ps.Add("bands_not_ascending", "amount_bands["+strconv.Itoa(i)+"]",
				"金额分档应为非负且严格递增", "amount bands must be non-negative and strictly ascending")
		}
	}
	type key struct {
		dept string
		band int
	}
	strata := make(map[key][]string)
	seen := make(map[string]bool, len(cands))
	for i, c := range cands {
		p := "candidates[" + strconv.Itoa(i) + "]"
		bad := false
		if c.ProjectID == "" || seen[c.ProjectID] {
			ps.Add("bad_project_id", p+".project_id", "项目编号为空或重复："+c.ProjectID, "project id empty or duplicate: "+c.ProjectID)
			bad = true
		}
		if c.Department == "" {
			ps.Add("missing_department", p+".department", "缺少部门", "no department")
			bad = true
		}
		if c.Amount.IsNegative() {
			ps.Add("negative_amount", p+".amount", "金额不能为负", "amount must not be negative")
			bad = true
		}
		seen[c.ProjectID] = true
		if bad {
			continue
		}
		band := 0
		for band < len(spec.AmountBands) && !c.Amount.LessThan(spec.AmountBands[band]) {
			band++
		}
		k := key{c.Department, band}
		strata[k] = append(strata[k], c.ProjectID)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	keys := make([]key, 0, len(strata))
	for k := range strata {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.dept, b.dept), cmp.Compare(a.band, b.band))
	})
	s := &Sample{Seed: spec.Seed, Strata: make([]Stratum, 0, len(keys)), ProjectIDs: []string{}}
	for _, k := range keys {
		ids := strata[k]
		slices.Sort(ids)
		n := int(spec.Rate.Mul(decimal.NewFromInt(int64(len(ids)))).Ceil().IntPart())
		n = min(max(n, spec.MinPerStratum), len(ids))
		h := fnv.New64a()
		fmt.Fprintf(h, "%s\x00%d", k.dept, k.band)
		rng := rand.New(rand.NewPCG(spec.Seed, h.Sum64()))
		// A partial Fisher–Yates shuffle: the first n positions are a
		// uniform sample without replacement.
		for i := 0; i < n; i++ {
			j := i + rng.IntN(len(ids)-i)
			ids[i], ids[j] = ids[j], ids[i]
		}
		drawn := slices.Clone(ids[:n])
		slices.Sort(drawn)
		s.Strata = append(s.Strata, Stratum{Department: k.dept, Band: k.band, Size: len(ids), Drawn: drawn})
		s.ProjectIDs = append(s.ProjectIDs, drawn...)
	}
	slices.Sort(s.ProjectIDs)
	return s, nil
}

// A Recheck pairs a unit's self-evaluation score of a project (自评得分) with
// the finance bureau's re-evaluation of it (复核得分). SelfMissing marks a
// project the unit did not self-evaluate; its Self is ignored.
type Recheck struct {
	ProjectID   string          `json:"project_id"`
	UnitID      string          `json:"unit_id"`
	Self        decimal.Decimal `json:"self"`
	SelfMissing bool            `json:"self_missing,omitempty"`
	Bureau      decimal.Decimal `json:"bureau"`
}

// ReviewCriteria configures a review of self-evaluations.
type ReviewCriteria struct {
	// Inflation is the gap self − bureau, in points, above which a
	// self-evaluation is flagged as inflated (虚高); a gap equal to it is not
	// flagged. Zero flags any positive gap.
	Inflation decimal.Decimal `json:"inflation"`
	// Scheme grades both scores, to show where the grade changes.
	Scheme performance.Scheme `json:"scheme"`
}

// A ReviewLine is the review of one project's self-evaluation.
type ReviewLine struct {
	ProjectID   string          `json:"project_id"`
	UnitID      string          `json:"unit_id"`
	Self        decimal.Decimal `json:"self"`
	SelfMissing bool            `json:"self_missing,omitempty"`
	Bureau      decimal.Decimal `json:"bureau"`
	// Gap is Self − Bureau; positive when the unit scored itself higher.
	Gap         decimal.Decimal   `json:"gap"`
	Inflated    bool              `json:"inflated"`
	SelfGrade   performance.Grade `json:"self_grade"`
	BureauGrade performance.Grade `json:"bureau_grade"`
}

// A UnitQuality is one unit's self-evaluation quality (自评质量) over its
// rechecked projects.
type UnitQuality struct {
	UnitID string `json:"unit_id"`
	// Rank is 1 for the best self-evaluator.
	Rank      int `json:"rank"`
	Rechecked int `json:"rechecked"`
	// Missing counts rechecked projects the unit did not self-evaluate.
	Missing int `json:"missing"`
	// Inflated counts inflated self-evaluations.
	Inflated int `json:"inflated"`
	// GradeChanged counts projects whose grade the review changed.
	GradeChanged int `json:"grade_changed"`
	// MeanGap is the mean of Self − Bureau and MeanAbsGap the mean of
	// |Self − Bureau| over the self-evaluated projects, exact; invalid
	// (zero denominator) when none was self-evaluated.
	MeanGap    performance.Ratio `json:"mean_gap"`
	MeanAbsGap performance.Ratio `json:"mean_abs_gap"`
}

// A Review is the comparison of units' self-evaluations with the bureau's
// re-evaluation of a sample (自评复核).
type Review struct {
	Lines []ReviewLine  `json:"lines"`
	Units []UnitQuality `json:"units"`
}

// ReviewSelfEvaluations compares the units' self-evaluation scores with the
// bureau's re-evaluation: the gap per project, inflation beyond
// c.Inflation, the grade under c.Scheme before and after, and a ranking of
// units by the quality of their self-evaluation. Units rank by, in order:
// fewer missing self-evaluations, lower mean absolute gap, fewer inflated
// ones, then unit ID. Lines are sorted by project ID. Rechecks without
// project or unit ID, duplicates and scores outside [0, 100] are reported
// as [performance.Problems] beside the review of the others.
func ReviewSelfEvaluations(rechecks []Recheck, c ReviewCriteria) (*Review, error) {
	var ps performance.Problems
	hundred := decimal.NewFromInt(100)
	outside := func(d decimal.Decimal) bool { return d.IsNegative() || d.GreaterThan(hundred) }
	r := &Review{Lines: []ReviewLine{}, Units: []UnitQuality{}}
	seen := make(map[string]bool, len(rechecks))
	type acc struct {
		q        UnitQuality
		gap, abs decimal.Decimal
		n        int64
	}
	units := make(map[string]*acc)
	for i, rc := range rechecks {
		p := "rechecks[" + strconv.Itoa(i) + "]"
		n := len(ps)
		if rc.ProjectID == "" || seen[rc.ProjectID] {
			ps.Add("bad_project_id", p+".project_id", "项目编号为空或重复："+rc.ProjectID, "project id empty or duplicate: "+rc.ProjectID)
		}
		if rc.UnitID == "" {
			ps.Add("missing_unit", p+".unit_id", "缺少预算单位", "no unit")
		}
		if !rc.SelfMissing && outside(rc.Self) {
			ps.Add("score_out_of_range", p+".self", "自评得分应在 0 到 100 之间", "self score must lie in [0, 100]")
		}
		if outside(rc.Bureau) {
			ps.Add("score_out_of_range", p+".bureau", "复核得分应在 0 到 100 之间", "bureau score must lie in [0, 100]")
		}
		seen[rc.ProjectID] = true
		if len(ps) > n {
			continue
		}
		l := ReviewLine{ProjectID: rc.ProjectID, UnitID: rc.UnitID, SelfMissing: rc.SelfMissing, Bureau: rc.Bureau}
		_, l.BureauGrade = gradeScore(c.Scheme, rc.Bureau)
		u := units[rc.UnitID]
		if u == nil {
			u = &acc{q: UnitQuality{UnitID: rc.UnitID}}
			units[rc.UnitID] = u
		}
		u.q.Rechecked++
		if rc.SelfMissing {
			u.q.Missing++
		} else {
			l.Self = rc.Self
			l.Gap = rc.Self.Sub(rc.Bureau)
			l.Inflated = l.Gap.IsPositive() && l.Gap.GreaterThan(c.Inflation)
			_, l.SelfGrade = gradeScore(c.Scheme, rc.Self)
			u.gap = u.gap.Add(l.Gap)
			u.abs = u.abs.Add(l.Gap.Abs())
			u.n++
			if l.Inflated {
				u.q.Inflated++
			}
			if l.SelfGrade != l.BureauGrade {
				u.q.GradeChanged++
			}
		}
		r.Lines = append(r.Lines, l)
	}
	slices.SortFunc(r.Lines, func(a, b ReviewLine) int { return cmp.Compare(a.ProjectID, b.ProjectID) })
	for _, u := range units {
		u.q.MeanGap = performance.Ratio{Num: u.gap, Den: decimal.NewFromInt(u.n)}
		u.q.MeanAbsGap = performance.Ratio{Num: u.abs, Den: decimal.NewFromInt(u.n)}
		r.Units = append(r.Units, u.q)
	}
	slices.SortFunc(r.Units, func(a, b UnitQuality) int {
		if c := cmp.Compare(a.Missing, b.Missing); c != 0 {
			return c
		}
		switch {
		case a.MeanAbsGap.Valid() && b.MeanAbsGap.Valid():
			if c := a.MeanAbsGap.Cmp(b.MeanAbsGap); c != 0 {
				return c
			}
		case a.MeanAbsGap.Valid() != b.MeanAbsGap.Valid():
			if a.MeanAbsGap.Valid() {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.Inflated, b.Inflated), cmp.Compare(a.UnitID, b.UnitID))
	})
	for i := range r.Units {
		r.Units[i].Rank = i + 1
	}
	return r, ps.Err()
}
