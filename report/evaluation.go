package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/performance"
)

// gradeLabel is a distribution class's label in the page's language: the
// national grades by name (优 or excellent), other labels as given.
func (p *page) gradeLabel(label string) string {
	if g, err := performance.ParseGrade(label); err == nil {
		return g.Name(p.l)
	}
	return label
}

// sortedEvaluations are the evaluations with a result, by ID then title.
func sortedEvaluations(es []Evaluation) []Evaluation {
	var out []Evaluation
	for _, e := range es {
		if e.Result != nil && e.Result.Distribution != nil {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b Evaluation) int {
		return cmp.Or(strings.Compare(a.ID, b.ID), strings.Compare(a.Title, b.Title))
	})
	return out
}

// evalID is the evaluation's anchor: its ID, or its place.
func evalID(e Evaluation, i int) string {
	if e.ID != "" && strings.IndexFunc(e.ID, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) < 0 {
		return e.ID
	}
	return strconv.Itoa(i + 1)
}

func (p *page) evaluations(es []Evaluation) {
	es = sortedEvaluations(es)
	if len(es) == 0 {
		return
	}
	p.section("evaluation", p.t("重点评价与深度绩效评价", "Key and deep evaluations"))
	for i, e := range es {
		p.evaluation(e, "eval-"+evalID(e, i))
	}
	p.endSection()
}

func (p *page) evaluation(e Evaluation, id string) {
	d := e.Result.Distribution
	p.w(`<h3 id="`, id, `">`, esc(e.Title), "</h3>\n")
	p.para("", p.t("评价项目 ", "")+strconv.Itoa(d.Total())+p.t(" 个，评价金额 ", " projects evaluated, ")+wan(d.TotalAmount())+p.t(" 万元。", " 万元."))
	shares, _ := d.Shares(RatePlaces)
	amountShares, _ := d.AmountShares(RatePlaces)
	at := func(xs []decimal.Decimal, i int) string {
		if i < len(xs) {
			return pct(xs[i])
		}
		return "-"
	}
	t := &table{id: id + "-grades", caption: p.t("等级分布", "Grade distribution"),
		cols: []col{{p.t("等级", "grade"), false}, {p.t("项目数", "projects"), true}, {p.t("个数占比", "share"), true},
			{p.t("金额（万元）", "amount (万元)"), true}, {p.t("金额占比", "amount share"), true}}}
	chart := &barChart{id: id + "-chart", title: e.Title + p.t("：等级分布（个数占比与金额占比）", ": grades by share of projects and of amount"),
		series: []string{p.t("个数占比", "share of projects"), p.t("金额占比", "share of amount")}}
	var desc []string
	for i, tl := range d.Tallies {
		label := p.gradeLabel(tl.Label)
		sh, ash := at(shares, i), at(amountShares, i)
		t.rows = append(t.rows, []string{label, strconv.Itoa(tl.Count), sh, wan(tl.Amount), ash})
		v := func(xs []decimal.Decimal) float64 {
			if i < len(xs) {
				return xs[i].InexactFloat64()
			}
			return 0
		}
		chart.rows = append(chart.rows, barRow{label: label, values: []float64{v(shares), v(amountShares)},
			texts: []string{strconv.Itoa(tl.Count) + p.t("个 ", " · ") + sh, wan(tl.Amount) + p.t("万元 ", " 万元 · ") + ash}})
		desc = append(desc, label+p.t("：", ": ")+strconv.Itoa(tl.Count)+p.t("个，占", " projects, ")+sh+p.t("；金额 ", "; amount ")+wan(tl.Amount)+p.t("万元，占", " 万元, ")+ash)
	}
	t.foot = []string{p.t("合计", "total"), strconv.Itoa(d.Total()), "", wan(d.TotalAmount()), ""}
	chart.desc = strings.Join(desc, p.t("；", "; "))
	p.figure(chart, t)
	if c := e.Result.Check; c != nil {
		p.publishedCheck(c, id)
	}
}

// verdict prints whether a published figure is consistent with the data.
func (p *page) verdict(ok bool) string {
	if ok {
		return p.t("一致", "consistent")
	}
	return p.t("不一致", "INCONSISTENT")
}

func joinShares(ss []decimal.Decimal, places int32) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = performance.FormatPercent(s, places)
	}
	return strings.Join(parts, " / ")
}

