package monitoring

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/internal/table"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/shopspring/decimal"
)

// maxMissingShown is how many projects without a form the text names; the
// JSON lists them all.
const maxMissingShown = 10

// formFindingNames names the review's finding and deviation codes for
// finance staff.
var formFindingNames = map[string][2]string{
	"not_reported":                      {"未填报", "not reported"},
	"likelihood_missing":                {"未填完成可能性", "likelihood not stated"},
	"projection_missing":                {"未填全年预计值", "no year-end projection"},
	"cause_missing":                     {"未说明偏差原因", "no cause of the deviation"},
	"cause_note_missing":                {"其他原因未说明", "cause 其他 without a note"},
	"measure_missing":                   {"未提出纠偏措施", "no corrective measure"},
	"projection_below_actual":           {"预计值低于已完成值", "projection below the actual"},
	"likelihood_contradicts_projection": {"可能性与预计值矛盾", "likelihood contradicts the projection"},
	"projection_optimistic":             {"预计值脱离进度", "projection out of line with progress"},
	"executed_mismatch":                 {"执行数与账面不符", "stated execution differs from the ledger"},
	"no_rule":                           {"无对应处理规则", "no rule for the result"},
	"likelihood":                        {"完成存在不确定", "likelihood"},
	"projected_misses_target":           {"预计未达目标", "projected to miss the target"},
	"behind":                            {"进度滞后", "behind"},
}

func formFindings(codes []string, zh bool) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = c
		if n, ok := formFindingNames[c]; ok {
			out[i] = n[1]
			if zh {
				out[i] = n[0]
			}
		}
	}
	sep := ", "
	if zh {
		sep = "、"
	}
	return strings.Join(out, sep)
}

// WriteText renders the review in the given language: a summary line,
// each project's double-monitoring result (execution level and rate from
// the ledger, the goal outlook, the recommendation and the findings), the
// lines with findings or deviations, the projects without a form and the
// problems. The output is byte-identical for the same review.
func (rv *FormReview) WriteText(w io.Writer, lang performance.Lang) error {
	bw := bufio.NewWriter(w)
	zh := lang != performance.LangEN
	tr := chooser(zh)
	t := rv.Tally
	fmt.Fprintf(bw, tr("监控表审核（截至%s）：审核%d份，合格%d份；继续执行%d，调整目标%d，暂缓拨款%d，收回资金%d；未报送%d个项目。\n",
		"Monitoring forms as of %s: %d reviewed, %d passed; continue %d, adjust goals %d, suspend %d, recover %d; %d projects without a form.\n"),
		rv.AsOf.Format(time.DateOnly), t.Reviewed, t.Passed, t.Continue, t.AdjustGoals, t.Suspend, t.Recover, len(rv.Missing))
	if len(rv.Projects) > 0 {
		tb := table.New(tr("项目", "project"), tr("执行等级", "execution"), tr("执行率", "rate"), tr("目标预期", "goals"),
			tr("处理建议", "recommendation"), tr("审核意见", "findings")).Right(2)
		for _, p := range rv.Projects {
			f := tr("合格", "passed")
			switch {
			case len(p.Findings) > 0:
				f = formFindings(p.Findings, zh)
			case !p.Passed:
				f = tr("指标存在问题", "see the lines")
			}
			tb.Add(p.ProjectID, p.Level.Name(lang), pct(p.Rate), p.Outlook.Name(lang), p.Recommendation.Name(lang), f)
		}
		_ = tb.WriteText(bw)
		lines := table.New(tr("项目", "project"), tr("指标", "indicator"), tr("目标", "target"), tr("已完成", "actual"),
			tr("全年预计", "projected"), tr("可能性", "likelihood"), tr("偏差原因", "cause"), tr("偏差", "deviation"), tr("问题", "findings"))
		for _, p := range rv.Projects {
			for _, l := range p.Lines {
				if !l.Deviating && len(l.Findings) == 0 {
					continue
				}
				cause := "-"
				if l.Cause != CauseNone {
					cause = l.Cause.Name(lang)
				}
				dev := "-"
				if len(l.Deviations) > 0 {
					dev = formFindings(l.Deviations, zh)
				}
				find := "-"
				if len(l.Findings) > 0 {
					find = formFindings(l.Findings, zh)
				}
				lines.Add(p.ProjectID, l.Name, l.Target.String(), nullString(l.Actual), nullString(l.Projected),
					l.Likelihood.Name(lang), cause, dev, find)
			}
		}
		if len(lines.Rows) > 0 {
			fmt.Fprintln(bw)
			_ = lines.WriteText(bw)
		}
	}
	if n := len(rv.Missing); n > 0 {
		shown := rv.Missing[:min(n, maxMissingShown)]
		more := ""
		if n > len(shown) {
			more = tr(fmt.Sprintf(" 等%d个", n), fmt.Sprintf(" and %d more", n-len(shown)))
		}
		fmt.Fprintf(bw, "%s%s%s\n", tr("未报送监控表：", "No form: "), strings.Join(shown, ", "), more)
	}
	for _, p := range rv.Problems {
		fmt.Fprintf(bw, "%s %s: %s\n", tr("问题", "problem"), p.Path, p.Message.In(lang))
	}
	return bw.Flush()
}

func nullString(d decimal.NullDecimal) string {
	if !d.Valid {
		return "-"
	}
	return d.Decimal.String()
}
