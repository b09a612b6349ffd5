package xlsx

// The generator of the sample workbooks under testdata: the national
// layout (written by WriteSelfForms) and two local variants (written cell
// by cell here, as a city's template prints them), and a broken workbook;
// the goal declaration forms; the monitoring forms in the national layout
// (WriteMonitorForms), one local variant and a broken workbook.
// Regenerate with
//
//	go test ./xlsx -run TestSamples -update

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/internal/testflag"
	"github.com/jixiao-go/jixiao/performance"
)

var update = testflag.Update()

// cell is one cell of a hand-laid sheet: text, or a number (num) written
// as a numeric cell in the General format.
type cell struct {
	s   string
	num bool
}

func tx(s string) cell { return cell{s: s} }
func nu(s string) cell { return cell{s: s, num: true} }

// layoutBook writes sheets of hand-laid rows.
func layoutBook(t testing.TB, sheets []string, rows [][][]cell, merges [][][2]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, name := range sheets {
		if i == 0 {
			require.NoError(t, f.SetSheetName("Sheet1", name))
		} else {
			_, err := f.NewSheet(name)
			require.NoError(t, err)
		}
		for r, row := range rows[i] {
			for c, v := range row {
				if v.s == "" {
					continue
				}
				ref := cellName(r, c)
				if v.num {
					require.NoError(t, f.SetCellDefault(name, ref, v.s))
				} else {
					require.NoError(t, f.SetCellStr(name, ref, v.s))
				}
			}
		}
		if merges != nil {
			for _, m := range merges[i] {
				require.NoError(t, f.MergeCell(name, m[0], m[1]))
			}
		}
	}
	var buf bytes.Buffer
	_, err := f.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

func s(d decimal.Decimal) string { return d.String() }

func nullText(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return d.Decimal.String()
}

func level2Text(in goals.Indicator) string {
	if in.Level2Name != "" || in.Level2 == goals.Level2Other {
		return in.Level2Name
	}
	return in.Level2.Name(performance.LangZH)
}

// localA lays a form out as one city's template: 实施单位 and 项目编码 above
// 项目名称, amounts in 元 typed as text, 权重 instead of 分值, an extra
// 指标解释 column, the goal text right of 年度总体目标 with no sub-headers,
// a 合计 row and an 评价等级 row. Every cell is text.
func localA(f *SelfForm) [][]cell {
	se := &f.Evaluation
	ex := se.Form.Execution
	w := se.Form.Weights
	if w == (goals.Weights{}) {
		w = goals.NationalWeights()
	}
	rows := [][]cell{
		{tx("项目支出绩效自评表（2021年度）")},
		{tx("实施单位"), tx(f.Unit), {}, tx("主管部门"), tx(f.Department)},
		{tx("项目编码"), tx(se.ProjectID)},
		{tx("项目名称"), tx(f.ProjectName)},
		{tx("项目资金（元）"), {}, tx("年初预算数"), tx("全年预算数"), tx("全年执行数"), tx("权重"), tx("执行率"), tx("得分")},
		{{}, tx("年度资金总额"), tx(s(ex.InitialBudget)), tx(s(ex.AdjustedBudget)), tx(s(ex.Executed)), tx(s(w.Execution)),
			tx(nullText(se.Stated.Rate) + "%"), tx(nullText(se.Stated.Execution))},
	}
	for _, fd := range f.Funds {
		rows = append(rows, []cell{{}, tx(fd.Label), tx(nullText(fd.Initial)), tx(nullText(fd.Adjusted)), tx(nullText(fd.Executed))})
	}
	rows = append(rows, []cell{tx("年度总体目标"), tx(f.GoalExpected)},
		[]cell{tx("绩效指标"), tx("一级指标"), tx("二级指标"), tx("三级指标"), tx("指标解释"), tx("年度指标值"), tx("权重"), tx("实际完成值"), tx("得分"), tx("偏差原因分析及改进措施")})
	for i, in := range se.Form.Tree.Indicators {
		rows = append(rows, []cell{{}, tx(in.Level1.Name(performance.LangZH)), tx(level2Text(in)), tx(in.Name), tx("按年度计划核定"),
			tx(in.Target.Text), tx(s(in.Weight)), tx(f.Actuals[i]), tx(nullText(se.Stated.Indicators[i])), tx(f.Reasons[i])})
	}
	total := w.Execution.Add(se.Form.Tree.DeclaredTotal())
	rows = append(rows, []cell{tx("合计"), {}, {}, {}, {}, {}, tx(s(total)), {}, tx(nullText(se.Stated.Total))})
	if g := se.Stated.Grade; g != performance.GradeNone {
		rows = append(rows, []cell{tx("评价等级"), tx(g.Name(performance.LangZH))})
	}
	return rows
}

// localB lays a form out as another template: amounts in 万元 as numbers,
// the indicator table before the goal block, 偏差原因 before 实际完成值, an
// extra 备注 column, level-1 and level-2 repeated on every row (no merged
// cells), and 总分 labelled in the second column.
func localB(f *SelfForm) [][]cell {
	se := &f.Evaluation
	ex := se.Form.Execution
	w := se.Form.Weights
	if w == (goals.Weights{}) {
		w = goals.NationalWeights()
	}
	wanS := func(d decimal.Decimal) cell { return nu(d.Shift(-4).String()) }
	rows := [][]cell{
		{tx("项目支出绩效自评表")},
		{tx("项 目 名 称"), tx(f.ProjectName), {}, tx("项目代码"), tx(se.ProjectID)},
		{tx("主管部门"), tx(f.Department), {}, tx("实施单位"), tx(f.Unit)},
		{tx("项目资金(万元)"), {}, tx("年初预算数"), tx("全年预算数"), tx("全年执行数"), tx("分值"), tx("执行率"), tx("得分")},
		{{}, tx("年度资金总额"), wanS(ex.InitialBudget), wanS(ex.AdjustedBudget), wanS(ex.Executed), nu(s(w.Execution)),
			tx(nullText(se.Stated.Rate) + "%"), nu(nullText(se.Stated.Execution))},
	}
	for _, fd := range f.Funds {
		c := func(d decimal.NullDecimal) cell {
			if !d.Valid {
				return cell{}
			}
			return wanS(d.Decimal)
		}
		rows = append(rows, []cell{{}, tx(fd.Label), c(fd.Initial), c(fd.Adjusted), c(fd.Executed)})
	}
	rows = append(rows, []cell{tx("绩效指标"), tx("一级指标"), tx("二级指标"), tx("三级指标"), tx("年度指标值"), tx("偏差原因分析及改进措施"), tx("实际完成值"), tx("分值"), tx("得分"), tx("备注")})
	for i, in := range se.Form.Tree.Indicators {
		rows = append(rows, []cell{{}, tx(in.Level1.Name(performance.LangZH)), tx(level2Text(in)), tx(in.Name),
			tx(in.Target.Text), tx(f.Reasons[i]), tx(f.Actuals[i]), nu(s(in.Weight)), nu(nullText(se.Stated.Indicators[i])), tx("无")})
	}
	total := w.Execution.Add(se.Form.Tree.DeclaredTotal())
	rows = append(rows, []cell{{}, tx("总分"), {}, {}, {}, {}, {}, nu(s(total)), nu(nullText(se.Stated.Total))})
	rows = append(rows, []cell{tx("年度总体目标"), tx("预期目标"), {}, {}, tx("实际完成情况")},
		[]cell{{}, tx(f.GoalExpected), {}, {}, tx(f.GoalActual)})
	if g := se.Stated.Grade; g != performance.GradeNone {
		rows = append(rows, []cell{tx("自评等级"), tx(g.Name(performance.LangZH))})
	}
	return rows
}

// variantForms are the sample forms as variant A reads them: it has no
// 实际完成情况 cell, and always prints 项目编码.
func variantAForms() []*SelfForm {
	fs := sampleForms()
	for _, f := range fs {
		f.GoalActual = ""
	}
	return fs
}

func sheetsOf(fs []*SelfForm) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Sheet
	}
	return out
}

