// Package sqlstore keeps a project history and the decision log (决策日志)
// in a SQL database, through database/sql: the host opens the *sql.DB with
// the driver it chooses (the command uses modernc.org/sqlite, pure Go, and
// pgx for PostgreSQL); this package imports no driver, and no stage
// imports this package.
//
//	db, _ := sql.Open("sqlite", "file:history.db?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_txlock=immediate")
//	store, err := sqlstore.Open(ctx, db)            // creates or upgrades the schema
//	stats, err := store.Import(ctx, docs, sqlstore.ImportOptions{})
//	sum, err := history.Replay(ctx, prog, history.Decode(store.Records(ctx)), history.StreamOptions{})
//
// # Schema
//
// The schema is created and upgraded by versioned migrations, SQL files
// embedded from migrations/ (0001_history.sql, 0002_decisions.sql), each
// applied in one transaction and recorded in schema_migrations. The SQL
// is portable: the same statements run on SQLite and PostgreSQL (TEXT,
// INTEGER and BIGINT columns, composite primary keys, ON CONFLICT, no
// sequences or vendor types), and so stay close to the PostgreSQL- and
// Oracle-compatible databases government systems run. Placeholders are
// $1, $2 …, which both drivers accept. The tables, documented in the
// migration files:
//
//   - projects: a project (预算项目) by project_id, with its latest name and unit.
//   - project_years: one project in one fiscal year: the submission (kind,
//     basis, period, amounts, fund source, host fields as JSON, the
//     experts' sheets as JSON), the budget execution (initial and adjusted
//     budget, continuing), carry-over and next year's request, the goal
//     version in force, the policy of the recorded decisions, and seq, the
//     replay order within a year.
//   - cost_lines: the detailed cost estimate (明细测算), by line_no.
//   - goal_versions: the goal tree (goals.Tree as JSON) by project, year,
//     kind — 'submitted' (申报), 'approved' (批复), 'adjusted' (调整) — and
//     date. An imported history's goals are its 'approved' version, undated.
//   - payments: the amount spent per month (支付记录), months 1–12.
//   - evaluations: the year's final evaluation: source, score, attainment.
//   - documents: the organisation tree and expenditure standards that go
//     with the history (org.json, standards.json).
//   - decision_batches and decisions: the decision log.
//
// Every amount is stored exactly, as decimal text in yuan (TEXT; never a
// floating type): the text a decimal.Decimal prints, read back with
// performance.ParseDecimal. A database with a schema version newer than
// the code is refused by [Open] with a *[VersionError] wrapping
// [ErrNewerSchema].
//
// # History from the database
//
// [Store.Import] writes records given as JSON documents in the layout of
// one line of a JSON-lines history (package history; history and sqlstore
// share a floor, so neither imports the other, and the documented record
// layout is the interface between them). [Store.Records] streams them back
// in the same layout and order, in constant memory: four queries in the
// same order read side by side. history.Decode turns the stream into
// records for history's Replay, Diff and Verify, which run unchanged: the
// bundled history imported and replayed from SQLite or PostgreSQL gives
// byte-identical reports (TestRoundTrip).
//
// # Decision log
//
// [Store.WriteBatch] writes a [Batch] of [Decision]s — each stage's result
// for one project-year with the policy id, version and hash
// (performance.PolicyRef, as policy.Program.Ref gives it), a digest of the
// inputs, the outcome as JSON, the deciding rules and the explanation — in
// one transaction: all or nothing. A batch is identified by its run and
// id and its digest: writing the same batch again writes nothing, so a
// retry after a failure completes it exactly once. The decisions recorded
// with an imported history are in the log as run [RecordedRun].
//
// Queries: [Store.DecisionsOf] (every decision of a project),
// [Store.DecisionsBy] (every decision made by a policy hash),
// [Store.Changes] (what changed between two runs). The same questions are
// SQL views for auditors' own tools: decision_log (every decision, to
// filter by project_id or policy_hash), decision_changes (the same stage of
// the same project-year decided differently by two runs: filter run_a and
// run_b), decision_only_in (decisions of run_a that run_b lacks) and
// policy_decisions (decisions per policy hash and stage). Results are
// compared without the outcome's top-level "rule_set" and "scheme" members,
// which name what decided, not what was decided.
//
// # Concurrency
//
// A Store is safe for concurrent use. Writes are transactions; on SQLite,
// open the database with a busy timeout and immediate transactions (as
// above) so that concurrent writers wait for each other instead of
// failing. [Store.Records] holds four connections of the pool while it
// runs, [Store.Changes] two.
//
// # Errors
//
// Sentinels: [ErrNewerSchema] (with *[VersionError]), [ErrMigration],
// [ErrRecord] (one record rejected by Import, as a *[RecordError]: counted,
// the others go on), [ErrConflict] (a key already holding something
// different), [ErrRead] (a stream that cannot be read on; it does not wrap
// history.ErrRecord, so a replay stops and reports nothing). Database
// errors are wrapped with %w.
//
// # Limits
//
// A record holds at most [MaxMonths] monthly payments; a batch at most
// [MaxBatch] decisions; Import holds one transaction's batch of records
// (ImportOptions.Batch, default 500) in memory.
package sqlstore
