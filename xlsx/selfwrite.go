package xlsx

import (
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

// WriteSelfForms writes the forms in the national layout of the project
// self-evaluation form (项目支出绩效自评表, 财预〔2020〕10号 附件), one sheet
// per form named by its Sheet (or project), amounts in 万元 and every
// stated figure printed with its own places, so that [ReadSelfForms] reads
// back exactly the forms written.
func WriteSelfForms(out io.Writer, forms []*SelfForm) error {
	w := newWriter()
	for _, f := range forms {
		writeSelf(w, f, nil)
	}
	return w.finish(out)
}

// A Reviewed is a form with its reconciliation (see
// evaluation.SelfEvaluation.Reconcile), for [WriteReviewed].
type Reviewed struct {
	Form           *SelfForm                  `json:"form"`
	Reconciliation *evaluation.Reconciliation `json:"reconciliation"`
}

// WriteReviewed writes each form in the national layout with the computed
// figure beside each stated one (复算执行率 beside 执行率, 复算得分 beside
// every 得分 and the total, 复算等级 beside 自评等级), and every deviation of
// the reconciliation as a comment on the stated cell, in Chinese and
// English. The stated figures are printed as stated. A reviewed sheet reads
// back with [ReadSelfForms] to the same form (the computed columns are not
// read).
func WriteReviewed(out io.Writer, rs []Reviewed) error {
	w := newWriter()
	for _, r := range rs {
		writeSelf(w, r.Form, r.Reconciliation)
	}
	return w.finish(out)
}

// cells of a self form that deviations point at.
type selfCells struct {
	rate, exec, total, grade, weight [2]int
	indicators                       [][2]int
}

func writeSelf(w *writer, f *SelfForm, rc *evaluation.Reconciliation) {
	se := &f.Evaluation
	name := f.Sheet
	if name == "" {
		name = cmpOr(f.ProjectName, se.ProjectID)
	}
	sh := w.sheet(name)
	review := rc != nil
	last := 8
	if review {
		last = 9
	}
	var at selfCells
	r := 0
	w.label(sh, r, 0, "项目支出绩效自评表")
	w.merge(sh, r, 0, r, last)
	r++
	header := func(l, v string, c2 int) {
		w.label(sh, r, 0, l)
		w.text(sh, r, 1, v)
		w.merge(sh, r, 1, r, c2)
	}
	header("项目名称", f.ProjectName, last)
	r++
	if se.ProjectID != "" && se.ProjectID != f.ProjectName {
		header("项目编码", se.ProjectID, last)
		r++
	}
	header("主管部门", f.Department, 3)
	w.label(sh, r, 4, "实施单位")
	w.text(sh, r, 5, f.Unit)
	w.merge(sh, r, 5, r, last)
	r++

	// The budget block.
	fundsTop := r
	w.label(sh, r, 0, "项目资金（万元）")
	cols := []string{"年初预算数", "全年预算数", "全年执行数", "分值", "执行率"}
	if review {
		cols = append(cols, "复算执行率")
	}
	cols = append(cols, "得分")
	if review {
		cols = append(cols, "复算得分")
	}
	for i, c := range cols {
		w.label(sh, r, 2+i, c)
	}
	r++
	ex := se.Form.Execution
	wts := se.Form.Weights
	execWeight := wts.Execution
	if wts == (goals.Weights{}) {
		execWeight = goals.NationalWeights().Execution
	}
	w.text(sh, r, 1, "年度资金总额")
	w.num(sh, r, 2, wanAmount(ex.InitialBudget), false)
	w.num(sh, r, 3, wanAmount(ex.AdjustedBudget), false)
	w.num(sh, r, 4, wanAmount(ex.Executed), false)
	w.num(sh, r, 5, valid(execWeight), false)
	at.weight = [2]int{r, 5}
	at.rate = [2]int{r, 6}
	w.num(sh, r, 6, se.Stated.Rate, true)
	c := 7
	if review {
		w.num(sh, r, c, valid(rc.Rate.Percent(2)), true)
		c++
	}
	at.exec = [2]int{r, c}
	w.num(sh, r, c, se.Stated.Execution, false)
	if review {
		w.num(sh, r, c+1, valid(rc.Execution), false)
	}
	r++
	r = w.fundsAndGoal(sh, r, fundsTop, last, f.Funds, f.GoalExpected, f.GoalActual)

	// The indicator table.
	tableTop := r
	w.label(sh, r, 0, "绩效指标")
	tcols := []string{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"}
	if review {
		tcols = append(tcols, "复算得分")
	}
	tcols = append(tcols, "偏差原因分析及改进措施")
	for i, c := range tcols {
		w.label(sh, r, 1+i, c)
	}
	r++
	var scores []goals.Score
	if review && rc.Indicators != nil {
		scores = rc.Indicators.Scores
	}
	tree := se.Form.Tree
	var inds []goals.Indicator
	if tree != nil {
		inds = tree.Indicators
	}
	w.levels(sh, r, 1, inds)
	for i := range inds {
		in := &inds[i]
		w.text(sh, r, 3, in.Name)
		w.text(sh, r, 4, targetText(in.Target))
		w.text(sh, r, 5, nth(f.Actuals, i))
		w.num(sh, r, 6, valid(in.Weight), false)
		at.indicators = append(at.indicators, [2]int{r, 7})
		var st decimal.NullDecimal
		if i < len(se.Stated.Indicators) {
			st = se.Stated.Indicators[i]
		}
		w.num(sh, r, 7, st, false)
		c := 8
		if review {
			if i < len(scores) {
				w.num(sh, r, c, valid(scores[i].Value()), false)
			} else {
				w.text(sh, r, c, "")
			}
			c++
		}
		w.text(sh, r, c, nth(f.Reasons, i))
		r++
	}
	w.merge(sh, tableTop, 0, r-1, 0)
	w.label(sh, r, 0, "总分")
	w.merge(sh, r, 0, r, 5)
	total := execWeight
	if tree != nil {
		total = total.Add(tree.DeclaredTotal())
	}
	w.num(sh, r, 6, valid(total), false)
	at.total = [2]int{r, 7}
	w.num(sh, r, 7, se.Stated.Total, false)
	if review {
		w.num(sh, r, 8, valid(rc.Total), false)
	}
	r++
	if se.Stated.Grade != performance.GradeNone || review {
		w.label(sh, r, 0, "自评等级")
		w.text(sh, r, 1, gradeText(se.Stated.Grade))
		at.grade = [2]int{r, 1}
		if review {
			w.label(sh, r, 2, "复算等级")
			w.text(sh, r, 3, gradeText(rc.Grade))
		}
		r++
	}
	w.keep(w.f.SetColWidth(sh, "A", "A", 12))
	w.keep(w.f.SetColWidth(sh, "B", "J", 14))
	if review {
		// One comment per cell, its deviations in the reconciliation's
		// order (a total may be both not the sum of its parts and not the
		// computed total; every non-national weight points at 分值 of 总分).
		var order [][2]int
		texts := map[[2]int][]string{}
		for _, d := range rc.Deviations {
			cell, ok := at.of(d.Path)
			if !ok {
				cell = at.total
			}
			if texts[cell] == nil {
				order = append(order, cell)
			}
			m := d.Message()
			texts[cell] = append(texts[cell], m.ZH+"\n"+m.EN)
		}
		for _, c := range order {
			w.comment(sh, c[0], c[1], strings.Join(texts[c], "\n\n"))
		}
	}
}

// of returns the cell a deviation's path points at.
func (s *selfCells) of(path string) ([2]int, bool) {
	switch {
	case path == "rate":
		return s.rate, true
	case path == "execution":
		return s.exec, true
	case path == "total":
		return s.total, true
	case path == "grade":
		return s.grade, true
	case strings.HasPrefix(path, "weights."):
		if path == "weights.execution" {
			return s.weight, true
		}
		return [2]int{s.total[0], s.total[1] - 1}, true
	case strings.HasPrefix(path, "indicators["):
		i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(path, "indicators["), "]"))
		if err == nil && i >= 0 && i < len(s.indicators) {
			return s.indicators[i], true
		}
	}
	return [2]int{}, false
}

