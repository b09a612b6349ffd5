package experts

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// ScorePlaces is the number of decimals means of scores and ratings are
// rounded to, half away from zero (四舍五入).
const ScorePlaces = 2

// deviationPlaces is the places a panel's deviation is rounded to (half
// away from zero) before deviations are averaged; their mean is rounded to
// 4 places.
const deviationPlaces = 8

// An ExpertScore is the total one expert gave one project.
type ExpertScore struct {
	ExpertID string          `json:"expert_id"`
	Total    decimal.Decimal `json:"total"`
}

// PanelScores are the totals a panel's experts gave one project.
type PanelScores struct {
	PanelID   string        `json:"panel_id"`
	ProjectID string        `json:"project_id"`
	Scores    []ExpertScore `json:"scores"`
}

// A DeviationPolicy says when an expert's scoring is systematically off
// the panels' (评分偏离). Its zero value flags a mean deviation beyond 10
// points over at least 3 panels — both illustrative (no national document
// sets them), on the scale of a 100-point sheet.
type DeviationPolicy struct {
	// Threshold is the largest mean deviation, in points, not flagged;
	// zero means 10.
	Threshold decimal.Decimal `json:"threshold"`
	// MinPanels is how many panels an expert must have scored on before a
	// deviation is flagged; zero means 3.
	MinPanels int `json:"min_panels,omitempty"`
}

func (p DeviationPolicy) orDefault() DeviationPolicy {
	if p.Threshold.IsZero() {
		p.Threshold = decimal.NewFromInt(10)
	}
	if p.MinPanels == 0 {
		p.MinPanels = 3
	}
	return p
}

// A Deviation is one expert's systematic deviation from the panels they
// sat on: Mean is the mean over those panels of (the expert's total − the
// mean of the other members' totals), to 4 places; positive scores high.
// Flagged marks a |Mean| beyond the policy's threshold over enough panels,
// Direction then "high" or "low".
type Deviation struct {
	ExpertID  string          `json:"expert_id"`
	Panels    int             `json:"panels"`
	Mean      decimal.Decimal `json:"mean"`
	Flagged   bool            `json:"flagged"`
	Direction string          `json:"direction,omitempty"`
}

// Deviations compares each expert's totals with the rest of their panels
// (the leave-one-out mean, so that one deviating expert does not move the
// figure they are compared with) and flags systematic deviation. Panels of
// fewer than two scores give no comparison. The result is in expert ID
// order. Errors: an empty expert ID or one scored twice on a panel, every
// one at once as [performance.Problems].
func Deviations(panels []PanelScores, pol DeviationPolicy) ([]Deviation, error) {
	pol = pol.orDefault()
	var ps performance.Problems
	if pol.Threshold.Sign() < 0 || pol.MinPanels < 0 {
		ps.Add("bad_policy", "policy", "偏离阈值和最少次数不能为负", "threshold and minimum panels cannot be negative")
	}
	sums := map[string]decimal.Decimal{}
	counts := map[string]int{}
	for i, p := range panels {
		seen := map[string]bool{}
		total := decimal.Zero
		for j, s := range p.Scores {
			if s.ExpertID == "" || seen[s.ExpertID] {
				ps.Add("expert_id_invalid", "["+strconv.Itoa(i)+"].scores["+strconv.Itoa(j)+"].expert_id",
					"专家编号为空或重复: "+s.ExpertID, "expert id empty or repeated: "+s.ExpertID)
			}
			seen[s.ExpertID] = true
			total = total.Add(s.Total)
		}
		n := len(p.Scores)
		if n < 2 {
			continue
		}
		others := decimal.NewFromInt(int64(n - 1))
		for _, s := range p.Scores {
			// x − (S − x)/(n−1) = (n·x − S)/(n−1)
			d := s.Total.Mul(decimal.NewFromInt(int64(n))).Sub(total).DivRound(others, deviationPlaces)
			sums[s.ExpertID] = sums[s.ExpertID].Add(d)
			counts[s.ExpertID]++
		}
	}
	if err := ps.Err(); err != nil {
		return nil, fmt.Errorf("experts: deviations: %w", err)
	}
	out := make([]Deviation, 0, len(counts))
	for id, n := range counts {
		m := sums[id].DivRound(decimal.NewFromInt(int64(n)), 4)
		d := Deviation{ExpertID: id, Panels: n, Mean: m}
		if n >= pol.MinPanels && m.Abs().GreaterThan(pol.Threshold) {
			d.Flagged, d.Direction = true, "high"
			if m.Sign() < 0 {
				d.Direction = "low"
			}
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Deviation) int { return cmp.Compare(a.ExpertID, b.ExpertID) })
	return out, nil
}

