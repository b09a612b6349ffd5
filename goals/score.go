package goals

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/rules"
	"github.com/shopspring/decimal"
)

// ScoreRule names the part of the scoring rule that produced a score, so that a
// score can be explained. The zero value, RuleMissing, is the score of an
// indicator whose actual was not reported.
type ScoreRule uint8

const (
	// RuleMissing: no actual reported; scores zero. It is the zero value.
	RuleMissing ScoreRule = iota
	// RuleInvalid: the actual cannot be compared with the target (another
	// unit, a rating for a number); scores zero and is reported as a problem.
	RuleInvalid
	// RuleMet: the target was met; scores the full weight.
	RuleMet
	// RuleProportional: a ≥, > or range target was not met; scores weight ×
	// actual ÷ target (or ÷ the range's lower bound).
	RuleProportional
	// RuleInverse: a ≤, < or range target was exceeded (cost, time); scores
	// weight × target ÷ actual (or the range's upper bound ÷ actual).
	RuleInverse
	// RuleNotMet: the target was not met and no proportion applies (the
	// target is zero or negative); scores zero.
	RuleNotMet
	// RuleLate: a deadline was passed; scores zero.
	RuleLate
	// RuleBand: a qualitative indicator; scores the evaluator's point inside
	// the rating's band, in percent of the weight.
	RuleBand
	// RuleCustom: the indicator's custom scoring expression gave the score,
	// held to [0, weight] and rounded.
	RuleCustom
	// RuleOverFull: a target where less is better was passed and
	// Config.Overshoot is OvershootFull; scores the full weight.
	RuleOverFull
	// RuleOverLinear: a target where less is better was passed and
	// Config.Overshoot is OvershootLinear; scores weight × (1 − (actual −
	// target) ÷ target), at least zero.
	RuleOverLinear
)

var ruleNames = []name{
	RuleMissing:      {"missing", "未填报实际完成值，不得分", "no actual reported: no points"},
	RuleInvalid:      {"invalid", "实际完成值无法与指标值比较，不得分", "actual not comparable with the target: no points"},
	RuleMet:          {"met", "达到指标值，得满分", "target met: full weight"},
	RuleProportional: {"proportional", "未达到指标值，得分 = 分值 × 实际完成值 ÷ 指标值", "target not met: weight × actual ÷ target"},
	RuleInverse:      {"inverse", "超出指标值，得分 = 分值 × 指标值 ÷ 实际完成值", "target exceeded: weight × target ÷ actual"},
	RuleNotMet:       {"not_met", "未达到指标值且指标值不为正数，不得分", "target not met and not positive: no points"},
	RuleLate:         {"late", "超过完成期限，不得分", "deadline passed: no points"},
	RuleBand:         {"band", "定性指标按评价档次计分", "qualitative: scored inside the rating's band"},
	RuleCustom:       {"custom", "按自定义评分公式计分", "scored by the custom expression"},
	RuleOverFull:     {"over_full", "超出指标值，按规定仍得满分", "target exceeded: full weight by the configured rule"},
	RuleOverLinear:   {"over_linear", "超出指标值，得分 = 分值 × (1 － 超出部分 ÷ 指标值)", "target exceeded: weight × (1 − overshoot ÷ target)"},
}

// String returns the rule's code: "met", "proportional", ...
func (r ScoreRule) String() string {
	if int(r) < len(ruleNames) {
		return ruleNames[r].code
	}
	return fmt.Sprintf("Rule(%d)", uint8(r))
}

// Name describes the rule in the given language.
func (r ScoreRule) Name(l performance.Lang) string {
	if int(r) >= len(ruleNames) {
		return r.String()
	}
	return nameIn(ruleNames, int(r), l)
}

