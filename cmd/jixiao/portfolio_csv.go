package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/evaluation/exante"
	"github.com/jixiao-go/jixiao/experts"
	"github.com/jixiao-go/jixiao/internal/csvio"
	"github.com/jixiao-go/jixiao/internal/slab"
	"github.com/jixiao-go/jixiao/performance"
)

// A CSV portfolio is two files side by side: projects.csv, one row per
// project (and budget round), and cost_lines.csv, one row per cost line,
// tied to its project by project_id (and round when the project is in more
// than one round).
const (
	projectsCSV  = "projects.csv"
	costLinesCSV = "cost_lines.csv"
)

var projectsSchema = csvio.Schema{
	// project_id, as history's records and every CSV of the library name
	// it (DOMAIN.md §8); "id", this file's name for it before issue 15, is
	// accepted for one release.
	{Name: "project_id", Aliases: []string{"id", "项目编码", "项目编号"}, Required: true, Code: true},
	{Name: "name", Aliases: []string{"项目名称"}},
	{Name: "unit_id", Aliases: []string{"预算单位", "单位编码"}, Code: true},
	{Name: "fiscal_year", Aliases: []string{"预算年度", "年度"}},
	{Name: "kind", Aliases: []string{"项目类别"}},
	{Name: "new", Aliases: []string{"新增项目"}},
	{Name: "category", Aliases: []string{"项目分类", "分类"}},
	{Name: "basis", Aliases: []string{"立项依据"}},
	{Name: "content", Aliases: []string{"项目内容和目标", "项目内容"}},
	{Name: "period_start", Aliases: []string{"实施开始", "开始月份"}},
	{Name: "period_end", Aliases: []string{"实施结束", "结束月份"}},
	{Name: "total_investment", Aliases: []string{"投入总额"}},
	{Name: "invested_to_date", Aliases: []string{"已投入金额"}},
	{Name: "amount", Aliases: []string{"本年度预算金额", "预算金额", "金额"}, Required: true},
	{Name: "fund_source", Aliases: []string{"资金来源"}},
	{Name: "round", Aliases: []string{"轮次"}},
	// host.NAME columns carry the host's own fields (宿主字段), as text the
	// rules parse by the type the policy declares; see projectCols.row.
	{Name: hostPrefix, Prefix: true},
}

// hostPrefix begins the header of a host column of projects.csv.
const hostPrefix = "host."

var costLinesSchema = csvio.Schema{
	{Name: "project_id", Aliases: []string{"项目编码", "项目编号"}, Required: true, Code: true},
	{Name: "round", Aliases: []string{"轮次"}},
	{Name: "item", Aliases: []string{"测算项目"}, Required: true},
	{Name: "specification", Aliases: []string{"规格", "说明", "规格/说明"}},
	{Name: "quantity", Aliases: []string{"数量"}},
	{Name: "unit", Aliases: []string{"单位"}},
	{Name: "unit_price", Aliases: []string{"单价"}},
	{Name: "amount", Aliases: []string{"金额"}, Required: true},
	{Name: "standard_id", Aliases: []string{"支出标准"}, Code: true},
}

// csvInput is how a command reads CSV: the encoding and whether a bad row
// is fatal.
type csvInput struct {
	enc    csvio.Encoding
	strict bool
	// stringRows reads the cost lines as strings (csvio.Reader.Next)
	// rather than bytes (NextBytes): the reference the tests hold the
	// reading of bytes to.
	stringRows bool
}

// projectsCSVIn returns the projects CSV that arg names: arg itself when it
// ends in .csv, or projects.csv in the folder arg; "" otherwise.
func projectsCSVIn(arg string) string {
	if strings.EqualFold(filepath.Ext(arg), ".csv") {
		return arg
	}
	if _, _, ok := sheetRef(arg); ok {
		return arg
	}
	if isWorkbook(arg) {
		return sheetIn(arg, projectsSheets)
	}
	if wb := workbookIn(arg); wb != "" {
		return sheetIn(wb, projectsSheets)
	}
	p := filepath.Join(arg, projectsCSV)
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		return p
	}
	return ""
}