func nth(xs []string, i int) string {
	if i < len(xs) {
		return xs[i]
	}
	return ""
}

// wanAmount is a yuan amount in 万元, printed with at least two places.
func wanAmount(d decimal.Decimal) decimal.NullDecimal {
	v := d.Shift(-4)
	if p := minPlaces(v); p < 2 {
		v = v.Round(2)
	} else {
		v = v.Round(p)
	}
	return valid(v)
}

// minPlaces is the fewest places that hold d exactly.
func minPlaces(d decimal.Decimal) int32 {
	s := d.String()
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return int32(len(s) - i - 1)
	}
	return 0
}

// targetText is the target as the form prints it: as published when it
// was read from text, else rendered.
func targetText(t goals.Target) string {
	if t.Text != "" {
		return t.Text
	}
	return t.String()
}

func gradeText(g performance.Grade) string {
	if g == performance.GradeNone {
		return ""
	}
	return g.Name(performance.LangZH)
}

// fundsAndGoal writes, from row r, the national forms' rows below a
// budget block's totals: a row per fund source (label, then the initial,
// adjusted and executed amounts in 万元), the block's first column merged
// from row top down, then the annual overall goal (年度总体目标), expected
// and actual, across the columns up to last. It returns the row after.
func (w *writer) fundsAndGoal(sh string, r, top, last int, funds []Fund, expected, actual string) int {
	for _, fd := range funds {
		w.text(sh, r, 1, fd.Label)
		w.num(sh, r, 2, wan(fd.Initial), false)
		w.num(sh, r, 3, wan(fd.Adjusted), false)
		w.num(sh, r, 4, wan(fd.Executed), false)
		r++
	}
	w.merge(sh, top, 0, r-1, 0)

	w.label(sh, r, 0, "年度总体目标")
	w.merge(sh, r, 0, r+1, 0)
	w.label(sh, r, 1, "预期目标")
	w.merge(sh, r, 1, r, 4)
	w.label(sh, r, 5, "实际完成情况")
	w.merge(sh, r, 5, r, last)
	r++
	w.text(sh, r, 1, expected)
	w.merge(sh, r, 1, r, 4)
	w.text(sh, r, 5, actual)
	w.merge(sh, r, 5, r, last)
	return r + 1
}

