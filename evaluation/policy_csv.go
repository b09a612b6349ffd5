package evaluation

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/performance"
)

// ErrPolicyRow is wrapped by the [RowError] of a row of a public-policy
// evaluations file (政策绩效评价) that cannot be used: a cell that does not
// parse or is out of range, an evaluation-wide cell that disagrees with an
// earlier row's, an evaluation no row of which gives its score or
// attainment.
var ErrPolicyRow = errors.New("evaluation: bad policy evaluation row")

// policyColumns are the columns of the public-policy evaluations CSV
// layout, in the order [PolicyCSVColumns] lists them.
var policyColumns = scan.Layout{
	{Name: "policy_id", Aliases: []string{"政策编号"}, Need: true},
	{Name: "year", Aliases: []string{"评价年度", "年度"}, Need: true},
	{Name: "name", Aliases: []string{"政策名称"}},
	{Name: "department_id", Aliases: []string{"主管部门"}},
	{Name: "new", Aliases: []string{"新出台政策"}},
	{Name: "start_year", Aliases: []string{"起始年度"}},
	{Name: "end_year", Aliases: []string{"终止年度"}},
	{Name: "amount", Aliases: []string{"年度资金规模"}},
	{Name: "project_ids", Aliases: []string{"政策项下项目"}},
	{Name: "score", Aliases: []string{"评价得分", "得分"}, Need: true},
	{Name: "grade", Aliases: []string{"评价等级", "等级"}},
	{Name: "attainment", Aliases: []string{"目标实现程度"}, Need: true},
	{Name: "finding_code", Aliases: []string{"问题类别"}},
	{Name: "serious", Aliases: []string{"严重问题"}},
	{Name: "finding", Aliases: []string{"问题描述"}},
	{Name: "finding_en", Aliases: []string{"问题描述（英文）"}},
}

// policyWide are the evaluation-wide columns besides the key.
var policyWide = []string{"name", "department_id", "new", "start_year", "end_year", "amount", "project_ids", "score", "grade", "attainment"}

// PolicyCSVColumns returns the columns of the public-policy evaluations
// CSV layout ([ReadPolicyCSV]) in the order of the bundled example. It
// returns a fresh slice.
func PolicyCSVColumns() []string { return policyColumns.Names() }

// A PolicyCSV is what [ReadPolicyCSV] read: the evaluations without
// problems, in order of policy ID and year whatever the order of the
// file, and the counts. Read counts the evaluations met (distinct policy
// and year) and the rows that name none (no policy ID or no valid year);
// Accepted the evaluations returned; Rejected the rest, each with at least
// one error in Errors. Rows counts every record after the header. Nothing
// is dropped silently.
type PolicyCSV struct {
	Evaluations []PolicyEvaluation `json:"evaluations"`
	Rows        int                `json:"rows"`
	Read        int                `json:"read"`
	Accepted    int                `json:"accepted"`
	Rejected    int                `json:"rejected"`
	// Errors are every problem of the file, in line order, each with
	// file, line, column and the column's name.
	Errors []*RowError `json:"-"`
}

// MaxCSVPolicyEvaluations is the most evaluations one CSV file may hold;
// rows of further evaluations are rejected, each with its line.
// Illustrative: a province evaluates some tens of policies a year.
const MaxCSVPolicyEvaluations = 100_000

