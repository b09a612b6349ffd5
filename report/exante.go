package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/performance"
)

// roundName is 一上, 二上, … or round N; round 0 is all rounds pooled.
func (p *page) roundName(n int) string {
	if n == 0 {
		return p.t("合计", "all rounds")
	}
	zh := []string{"", "一上", "二上", "三上"}
	if n < len(zh) {
		return p.t(zh[n], "round "+strconv.Itoa(n))
	}
	return p.t("第"+strconv.Itoa(n)+"轮", "round "+strconv.Itoa(n))
}

// sortedRounds are the summaries by round, the pooled one (0) last.
func sortedRounds(rs []exante.RoundSummary) []exante.RoundSummary {
	out := slices.Clone(rs)
	key := func(r exante.RoundSummary) int {
		if r.Round == 0 {
			return int(^uint(0) >> 1)
		}
		return r.Round
	}
	slices.SortStableFunc(out, func(a, b exante.RoundSummary) int { return cmp.Compare(key(a), key(b)) })
	return out
}

// sortedFigures are groups by ID, then name.
func sortedFigures(fs []exante.RoundFigures) []exante.RoundFigures {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b exante.RoundFigures) int {
		return cmp.Or(strings.Compare(a.ID, b.ID), strings.Compare(a.Name, b.Name))
	})
	return out
}

func (p *page) figureCols(first string) []col {
	return []col{{first, false}, {p.t("项目数", "projects"), true}, {p.t("送审（万元）", "submitted (万元)"), true},
		{p.t("审减（万元）", "reduced (万元)"), true}, {p.t("审定（万元）", "approved (万元)"), true}, {p.t("审减率", "reduction rate"), true}}
}

func figureRow(name string, f exante.RoundFigures) []string {
	rate := "-"
	if r, err := f.Rate(); err == nil {
		rate = ratio(r)
	}
	return []string{name, strconv.Itoa(f.Projects), wan(f.Submitted), wan(f.Reduced), wan(f.Approved), rate}
}

func (p *page) exAnte(x *ExAnte) {
	if x == nil || len(x.Rounds) == 0 {
		return
	}
	rounds := sortedRounds(x.Rounds)
	p.section("exante", p.t("事前绩效评估", "Ex-ante assessment"))
	p.para("", p.t("预算编制环节对新增重点项目开展事前绩效评估，按轮次（一上、二上）审核送审金额，审减率为审减额除以送审额。",
		"New key projects are assessed before funding, round by round (一上, 二上); the reduction rate is the amount reduced divided by the amount submitted."))
	t := &table{id: "exante-rounds", caption: p.t("各轮次审核情况", "Rounds"), cols: p.figureCols(p.t("轮次", "round"))}
	chart := &barChart{id: "exante-rounds-chart", title: p.t("各轮次送审、审减与审定金额（万元）", "Submitted, reduced and approved by round (万元)"),
		series: []string{p.t("送审", "submitted"), p.t("审减", "reduced"), p.t("审定", "approved")}}
	var desc []string
	for _, r := range rounds {
		row := figureRow(p.roundName(r.Round), r.Total)
		t.rows = append(t.rows, row)
		if r.Round == 0 {
			continue
		}
		chart.rows = append(chart.rows, barRow{label: row[0],
			values: []float64{wanFloat(r.Total.Submitted), wanFloat(r.Total.Reduced), wanFloat(r.Total.Approved)},
			texts:  []string{row[2], row[3], row[4]}})
		desc = append(desc, row[0]+p.t("：送审 ", ": submitted ")+row[2]+p.t("，审减 ", ", reduced ")+row[3]+
			p.t("，审定 ", ", approved ")+row[4]+p.t("，审减率 ", ", rate ")+row[5])
	}
	chart.desc = strings.Join(desc, p.t("；", "; ")) + p.t("（万元）", " (万元)")
	p.figure(chart, t)
	p.verdicts(x.Assessments)
	for _, r := range rounds {
		if r.Round == 0 {
			continue
		}
		p.roundGroups(r, "regions", p.t("地区", "region"), r.Regions, nil)
		p.roundGroups(r, "departments", p.t("部门", "department"), r.Departments, x.Org)
	}
	p.endSection()
}

// roundGroups writes one round's figures by region or department, with a
// bar chart of the reduction rates.
// With org, a group's name carries its region: 教育局（城关区）.
func (p *page) roundGroups(r exante.RoundSummary, kind, kindName string, fs []exante.RoundFigures, org *performance.Org) {
	if len(fs) == 0 {
		return
	}
	id := "exante-r" + strconv.Itoa(r.Round) + "-" + kind
	heading := p.roundName(r.Round) + p.t("：按"+kindName, ": by "+kindName)
	p.w("<h3>", esc(heading), "</h3>\n")
	t := &table{id: id, cols: p.figureCols(kindName)}
	chart := &barChart{id: id + "-chart", title: heading + p.t("审减率", ", reduction rate"), series: []string{p.t("审减率", "reduction rate")}}
	var desc []string
	for _, f := range sortedFigures(fs) {
		if org != nil && f.ID != "" {
			if reg, ok := org.Ancestor(f.ID, performance.NodeRegion); ok {
				f.Name += p.t("（"+reg.Name+"）", " ("+reg.Name+")")
			}
		}
		row := figureRow(f.Name, f)
		t.rows = append(t.rows, row)
		v := 0.0
		if rt, err := f.Rate(); err == nil {
			v = ratioFloat(rt)
		}
		chart.rows = append(chart.rows, barRow{label: f.Name, values: []float64{v}, texts: []string{row[5]}})
		desc = append(desc, f.Name+" "+row[5])
	}
	t.foot = figureRow(p.t("合计", "total"), r.Total)
	chart.desc = strings.Join(desc, p.t("；", "; "))
	p.figure(chart, t)
}

// verdicts counts the assessments by verdict, and those stopped at a gate.
func (p *page) verdicts(as []*exante.Assessment) {
	if len(as) == 0 {
		return
	}
	counts := map[exante.Verdict]int{}
	gated := 0
	for _, a := range as {
		counts[a.Verdict]++
		if !a.Fundable {
			gated++
		}
	}
	t := &table{id: "exante-verdicts", caption: p.t("评估结论", "Verdicts"), cols: []col{{p.t("结论", "verdict"), false}, {p.t("项目数", "projects"), true}}}
	for _, v := range []exante.Verdict{exante.Support, exante.SupportAfterAdjustment, exante.Reject, exante.VerdictNone} {
		t.rows = append(t.rows, []string{v.Name(p.l), strconv.Itoa(counts[v])})
	}
	t.rows = append(t.rows, []string{p.t("未通过前置关口（不予安排）", "stopped at a gate (not fundable)"), strconv.Itoa(gated)})
	p.table(t)
}
