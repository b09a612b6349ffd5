// Command jixiao runs the performance-budgeting cycle (预算绩效管理) of the
// Jixiao library over files: validate portfolios and policies, assess new
// projects, monitor execution, evaluate, apply results to next year's budget,
// and audit published figures. "jixiao demo" runs the whole cycle on the
// bundled sample shaped after the Lhasa finance bureau's 2021 report.
//
// Exit codes, the same for every command: 0 success, 1 findings, failed
// checks or rejected rows (printed with their counts), 2 bad usage or
// unreadable input. Run "jixiao help" for the commands.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/performance"
)

// Exit codes.
const (
	exitOK       = 0 // success
	exitFindings = 1 // findings or failed checks
	exitUsage    = 2 // bad usage or unreadable input
)

func main() {
	// An interrupt (Ctrl-C) or SIGTERM cancels a long run: the library
	// stops within one project or record and reports no partial totals.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// Standard output goes through one buffer, flushed at the end: a
	// listing of every project or problem is written in large blocks, not
	// a system call per line. Standard error is left unbuffered, for the
	// progress bar (which draws only on a terminal) and messages in the
	// order they happen; its lists are buffered where they are written.
	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	code := runContext(ctx, os.Args[1:], out, os.Stderr)
	if err := out.Flush(); err != nil {
		fmt.Fprintf(os.Stderr, "jixiao: write standard output: %v\n", err)
		code = max(code, exitUsage)
	}
	stop()
	os.Exit(code)
}

// A command is one subcommand: its name, a one-line summary, the synopsis,
// a longer description and an example, in both languages where it reaches
// finance staff; help text is English with the Chinese term.
type command struct {
	name     string
	summary  string
	synopsis string
	about    string
	example  string
	// setup declares the command's own flags on fs and returns the function
	// that runs it with the remaining arguments.
	setup func(fs *flag.FlagSet, o *opts) func(args []string) int
}

func commands() []*command {
	cs := []*command{demoCmd(), auditCmd(), importCmd(), decisionsCmd()}
	cs = append(cs, stageCommands()...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	return cs
}

// run is main without the process: it parses args, runs the command, writes
// to stdout and stderr and returns the exit code. Tests call it directly.
func run(args []string, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdout, stderr)
}

// runContext runs the command in args; ctx cancels long stages.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) == 0 {
			usage(stdout)
			return exitOK
		}
		c := find(rest[0])
		if c == nil {
			fmt.Fprintf(stderr, "jixiao: unknown command %q; run 'jixiao help'\n", rest[0])
			return exitUsage
		}
		fs, _ := c.flags(&opts{stdout: stdout, stderr: stderr})
		c.help(stdout, fs)
		return exitOK
	}
	c := find(name)
	if c == nil {
		fmt.Fprintf(stderr, "jixiao: unknown command %q; run 'jixiao help'\n", name)
		return exitUsage
	}
	o := &opts{stdout: stdout, stderr: stderr, ctx: ctx}
	fs, runc := c.flags(o)
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.help(stdout, fs)
			return exitOK
		}
		fmt.Fprintf(stderr, "run 'jixiao help %s' for usage\n", c.name)
		return exitUsage
	}
	if err := o.resolve(); err != nil {
		fmt.Fprintf(stderr, "jixiao %s: %v\n", c.name, err)
		return exitUsage
	}
	return runc(fs.Args())
}

func find(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (c *command) flags(o *opts) (*flag.FlagSet, func([]string) int) {
	fs := flag.NewFlagSet("jixiao "+c.name, flag.ContinueOnError)
	fs.SetOutput(o.stderr)
	fs.Usage = func() {}
	runc := c.setup(fs, o)
	return fs, runc
}

func (c *command) help(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: jixiao %s\n\n%s\n", c.synopsis, strings.TrimSpace(c.about))
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintf(w, "\nflags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	fmt.Fprintf(w, "\nexample:\n%s\n", indent(strings.TrimSpace(c.example)))
}

func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n")
}

func usage(w io.Writer) {
	fmt.Fprint(w, `jixiao runs performance-based budgeting (预算绩效管理) over files.

usage: jixiao <command> [flags] [files]

commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run 'jixiao help <command>' or 'jixiao <command> -h' for its flags and an example.
Exit codes, the same for every command:
  0  success: every row and record read, nothing to report
  1  findings, failed checks, changes (diff, test --against), or rejected
     rows or records (each printed with file:line:column or path, then the
     counts read, accepted and rejected); the rest of the input is still used
  2  bad usage, or input that cannot be read at all (missing file, malformed
     JSON, a bad header; with --strict, the first bad row)

Output order never follows the order of the input file:
  assess     assessments by round, then project id; rounds by round
  evaluate   projects by project id; self-evaluations by project id, then unit
  apply      projects and blocks by project id
  audit      rates, distributions and roll-ups each by name
  check      problems by project id, then as found (paths keep the index)
  monitor    projects by project id, units by unit id, actions by kind
  replay, diff  totals over all records; changes and rules by id
  report     rounds by round, checks by date; groups, projects and forms by id
`)
}

// opts are the flags every command shares, set by the flag package and
// checked by resolve.
type opts struct {
	stdout, stderr io.Writer
	// ctx cancels long stages (replay, diff, verify, assessment).
	ctx context.Context

	langFlag   string
	formatFlag string

	lang   performance.Lang
	format string
}

// context returns the run's context, Background when none was given.
func (o *opts) context() context.Context {
	if o.ctx == nil {
		return context.Background()
	}
	return o.ctx
}

// common declares --lang and --format.
func (o *opts) common(fs *flag.FlagSet) {
	fs.StringVar(&o.langFlag, "lang", "zh", "language of the report: zh (中文) or en")
	fs.StringVar(&o.formatFlag, "format", "text", "output format: text, json or csv")
}

func (o *opts) resolve() error {
	switch strings.ToLower(o.langFlag) {
	case "", "zh", "zh-cn", "cn":
		o.lang = performance.LangZH
	case "en":
		o.lang = performance.LangEN
	default:
		return fmt.Errorf("unknown --lang %q (want zh or en)", o.langFlag)
	}
	switch f := strings.ToLower(o.formatFlag); f {
	case "", "text":
		o.format = "text"
	case "json", "csv":
		o.format = f
	default:
		return fmt.Errorf("unknown --format %q (want text, json or csv)", o.formatFlag)
	}
	return nil
}

// t picks the message for the report's language.
func (o *opts) t(zh, en string) string {
	if o.lang == performance.LangEN {
		return en
	}
	return zh
}

// withRows is code, raised to exitFindings when rows or records of the
// input were rejected: a run that skipped input never reports success.
func withRows(code int, t *csvio.Tally) int {
	if t != nil && t.Rejected > 0 && code == exitOK {
		return exitFindings
	}
	return code
}

// fail reports an input or usage error and returns exitUsage.
func (o *opts) fail(cmd string, err error) int {
	for _, line := range o.errorLines(err) {
		fmt.Fprintf(o.stderr, "jixiao %s: %s\n", cmd, line)
	}
	return exitUsage
}

// report writes report as JSON, or with text or csv, and returns code, or
// exitUsage when the output cannot be written.
func (o *opts) report(cmd string, code int, report any, text, csv func(io.Writer) error) int {
	var err error
	switch o.format {
	case "json":
		err = writeJSON(o.stdout, report)
	case "csv":
		err = csv(o.stdout)
	default:
		err = text(o.stdout)
	}
	if err != nil {
		return o.fail(cmd, err)
	}
	return code
}
