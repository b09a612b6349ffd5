package history

import (
	"context"
	"errors"
	"iter"
	"slices"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/evaluation"
	"github.com/jixiao-go/jixiao/internal/enum"
	"github.com/jixiao-go/jixiao/internal/exact"
	"github.com/jixiao-go/jixiao/monitoring"
	"github.com/jixiao-go/jixiao/performance"
)

// ChangeKind is one kind of difference between two policies' decisions for
// a record. The zero value ChangeNone means no difference.
type ChangeKind uint8

// Change kinds, in report order.
const (
	ChangeNone      ChangeKind = iota
	ChangeReduction            // the ex-ante reduction (审减) differs
	ChangeVerdict              // the ex-ante verdict or fundability differs
	ChangeGrade                // the grade differs (等级变化)
	ChangeAlert                // the alert level, key monitoring or actions differ
	ChangeAction               // next year's action differs (结果应用措施)
	ChangeAmount               // next year's amount differs
	ChangeRecovery             // the money recovered differs (收回)
	ChangeBlock                // blocking of similar new projects differs
	ChangeRules                // the set of rules that fired differs
	// ChangeDepartment: the decision for the department the record
	// carries differs (部门整体绩效结果应用): its grade or the cut to its
	// project budget, or it was decided under one policy only.
	ChangeDepartment
	numChangeKinds
)

// ChangeKinds lists the kinds in report order. It returns a fresh slice.
func ChangeKinds() []ChangeKind {
	ks := make([]ChangeKind, 0, numChangeKinds-1)
	for k := ChangeReduction; k < numChangeKinds; k++ {
		ks = append(ks, k)
	}
	return ks
}

// changeTable names the kinds, row k holding kind k.
var changeTable = enum.Table[ChangeKind]{
	{V: ChangeNone, Code: "none", Zh: "无变化", En: "no change"},
	{V: ChangeReduction, Code: "reduction", Zh: "审减额变化"},
	{V: ChangeVerdict, Code: "verdict", Zh: "评估结论变化"},
	{V: ChangeGrade, Code: "grade", Zh: "等级变化"},
	{V: ChangeAlert, Code: "alert", Zh: "预警变化"},
	{V: ChangeAction, Code: "action", Zh: "结果应用措施变化", En: "next-year action"},
	{V: ChangeAmount, Code: "amount", Zh: "下年度安排数变化", En: "next-year amount"},
	{V: ChangeRecovery, Code: "recovery", Zh: "收回金额变化"},
	{V: ChangeBlock, Code: "block", Zh: "同类新增项目限制变化", En: "block on similar projects"},
	{V: ChangeRules, Code: "rules", Zh: "命中规则变化", En: "rules fired"},
	{V: ChangeDepartment, Code: "department", Zh: "部门整体绩效结果变化", En: "department decision"},
}

// String returns the kind's stable code, such as "grade".
func (k ChangeKind) String() string {
	if k >= numChangeKinds {
		return "unknown"
	}
	return changeTable[k].Code
}

// Name returns the kind in the given language.
func (k ChangeKind) Name(l performance.Lang) string {
	if k >= numChangeKinds {
		return "unknown"
	}
	return changeTable[k].Name(l)
}

