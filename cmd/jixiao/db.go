package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx": PostgreSQL, for --db postgres://…
	_ "modernc.org/sqlite"             // driver "sqlite": pure-Go SQLite, the default --db

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/sqlstore"
)

// The documents stored with an imported history, read back by replay and
// diff --db.
const (
	orgDocument       = "org.json"
	standardsDocument = "standards.json"
)

// isPostgres tells a PostgreSQL URL from a SQLite file name.
func isPostgres(spec string) bool {
	return strings.HasPrefix(spec, "postgres://") || strings.HasPrefix(spec, "postgresql://")
}

// sqliteDSN opens a SQLite file in WAL mode with a busy timeout and
// immediate write transactions, so that concurrent writers wait instead of
// failing, with foreign keys enforced.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"
}

// openStore opens the database --db names: a PostgreSQL URL, or a SQLite
// file (created by import when create is true; replay and diff want one
// that exists). The schema is migrated to this program's version.
func openStore(ctx context.Context, spec string, create bool) (*sqlstore.Store, *sql.DB, error) {
	var db *sql.DB
	var err error
	if isPostgres(spec) {
		db, err = sql.Open("pgx", spec)
	} else {
		if !create {
			if _, err := os.Stat(spec); err != nil {
				return nil, nil, fmt.Errorf("%w (create it with jixiao import --db %s HISTORY)", err, spec)
			}
		}
		db, err = sql.Open("sqlite", sqliteDSN(spec))
	}
	if err != nil {
		return nil, nil, err
	}
	s, err := sqlstore.Open(ctx, db)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("%s: %w", redact(spec), err)
	}
	return s, db, nil
}

// redact hides a password in a database URL.
func redact(spec string) string {
	if i, j := strings.Index(spec, "://"), strings.LastIndex(spec, "@"); isPostgres(spec) && i >= 0 && j > i {
		if k := strings.Index(spec[i+3:j], ":"); k >= 0 {
			return spec[:i+3+k] + ":***" + spec[j:]
		}
	}
	return spec
}

func importCmd() *command {
	return &command{
		name:     "import",
		summary:  "import a project history into a database (SQLite file or PostgreSQL) for replay and diff --db (历史数据入库)",
		synopsis: "import --db DB [--batch N] HISTORY",
		about: `Import reads a project history (a folder holding records.jsonl[.gz] or
records.csv, or the file itself, with org.json and standards.json beside
it) and writes it into the database DB: a SQLite file (created if missing;
pure Go, no server) or a PostgreSQL URL (postgres://user@host:port/db).
The schema is created or upgraded first (package sqlstore); amounts are
stored as exact decimal text. Records are written in transactions of
--batch records; importing again is harmless: records already stored are
counted unchanged, so an interrupted import is completed by running it
again. A record whose project and year hold a different record, or that
cannot be read, is rejected with its position and costs no other.
Exit 1 when records were rejected; 2 on bad usage or when the database
fails.`,
		example: `jixiao import --db history.db testdata/history
jixiao replay --db history.db testdata/history/policy_v1.json`,
		setup: func(fs *flag.FlagSet, o *opts) func([]string) int {
			o.common(fs)
			dbSpec := fs.String("db", "", "the database: a SQLite file, or a postgres:// URL")
			batch := fs.Int("batch", 500, "records per transaction")
			return func(args []string) int {
				if *dbSpec == "" || len(args) != 1 {
					return o.fail("import", errors.New("want --db DB and one HISTORY; run 'jixiao help import'"))
				}
				return runImport(o, *dbSpec, args[0], *batch)
			}
		},
	}
}

