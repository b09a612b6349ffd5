package performance

// Checking published shares against whole-number counts (ShareCheck): the
// search for splits that reproduce a report's printed percentages.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/exact"
)

// DefaultMaxTotal is the largest total [ShareCheck] searches when its
// MaxTotal is zero.
const DefaultMaxTotal = 10000

// ShareCheck checks published shares against whole-number counts: a share of
// c out of n projects is 100·c ÷ n rounded half up to the stated places, so
// only some shares can be printed for a given n. The zero value is an exact
// check searching totals up to [DefaultMaxTotal] (10,000; at most
// [MaxCount], and totals × shares at most [MaxSearchSteps]). Shares printed
// for some classes only ([PublishedShares].Partial) and counts printed
// beside shares ([PublishedShares].Counts) are solved the same way: the
// totals that fit are found, or the finding says none up to the bound does.
type ShareCheck struct {
	// Tolerance, off by default, also accepts shares that a publisher forced
	// to sum to exactly 100 by moving one share by one unit of the last
	// place (0.01 at two places). It applies only when the stated shares do
	// sum to exactly 100, and the finding says which share was moved.
	Tolerance bool `json:"tolerance"`
	// MaxTotal bounds the search for totals that give the shares; zero means
	// DefaultMaxTotal. The search takes time proportional to it times the
	// number of shares; at most [MaxCount], and MaxTotal × shares at most
	// [MaxSearchSteps].
	MaxTotal int `json:"max_total"`
}

// A ShareFit is a whole-number split that reproduces published shares.
type ShareFit struct {
	// Total is the number of projects.
	Total int `json:"total"`
	// Counts is one split of Total over the classes, in class order, whose
	// rounded shares are the published ones (with Moved's share changed
	// back, if set). When several splits fit, Counts gives the earlier
	// classes as many as the shares allow.
	Counts []int `json:"counts"`
	// Unique reports that Counts is the only split of Total that fits.
	Unique bool `json:"unique"`
	// Rest is the count left to the classes not printed (partial shares
	// only): Total minus the sum of Counts.
	Rest int `json:"rest,omitempty"`
	// Moved is set when the fit needs the tolerance of [ShareCheck]: the
	// share that was moved to make the total 100.
	Moved *MovedShare `json:"moved,omitempty"`
}

// A MovedShare is the share a publisher moved by one unit of the last place
// so that the printed shares sum to 100.
type MovedShare struct {
	// Index is the class's position in the published shares.
	Index int `json:"index"`
	// Label is the class's label.
	Label string `json:"label"`
	// Stated is the share as printed.
	Stated decimal.Decimal `json:"stated"`
	// Computed is the share the counts give.
	Computed decimal.Decimal `json:"computed"`
}

// Finding codes of [ShareFinding], stable for services to branch on.
const (
	// CodeSharesConsistent: some split of the stated total gives every share.
	CodeSharesConsistent = "shares_consistent"
	// CodeSharesMoved: a split gives every share once one share moved to
	// force a 100 sum is put back (tolerance mode only).
	CodeSharesMoved = "shares_moved"
	// CodeSharesInconsistent: no split of the stated total gives the shares.
	CodeSharesInconsistent = "shares_inconsistent"
	// CodeSharesFound: no total is stated; some total up to the bound gives
	// the shares.
	CodeSharesFound = "shares_total_found"
	// CodeSharesUnreachable: no total is stated and none up to the bound
	// gives the shares.
	CodeSharesUnreachable = "shares_unreachable"
)

// A ShareFinding is the outcome of [ShareCheck.Check], ready to print in
// Chinese or English.
type ShareFinding struct {
	// Code is one of the CodeShares… constants.
	Code string `json:"code"`
	// Consistent reports whether the published figures can be right: a
	// split of the stated total fits, or, with no total stated, some total
	// up to MaxTotal does.
	Consistent bool `json:"consistent"`
	// Published is what was checked.
	Published PublishedShares `json:"published"`
	// Fit is the split of the stated total that gives the shares, or nil.
	Fit *ShareFit `json:"fit,omitempty"`
	// Smallest is the smallest total up to MaxTotal that gives the shares,
	// with a split, or nil if there is none.
	Smallest *ShareFit `json:"smallest,omitempty"`
	// MaxTotal is the bound of the search for Smallest.
	MaxTotal int `json:"max_total"`
	// Text explains the finding for finance staff.
	Text Text `json:"text"`
}

