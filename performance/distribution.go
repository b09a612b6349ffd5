package performance

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// A Tally is one class of a grade distribution: how many projects got the
// grade and their total amount in yuan.
type Tally struct {
	// Label names the class: a national grade (优, 良, 中, 差) or a band label
	// of another scheme (优秀, Effective, …).
	Label string `json:"label"`
	// Count is the number of projects (项目个数) in the class.
	Count int `json:"count"`
	// Amount is their total amount (金额) in yuan.
	Amount decimal.Decimal `json:"amount"`
}

// A Distribution is a grade distribution (等级分布): counts and amounts per
// grade, in report order, as an evaluation report tabulates its results
// ("优 1 个、良 12 个、中 2 个、差 0 个"). Shares are computed from the counts
// and rounded only when asked for, half away from zero (四舍五入).
//
// Build one with [GradeDistribution] (the four national grades) or
// [NewDistribution] (the labels of any scheme), then [Distribution.Add]. The
// zero value has no classes and accepts nothing.
type Distribution struct {
	Tallies []Tally `json:"tallies"`
}

// GradeDistribution returns an empty distribution over the four national
// grades, labelled 优, 良, 中, 差 in that order.
func GradeDistribution() *Distribution {
	d := &Distribution{Tallies: make([]Tally, 0, 4)}
	for _, g := range Grades() {
		d.Tallies = append(d.Tallies, Tally{Label: g.String()})
	}
	return d
}

// NewDistribution returns an empty distribution over the given labels, in
// that order: for example the band labels of a scheme with a 低 grade. Labels
// must be non-empty and distinct; otherwise the error wraps
// [ErrInvalidShare].
func NewDistribution(labels ...string) (*Distribution, error) {
	if len(labels) == 0 {
		return nil, fmt.Errorf("%w: a distribution needs at least one label", ErrInvalidShare)
	}
	d := &Distribution{Tallies: make([]Tally, len(labels))}
	for i, l := range labels {
		if l == "" {
			return nil, fmt.Errorf("%w: label %d is empty", ErrInvalidShare, i)
		}
		for _, prev := range labels[:i] {
			if prev == l {
				return nil, fmt.Errorf("%w: label %q appears twice", ErrInvalidShare, l)
			}
		}
		d.Tallies[i].Label = l
	}
	return d, nil
}

// Add counts one project with the given label and amount in yuan. An
// unknown label gives an error wrapping [ErrUnknownGrade], and a project
// beyond [MaxCount] in all a [*LimitError]; either changes nothing.
func (d *Distribution) Add(label string, amount decimal.Decimal) error {
	return d.AddN(label, 1, amount)
}

// AddN counts n projects with the given label and total amount in yuan, in
// one step: a report's "良 35 个" is AddN("良", 35, amount), not 35 calls of
// [Distribution.Add]. A negative n, or a total beyond [MaxCount], gives a
// [*LimitError] (with an empty path, for the caller to name); an unknown label an error wrapping
// [ErrUnknownGrade]; either changes nothing.
func (d *Distribution) AddN(label string, n int, amount decimal.Decimal) error {
	for i := range d.Tallies {
		if d.Tallies[i].Label == label {
			if n < 0 {
				return &LimitError{Name: "count", Value: int64(n), Max: MaxCount}
			}
			if total := d.Total(); n > MaxCount-total {
				return &LimitError{Name: "count", Value: int64(total) + int64(n), Max: MaxCount}
			}
			d.Tallies[i].Count += n
			d.Tallies[i].Amount = d.Tallies[i].Amount.Add(amount)
			return nil
		}
	}
	return fmt.Errorf("%w %q in distribution", ErrUnknownGrade, label)
}

// AddGrade counts one project graded g, labelled with the grade's character.
// GradeNone is not counted: it gives an error wrapping [ErrUnknownGrade].
func (d *Distribution) AddGrade(g Grade, amount decimal.Decimal) error {
	if g == GradeNone || !g.Valid() {
		return fmt.Errorf("%w: cannot count %q in a distribution", ErrUnknownGrade, g.Name(LangZH))
	}
	return d.Add(g.String(), amount)
}

// Tally returns the class with the given label.
func (d *Distribution) Tally(label string) (Tally, bool) {
	for _, t := range d.Tallies {
		if t.Label == label {
			return t, true
		}
	}
	return Tally{}, false
}

// Total returns the number of projects counted.
func (d *Distribution) Total() int {
	n := 0
	for _, t := range d.Tallies {
		n += t.Count
	}
	return n
}

// TotalAmount returns the amount of all projects counted, in yuan, exactly.
func (d *Distribution) TotalAmount() decimal.Decimal {
	sum := decimal.Zero
	for _, t := range d.Tallies {
		sum = sum.Add(t.Amount)
	}
	return sum
}

