package report

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
)

// periodName is Q1…Q4 for a quarter-end check, the date otherwise.
func (p *page) periodName(r *monitoring.Report) string {
	if r.Quarter > 0 {
		return p.t("第"+strconv.Itoa(r.Quarter)+"季度", "Q"+strconv.Itoa(r.Quarter))
	}
	return r.AsOf.Format("2006-01-02")
}

// expected is a group's budget-weighted expected progress (序时进度), exactly
// Rate − Deviation.
func expected(g monitoring.Group) performance.Ratio {
	if !g.Rate.Valid() || !g.Deviation.Valid() {
		return performance.Ratio{}
	}
	return performance.Ratio{
		Num: g.Rate.Num.Mul(g.Deviation.Den).Sub(g.Deviation.Num.Mul(g.Rate.Den)),
		Den: g.Rate.Den.Mul(g.Deviation.Den),
	}
}

// points prints a deviation in percentage points.
func points(r performance.Ratio) string {
	if !r.Valid() {
		return "-"
	}
	return r.Percent(RatePlaces).StringFixed(RatePlaces)
}

func (p *page) monitoring(m *Monitoring) {
	if m == nil || len(m.Checks) == 0 {
		return
	}
	checks := slices.Clone(m.Checks)
	slices.SortStableFunc(checks, func(a, b *monitoring.Report) int { return a.AsOf.Compare(b.AsOf) })
	p.section("monitoring", p.t("绩效运行监控", "In-year monitoring"))
	p.para("", p.t("按季度对预算执行进度和绩效目标实现程度开展“双监控”：执行率与序时进度比较，偏离较大的项目亮黄灯、红灯并采取处理措施。",
		"Execution and goals are monitored each quarter: the execution rate is compared with the schedule (序时进度); projects behind get yellow or red alerts and actions."))

	t := &table{id: "monitoring-quarters", caption: p.t("各季度执行进度", "Execution against schedule by quarter"),
		cols: []col{{p.t("季度", "quarter"), false}, {p.t("序时进度", "schedule"), true}, {p.t("执行率", "executed"), true},
			{p.t("偏离（百分点）", "deviation (points)"), true}, {p.t("滞后项目", "behind"), true}, {p.t("黄灯", "yellow"), true},
			{p.t("红灯", "red"), true}, {p.t("处理措施", "actions"), true}}}
	exec := lineSeries{name: p.t("执行率", "executed")}
	sched := lineSeries{name: p.t("序时进度", "schedule")}
	chart := &lineChart{id: "monitoring-chart", title: p.t("各季度预算执行率与序时进度", "Execution rate against schedule by quarter")}
	var desc []string
	for _, c := range checks {
		levels := map[monitoring.Level]int{}
		for _, s := range c.Projects {
			levels[s.Level]++
		}
		name := p.periodName(c)
		e := expected(c.Total)
		t.rows = append(t.rows, []string{name, ratio(e), ratio(c.Total.Rate), points(c.Total.Deviation), strconv.Itoa(c.Total.Behind),
			strconv.Itoa(levels[monitoring.Yellow]), strconv.Itoa(levels[monitoring.Red]), strconv.Itoa(len(c.Actions))})
		chart.periods = append(chart.periods, name)
		exec.values = append(exec.values, ratioFloat(c.Total.Rate))
		exec.texts = append(exec.texts, ratio(c.Total.Rate))
		if e.Valid() {
			sched.values = append(sched.values, ratioFloat(e))
		} else {
			sched.values = append(sched.values, math.NaN())
		}
		sched.texts = append(sched.texts, ratio(e))
		desc = append(desc, name+p.t("：执行率 ", ": executed ")+ratio(c.Total.Rate)+p.t("，序时进度 ", ", schedule ")+ratio(e))
	}
	chart.series = []lineSeries{exec, sched}
	chart.desc = strings.Join(desc, p.t("；", "; "))
	p.figure(chart, t)

	last := checks[len(checks)-1]
	p.alertsByDepartment(last, m.Org)
	p.laggards(last, m.Laggards)
	if ye := m.YearEnd; ye != nil {
		yt := &table{id: "monitoring-yearend", caption: p.t("年终结余结转与收回", "Year end: balances and recoveries"),
			cols: []col{{p.t("未执行", "unspent"), true}, {p.t("结转", "carried over"), true}, {p.t("结余", "surplus"), true}, {p.t("拟收回", "to be recovered"), true}}}
		yt.cols = append([]col{{p.t("项目", "item"), false}}, yt.cols...)
		yt.rows = [][]string{{p.t("金额（万元）", "amount (万元)"), wan(ye.Unspent), wan(ye.CarryOver), wan(ye.Surplus), wan(ye.Recover)}}
		p.table(yt)
	}
	p.endSection()
}