// MarshalText encodes the kind as its code.
func (k ChangeKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// ErrUnknownName is wrapped by the error of [ParseChangeKind] for text that
// names no change kind.
var ErrUnknownName = errors.New("history: unknown name")

// ParseChangeKind reads a change kind from its code (reduction, verdict,
// grade, …, department, none; in any case) or its Chinese name (审减额变化,
// 评估结论变化, 等级变化, …, 部门整体绩效结果变化, 无变化), ignoring surrounding spaces. Anything else is an
// error wrapping [ErrUnknownName] that names the allowed values.
func ParseChangeKind(s string) (ChangeKind, error) {
	if k, ok := changeTable.Parse(s); ok {
		return k, nil
	}
	return ChangeNone, enum.Errorf(ErrUnknownName, "history: unknown change kind %q (%s)", s, changeTable.Want())
}

// UnmarshalText decodes any form [ParseChangeKind] accepts.
func (k *ChangeKind) UnmarshalText(b []byte) error {
	return enum.DecodeTable(k, changeTable, false, ParseChangeKind, b)
}

// A Change is how two policies' decisions differ for one record (政策差异),
// with exact money deltas (B − A).
type Change struct {
	Key
	Name       string       `json:"name"`
	Department string       `json:"department"`
	Region     string       `json:"region"`
	Kinds      []ChangeKind `json:"kinds"`
	// ApprovedDelta is B's approved amount minus A's (审定数之差): the
	// negative of the change in the reduction.
	ApprovedDelta decimal.Decimal `json:"approved_delta"`
	// AmountDelta and RecoveredDelta are the differences in next year's
	// amount and in the money recovered.
	AmountDelta    decimal.Decimal `json:"amount_delta"`
	RecoveredDelta decimal.Decimal `json:"recovered_delta"`
	// DepartmentCutDelta is B's cut to the carried department's project
	// budget minus A's (zero when the record carries no department).
	DepartmentCutDelta decimal.Decimal `json:"department_cut_delta"`
	// FiredOnlyA and FiredOnlyB list "stage:rule" of rules that fired under
	// one policy only, sorted.
	FiredOnlyA []string `json:"fired_only_a,omitempty"`
	FiredOnlyB []string `json:"fired_only_b,omitempty"`
	// A and B are both policies' decisions.
	A *Decisions `json:"a"`
	B *Decisions `json:"b"`
}

// Has reports whether the change includes kind k.
func (c *Change) Has(k ChangeKind) bool { return slices.Contains(c.Kinds, k) }

// Compare sets two policies' decisions for record r side by side. It
// returns nil when they agree on every figure and every rule fired,
// including the decision for the department the record carries
// ([ChangeDepartment]: its grade or its cut).
// A stage missing on one side (not run or failed) counts as zero amounts.
// Department and region are left empty; Diff fills them from the org.
func Compare(r *Record, a, b *Decisions) *Change {
	return compare(r, a, b, fired(a), fired(b))
}

// compare is Compare with the rules fired under a and b (fired) given.
func compare(r *Record, a, b *Decisions, fa, fb []string) *Change {
	onlyA, onlyB := minus(fa, fb), minus(fb, fa)
	ks := changeKinds(a, b, len(onlyA)+len(onlyB) > 0)
	if ks == 0 {
		return nil
	}
	c := &Change{Key: r.Key(), Name: r.Project.Name, A: a, B: b, Kinds: ks.list(), FiredOnlyA: onlyA, FiredOnlyB: onlyB}
	if ea, eb := a.ExAnte, b.ExAnte; ea != nil || eb != nil {
		c.ApprovedDelta = approved(eb).Sub(approved(ea))
	}
	if na, nb := a.NextYear, b.NextYear; na != nil || nb != nil {
		c.AmountDelta = amountOf(nb).Sub(amountOf(na))
		c.RecoveredDelta = recoveredOf(nb).Sub(recoveredOf(na))
	}
	if da, db := departmentOf(a), departmentOf(b); da != nil || db != nil {
		c.DepartmentCutDelta = cutOf(db).Sub(cutOf(da))
	}
	return c
}

// kindSet is a set of change kinds, bit k holding kind k.
type kindSet uint16

func (s kindSet) has(k ChangeKind) bool { return s&(1<<k) != 0 }

// list returns the kinds of s in report order.
func (s kindSet) list() []ChangeKind {
	var out []ChangeKind
	for k := ChangeReduction; k < numChangeKinds; k++ {
		if s.has(k) {
			out = append(out, k)
		}
	}
	return out
}

// changeKinds returns how a and b differ, rulesDiffer telling whether the
// rules fired differ. It compares values only, computing no delta: the
// one comparison behind Compare and Diff's counts.
func changeKinds(a, b *Decisions, rulesDiffer bool) kindSet {
	var ks kindSet
	set := func(k ChangeKind, differ bool) {
		if differ {
			ks |= 1 << k
		}
	}
	if ea, eb := a.ExAnte, b.ExAnte; ea != nil || eb != nil {
		set(ChangeReduction, !equalValue(reduced(ea), reduced(eb)))
		set(ChangeVerdict, ea == nil || eb == nil || ea.Verdict != eb.Verdict || ea.Fundable != eb.Fundable)
	}
	set(ChangeGrade, gradeOf(a) != gradeOf(b) || ratingOf(a) != ratingOf(b))
	aa, ab := a.Alert, b.Alert
	set(ChangeAlert, (aa == nil) != (ab == nil) || aa != nil && (aa.Level != ab.Level || aa.Key != ab.Key || !slices.Equal(aa.Actions, ab.Actions)))
	if na, nb := a.NextYear, b.NextYear; na != nil || nb != nil {
		set(ChangeAction, actionOf(na) != actionOf(nb))
		set(ChangeAmount, !equalValue(amountOf(na), amountOf(nb)))
		set(ChangeRecovery, !equalValue(recoveredOf(na), recoveredOf(nb)))
		set(ChangeBlock, (na != nil && na.BlocksSimilar) != (nb != nil && nb.BlocksSimilar))
	}
	set(ChangeRules, rulesDiffer)
	if da, db := departmentOf(a), departmentOf(b); da != nil || db != nil {
		set(ChangeDepartment, da == nil || db == nil || da.Grade != db.Grade || !equalValue(cutOf(da), cutOf(db)))
	}
	return ks
}

// equalValue reports whether x and y are equal in value (1.0 = 1.00),
// without allocating while their coefficients fit the kernel.
func equalValue(x, y decimal.Decimal) bool {
	if eq, ok := exact.EqualValue(x, y); ok {
		return eq
	}
	return x.Equal(y)
}

// departmentOf returns the decision for the department the record
// carries, or nil.
func departmentOf(d *Decisions) *DepartmentDecision {
	if d.NextYear == nil {
		return nil
	}
	return d.NextYear.Department
}

func cutOf(d *DepartmentDecision) decimal.Decimal {
	if d == nil {
		return decimal.Zero
	}
	return d.Cut
}

func deptGradeOf(d *DepartmentDecision) performance.Grade {
	if d == nil {
		return performance.GradeNone
	}
	return d.Grade
}

func reduced(d *ExAnteDecision) decimal.Decimal {
	if d == nil {
		return decimal.Zero
	}
	return d.Reduced
}

func approved(d *ExAnteDecision) decimal.Decimal {
	if d == nil {
		return decimal.Zero
	}
	return d.Approved
}

func gradeOf(d *Decisions) performance.Grade {
	if d.Grade == nil {
		return performance.GradeNone
	}
	return d.Grade.Grade
}

func ratingOf(d *Decisions) string {
	if d.Grade == nil {
		return ""
	}
	return d.Grade.Rating
}

func levelOf(d *Decisions) monitoring.Level {
	if d.Alert == nil {
		return monitoring.LevelNone
	}
	return d.Alert.Level
}

func actionOf(d *NextYearDecision) evaluation.BudgetAction {
	if d == nil {
		return evaluation.ActionNone
	}
	return d.Action
}

func amountOf(d *NextYearDecision) decimal.Decimal {
	if d == nil {
		return decimal.Zero
	}
	return d.Amount
}

func recoveredOf(d *NextYearDecision) decimal.Decimal {
	if d == nil {
		return decimal.Zero
	}
	return d.Recovered
}

// fired lists "stage:rule" for every rule that fired, sorted.
func fired(d *Decisions) []string {
	var out []string
	if d.ExAnte != nil {
		for _, id := range d.ExAnte.Fired {
			out = append(out, "exante:"+id)
		}
	}
	if d.Alert != nil {
		for _, id := range d.Alert.Fired {
			out = append(out, "monitoring:"+id)
		}
	}
	if d.NextYear != nil {
		for _, id := range d.NextYear.Fired {
			out = append(out, "apply:"+id)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// minus returns the members of sorted a not in sorted b.
func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, ok := slices.BinarySearch(b, s); !ok {
			out = append(out, s)
		}
	}
	return out
}

// A Delta is a money comparison of the two policies over a group of records
// (a department, a region, a fiscal year or all): amounts under A and B and
// B − A, exact to the fen.
type Delta struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Projects int    `json:"projects"`
	// Approved is the ex-ante approved amount (审定数).
	ApprovedA     decimal.Decimal `json:"approved_a"`
	ApprovedB     decimal.Decimal `json:"approved_b"`
	ApprovedDelta decimal.Decimal `json:"approved_delta"`
	// NextYear is next year's amount after results application.
	NextYearA     decimal.Decimal `json:"next_year_a"`
	NextYearB     decimal.Decimal `json:"next_year_b"`
	NextYearDelta decimal.Decimal `json:"next_year_delta"`
	// Recovered is money recovered (收回).
	RecoveredA     decimal.Decimal `json:"recovered_a"`
	RecoveredB     decimal.Decimal `json:"recovered_b"`
	RecoveredDelta decimal.Decimal `json:"recovered_delta"`
}

func (d *Delta) finish() {
	d.ApprovedDelta = d.ApprovedB.Sub(d.ApprovedA)
	d.NextYearDelta = d.NextYearB.Sub(d.NextYearA)
	d.RecoveredDelta = d.RecoveredB.Sub(d.RecoveredA)
}

// RuleChange counts, for one rule, the records in which it fired under A,
// under B, and under exactly one of them.
type RuleChange struct {
	// Rule is "stage:rule id", such as "apply:cut_fair".
	Rule    string `json:"rule"`
	FiredA  int    `json:"fired_a"`
	FiredB  int    `json:"fired_b"`
	Changed int    `json:"changed"`
}

// KindCount is how many records changed in one way.
type KindCount struct {
	Kind  ChangeKind `json:"kind"`
	Count int        `json:"count"`
}

// Matrix is a transition matrix: Counts[i][j] records went from the i-th
// label under A to the j-th under B.
type Matrix struct {
	Labels []string `json:"labels"`
	Counts [][]int  `json:"counts"`
}

func newMatrix(labels []string) Matrix {
	m := Matrix{Labels: labels, Counts: make([][]int, len(labels))}
	for i := range m.Counts {
		m.Counts[i] = make([]int, len(labels))
	}
	return m
}

func (m *Matrix) merge(o *Matrix) {
	for i := range m.Counts {
		for j := range m.Counts[i] {
			m.Counts[i][j] += o.Counts[i][j]
		}
	}
}

// A Report is the difference two policies make over a history (政策回测差异报告):
// counts per kind of change, transition matrices of grades, alert levels and
// actions, money deltas per fiscal year, department and region and in
// total, rule firing changes, and a bounded sample of changed records with
// both sides' decisions and explanations.
type Report struct {
	A       PolicyRef `json:"a"`
	B       PolicyRef `json:"b"`
	Records int       `json:"records"`
	Changed int       `json:"changed"`
	// Counts has one entry per change kind, in ChangeKinds order.
	Counts []KindCount `json:"counts"`
	// Grades is the grade transition matrix (等级变化矩阵) over 未评级 优 良 中 差.
	Grades Matrix `json:"grades"`
	// Alerts is the alert level transition matrix at the Q3 check.
	Alerts Matrix `json:"alerts"`
	// Actions is the next-year action transition matrix.
	Actions Matrix `json:"actions"`
	Total   Delta  `json:"total"`
	// Years, Departments and Regions are sorted by ID (department and region
	// node IDs of the org; records of units the org does not place go under
	// the ID "" named 未归属).
	Years       []Delta      `json:"years"`
	Departments []Delta      `json:"departments"`
	Regions     []Delta      `json:"regions"`
	Rules       []RuleChange `json:"rules"`
	// Sample holds up to StreamOptions.Sample changed records, sorted by fiscal
	// year and project ID.
	Sample []*Change `json:"sample"`
	// Errors counts record errors (unreadable records, stages that failed).
	Errors int `json:"errors"`
}

// DiffBatch decides one batch of records of one fiscal year under a and b
// and returns the changed records, in order, with their department and
// region filled from a's org: the per-record half of Diff, for callers that
// stream every change (to a ChangeWriter, say). Errors are as Program.Decide
// returns them, for either program.
func DiffBatch(a, b *Program, batch []*Record) ([]*Change, error) {
	da, errA := a.Decide(batch)
	db, errB := b.Decide(batch)
	pl := &placement{org: a.Org(), cache: map[string][2]performance.Node{}}
	var out []*Change
	for i, r := range batch {
		if c := Compare(r, da[i], db[i]); c != nil {
			d, reg := pl.place(r.Project.UnitID)
			c.Department, c.Region = d.Name, reg.Name
			out = append(out, c)
		}
	}
	return out, errors.Join(errA, errB)
}

// Diff replays policies a and b over the same history and reports what
// changes (see Report). The history is read once, as a stream; memory holds
// a few batches, the aggregates (bounded by the numbers of departments,
// regions, years and rules) and the sample, never the whole history.
// With o.Workers > 1 batches are decided on that many goroutines; the report
// is the same byte for byte whatever the workers and batch size.
//
// Unreadable records and stages that fail for a record are counted in
// Report.Errors and returned, joined (the first o.MaxErrors of them),
// beside the report of everything else. A stream error that does not wrap
// ErrRecord (a read failure: ErrRead, or any other) stops the run: Diff
// returns a nil report and that error, never totals of part of the
// history. Both programs should be compiled with the same org.
//
// Diff checks ctx before it reads each record, and every worker checks it
// before each record it decides (in each stage; a batch's monitoring check
// and results application are one call each over the batch), so each
// goroutine stops within one record of a cancellation. A cancelled Diff
// returns, once every worker has stopped, a nil report and ctx's error
// wrapped (errors.Is(err, context.Canceled)): like a read failure, it never
// presents totals of part of the history as the report.
func Diff(ctx context.Context, a, b *Program, recs iter.Seq2[*Record, error], o StreamOptions) (*Report, error) {
	return diff(ctx, a, b, recs, o, true)
}

// diff is Diff, sharing a batch's combined expert scores between the two
// programs (exante.ScoreShare) only when shareScores is true: the tests
// check that sharing them changes no report.
func diff(ctx context.Context, a, b *Program, recs iter.Seq2[*Record, error], o StreamOptions, shareScores bool) (*Report, error) {
	workers := max(o.Workers, 1)
	accs := make([]*diffAcc, workers)
	pls := make([]*placement, workers)
	scs := make([][2]scratch, workers) // per worker, one per program
	for i := range accs {
		accs[i] = newDiffAcc(o)
		pls[i] = &placement{org: a.Org(), cache: map[string][2]performance.Node{}}
	}
	read, fatal := stream(ctx, recs, o, func(w int, batch []*Record) {
		acc := accs[w]
		sh := &shared{keepScores: !shareScores}
		// Both sides are decided without explanations and compared on
		// their figures; a case the sample takes keeps its facts, and the
		// explanations are rendered from them only for the cases still in
		// the sample at the end.
		var fa, fb batchFacts
		da, errA := a.decideShared(ctx, batch, decideOptions{shared: sh, facts: &fa, scratch: &scs[w][0]})
		db, errB := b.decideShared(ctx, batch, decideOptions{shared: sh, facts: &fb, scratch: &scs[w][1]})
		if ctx.Err() != nil {
			return // the run reports nothing
		}
		acc.errs.add(errA)
		acc.errs.add(errB)
		var i int
		facts := func() *[2]recordFacts {
			return &[2]recordFacts{fa.record(batch, i), fb.record(batch, i)}
		}
		for i = range batch {
			acc.add(batch[i], da[i], db[i], pls[w], facts)
		}
	})
	if fatal != nil {
		return nil, fatal
	}
	acc := accs[0]
	for _, o := range accs[1:] {
		acc.merge(o)
	}
	read.merge(&acc.errs)
	rep := &Report{A: a.Ref(), B: b.Ref(), Records: acc.records, Changed: acc.changed,
		Grades: acc.grades, Alerts: acc.alerts, Actions: acc.actions, Total: acc.total.delta(), Errors: read.n}
	for _, k := range ChangeKinds() {
		rep.Counts = append(rep.Counts, KindCount{Kind: k, Count: acc.counts[k]})
	}
	rep.Total.ID, rep.Total.Name = "", "合计"
	rep.Years = sortedDeltas(acc.years)
	rep.Departments = sortedDeltas(acc.depts)
	rep.Regions = sortedDeltas(acc.regions)
	for _, rc := range acc.rules {
		rep.Rules = append(rep.Rules, *rc)
	}
	sort.Slice(rep.Rules, func(i, j int) bool { return rep.Rules[i].Rule < rep.Rules[j].Rule })
	for _, it := range acc.sample.items {
		if it.facts != nil {
			a.render(it.c.A, &it.facts[0])
			b.render(it.c.B, &it.facts[1])
		}
	}
	rep.Sample = acc.sample.sorted()
	return rep, read.err()
}

func sortedDeltas[K comparable](m map[K]*deltaSum) []Delta {
	out := make([]Delta, 0, len(m))
	for _, d := range m {
		out = append(out, d.delta())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func itoa(n int) string {
	return decimal.NewFromInt(int64(n)).String()
}