// A Rating is the bureau's rating of an expert's work on one panel
// (专家履职评价), 0–100.
type Rating struct {
	ExpertID string          `json:"expert_id"`
	PanelID  string          `json:"panel_id,omitempty"`
	Date     string          `json:"date"`
	Score    decimal.Decimal `json:"score"`
	By       string          `json:"by,omitempty"`
	Note     string          `json:"note,omitempty"`
}

// A RatingPolicy says when ratings suspend an expert. Its zero value
// suspends an active expert whose mean rating is below 60 (illustrative:
// the pass mark of the national 100-point grading, 差 below 60, used here
// as no document sets one for experts) over at least one rating.
type RatingPolicy struct {
	SuspendBelow decimal.Decimal `json:"suspend_below"`
	MinRatings   int             `json:"min_ratings,omitempty"`
}

// A Suspension is an expert suspended by [ApplyRatings].
type Suspension struct {
	ExpertID string           `json:"expert_id"`
	Ratings  int              `json:"ratings"`
	Mean     decimal.Decimal  `json:"mean"`
	Reason   performance.Text `json:"reason"`
}

// ApplyRatings returns a copy of the library in which every active expert
// whose mean rating (rounded half up to [ScorePlaces]) is below the
// policy's level is suspended as of asOf (YYYY-MM-DD) with the reason, and
// the suspensions in expert ID order; later draws then exclude them. The
// library is not changed. Errors: a rating of an unknown expert, a score
// outside 0–100, a bad date, every one at once as [performance.Problems].
func ApplyRatings(l *Library, ratings []Rating, pol RatingPolicy, asOf string) (*Library, []Suspension, error) {
	if pol.SuspendBelow.IsZero() {
		pol.SuspendBelow = decimal.NewFromInt(60)
	}
	pol.MinRatings = max(pol.MinRatings, 1)
	var ps performance.Problems
	if !validDate(asOf) {
		ps.Add("bad_date", "as_of", "日期应为 YYYY-MM-DD: "+asOf, "date is not YYYY-MM-DD: "+asOf)
	}
	known := map[string]bool{}
	for _, e := range l.Experts {
		known[e.ID] = true
	}
	sums := map[string]decimal.Decimal{}
	counts := map[string]int{}
	hundred := decimal.NewFromInt(100)
	for i, r := range ratings {
		p := "[" + strconv.Itoa(i) + "]"
		if !known[r.ExpertID] {
			ps.Add("unknown_expert", p+".expert_id", "专家库中没有该专家: "+r.ExpertID, "no such expert in the library: "+r.ExpertID)
		}
		if r.Score.Sign() < 0 || r.Score.GreaterThan(hundred) {
			ps.Add("score_out_of_range", p+".score", "评分应在 0–100", "score must be 0–100")
		}
		if !validDate(r.Date) {
			ps.Add("bad_date", p+".date", "日期应为 YYYY-MM-DD: "+r.Date, "date is not YYYY-MM-DD: "+r.Date)
		}
		sums[r.ExpertID] = sums[r.ExpertID].Add(r.Score)
		counts[r.ExpertID]++
	}
	if err := ps.Err(); err != nil {
		return nil, nil, fmt.Errorf("experts: ratings: %w", err)
	}
	out := &Library{Fields: l.Fields, Experts: slices.Clone(l.Experts)}
	var sus []Suspension
	for i := range out.Experts {
		e := &out.Experts[i]
		n := counts[e.ID]
		if e.Status != StatusActive || n < pol.MinRatings {
			continue
		}
		m := sums[e.ID].DivRound(decimal.NewFromInt(int64(n)), ScorePlaces)
		if !m.LessThan(pol.SuspendBelow) {
			continue
		}
		reason := performance.Text{
			ZH: fmt.Sprintf("履职评价均分 %s 低于 %s（%d 次）", m.StringFixed(ScorePlaces), pol.SuspendBelow, n),
			EN: fmt.Sprintf("mean rating %s below %s (%d ratings)", m.StringFixed(ScorePlaces), pol.SuspendBelow, n),
		}
		e.Status, e.StatusReason, e.StatusDate = StatusSuspended, reason.ZH, asOf
		sus = append(sus, Suspension{ExpertID: e.ID, Ratings: n, Mean: m, Reason: reason})
	}
	slices.SortFunc(sus, func(a, b Suspension) int { return cmp.Compare(a.ExpertID, b.ExpertID) })
	return out, sus, nil
}