// readPortfolioCSV reads a projects CSV and the cost_lines.csv beside it
// into submissions, in the order of the projects file. Every bad row is
// reported with file, line and column and counted as rejected; with strict
// the first one is fatal. A cost line whose project is unknown, or whose
// project row was rejected, is rejected too.
func readPortfolioCSV(name string, in csvInput) ([]exante.Submission, *csvio.Tally, error) {
	subs, _, tally, err := readPortfolioCSVLines(name, in)
	return subs, tally, err
}

// rowLines is where one submission came from: the line of its row in the
// projects file and of each of its cost lines in the cost-lines file.
type rowLines struct {
	project int
	costs   []int
}

// readPortfolioCSVLines is readPortfolioCSV that also returns where each
// submission came from.
func readPortfolioCSVLines(name string, in csvInput) ([]exante.Submission, []rowLines, *csvio.Tally, error) {
	// Both files are opened, their encodings and headers checked, before
	// any row is read; then each is read a row at a time, so memory grows
	// with the projects and their cost lines, never with the files' text.
	projects, closeProjects, err := openCSV(name, in.enc, projectsSchema)
	if err != nil {
		return nil, nil, nil, err
	}
	defer closeProjects()
	linesName := siblingTable(name, costLinesCSV)
	costs, closeCosts, err := openCSV(linesName, in.enc, costLinesSchema)
	if err != nil {
		return nil, nil, nil, err
	}
	defer closeCosts()
	// The experts' sheets (the largest file of a scored portfolio) are
	// decoded while the rows are read, on the cores the reading leaves;
	// their error, if any, is reported where it always was, after the
	// rows'. An early return waits for them: no reading outlives this.
	expertsName := filepath.Join(filepath.Dir(name), expertsJSON)
	type sheetsRead struct {
		sheets []expertSheets
		err    error
	}
	sheetsDone := make(chan sheetsRead, 1)
	go func() {
		var r sheetsRead
		r.err = readOptionalJSON(expertsName, &r.sheets)
		sheetsDone <- r
	}()
	sheetsTaken := false
	defer func() {
		if !sheetsTaken {
			<-sheetsDone
		}
	}()
	tally := &csvio.Tally{}
	// The submissions are gathered in blocks, so that growing their list
	// never copies the ones read, and joined once at the end.
	var subs blocks[exante.Submission]
	var lines []rowLines
	index := submissionIndex{rounds: map[string]roundsOf{}} // project and round → index in subs
	rounds := index.rounds                                  // project → its rounds
	rejected := map[string]bool{}                           // projects with a rejected row
	pcols := projectColsOf(projects.Col)
	err = eachRow(projects.Next, tally, in.strict, func(r csvio.Row) []*csvio.RowError {
		sub := subs.slot() // read in place, kept when accepted
		errs := pcols.row(r, sub)
		id := sub.Project.ID
		if _, dup := index.find(id, sub.Round); dup && id != "" {
			errs = append(errs, r.ErrAt(pcols.id, fmt.Errorf("project %q round %d is given twice", id, sub.Round)))
		}
		if len(errs) > 0 {
			if sub.Project.ID != "" {
				rejected[sub.Project.ID] = true
			}
			*sub = exante.Submission{}
			return errs
		}
		index.add(id, sub.Round, subs.n)
		subs.keep()
		lines = append(lines, rowLines{project: r.Line})
		return nil
	})
	if err != nil {
		return nil, nil, tally, err
	}
	// A project's cost lines usually follow one another: each run of them
	// is read in place into the free space of a block of lines (and of
	// their line numbers), and given to its submission as the slice cut
	// from it, rather than grown a line at a time or copied; a project
	// whose lines come in several runs gets them appended, in file order
	// either way.
	run := costRun{target: -1}
	costSlab := slab.Slab[performance.CostLine]{On: true}
	rowSlab := slab.Slab[int]{On: true}
	flush := func() {
		if run.target < 0 {
			return
		}
		got, rows := costSlab.Claim(run.lines), rowSlab.Claim(run.rows)
		if p := &subs.at(run.target).Project.CostLines; *p == nil {
			*p = got
		} else {
			*p = append((*p)[:len(*p):len(*p)], got...)
		}
		if l := &lines[run.target].costs; *l == nil {
			*l = rows
		} else {
			*l = append((*l)[:len(*l):len(*l)], rows...)
		}
		run.target, run.lines, run.rows = -1, nil, nil
	}
	// The cost lines are read as bytes, valid until the next row: a
	// line's amounts are parsed from them and its texts made strings of
	// their own (costCols.line), and the project's ID is looked up by its
	// bytes, made a string only for an error.
	ccols := costColsOf(costs.Col)
	nextCost := costs.NextBytes
	if in.stringRows {
		nextCost = costs.Next
	}
	err = eachRow(nextCost, tally, in.strict, func(r csvio.Row) []*csvio.RowError {
		line, errs := ccols.line(r)
		idb := r.Bytes(ccols.projectID)
		target := -1
		switch rs := rounds[string(idb)]; {
		case len(idb) == 0:
			errs = append(errs, r.ErrAt(ccols.projectID, errors.New("empty")))
		case rs.n == 0 && rejected[string(idb)]:
			errs = append(errs, r.ErrAt(ccols.projectID, fmt.Errorf("project %q was rejected", idb)))
		case rs.n == 0:
			errs = append(errs, r.ErrAt(ccols.projectID, fmt.Errorf("unknown project %q", idb)))
		case len(r.Bytes(ccols.round)) > 0:
			id, v := string(idb), string(r.Bytes(ccols.round))
			n, err := strconv.Atoi(v)
			if i, ok := index.find(id, n); err == nil && ok {
				target = i
			} else {
				errs = append(errs, r.ErrAt(ccols.round, fmt.Errorf("project %q has no round %q", id, v)))
			}
		case rs.n > 1:
			errs = append(errs, r.ErrAt(ccols.round, fmt.Errorf("empty, and project %q is in %d rounds", idb, rs.n)))
		default:
			target = rs.first
		}
		if len(errs) > 0 {
			return errs
		}
		if target != run.target {
			flush()
			run.target = target
			run.lines, run.rows = costSlab.Room(costRunRoom), rowSlab.Room(costRunRoom)
		}
		run.lines = append(run.lines, line)
		run.rows = append(run.rows, r.Line)
		return nil
	})
	if err != nil {
		return nil, nil, tally, err
	}
	flush()
	all := subs.join()
	read := <-sheetsDone
	sheetsTaken = true
	if read.err != nil {
		return nil, nil, tally, read.err
	}
	sheets := read.sheets
	for i, es := range sheets {
		round := max(es.Round, 1)
		j, ok := index.find(es.ProjectID, round)
		if !ok && rejected[es.ProjectID] {
			continue // the project's row is reported and counted already
		}
		if !ok {
			return nil, nil, tally, fmt.Errorf("%s: [%d]: no accepted project %q in round %d", expertsName, i, es.ProjectID, round)
		}
		if all[j].Experts == nil && len(es.Experts) > 0 {
			all[j].Experts = es.Experts // the first entry: its slice as decoded
		} else {
			all[j].Experts = append(all[j].Experts, es.Experts...)
		}
		if es.Panel != nil {
			if all[j].Panel != nil {
				return nil, nil, tally, fmt.Errorf("%s: [%d]: a second panel for project %q in round %d", expertsName, i, es.ProjectID, round)
			}
			all[j].Panel = es.Panel
		}
	}
	return all, lines, tally, nil
}

