package evaluation

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/performance"
)

// RectifyStatus is where a rectification item stands at a date (整改状态).
// The zero value RectifyOpen means not yet completed, within its due date.
type RectifyStatus uint8

const (
	// RectifyOpen: not completed, not yet due (整改中). The zero value.
	RectifyOpen RectifyStatus = iota
	// RectifyDone: completed by the due date (已整改).
	RectifyDone
	// RectifyLate: completed after the due date (逾期整改).
	RectifyLate
	// RectifyOverdue: not completed and past the due date (逾期未整改).
	RectifyOverdue
	// RectifyUnsatisfactory: completion reported but not accepted by the
	// bureau (整改不到位).
	RectifyUnsatisfactory
)

var rectifyTable = enum.Table[RectifyStatus]{
	{V: RectifyOpen, Code: "open", Zh: "整改中"},
	{V: RectifyDone, Code: "done", Zh: "已整改"},
	{V: RectifyLate, Code: "late", Zh: "逾期整改"},
	{V: RectifyOverdue, Code: "overdue", Zh: "逾期未整改"},
	{V: RectifyUnsatisfactory, Code: "unsatisfactory", Zh: "整改不到位"},
}

// String returns the status's code, such as "overdue".
func (s RectifyStatus) String() string {
	if int(s) < len(rectifyTable) {
		return rectifyTable[s].Code
	}
	return fmt.Sprintf("rectify_status(%d)", uint8(s))
}

// Name returns the status in the given language: 逾期未整改 or overdue.
func (s RectifyStatus) Name(l performance.Lang) string {
	if r, ok := rectifyTable.Row(int(s)); ok {
		return r.Name(l)
	}
	return s.String()
}

