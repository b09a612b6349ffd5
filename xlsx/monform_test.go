package xlsx

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
)

// monLine is one indicator line of a sample monitoring form, as printed:
// levels, name, target, actual and projection text, likelihood, cause,
// note, measure and code.
type monLine struct {
	level1, level2, name, target, actual, projected, likelihood, cause, note, measure, code string
}

// monForm builds a monitoring form as the reader gives it from the
// printed texts: targets parsed from their text, figures from the actual
// and projection cells ("" and qualitative text give none).
func monForm(sheet, name, code, dept, unit string, asOf time.Time, funds []MonitorFund, goal, progress string, lines []monLine) *MonitorForm {
	f := &MonitorForm{Sheet: sheet, ProjectName: name, Department: dept, Unit: unit, Funds: funds,
		GoalAnnual: goal, GoalProgress: progress, Indicators: []goals.Indicator{}, Actuals: []string{}, Projections: []string{}}
	f.Form = monitoring.Form{ProjectID: cmpOr(code, name), UnitID: unit, AsOf: asOf, Indicators: []monitoring.FormIndicator{}}
	for _, fd := range funds {
		if fd.Label == "年度资金总额" {
			f.Form.Executed = fd.Executed
		}
	}
	figure := func(s string) decimal.NullDecimal {
		if v, err := number(s); err == nil {
			return v
		}
		return decimal.NullDecimal{}
	}
	for _, l := range lines {
		in := goals.Indicator{ID: l.code, Name: l.name}
		in.Level1, _ = goals.ParseLevel1(l.level1)
		var err error
		if in.Level2, err = goals.ParseLevel2(l.level2); err != nil {
			in.Level2, in.Level2Name = goals.Level2Other, l.level2
		}
		if in.Target, err = goals.ParseTarget(l.target); err != nil {
			panic(err)
		}
		lk, _ := monitoring.ParseLikelihood(l.likelihood)
		cs, _ := monitoring.ParseCause(l.cause)
		f.Indicators = append(f.Indicators, in)
		f.Actuals = append(f.Actuals, l.actual)
		f.Projections = append(f.Projections, l.projected)
		f.Form.Indicators = append(f.Form.Indicators, monitoring.FormIndicator{Indicator: cmpOr(l.code, l.name),
			Actual: figure(l.actual), Projected: figure(l.projected), Likelihood: lk, Cause: cs, CauseNote: l.note, Measure: l.measure})
	}
	return f
}