// roundsOf is how many rounds of a project the projects file has
// accepted, and the round and index of the submission of its first.
type roundsOf struct{ first, round, n int }

// submissionIndex finds the submission of a project and round. A project
// is found by its ID alone, and so is its first round, the one most
// projects have only: only the later rounds of a project in several are
// kept by project and round.
type submissionIndex struct {
	rounds map[string]roundsOf  // project → its rounds
	later  map[projectRound]int // a later round → index in subs
}

// projectRound is a project and one of its rounds.
type projectRound struct {
	id    string
	round int
}

// add records i as the index of the submission of project id in round,
// which has none yet.
func (x *submissionIndex) add(id string, round, i int) {
	rs, ok := x.rounds[id]
	if !ok {
		x.rounds[id] = roundsOf{first: i, round: round, n: 1}
		return
	}
	if x.later == nil {
		x.later = map[projectRound]int{}
	}
	x.later[projectRound{id, round}] = i
	rs.n++
	x.rounds[id] = rs
}

// find returns the index of the submission of project id in round, and
// whether there is one.
func (x *submissionIndex) find(id string, round int) (int, bool) {
	rs, ok := x.rounds[id]
	switch {
	case !ok:
		return 0, false
	case rs.round == round:
		return rs.first, true
	case rs.n == 1:
		return 0, false
	}
	i, ok := x.later[projectRound{id, round}]
	return i, ok
}

