package xlsx

import (
	"io"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

// WriteMonitorForms writes the forms in the national layout of the
// monitoring form (项目支出绩效目标执行监控表, 财预〔2019〕136号), one sheet
// per form: the title with the as-of year (YYYY年度), the header, the budget
// block in 万元 headed 1-X月执行数 for the as-of month X, a 截至日期 row
// when the as-of date is not a month's last day, the annual goal, and the
// indicator table (原因说明 and 指标代码 columns only when a line has one).
// An actual or projection is printed as written in Actuals and
// Projections, else as the form's figure. [ReadMonitorForms] reads back
// exactly the forms written.
func WriteMonitorForms(out io.Writer, forms []*MonitorForm) error {
	w := newWriter()
	for _, f := range forms {
		writeMonitor(w, f)
	}
	return w.finish(out)
}

func writeMonitor(w *writer, f *MonitorForm) {
	fm := &f.Form
	sh := w.sheet(cmpOr(f.Sheet, cmpOr(f.ProjectName, fm.ProjectID)))
	notes, codes := false, false
	for i, l := range fm.Indicators {
		notes = notes || l.CauseNote != ""
		codes = codes || i < len(f.Indicators) && f.Indicators[i].ID != ""
	}
	x := strconv.Itoa(int(fm.AsOf.Month()))
	hdr := []string{"一级指标", "二级指标", "三级指标", "年度指标值", "1-" + x + "月执行情况", "全年预计完成情况", "完成目标可能性", "偏差原因"}
	if notes {
		hdr = append(hdr, "原因说明")
	}
	hdr = append(hdr, "纠偏措施")
	if codes {
		hdr = append(hdr, "指标代码")
	}
	last := len(hdr)
	r := 0
	w.label(sh, r, 0, "项目支出绩效目标执行监控表")
	w.merge(sh, r, 0, r, last)
	r++
	w.text(sh, r, 0, "（"+strconv.Itoa(fm.AsOf.Year())+"年度）")
	w.merge(sh, r, 0, r, last)
	r++
	pair := func(l1, v1, l2, v2 string) {
		w.label(sh, r, 0, l1)
		w.text(sh, r, 1, v1)
		if l2 == "" {
			w.merge(sh, r, 1, r, last)
		} else {
			w.merge(sh, r, 1, r, 3)
			w.label(sh, r, 4, l2)
			w.text(sh, r, 5, v2)
			w.merge(sh, r, 5, r, last)
		}
		r++
	}
	pair("项目名称", f.ProjectName, "", "")
	if fm.ProjectID != "" && fm.ProjectID != f.ProjectName {
		pair("项目编码", fm.ProjectID, "", "")
	}
	pair("主管部门", f.Department, "实施单位", f.Unit)
	top := r
	w.label(sh, r, 0, "项目资金（万元）")
	for i, h := range []string{"年初预算数", "全年预算数", "1-" + x + "月执行数", "1-" + x + "月执行率", "全年预计执行数"} {
		w.label(sh, r, 2+i, h)
	}
	r++
	funds := f.Funds
	if len(funds) == 0 && fm.Executed.Valid {
		funds = []MonitorFund{{Label: "年度资金总额"}}
	}
	total := false
	for _, fd := range funds {
		if lFundsTotal.match(fd.Label) && !total {
			total = true
			fd.Executed = fm.Executed
		}
		w.text(sh, r, 1, fd.Label)
		w.num(sh, r, 2, wan(fd.Initial), false)
		w.num(sh, r, 3, wan(fd.Adjusted), false)
		w.num(sh, r, 4, wan(fd.Executed), false)
		w.num(sh, r, 5, fd.Rate, true)
		w.num(sh, r, 6, wan(fd.Projected), false)
		r++
	}
	w.merge(sh, top, 0, r-1, 0)
	if end := time.Date(fm.AsOf.Year(), fm.AsOf.Month()+1, 0, 0, 0, 0, 0, time.UTC); !fm.AsOf.Equal(end) {
		pair("截至日期", fm.AsOf.Format("2006-01-02"), "", "")
	}
	w.label(sh, r, 0, "年度总体目标")
	w.merge(sh, r, 0, r+1, 0)
	w.label(sh, r, 1, "全年预期目标")
	w.merge(sh, r, 1, r, 4)
	w.label(sh, r, 5, "1-"+x+"月执行情况")
	w.merge(sh, r, 5, r, last)
	r++
	w.text(sh, r, 1, f.GoalAnnual)
	w.merge(sh, r, 1, r, 4)
	w.text(sh, r, 5, f.GoalProgress)
	w.merge(sh, r, 5, r, last)
	r++
	tableTop := r
	w.label(sh, r, 0, "绩效指标")
	for i, h := range hdr {
		w.label(sh, r, 1+i, h)
	}
	r++
	inds := make([]goals.Indicator, len(fm.Indicators))
	copy(inds, f.Indicators)
	w.levels(sh, r, 1, inds)
	for i, l := range fm.Indicators {
		in := inds[i]
		w.text(sh, r, 3, cmpOr(in.Name, l.Indicator))
		w.text(sh, r, 4, targetText(in.Target))
		figure := func(c int, texts []string, d decimal.NullDecimal) {
			if i < len(texts) && texts[i] != "" {
				w.text(sh, r, c, texts[i])
				return
			}
			w.num(sh, r, c, d, false)
		}
		figure(5, f.Actuals, l.Actual)
		figure(6, f.Projections, l.Projected)
		if l.Likelihood != 0 {
			w.text(sh, r, 7, l.Likelihood.Name(performance.LangZH))
		}
		if l.Cause != 0 {
			w.text(sh, r, 8, l.Cause.Name(performance.LangZH))
		}
		c := 9
		if notes {
			w.text(sh, r, c, l.CauseNote)
			c++
		}
		w.text(sh, r, c, l.Measure)
		c++
		if codes {
			w.text(sh, r, c, in.ID)
		}
		r++
	}
	if len(fm.Indicators) > 0 {
		w.merge(sh, tableTop, 0, r-1, 0)
	}
	w.keep(w.f.SetColWidth(sh, "A", "A", 12))
	w.keep(w.f.SetColWidth(sh, "B", "M", 16))
}