// sampleMonitorForms are two third-quarter forms: a training project as of
// the quarter's end (no 截至日期 row: the title's year and 1-9月 give
// 2021-09-30) with a qualitative indicator, and a road project as of
// 2021-09-15 with indicator codes, a cause 其他 with its note and an
// execution to the fen (300000.05 yuan, 30.000005 万元).
func sampleMonitorForms() []*MonitorForm {
	return []*MonitorForm{
		monForm("培训监控", "2021年基层干部培训项目", "", "市财政局", "市财政局干部培训中心", time.Date(2021, 9, 30, 0, 0, 0, 0, time.UTC),
			[]MonitorFund{
				{Label: "年度资金总额", Initial: nd("1000000"), Adjusted: nd("1200000"), Executed: nd("650000"), Rate: nd("54.17"), Projected: nd("1200000")},
				{Label: "其中：财政拨款", Initial: nd("1000000"), Adjusted: nd("1200000"), Executed: nd("650000"), Rate: nd("54.17"), Projected: nd("1200000")},
				{Label: "其他资金"},
			}, "培训基层干部1000人次", "已培训620人次",
			[]monLine{
				{"产出指标", "数量指标", "培训人数", "≥1000人", "620", "1000", "确定能", "", "", "", ""},
				{"产出指标", "质量指标", "培训合格率", "≥95%", "96", "96", "确定能", "", "", "", ""},
				{"效益指标", "社会效益指标", "参训人员业务能力", "明显提升", "逐步提升", "明显提升", "有可能", "", "", "", ""},
				{"满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "", "88", "有可能", "人员保障", "", "增派讲师，改进课程", ""},
			}),
		monForm("养护监控", "2021年农村公路养护", "XM2021-002", "市交通运输局", "市公路事务中心", time.Date(2021, 9, 15, 0, 0, 0, 0, time.UTC),
			[]MonitorFund{
				{Label: "年度资金总额", Initial: nd("1200000"), Adjusted: nd("1200000"), Executed: nd("300000.05"), Rate: nd("25"), Projected: nd("1150000")},
			}, "养护农村公路120公里", "",
			[]monLine{
				{"产出指标", "数量指标", "养护里程", "≥120公里", "35.5", "110", "完全不可能", "其他", "汛期道路损毁", "调整养护计划，申请调整目标", "CC01"},
				{"成本指标", "经济成本指标", "每公里养护成本", "≤8万元", "", "8", "确定能", "", "", "", "CC02"},
			}),
	}
}

// localMonitor lays a form out as a city's template: 实施单位 above
// 项目名称, 项目编码 always printed, a 截至日期 row written 2021年9月30日,
// amounts in 元 as text, 截至目前执行数 and 预算执行率, the goal text right
// of 年度总体目标 with no sub-headers (so no 执行情况 text), and the table's
// columns in another order with 实际完成值 and an extra 备注 column,
// levels repeated on every row. Every cell is text.
//
// Row (1-based) 1 title, 2 unit, 3 name, 4 截至日期, 5 budget header, 6 on
// the budget rows, then the goal row, the table header and the lines.
func localMonitor(f *MonitorForm) [][]cell {
	fm := &f.Form
	rows := [][]cell{
		{tx("项目支出绩效目标执行监控表")},
		{tx("实施单位"), tx(f.Unit), {}, tx("主管部门"), tx(f.Department)},
		{tx("项目名称"), tx(f.ProjectName), {}, tx("项目编码"), tx(fm.ProjectID)},
		{tx("截至日期"), tx(fm.AsOf.Format("2006年1月2日"))},
		{tx("项目资金（元）"), {}, tx("年初预算数"), tx("全年预算数"), tx("截至目前执行数"), tx("预算执行率"), tx("全年预计执行数")},
	}
	pct := func(d decimal.NullDecimal) cell {
		if !d.Valid {
			return cell{}
		}
		return tx(d.Decimal.String() + "%")
	}
	for _, fd := range f.Funds {
		rows = append(rows, []cell{{}, tx(fd.Label), tx(nullText(fd.Initial)), tx(nullText(fd.Adjusted)), tx(nullText(fd.Executed)),
			pct(fd.Rate), tx(nullText(fd.Projected))})
	}
	rows = append(rows, []cell{tx("年度总体目标"), tx(f.GoalAnnual)},
		[]cell{tx("绩效指标"), tx("一级指标"), tx("二级指标"), tx("三级指标"), tx("年度指标值"), tx("完成目标可能性"), tx("实际完成值"),
			tx("全年预计完成情况"), tx("纠偏措施"), tx("偏差原因"), tx("原因说明"), tx("备注"), tx("指标代码")})
	for i, in := range f.Indicators {
		l := fm.Indicators[i]
		cause := ""
		if l.Cause != monitoring.CauseNone {
			cause = l.Cause.Name(performance.LangZH)
		}
		rows = append(rows, []cell{{}, tx(in.Level1.Name(performance.LangZH)), tx(level2Text(in)), tx(in.Name), tx(in.Target.Text),
			tx(l.Likelihood.Name(performance.LangZH)), tx(f.Actuals[i]), tx(f.Projections[i]), tx(l.Measure), tx(cause), tx(l.CauseNote),
			tx("无"), tx(in.ID)})
	}
	return rows
}

// variantMonitorForms are the sample forms as the local variant reads
// them: no 1-X月执行情况 text under the goal, 项目编码 always printed.
func variantMonitorForms() []*MonitorForm {
	fs := sampleMonitorForms()
	for _, f := range fs {
		f.GoalProgress = ""
	}
	return fs
}

// brokenMonitorBook is three sheets: the two sample forms in the local
// layout around a copy of the first with broken cells.
func brokenMonitorBook(t testing.TB) []byte {
	fs := variantMonitorForms()
	good1, good2 := localMonitor(fs[0]), localMonitor(fs[1])
	bad := localMonitor(fs[0])
	// E6 is 年度资金总额's 截至目前执行数: text.
	bad[5][4] = tx("六十五万")
	// The form has three budget rows (6 to 8), the goal row 9, the table
	// header row 10: its 完成目标可能性 (F10) is gone.
	bad[9][5] = tx("")
	// Row 12 is the second line: its 偏差原因 (J12) is no cause the form
	// offers, and its 年度指标值 (E12) is empty.
	bad[11][9] = tx("天气")
	bad[11][4] = tx("")
	return layoutBook(t, []string{"良好一", "坏表", "良好二"}, [][][]cell{good1, bad, good2}, nil)
}

func TestMonitorFormsRoundTrip(t *testing.T) {
	want := sampleMonitorForms()
	var buf bytes.Buffer
	require.NoError(t, WriteMonitorForms(&buf, want))
	for name, data := range map[string][]byte{"written": buf.Bytes(), "monitor_national.xlsx": readSample(t, "monitor_national.xlsx")} {
		got, err := ReadMonitorForms(bytes.NewReader(data), Limits{})
		require.NoError(t, err, name)
		require.Len(t, got, len(want), name)
		for i := range want {
			assert.Equal(t, jsonOf(t, want[i]), jsonOf(t, got[i]), "%s: form %d", name, i)
		}
	}
	// By hand: the road form's execution 300000.05 yuan is printed
	// 30.000005 万元 and read back ×10,000 to the fen.
	got, err := ReadMonitorForms(bytes.NewReader(buf.Bytes()), Limits{})
	require.NoError(t, err)
	assert.True(t, got[1].Form.Executed.Decimal.Equal(dec("300000.05")), "executed %s", got[1].Form.Executed.Decimal)
	// 1-9月 of 2021 with no 截至日期 row: the last day of September.
	assert.Equal(t, "2021-09-30", got[0].Form.AsOf.Format(time.DateOnly))
	assert.Equal(t, "2021-09-15", got[1].Form.AsOf.Format(time.DateOnly))
	assert.Equal(t, monitoring.Impossible, got[1].Form.Indicators[0].Likelihood)
	assert.Equal(t, "CC01", got[1].Form.Indicators[0].Indicator)
	// The qualitative line keeps its text and has no figure.
	assert.False(t, got[0].Form.Indicators[2].Actual.Valid)
	assert.Equal(t, "逐步提升", got[0].Actuals[2])
}

func TestReadMonitorLocalVariant(t *testing.T) {
	got, err := ReadMonitorForms(bytes.NewReader(readSample(t, "monitor_local.xlsx")), Limits{})
	require.NoError(t, err)
	want := variantMonitorForms()
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, jsonOf(t, want[i]), jsonOf(t, got[i]), "form %d", i)
	}
}