// Check says whether the published shares can come from whole-number counts.
// With a stated total it looks for a split of that total; in every case it
// also finds the smallest total up to MaxTotal that gives the shares. For
// the seed's ex-post evaluation (56 projects; 12.12/53.03/30.30/4.55%) no
// split of 56 fits, and 66 = 8 + 35 + 20 + 3 is the smallest total that
// does: either the count or the shares were misprinted.
//
// Invalid input gives an error wrapping [ErrInvalidShare]; places, totals
// and a search beyond the limits ([MaxPlaces], [MaxCount],
// [MaxSearchSteps]) one that also wraps a [*LimitError].
func (c ShareCheck) Check(p PublishedShares) (ShareFinding, error) {
	units, err := c.validate(p)
	if err != nil {
		return ShareFinding{}, err
	}
	bound := c.maxTotal()
	f := ShareFinding{Published: p, MaxTotal: bound}
	if p.Total > 0 {
		f.Fit = c.fit(p, units, p.Total)
	}
	for n := 1; n <= bound; n++ {
		if fit := c.fit(p, units, n); fit != nil {
			f.Smallest = fit
			break
		}
	}
	switch {
	case p.Total > 0 && f.Fit != nil && f.Fit.Moved != nil:
		f.Code, f.Consistent = CodeSharesMoved, true
	case p.Total > 0 && f.Fit != nil:
		f.Code, f.Consistent = CodeSharesConsistent, true
	case p.Total > 0:
		f.Code = CodeSharesInconsistent
	case f.Smallest != nil:
		f.Code, f.Consistent = CodeSharesFound, true
	default:
		f.Code = CodeSharesUnreachable
	}
	f.Text = f.text()
	return f, nil
}

// Totals lists every total from 1 to MaxTotal that gives the published
// shares, in increasing order, each with a split. The stated total, if any,
// is ignored. Invalid input gives an error wrapping [ErrInvalidShare], as
// for [ShareCheck.Check].
func (c ShareCheck) Totals(p PublishedShares) ([]ShareFit, error) {
	units, err := c.validate(p)
	if err != nil {
		return nil, err
	}
	var fits []ShareFit
	for n := 1; n <= c.maxTotal(); n++ {
		if fit := c.fit(p, units, n); fit != nil {
			fits = append(fits, *fit)
		}
	}
	return fits, nil
}

func (c ShareCheck) maxTotal() int {
	if c.MaxTotal == 0 {
		return DefaultMaxTotal
	}
	return c.MaxTotal
}

// validate checks p and returns the shares in units of the last place
// (12.12 at two places is 1212).
func (c ShareCheck) validate(p PublishedShares) ([]int64, error) {
	switch {
	case len(p.Shares) == 0:
		return nil, fmt.Errorf("%w: no shares", ErrInvalidShare)
	case len(p.Labels) != 0 && len(p.Labels) != len(p.Shares):
		return nil, fmt.Errorf("%w: %d labels for %d shares", ErrInvalidShare, len(p.Labels), len(p.Shares))
	case len(p.Counts) != 0 && len(p.Counts) != len(p.Shares):
		return nil, fmt.Errorf("%w: %d counts for %d shares", ErrInvalidShare, len(p.Counts), len(p.Shares))
	}
	for i, c := range p.Counts {
		if c == nil {
			continue
		}
		if err := ValidateCount("counts["+strconv.Itoa(i)+"]", int64(*c)); err != nil || *c < 0 {
			return nil, fmt.Errorf("%w: count %d (%d) must be from 0 to %d", ErrInvalidShare, i, *c, MaxCount)
		}
	}
	// MaxCount × 200 × 10^MaxPlaces fits in int64, as shareFit needs.
	for _, err := range []error{
		ValidatePlaces("places", int64(p.Places)),
		ValidateCount("total", int64(p.Total)),
		ValidateCount("max_total", int64(c.MaxTotal)),
	} {
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidShare, err)
		}
	}
	if steps := int64(c.maxTotal()) * int64(len(p.Shares)); steps > MaxSearchSteps {
		return nil, fmt.Errorf("%w: %w", ErrInvalidShare,
			&LimitError{Path: "max_total", Name: "search steps", Value: steps, Max: MaxSearchSteps})
	}
	full := decimal.New(100, p.Places) // 100% in units of the last place
	units := make([]int64, len(p.Shares))
	for i, s := range p.Shares {
		u := s.Shift(p.Places)
		switch {
		case !u.IsInteger():
			return nil, fmt.Errorf("%w: share %d (%s) has more than %d decimals", ErrInvalidShare, i, s, p.Places)
		case u.Sign() < 0 || u.GreaterThan(full):
			return nil, fmt.Errorf("%w: share %d (%s) is outside 0 to 100", ErrInvalidShare, i, s)
		}
		units[i] = u.IntPart()
	}
	return units, nil
}

