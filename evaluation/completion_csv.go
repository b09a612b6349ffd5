package evaluation

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/internal/csvio/scan"
)

// ErrCompletionRow is wrapped by the [RowError] of a row of a completion
// reports file (整改完成情况报告) that cannot be used: a cell that does not
// parse, a report without evidence, an item reported on two rows.
var ErrCompletionRow = errors.New("evaluation: bad completion report row")

// completionColumns are the columns of the completion reports CSV layout,
// in the order [CompletionCSVColumns] lists them, with the headings of a
// 整改完成情况报告 register.
var completionColumns = scan.Layout{
	{Name: "item_id", Aliases: []string{"整改事项编号", "事项编号"}, Need: true},
	{Name: "date", Aliases: []string{"完成日期", "整改完成日期"}, Need: true},
	{Name: "evidence", Aliases: []string{"佐证材料", "整改佐证材料"}, Need: true},
	{Name: "rejected", Aliases: []string{"整改不到位"}},
}

// CompletionCSVColumns returns the columns of the completion reports CSV
// layout ([ReadCompletionCSV]) in the order of the bundled example. It
// returns a fresh slice.
func CompletionCSVColumns() []string { return completionColumns.Names() }

// A CompletionCSV is what [ReadCompletionCSV] read: the reports without
// problems, in order of item ID whatever the order of the file, and the
// counts. Each row is one report: Rows counts every record after the
// header, Read the same, Accepted the reports returned and Rejected the
// rest, each with at least one error in Errors. Nothing is dropped
// silently.
type CompletionCSV struct {
	Reports  []CompletionReport `json:"reports"`
	Rows     int                `json:"rows"`
	Read     int                `json:"read"`
	Accepted int                `json:"accepted"`
	Rejected int                `json:"rejected"`
	// Errors are every problem of the file, in line order, each with
	// file, line, column and the column's name.
	Errors []*RowError `json:"-"`
}

// MaxCSVCompletionReports is the most completion reports one CSV file may
// hold; rows beyond are rejected, each with its line. (A city's
// rectification items number in the thousands a year; illustrative.)
const MaxCSVCompletionReports = 100_000

// MaxCSVEvidence is the most evidence items (佐证材料) one report may list
// in CSV; a cell with more is rejected. Illustrative.
const MaxCSVEvidence = 100

// ReadCompletionCSV reads units' rectification completion reports
// (整改完成情况报告) from CSV: UTF-8 (a byte order mark at the start is
// dropped), a header naming the columns in any order, by name or by the
// Chinese heading, then one row per report, the input of
// [RecordCompletions] as the JSON array of schema completion-reports is.
// name names the file in errors.
//
// Columns (heading in brackets; * required):
//
//	item_id* (整改事项编号)  the rectification item reported done
//	                        (RectificationItem.ID)
//	date* (完成日期)         the completion date, YYYY-MM-DD (or RFC 3339),
//	                        year 1900–9999
//	evidence* (佐证材料)     the evidence, at least one item, items
//	                        separated by ";", "；" or a line break; at most
//	                        [MaxCSVEvidence]
//	rejected (整改不到位)    the bureau found the rectification
//	                        unsatisfactory: true/false, yes/no, 1/0 or
//	                        是/否; empty is false
//
// testdata/completion_reports.csv is an example. Every problem of every
// row is reported at once, with file, line and column, and the row is
// rejected; the other rows are returned. An item reported on more than
// one row is rejected on each of its rows (the file does not say which
// report stands; [RecordCompletions] would take one report per item), so
// the result does not depend on the order of the rows. The error is for
// the header (wrapping [ErrHeader]) or a read failure; then nothing is
// returned.
//
// Memory grows with the reports read; the work is linear in the input.
// At most [MaxCSVCompletionReports] rows are read; rows beyond are
// rejected.
func ReadCompletionCSV(name string, r io.Reader) (*CompletionCSV, error) {
	sr := scan.NewReader(r)
	col, err := completionColumns.Header(name, sr, ErrHeader)
	if err != nil {
		return nil, err
	}
	type kept struct {
		line   int
		report CompletionReport
		bad    bool
	}
	rs := &scan.Records{File: name, Col: col, Kind: ErrCompletionRow}
	var rows []kept
	lines := map[string][]int{} // the lines of each item ID
	for row := range rs.All(sr) {
		if len(rows) >= MaxCSVCompletionReports {
			row.Fail("item_id", fmt.Errorf("more than %d reports", MaxCSVCompletionReports))
			rs.Keep(row)
			continue
		}
		rep := completionRow(row)
		if rep.ItemID != "" {
			lines[rep.ItemID] = append(lines[rep.ItemID], row.Line)
		}
		rows = append(rows, kept{line: row.Line, report: rep, bad: rs.Keep(row)})
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	out := &CompletionCSV{}
	for i := range rows {
		k := &rows[i]
		ls := lines[k.report.ItemID]
		if len(ls) < 2 {
			continue
		}
		others := make([]string, 0, len(ls)-1)
		for _, l := range ls {
			if l != k.line {
				others = append(others, strconv.Itoa(l))
			}
		}
		k.bad = true
		rs.Fail(k.line, "item_id", fmt.Errorf("item %s is reported again on line %s (one report per item)", k.report.ItemID, strings.Join(others, ", ")))
	}
	for _, k := range rows {
		if !k.bad {
			out.Reports = append(out.Reports, k.report)
		}
	}
	slices.SortFunc(out.Reports, func(a, b CompletionReport) int { return strings.Compare(a.ItemID, b.ItemID) })
	rs.SortErrors()
	out.Errors = rs.Errors
	out.Rows = rs.Rows
	out.Read = out.Rows
	out.Accepted = len(out.Reports)
	out.Rejected = out.Read - out.Accepted
	return out, nil
}

// completionRow reads one report's cells; problems go to row.Errs.
func completionRow(row *scan.Row) CompletionReport {
	var rep CompletionReport
	if id, ok := row.Code("item_id", "the row names no item"); ok {
		rep.ItemID = id
	}
	d, err := scan.ParseDate(row.Cell("date"))
	if err != nil {
		row.Fail("date", err)
	}
	rep.Date = d
	ev, err := scan.SplitList(row.Cell("evidence"), MaxCSVEvidence)
	switch {
	case err != nil:
		row.Fail("evidence", err)
	case len(ev) == 0:
		row.Fail("evidence", errors.New("a completion needs evidence (佐证材料)"))
	default:
		rep.Evidence = ev
	}
	if rep.Rejected, err = scan.ParseYesNo(row.Cell("rejected")); err != nil {
		row.Fail("rejected", err)
	}
	return rep
}
