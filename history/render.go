package history

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/table"
	"github.com/jixiao-go/jixiao/performance"
)

func tr(l performance.Lang, zh, en string) string {
	if l == performance.LangEN {
		return en
	}
	return zh
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// yuan prints an exact amount with two decimals and a sign for deltas.
func yuan(d decimal.Decimal) string { return d.StringFixed(2) }

func signed(d decimal.Decimal) string {
	if d.IsPositive() {
		return "+" + d.StringFixed(2)
	}
	return d.StringFixed(2)
}

// WriteText renders the report as plain text in the given language: the
// two policies, counts per kind of change, the transition matrices, the
// money deltas (yuan, exact to the fen) per year, department and region,
// the rules whose firing changed, and the sample with both sides'
// decisions and explanations. The output is byte-identical for the same
// report.
func (r *Report) WriteText(w io.Writer, l performance.Lang) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", tr(l, "政策回测差异报告", "Policy replay: differences"))
	fmt.Fprintf(&b, "A: %s %s (%s %s)\n", r.A.ID, r.A.Version, tr(l, "哈希", "hash"), short(r.A.Hash))
	fmt.Fprintf(&b, "B: %s %s (%s %s)\n", r.B.ID, r.B.Version, tr(l, "哈希", "hash"), short(r.B.Hash))
	fmt.Fprintf(&b, "%s %d, %s %d, %s %d\n\n", tr(l, "记录数", "records"), r.Records, tr(l, "有变化", "changed"), r.Changed, tr(l, "错误", "errors"), r.Errors)

	t := table.New(tr(l, "变化类型", "change"), tr(l, "记录数", "records")).Right(1)
	for _, c := range r.Counts {
		t.Add(c.Kind.Name(l), strconv.Itoa(c.Count))
	}
	if err := writeTable(&b, t); err != nil {
		return err
	}
	for _, m := range []struct {
		title string
		m     Matrix
	}{
		{tr(l, "等级变化矩阵（行A，列B）", "grade transitions (rows A, columns B)"), r.Grades},
		{tr(l, "预警等级变化矩阵（三季度末，行A，列B）", "alert level transitions at Q3 (rows A, columns B)"), r.Alerts},
		{tr(l, "结果应用措施变化矩阵（行A，列B）", "next-year action transitions (rows A, columns B)"), r.Actions},
	} {
		fmt.Fprintf(&b, "%s\n", m.title)
		t := table.New(append([]string{"A\\B"}, m.m.Labels...)...)
		for j := range m.m.Labels {
			t.Right(j + 1)
		}
		for i, row := range m.m.Counts {
			cells := []string{m.m.Labels[i]}
			for _, n := range row {
				cells = append(cells, strconv.Itoa(n))
			}
			t.Add(cells...)
		}
		if err := writeTable(&b, t); err != nil {
			return err
		}
	}
	fmt.Fprintf(&b, "%s\n", tr(l, "资金差异（元，B−A）", "money (yuan, B − A)"))
	t = deltaTable(l, r)
	if err := writeTable(&b, t); err != nil {
		return err
	}
	fmt.Fprintf(&b, "%s\n", tr(l, "规则命中变化", "rules whose firing changed"))
	t = table.New(tr(l, "规则", "rule"), tr(l, "A命中", "fired A"), tr(l, "B命中", "fired B"), tr(l, "变化记录", "changed")).Right(1, 2, 3)
	for _, rc := range r.Rules {
		if rc.Changed == 0 {
			continue
		}
		t.Add(rc.Rule, strconv.Itoa(rc.FiredA), strconv.Itoa(rc.FiredB), strconv.Itoa(rc.Changed))
	}
	if err := writeTable(&b, t); err != nil {
		return err
	}
	fmt.Fprintf(&b, "%s (%d)\n", tr(l, "变化样例", "sample of changed records"), len(r.Sample))
	for _, c := range r.Sample {
		writeChange(&b, c, l)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeTable(b *strings.Builder, t *table.Table) error {
	if err := t.WriteText(b); err != nil {
		return err
	}
	b.WriteByte('\n')
	return nil
}

func deltaTable(l performance.Lang, r *Report) *table.Table {
	t := table.New(tr(l, "分组", "group"), tr(l, "名称", "name"), tr(l, "项目", "projects"),
		tr(l, "审定A", "approved A"), tr(l, "审定B", "approved B"), tr(l, "审定差额", "approved Δ"),
		tr(l, "下年度A", "next year A"), tr(l, "下年度B", "next year B"), tr(l, "下年度差额", "next year Δ"),
		tr(l, "收回差额", "recovered Δ")).Right(2, 3, 4, 5, 6, 7, 8, 9)
	add := func(group string, d Delta) {
		t.Add(group, d.Name, strconv.Itoa(d.Projects), yuan(d.ApprovedA), yuan(d.ApprovedB), signed(d.ApprovedDelta),
			yuan(d.NextYearA), yuan(d.NextYearB), signed(d.NextYearDelta), signed(d.RecoveredDelta))
	}
	for _, d := range r.Years {
		add(tr(l, "年度", "year"), d)
	}
	for _, d := range r.Regions {
		add(tr(l, "地区", "region"), d)
	}
	for _, d := range r.Departments {
		add(tr(l, "部门", "department"), d)
	}
	add(tr(l, "合计", "total"), r.Total)
	return t
}

func writeChange(b *strings.Builder, c *Change, l performance.Lang) {
	kinds := make([]string, len(c.Kinds))
	for i, k := range c.Kinds {
		kinds[i] = k.Name(l)
	}
	fmt.Fprintf(b, "- %d %s %s (%s, %s): %s\n", c.FiscalYear, c.ProjectID, c.Name, c.Department, c.Region, strings.Join(kinds, ", "))
	side := func(name string, d *Decisions) {
		var parts []string
		if e := d.ExAnte; e != nil {
			parts = append(parts, fmt.Sprintf("%s %s %s %s", tr(l, "审减", "reduced"), yuan(e.Reduced), tr(l, "结论", "verdict"), e.Verdict.Name(l)))
		}
		if g := d.Grade; g != nil {
			parts = append(parts, fmt.Sprintf("%s %s", tr(l, "等级", "grade"), g.Rating))
		}
		if a := d.Alert; a != nil {
			parts = append(parts, fmt.Sprintf("%s %s", tr(l, "预警", "alert"), a.Level.Name(l)))
		}
		if n := d.NextYear; n != nil {
			parts = append(parts, fmt.Sprintf("%s %s %s %s %s", tr(l, "措施", "action"), n.Action.Name(l), yuan(n.Amount), tr(l, "收回", "recovered"), yuan(n.Recovered)))
		}
		if dd := departmentOf(d); dd != nil {
			parts = append(parts, fmt.Sprintf("%s %s %s %s %s %s", tr(l, "部门", "department"), dd.DepartmentID, dd.Grade.Name(l),
				dd.Score.StringFixed(2), tr(l, "压减", "cut"), yuan(dd.Cut)))
		}
		fmt.Fprintf(b, "    %s: %s\n", name, strings.Join(parts, "; "))
		if e := d.ExAnte; e != nil {
			for _, r := range e.Reasons {
				fmt.Fprintf(b, "       %s\n", r.In(l))
			}
		}
		if n := d.NextYear; n != nil && n.Explanation.In(l) != "" {
			fmt.Fprintf(b, "       %s\n", n.Explanation.In(l))
		}
	}
	side("A", c.A)
	side("B", c.B)
	if !c.ApprovedDelta.IsZero() || !c.AmountDelta.IsZero() || !c.RecoveredDelta.IsZero() {
		fmt.Fprintf(b, "    Δ %s %s, %s %s, %s %s\n", tr(l, "审定", "approved"), signed(c.ApprovedDelta),
			tr(l, "下年度", "next year"), signed(c.AmountDelta), tr(l, "收回", "recovered"), signed(c.RecoveredDelta))
	}
	if !c.DepartmentCutDelta.IsZero() {
		fmt.Fprintf(b, "    Δ %s %s\n", tr(l, "部门压减", "department cut"), signed(c.DepartmentCutDelta))
	}
	if len(c.FiredOnlyA) > 0 {
		fmt.Fprintf(b, "    %s: %s\n", tr(l, "仅A命中", "fired only under A"), strings.Join(c.FiredOnlyA, " "))
	}
	if len(c.FiredOnlyB) > 0 {
		fmt.Fprintf(b, "    %s: %s\n", tr(l, "仅B命中", "fired only under B"), strings.Join(c.FiredOnlyB, " "))
	}
}

// WriteCSV writes the money deltas as CSV (UTF-8, no byte order mark): one
// row per fiscal year, region, department and the total, amounts in yuan
// with two decimals.
func (r *Report) WriteCSV(w io.Writer) error {
	t := table.New("group", "id", "name", "projects", "approved_a", "approved_b", "approved_delta",
		"next_year_a", "next_year_b", "next_year_delta", "recovered_a", "recovered_b", "recovered_delta")
	add := func(group string, d Delta) {
		t.Add(group, d.ID, d.Name, strconv.Itoa(d.Projects), yuan(d.ApprovedA), yuan(d.ApprovedB), yuan(d.ApprovedDelta),
			yuan(d.NextYearA), yuan(d.NextYearB), yuan(d.NextYearDelta), yuan(d.RecoveredA), yuan(d.RecoveredB), yuan(d.RecoveredDelta))
	}
	for _, d := range r.Years {
		add("year", d)
	}
	for _, d := range r.Regions {
		add("region", d)
	}
	for _, d := range r.Departments {
		add("department", d)
	}
	add("total", r.Total)
	return t.WriteCSV(w)
}

// A ChangeWriter writes changes as CSV (UTF-8, no byte order mark), one
// row per record as they come: key, department and region, the kinds
// (codes separated by |), both sides' figures and the exact deltas, and
// for a record carrying a department's year (Record.Department) the
// department decided, its grade under each policy and its cut under each
// (empty for the other records).
type ChangeWriter struct {
	w      *csv.Writer
	header bool
}

// NewChangeWriter returns a ChangeWriter on w. Call Flush when done.
func NewChangeWriter(w io.Writer) *ChangeWriter { return &ChangeWriter{w: csv.NewWriter(w)} }

// Write writes one change.
func (cw *ChangeWriter) Write(c *Change) error {
	if !cw.header {
		cw.header = true
		if err := cw.w.Write([]string{"fiscal_year", "project_id", "department", "region", "kinds",
			"reduced_a", "reduced_b", "approved_delta", "grade_a", "grade_b", "alert_a", "alert_b",
			"action_a", "action_b", "amount_delta", "recovered_delta", "fired_only_a", "fired_only_b",
			"department_id", "department_grade_a", "department_grade_b", "department_cut_a", "department_cut_b"}); err != nil {
			return err
		}
	}
	kinds := make([]string, len(c.Kinds))
	for i, k := range c.Kinds {
		kinds[i] = k.String()
	}
	da, db := departmentOf(c.A), departmentOf(c.B)
	dept := []string{"", "", "", "", ""}
	if da != nil || db != nil {
		id := ""
		if da != nil {
			id = da.DepartmentID
		} else {
			id = db.DepartmentID
		}
		grade := func(d *DepartmentDecision) string {
			if d == nil {
				return ""
			}
			return deptGradeOf(d).String()
		}
		cut := func(d *DepartmentDecision) string {
			if d == nil {
				return ""
			}
			return yuan(d.Cut)
		}
		dept = []string{id, grade(da), grade(db), cut(da), cut(db)}
	}
	return cw.w.Write(append([]string{strconv.Itoa(c.FiscalYear), c.ProjectID, c.Department, c.Region, strings.Join(kinds, "|"),
		yuan(reduced(c.A.ExAnte)), yuan(reduced(c.B.ExAnte)), yuan(c.ApprovedDelta),
		ratingOf(c.A), ratingOf(c.B), levelOf(c.A).String(), levelOf(c.B).String(),
		actionOf(c.A.NextYear).String(), actionOf(c.B.NextYear).String(), yuan(c.AmountDelta), yuan(c.RecoveredDelta),
		strings.Join(c.FiredOnlyA, "|"), strings.Join(c.FiredOnlyB, "|")}, dept...))
}

// Flush writes buffered rows and returns any write error.
func (cw *ChangeWriter) Flush() error {
	cw.w.Flush()
	return cw.w.Error()
}
