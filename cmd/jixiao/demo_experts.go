package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/internal/table"
)

// expertsDir is the bundled expert library and agency register beside a
// stage's sample folder.
func expertsDir(stageDir string) string { return filepath.Join(filepath.Dir(stageDir), "experts") }

// demoDraw draws the panel of the second-round assessment of one project
// from the bundled expert library, with every recusal, and replaces an
// expert who declines. Without the folder it says so and skips.
func (o *opts) demoDraw(w io.Writer, stageDir string) error {
	dir := expertsDir(stageDir)
	fmt.Fprintln(w, o.t("\n二上评审专家抽取（专家库）：", "\nExpert draw for the second-round assessment (expert library):"))
	if !exists(dir) {
		fmt.Fprintln(w, o.t("（未找到样例数据 "+dir+"，本节从略）", "(no sample data at "+dir+"; skipped)"))
		return nil
	}
	data, err := os.ReadFile(filepath.Join(dir, "library.json"))
	if err != nil {
		return err
	}
	lib, err := experts.ParseLibrary(data)
	if err != nil {
		return &fileError{file: filepath.Join(dir, "library.json"), err: err}
	}
	var req experts.Request
	if err := readJSON(filepath.Join(dir, "request.json"), &req); err != nil {
		return err
	}
	p, err := experts.Draw(lib, req)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, "request.json"), err)
	}
	first := p.Members[0].ExpertID
	p, err = experts.Replace(lib, p, first, o.t("评审当日出差", "travelling on the day"), req.Date)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, o.t("项目 %s，专家 %d 人，随机种子 %d（%s），在库专家 %d 人。\n", "Project %s, %d experts, seed %d (%s), %d experts in the library.\n"),
		req.ProjectID, req.Count, req.Seed, p.Algorithm, len(lib.Experts))
	names := map[string]string{}
	for _, f := range lib.FieldList() {
		names[f.Code] = f.Name
	}
	t := table.New(o.t("专家", "expert"), o.t("专业席位", "field seat"), o.t("说明", "note"))
	for _, m := range p.Members {
		seat := o.t("不限", "any")
		if m.Field != "" {
			seat = o.t(names[m.Field], m.Field)
		}
		note := ""
		if m.Replaces != "" {
			note = o.t("补抽，替换 "+m.Replaces, "replacement for "+m.Replaces)
		}
		t.Add(m.ExpertID, seat, note)
	}
	if err := t.WriteText(w); err != nil {
		return err
	}
	for _, d := range p.Declines {
		fmt.Fprintf(w, o.t("%s 拒绝（%s），补抽 %s。\n", "%s declined (%s); %s drawn instead.\n"), d.ExpertID, d.Reason, d.ReplacedBy)
	}
	fmt.Fprintln(w, o.t("回避与排除：", "Recusals and exclusions:"))
	et := table.New(o.t("专家", "expert"), o.t("原因", "reason"), o.t("说明", "detail"))
	for _, e := range p.Exclusions {
		et.Add(e.ExpertID, e.Reason, e.Detail.In(o.lang))
	}
	return et.WriteText(w)
}

// demoReportQuality scores the third party's deep-evaluation report on the
// bundled framework and lists the agencies by report quality, with those
// to be excluded.
func (o *opts) demoReportQuality(w io.Writer, stageDir string) error {
	dir := expertsDir(stageDir)
	fmt.Fprintln(w, o.t("\n第三方评价报告质量评分：", "\nQuality of the third party's evaluation report:"))
	if !exists(dir) {
		fmt.Fprintln(w, o.t("（未找到样例数据 "+dir+"，本节从略）", "(no sample data at "+dir+"; skipped)"))
		return nil
	}
	var fw experts.Framework
	if err := readJSON(filepath.Join(dir, "framework.json"), &fw); err != nil {
		return err
	}
	var reports []experts.Report
	if err := readJSON(filepath.Join(dir, "reports.json"), &reports); err != nil {
		return err
	}
	data, err := os.ReadFile(filepath.Join(dir, "agencies.json"))
	if err != nil {
		return err
	}
	agencies, err := experts.ParseAgencies(data)
	if err != nil {
		return &fileError{file: filepath.Join(dir, "agencies.json"), err: err}
	}
	var scores []experts.ReportScore
	for i := range reports {
		rs, err := fw.Score(&reports[i])
		if err != nil {
			return fmt.Errorf("%s: [%d]: %w", filepath.Join(dir, "reports.json"), i, err)
		}
		scores = append(scores, *rs)
	}
	rs := scores[0]
	fmt.Fprintf(w, o.t("报告 %s（机构 %s，%s），评审 %d 人，综合得分 %s%s（评分框架 %s，分值为示例）。\n",
		"Report %s (agency %s, %s), %d reviewers, score %s%s (framework %s, illustrative weights).\n"),
		rs.ReportID, rs.AgencyID, rs.ProjectID, len(rs.Reviewers), rs.Total.StringFixed(experts.ScorePlaces),
		map[bool]string{true: o.t("，质量差", ", poor"), false: ""}[rs.Poor], fw.ID)
	itemNames := map[string]string{}
	for _, it := range fw.Items {
		itemNames[it.ID] = it.Name
	}
	t := table.New(o.t("评分项", "item"), o.t("分值", "weight"), o.t("得分", "score")).Right(1, 2)
	for _, it := range rs.Items {
		t.Add(o.t(itemNames[it.Item], it.Item), it.Weight.String(), it.Score.StringFixed(experts.ScorePlaces))
	}
	if err := t.WriteText(w); err != nil {
		return err
	}
	st, err := experts.Standings(agencies, scores, experts.StandingPolicy{})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, o.t("第三方机构报告质量排名：", "Agencies by report quality:"))
	sl := table.New(o.t("名次", "rank"), o.t("机构", "agency"), o.t("报告", "reports"), o.t("均分", "mean"), o.t("质量差", "poor"), o.t("处理", "action")).Right(0, 2, 3, 4)
	for _, s := range st {
		mean, action := "-", ""
		if s.Reports > 0 {
			mean = s.Mean.StringFixed(experts.ScorePlaces)
		}
		if s.Exclude {
			action = o.t("排除：", "exclude: ") + s.Reason.In(o.lang)
		}
		sl.Add(fmt.Sprint(s.Rank), s.AgencyID, fmt.Sprint(s.Reports), mean, fmt.Sprint(s.Poor), action)
	}
	if err := sl.WriteText(w); err != nil {
		return err
	}
	// The next engagement: a follow-up evaluation of deep2021-001.
	sel, err := experts.Select(agencies, st, experts.SelectionRequest{ProjectID: "deep2021-001", Kind: experts.EngageKeyEvaluation,
		Qualifications: []string{"evaluation"}, AsOf: "2021-11-20", Seed: 20211120})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, o.t("遴选项目 %s 的评价机构（%s）：", "Agencies for the evaluation of %s (%s): "), sel.Request.ProjectID, sel.Algorithm)
	for i, c := range sel.Candidates {
		if i > 0 {
			fmt.Fprint(w, o.t("、", ", "))
		}
		fmt.Fprintf(w, "%d. %s", c.Rank, c.AgencyID)
	}
	fmt.Fprintln(w)
	xt := table.New(o.t("机构", "agency"), o.t("原因", "reason"), o.t("说明", "detail"))
	for _, e := range sel.Exclusions {
		xt.Add(e.AgencyID, e.Reason, e.Detail.In(o.lang))
	}
	return xt.WriteText(w)
}
