package performance

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/exact"
)

// A Band is one score band of a grade [Scheme]: every score from Min
// (inclusive) up to the next higher band's Min (exclusive), or up to 100
// for the top band, gets Label.
type Band struct {
	// Label is what the band is called in this scheme: 优, 优秀, 优良, 低,
	// Effective.
	Label string `json:"label"`
	// Grade is the national grade the band counts as in statistics and
	// results application, or GradeNone when it maps onto none.
	Grade Grade `json:"grade,omitempty"`
	// Min is the inclusive lower bound of the band, between 0 and 100.
	Min decimal.Decimal `json:"min"`
}

// An Override gives a label that wins over any score when its flag is
// raised, like the US PART rating "Results Not Demonstrated" given whatever
// the score when measures or baselines are missing.
type Override struct {
	// Flag is the condition's stable name, such as "no_baseline"; callers
	// pass raised flags to [Scheme.Grade].
	Flag string `json:"flag"`
	// Label is the rating given when the flag is raised.
	Label string `json:"label"`
	// Grade is the national grade the override counts as, or GradeNone.
	Grade Grade `json:"grade,omitempty"`
}

// A Scheme is a grading scheme (评价等级标准): score bands over 0–100 with
// inclusive lower bounds, listed from the highest band down, and optional
// overrides. Schemes are data: a district whose 中 starts at 70, a scheme
// with a 低 grade, the labels 优秀/良好/一般/差, a merged 优良 band or the US
// PART ratings are all Schemes, written in JSON or Go, without code. Check
// one with [Scheme.Validate] when it is loaded; [DefaultScheme] gives the
// national one.
type Scheme struct {
	// Name identifies the scheme, such as "national".
	Name string `json:"name"`
	// Source cites the document that sets the scheme, such as 财预〔2020〕10号.
	Source string `json:"source,omitempty"`
	// Bands are listed from the highest Min down; the last one's Min is 0.
	Bands []Band `json:"bands"`
	// Overrides are checked, in order, before the score.
	Overrides []Override `json:"overrides,omitempty"`
}

// DefaultScheme returns the national grading scheme of 财预〔2020〕10号:
// 优 90–100, 良 80 to below 90, 中 60 to below 80, 差 below 60, lower bounds
// inclusive. Source: the Ministry of Finance's unified standard for grading
// evaluation results, 优(90-100分)、良(80-89分)、中(60-79分)、差(0-59分),
// applied with 财预〔2020〕10号; national, confirmed. It returns a fresh value on every call, so callers may modify
// their copy.
func DefaultScheme() Scheme {
	return Scheme{
		Name:   "national",
		Source: "财预〔2020〕10号",
		Bands: []Band{
			{Label: "优", Grade: Excellent, Min: decimal.NewFromInt(90)},
			{Label: "良", Grade: Good, Min: decimal.NewFromInt(80)},
			{Label: "中", Grade: Fair, Min: decimal.NewFromInt(60)},
			{Label: "差", Grade: Poor, Min: decimal.Zero},
		},
	}
}

// Errors of [Scheme.Grade].
var (
	// ErrScoreOutOfRange is returned (wrapped) for a score below 0 or
	// above 100.
	ErrScoreOutOfRange = errors.New("performance: score outside 0–100")
	// ErrNoBand is returned (wrapped) when no band of an invalid scheme
	// holds the score.
	ErrNoBand = errors.New("performance: no band holds the score")
)

// Grade returns the band a score falls in, or the override of the first
// raised flag that the scheme knows (flags it does not know are ignored).
// An override's Band has the override's Label and Grade and a zero Min;
// with an override the score is not looked at.
//
// The score is compared exactly, without rounding: under the national
// scheme 89.995 is 良. Round the score first where a policy grades a rounded
// score. A score outside 0–100 is an error wrapping [ErrScoreOutOfRange].
//
// Grade does not allocate. It assumes a valid scheme ([Scheme.Validate]);
// given an invalid one it returns the first band in order whose Min is at
// most the score, or an error wrapping [ErrNoBand].
func (s Scheme) Grade(score decimal.Decimal, flags ...string) (Band, error) {
	for _, o := range s.Overrides {
		for _, f := range flags {
			if f == o.Flag {
				return Band{Label: o.Label, Grade: o.Grade}, nil
			}
		}
	}
	// The score is converted to the exact kernel once and compared there
	// with each bound, which holds every score and bound seen in practice;
	// beyond it, with decimal's Cmp.
	x, ok := exact.FromDecimal(score)
	if score.Sign() < 0 || exact.CmpConverted(score, x, ok, hundred) > 0 {
		return Band{}, fmt.Errorf("%w: %s", ErrScoreOutOfRange, score)
	}
	for _, b := range s.Bands {
		if exact.CmpConverted(score, x, ok, b.Min) >= 0 {
			return b, nil
		}
	}
	return Band{}, fmt.Errorf("%w: %s", ErrNoBand, score)
}