// Shares returns each class's share of the count (数量占比) in percent, in
// class order, rounded half away from zero (四舍五入) to places decimals:
// 8 of 66 at two places is 12.12. Rounded shares need not sum to exactly 100.
// An empty distribution gives [ErrZeroDenominator]; places outside 0 to
// [MaxPlaces] a [*LimitError].
func (d *Distribution) Shares(places int32) ([]decimal.Decimal, error) {
	if err := ValidatePlaces("places", int64(places)); err != nil {
		return nil, err
	}
	total := decimal.NewFromInt(int64(d.Total()))
	if total.IsZero() {
		return nil, ErrZeroDenominator
	}
	out := make([]decimal.Decimal, len(d.Tallies))
	for i, t := range d.Tallies {
		out[i] = decimal.NewFromInt(int64(t.Count)).Mul(hundred).DivRound(total, places)
	}
	return out, nil
}

// AmountShares returns each class's share of the amount (金额占比) in
// percent, in class order, rounded half away from zero to places decimals.
// A zero total amount gives [ErrZeroDenominator]; places outside 0 to
// [MaxPlaces] a [*LimitError].
func (d *Distribution) AmountShares(places int32) ([]decimal.Decimal, error) {
	if err := ValidatePlaces("places", int64(places)); err != nil {
		return nil, err
	}
	total := d.TotalAmount()
	if total.IsZero() {
		return nil, ErrZeroDenominator
	}
	out := make([]decimal.Decimal, len(d.Tallies))
	for i, t := range d.Tallies {
		out[i] = t.Amount.Mul(hundred).DivRound(total, places)
	}
	return out, nil
}

// Published returns the distribution as a report would print it: the total
// count and the count shares rounded half away from zero to places decimals.
// Checking the result with [ShareCheck.Check] always finds it consistent.
func (d *Distribution) Published(places int32) (PublishedShares, error) {
	shares, err := d.Shares(places)
	if err != nil {
		return PublishedShares{}, err
	}
	labels := make([]string, len(d.Tallies))
	for i, t := range d.Tallies {
		labels[i] = t.Label
	}
	return PublishedShares{Total: d.Total(), Labels: labels, Shares: shares, Places: places}, nil
}

// ErrInvalidShare reports published shares that cannot be checked: none at
// all, a negative share, one above 100, one with more decimals than stated,
// or labels that do not match the shares.
var ErrInvalidShare = errors.New("performance: invalid shares")

// PublishedShares is a grade distribution as a report prints it (公开的等级
// 分布): the share of each class in percent, stated to Places decimals, and
// the total count if the report gives one. The seed's ex-post evaluation
// prints 56 projects with 优 12.12%, 良 53.03%, 中 30.30%, 差 4.55%.
type PublishedShares struct {
	// Total is the stated number of projects; zero means not stated.
	Total int `json:"total,omitempty"`
	// Labels name the classes, in the order of Shares. They may be left
	// empty, and the classes are then numbered in messages.
	Labels []string `json:"labels,omitempty"`
	// Shares are the stated percentages: 12.12 for 12.12%.
	Shares []decimal.Decimal `json:"shares"`
	// Places is the number of decimals the shares are rounded to (2 for
	// 12.12%); from 0 to 6.
	Places int32 `json:"places"`
	// Partial means the shares are printed for some classes only (a
	// report giving 优 12.12% and 良 53.03% and nothing else): the other
	// classes hold the rest of the total, whatever their number, and
	// their shares are not checked. The tolerance of [ShareCheck] does not
	// apply to partial shares, which need not sum to 100.
	Partial bool `json:"partial,omitempty"`
	// Counts are the counts printed beside the shares, in the order of
	// Shares; nil (or a nil entry) where no count was printed. A printed
	// count pins its class: a split must give that class exactly that
	// many, each from 0 to [MaxCount].
	Counts []*int `json:"counts,omitempty"`
}

// MarshalJSON writes the shares as strings with Places decimals, as printed
// ("30.30", not "30.3"), unless a share has more decimals than that; the
// other fields are written as tagged.
func (p PublishedShares) MarshalJSON() ([]byte, error) {
	shares := make([]string, len(p.Shares))
	for i, s := range p.Shares {
		if p.Places >= 0 && p.Places <= MaxPlaces && s.Shift(p.Places).IsInteger() {
			shares[i] = s.StringFixed(p.Places) // pads, never rounds
		} else {
			shares[i] = s.String()
		}
	}
	// The same fields and tags as PublishedShares, with shares as text.
	return json.Marshal(struct {
		Total  int      `json:"total,omitempty"`
		Labels []string `json:"labels,omitempty"`
		Shares []string `json:"shares"`
		Places int32    `json:"places"`
	}{p.Total, p.Labels, shares, p.Places})
}
