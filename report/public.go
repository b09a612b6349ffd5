package report

import (
	"cmp"
	"slices"
	"strings"

	"github.com/jixiao-go/jixiao/evaluation"
)

// public writes the tables a bureau publishes on its portal (公开表格): the
// projects' performance goals, the self-evaluation results and the key
// evaluation results, each in the columns of the portal's forms.
func (p *page) public(in *Input) {
	var reviews []SelfReview
	if in.Self != nil {
		reviews = sortedReviews(in.Self.Reviews)
	}
	evals := sortedEvaluations(in.Evaluations)
	if len(in.Goals) == 0 && len(reviews) == 0 && len(evals) == 0 {
		return
	}
	p.section("public", p.t("信息公开表", "Public tables"))
	p.w(`<div class="portal">`)
	if len(in.Goals) > 0 {
		p.goalsTable(in.Goals)
	}
	if len(reviews) > 0 {
		t := &table{id: "public-self", caption: p.t("部门（单位）整体及项目支出绩效自评结果公开表", "Self-evaluation results"),
			cols: []col{{p.t("项目编码", "project"), false}, {p.t("预算单位", "unit"), false}, {p.t("预算执行率", "execution rate"), true},
				{p.t("自评得分", "stated score"), true}, {p.t("自评等级", "stated grade"), false},
				{p.t("复核得分", "reviewed score"), true}, {p.t("复核等级", "reviewed grade"), false}}}
		for _, r := range reviews {
			f, rec := r.Form, r.Reconciliation
			row := []string{f.ProjectID, f.UnitID, "-", nullFixed(f.Stated.Total), f.Stated.Grade.Name(p.l), "-", "-"}
			if rec != nil {
				row[2], row[5], row[6] = ratio(rec.Rate), rec.Total.StringFixed(2), rec.Grade.Name(p.l)
			}
			t.rows = append(t.rows, row)
		}
		p.table(t)
	}
	if len(evals) > 0 {
		t := &table{id: "public-key", caption: p.t("重点绩效评价结果公开表", "Key evaluation results"),
			cols: []col{{p.t("评价", "evaluation"), false}, {p.t("项目编码", "project"), false}, {p.t("评价金额（万元）", "amount (万元)"), true},
				{p.t("评价得分", "score"), true}, {p.t("评价等级", "grade"), false}}}
		for _, e := range evals {
			graded := slices.Clone(e.Result.Graded)
			slices.SortStableFunc(graded, func(a, b evaluation.Graded) int { return strings.Compare(a.ProjectID, b.ProjectID) })
			for _, g := range graded {
				score := "-"
				if sc := e.Result.Scorecards[g.ProjectID]; sc != nil {
					score = sc.Total.StringFixed(2)
				}
				t.rows = append(t.rows, []string{e.Title, g.ProjectID, wan(g.Amount), score, g.Grade.Name(p.l)})
			}
		}
		p.table(t)
	}
	p.w("</div>\n")
	p.endSection()
}

// goalsTable is the project goals table (项目绩效目标表): one row per level-3
// indicator, projects by ID, indicators in the tree's order.
func (p *page) goalsTable(gs []ProjectGoal) {
	gs = slices.Clone(gs)
	slices.SortStableFunc(gs, func(a, b ProjectGoal) int { return cmp.Compare(a.ProjectID, b.ProjectID) })
	t := &table{id: "public-goals", caption: p.t("项目绩效目标公开表", "Project performance goals"),
		cols: []col{{p.t("项目编码", "project"), false}, {p.t("项目名称", "name"), false}, {p.t("主管部门", "department"), false},
			{p.t("预算金额（万元）", "amount (万元)"), true}, {p.t("一级指标", "level 1"), false}, {p.t("二级指标", "level 2"), false},
			{p.t("三级指标", "indicator"), false}, {p.t("指标值", "target"), false}, {p.t("分值", "weight"), true}}}
	for _, g := range gs {
		if g.Tree == nil {
			continue
		}
		for _, ind := range g.Tree.Indicators {
			l2 := ind.Level2Name
			if l2 == "" {
				l2 = ind.Level2.Name(p.l)
			}
			t.rows = append(t.rows, []string{g.ProjectID, g.Name, g.Department, wan(g.Amount), ind.Level1.Name(p.l), l2, ind.Name,
				ind.Target.String(), ind.Weight.String()})
		}
	}
	p.table(t)
}
