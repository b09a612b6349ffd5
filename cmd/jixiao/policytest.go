package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/internal/table"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/policy"
	"github.com/jixiao-go/jixiao/sqlstore"
	"github.com/jixiao-go/jixiao/xlsx"
)

// historyFlags are the flags of the commands over a project history
// (replay and diff): where the history and its context are, how many
// workers replay it, and whether the recorded decisions are verified first.
type historyFlags struct {
	hist, org, standards string
	workers              int
	verify               bool
	// policies are the --policy files, taken before the arguments.
	policies []string
	// db is --db: the history is read from this database (db.go).
	db    string
	store *sqlstore.Store
	sqlDB *sql.DB
	tmp   string
}

// historyAbout is the help text shared by replay and diff.
const historyAbout = `A POLICY is a whole-year policy (ex-ante, monitoring, scheme and results
application in one file, as testdata/policy/2021.json; see go doc
./policy), given as an argument or with --policy. The history is JSON lines
(records.jsonl or .jsonl.gz) or CSV (records.csv with cost_lines.csv beside
it), with org.json and standards.json in the same directory unless --org and
--standards say otherwise. The history is streamed: its size does not
matter. --verify first checks that re-running the policy each record names
(of those given) reproduces the recorded decisions exactly, which also
guards the engine against regressions.`

func (h *historyFlags) declare(fs *flag.FlagSet, o *opts) {
	o.common(fs)
	fs.StringVar(&h.hist, "history", "testdata/history/records.jsonl.gz", "the history: records.jsonl[.gz], records.csv or a workbook (sheets records and cost_lines in the CSV layout), or a folder holding one")
	fs.StringVar(&h.org, "org", "", "organisation tree (default: org.json beside the history)")
	fs.StringVar(&h.standards, "standards", "", "expenditure standards (default: standards.json beside the history)")
	fs.IntVar(&h.workers, "workers", 1, "goroutines replaying batches (2 on a 2-core machine)")
	fs.BoolVar(&h.verify, "verify", false, "first check that the recorded decisions are reproduced exactly")
	fs.StringVar(&h.db, "db", "", "read the history from this database (a SQLite file or postgres:// URL; see jixiao import) instead of --history")
	fs.Func("policy", "a whole-year policy JSON, before the POLICY arguments (repeat for diff: A, then B)", func(s string) error {
		h.policies = append(h.policies, s)
		return nil
	})
}

// compile reads and compiles the policy files against the history's
// organisation and standards, and checks that the history exists.
func (h *historyFlags) compile(ctx context.Context, files []string) ([]*history.Program, error) {
	if h.db != "" {
		var err error
		if h.org, h.standards, err = h.openDB(ctx); err != nil {
			return nil, err
		}
		return h.programs(files)
	}
	// The history is checked first, so that a wrong --history is named as
	// given, not as the org.json that would sit beside it.
	st, err := os.Stat(h.hist)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(h.hist)
	if st.IsDir() {
		dir = h.hist
		if h.hist, err = recordsIn(dir); err != nil {
			return nil, err
		}
	}
	if h.org == "" {
		h.org = filepath.Join(dir, "org.json")
	}
	if h.standards == "" {
		h.standards = filepath.Join(dir, "standards.json")
	}
	return h.programs(files)
}

// programs compiles the policy files against --org and --standards.
func (h *historyFlags) programs(files []string) ([]*history.Program, error) {
	org, standards, err := replayContext(h.org, h.standards)
	if err != nil {
		return nil, err
	}
	var progs []*history.Program
	for _, f := range files {
		p, err := policy.Load(f)
		if err != nil {
			if errors.Is(err, policy.ErrPolicy) {
				return nil, &policyError{file: f, err: err}
			}
			return nil, err
		}
		std := standards
		if p.Standards != nil || p.StandardsFile != "" {
			std = nil // the policy's own
		}
		pr, err := history.Compile(p, org, std)
		if err != nil {
			return nil, &policyError{file: f, err: err}
		}
		progs = append(progs, pr)
	}
	return progs, nil
}

// historyNames are the names a history may have in a folder given as
// --history, in the order they are looked for.
var historyNames = []string{"records.jsonl.gz", "records.jsonl", "records.csv", "records.xlsx"}