// MarshalText encodes the status as its code.
func (s RectifyStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseRectifyStatus reads a status from its code (open, done, late,
// overdue, unsatisfactory; in any case) or its Chinese name (整改中,
// 已整改, 逾期整改, 逾期未整改, 整改不到位). Anything else is an error
// wrapping [ErrUnknownName] that names the allowed values.
func ParseRectifyStatus(s string) (RectifyStatus, error) {
	if v, ok := rectifyTable.Parse(s); ok {
		return v, nil
	}
	return RectifyOpen, enum.Errorf(ErrUnknownName, "evaluation: unknown rectification status %q (%s)", s, rectifyTable.Want())
}

// UnmarshalText decodes any form [ParseRectifyStatus] accepts.
func (s *RectifyStatus) UnmarshalText(b []byte) error {
	return enum.DecodeTable(s, rectifyTable, false, ParseRectifyStatus, b)
}

// A RectificationItem is one evaluation finding (问题) to be rectified
// (整改事项): who must rectify it by when, and, once the unit reports
// completion, when it was completed and the evidence (佐证材料).
type RectificationItem struct {
	// ID identifies the item: the project ID, the source's letter (K for
	// a key evaluation, R for the review of self-evaluations) and the
	// finding's 1-based number, such as "XM2021007-K2".
	ID        string `json:"id"`
	ProjectID string `json:"project_id"`
	UnitID    string `json:"unit_id,omitempty"`
	// Source is where the finding comes from: "key_evaluation" or
	// "review", or a host's own code.
	Source string `json:"source"`
	// Finding is the problem as the evaluation words it.
	Finding string `json:"finding"`
	// Owner is who must rectify (整改责任单位/责任人); by default the unit.
	Owner string `json:"owner"`
	// Issued and Due are the dates the item was issued and must be
	// completed by (整改期限).
	Issued time.Time `json:"issued"`
	Due    time.Time `json:"due"`
	// Completed is the completion date the unit reported, or the date a
	// later monitoring check found the project no longer red when the unit
	// reported nothing (Inferred); zero while not completed.
	Completed time.Time `json:"completed,omitzero"`
	Evidence  []string  `json:"evidence,omitempty"`
	Inferred  bool      `json:"inferred,omitempty"`
	// Rejected marks a completion the bureau did not accept (整改不到位).
	Rejected bool `json:"rejected,omitempty"`
}

// Status returns where the item stands at asOf: unsatisfactory when its
// completion was rejected; done or late when completed on or before asOf
// (late after the due date); otherwise overdue after the due date, else
// open. Dates compare as calendar dates.
func (it RectificationItem) Status(asOf time.Time) RectifyStatus {
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	switch {
	case it.Rejected:
		return RectifyUnsatisfactory
	case !it.Completed.IsZero() && day(it.Completed) <= day(asOf):
		if day(it.Completed) > day(it.Due) {
			return RectifyLate
		}
		return RectifyDone
	case day(asOf) > day(it.Due):
		return RectifyOverdue
	}
	return RectifyOpen
}

// A RectificationPlan says how findings become items: the issue date and
// how many months the units have. The zero DueMonths means 3, as
// monitoring's default rectify_months (illustrative).
type RectificationPlan struct {
	Issued    time.Time `json:"issued"`
	DueMonths int       `json:"due_months"`
}

// maxDueMonths bounds a plan's months (ten years).
const maxDueMonths = 120

// RectificationsFrom turns evaluation findings into rectification items
// (问题整改清单): each finding of a key or deep evaluation (source
// "key_evaluation"), and from the review of self-evaluations each
// inflated self-evaluation and each missing one (source "review").
// units maps project IDs to their units, the items' owners (a project
// without a unit has the owner ""); review may be nil. Items come in input
// order: the key evaluations', then the review's by project ID. A plan
// with DueMonths outside 0 to 120 is an error ([*performance.LimitError]).
func RectificationsFrom(keys []KeyEvaluation, review *Review, units map[string]string, plan RectificationPlan) ([]RectificationItem, error) {
	if plan.DueMonths < 0 || plan.DueMonths > maxDueMonths {
		return nil, &performance.LimitError{Path: "due_months", Name: "months", Value: int64(plan.DueMonths), Min: 0, Max: maxDueMonths}
	}
	months := plan.DueMonths
	if months == 0 {
		months = 3
	}
	issued := time.Date(plan.Issued.Year(), plan.Issued.Month(), plan.Issued.Day(), 0, 0, 0, 0, time.UTC)
	due := monthEnd(issued, months)
	var out []RectificationItem
	add := func(pid, unit, source, letter string, n int, finding string) {
		out = append(out, RectificationItem{ID: fmt.Sprintf("%s-%s%d", pid, letter, n), ProjectID: pid, UnitID: unit,
			Source: source, Finding: finding, Owner: unit, Issued: issued, Due: due})
	}
	for _, k := range keys {
		for i, f := range k.Findings {
			if f = strings.TrimSpace(f); f != "" {
				add(k.ProjectID, units[k.ProjectID], "key_evaluation", "K", i+1, f)
			}
		}
	}
	if review != nil {
		lines := slices.Clone(review.Lines)
		slices.SortStableFunc(lines, func(a, b ReviewLine) int { return strings.Compare(a.ProjectID, b.ProjectID) })
		for _, l := range lines {
			switch {
			case l.SelfMissing:
				add(l.ProjectID, l.UnitID, "review", "R", 1, "未开展绩效自评")
			case l.Inflated:
				add(l.ProjectID, l.UnitID, "review", "R", 1, fmt.Sprintf("自评结果虚高 %s 分", l.Gap.StringFixed(2)))
			}
		}
	}
	return out, nil
}

// monthEnd returns the last day of the month n months after t's.
func monthEnd(t time.Time, n int) time.Time {
	return time.Date(t.Year(), t.Month()+time.Month(n)+1, 0, 0, 0, 0, 0, time.UTC)
}

// A CompletionReport is a unit's report that an item is rectified
// (整改完成情况报告), with the evidence, and the bureau's acceptance of it:
// Rejected marks one it found unsatisfactory (整改不到位).
type CompletionReport struct {
	ItemID   string    `json:"item_id"`
	Date     time.Time `json:"date"`
	Evidence []string  `json:"evidence"`
	Rejected bool      `json:"rejected,omitempty"`
}

// A Clearance is a later monitoring check that found a project no longer
// red (monitoring's rectification done), the fallback evidence of
// completion when the unit reports none.
type Clearance struct {
	ProjectID string    `json:"project_id"`
	Date      time.Time `json:"date"`
}

// RecordCompletions returns the items with the units' completion reports
// recorded. A report needs evidence; one without, of an unknown item,
// dated before its item was issued, or a second report of one item, is
// listed in the problems (paths "reports[3].evidence") and not recorded.
// An item no report completes takes, as a fallback, the first clearance of
// its project on or after its issue date: completion inferred from a later
// monitoring check (Inferred, no evidence), which is how completion was
// known before units reported it. The items are copies; the input is not
// changed.
func RecordCompletions(items []RectificationItem, reports []CompletionReport, clearances []Clearance) ([]RectificationItem, performance.Problems) {
	out := slices.Clone(items)
	index := make(map[string]int, len(out))
	for i, it := range out {
		index[it.ID] = i
	}
	var ps performance.Problems
	reported := map[string]bool{}
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	for i, r := range reports {
		path := fmt.Sprintf("reports[%d]", i)
		j, ok := index[r.ItemID]
		switch {
		case !ok:
			ps.Add("unknown_item", path+".item_id", "没有该整改事项: "+r.ItemID, "no rectification item "+r.ItemID)
			continue
		case reported[r.ItemID]:
			ps.Add("duplicate_report", path+".item_id", "同一事项重复报告: "+r.ItemID, "a second report of item "+r.ItemID)
			continue
		case len(r.Evidence) == 0:
			ps.Add("no_evidence", path+".evidence", "整改完成须附佐证材料", "a completion needs evidence")
			continue
		case r.Date.IsZero() || day(r.Date) < day(out[j].Issued):
			ps.Add("bad_date", path+".date", "完成日期早于下达日期或缺失", "the date is missing or before the item was issued")
			continue
		}
		reported[r.ItemID] = true
		out[j].Completed, out[j].Evidence, out[j].Rejected, out[j].Inferred = r.Date, slices.Clone(r.Evidence), r.Rejected, false
	}
	first := map[string][]time.Time{}
	for _, c := range clearances {
		first[c.ProjectID] = append(first[c.ProjectID], c.Date)
	}
	for pid := range first {
		slices.SortFunc(first[pid], func(a, b time.Time) int { return strings.Compare(day(a), day(b)) })
	}
	for i := range out {
		if reported[out[i].ID] || !out[i].Completed.IsZero() {
			continue
		}
		for _, d := range first[out[i].ProjectID] {
			if day(d) >= day(out[i].Issued) {
				out[i].Completed, out[i].Inferred = d, true
				break
			}
		}
	}
	return out, ps
}

// A RectificationSummary counts one project's items by status at a date:
// the input results application reads (ProjectOutcome.Rectification).
type RectificationSummary struct {
	Items          int `json:"items"`
	Open           int `json:"open"`
	Done           int `json:"done"`
	Late           int `json:"late"`
	Overdue        int `json:"overdue"`
	Unsatisfactory int `json:"unsatisfactory"`
	// Inferred counts the done or late items whose completion was
	// inferred from a monitoring check, not reported.
	Inferred int `json:"inferred"`
}

// SummarizeRectifications counts the items of each project by their
// status at asOf.
func SummarizeRectifications(items []RectificationItem, asOf time.Time) map[string]RectificationSummary {
	out := map[string]RectificationSummary{}
	for _, it := range items {
		s := out[it.ProjectID]
		s.Items++
		switch st := it.Status(asOf); st {
		case RectifyOpen:
			s.Open++
		case RectifyDone, RectifyLate:
			if st == RectifyDone {
				s.Done++
			} else {
				s.Late++
			}
			if it.Inferred {
				s.Inferred++
			}
		case RectifyOverdue:
			s.Overdue++
		case RectifyUnsatisfactory:
			s.Unsatisfactory++
		}
		out[it.ProjectID] = s
	}
	return out
}