// Validation codes of [Scheme.Validate].
const (
	CodeNoBands         = "no_bands"          // a scheme without bands
	CodeMissingLabel    = "missing_label"     // a band or override without a label
	CodeDuplicateLabel  = "duplicate_label"   // two bands or overrides with one label
	CodeInvalidGrade    = "invalid_grade"     // a grade that is not GradeNone or one of the four
	CodeBandOutOfRange  = "band_out_of_range" // a lower bound below 0 or above 100
	CodeBandOrder       = "band_order"        // bounds not strictly decreasing: overlapping or out of order
	CodeRangeNotCovered = "range_not_covered" // the lowest band does not start at 0
	CodeGradeOrder      = "grade_order"       // a band mapped to a better grade than a band above it
	CodeMissingFlag     = "missing_flag"      // an override without a flag
	CodeDuplicateFlag   = "duplicate_flag"    // two overrides with one flag
)

// Validate checks that the scheme is usable and returns every problem at
// once as [Problems], or nil: at least one band; bands listed from the
// highest lower bound down, each strictly below the one before (so no two
// overlap); bounds within 0–100 and the last one 0 (so the bands cover
// 0–100); labels present and unique across bands and overrides; grades
// valid and never better in a lower band than in a band above it; override
// flags present and unique.
func (s Scheme) Validate() error {
	var ps Problems
	labels := make(map[string]string) // label → path of first use
	label := func(l, path string) {
		if strings.TrimSpace(l) == "" {
			ps.Add(CodeMissingLabel, path, "缺少等级名称", "label is missing")
			return
		}
		if first, dup := labels[l]; dup {
			ps.Add(CodeDuplicateLabel, path,
				fmt.Sprintf("等级名称 %q 与 %s 重复", l, first),
				fmt.Sprintf("label %q duplicates %s", l, first))
			return
		}
		labels[l] = path
	}
	grade := func(g Grade, path string) bool {
		if !g.Valid() {
			ps.Add(CodeInvalidGrade, path,
				fmt.Sprintf("无效的等级 %d", uint8(g)), fmt.Sprintf("invalid grade %d", uint8(g)))
			return false
		}
		return true
	}

	if len(s.Bands) == 0 {
		ps.Add(CodeNoBands, "bands", "评价等级标准没有分数段", "scheme has no bands")
	}
	worst := GradeNone // the worst grade of the bands above
	worstAt := ""
	for i, b := range s.Bands {
		p := "bands[" + strconv.Itoa(i) + "]"
		label(b.Label, p+".label")
		if grade(b.Grade, p+".grade") && b.Grade != GradeNone {
			if worst != GradeNone && b.Grade < worst {
				ps.Add(CodeGradeOrder, p+".grade",
					fmt.Sprintf("等级 %s 高于其上方分数段 %s 的等级 %s", b.Grade, worstAt, worst),
					fmt.Sprintf("grade %s is better than grade %s of %s above it", b.Grade.Name(LangEN), worst.Name(LangEN), worstAt))
			} else {
				worst, worstAt = b.Grade, p
			}
		}
		if b.Min.Sign() < 0 || b.Min.GreaterThan(hundred) {
			ps.Add(CodeBandOutOfRange, p+".min",
				fmt.Sprintf("分数下限 %s 不在 0–100 之内", b.Min),
				fmt.Sprintf("lower bound %s is outside 0–100", b.Min))
		} else if i > 0 && b.Min.GreaterThanOrEqual(s.Bands[i-1].Min) {
			ps.Add(CodeBandOrder, p+".min",
				fmt.Sprintf("分数下限 %s 不低于上一分数段的下限 %s：分数段须从高到低排列且不得重叠", b.Min, s.Bands[i-1].Min),
				fmt.Sprintf("lower bound %s is not below the previous band's %s: bands must run from the highest down without overlapping", b.Min, s.Bands[i-1].Min))
		}
	}
	if n := len(s.Bands); n > 0 {
		if last := s.Bands[n-1].Min; last.Sign() > 0 && last.LessThanOrEqual(hundred) {
			p := "bands[" + strconv.Itoa(n-1) + "].min"
			ps.Add(CodeRangeNotCovered, p,
				fmt.Sprintf("最低分数段从 %s 开始，0 至 %s 的分数没有等级", last, last),
				fmt.Sprintf("the lowest band starts at %s: scores from 0 to below %s have no band", last, last))
		}
	}
	flags := make(map[string]string)
	for i, o := range s.Overrides {
		p := "overrides[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(o.Flag) == "" {
			ps.Add(CodeMissingFlag, p+".flag", "缺少触发标志", "override has no flag")
		} else if first, dup := flags[o.Flag]; dup {
			ps.Add(CodeDuplicateFlag, p+".flag",
				fmt.Sprintf("触发标志 %q 与 %s 重复", o.Flag, first),
				fmt.Sprintf("flag %q duplicates %s", o.Flag, first))
		} else {
			flags[o.Flag] = p + ".flag"
		}
		label(o.Label, p+".label")
		grade(o.Grade, p+".grade")
	}
	return ps.Err()
}