// fit returns a split of n that gives the shares (units, in units of the last
// place), trying the tolerance if enabled and the exact check fails, or nil.
func (c ShareCheck) fit(p PublishedShares, units []int64, n int) *ShareFit {
	if p.Partial || len(p.Counts) > 0 {
		return partialFit(units, p, n)
	}
	if fit := shareFit(units, p.Places, n); fit != nil {
		return fit
	}
	if !c.Tolerance {
		return nil
	}
	unit, _ := exact.Pow10(p.Places) // 0 ≤ places ≤ MaxPlaces, held by validate
	full := 100 * unit
	var sum int64
	for _, u := range units {
		if sum += u; sum > full { // stops before many shares could overflow
			return nil
		}
	}
	if sum != full {
		return nil
	}
	moved := make([]int64, len(units))
	for i := range units {
		for _, delta := range [...]int64{-1, 1} { // the computed share was one unit lower, then higher
			v := units[i] + delta
			if v < 0 || v > full {
				continue
			}
			copy(moved, units)
			moved[i] = v
			if fit := shareFit(moved, p.Places, n); fit != nil {
				fit.Moved = &MovedShare{
					Index:    i,
					Label:    p.label(i),
					Stated:   decimal.New(units[i], -p.Places),
					Computed: decimal.New(v, -p.Places),
				}
				return fit
			}
		}
	}
	return nil
}

// shareFit returns a split of n whose shares, 100·c ÷ n rounded half up to
// places, are units (in units of the last place), or nil.
//
// With M = 200·10^places, c out of n rounds to S units exactly when
// S − ½ ≤ 100·10^places·c ÷ n < S + ½, that is
// n·(2S − 1) ≤ M·c < n·(2S + 1), so c runs from ceil(n·(2S−1) ÷ M) to
// ceil(n·(2S+1) ÷ M) − 1. A split exists when every range is non-empty and
// n lies between the sums of the lower and the upper ends.
func shareFit(units []int64, places int32, n int) *ShareFit {
	unit, _ := exact.Pow10(places) // 0 ≤ places ≤ MaxPlaces, held by validate
	m := 200 * unit
	nn := int64(n)
	bounds := func(s int64) (lo, hi int64) {
		return max(ceilDiv(nn*(2*s-1), m), 0), min(ceilDiv(nn*(2*s+1), m)-1, nn)
	}
	// First pass without allocating: most totals fail here.
	var sumLo, sumHi int64
	slack := 0
	for _, s := range units {
		lo, hi := bounds(s)
		if lo > hi {
			return nil
		}
		if lo < hi {
			slack++
		}
		sumLo += lo
		sumHi += hi
	}
	if nn < sumLo || nn > sumHi {
		return nil
	}
	counts := make([]int, len(units))
	rest := nn - sumLo
	for i, s := range units {
		lo, hi := bounds(s)
		add := min(rest, hi-lo)
		counts[i] = int(lo + add)
		rest -= add
	}
	// The split is the only one when the total pins every class to an end
	// of its range, or at most one class has any room.
	unique := nn == sumLo || nn == sumHi || slack <= 1
	return &ShareFit{Total: n, Counts: counts, Unique: unique}
}

// partialFit is shareFit for shares with printed counts or printed for some
// classes only: a printed count pins its class's range to that count, and
// with p.Partial the classes not printed take the rest, any number from 0
// to n. The split gives each printed class as few as its share allows and
// the rest to the classes not printed (or, without Partial, the first
// classes as many as they allow, as shareFit does).
func partialFit(units []int64, p PublishedShares, n int) *ShareFit {
	unit, _ := exact.Pow10(p.Places) // 0 ≤ places ≤ MaxPlaces, held by validate
	m := 200 * unit
	nn := int64(n)
	var sumLo, sumHi int64
	los, his := make([]int64, len(units)), make([]int64, len(units))
	slack := 0
	for i, s := range units {
		lo, hi := max(ceilDiv(nn*(2*s-1), m), 0), min(ceilDiv(nn*(2*s+1), m)-1, nn)
		if i < len(p.Counts) && p.Counts[i] != nil {
			c := int64(*p.Counts[i])
			if c < lo || c > hi {
				return nil
			}
			lo, hi = c, c
		}
		if lo > hi {
			return nil
		}
		if lo < hi {
			slack++
		}
		los[i], his[i] = lo, hi
		sumLo += lo
		sumHi += hi
	}
	if nn < sumLo || !p.Partial && nn > sumHi {
		return nil
	}
	counts := make([]int, len(units))
	fit := &ShareFit{Total: n, Counts: counts}
	if p.Partial {
		for i := range los {
			counts[i] = int(los[i])
		}
		fit.Rest = int(nn - sumLo)
		fit.Unique = slack == 0
		return fit
	}
	rest := nn - sumLo
	for i := range los {
		add := min(rest, his[i]-los[i])
		counts[i] = int(los[i] + add)
		rest -= add
	}
	fit.Unique = nn == sumLo || nn == sumHi || slack <= 1
	return fit
}

