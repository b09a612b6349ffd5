package monitoring

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/internal/table"
	"github.com/jixiao-go/jixiao/performance"
)

// WriteText renders the report as plain text in the given language: the
// summary, regions and departments, the lagging lists, the actions and the
// rectifications. Amounts are in 万元 and percentages to two decimals, both
// rounded half up; the output is byte-identical for the same report.
func (r *Report) WriteText(w io.Writer, lang performance.Lang) error {
	bw := bufio.NewWriter(w)
	zh := lang != performance.LangEN
	tr := chooser(zh)
	period := tr(r.AsOf.Format("2006年1月2日"), r.AsOf.Format(time.DateOnly))
	if r.Quarter > 0 {
		period = tr(fmt.Sprintf("%d年第%d季度", r.Year, r.Quarter), fmt.Sprintf("%d Q%d", r.Year, r.Quarter)) +
			tr("（截至"+r.AsOf.Format(time.DateOnly)+"）", " (as of "+r.AsOf.Format(time.DateOnly)+")")
	}
	base := tr("全年预算数", "adjusted budget")
	if r.Base == performance.BaseInitial.String() {
		base = tr("年初预算数", "initial budget")
	}
	fmt.Fprintf(bw, "%s\n", tr(period+"预算绩效运行监控报告（执行率口径："+base+"）",
		"Budget performance monitoring, "+period+", execution measured against the "+base))
	t := &r.Total
	fmt.Fprintf(bw, tr("项目%d个，滞后%d个（%s）；单位%d个，滞后%d个（%s）；预算%s，执行%s，执行率%s，偏离%s个百分点，滞后金额%s。\n",
		"%d projects, %d behind (%s); %d units, %d behind (%s); budget %s, executed %s, rate %s, deviation %s points, shortfall %s.\n"),
		t.Projects, t.Behind, pct(t.BehindShare()), t.Units, t.UnitsBehind, pct(t.UnitsBehindShare()),
		wan(t.Budget), wan(t.Executed), pct(t.Rate), points(t.Deviation), wan(t.Shortfall))
	groups := func(title string, gs []Group) {
		if len(gs) == 0 {
			return
		}
		fmt.Fprintf(bw, "\n%s\n", title)
		tb := table.New(tr("名称", "name"), tr("项目", "projects"), tr("滞后", "behind"), tr("占比", "share"),
			tr("单位", "units"), tr("滞后", "behind"), tr("占比", "share"), tr("预算（万元）", "budget (10k yuan)"),
			tr("执行率", "rate"), tr("偏离", "deviation"), tr("等级", "level"), tr("措施", "actions")).Right(1, 2, 3, 4, 5, 6, 7, 8, 9, 11)
		for i := range gs {
			g := &gs[i]
			name := g.Name
			if g.Region != "" {
				name = g.Region + " " + g.Name
			}
			tb.Add(name, strconv.Itoa(g.Projects), strconv.Itoa(g.Behind), pct(g.BehindShare()),
				strconv.Itoa(g.Units), strconv.Itoa(g.UnitsBehind), pct(g.UnitsBehindShare()),
				wan2(g.Budget), pct(g.Rate), points(g.Deviation), g.Level.Name(lang), strconv.Itoa(g.Actions))
		}
		_ = tb.WriteText(bw)
	}
	groups(tr("一、按地区", "1. By region"), r.Regions)
	groups(tr("二、按部门", "2. By department"), r.Departments)
	unitName := make(map[string]string, len(r.Units))
	for _, u := range r.Units {
		unitName[u.ID] = u.ID
		if u.Name != "" {
			unitName[u.ID] = u.Name
		}
	}
	byID := make(map[string]*Status, len(r.Projects))
	for i := range r.Projects {
		byID[r.Projects[i].ProjectID] = &r.Projects[i]
	}
	lagging := func(title string, ids []string) {
		fmt.Fprintf(bw, "\n%s\n", title)
		if len(ids) == 0 {
			fmt.Fprintln(bw, tr("无", "none"))
			return
		}
		tb := table.New(tr("序号", "no."), tr("项目", "project"), tr("单位", "unit"), tr("预算（万元）", "budget (10k yuan)"),
			tr("执行率", "rate"), tr("序时进度", "expected"), tr("偏离", "deviation"), tr("滞后金额（万元）", "shortfall (10k yuan)"),
			tr("等级", "level"), tr("触发", "triggers")).Right(0, 3, 4, 5, 6, 7)
		for i, id := range ids {
			s := byID[id]
			trig := ""
			for j, x := range s.Triggers {
				if j > 0 {
					trig += ","
				}
				trig += x
			}
			if trig == "" && s.Key {
				trig = tr("重点监控", "key")
			}
			tb.Add(strconv.Itoa(i+1), s.ProjectID+" "+s.Name, unitName[s.UnitID], wan2(s.Budget),
				pct(s.Rate), pct(s.Expected), points(s.Deviation), wan2(s.Shortfall), s.Level.Name(lang), trig)
		}
		_ = tb.WriteText(bw)
	}
	lagging(tr("三、滞后项目（按偏离程度排序）", "3. Projects behind schedule, by gap"), r.LaggingByGap)
	lagging(tr("四、滞后项目（按滞后金额排序）", "4. Projects behind schedule, by money at stake"), r.LaggingByMoney)
	fmt.Fprintf(bw, "\n%s\n", tr("五、处理措施", "5. Actions"))
	if len(r.Actions) == 0 {
		fmt.Fprintln(bw, tr("无", "none"))
	} else {
		tb := table.New(tr("措施", "action"), tr("单位", "unit"), tr("项目", "project"), tr("依据", "reason"),
			tr("金额（万元）", "amount (10k yuan)"), tr("整改编号", "rectification")).Right(4)
		// Grouped by unit for reading: each unit's own actions first, then
		// its projects'.
		acts := slices.Clone(r.Actions)
		slices.SortStableFunc(acts, func(a, b Action) int {
			return cmp.Or(cmp.Compare(a.UnitID, b.UnitID), cmp.Compare(a.ProjectID, b.ProjectID))
		})
		for _, a := range acts {
			amt := ""
			if !a.Amount.IsZero() {
				amt = wan2(a.Amount)
			}
			tb.Add(a.Kind.Name(lang), unitName[a.UnitID], a.ProjectID, a.Reason, amt, a.Rectification)
		}
		_ = tb.WriteText(bw)
	}
	fmt.Fprintf(bw, "\n%s\n", tr("六、整改跟踪", "6. Rectifications"))
	if len(r.Rectifications) == 0 {
		fmt.Fprintln(bw, tr("无", "none"))
	} else {
		tb := table.New(tr("编号", "id"), tr("单位", "unit"), tr("下达", "issued"), tr("期限", "due"),
			tr("状态", "status"), tr("完成", "done"))
		for _, rc := range r.Rectifications {
			done := ""
			if !rc.Done.IsZero() {
				done = rc.Done.Format(time.DateOnly)
				if rc.Late {
					done += tr("（逾期完成）", " (late)")
				}
			}
			tb.Add(rc.ID, unitName[rc.UnitID], rc.Issued.Format(time.DateOnly), rc.Due.Format(time.DateOnly), rc.Status.Name(lang), done)
		}
		_ = tb.WriteText(bw)
	}
	if len(r.Problems) > 0 {
		fmt.Fprintf(bw, "\n%s\n", tr("七、数据问题", "7. Input problems"))
		for _, p := range r.Problems {
			fmt.Fprintf(bw, "%s: %s (%s)\n", p.Path, p.Message.In(lang), p.Code)
		}
	}
	return bw.Flush()
}