// brokenBook is a workbook of four sheets: two good forms, and between
// them one with text in a number cell, a missing label and one whose
// indicator header was split (its merged 实际完成值 cell broken so that
// the label fell to the row below).
func brokenBook(t testing.TB) []byte {
	fs := sampleForms()
	good1, good2 := localA(fs[0]), localA(fs[1])
	bad := localA(fs[2])
	// Row 6 (0-based 5) is 年度资金总额: its 得分 (H6) becomes text.
	bad[5][7] = tx("满分")
	// The 全年执行数 label (E5) is gone.
	bad[4][4] = tx("")
	split := localA(fs[2])
	// The indicator header is row 11 (0-based 10); 实际完成值 (H11) falls
	// to H12, and the first indicator's 得分 (I12) holds "九十".
	split[10][7] = tx("")
	split[11][7] = tx("实际完成值")
	split[11][8] = tx("九十")
	return layoutBook(t, []string{"良好一", "坏表", "拆分表头", "良好二"}, [][][]cell{good1, bad, split, good2}, nil)
}

func writeSample(t *testing.T, name string, data []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
}

func TestSamples(t *testing.T) {
	if !*update {
		t.Skip("regenerates testdata with -update")
	}
	var buf bytes.Buffer
	require.NoError(t, WriteSelfForms(&buf, sampleForms()))
	writeSample(t, "self_national.xlsx", buf.Bytes())
	fs := variantAForms()
	rows := make([][][]cell, len(fs))
	for i, f := range fs {
		rows[i] = localA(f)
	}
	writeSample(t, "self_local_a.xlsx", layoutBook(t, sheetsOf(fs), rows, nil))
	fs = sampleForms()
	for i, f := range fs {
		rows[i] = localB(f)
	}
	writeSample(t, "self_local_b.xlsx", layoutBook(t, sheetsOf(fs), rows, nil))
	writeSample(t, "self_broken.xlsx", brokenBook(t))
	buf.Reset()
	require.NoError(t, WriteGoalForms(&buf, sampleGoalForms()))
	writeSample(t, "goal_national.xlsx", buf.Bytes())
	buf.Reset()
	require.NoError(t, WriteMonitorForms(&buf, sampleMonitorForms()))
	writeSample(t, "monitor_national.xlsx", buf.Bytes())
	ms := variantMonitorForms()
	rows = make([][][]cell, len(ms))
	names := make([]string, len(ms))
	for i, f := range ms {
		rows[i], names[i] = localMonitor(f), f.Sheet
	}
	writeSample(t, "monitor_local.xlsx", layoutBook(t, names, rows, nil))
	writeSample(t, "monitor_broken.xlsx", brokenMonitorBook(t))
	buf.Reset()
	require.NoError(t, WriteDepartmentForms(&buf, sampleDeptForms()))
	writeSample(t, "dept_national.xlsx", buf.Bytes())
	writeSample(t, "dept_broken.xlsx", deptBrokenBook(t))
}