// alertsByDepartment counts the last check's projects by alert level in
// each department (through org), beside the department's pooled figures.
func (p *page) alertsByDepartment(r *monitoring.Report, org *performance.Org) {
	if len(r.Departments) == 0 {
		return
	}
	type key struct {
		dept  string
		level monitoring.Level
	}
	counts := map[key]int{}
	if org != nil {
		for _, s := range r.Projects {
			if d, ok := org.Ancestor(s.UnitID, performance.NodeDepartment); ok {
				counts[key{d.ID, s.Level}]++
			}
		}
	}
	deps := slices.Clone(r.Departments)
	slices.SortStableFunc(deps, func(a, b monitoring.Group) int {
		return cmp.Or(strings.Compare(a.ID, b.ID), strings.Compare(a.Name, b.Name))
	})
	t := &table{id: "monitoring-departments", caption: p.t("各部门预警等级（", "Alert levels by department (") + p.periodName(r) + p.t("）", ")"),
		cols: []col{{p.t("部门", "department"), false}, {p.t("地区", "region"), false}, {p.t("项目数", "projects"), true},
			{p.t("绿灯", "green"), true}, {p.t("黄灯", "yellow"), true}, {p.t("红灯", "red"), true},
			{p.t("执行率", "executed"), true}, {p.t("部门预警", "department level"), false}}}
	n := func(id string, l monitoring.Level) string {
		if org == nil {
			return "-"
		}
		return strconv.Itoa(counts[key{id, l}])
	}
	for _, d := range deps {
		t.rows = append(t.rows, []string{d.Name, d.Region, strconv.Itoa(d.Projects), n(d.ID, monitoring.Green), n(d.ID, monitoring.Yellow),
			n(d.ID, monitoring.Red), ratio(d.Rate), d.Level.Name(p.l)})
	}
	p.table(t)
}

// laggards lists the largest shortfalls at the check: the report's lagging
// projects ordered again by shortfall, largest first, ties by project ID
// (the library's order, restored whatever the order of the slices given).
func (p *page) laggards(r *monitoring.Report, n int) {
	if n <= 0 {
		n = DefaultLaggards
	}
	n = min(n, MaxLaggards, len(r.LaggingByMoney))
	if n == 0 {
		return
	}
	byID := make(map[string]monitoring.Status, len(r.Projects))
	for _, s := range r.Projects {
		byID[s.ProjectID] = s
	}
	ids := slices.Clone(r.LaggingByMoney)
	slices.SortStableFunc(ids, func(a, b string) int {
		return cmp.Or(byID[b].Shortfall.Cmp(byID[a].Shortfall), strings.Compare(a, b))
	})
	t := &table{id: "monitoring-laggards", caption: p.t("滞后金额最大的项目（", "Largest shortfalls (") + p.periodName(r) + p.t("）", ")"),
		cols: []col{{p.t("项目编码", "project"), false}, {p.t("项目名称", "name"), false}, {p.t("执行率", "executed"), true},
			{p.t("偏离（百分点）", "deviation (points)"), true}, {p.t("滞后金额（万元）", "shortfall (万元)"), true}, {p.t("预警", "level"), false}}}
	for _, id := range ids[:n] {
		s, ok := byID[id]
		if !ok {
			// A lagging ID the report holds no status for: listed, not
			// dropped.
			t.rows = append(t.rows, []string{id, "-", "-", "-", "-", "-"})
			continue
		}
		t.rows = append(t.rows, []string{s.ProjectID, s.Name, ratio(s.Rate), points(s.Deviation), wan(s.Shortfall), s.Level.Name(p.l)})
	}
	p.table(t)
}
