package main

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

// loadReviewRules reads --review-rules, or returns the default rules
// (goals.DefaultReviewRules, 财预〔2015〕88号 第二十四、二十五条).
func loadReviewRules(name string) (*goals.ReviewRules, error) {
	if name == "" {
		r := goals.DefaultReviewRules()
		return &r, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var r goals.ReviewRules
	if err := decodeStrict(name, data, &r); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, &fileError{file: name, err: err}
	}
	return &r, nil
}

// checkGoals reviews the goals in file (schema goal-reviews: a JSON array
// of goals.ReviewInput) under rules with the bundled core-indicator
// library (goals.CoreLibrary), printing for each project, by project ID,
// its grade, score and whether it passes, then every finding with its
// code, path (prefixed by the input's index) and message, and every
// problem of the input itself. Exit 1 when a review has findings or does
// not pass, or an input has problems.
func (o *opts) checkGoals(file string, rules *goals.ReviewRules) int {
	var ins []goals.ReviewInput
	if err := readJSON(file, &ins); err != nil {
		return o.fail("check", err)
	}
	core, err := goals.CoreLibrary()
	if err != nil {
		return o.fail("check", err)
	}
	order := make([]int, len(ins))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ins[a].ProjectID, ins[b].ProjectID) })
	code := exitOK
	findings, failed := 0, 0
	for _, i := range order {
		in := &ins[i]
		at := fmt.Sprintf("[%d]", i)
		rv, err := rules.Review(in, core)
		if rv == nil {
			return o.fail("check", &fileError{file: file, err: err})
		}
		verdict := o.t("通过", "passes")
		if !rv.Pass {
			verdict = o.t("未通过，不予安排预算", "does not pass: not fundable")
			failed++
		}
		fmt.Fprintf(o.stdout, o.t("%s: %s %s 绩效目标审核：%s（%s 分，规则 %s），%s\n", "%s: %s %s goal review: %s (score %s, rules %s), %s\n"),
			file, at, rv.ProjectID, rv.GradeName.In(o.lang), rv.Score.StringFixed(2), rv.Rules, verdict)
		var ps performance.Problems
		for _, f := range rv.Findings {
			ps = append(ps, &performance.Problem{Code: f.Code, Path: joinPath(at, f.Path), Message: f.Message})
		}
		for _, l := range (&fileError{file: file, err: ps}).lines(o.lang) {
			fmt.Fprintln(o.stdout, "  "+l)
		}
		findings += len(rv.Findings)
		if err != nil {
			// Problems of the input itself (a prior value naming no
			// indicator, an expert's score out of range): the item was
			// left out of the review.
			var ips performance.Problems
			if errors.As(err, &ips) {
				err = ips.Prefix(at)
			}
			for _, l := range (&fileError{file: file, err: err}).lines(o.lang) {
				fmt.Fprintln(o.stdout, "  "+l)
			}
			code = exitFindings
		}
	}
	if findings > 0 || failed > 0 {
		code = exitFindings
	}
	fmt.Fprintln(o.stdout, o.t(fmt.Sprintf("%s：审核 %d 个项目，审核意见 %d 条，未通过 %d 个", file, len(ins), findings, failed),
		fmt.Sprintf("%s: %d project(s) reviewed, %d finding(s), %d not passed", file, len(ins), findings, failed)))
	return code
}

// joinPath prefixes path with at: "[0]" and "tree.indicators[2]" give
// "[0].tree.indicators[2]".
func joinPath(at, path string) string {
	if path == "" {
		return at
	}
	if strings.HasPrefix(path, "[") {
		return at + path
	}
	return at + "." + path
}