// MarshalText encodes the rule as its code.
func (r ScoreRule) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// ParseRule reads a scoring rule by its code ("met", "proportional", …),
// ignoring surrounding spaces. An unknown code is an error naming the
// allowed ones.
func ParseRule(s string) (ScoreRule, error) {
	t := strings.TrimSpace(s)
	codes := make([]string, len(ruleNames))
	for i, n := range ruleNames {
		if n.code == t {
			return ScoreRule(i), nil
		}
		codes[i] = n.code
	}
	return RuleMissing, fmt.Errorf("goals: unknown scoring rule %q (want one of %s)", s, strings.Join(codes, ", "))
}

// UnmarshalText decodes a rule's code.
func (r *ScoreRule) UnmarshalText(b []byte) error {
	v, err := ParseRule(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// A Score is the score of one indicator (指标得分) with what produced it: the
// indicator (its target and weight), the actual, the rule applied and the
// rounding. Its value is exact at the rounding's places.
type Score struct {
	// Index is the indicator's position in the tree.
	Index int
	// Indicator is the scored indicator, owned by the [Scorer]; do not
	// modify it.
	Indicator *Indicator
	// Actual is the actual as given.
	Actual Actual
	// Rule is the part of the scoring rule applied.
	Rule ScoreRule
	// Met reports whether the target was met.
	Met bool
	// TooLow flags a met target that the actual exceeds by the configured
	// factor: the target may have been set too low (see Config.TooLow).
	TooLow bool
	// Point is the evaluator's point applied to a qualitative indicator, in
	// percent of the weight (RuleBand only): the actual's point, or the
	// band's default when none was given.
	Point decimal.Decimal
	// Rounding is the rounding applied to the value.
	Rounding Rounding

	units int64             // the value × 10^places
	cfg   *Config           // the scorer's configuration, for explanations
	text  *performance.Text // the explanation as decoded from JSON, or nil
}

// Value returns the score in points, exact at the rounding's places.
func (s *Score) Value() decimal.Decimal {
	return decimal.New(s.units, -s.Rounding.Places())
}

// A Subtotal is the score of one level-1 or level-2 group (一级/二级指标得分):
// the sum of its indicators' rounded scores.
type Subtotal struct {
	// Level1 is the group's level-1 kind.
	Level1 Level1
	// Level2 and Level2Name identify a level-2 group; both are zero for a
	// level-1 subtotal.
	Level2     Level2
	Level2Name string
	// Weight is the sum of the group's weights.
	Weight decimal.Decimal
	// Indicators are the indexes of the group's indicators in the tree.
	// The slice is shared with the Scorer: read it, do not modify it.
	Indicators []int

	places int32
	units  int64
}

// Value returns the subtotal in points.
func (s *Subtotal) Value() decimal.Decimal { return decimal.New(s.units, -s.places) }

// Result is the score of a tree (指标得分表): one Score per indicator in tree
// order, subtotals per level-1 kind and per level-2 group in the order of the
// goals table (kinds as they first appear; level-2 groups under their
// level-1 kind), and the total. A named level-2 kind forms one group whatever
// its printed names; Level2Other groups by Level2Name.
//
// A Result may be reused by [Scorer.ScoreTo], which then overwrites it.
type Result struct {
	// Scores holds one score per indicator, in tree order.
	Scores []Score
	// Level1 holds the level-1 subtotals (一级指标得分).
	Level1 []Subtotal
	// Level2 holds the level-2 subtotals (二级指标得分).
	Level2 []Subtotal
	// Rounding is the rounding of the total.
	Rounding Rounding

	totalPlaces int32
	total       int64
}

// Total returns the total score: the sum of the indicators' rounded scores,
// rounded as Rounding says (never to more places than the scores carry).
func (r *Result) Total() decimal.Decimal { return decimal.New(r.total, -r.totalPlaces) }

// A Scorer scores actuals against one tree under one Config. It holds the
// tree's indicators and their targets and weights converted once for the
// exact fast path, so scoring allocates nothing but its result. A Scorer is
// immutable and safe for concurrent use.
type Scorer struct {
	cfg        Config
	tooLow     exact.Fixed // cfg.TooLow on the fast path; zero when off
	indicators []Indicator
	items      []item
	customs    []*rules.Program[ScoringEnv] // compiled Scoring expressions by indicator, or nil
	level1     []Subtotal
	level2     []Subtotal
}

// item is an indicator prepared for the fast path. It is kept small (72
// bytes) because a portfolio run reads the items of many trees from memory:
// coefficients and exponents are stored apart so that four exact values
// take 36 bytes rather than 64.
type item struct {
	wc, tc, loc, hic int64  // coefficients of the weight, the target, and the met window
	we, te, loe, hie int8   // their exponents
	full             int64  // the weight at the indicator places
	deadlineDay      int32  // the deadline as days since 1970-01-01
	unit             string // the target's unit, here so that the fast path reads only items
	g1, g2           uint16 // subtotal indexes
	op               Operator
	deadline         bool
	fast             bool // every figure converted exactly
	custom           bool // scored by a custom expression (Scorer.customs)
}

// weight, target, lo and hi return the item's exact values. The met window
// [lo, hi] is a range's bounds, or target ∓ tolerance for Equal.
func (it *item) weight() exact.Fixed { return exact.Fixed{C: it.wc, E: int32(it.we)} }
func (it *item) target() exact.Fixed { return exact.Fixed{C: it.tc, E: int32(it.te)} }
func (it *item) lo() exact.Fixed     { return exact.Fixed{C: it.loc, E: int32(it.loe)} }
func (it *item) hi() exact.Fixed     { return exact.Fixed{C: it.hic, E: int32(it.hie)} }

// NewScorer prepares t for scoring under cfg. It validates both (every
// problem at once, as [performance.Problems], tree paths prefixed "tree",
// config paths "config") and rejects weights with more decimal places than
// the indicator rounding keeps (code weight_precision), since the full
// weight could then not be scored exactly, and totals too large to count in
// an int64 at those places (code total_too_large).
//
// opts are the host's rules options (functions and types registered with
// rules.WithFunction and rules.WithType, limits): custom scoring
// expressions ([Indicator.Scoring]) compile with them, so they may call the
// host's functions. Without the option that registers a function, an
// expression calling it is an invalid_scoring problem ("unknown function").
// The scoring environment ([ScoringEnv]) carries no host values, so
// declared host fields (rules.WithFields) cannot be read there.
func NewScorer(t *Tree, cfg Config, opts ...rules.Option) (*Scorer, error) {
	var ps performance.Problems
	ps = appendProblems(ps, t.Validate(opts...), "tree")
	ps = appendProblems(ps, cfg.Validate(), "config")
	if len(ps) > 0 {
		return nil, ps
	}
	places := cfg.Indicator.Places()
	if len(t.Indicators) > math.MaxUint16 {
		ps.Add("too_many_indicators", "tree.indicators",
			fmt.Sprintf("指标 %d 项，超过 %d 项", len(t.Indicators), math.MaxUint16),
			fmt.Sprintf("%d indicators, more than %d", len(t.Indicators), math.MaxUint16))
		return nil, ps
	}
	if !fitsUnits(t.DeclaredTotal(), places) {
		// Scores are held as int64 counts of the smallest unit kept; a
		// total this large is no score a form could print.
		ps.Add("total_too_large", "tree.total",
			fmt.Sprintf("总分值 %s 过大", t.DeclaredTotal()),
			fmt.Sprintf("total %s is too large to score", t.DeclaredTotal()))
		return nil, ps
	}
	s := &Scorer{cfg: cfg, indicators: append([]Indicator(nil), t.Indicators...)}
	s.items = make([]item, len(s.indicators))
	for i := range s.indicators {
		in := &s.indicators[i]
		if in.Weight.Exponent() < -places && !in.Weight.Equal(in.Weight.Round(places)) {
			ps.Add("weight_precision", "tree.indicators["+strconv.Itoa(i)+"].weight",
				fmt.Sprintf("分值 %s 的小数位多于得分舍入（%s）", in.Weight, cfg.Indicator.Name(performance.LangZH)),
				fmt.Sprintf("weight %s has more places than scores are %s to", in.Weight, cfg.Indicator.Name(performance.LangEN)))
			continue
		}
		s.items[i] = s.prepare(in, places)
		if in.Scoring != "" {
			p, err := compileScoring(in.Scoring, opts)
			if err != nil {
				scoringProblem(&ps, "tree.indicators["+strconv.Itoa(i)+"].scoring", err)
				continue
			}
			if s.customs == nil {
				s.customs = make([]*rules.Program[ScoringEnv], len(s.indicators))
			}
			s.customs[i], s.items[i].custom = p, true
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	s.group()
	return s, nil
}

// maxUnits bounds a total in units of the rounding's last place, leaving
// headroom for adding the execution item.
const maxUnits = 1 << 62

// fitsUnits reports whether d, at the given places, is below maxUnits.
func fitsUnits(d decimal.Decimal, places int32) bool {
	v, ok := exact.FromDecimal(d.Round(places))
	if !ok {
		return false
	}
	u, ok := exact.AtPlaces(v, places)
	return ok && u < maxUnits && u > -maxUnits
}

// appendProblems appends the problems of err, their paths prefixed.
func appendProblems(ps performance.Problems, err error, prefix string) performance.Problems {
	if err == nil {
		return ps
	}
	var more performance.Problems
	if errors.As(err, &more) {
		return append(ps, more.Prefix(prefix)...)
	}
	if err != nil {
		ps.Add("invalid", prefix, err.Error(), err.Error())
	}
	return ps
}

func (s *Scorer) prepare(in *Indicator, places int32) item {
	tg := &in.Target
	it := item{op: tg.Op, deadline: tg.IsDeadline(), unit: tg.Unit}
	ok := true
	if day := dayNumber(tg.Deadline); it.deadline {
		if day < math.MinInt32 || day > math.MaxInt32 {
			ok = false
		}
		it.deadlineDay = int32(day)
	}
	conv := func(d decimal.Decimal) (int64, int8) {
		v, good := exact.FromDecimal(d)
		if !good || v.E < math.MinInt8 || v.E > math.MaxInt8 {
			ok = false
			return 0, 0
		}
		return v.C, int8(v.E)
	}
	it.wc, it.we = conv(in.Weight)
	it.tc, it.te = conv(tg.Value)
	switch it.op {
	case Range:
		it.loc, it.loe = it.tc, it.te
		it.hic, it.hie = conv(tg.Upper)
	case Equal:
		it.loc, it.loe = conv(tg.Value.Sub(s.cfg.Tolerance))
		it.hic, it.hie = conv(tg.Value.Add(s.cfg.Tolerance))
	}
	var tooLowOK bool
	s.tooLow, tooLowOK = exact.FromDecimal(s.cfg.TooLow)
	ok = ok && tooLowOK
	full, good := exact.AtPlaces(it.weight(), places)
	it.full = full
	it.fast = ok && good
	if !it.fast {
		// Too large (or too finely divided) for int64 coefficients: the
		// decimal path scores it.
		it.full = 0
	}
	return it
}

// group builds the subtotal templates and assigns each item its groups.
// Groups keep the order of the goals table: level-1 kinds as they first
// appear, level-2 groups under their level-1 kind as they first appear. A
// named level-2 kind is one group whatever its printed names; Level2Other
// groups by Level2Name. Trees are small, so groups are found by scanning.
func (s *Scorer) group() {
	places := s.cfg.Indicator.Places()
	n := len(s.indicators)
	var l1, l2 []Subtotal
	g1s, g2s := make([]int32, n), make([]int32, n)
	count := func(groups []Subtotal, match func(*Subtotal) bool, fresh Subtotal) ([]Subtotal, int32) {
		for g := range groups {
			if match(&groups[g]) {
				return groups, int32(g)
			}
		}
		return append(groups, fresh), int32(len(groups))
	}
	for i := range s.indicators {
		in := &s.indicators[i]
		name := in.Level2Name
		if in.Level2 != Level2Other {
			name = ""
		}
		l1, g1s[i] = count(l1, func(g *Subtotal) bool { return g.Level1 == in.Level1 },
			Subtotal{Level1: in.Level1, places: places})
		l2, g2s[i] = count(l2, func(g *Subtotal) bool {
			return g.Level1 == in.Level1 && g.Level2 == in.Level2 && g.Level2Name == name
		}, Subtotal{Level1: in.Level1, Level2: in.Level2, Level2Name: name, places: places})
	}
	// Every group's indicator list is a window of one backing array.
	backing := make([]int, 0, 2*n)
	fill := func(groups []Subtotal, of []int32) {
		for g := range groups {
			start := len(backing)
			for i := range of {
				if of[i] == int32(g) {
					backing = append(backing, i)
				}
			}
			groups[g].Indicators = backing[start:len(backing):len(backing)]
		}
	}
	fill(l1, g1s)
	fill(l2, g2s)
	// Level-2 groups under their level-1 kind, in table order (a stable
	// sort by the rank of the level-1 kind), remapping the items' indexes.
	order := make([]int32, len(l2))
	for g := range order {
		order[g] = int32(g)
	}
	rank := func(g int32) int32 { return g1s[l2[g].Indicators[0]] }
	sort.SliceStable(order, func(a, b int) bool { return rank(order[a]) < rank(order[b]) })
	sorted := make([]Subtotal, len(l2))
	newIndex := make([]int32, len(l2))
	for k, g := range order {
		sorted[k] = l2[g]
		newIndex[g] = int32(k)
	}
	l2 = sorted
	for i := range s.items {
		s.items[i].g1, s.items[i].g2 = uint16(g1s[i]), uint16(newIndex[g2s[i]])
	}
	for _, groups := range [][]Subtotal{l1, l2} {
		for g := range groups {
			sg := &groups[g]
			var w exact.Sum
			for _, i := range sg.Indicators {
				w.Add(s.indicators[i].Weight)
			}
			sg.Weight = w.Value()
			if sg.Level2 != Level2Other {
				// A named level-2 group takes its printed name from its
				// first indicator, if it has one.
				sg.Level2Name = s.indicators[sg.Indicators[0]].Level2Name
			}
		}
	}
	s.level1, s.level2 = l1, l2
}

// Indicators returns a copy of the indicators the scorer was built from.
func (s *Scorer) Indicators() []Indicator { return append([]Indicator(nil), s.indicators...) }

// Config returns the scorer's configuration.
func (s *Scorer) Config() Config { return s.cfg }

// Score scores actuals, one per indicator in tree order, and returns the
// result. See [Scorer.ScoreTo] for the errors.
func (s *Scorer) Score(actuals []Actual) (*Result, error) {
	r := new(Result)
	err := s.ScoreTo(r, actuals)
	return r, err
}

// ScoreTo scores actuals, one per indicator in tree order, into r, reusing
// r's slices: with a reused r it allocates nothing when every figure fits
// the fast path.
//
// Every indicator is scored even when some actuals are unusable: those
// score zero (RuleMissing or RuleInvalid) and are listed in the returned
// [performance.Problems] with paths "actuals[i]" and codes:
//
//	actual_count       len(actuals) differs from the number of indicators
//	missing_actual     nothing reported for the indicator
//	unit_mismatch      the actual's unit is not the target's
//	missing_unit       the actual has no unit, the target has one, and
//	                   Config.AssumeTargetUnit is off (both values named)
//	point_outside_band a rating's point lies outside its band
//	invalid_rating     the rating is not a known value
//	scoring_error      a custom scoring expression failed at run time
//
// Scoring one Result from several goroutines at once is a data race; use one
// Result per goroutine.
func (s *Scorer) ScoreTo(r *Result, actuals []Actual) error {
	var ps performance.Problems
	if len(actuals) != len(s.indicators) {
		ps.Add("actual_count", "actuals",
			fmt.Sprintf("实际完成值 %d 项，指标 %d 项", len(actuals), len(s.indicators)),
			fmt.Sprintf("%d actuals for %d indicators", len(actuals), len(s.indicators)))
	}
	places := s.cfg.Indicator.Places()
	n := len(s.items)
	if cap(r.Scores) < n {
		r.Scores = make([]Score, n)
	}
	r.Scores = r.Scores[:n]
	r.Level1 = append(r.Level1[:0], s.level1...)
	r.Level2 = append(r.Level2[:0], s.level2...)
	var total int64
	for i := range s.items {
		it := &s.items[i]
		sc := &r.Scores[i]
		*sc = Score{Index: i, Indicator: &s.indicators[i], Rounding: s.cfg.Indicator, cfg: &s.cfg}
		if i < len(actuals) {
			sc.Actual = actuals[i]
		}
		if code := s.scoreOne(it, &sc.Actual, sc, places); code != "" && i < len(actuals) {
			addActualProblem(&ps, code, i, sc)
		}
		total += sc.units
		r.Level1[it.g1].units += sc.units
		r.Level2[it.g2].units += sc.units
	}
	r.Rounding = s.cfg.Total
	r.totalPlaces = min(places, s.cfg.Total.Places())
	r.total = exact.RoundUnits(total, places, r.totalPlaces)
	return ps.Err()
}

func addActualProblem(ps *performance.Problems, code string, i int, sc *Score) {
	path := "actuals[" + strconv.Itoa(i) + "]"
	tg := &sc.Indicator.Target
	switch code {
	case "missing_actual":
		ps.Add(code, path, fmt.Sprintf("指标“%s”未填报实际完成值", sc.Indicator.Name),
			fmt.Sprintf("no actual reported for %q", sc.Indicator.Name))
	case "unit_mismatch":
		ps.Add(code, path+".unit",
			fmt.Sprintf("实际完成值单位“%s”与指标值单位“%s”不一致", sc.Actual.Unit, tg.Unit),
			fmt.Sprintf("actual unit %q differs from the target's %q", sc.Actual.Unit, tg.Unit))
	case "missing_unit":
		ps.Add(code, path+".unit",
			fmt.Sprintf("指标“%s”实际完成值 %s 未注明单位，指标值为 %s", sc.Indicator.Name, sc.Actual.Value.Decimal, publishedTarget(tg)),
			fmt.Sprintf("%q: actual %s has no unit, the target is %s", sc.Indicator.Name, sc.Actual.Value.Decimal, publishedTarget(tg)))
	case "point_outside_band":
		ps.Add(code, path+".point",
			fmt.Sprintf("评分点 %s%% 不在“%s”档次内", sc.Actual.Point.Decimal, sc.Actual.Rating.Name(performance.LangZH)),
			fmt.Sprintf("point %s%% lies outside the band of %q", sc.Actual.Point.Decimal, sc.Actual.Rating.Name(performance.LangEN)))
	case "invalid_rating":
		ps.Add(code, path+".rating", "评价档次无效", "unknown rating")
	case "scoring_error":
		ps.Add(code, path, fmt.Sprintf("指标“%s”的自定义评分公式计算出错", sc.Indicator.Name),
			fmt.Sprintf("the custom scoring expression of %q failed", sc.Indicator.Name))
	}
}

// publishedTarget returns the target as published, or its rendering.
func publishedTarget(t *Target) string {
	if t.Text != "" {
		return t.Text
	}
	return t.String()
}