// ceilDiv returns ⌈a ÷ b⌉ for b > 0.
func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a > 0 {
		q++
	}
	return q
}

func (p PublishedShares) label(i int) string {
	if i < len(p.Labels) {
		return p.Labels[i]
	}
	return ""
}

// labelIn names class i for a message: its label (in English, a national
// grade's English name), or its position.
func (p PublishedShares) labelIn(i int, l Lang) string {
	label := p.label(i)
	if label == "" {
		if l == LangEN {
			return "class " + strconv.Itoa(i+1)
		}
		return "第" + strconv.Itoa(i+1) + "类"
	}
	if l == LangEN {
		if g, err := ParseGrade(label); err == nil && g != GradeNone {
			return g.Name(LangEN)
		}
	}
	return label
}

// sharesText lists the shares: "优12.12%、良53.03%" or "excellent 12.12%, good 53.03%".
func (p PublishedShares) sharesText(l Lang) string {
	var b strings.Builder
	for i, s := range p.Shares {
		if i > 0 {
			b.WriteString(sepIn(l))
		}
		b.WriteString(p.labelIn(i, l))
		if l == LangEN {
			b.WriteByte(' ')
		}
		b.WriteString(FormatPercent(s, p.Places))
	}
	return b.String()
}

// fitText describes a split: "66（优8、良35、中20、差3）" or
// "66 (excellent 8, good 35, fair 20, poor 3)".
func (p PublishedShares) fitText(f *ShareFit, l Lang) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(f.Total))
	if l == LangEN {
		b.WriteString(" (")
	} else {
		b.WriteString("（")
	}
	for i, c := range f.Counts {
		if i > 0 {
			b.WriteString(sepIn(l))
		}
		b.WriteString(p.labelIn(i, l))
		if l == LangEN {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(c))
	}
	if l == LangEN {
		b.WriteString(")")
	} else {
		b.WriteString("）")
	}
	if mv := f.Moved; mv != nil {
		computed := FormatPercent(mv.Computed, p.Places)
		stated := FormatPercent(mv.Stated, p.Places)
		if l == LangEN {
			fmt.Fprintf(&b, ", with %s computed as %s but printed as %s to make the shares sum to 100%%", p.labelIn(mv.Index, l), computed, stated)
		} else {
			fmt.Fprintf(&b, "，其中%s按计数应为%s，公布为%s，系为使合计为100%%而调整", p.labelIn(mv.Index, l), computed, stated)
		}
	}
	return b.String()
}

func sepIn(l Lang) string {
	if l == LangEN {
		return ", "
	}
	return "、"
}

func (f *ShareFinding) text() Text {
	p := f.Published
	zhShares, enShares := p.sharesText(LangZH), p.sharesText(LangEN)
	n := strconv.Itoa(p.Total)
	places := strconv.Itoa(int(p.Places))
	bound := strconv.Itoa(f.MaxTotal)
	var t Text
	switch f.Code {
	case CodeSharesConsistent, CodeSharesMoved:
		t.ZH = "总数" + n + "与所列占比（" + zhShares + "）一致：" + p.fitText(f.Fit, LangZH) + "。"
		t.EN = "The total " + n + " is consistent with the stated shares (" + enShares + "): " + p.fitText(f.Fit, LangEN) + "."
		if !f.Fit.Unique {
			t.ZH += "满足条件的分布不唯一。"
			t.EN += " Other splits also fit."
		}
	case CodeSharesInconsistent:
		t.ZH = "总数" + n + "无法得出所列占比（" + zhShares + "）：不存在按四舍五入保留" + places + "位小数后与之一致的整数分布。"
		t.EN = "No whole-number split of " + n + " gives the stated shares (" + enShares + ") when rounded half up to " + places + " decimals."
		if f.Smallest != nil {
			t.ZH += "能得出这些占比的最小总数为" + p.fitText(f.Smallest, LangZH) + "。总数或占比有误。"
			t.EN += " The smallest total that does is " + p.fitText(f.Smallest, LangEN) + ". Either the total or the shares were misprinted."
		} else {
			t.ZH += bound + "以内也没有任何总数能得出这些占比，占比本身有误。"
			t.EN += " No total up to " + bound + " gives them either: the shares themselves are wrong."
		}
	case CodeSharesFound:
		t.ZH = "所列占比（" + zhShares + "）未给出总数；能得出这些占比的最小总数为" + p.fitText(f.Smallest, LangZH) + "。"
		t.EN = "No total is stated for the shares (" + enShares + "); the smallest total that gives them is " + p.fitText(f.Smallest, LangEN) + "."
	default:
		t.ZH = bound + "以内没有任何总数能得出所列占比（" + zhShares + "），占比有误。"
		t.EN = "No total up to " + bound + " gives the stated shares (" + enShares + "): the shares are wrong."
	}
	return t
}