// costRunRoom is the room a run of cost lines starts with in its block:
// a project's estimate is a few dozen lines at most, and one that outgrows
// it is moved to an array of its own by append.
const costRunRoom = 32

// costRun is a run of consecutive cost lines of one submission (target,
// its index), with the line of each in the file.
type costRun struct {
	target int
	lines  []performance.CostLine
	rows   []int
}

// blocksOf is how many values a block of blocks holds.
const blocksOf = 1024

// blocks is a list grown a block at a time: a value is built in its
// place (slot, then keep), never copied as the list grows, and join copies
// the list once into one slice.
type blocks[T any] struct {
	b [][]T // full blocks of blocksOf values, zero past n
	n int
}

// slot returns the place of the next value, zero; keep adds it to the
// list. A slot not kept must be left zero, for the next value.
func (bs *blocks[T]) slot() *T {
	if bs.n/blocksOf == len(bs.b) {
		bs.b = append(bs.b, make([]T, blocksOf))
	}
	return &bs.b[bs.n/blocksOf][bs.n%blocksOf]
}

// keep adds the value at slot to the list.
func (bs *blocks[T]) keep() { bs.n++ }

func (bs *blocks[T]) at(i int) *T { return &bs.b[i/blocksOf][i%blocksOf] }

// join returns the values in one slice, nil when there are none, and
// drops the blocks.
func (bs *blocks[T]) join() []T {
	if bs.n == 0 {
		return nil
	}
	all := make([]T, 0, bs.n)
	for _, b := range bs.b {
		all = append(all, b[:min(len(b), bs.n-len(all))]...)
	}
	bs.b = nil
	return all
}

// expertsJSON holds the experts' scoring sheets of a CSV portfolio, which a
// table cannot carry: [{"project_id": ..., "round": 1, "experts": [...]}].
const expertsJSON = "experts.json"

// expertSheets is one submission's scoring sheets in experts.json; round 0
// is round 1.
type expertSheets struct {
	ProjectID string          `json:"project_id"`
	Round     int             `json:"round,omitempty"`
	Experts   []exante.Expert `json:"experts"`
	// Panel, when given, is the submission's panel: every sheet must be
	// by a member (see exante.Submission.Panel).
	Panel *experts.Panel `json:"panel,omitempty"`
}

// openCSV opens a CSV file of the schema for reading a row at a time; the
// caller calls done when it has read them.
func openCSV(name string, enc csvio.Encoding, schema csvio.Schema) (r *csvio.Reader, done func(), err error) {
	if book, sheet, ok := sheetRef(name); ok {
		return openSheet(book, sheet, schema)
	}
	f, enc, err := csvio.Open(name, enc)
	if err != nil {
		return nil, nil, err
	}
	r, err = csvio.NewReader(name, f, enc, schema)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	r.ReuseRecord() // every caller is done with a row before the next (eachRow)
	return r, func() { f.Close() }, nil
}

