package experts

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// A FrameworkItem is one item of a report-quality framework, with its
// weight (分值): the most points a reviewer may give it.
type FrameworkItem struct {
	ID     string          `json:"id"`
	Name   string          `json:"name"`
	Weight decimal.Decimal `json:"weight"`
}

// A Framework is how the bureau scores the quality of a third party's
// report (第三方评价报告质量评分), held as data: its items and weights, how
// reviewers' sheets are combined ("mean", or "trimmed_mean" dropping one
// highest and one lowest total when there are at least three), and the
// score below which a report is poor. The zero PoorBelow means 60
// (illustrative: the lower edge of 中 in the Ministry's unified bands, 差
// below 60, borrowed because 财监〔2021〕4号 sets no pass mark for reports).
type Framework struct {
	ID        string          `json:"id"`
	Items     []FrameworkItem `json:"items"`
	Method    string          `json:"method,omitempty"`
	PoorBelow decimal.Decimal `json:"poor_below"`
}

// DefaultFramework returns a 100-point report-quality framework:
// compliance of the process 20, evidence 20, analysis 25, conclusions 20,
// recommendations 15, poor below 60. The items follow what 财监〔2021〕4号
// puts under the bureau's supervision of third parties' work quality
// (执业质量); the weights and the poor mark are illustrative.
func DefaultFramework() Framework {
	w := decimal.NewFromInt
	return Framework{ID: "report-quality-illustrative", Method: "mean", PoorBelow: w(60), Items: []FrameworkItem{
		{"process", "评价过程合规性", w(20)},
		{"evidence", "证据充分性", w(20)},
		{"analysis", "分析深入性", w(25)},
		{"conclusions", "结论客观准确", w(20)},
		{"recommendations", "建议可操作性", w(15)},
	}}
}

// Validate checks the framework, every problem at once.
func (f *Framework) Validate() error {
	var ps performance.Problems
	if len(f.Items) == 0 {
		ps.Add("no_items", "items", "评分框架没有评分项", "the framework has no items")
	}
	seen := map[string]bool{}
	for i, it := range f.Items {
		p := "items[" + strconv.Itoa(i) + "]"
		if it.ID == "" || seen[it.ID] {
			ps.Add("item_id_invalid", p+".id", "评分项编号为空或重复: "+it.ID, "item id empty or repeated: "+it.ID)
		}
		seen[it.ID] = true
		if it.Weight.Sign() <= 0 {
			ps.Add("item_weight_invalid", p+".weight", "分值必须大于零", "weight must be positive")
		}
	}
	if f.Method != "" && f.Method != "mean" && f.Method != "trimmed_mean" {
		ps.Add("bad_method", "method", "合成方法应为 mean 或 trimmed_mean", "method must be mean or trimmed_mean")
	}
	if f.PoorBelow.Sign() < 0 {
		ps.Add("bad_poor_below", "poor_below", "差评线不能为负", "poor_below cannot be negative")
	}
	return ps.Err()
}

// An ItemScore is the points one reviewer gives one item.
type ItemScore struct {
	Item  string          `json:"item"`
	Score decimal.Decimal `json:"score"`
}

// A ReviewSheet is one reviewer's scores for one report.
type ReviewSheet struct {
	Reviewer string      `json:"reviewer"`
	Scores   []ItemScore `json:"scores"`
}

// A Report is one third-party report to be scored: which agency wrote it,
// for which project and kind of work, and the reviewers' sheets.
type Report struct {
	ID        string         `json:"id"`
	AgencyID  string         `json:"agency_id"`
	ProjectID string         `json:"project_id"`
	Kind      EngagementKind `json:"kind"`
	Date      string         `json:"date,omitempty"`
	Sheets    []ReviewSheet  `json:"sheets"`
}

// A ReviewerTotal is one reviewer's total; Dropped marks a total left out
// by the trimmed mean.
type ReviewerTotal struct {
	Reviewer string          `json:"reviewer"`
	Total    decimal.Decimal `json:"total"`
	Dropped  bool            `json:"dropped,omitempty"`
}

// An ItemResult is an item's mean score over the reviewers kept.
type ItemResult struct {
	Item   string          `json:"item"`
	Weight decimal.Decimal `json:"weight"`
	Score  decimal.Decimal `json:"score"`
}

// A ReportScore is the combined quality score of one report; Poor marks a
// total below the framework's mark, recorded against the agency.
type ReportScore struct {
	ReportID  string          `json:"report_id"`
	AgencyID  string          `json:"agency_id"`
	ProjectID string          `json:"project_id"`
	Framework string          `json:"framework"`
	Total     decimal.Decimal `json:"total"`
	Items     []ItemResult    `json:"items"`
	Reviewers []ReviewerTotal `json:"reviewers"`
	Method    string          `json:"method"`
	Poor      bool            `json:"poor"`
}

