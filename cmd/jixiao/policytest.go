package main

import (
	"encoding/json"
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
)

// replayAbout is the help text of "jixiao replay".
const replayAbout = `Replay replays policies against a project history (政策回测) before a change
goes live. With one POLICY it replays it over the history and prints the
totals per year, region and department and the counts of grades, alert
levels and next-year actions; with two (A, then B) it prints what B changes
against A: per kind of change, grade (优→良 …), alert and action transition
matrices, exact money deltas (yuan) per year, region and department, the
rules whose firing changed and a sample of changed projects with both
sides' explanations. --verify first checks that re-running the policy each
record names reproduces the recorded decisions exactly.

A POLICY is a history policy (ex-ante, monitoring, scheme and results
application in one file; see go doc ./history). The history is JSON lines
(records.jsonl or .jsonl.gz) or CSV (records.csv with cost_lines.csv beside
it), with org.json and standards.json in the same directory unless --org and
--standards say otherwise. The history is streamed: its size does not
matter.
Exit 1 when records cannot be read or replayed, or verification fails;
2 on bad usage or unreadable policies.`

// replayCmd runs "jixiao replay [flags] POLICY [POLICY_B]" and returns the
// exit code. It is self-contained: flags, files, output and exit codes.
func replayCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("jixiao replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		hist      = fs.String("history", "testdata/history/records.jsonl.gz", "the history: records.jsonl[.gz] or records.csv")
		orgFile   = fs.String("org", "", "organisation tree (default: org.json beside the history)")
		stdFile   = fs.String("standards", "", "expenditure standards (default: standards.json beside the history)")
		workers   = fs.Int("workers", 1, "goroutines replaying batches (2 on a 2-core machine)")
		sample    = fs.Int("sample", 10, "changed projects shown with their explanations")
		changes   = fs.String("changes", "", "also write every changed project to this CSV file (two policies)")
		verify    = fs.Bool("verify", false, "first check that the recorded decisions are reproduced exactly")
		langFlag  = fs.String("lang", "zh", "language of the report: zh (中文) or en")
		formatArg = fs.String("format", "text", "output format: text, json or csv")
	)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, "usage: jixiao replay [flags] POLICY [POLICY_B]\n\n%s\n\nflags:\n", replayAbout)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			fmt.Fprintf(stdout, "\nexample:\n  jixiao replay --verify testdata/history/policy_v1.json testdata/history/policy_v2.json\n")
			return exitOK
		}
		fmt.Fprintf(stderr, "run 'jixiao replay -h' for usage\n")
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "jixiao replay: %v\n", err)
		return exitUsage
	}
	lang := performance.LangZH
	switch strings.ToLower(*langFlag) {
	case "", "zh", "zh-cn", "cn":
	case "en":
		lang = performance.LangEN
	default:
		return fail(fmt.Errorf("unknown --lang %q (want zh or en)", *langFlag))
	}
	format := strings.ToLower(*formatArg)
	if format != "text" && format != "json" && format != "csv" {
		return fail(fmt.Errorf("unknown --format %q (want text, json or csv)", *formatArg))
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		return fail(errors.New("want one or two POLICY files; run 'jixiao replay -h'"))
	}
	if *changes != "" && fs.NArg() != 2 {
		return fail(errors.New("--changes needs two policies"))
	}
	dir := filepath.Dir(*hist)
	if *orgFile == "" {
		*orgFile = filepath.Join(dir, "org.json")
	}
	if *stdFile == "" {
		*stdFile = filepath.Join(dir, "standards.json")
	}
	org, standards, err := replayContext(*orgFile, *stdFile)
	if err != nil {
		return fail(err)
	}
	var progs []*history.Program
	for _, f := range fs.Args() {
		data, err := os.ReadFile(f)
		if err != nil {
			return fail(err)
		}
		p, err := history.ParsePolicy(data)
		if err == nil {
			var pr *history.Program
			pr, err = history.Compile(p, org, standards)
			progs = append(progs, pr)
		}
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				fmt.Fprintf(stderr, "jixiao replay: %s: %s\n", f, line)
			}
			return exitUsage
		}
	}
	if _, err := os.Stat(*hist); err != nil {
		return fail(err)
	}
	opts := history.Options{Workers: *workers, Sample: *sample}
	if *sample == 0 {
		opts.Sample = -1
	}
	code := exitOK
	if *verify {
		v, err := history.Verify(progs, replayRecords(*hist), opts)
		replayErrors(stderr, err)
		fmt.Fprintf(stderr, "%s\n", verifyLine(v, lang))
		for _, m := range v.Mismatches {
			fmt.Fprintf(stderr, "  %s %d\n    recorded %s\n    replayed %s\n", m.ProjectID, m.FiscalYear, m.Recorded, m.Replayed)
		}
		if !v.OK() {
			code = exitFindings
		}
	}
	var report any
	var writeText func(io.Writer) error
	var writeCSV func(io.Writer) error
	if len(progs) == 1 {
		s, err := history.Replay(progs[0], replayRecords(*hist), opts)
		replayErrors(stderr, err)
		if err != nil {
			code = exitFindings
		}
		report = s
		writeText = func(w io.Writer) error { return writeSummary(w, s, lang) }
		writeCSV = func(w io.Writer) error { return writeSummaryCSV(w, s) }
	} else {
		rep, err := history.Diff(progs[0], progs[1], replayRecords(*hist), opts)
		replayErrors(stderr, err)
		if err != nil {
			code = exitFindings
		}
		report = rep
		writeText = func(w io.Writer) error { return rep.WriteText(w, lang) }
		writeCSV = rep.WriteCSV
		if *changes != "" {
			if err := writeChanges(*changes, progs[0], progs[1], *hist); err != nil {
				return fail(err)
			}
		}
	}
	switch format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(report)
	case "csv":
		err = writeCSV(stdout)
	default:
		err = writeText(stdout)
	}
	if err != nil {
		return fail(err)
	}
	return code
}

func replayContext(orgFile, stdFile string) (*performance.Org, []performance.ExpenditureStandard, error) {
	data, err := os.ReadFile(orgFile)
	if err != nil {
		return nil, nil, err
	}
	var nodes []performance.Node
	if err := performance.DecodeJSON(data, &nodes, true); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", orgFile, err)
	}
	org, err := performance.NewOrg(nodes)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", orgFile, err)
	}
	var std []performance.ExpenditureStandard
	if data, err = os.ReadFile(stdFile); err == nil {
		err = performance.DecodeJSON(data, &std, true)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", stdFile, err)
	}
	return org, std, nil
}

// replayRecords streams the history: JSON lines, or CSV with cost_lines.csv
// beside records.csv.
func replayRecords(path string) iter.Seq2[*history.Record, error] {
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

func replayErrors(w io.Writer, err error) {
	if err == nil {
		return
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(w, "jixiao replay: %s\n", line)
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
func writeChanges(file string, a, b *history.Program, hist string) error {
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
	for r, err := range replayRecords(hist) {
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
