package goals

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
	"github.com/jixiao-go/jixiao/performance"
)

// RowError is a CSV row, or one of its cells, that cannot be used: file,
// line, column, the column's name and the cause. It is the library's one
// CSV row error (evaluation.RowError is the same type).
type RowError = scan.RowError

// ErrAdjustmentHeader is wrapped by the error of a goal adjustment
// requests CSV file whose header cannot be read, lacks a required column,
// names a column twice or names a column the layout does not have.
var ErrAdjustmentHeader = errors.New("goals: bad adjustment requests header")

// ErrAdjustmentRow is wrapped by the [RowError] of a row of a goal
// adjustment requests file (绩效目标调整申请) that cannot be used: a cell
// that does not parse or is empty where required, a request-wide cell
// that disagrees with an earlier row's.
var ErrAdjustmentRow = errors.New("goals: bad adjustment request row")

// adjustmentColumns are the columns of the adjustment requests CSV
// layout, in the order [AdjustmentCSVColumns] lists them, with the
// headings of a 绩效目标调整申请表 and its goals table.
var adjustmentColumns = scan.Layout{
	{Name: "project_id", Aliases: []string{"项目编号", "项目代码"}, Need: true},
	{Name: "date", Aliases: []string{"申请日期"}, Need: true},
	{Name: "by", Aliases: []string{"申请单位"}, Need: true},
	{Name: "cause", Aliases: []string{"调整原因类别", "调整原因"}},
	{Name: "reason", Aliases: []string{"调整理由", "调整说明"}, Need: true},
	{Name: "framework", Aliases: []string{"评价类型"}},
	{Name: "total", Aliases: []string{"指标总分值"}},
	{Name: "indicator_id", Aliases: []string{"指标编号"}},
	{Name: "level1", Aliases: []string{"一级指标"}, Need: true},
	{Name: "level2", Aliases: []string{"二级指标"}},
	{Name: "indicator", Aliases: []string{"三级指标", "指标名称"}, Need: true},
	{Name: "target", Aliases: []string{"年度指标值", "指标值"}, Need: true},
	{Name: "weight", Aliases: []string{"分值", "权重"}, Need: true},
	{Name: "standard", Aliases: []string{"指标值确定依据"}},
	{Name: "scoring", Aliases: []string{"评分公式"}},
}

// adjustmentWide are the request-wide columns besides the key.
var adjustmentWide = []string{"by", "cause", "reason", "framework", "total"}

// AdjustmentCSVColumns returns the columns of the goal adjustment
// requests CSV layout ([ReadAdjustmentCSV]) in the order of the bundled
// example. It returns a fresh slice.
func AdjustmentCSVColumns() []string { return adjustmentColumns.Names() }

// An AdjustmentCSV is what [ReadAdjustmentCSV] read: the requests without
// problems, in order of project ID and date whatever the order of the
// file, and the counts. Read counts the requests met (distinct project
// and date) and the rows that name none (no project ID or no valid
// date); Accepted the requests returned; Rejected the rest, each with at
// least one error in Errors. Rows counts every record after the header.
// Nothing is dropped silently.
type AdjustmentCSV struct {
	Requests []AdjustmentRequest `json:"requests"`
	// Lines holds, for each request, the line of each of its indicators
	// (Lines[i][j] is the row of Requests[i].Tree.Indicators[j]), so that
	// the refusals [AdjustmentRules.Decide] gives under
	// "tree.indicators[j]" can be placed in the file.
	Lines    [][]int `json:"lines"`
	Rows     int     `json:"rows"`
	Read     int     `json:"read"`
	Accepted int     `json:"accepted"`
	Rejected int     `json:"rejected"`
	// Errors are every problem of the file, in line order, each with
	// file, line, column and the column's name.
	Errors []*RowError `json:"-"`
}

// MaxCSVAdjustmentRequests is the most requests one CSV file may hold;
// rows of further requests are rejected, each with its line.
// Illustrative: a city's units file some hundreds a year.
const MaxCSVAdjustmentRequests = 100_000

// MaxCSVAdjustmentIndicators is the most indicator rows one request may
// have in CSV; more are rejected, each with its line. Illustrative, as
// evaluation.MaxCSVIndicators.
const MaxCSVAdjustmentIndicators = 10_000