// pct shows a ratio as a percentage, two places half up, or "—" if invalid.
func pct(r performance.Ratio) string {
	if !r.Valid() {
		return "—"
	}
	return r.FormatPercent(2)
}

// points shows a deviation in percentage points with a sign: "+" before a
// figure that is positive at two places (one that rounds to 0.00 has none).
func points(r performance.Ratio) string {
	if !r.Valid() {
		return "—"
	}
	p := strings.TrimSuffix(r.FormatPercent(2), "%")
	if p[0] != '-' && p != "0.00" {
		return "+" + p
	}
	return p
}

// wan2 shows an amount in yuan in 万元 to two places, rounded half up.
func wan2(d decimal.Decimal) string {
	var buf [48]byte
	if b, ok := exact.AppendRounded(buf[:0], d, -4, 2); ok {
		return string(b)
	}
	return d.Shift(-4).StringFixed(2)
}

// chooser returns a function that picks the Chinese text when zh is set and
// the English text otherwise.
func chooser(zh bool) func(z, e string) string {
	return func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
}

// wan shows an amount in 万元.
func wan(d decimal.Decimal) string { return performance.FormatAmount(d, performance.Wan) }

// WriteText renders the goal half of a check in the given language: the
// indicators at risk with their actual, target and expected share, then a
// count per status.
func (g *Goals) WriteText(w io.Writer, lang performance.Lang) error {
	bw := bufio.NewWriter(w)
	zh := lang != performance.LangEN
	tr := chooser(zh)
	counts := map[GoalStatus]int{}
	for _, p := range g.Indicators {
		counts[p.Status]++
	}
	fmt.Fprintf(bw, tr("绩效目标运行监控（截至%s）：指标%d个，正常%d个，存在风险%d个，未评估%d个。\n",
		"Goal monitoring as of %s: %d indicators, %d on track, %d at risk, %d not assessed.\n"),
		g.AsOf.Format(time.DateOnly), len(g.Indicators), counts[GoalOnTrack], counts[GoalAtRisk], counts[GoalNotAssessed])
	reasons := map[string][2]string{
		"behind": {"进度滞后", "behind"}, "off_target": {"未达指标值", "off target"},
		"deadline_missed": {"逾期未完成", "deadline missed"}, "not_reported": {"未报告", "not reported"},
	}
	tb := table.New(tr("项目", "project"), tr("指标", "indicator"), tr("指标值", "target"), tr("实际", "actual"),
		tr("完成率", "attained"), tr("序时进度", "expected"), tr("原因", "reason")).Right(3, 4, 5)
	for _, p := range g.Indicators {
		if p.Status != GoalAtRisk {
			continue
		}
		actual, att, exp := "—", "", ""
		if p.Actual.Valid {
			actual = p.Actual.Decimal.String() + p.Target.Unit
		}
		if p.Cumulative {
			att, exp = pct(p.Attainment), pct(p.Expected)
		}
		r := reasons[p.Reason]
		tb.Add(p.ProjectID, p.Name, p.Target.String(), actual, att, exp, tr(r[0], r[1]))
	}
	if len(tb.Rows) > 0 {
		_ = tb.WriteText(bw)
	}
	for _, p := range g.Problems {
		fmt.Fprintf(bw, "%s: %s (%s)\n", p.Path, p.Message.In(lang), p.Code)
	}
	return bw.Flush()
}