// levels writes the level-1 and level-2 cells of the indicators from row
// top in columns col and col+1, each run of equal names merged as printed
// forms merge them.
func (w *writer) levels(sh string, top, col int, inds []goals.Indicator) {
	l1s, l2s := make([]string, len(inds)), make([]string, len(inds))
	for i := range inds {
		in := &inds[i]
		l1s[i] = in.Level1.Name(performance.LangZH)
		l2s[i] = cmpOr(in.Level2Name, in.Level2.Name(performance.LangZH))
		if in.Level2 == goals.Level2Other {
			l2s[i] = in.Level2Name
		}
	}
	w.levelCells(sh, top, col, l1s, l2s)
}

// levelCells writes level-1 and level-2 names from row top in columns col
// and col+1, each run of equal names merged.
func (w *writer) levelCells(sh string, top, col int, l1s, l2s []string) {
	var prev1, prev2 string
	start1, start2 := top, top
	end := top + len(l1s)
	for i := range l1s {
		r := top + i
		l1, l2 := l1s[i], l2s[i]
		switch {
		case i == 0 || l1 != prev1:
			if i > 0 {
				w.merge(sh, start1, col, r-1, col)
				w.merge(sh, start2, col+1, r-1, col+1)
			}
			w.text(sh, r, col, l1)
			w.text(sh, r, col+1, l2)
			start1, start2, prev1, prev2 = r, r, l1, l2
		case l2 != prev2:
			w.merge(sh, start2, col+1, r-1, col+1)
			w.text(sh, r, col+1, l2)
			start2, prev2 = r, l2
		}
	}
	if len(l1s) > 0 {
		w.merge(sh, start1, col, end-1, col)
		w.merge(sh, start2, col+1, end-1, col+1)
	}
}