// recordsIn returns the history file in dir.
func recordsIn(dir string) (string, error) {
	for _, n := range historyNames {
		p := filepath.Join(dir, n)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", &os.PathError{Op: "open", Path: filepath.Join(dir, historyNames[0]), Err: os.ErrNotExist}
}

// verifyFirst, with --verify, checks that the recorded decisions are
// reproduced exactly and returns exitFindings when they are not.
func (h *historyFlags) verifyFirst(o *opts, cmd string, progs []*history.Program) int {
	if !h.verify {
		return exitOK
	}
	v, err := history.Verify(o.context(), progs, h.records(o.context()), history.StreamOptions{Workers: h.workers, Sample: 10})
	o.recordErrors(cmd, err)
	if v == nil { // the history could not be read
		return exitFindings
	}
	fmt.Fprintf(o.stderr, "%s\n", verifyLine(v, o.lang))
	for _, m := range v.Mismatches {
		fmt.Fprintf(o.stderr, "  %s %d\n    recorded %s\n    replayed %s\n", m.ProjectID, m.FiscalYear, m.Recorded, m.Replayed)
	}
	if !v.OK() {
		return exitFindings
	}
	return exitOK
}

func replayCmd() *command {
	return &command{
		name:     "replay",
		summary:  "replay a policy over a project history: totals, verification of recorded decisions (政策回放)",
		synopsis: "replay [history flags] [--verify] POLICY",
		about: `Replay replays POLICY over a project history and prints the totals per
year, region and department (approved, next-year and recovered amounts,
exact yuan) and the counts of grades. Use jixiao diff to compare two
policies.

` + historyAbout + `
Exit 1 when records cannot be read or replayed, or verification fails;
2 on bad usage or unreadable policies.`,
		example: `jixiao replay --verify testdata/history/policy_v1.json
jixiao replay --lang en --format csv testdata/history/policy_v1.json`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			var h historyFlags
			h.declare(fs, o)
			logRun := fs.String("log", "", "with --db, also write every decision to the database's decision log under this run name")
			return func(args []string) int {
				defer h.close()
				args = append(h.policies, args...)
				if len(args) != 1 {
					return o.fail("replay", errors.New("want one POLICY; run 'jixiao help replay' (jixiao diff compares two)"))
				}
				progs, err := h.compile(o.context(), args)
				if err != nil {
					return o.fail("replay", err)
				}
				code := h.verifyFirst(o, "replay", progs)
				s, err := history.Replay(o.context(), progs[0], h.records(o.context()), history.StreamOptions{Workers: h.workers})
				o.recordErrors("replay", err)
				if s == nil { // the history could not be read: no totals
					return exitFindings
				}
				if *logRun != "" {
					if code := h.log(o, progs[0], *logRun); code != exitOK {
						return code
					}
				}
				if err != nil {
					code = exitFindings
				}
				return o.report("replay", code, s,
					func(w io.Writer) error { return writeSummary(w, s, o.lang) },
					func(w io.Writer) error { return writeSummaryCSV(w, s) })
			}
		},
	}
}

func diffCmd() *command {
	return &command{
		name:     "diff",
		summary:  "replay two policies over a project history and report what changes (政策回测)",
		synopsis: "diff [history flags] [--sample N] [--changes FILE] POLICY_A POLICY_B",
		about: `Diff replays POLICY_A and POLICY_B (two policies, or two versions of one)
over the same project history before a change goes live (政策回测) and
prints what B changes against A: per kind of change, grade (优→良 …), alert
and action transition matrices, exact money deltas (yuan) per year, region
and department, the rules whose firing changed and a sample of changed
projects with both sides' explanations. --changes also writes every changed
project to a CSV file. To compare two rule sets over table cases instead,
use jixiao test --against.

` + historyAbout + `
Exit 1 when some project changes, records cannot be read or replayed, or
verification fails; 2 on bad usage or unreadable policies.`,
		example: `jixiao diff testdata/history/policy_v1.json testdata/history/policy_v2.json
jixiao diff --lang en --format csv --workers 2 testdata/history/policy_v1.json testdata/history/policy_v2.json`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			var h historyFlags
			h.declare(fs, o)
			sample := fs.Int("sample", 10, "changed projects shown with their explanations")
			changes := fs.String("changes", "", "also write every changed project to this CSV file")
			return func(args []string) int {
				defer h.close()
				args = append(h.policies, args...)
				if len(args) != 2 {
					return o.fail("diff", errors.New("want POLICY_A and POLICY_B; run 'jixiao help diff'"))
				}
				progs, err := h.compile(o.context(), args)
				if err != nil {
					return o.fail("diff", err)
				}
				opts := history.StreamOptions{Workers: h.workers, Sample: *sample}
				if *sample == 0 {
					opts.Sample = -1
				}
				code := h.verifyFirst(o, "diff", progs)
				rep, err := history.Diff(o.context(), progs[0], progs[1], h.records(o.context()), opts)
				o.recordErrors("diff", err)
				if rep == nil { // the history could not be read: no totals
					return exitFindings
				}
				if err != nil || rep.Changed > 0 {
					code = exitFindings
				}
				if *changes != "" {
					if err := writeChanges(*changes, progs[0], progs[1], h.records(o.context())); err != nil {
						return o.fail("diff", err)
					}
				}
				return o.report("diff", code, rep,
					func(w io.Writer) error { return rep.WriteText(w, o.lang) }, rep.WriteCSV)
			}
		},
	}
}