// WriteText renders the year-end position in the given language: totals,
// then every project with a balance, its kind and the amount proposed for
// recovery.
func (y *YearEnd) WriteText(w io.Writer, lang performance.Lang) error {
	bw := bufio.NewWriter(w)
	zh := lang != performance.LangEN
	tr := chooser(zh)
	fmt.Fprintf(bw, tr("%d年年终结转结余：未执行%s，其中结转%s、结余%s；拟收回%s。\n",
		"%d year end: unspent %s, of which carried over %s and surplus %s; proposed for recovery %s.\n"),
		y.Year, wan(y.Unspent), wan(y.CarryOver), wan(y.Surplus), wan(y.Recover))
	tb := table.New(tr("项目", "project"), tr("预算（万元）", "budget (10k yuan)"), tr("执行率", "rate"),
		tr("未执行（万元）", "unspent (10k yuan)"), tr("类别", "kind"), tr("拟收回（万元）", "recover (10k yuan)")).Right(1, 2, 3, 5)
	for _, b := range y.Balances {
		if b.Kind == BalanceNone {
			continue
		}
		rec := ""
		if b.Recover.Sign() > 0 {
			rec = wan2(b.Recover)
		}
		tb.Add(b.ProjectID+" "+b.Name, wan2(b.Budget), pct(b.Rate), wan2(b.Unspent), b.Kind.Name(lang), rec)
	}
	if len(tb.Rows) > 0 {
		_ = tb.WriteText(bw)
	}
	return bw.Flush()
}
