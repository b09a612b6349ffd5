package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
)

// actionOrder is the order the report lists actions in: from the best
// grade's consequence to none.
var actionOrder = [...]evaluation.BudgetAction{evaluation.ActionPrioritize, evaluation.ActionAsNeeded, evaluation.ActionCut,
	evaluation.ActionSuspend, evaluation.ActionCancel, evaluation.ActionNone}

func sortedAdjustments(as []evaluation.Adjustment) []evaluation.Adjustment {
	out := slices.Clone(as)
	slices.SortStableFunc(out, func(a, b evaluation.Adjustment) int {
		return cmp.Or(strings.Compare(a.Node.ID, b.Node.ID), strings.Compare(a.Node.Name, b.Node.Name))
	})
	return out
}

func (p *page) adjustmentCols(first string) []col {
	return []col{{first, false}, {p.t("申报（万元）", "requested (万元)"), true}, {p.t("项目安排（万元）", "after actions (万元)"), true},
		{p.t("结转增长压减（万元）", "carry-over cut (万元)"), true}, {p.t("下年度（万元）", "next year (万元)"), true},
		{p.t("增减（万元）", "change (万元)"), true}, {p.t("收回（万元）", "recovered (万元)"), true}}
}

func adjustmentRow(name string, a evaluation.Adjustment) []string {
	return []string{name, wan(a.Requested), wan(a.Amount), wan(a.CarryOverCut), wan(a.Total), wan(a.Change), wan(a.Recovered)}
}

func (p *page) application(a *Application) {
	if a == nil || a.NextYear == nil {
		return
	}
	ny := a.NextYear
	p.section("application", p.t("评价结果应用", "Use of results in next year's budget"))
	if a.Basis != "" {
		p.para("", a.Basis)
	}
	counts := map[evaluation.BudgetAction]int{}
	var requested, amount, recovered decimal.Decimal
	for _, c := range ny.Projects {
		counts[c.Action]++
		requested = requested.Add(c.Requested)
		amount = amount.Add(c.Amount)
		recovered = recovered.Add(c.Recovered)
	}
	t := &table{id: "apply-actions", caption: p.t("项目处理措施", "Actions on projects"),
		cols: []col{{p.t("措施", "action"), false}, {p.t("项目数", "projects"), true}}}
	for _, act := range actionOrder {
		if counts[act] > 0 {
			t.rows = append(t.rows, []string{act.Name(p.l), strconv.Itoa(counts[act])})
		}
	}
	t.foot = []string{p.t("合计", "total"), strconv.Itoa(len(ny.Projects))}
	p.table(t)
	p.para("", p.t("申报 ", "Requested ")+wan(requested)+p.t(" 万元，安排 ", " 万元, funded ")+wan(amount)+p.t(" 万元，调整 ", " 万元, change ")+
		wan(amount.Sub(requested))+p.t(" 万元，收回 ", " 万元, recovered ")+wan(recovered)+p.t(" 万元；限制同类新增项目 ", " 万元; similar new projects blocked: ")+
		strconv.Itoa(len(ny.Blocks))+p.t(" 个。", "."))

	if len(ny.Regions) > 0 {
		regions := sortedAdjustments(ny.Regions)
		rt := &table{id: "apply-regions", caption: p.t("下年度预算调整（按地区）", "Next year's budget by region"), cols: p.adjustmentCols(p.t("地区", "region"))}
		chart := &barChart{id: "apply-regions-chart", title: p.t("各地区申报数与下年度安排数（万元）", "Requested and next year's budget by region (万元)"),
			series: []string{p.t("申报", "requested"), p.t("下年度", "next year")}}
		var desc []string
		for _, r := range regions {
			row := adjustmentRow(r.Node.Name, r)
			rt.rows = append(rt.rows, row)
			chart.rows = append(chart.rows, barRow{label: r.Node.Name, values: []float64{wanFloat(r.Requested), wanFloat(r.Total)}, texts: []string{row[1], row[4]}})
			desc = append(desc, r.Node.Name+p.t("：申报 ", ": requested ")+row[1]+p.t("，下年度 ", ", next year ")+row[4]+p.t("，增减 ", ", change ")+row[5])
		}
		rt.foot = adjustmentRow(p.t("合计", "total"), ny.Total)
		chart.desc = strings.Join(desc, p.t("；", "; ")) + p.t("（万元）", " (万元)")
		p.figure(chart, rt)
	}
	if len(ny.Departments) > 0 {
		regionName := map[string]string{}
		for _, r := range ny.Regions {
			regionName[r.Node.ID] = r.Node.Name
		}
		dt := &table{id: "apply-departments", caption: p.t("下年度预算调整（按部门）", "Next year's budget by department"), cols: p.adjustmentCols(p.t("部门", "department"))}
		dt.cols = slices.Insert(dt.cols, 1, col{p.t("地区", "region"), false})
		for _, d := range sortedAdjustments(ny.Departments) {
			row := adjustmentRow(d.Node.Name, d)
			dt.rows = append(dt.rows, slices.Insert(row, 1, regionName[d.Node.Parent]))
		}
		dt.foot = slices.Insert(adjustmentRow(p.t("合计", "total"), ny.Total), 1, "")
		p.table(dt)
	}
	var rec []evaluation.Consequence
	for _, c := range ny.Projects {
		if c.Recovered.Sign() != 0 {
			rec = append(rec, c)
		}
	}
	if len(rec) > 0 {
		slices.SortStableFunc(rec, func(a, b evaluation.Consequence) int { return strings.Compare(a.ProjectID, b.ProjectID) })
		ct := &table{id: "apply-recoveries", caption: p.t("收回资金的项目", "Projects with money recovered"),
			cols: []col{{p.t("项目编码", "project"), false}, {p.t("措施", "action"), false}, {p.t("申报（万元）", "requested (万元)"), true},
				{p.t("安排（万元）", "funded (万元)"), true}, {p.t("收回（万元）", "recovered (万元)"), true}}}
		for _, c := range rec {
			ct.rows = append(ct.rows, []string{c.ProjectID, c.Action.Name(p.l), wan(c.Requested), wan(c.Amount), wan(c.Recovered)})
		}
		ct.foot = []string{p.t("合计", "total"), "", "", "", wan(recovered)}
		p.table(ct)
	}
	p.endSection()
}