func replayContext(orgFile, stdFile string) (*performance.Org, []performance.ExpenditureStandard, error) {
	data, err := os.ReadFile(orgFile)
	if err != nil {
		return nil, nil, err
	}
	var nodes []performance.Node
	if err := decodeStrict(orgFile, data, &nodes); err != nil {
		return nil, nil, err
	}
	org, err := performance.NewOrg(nodes)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", orgFile, err)
	}
	var std []performance.ExpenditureStandard
	if data, err = os.ReadFile(stdFile); err != nil {
		return nil, nil, err
	}
	if err := decodeStrict(stdFile, data, &std); err != nil {
		return nil, nil, err
	}
	return org, std, nil
}

// replayRecords streams the history: JSON lines, CSV with cost_lines.csv
// beside records.csv, or a workbook whose sheets hold the same CSV layout
// (see historyWorkbook).
func replayRecords(path string) iter.Seq2[*history.Record, error] {
	if isWorkbook(path) {
		return historyWorkbook(path)
	}
	if !strings.HasSuffix(strings.ToLower(path), ".csv") {
		return history.ReadFile(path)
	}
	return func(yield func(*history.Record, error) bool) {
		rf, err := os.Open(path)
		if err != nil {
			yield(nil, err)
			return
		}
		defer rf.Close()
		var lines io.Reader
		if lf, err := os.Open(filepath.Join(filepath.Dir(path), "cost_lines.csv")); err == nil {
			defer lf.Close()
			lines = lf
		}
		for r, err := range history.ReadCSV(rf, lines) {
			if !yield(r, err) {
				return
			}
		}
	}
}

// recordErrors reports the records that could not be read or replayed, one
// per line.
func (o *opts) recordErrors(cmd string, err error) {
	if err == nil {
		return
	}
	for _, line := range strings.Split(bare(err.Error()), "\n") {
		fmt.Fprintf(o.stderr, "jixiao %s: %s\n", cmd, line)
	}
}

func verifyLine(v *history.Verification, l performance.Lang) string {
	if l == performance.LangEN {
		return fmt.Sprintf("verify: %d records, %d reproduced exactly, %d differ, %d name an unknown policy, %d without decisions",
			v.Records, v.Verified, v.Mismatched, v.UnknownPolicy, v.Unrecorded)
	}
	return fmt.Sprintf("核验: 记录 %d 条，完全复现 %d 条，不一致 %d 条，政策未知 %d 条，无决策记录 %d 条",
		v.Records, v.Verified, v.Mismatched, v.UnknownPolicy, v.Unrecorded)
}