// publishedCheck sets the published figures beside the data's, with the
// finding when the published shares cannot be right.
func (p *page) publishedCheck(c *evaluation.PublishedCheck, id string) {
	t := &table{id: id + "-check", caption: p.t("与公布数据核对", "Against the published figures"),
		cols: []col{{p.t("项目", "figure"), false}, {p.t("公布数", "stated"), true}, {p.t("数据复算", "from the data"), true}, {p.t("结果", "result"), false}}}
	stated := "-"
	if c.Stated.Total > 0 {
		stated = strconv.Itoa(c.Stated.Total)
	}
	t.rows = append(t.rows, []string{p.t("项目数", "projects"), stated, strconv.Itoa(c.Computed.Total), p.verdict(c.TotalMatches)})
	if !c.StatedAmount.IsZero() {
		t.rows = append(t.rows, []string{p.t("金额（万元）", "amount (万元)"), wan(c.StatedAmount), wan(c.Amount), p.verdict(c.AmountMatches)})
	}
	if len(c.Stated.Shares) > 0 {
		t.rows = append(t.rows, []string{p.t("等级占比（优/良/中/差）", "shares (优/良/中/差)"), joinShares(c.Stated.Shares, c.Stated.Places),
			joinShares(c.Computed.Shares, c.Stated.Places), p.verdict(c.SharesMatch)})
	}
	p.table(t)
	if len(c.Stated.Shares) > 0 {
		cls := "note"
		if !c.Finding.Consistent {
			cls = "finding"
		}
		p.w(`<p class="`, cls, `" id="`, id, `-finding">`, esc(c.Finding.Text.In(p.l)), "</p>\n")
	}
}

func (p *page) self(s *Self) {
	if s == nil || len(s.Reviews) == 0 {
		return
	}
	rs := sortedReviews(s.Reviews)
	p.section("self", p.t("单位自评复核", "Review of units' self-evaluations"))
	if s.Title != "" {
		p.para("", s.Title)
	}
	t := &table{id: "self-review", caption: p.t("自评表复核结果", "Forms reviewed"),
		cols: []col{{p.t("项目编码", "project"), false}, {p.t("单位", "unit"), false}, {p.t("执行率", "execution rate"), true},
			{p.t("自评总分", "stated total"), true}, {p.t("复算总分", "computed total"), true}, {p.t("自评等级", "stated grade"), false},
			{p.t("复算等级", "computed grade"), false}, {p.t("差异（处）", "deviations"), true}}}
	deviations := 0
	var notes []string
	for _, r := range rs {
		f, rec := r.Form, r.Reconciliation
		if rec == nil {
			t.rows = append(t.rows, []string{f.ProjectID, f.UnitID, "-", nullFixed(f.Stated.Total), "-", f.Stated.Grade.Name(p.l), "-", "-"})
			notes = append(notes, f.ProjectID+p.t("：自评表无法计分", ": the form could not be scored"))
			continue
		}
		deviations += len(rec.Deviations)
		t.rows = append(t.rows, []string{f.ProjectID, f.UnitID, ratio(rec.Rate), nullFixed(f.Stated.Total), rec.Total.StringFixed(2),
			f.Stated.Grade.Name(p.l), rec.Grade.Name(p.l), strconv.Itoa(len(rec.Deviations))})
		for _, d := range rec.Deviations {
			notes = append(notes, f.ProjectID+p.t("：", ": ")+d.Message().In(p.l))
		}
	}
	p.table(t)
	if len(notes) > 0 {
		p.w(`<ul class="deviations">`)
		for _, n := range notes {
			p.w("<li>", esc(n), "</li>")
		}
		p.w("</ul>\n")
	}
	p.para("note", p.t("自评表 ", "")+strconv.Itoa(len(rs))+p.t(" 张，自评数与复算数不一致 ", " forms; ")+strconv.Itoa(deviations)+
		p.t(" 处；自评数原样保留，复算数另列。", " stated figures differ from the computed ones; stated figures are kept as stated, computed ones beside them."))
	p.endSection()
}

// sortedReviews are the reviews by project, then unit.
func sortedReviews(rs []SelfReview) []SelfReview {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b SelfReview) int {
		return cmp.Or(strings.Compare(a.Form.ProjectID, b.Form.ProjectID), strings.Compare(a.Form.UnitID, b.Form.UnitID))
	})
	return out
}