func runImport(o *opts, spec, hist string, batch int) int {
	ctx := o.context()
	path := hist
	st, err := os.Stat(hist)
	if err != nil {
		return o.fail("import", err)
	}
	dir := filepath.Dir(hist)
	if st.IsDir() {
		dir = hist
		if path, err = recordsIn(dir); err != nil {
			return o.fail("import", err)
		}
	}
	// The organisation and standards are checked as replay reads them
	// before anything is written.
	orgFile, stdFile := filepath.Join(dir, orgDocument), filepath.Join(dir, standardsDocument)
	if _, _, err := replayContext(orgFile, stdFile); err != nil {
		return o.fail("import", err)
	}
	s, db, err := openStore(ctx, spec, true)
	if err != nil {
		return o.fail("import", err)
	}
	defer db.Close()
	for name, file := range map[string]string{orgDocument: orgFile, standardsDocument: stdFile} {
		data, err := os.ReadFile(file)
		if err == nil {
			err = s.PutDocument(ctx, name, data)
		}
		if err != nil {
			return o.fail("import", err)
		}
	}
	var bad []error
	docs := func(yield func([]byte, error) bool) {
		for r, err := range replayRecords(path) {
			if err != nil && errors.Is(err, history.ErrRecord) {
				bad = append(bad, err) // counted and reported; the others go on
				continue
			}
			var b []byte
			if err == nil {
				b, err = json.Marshal(r)
			}
			if !yield(b, err) {
				return
			}
		}
	}
	start := time.Now()
	stats, err := s.Import(ctx, docs, sqlstore.ImportOptions{Batch: batch})
	took := time.Since(start)
	if err != nil && !errors.Is(err, sqlstore.ErrRecord) {
		fmt.Fprintf(o.stderr, "%s\n", importLine(o, stats, len(bad), took))
		return o.fail("import", err)
	}
	o.recordErrors("import", errors.Join(append(bad, err)...))
	fmt.Fprintf(o.stdout, "%s\n", importLine(o, stats, len(bad), took))
	if stats.Rejected > 0 || len(bad) > 0 {
		return exitFindings
	}
	return exitOK
}

func importLine(o *opts, st sqlstore.ImportStats, unreadable int, took time.Duration) string {
	rate := 0.0
	if s := took.Seconds(); s > 0 {
		rate = float64(st.Imported) / s
	}
	return o.t(
		fmt.Sprintf("导入: 读取 %d 条，写入 %d 条，已存在未变 %d 条，拒绝 %d 条，无法读取 %d 条（%.0f 条/秒）", st.Read, st.Imported, st.Unchanged, st.Rejected, unreadable, rate),
		fmt.Sprintf("import: %d records read, %d written, %d already stored, %d rejected, %d unreadable (%.0f records/s)", st.Read, st.Imported, st.Unchanged, st.Rejected, unreadable, rate))
}

// openDB, for replay and diff --db, opens the database and takes the
// organisation and standards stored with the history, unless --org and
// --standards name files.
func (h *historyFlags) openDB(ctx context.Context) (orgFile, stdFile string, err error) {
	s, db, err := openStore(ctx, h.db, false)
	if err != nil {
		return "", "", err
	}
	h.store, h.sqlDB = s, db
	tmp, err := os.MkdirTemp("", "jixiao-db-")
	if err != nil {
		return "", "", err
	}
	h.tmp = tmp
	files := [2]string{h.org, h.standards}
	for i, name := range []string{orgDocument, standardsDocument} {
		if files[i] != "" {
			continue
		}
		data, err := s.Document(ctx, name)
		if err != nil {
			return "", "", fmt.Errorf("%w (was the history imported with jixiao import?)", err)
		}
		files[i] = filepath.Join(tmp, name)
		if err := os.WriteFile(files[i], data, 0o600); err != nil {
			return "", "", err
		}
	}
	return files[0], files[1], nil
}

// records streams the history: from the database with --db, else from
// the files.
func (h *historyFlags) records(ctx context.Context) iter.Seq2[*history.Record, error] {
	if h.store != nil {
		return history.Decode(h.store.Records(ctx))
	}
	return replayRecords(h.hist)
}

// close releases the database and the documents taken from it.
func (h *historyFlags) close() {
	if h.sqlDB != nil {
		h.sqlDB.Close()
	}
	if h.tmp != "" {
		os.RemoveAll(h.tmp)
	}
}

