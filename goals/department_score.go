package goals

import (
	"fmt"
	"strconv"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A DepartmentMethod is how a department-wide form scores its indicators.
type DepartmentMethod string

const (
	// MethodProportional scores each indicator as a project form does
	// (财预〔2020〕10号 附件 项目支出绩效自评表 填表说明, applied to the
	// department-wide form): full weight when met, weight × actual ÷ target
	// otherwise (see [Scorer]). It is the zero value ("").
	MethodProportional DepartmentMethod = ""
	// MethodCoefficient scores each indicator as weight × a coefficient
	// (得分系数 × 权重) chosen by the indicator's attainment band (see
	// [CoefficientBand]), the style some provinces' department-wide forms
	// use.
	MethodCoefficient DepartmentMethod = "coefficient"
)

// A CoefficientBand gives the coefficient (得分系数) of indicators whose
// attainment is at least Min (a share: 0.8 is 80%).
type CoefficientBand struct {
	Min         decimal.Decimal `json:"min"`
	Coefficient decimal.Decimal `json:"coefficient"`
}

// DefaultCoefficients returns the bands 1.0 at full attainment, 0.8 from
// 80%, 0.6 from 60% and 0 below, as a fresh slice, highest first.
//
// Source: illustrative; the 1.0/0.8/0.6/0 pattern is the one provincial
// department-wide forms print, not a national rule. The 80% and 60% edges
// follow the national qualitative tiers (财预〔2020〕10号 附件 填表说明,
// as widely reproduced: 100–80%, 80–60%, 60–0%), each band owning its lower
// edge.
func DefaultCoefficients() []CoefficientBand {
	d := decimal.RequireFromString
	return []CoefficientBand{
		{Min: d("1"), Coefficient: d("1.0")},
		{Min: d("0.8"), Coefficient: d("0.8")},
		{Min: d("0.6"), Coefficient: d("0.6")},
		{Min: d("0"), Coefficient: d("0")},
	}
}

// MaxCoefficientBands is the most bands a form may give.
const MaxCoefficientBands = 20

// A DepartmentForm is a department's self-evaluation of its whole spending
// (部门整体支出绩效自评表): its goals, the actuals (one per indicator, in
// order), the budget execution figures with the execution item's weight
// (zero means 10, as the project form of 财预〔2020〕10号 附件), the scoring
// method and, for the coefficient method, its bands (empty means
// [DefaultCoefficients]), and the total the department stated, if any.
type DepartmentForm struct {
	Goals           DepartmentGoals       `json:"goals"`
	ExecutionWeight decimal.Decimal       `json:"execution_weight"`
	Execution       performance.Execution `json:"execution"`
	Actuals         []Actual              `json:"actuals"`
	Method          DepartmentMethod      `json:"method,omitempty"`
	Coefficients    []CoefficientBand     `json:"coefficients,omitempty"`
	StatedTotal     decimal.NullDecimal   `json:"stated_total"`
}

var ten = decimal.NewFromInt(10)

func (f *DepartmentForm) executionWeight() decimal.Decimal {
	if f.ExecutionWeight.IsZero() {
		return ten
	}
	return f.ExecutionWeight
}

func (f *DepartmentForm) bands() []CoefficientBand {
	if len(f.Coefficients) == 0 {
		return DefaultCoefficients()
	}
	return f.Coefficients
}

// Validate checks the form and returns every problem at once as
// [performance.Problems], or nil: the goals' problems under "goals";
// invalid_weight for a negative execution weight; form_total when the
// goals' total plus the execution weight is not 100; zero_budget;
// actual_count; invalid_method; and for the bands too_many_bands,
// bands_order (Min not strictly falling), no_floor (the last Min is not 0)
// and invalid_coefficient (outside [0, 1], or rising as Min falls).
func (f *DepartmentForm) Validate(cfg Config) error {
	var ps performance.Problems
	ps = appendProblems(ps, f.Goals.Validate(), "goals")
	w := f.executionWeight()
	if w.IsNegative() {
		ps.Add("invalid_weight", "execution_weight", "预算执行率分值不能为负", "execution weight must not be negative")
	}
	tree := f.Goals.Tree()
	if got := tree.DeclaredTotal().Add(w); !got.Equal(hundred) {
		ps.Add("form_total", "goals.total",
			fmt.Sprintf("指标总分值 %s 加预算执行率分值 %s 不等于 100", tree.DeclaredTotal(), w),
			fmt.Sprintf("indicator total %s plus execution weight %s is not 100", tree.DeclaredTotal(), w))
	}
	if f.Execution.Budget(cfg.Base).IsZero() {
		ps.Add("zero_budget", "execution", "预算数为零，无法计算预算执行率", "zero budget: no execution rate")
	}
	if len(f.Actuals) != len(f.Goals.Indicators) {
		ps.Add("actual_count", "actuals",
			fmt.Sprintf("实际完成值 %d 项，指标 %d 项", len(f.Actuals), len(f.Goals.Indicators)),
			fmt.Sprintf("%d actuals for %d indicators", len(f.Actuals), len(f.Goals.Indicators)))
	}
	switch f.Method {
	case MethodProportional, MethodCoefficient:
	default:
		ps.Add("invalid_method", "method", "未知的计分方法："+string(f.Method), "unknown method "+strconv.Quote(string(f.Method)))
	}
	validateBands(&ps, f.Coefficients)
	return ps.Err()
}

func validateBands(ps *performance.Problems, bands []CoefficientBand) {
	if len(bands) == 0 {
		return
	}
	if len(bands) > MaxCoefficientBands {
		ps.Add("too_many_bands", "coefficients",
			fmt.Sprintf("得分系数档次 %d 个，最多 %d 个", len(bands), MaxCoefficientBands),
			fmt.Sprintf("%d bands, at most %d", len(bands), MaxCoefficientBands))
		return
	}
	one := decimal.NewFromInt(1)
	for i, b := range bands {
		p := "coefficients[" + strconv.Itoa(i) + "]"
		if b.Coefficient.IsNegative() || b.Coefficient.GreaterThan(one) {
			ps.Add("invalid_coefficient", p+".coefficient", "得分系数应在 0 到 1 之间", "coefficient must lie in [0, 1]")
		}
		if i > 0 {
			if !b.Min.LessThan(bands[i-1].Min) {
				ps.Add("bands_order", p+".min", "档次下限应逐档降低", "band minimums must fall strictly")
			}
			if b.Coefficient.GreaterThan(bands[i-1].Coefficient) {
				ps.Add("invalid_coefficient", p+".coefficient", "得分系数不应随完成程度降低而升高", "a coefficient must not rise as attainment falls")
			}
		}
	}
	if last := bands[len(bands)-1]; !last.Min.IsZero() {
		ps.Add("no_floor", "coefficients["+strconv.Itoa(len(bands)-1)+"].min", "最后一档下限应为 0", "the last band must start at 0")
	}
}

// A DepartmentLine is the score of one indicator of a department form.
type DepartmentLine struct {
	Index  int             `json:"index"`
	ID     string          `json:"id,omitempty"`
	Kind   string          `json:"kind"`
	Name   string          `json:"name"`
	Weight decimal.Decimal `json:"weight"`
	// Rule is the part of the national rule that scored the attainment.
	Rule ScoreRule `json:"rule"`
	// Attainment is the indicator's unrounded national score ÷ its weight,
	// to WorkingPlaces places: 1 when met, actual ÷ target below a ≥ target.
	Attainment decimal.Decimal `json:"attainment"`
	// Coefficient is the band's coefficient (coefficient method only).
	Coefficient decimal.NullDecimal `json:"coefficient"`
	// Points is the indicator's score: the national score rounded as
	// Config.Indicator says, or weight × coefficient, rounded alike.
	Points decimal.Decimal `json:"points"`
}

// A DepartmentSubtotal is a kind's score (一级指标得分): the sum of its
// indicators' points.
type DepartmentSubtotal struct {
	Kind   string          `json:"kind"`
	Name   string          `json:"name"`
	Weight decimal.Decimal `json:"weight"`
	Points decimal.Decimal `json:"points"`
}

// A DepartmentResult is a scored department form: the execution item, every
// indicator's line, subtotals per kind in the kinds' order (kinds without
// indicators left out), the computed total and, kept apart, the stated one.
type DepartmentResult struct {
	DepartmentID string           `json:"department_id"`
	Year         int              `json:"year"`
	Method       DepartmentMethod `json:"method,omitempty"`
	// ExecutionRate is executed ÷ budget, rounded half up to 4 places for
	// display; ExecutionPoints is the execution item's score.
	ExecutionRate   decimal.Decimal      `json:"execution_rate"`
	ExecutionPoints decimal.Decimal      `json:"execution_points"`
	Lines           []DepartmentLine     `json:"lines"`
	Kinds           []DepartmentSubtotal `json:"kinds"`
	// Total is the execution points plus the lines' points, rounded as
	// Config.Total says.
	Total       decimal.Decimal     `json:"total"`
	StatedTotal decimal.NullDecimal `json:"stated_total"`
}

// Score scores the form under cfg (its roundings, qualitative bands,
// tolerance and budget base apply as on a project form). A form with
// problems is not scored and the error is the [performance.Problems].
// Problems of single actuals (missing, wrong unit) do not stop scoring: the
// result is returned with those indicators at zero, with the problems.
//
// Under the coefficient method the attainment decides the band: a
// coefficient 0.8 on a weight of 20 gives 16 points whatever the exact
// attainment inside [0.8, 1).
func (f *DepartmentForm) Score(cfg Config) (*DepartmentResult, error) {
	if err := f.Validate(cfg); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	tree := f.Goals.Tree()
	s, err := NewScorer(tree, cfg)
	if err != nil {
		return nil, err
	}
	raw := cfg
	raw.Indicator = RoundNone
	sr, err := NewScorer(tree, raw)
	if err != nil {
		return nil, err
	}
	es, err := ScoreExecution(f.executionWeight(), f.Execution, cfg)
	if err != nil {
		return nil, err
	}
	national, scoreErr := s.Score(f.Actuals)
	exact, _ := sr.Score(f.Actuals) // the same problems as scoreErr
	places := cfg.Indicator.Places()
	res := &DepartmentResult{DepartmentID: f.Goals.DepartmentID, Year: f.Goals.Year, Method: f.Method,
		ExecutionRate: es.Rate.Round(4), ExecutionPoints: es.Value(), Lines: make([]DepartmentLine, len(tree.Indicators))}
	sums := map[string]*DepartmentSubtotal{}
	total := es.Value()
	for i := range tree.Indicators {
		in, di := &tree.Indicators[i], &f.Goals.Indicators[i]
		ln := DepartmentLine{Index: i, ID: in.ID, Kind: di.Kind, Name: in.Name, Weight: in.Weight,
			Rule: national.Scores[i].Rule, Points: national.Scores[i].Value()}
		ln.Attainment = exact.Scores[i].Value().DivRound(in.Weight, WorkingPlaces)
		if f.Method == MethodCoefficient {
			c := coefficientOf(f.bands(), ln.Attainment)
			ln.Coefficient = decimal.NewNullDecimal(c)
			ln.Points = in.Weight.Mul(c).Round(places)
		}
		res.Lines[i] = ln
		st := sums[di.Kind]
		if st == nil {
			k, _ := f.Goals.kindOf(di.Kind)
			st = &DepartmentSubtotal{Kind: k.Code, Name: k.Name}
			sums[di.Kind] = st
		}
		st.Weight = st.Weight.Add(in.Weight)
		st.Points = st.Points.Add(ln.Points)
		total = total.Add(ln.Points)
	}
	for _, k := range f.Goals.KindsOrDefault() {
		if st := sums[k.Code]; st != nil {
			res.Kinds = append(res.Kinds, *st)
		}
	}
	res.Total = total.Round(min(places, cfg.Total.Places()))
	res.StatedTotal = f.StatedTotal
	return res, scoreErr
}

// coefficientOf returns the coefficient of the first band whose Min the
// attainment reaches; bands are validated to end at 0.
func coefficientOf(bands []CoefficientBand, attainment decimal.Decimal) decimal.Decimal {
	for _, b := range bands {
		if attainment.GreaterThanOrEqual(b.Min) {
			return b.Coefficient
		}
	}
	return decimal.Zero
}

// MaxDepartmentForms is the most forms [ParseDepartmentForms] reads at once.
const MaxDepartmentForms = 100_000

// ParseDepartmentForms reads department-wide self-evaluation forms from
// JSON: an array of [DepartmentForm] (schema/department-forms.schema.json).
// Unknown or repeated members, malformed values and numbers beyond the
// decimal limits are reported first, all at once with their paths, as
// performance.DecodeJSON does. Then each form is validated
// ([DepartmentForm.Validate] under the zero Config) and its problems are
// reported with paths prefixed "[i]"; a form with a problem is left out
// whole, the others are returned in input order beside the
// [performance.Problems].
func ParseDepartmentForms(data []byte) ([]DepartmentForm, error) {
	var raw []DepartmentForm
	if err := performance.DecodeJSON(data, &raw); err != nil {
		return nil, fmt.Errorf("goals: department forms: %w", err)
	}
	if len(raw) > MaxDepartmentForms {
		return nil, fmt.Errorf("goals: department forms: %d forms, at most %d: %w", len(raw), MaxDepartmentForms, performance.ErrInvalid)
	}
	var ps performance.Problems
	out := make([]DepartmentForm, 0, len(raw))
	for i := range raw {
		if err := raw[i].Validate(Config{}); err != nil {
			ps = appendProblems(ps, err, "["+strconv.Itoa(i)+"]")
			continue
		}
		out = append(out, raw[i])
	}
	if len(ps) > 0 {
		return out, fmt.Errorf("goals: department forms: %w", ps)
	}
	return out, nil
}