func TestReadMonitorBroken(t *testing.T) {
	for name, data := range map[string][]byte{"generated": brokenMonitorBook(t), "monitor_broken.xlsx": readSample(t, "monitor_broken.xlsx")} {
		got, err := ReadMonitorForms(bytes.NewReader(data), Limits{})
		// The good sheets are read, in order.
		require.Len(t, got, 2, name)
		assert.Equal(t, "良好一", got[0].Sheet)
		assert.Equal(t, "良好二", got[1].Sheet)
		want := variantMonitorForms()
		assert.Equal(t, jsonOf(t, want[0].Form), jsonOf(t, got[0].Form))
		assert.Equal(t, jsonOf(t, want[1].Form), jsonOf(t, got[1].Form))
		var ps Problems
		require.ErrorAs(t, err, &ps, name)
		var where []string
		for _, p := range ps {
			where = append(where, p.Where()+" "+p.Label+" "+p.Code())
		}
		assert.Equal(t, []string{
			"坏表!E6 截至目前执行数 not_number",
			"坏表!A10 完成目标可能性 missing_label",
			"坏表!E12 年度指标值 bad_value",
			"坏表!J12 偏差原因 bad_value",
		}, where, name)
		assert.True(t, errors.Is(err, ErrNotNumber) && errors.Is(err, ErrMissingLabel) && errors.Is(err, ErrBadValue))
	}
}

func TestReadMonitorFigures(t *testing.T) {
	// A figure may carry the target's unit; a different unit or text
	// against a quantitative target is a problem at its cell.
	g := &grid{sheet: "S"}
	var ps Problems
	tg, err := goals.ParseTarget("≥100人")
	require.NoError(t, err)
	v := formValue(g, &ps, "60人", "F9", "实际完成值", tg)
	assert.True(t, v.Valid && v.Decimal.Equal(dec("60")), "60人 against ≥100人: %v", v)
	v = formValue(g, &ps, "1,234.5", "F9", "实际完成值", tg)
	assert.True(t, v.Decimal.Equal(dec("1234.5")))
	formValue(g, &ps, "60公里", "F10", "实际完成值", tg)
	formValue(g, &ps, "较好", "G10", "全年预计完成情况", tg)
	require.Len(t, ps, 2)
	assert.Equal(t, "S!F10", ps[0].Where())
	assert.Equal(t, "S!G10", ps[1].Where())
	assert.ErrorIs(t, ps[0], ErrNotNumber)
	assert.Equal(t, 9, monthsOf("1-9月执行数"))
	assert.Equal(t, 12, monthsOf("1—12月执行情况"))
	assert.Equal(t, 0, monthsOf("截至目前执行数"))
	assert.Equal(t, 0, monthsOf("1-13月执行数"))
}