// Score combines the reviewers' sheets of a report like evaluators'
// sheets: each reviewer's total is the sum of their item scores; the
// total is the mean of the totals (or the trimmed mean, ties broken by
// input order), rounded half up to [ScorePlaces]; each item's score is the
// mean over the same reviewers, rounded alike (so items may not add up to
// the total in the last place). Every problem is reported at once as
// [performance.Problems]: no sheet, an unknown, repeated or missing item, a
// score outside 0–weight, a repeated reviewer.
func (f *Framework) Score(r *Report) (*ReportScore, error) {
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("experts: framework: %w", err)
	}
	var ps performance.Problems
	if len(r.Sheets) == 0 {
		ps.Add("no_sheets", "sheets", "没有评审评分表", "no reviewer's sheet")
	}
	index := map[string]int{}
	for i, it := range f.Items {
		index[it.ID] = i
	}
	grid := make([][]decimal.Decimal, len(r.Sheets))
	reviewers := map[string]bool{}
	for s, sh := range r.Sheets {
		p := "sheets[" + strconv.Itoa(s) + "]"
		if sh.Reviewer == "" || reviewers[sh.Reviewer] {
			ps.Add("reviewer_invalid", p+".reviewer", "评审人为空或重复: "+sh.Reviewer, "reviewer empty or repeated: "+sh.Reviewer)
		}
		reviewers[sh.Reviewer] = true
		grid[s] = make([]decimal.Decimal, len(f.Items))
		got := make([]bool, len(f.Items))
		for j, sc := range sh.Scores {
			q := p + ".scores[" + strconv.Itoa(j) + "]"
			i, ok := index[sc.Item]
			switch {
			case !ok:
				ps.Add("unknown_item", q+".item", "未知评分项: "+sc.Item, "unknown item "+sc.Item)
				continue
			case got[i]:
				ps.Add("item_scored_twice", q+".item", "评分项重复评分: "+sc.Item, "item scored twice: "+sc.Item)
				continue
			}
			got[i] = true
			if sc.Score.Sign() < 0 || sc.Score.GreaterThan(f.Items[i].Weight) {
				ps.Add("score_out_of_range", q+".score", fmt.Sprintf("得分 %s 超出 0–%s", sc.Score, f.Items[i].Weight),
					fmt.Sprintf("score %s is outside 0–%s", sc.Score, f.Items[i].Weight))
			}
			grid[s][i] = sc.Score
		}
		for i, ok := range got {
			if !ok {
				ps.Add("item_not_scored", p+".scores", "缺少评分项得分: "+f.Items[i].ID, "item not scored: "+f.Items[i].ID)
			}
		}
	}
	if err := ps.Err(); err != nil {
		return nil, fmt.Errorf("experts: report %s: %w", r.ID, err)
	}
	rs := &ReportScore{ReportID: r.ID, AgencyID: r.AgencyID, ProjectID: r.ProjectID, Framework: f.ID, Method: cmp.Or(f.Method, "mean")}
	for s, sh := range r.Sheets {
		t := decimal.Zero
		for _, v := range grid[s] {
			t = t.Add(v)
		}
		rs.Reviewers = append(rs.Reviewers, ReviewerTotal{Reviewer: sh.Reviewer, Total: t})
	}
	if rs.Method == "trimmed_mean" && len(rs.Reviewers) < 3 {
		rs.Method = "mean"
	}
	if rs.Method == "trimmed_mean" {
		lo, hi := 0, 0
		for i, t := range rs.Reviewers {
			if t.Total.LessThan(rs.Reviewers[lo].Total) {
				lo = i
			}
			if t.Total.GreaterThan(rs.Reviewers[hi].Total) {
				hi = i
			}
		}
		if lo == hi {
			lo, hi = 0, len(rs.Reviewers)-1
		}
		rs.Reviewers[lo].Dropped, rs.Reviewers[hi].Dropped = true, true
	}
	kept := 0
	total := decimal.Zero
	items := make([]decimal.Decimal, len(f.Items))
	for s, t := range rs.Reviewers {
		if t.Dropped {
			continue
		}
		kept++
		total = total.Add(t.Total)
		for i, v := range grid[s] {
			items[i] = items[i].Add(v)
		}
	}
	n := decimal.NewFromInt(int64(kept))
	rs.Total = total.DivRound(n, ScorePlaces)
	for i, it := range f.Items {
		rs.Items = append(rs.Items, ItemResult{Item: it.ID, Weight: it.Weight, Score: items[i].DivRound(n, ScorePlaces)})
	}
	poor := f.PoorBelow
	if poor.IsZero() {
		poor = decimal.NewFromInt(60)
	}
	rs.Poor = rs.Total.LessThan(poor)
	return rs, nil
}