// ReadAdjustmentCSV reads units' goal adjustment requests (绩效目标调整申请,
// 财预〔2015〕88号 第二十八条) from CSV: UTF-8 (a byte order mark at the
// start is dropped), a header naming the columns in any order, by name or
// by the Chinese heading, then one row per level-3 indicator of the goals
// as requested: every indicator of the requested tree, changed or not, as
// [AdjustmentRequest.Tree] holds the whole tree (the JSON array of schema
// goal-adjustments). name names the file in errors.
//
// Columns (heading in brackets; * required):
//
//	project_id* (项目编号)      the project; with date it keys the request
//	date* (申请日期)            YYYY-MM-DD (or RFC 3339), year 1900–9999
//	indicator_id (指标编号)     the indicator's ID, kept across versions
//	level1* (一级指标)          as ParseLevel1 reads it: output, 产出指标, …
//	level2 (二级指标)           as ParseLevel2 reads it; a group it does not
//	                           know is kept as Level2Other named by the cell
//	indicator* (三级指标)       the indicator's name
//	target* (年度指标值)        as ParseTarget reads it: ≥400人次, ≤5%
//	weight* (分值)              the indicator's weight
//	standard (指标值确定依据)   as ParseStandard reads it; empty: not stated
//	scoring (评分公式)          a custom scoring expression; empty: national
//
// and the request-wide cells, which may be given on any row of the
// request and must agree where given on several: by* (申请单位), cause
// (调整原因类别: policy_change, budget_adjustment, force_majeure or a
// bureau's own), reason* (调整理由), framework (评价类型, as ParseFramework
// reads it; empty means self) and total (指标总分值; empty means 100).
// testdata/goallife/adjustments.csv is an example.
//
// Every problem of every row is reported at once, with file, line and
// column; a request with any bad row is rejected whole (a tree missing
// one of its indicators would be decided wrongly); the other requests are
// returned. The requested tree is not validated here: its problems
// (weights, kinds) and the rules' (a missing reason, a late request) are
// [AdjustmentRules.Decide]'s refusals, as for JSON; [AdjustmentCSV.Lines]
// places them. The error is for the header (wrapping
// [ErrAdjustmentHeader]) or a read failure; then nothing is returned.
//
// Memory grows with the requests read; the work is linear in the input.
// At most [MaxCSVAdjustmentRequests] requests and
// [MaxCSVAdjustmentIndicators] rows per request are read; rows beyond are
// rejected.
func ReadAdjustmentCSV(name string, r io.Reader) (*AdjustmentCSV, error) {
	sr := scan.NewReader(r)
	col, err := adjustmentColumns.Header(name, sr, ErrAdjustmentHeader)
	if err != nil {
		return nil, err
	}
	type key struct {
		id  string
		day string
	}
	gs := &scan.Groups[key, AdjustmentRequest]{
		Records: scan.Records{File: name, Col: col, Kind: ErrAdjustmentRow},
		Max:     MaxCSVAdjustmentRequests, MaxColumn: "project_id", Noun: "requests",
	}
	for row := range gs.All(sr) {
		id, _ := row.Code("project_id", "the row names no project")
		date, err := scan.ParseDate(row.Cell("date"))
		if err != nil {
			row.Fail("date", err)
		}
		if len(row.Errs) > 0 {
			gs.Orphan(row)
			continue
		}
		q, fresh := gs.Join(row, key{id, date.Format(time.DateOnly)})
		if q == nil {
			continue
		}
		if fresh {
			q.Val = AdjustmentRequest{ProjectID: id, Date: date, Tree: &Tree{}}
		}
		if len(q.Lines) >= MaxCSVAdjustmentIndicators {
			row.Fail("indicator", fmt.Errorf("more than %d indicators in one request", MaxCSVAdjustmentIndicators))
			gs.Refuse(q, row)
			continue
		}
		q.Agree(row, adjustmentWide, setAdjustmentCell)
		q.Val.Tree.Indicators = append(q.Val.Tree.Indicators, adjustmentIndicator(row))
		gs.Add(q, row)
	}
	if err := gs.Err(); err != nil {
		return nil, err
	}
	out := &AdjustmentCSV{}
	for _, q := range gs.Sorted(func(a, b key) int {
		return cmp.Or(strings.Compare(a.id, b.id), strings.Compare(a.day, b.day))
	}) {
		// The required request-wide cells must be given on some row.
		for _, c := range []string{"by", "reason"} {
			if _, ok := q.Given(c); !ok {
				gs.Fail(q, q.First, c, fmt.Errorf("no row of the request of %s on %s gives %s", q.Key.id, q.Key.day, c))
			}
		}
		if q.Bad {
			continue
		}
		q.Val.Tree.Indicators = slices.Clip(q.Val.Tree.Indicators)
		out.Requests = append(out.Requests, q.Val)
		out.Lines = append(out.Lines, q.Lines)
	}
	gs.SortErrors()
	out.Errors = gs.Errors
	out.Rows = gs.Rows
	out.Read = gs.Read()
	out.Accepted = len(out.Requests)
	out.Rejected = out.Read - out.Accepted
	return out, nil
}

// setAdjustmentCell sets the request-wide cell c of q from s.
func setAdjustmentCell(q *AdjustmentRequest, c, s string) error {
	switch c {
	case "by":
		q.By = s
	case "cause":
		q.Cause = s
	case "reason":
		q.Reason = s
	case "framework":
		f, err := ParseFramework(s)
		if err != nil {
			return err
		}
		q.Tree.Framework = f
	case "total":
		d, err := performance.ParseDecimal(s)
		if err != nil {
			return err
		}
		q.Tree.Total = d
	}
	return nil
}

// adjustmentIndicator reads one indicator row; problems go to row.Errs.
func adjustmentIndicator(row *scan.Row) Indicator {
	var in Indicator
	need := func(c string) (string, bool) {
		s := row.Cell(c)
		if s == "" {
			row.Fail(c, fmt.Errorf("no %s", c))
		}
		return s, s != ""
	}
	var err error
	in.ID = row.Cell("indicator_id")
	if err := scan.CheckCode(in.ID); err != nil {
		row.Fail("indicator_id", err)
	}
	if s, ok := need("level1"); ok {
		if in.Level1, err = ParseLevel1(s); err != nil {
			row.Fail("level1", err)
		}
	}
	if s := row.Cell("level2"); s != "" {
		if in.Level2, err = ParseLevel2(s); err != nil {
			in.Level2, in.Level2Name = Level2Other, s
		}
	}
	in.Name, _ = need("indicator")
	if s, ok := need("target"); ok {
		if in.Target, err = ParseTarget(s); err != nil {
			row.Fail("target", err)
		}
	}
	if s, ok := need("weight"); ok {
		var w decimal.Decimal
		if w, err = performance.ParseDecimal(s); err != nil {
			row.Fail("weight", err)
		}
		in.Weight = w
	}
	if in.Standard, err = ParseStandard(row.Cell("standard")); err != nil {
		row.Fail("standard", err)
	}
	in.Scoring = row.Cell("scoring")
	return in
}