// ReadPolicyCSV reads public-policy performance evaluations (政策绩效评价)
// from CSV: UTF-8 (a byte order mark at the start is dropped), a header
// naming the columns in any order, by name or by the Chinese heading,
// then one row per policy and year, or, for an evaluation with several
// findings, one row per finding, the evaluation-wide cells given on any
// of its rows (and agreeing where given on several). It reads what the
// JSON array of schema policy-evaluations holds, for
// [PolicyProgram.Conclude]. name names the file in errors.
//
// Columns (heading in brackets; * required):
//
//	policy_id* (政策编号)       the policy; with year it keys the evaluation
//	year* (评价年度)            the fiscal year evaluated, 1900–9999
//	name (政策名称), department_id (主管部门)
//	new (新出台政策)            true/false, 是/否; empty: a continuing policy
//	start_year, end_year (起始年度, 终止年度)  the term, 1900–9999, end not
//	                           before start; empty: open
//	amount (年度资金规模)       yuan a year, not negative
//	project_ids (政策项下项目)  separated by ";", "；" or a line break, each
//	                           once, at most performance.MaxPolicyProjects
//	score* (评价得分)           0–100, on some row of the evaluation
//	grade (评价等级)            优, 良, 中, 差 (or 优秀 … or English);
//	                           empty: the rules' scheme grades the score
//	attainment* (目标实现程度)  0–1, on some row of the evaluation
//	finding_code (问题类别)     a finding's code: a row with one is a finding
//	serious (严重问题)          the finding is serious: true/false, 是/否
//	finding, finding_en (问题描述)  its text in Chinese and English
//
// testdata/policy_evaluations.csv is an example. Every problem of every
// row is reported at once, with file, line and column; an evaluation with
// any bad row is rejected whole; the others are returned. The error is for
// the header (wrapping [ErrHeader]) or a read failure; then nothing is
// returned.
//
// Memory grows with the evaluations read; the work is linear in the
// input. At most [MaxCSVPolicyEvaluations] evaluations and
// [MaxPolicyFindings] findings each are read; rows beyond are rejected.
func ReadPolicyCSV(name string, r io.Reader) (*PolicyCSV, error) {
	sr := scan.NewReader(r)
	col, err := policyColumns.Header(name, sr, ErrHeader)
	if err != nil {
		return nil, err
	}
	type key struct {
		id   string
		year int
	}
	gs := &scan.Groups[key, PolicyEvaluation]{
		Records: scan.Records{File: name, Col: col, Kind: ErrPolicyRow},
		Max:     MaxCSVPolicyEvaluations, MaxColumn: "policy_id", Noun: "evaluations",
	}
	for row := range gs.All(sr) {
		id, _ := row.Code("policy_id", "the row names no policy")
		year, err := csvYear(row.Cell("year"))
		if err != nil {
			row.Fail("year", err)
		}
		if len(row.Errs) > 0 {
			gs.Orphan(row)
			continue
		}
		e, fresh := gs.Join(row, key{id, year})
		if e == nil {
			continue
		}
		if fresh {
			e.Val = PolicyEvaluation{Policy: performance.PublicPolicy{ID: id}, Year: year}
		}
		e.Agree(row, policyWide, setPolicyCell)
		if code := row.Cell("finding_code"); code != "" {
			if len(e.Val.Findings) >= MaxPolicyFindings {
				row.Fail("finding_code", fmt.Errorf("more than %d findings in one evaluation", MaxPolicyFindings))
			} else {
				f := PolicyFinding{Code: code, Text: performance.Text{ZH: row.Cell("finding"), EN: row.Cell("finding_en")}}
				if f.Serious, err = scan.ParseYesNo(row.Cell("serious")); err != nil {
					row.Fail("serious", err)
				}
				e.Val.Findings = append(e.Val.Findings, f)
			}
		} else {
			for _, c := range []string{"serious", "finding", "finding_en"} {
				if row.Cell(c) != "" {
					row.Fail(c, errors.New("a finding needs its code (finding_code)"))
				}
			}
		}
		gs.Add(e, row)
	}
	if err := gs.Err(); err != nil {
		return nil, err
	}
	out := &PolicyCSV{}
	for _, e := range gs.Sorted(func(a, b key) int {
		return cmp.Or(strings.Compare(a.id, b.id), cmp.Compare(a.year, b.year))
	}) {
		for _, c := range []string{"score", "attainment"} {
			if !e.Filled(c) {
				gs.Fail(e, e.First, c, fmt.Errorf("no row of the evaluation of %s in %d gives %s", e.Key.id, e.Key.year, c))
			}
		}
		if p := &e.Val.Policy; p.StartYear != 0 && p.EndYear != 0 && p.EndYear < p.StartYear {
			end, _ := e.Given("end_year")
			gs.Fail(e, end.Line, "end_year", fmt.Errorf("end year %d is before start year %d", p.EndYear, p.StartYear))
		}
		if e.Bad {
			continue
		}
		out.Evaluations = append(out.Evaluations, e.Val)
	}
	gs.SortErrors()
	out.Errors = gs.Errors
	out.Rows = gs.Rows
	out.Read = gs.Read()
	out.Accepted = len(out.Evaluations)
	out.Rejected = out.Read - out.Accepted
	return out, nil
}

// csvYear reads a fiscal year 1900–9999.
func csvYear(s string) (int, error) {
	y, err := strconv.Atoi(s)
	if err != nil || y < 1900 || y > 9999 {
		return 0, fmt.Errorf("year %q is not a year 1900–9999", s)
	}
	return y, nil
}

// setPolicyCell sets the evaluation-wide cell c of ev from s.
func setPolicyCell(ev *PolicyEvaluation, c, s string) error {
	p := &ev.Policy
	within := func(lo, hi decimal.Decimal, what string) (decimal.Decimal, error) {
		d, err := performance.ParseDecimal(s)
		if err != nil {
			return d, err
		}
		if d.LessThan(lo) || d.GreaterThan(hi) {
			return d, fmt.Errorf("%s %s outside %s–%s", what, d, lo, hi)
		}
		return d, nil
	}
	var err error
	switch c {
	case "name":
		p.Name = s
	case "department_id":
		p.DepartmentID = s
		return scan.CheckCode(s)
	case "new":
		p.New, err = scan.ParseYesNo(s)
	case "start_year":
		p.StartYear, err = csvYear(s)
	case "end_year":
		p.EndYear, err = csvYear(s)
	case "amount":
		p.Amount, err = performance.ParseDecimal(s)
		if err == nil && p.Amount.Sign() < 0 {
			err = fmt.Errorf("amount %s is negative", p.Amount)
		}
	case "project_ids":
		p.ProjectIDs, err = scan.SplitList(s, performance.MaxPolicyProjects)
		seen := map[string]bool{}
		for _, id := range p.ProjectIDs {
			if seen[id] {
				return fmt.Errorf("project %s listed twice", id)
			}
			seen[id] = true
			if err := scan.CheckCode(id); err != nil {
				return err
			}
		}
	case "score":
		ev.Score, err = within(decimal.Zero, decimal.NewFromInt(100), "score")
	case "grade":
		ev.Grade, err = performance.ParseGrade(s)
	case "attainment":
		ev.Attainment, err = within(decimal.Zero, decimal.NewFromInt(1), "attainment")
	}
	return err
}