// A StandingPolicy says which agencies the bureau's list excludes. Its
// zero value excludes an agency whose mean report score is below 60 or
// which has had 2 or more poor reports (both illustrative; 财监〔2021〕4号
// leaves the consequences of poor work to the bureau's supervision).
type StandingPolicy struct {
	ExcludeBelow     decimal.Decimal `json:"exclude_below"`
	ExcludeAfterPoor int             `json:"exclude_after_poor,omitempty"`
}

// A Standing is one agency on the bureau's list by report quality
// (第三方机构质量排名): its reports, their mean score (to [ScorePlaces]),
// its poor reports, and whether it is to be excluded, with the reason.
type Standing struct {
	Rank        int              `json:"rank"`
	AgencyID    string           `json:"agency_id"`
	Name        string           `json:"name"`
	Reports     int              `json:"reports"`
	Mean        decimal.Decimal  `json:"mean"`
	Poor        int              `json:"poor"`
	PoorReports []string         `json:"poor_reports,omitempty"`
	Exclude     bool             `json:"exclude"`
	Reason      performance.Text `json:"reason,omitzero"`
}

// Standings ranks the register's agencies by their reports' scores: scored
// agencies by mean, higher first, then by ID; agencies with no scored
// report last, by ID. Errors: a score of an agency not in the register
// ([performance.Problems], path "[i].agency_id").
func Standings(as []Agency, scores []ReportScore, pol StandingPolicy) ([]Standing, error) {
	if pol.ExcludeBelow.IsZero() {
		pol.ExcludeBelow = decimal.NewFromInt(60)
	}
	if pol.ExcludeAfterPoor == 0 {
		pol.ExcludeAfterPoor = 2
	}
	byAgency := map[string]*Standing{}
	out := make([]Standing, len(as))
	for i, a := range as {
		out[i] = Standing{AgencyID: a.ID, Name: a.Name}
	}
	for i := range out {
		byAgency[out[i].AgencyID] = &out[i]
	}
	var ps performance.Problems
	sums := map[string]decimal.Decimal{}
	for i, s := range scores {
		st := byAgency[s.AgencyID]
		if st == nil {
			ps.Add("unknown_agency", "["+strconv.Itoa(i)+"].agency_id", "名册中没有该机构: "+s.AgencyID, "no such agency in the register: "+s.AgencyID)
			continue
		}
		st.Reports++
		sums[s.AgencyID] = sums[s.AgencyID].Add(s.Total)
		if s.Poor {
			st.Poor++
			st.PoorReports = append(st.PoorReports, s.ReportID)
		}
	}
	if err := ps.Err(); err != nil {
		return nil, fmt.Errorf("experts: standings: %w", err)
	}
	for i := range out {
		st := &out[i]
		if st.Reports == 0 {
			continue
		}
		st.Mean = sums[st.AgencyID].DivRound(decimal.NewFromInt(int64(st.Reports)), ScorePlaces)
		switch {
		case st.Mean.LessThan(pol.ExcludeBelow):
			st.Exclude = true
			st.Reason = performance.Text{
				ZH: fmt.Sprintf("报告质量均分 %s 低于 %s", st.Mean.StringFixed(ScorePlaces), pol.ExcludeBelow),
				EN: fmt.Sprintf("mean report score %s below %s", st.Mean.StringFixed(ScorePlaces), pol.ExcludeBelow)}
		case st.Poor >= pol.ExcludeAfterPoor:
			st.Exclude = true
			st.Reason = performance.Text{
				ZH: fmt.Sprintf("质量差的报告 %d 份，达到 %d 份", st.Poor, pol.ExcludeAfterPoor),
				EN: fmt.Sprintf("%d poor reports, the limit is %d", st.Poor, pol.ExcludeAfterPoor)}
		}
	}
	slices.SortStableFunc(out, func(a, b Standing) int {
		if (a.Reports > 0) != (b.Reports > 0) {
			if a.Reports > 0 {
				return -1
			}
			return 1
		}
		return cmp.Or(b.Mean.Cmp(a.Mean), cmp.Compare(a.AgencyID, b.AgencyID))
	})
	for i := range out {
		out[i].Rank = i + 1
	}
	return out, nil
}