func TestReadMonitorNoDate(t *testing.T) {
	// No 截至日期 and no 1-X月 header: the as-of date cannot be derived.
	rows := localMonitor(sampleMonitorForms()[0])
	rows[3] = []cell{}
	_, err := ReadMonitorForms(bytes.NewReader(layoutBook(t, []string{"S"}, [][][]cell{rows}, nil)), Limits{})
	var ps Problems
	require.ErrorAs(t, err, &ps)
	require.Len(t, ps, 1)
	assert.Equal(t, "S!A1", ps[0].Where())
	assert.Equal(t, "截至日期", ps[0].Label)
	assert.ErrorIs(t, err, ErrMissingLabel)
}

// FuzzMonitorSheet edits one sheet's cells of the sample monitoring
// workbook (set, cleared, or a row inserted or removed) and reads every
// sheet: no panic, problems only of the edited sheet and each with a cell,
// the other sheet's form unchanged, and the edited one a form or problems.
func FuzzMonitorSheet(f *testing.F) {
	forms := sampleMonitorForms()
	var buf bytes.Buffer
	require.NoError(f, WriteMonitorForms(&buf, forms))
	b, err := openBook(bytes.NewReader(buf.Bytes()), Limits{})
	require.NoError(f, err)
	var grids []*grid
	for _, s := range b.sheets {
		g, ce := b.grid(s, Limits{})
		require.Nil(f, ce)
		grids = append(grids, g)
	}
	b.f.Close()
	want := make([]string, len(forms))
	for i, mf := range forms {
		want[i] = jsonOf(f, mf)
	}
	f.Add(uint8(0), uint8(6), uint8(4), "六十五万", uint8(0), uint8(13), uint8(7), "大概")
	f.Add(uint8(1), uint8(1), uint8(0), "", uint8(2), uint8(11), uint8(4), "≥≥")
	f.Add(uint8(0), uint8(5), uint8(4), "1-13月执行数", uint8(1), uint8(0), uint8(0), "项目名称")
	f.Fuzz(func(t *testing.T, sheet, r1, c1 uint8, v1 string, mode, r2, c2 uint8, v2 string) {
		k := int(sheet) % len(grids)
		g := &grid{sheet: grids[k].sheet}
		for _, row := range grids[k].rows {
			g.rows = append(g.rows, append([]string(nil), row...))
		}
		set := func(r, c int, v string) {
			for len(g.rows) <= r {
				g.rows = append(g.rows, nil)
			}
			for len(g.rows[r]) <= c {
				g.rows[r] = append(g.rows[r], "")
			}
			g.rows[r][c] = v
		}
		set(int(r1)%24, int(c1)%13, v1)
		switch mode % 3 {
		case 0:
			set(int(r2)%24, int(c2)%13, v2)
		case 1:
			at := int(r2) % len(g.rows)
			g.rows = append(g.rows[:at], append([][]string{{v2}}, g.rows[at:]...)...)
		case 2:
			at := int(r2) % len(g.rows)
			g.rows = append(g.rows[:at], g.rows[at+1:]...)
		}
		for i, gi := range grids {
			if i == k {
				mf, ps := readMonitorSheet(g)
				for _, p := range ps {
					require.Equal(t, g.sheet, p.Sheet)
					require.NotEmpty(t, p.Cell)
				}
				require.True(t, len(ps) > 0 || mf != nil)
				if len(ps) == 0 {
					require.Len(t, mf.Form.Indicators, len(mf.Indicators), "a line lost")
				}
				continue
			}
			mf, ps := readMonitorSheet(gi)
			require.Empty(t, ps)
			require.Equal(t, want[i], jsonOf(t, mf), "sheet %s changed by an edit of another", gi.sheet)
		}
	})
}