// logDecisions replays p over the history again, one fiscal year's batch of
// up to 256 records at a time, and writes each batch's decisions to the
// decision log under run, one transaction per batch (batch ids
// YEAR-N); running it again writes nothing new. It returns the batches and
// decisions written.
func (h *historyFlags) logDecisions(ctx context.Context, p *history.Program, run string) (batches, decisions int, err error) {
	var recs []*history.Record
	n := map[int]int{}
	flush := func() error {
		if len(recs) == 0 {
			return nil
		}
		year := recs[0].Project.FiscalYear
		ds, _ := p.Decide(recs) // a stage failing for a record leaves it nil: nothing to log
		b := sqlstore.Batch{Run: run, ID: fmt.Sprintf("%d-%d", year, n[year])}
		n[year]++
		for i, r := range recs {
			b.Decisions = append(b.Decisions, stageDecisions(r, ds[i])...)
		}
		recs = recs[:0]
		written, err := h.store.WriteBatch(ctx, b)
		if err != nil {
			return err
		}
		if written {
			batches++
			decisions += len(b.Decisions)
		}
		return nil
	}
	for r, err := range h.records(ctx) {
		if err != nil {
			if errors.Is(err, history.ErrRecord) {
				continue // counted by the replay already
			}
			return batches, decisions, err
		}
		if len(recs) == 256 || len(recs) > 0 && recs[0].Project.FiscalYear != r.Project.FiscalYear {
			if err := flush(); err != nil {
				return batches, decisions, err
			}
		}
		recs = append(recs, r)
	}
	return batches, decisions, flush()
}

// stageDecisions are the decision-log rows of one record's decisions: one
// per stage decided, with the digest of the record's inputs (its JSON
// without recorded decisions).
func stageDecisions(r *history.Record, d *history.Decisions) []sqlstore.Decision {
	if d == nil {
		return nil
	}
	in := *r
	in.Decisions = nil
	b, _ := json.Marshal(&in)
	sum := sha256.Sum256(b)
	digest := hex.EncodeToString(sum[:])
	var out []sqlstore.Decision
	add := func(stage string, v any, rules []string, why performance.Text) {
		outcome, err := json.Marshal(v)
		if err != nil {
			return
		}
		out = append(out, sqlstore.Decision{ProjectID: r.Project.ID, FiscalYear: r.Project.FiscalYear, Stage: stage,
			Policy: d.Policy, InputDigest: digest, Outcome: outcome, Rules: rules, Explanation: why})
	}
	if x := d.ExAnte; x != nil {
		var why performance.Text
		for _, t := range x.Reasons {
			why.ZH, why.EN = join(why.ZH, t.ZH, "；"), join(why.EN, t.EN, "; ")
		}
		add(sqlstore.StageExAnte, x, x.Fired, why)
	}
	if x := d.Alert; x != nil {
		add(sqlstore.StageAlert, x, x.Fired, performance.Text{})
	}
	if x := d.Grade; x != nil {
		add(sqlstore.StageGrade, x, nil, performance.Text{})
	}
	if x := d.NextYear; x != nil {
		rules := x.Fired
		if x.Rule != "" && !contains(rules, x.Rule) {
			rules = append([]string{x.Rule}, rules...)
		}
		add(sqlstore.StageNextYear, x, rules, x.Explanation)
	}
	return out
}

func join(a, b, sep string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + sep + b
}

// log is replay's --log: the decisions written to the database's log.
func (h *historyFlags) log(o *opts, p *history.Program, run string) int {
	if h.store == nil {
		return o.fail("replay", errors.New("--log needs --db"))
	}
	batches, n, err := h.logDecisions(o.context(), p, run)
	if err != nil {
		return o.fail("replay", err)
	}
	fmt.Fprintf(o.stderr, "%s\n", o.t(fmt.Sprintf("决策日志 %s: 写入 %d 批、%d 条决策", run, batches, n),
		fmt.Sprintf("decision log %s: %d batches, %d decisions written", run, batches, n)))
	return exitOK
}