// eachRow reads the rows that next returns (a csvio.Reader's Next or
// NextBytes) in file order and gives each to use, which returns the row's
// errors (none: accepted). Every row is counted in tally as read and
// accepted or rejected, with its errors, and so is a record that cannot
// be split into the header's fields; with strict the first rejected row's
// first error is returned. Any other read error is fatal.
func eachRow(next func() (csvio.Row, error), tally *csvio.Tally, strict bool, use func(csvio.Row) []*csvio.RowError) error {
	for {
		row, err := next()
		var errs []*csvio.RowError
		if err == nil {
			errs = use(row)
		} else {
			if errors.Is(err, io.EOF) {
				return nil
			}
			// The errors.As target is taken here only: declared for
			// every row, it would move to the heap for each.
			var re *csvio.RowError
			if !errors.As(err, &re) {
				return err
			}
			errs = []*csvio.RowError{re}
		}
		tally.Read++
		if len(errs) == 0 {
			tally.Accept()
			continue
		}
		tally.Reject(errs...)
		if strict {
			return errs[0]
		}
	}
}

// printRows prints the rejected rows and the counts to stderr.
func (o *opts) printRows(t *csvio.Tally) {
	if t == nil {
		return
	}
	printErrors(o, t.Errors)
	fmt.Fprintln(o.stderr, t.Summary(o.lang == performance.LangZH))
}

// checkPortfolioCSV checks a CSV portfolio: every rejected row and every
// problem of the accepted projects, validated as a JSON portfolio is.
func (o *opts) checkPortfolioCSV(name string, in csvInput) int {
	subs, lines, tally, err := readPortfolioCSVLines(name, in)
	if err != nil {
		return o.fail("check", err)
	}
	p := portfolioFile{}
	dir := filepath.Dir(name)
	if err := readOptionalJSON(filepath.Join(dir, "standards.json"), &p.Standards); err != nil {
		return o.fail("check", err)
	}
	var org performance.Org
	if err := readOptionalJSON(filepath.Join(dir, "org.json"), &org); err != nil {
		return o.fail("check", err)
	} else if _, err := os.Stat(filepath.Join(dir, "org.json")); err == nil {
		p.Org = &org
	}
	var problems []string
	for _, re := range tally.Errors {
		problems = append(problems, o.present(re))
	}
	// Each project is checked on its own, and each problem names the line
	// it comes from: "projects.csv:4: XM2021-1-005.cost_lines: …", or
	// "cost_lines.csv:9: XM2021-1-002.cost_lines[1].amount: …".
	costsName := siblingTable(name, costLinesCSV)
	for i := range subs {
		id := subs[i].Project.ID
		p.Projects = []*performance.Project{&subs[i].Project}
		for _, pb := range portfolioProblems(&p, func(int) string { return id }) {
			at := fmt.Sprintf("%s:%d", name, lines[i].project)
			if k, ok := costLineIndex(pb.Path, id); ok && k < len(lines[i].costs) {
				at = fmt.Sprintf("%s:%d", costsName, lines[i].costs[k])
			}
			problems = append(problems, (&fileError{file: at, err: performance.Problems{pb}}).lines(o.lang)...)
		}
	}
	fmt.Fprintln(o.stderr, tally.Summary(o.lang == performance.LangZH))
	return o.printProblems(name, problems)
}

// readOptionalJSON reads a JSON file strictly, doing nothing when it does
// not exist.
func readOptionalJSON(name string, v any) error {
	if _, err := os.Stat(name); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return readJSON(name, v)
}

// costLineIndex returns k when path is a problem of cost line k of the
// project id: "ID.cost_lines[k]…".
func costLineIndex(path, id string) (int, bool) {
	rest, ok := strings.CutPrefix(path, id+".cost_lines[")
	if !ok {
		return 0, false
	}
	digits, _, ok := strings.Cut(rest, "]")
	if !ok {
		return 0, false
	}
	k, err := strconv.Atoi(digits)
	return k, err == nil && k >= 0
}