func writeSummary(w io.Writer, s *history.Summary, l performance.Lang) error {
	t := func(zh, en string) string {
		if l == performance.LangEN {
			return en
		}
		return zh
	}
	fmt.Fprintf(w, "%s %s %s (%s %s)\n", t("政策回放", "policy replay"), s.Policy.ID, s.Policy.Version, t("哈希", "hash"), s.Policy.Hash[:12])
	fmt.Fprintf(w, "%s %d, %s %d\n", t("记录数", "records"), s.Records, t("错误", "errors"), s.Errors)
	grades := []string{t("未评级", "none"), "优", "良", "中", "差"}
	var b strings.Builder
	for i, n := range s.Grades {
		fmt.Fprintf(&b, "  %s %d", grades[i], n)
	}
	fmt.Fprintf(w, "%s:%s\n\n", t("等级", "grades"), b.String())
	tb := table.New(t("分组", "group"), t("名称", "name"), t("项目", "projects"), t("审定数", "approved"),
		t("下年度安排", "next year"), t("收回", "recovered")).Right(2, 3, 4, 5)
	add := func(group string, d history.Delta) {
		tb.Add(group, d.Name, strconv.Itoa(d.Projects), d.ApprovedA.StringFixed(2), d.NextYearA.StringFixed(2), d.RecoveredA.StringFixed(2))
	}
	for _, d := range s.Years {
		add(t("年度", "year"), d)
	}
	for _, d := range s.Regions {
		add(t("地区", "region"), d)
	}
	for _, d := range s.Departments {
		add(t("部门", "department"), d)
	}
	add(t("合计", "total"), s.Total)
	return tb.WriteText(w)
}

func writeSummaryCSV(w io.Writer, s *history.Summary) error {
	var b strings.Builder
	b.WriteString("group,id,name,projects,approved,next_year,recovered\n")
	row := func(g string, d history.Delta) {
		fmt.Fprintf(&b, "%s,%s,%s,%d,%s,%s,%s\n", g, d.ID, d.Name, d.Projects, d.ApprovedA.StringFixed(2), d.NextYearA.StringFixed(2), d.RecoveredA.StringFixed(2))
	}
	for _, d := range s.Years {
		row("year", d)
	}
	for _, d := range s.Regions {
		row("region", d)
	}
	for _, d := range s.Departments {
		row("department", d)
	}
	row("total", s.Total)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeChanges writes every changed project, in history order, to file as
// CSV: a second pass over the history, batch by batch, holding one batch.
func writeChanges(file string, a, b *history.Program, recs iter.Seq2[*history.Record, error]) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	cw := history.NewChangeWriter(f)
	var batch []*history.Record
	flush := func() error {
		cs, _ := history.DiffBatch(a, b, batch)
		batch = batch[:0]
		for _, c := range cs {
			if err := cw.Write(c); err != nil {
				return err
			}
		}
		return nil
	}
	for r, err := range recs {
		if err != nil {
			continue
		}
		if len(batch) == 256 || len(batch) > 0 && batch[0].Project.FiscalYear != r.Project.FiscalYear {
			if err := flush(); err != nil {
				f.Close()
				return err
			}
		}
		batch = append(batch, r)
	}
	if err := flush(); err != nil {
		f.Close()
		return err
	}
	if err := cw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// historySheets name a history workbook's records sheet; the cost lines
// are the sheet named as costLinesSheets, when there is one.
var historySheets = []string{"records", "决策记录", "history"}

// historyWorkbook streams the history from a workbook as portfolios are
// read from one: its records sheet (records or 决策记录, else the first) and
// its cost_lines sheet, each as CSV text, through history.ReadCSV, the
// same row decoder as records.csv. A bad row's error names
// "book.xlsx!sheet" in place of the CSV file.
func historyWorkbook(path string) iter.Seq2[*history.Record, error] {
	return func(yield func(*history.Record, error) bool) {
		wb, err := xlsx.Open(path, xlsx.Limits{})
		if err != nil {
			yield(nil, fmt.Errorf("%s: %w", path, err))
			return
		}
		defer wb.Close()
		rs := wb.Sheet(historySheets...)
		if rs == "" {
			rs = wb.Sheets()[0]
		}
		rec, err := wb.CSV(rs)
		if err != nil {
			yield(nil, fmt.Errorf("%s: %w", path, err))
			return
		}
		var lines io.Reader
		ls := wb.Sheet(costLinesSheets...)
		if ls != "" && ls != rs {
			data, err := wb.CSV(ls)
			if err != nil {
				yield(nil, fmt.Errorf("%s: %w", path, err))
				return
			}
			lines = bytes.NewReader(data)
		}
		for r, err := range history.ReadCSV(bytes.NewReader(rec), lines) {
			var ce *history.CSVError
			if errors.As(err, &ce) {
				c := *ce
				switch c.File {
				case "records":
					c.File = wb.Ref(rs)
				case "cost_lines":
					c.File = wb.Ref(ls)
				}
				err = &c
			}
			if !yield(r, err) {
				return
			}
		}
	}
}
