package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/jixiao-go/jixiao/performance"
)

// ImportOptions control an import. The zero value commits every 500
// records and keeps the first 100 record errors.
type ImportOptions struct {
	// Batch is the most records written in one transaction (default 500).
	Batch int
	// MaxErrors is how many record errors are kept (default 100); Stats
	// counts all of them.
	MaxErrors int
}

// ImportStats count what an import did with the documents it read.
type ImportStats struct {
	// Read is the number of documents read; Imported were written,
	// Unchanged were already stored exactly so, Rejected could not be
	// imported (their errors are returned).
	Read, Imported, Unchanged, Rejected int
}

// A RecordError is one record that could not be imported: N is its 1-based
// position in the stream, ProjectID and FiscalYear its key when known. It
// wraps ErrRecord and the cause (ErrConflict for a different record stored
// under the key).
type RecordError struct {
	N          int
	ProjectID  string
	FiscalYear int
	Err        error
}

// Error names the record and the problem.
func (e *RecordError) Error() string {
	if e.ProjectID == "" {
		return fmt.Sprintf("sqlstore: record %d: %v", e.N, e.Err)
	}
	return fmt.Sprintf("sqlstore: record %d (%s %d): %v", e.N, e.ProjectID, e.FiscalYear, e.Err)
}

// Unwrap returns ErrRecord and the cause.
func (e *RecordError) Unwrap() []error { return []error{ErrRecord, e.Err} }

// Import writes a stream of history records, each a JSON document in the
// layout of one line of a JSON-lines history (package history's Record;
// history.ReadFile and json.Marshal give them), into the tables of the
// history: projects, project_years, cost_lines, payments, goal_versions
// (the record's goals as the 'approved' version, undated), evaluations,
// and the recorded decisions as decisions of run RecordedRun.
//
// Records are written in transactions of o.Batch records: a failure of the
// database rolls the batch back and returns the error with the stats so
// far, and the batches committed before it stay. Import is idempotent: a
// record already stored exactly so is counted Unchanged, so an interrupted
// import is completed by running it again. A document that does not decode
// (strictly), or whose key holds a different record, is rejected as a
// *RecordError wrapping ErrRecord, counted, and costs no other record; the
// record errors are returned joined, with the complete stats, and callers
// tell them from a failure that stopped the import with errors.Is(err,
// ErrRecord). An error yielded by docs stops the import like a database
// failure. Memory holds one batch.
func (s *Store) Import(ctx context.Context, docs iter.Seq2[[]byte, error], o ImportOptions) (ImportStats, error) {
	size := o.Batch
	if size <= 0 {
		size = 500
	}
	maxErrs := o.MaxErrors
	if maxErrs <= 0 {
		maxErrs = 100
	}
	var (
		st    ImportStats
		errs  []error
		batch []pending
	)
	reject := func(e *RecordError) {
		st.Rejected++
		if len(errs) < maxErrs {
			errs = append(errs, e)
		}
	}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		imported, unchanged, rejected, err := s.importBatch(ctx, batch)
		batch = batch[:0]
		if err != nil {
			return err
		}
		st.Imported += imported
		st.Unchanged += unchanged
		for _, e := range rejected {
			reject(e)
		}
		return nil
	}
	var dec performance.JSONDecoder // the record types' fields worked out once
	for doc, err := range docs {
		if err != nil {
			return st, fmt.Errorf("sqlstore: import stopped after %d records: %w", st.Read, err)
		}
		if err := ctx.Err(); err != nil {
			return st, fmt.Errorf("sqlstore: import stopped after %d records: %w", st.Read, err)
		}
		st.Read++
		r, derr := decodeRecord(&dec, doc)
		if derr != nil {
			e := &RecordError{N: st.Read, Err: derr}
			if r != nil {
				e.ProjectID, e.FiscalYear = r.Project.ID, r.Project.FiscalYear
			}
			reject(e)
			continue
		}
		batch = append(batch, pending{n: st.Read, r: r})
		if len(batch) == size {
			if err := flush(); err != nil {
				return st, err
			}
		}
	}
	if err := flush(); err != nil {
		return st, err
	}
	if st.Rejected > len(errs) {
		errs = append(errs, fmt.Errorf("sqlstore: %d more record errors", st.Rejected-len(errs)))
	}
	return st, errors.Join(errs...)
}

type pending struct {
	n int
	r *record
}

// importBatch writes one batch in one transaction.
func (s *Store) importBatch(ctx context.Context, batch []pending) (imported, unchanged int, rejected []*RecordError, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("sqlstore: import: %w", err)
	}
	defer tx.Rollback()
	var base int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM project_years`).Scan(&base); err != nil {
		return 0, 0, nil, fmt.Errorf("sqlstore: import: %w", err)
	}
	for i, p := range batch {
		r := p.r
		recDigest, inDigest, err := r.digests()
		if err != nil {
			rejected = append(rejected, &RecordError{N: p.n, ProjectID: r.Project.ID, FiscalYear: r.Project.FiscalYear, Err: err})
			continue
		}
		var have string
		switch err := tx.QueryRowContext(ctx, `SELECT record_digest FROM project_years WHERE project_id = $1 AND fiscal_year = $2`,
			r.Project.ID, r.Project.FiscalYear).Scan(&have); {
		case err == nil && have == recDigest:
			unchanged++
			continue
		case err == nil:
			rejected = append(rejected, &RecordError{N: p.n, ProjectID: r.Project.ID, FiscalYear: r.Project.FiscalYear,
				Err: fmt.Errorf("%w: a different record is stored under this project and year", ErrConflict)})
			continue
		case !errors.Is(err, sql.ErrNoRows):
			return 0, 0, nil, fmt.Errorf("sqlstore: import: %w", err)
		}
		if err := insertRecord(ctx, tx, r, base+int64(i)+1, recDigest, inDigest); err != nil {
			return 0, 0, nil, fmt.Errorf("sqlstore: import record %d (%s %d): %w", p.n, r.Project.ID, r.Project.FiscalYear, err)
		}
		imported++
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, nil, fmt.Errorf("sqlstore: import: %w", err)
	}
	return imported, unchanged, rejected, nil
}

// insertRecord writes one record's rows.
func insertRecord(ctx context.Context, tx *sql.Tx, r *record, seq int64, recDigest, inDigest string) error {
	p := &r.Project
	key := []any{p.ID, p.FiscalYear}
	if _, err := tx.ExecContext(ctx, `INSERT INTO projects (project_id, name, unit_id) VALUES ($1, $2, $3)
ON CONFLICT (project_id) DO UPDATE SET name = excluded.name, unit_id = excluded.unit_id`, p.ID, p.Name, p.UnitID); err != nil {
		return err
	}
	var host, experts, gkind, gdate, pid, pver, phash sql.NullString
	if len(p.Host) > 0 {
		b, err := json.Marshal(p.Host)
		if err != nil {
			return err
		}
		host = sql.NullString{String: string(b), Valid: true}
	}
	if r.Experts != nil {
		b, err := json.Marshal(r.Experts)
		if err != nil {
			return err
		}
		experts = sql.NullString{String: string(b), Valid: true}
	}
	if r.Goals != nil {
		gkind = sql.NullString{String: "approved", Valid: true}
		gdate = sql.NullString{String: "", Valid: true}
	}
	if d := r.Decisions; d != nil {
		pid = sql.NullString{String: d.Policy.ID, Valid: true}
		pver = sql.NullString{String: d.Policy.Version, Valid: true}
		phash = sql.NullString{String: d.Policy.Hash, Valid: true}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO project_years (project_id, fiscal_year, seq, round, name, unit_id, kind,
 is_new, category, basis, content, period_start, period_end, total_investment, invested_to_date, amount, fund_source,
 host, experts, initial_budget, adjusted_budget, continuing, months, carry_over, requested, goals_kind, goals_date,
 recorded_policy_id, recorded_policy_version, recorded_policy_hash, record_digest)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
 $25, $26, $27, $28, $29, $30, $31)`,
		p.ID, p.FiscalYear, seq, r.Round, p.Name, p.UnitID, string(p.Kind), boolInt(p.New), p.Category, p.Basis, p.Content,
		p.Period.Start.String(), p.Period.End.String(), p.TotalInvestment.String(), p.InvestedToDate.String(), p.Amount.String(),
		p.FundSource, host, experts, r.Execution.Initial.String(), r.Execution.Adjusted.String(), boolInt(r.Execution.Continuing),
		len(r.Execution.Monthly), r.CarryOver.String(), r.Requested.String(), gkind, gdate, pid, pver, phash, recDigest); err != nil {
		return err
	}
	if n := len(p.CostLines); n > 0 {
		args := make([]any, 0, 10*n)
		for i, c := range p.CostLines {
			args = append(args, p.ID, p.FiscalYear, i+1, c.Item, c.Specification, c.Quantity.String(), c.Unit,
				c.UnitPrice.String(), c.Amount.String(), c.StandardID)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO cost_lines (project_id, fiscal_year, line_no, item, specification,
 quantity, unit, unit_price, amount, standard_id) VALUES `+values(n, 10), args...); err != nil {
			return err
		}
	}
	if n := len(r.Execution.Monthly); n > 0 {
		args := make([]any, 0, 4*n)
		for i, m := range r.Execution.Monthly {
			args = append(args, p.ID, p.FiscalYear, i+1, m.String())
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO payments (project_id, fiscal_year, month, amount) VALUES `+values(n, 4), args...); err != nil {
			return err
		}
	}
	if r.Goals != nil {
		b, err := json.Marshal(r.Goals)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO goal_versions (project_id, fiscal_year, kind, version_date, tree)
VALUES ($1, $2, $3, $4, $5)`, append(key, gkind.String, gdate.String, string(b))...); err != nil {
			return err
		}
	}
	e := r.Evaluation
	if _, err := tx.ExecContext(ctx, `INSERT INTO evaluations (project_id, fiscal_year, source, score, attainment)
VALUES ($1, $2, $3, $4, $5)`, append(key, e.Source, e.Score.String(), e.Attainment.String())...); err != nil {
		return err
	}
	if d := r.Decisions; d != nil {
		var args []any
		n := 0
		for _, st := range d.stages() {
			if len(*st.raw) == 0 || string(*st.raw) == "null" {
				continue
			}
			rules, _ := json.Marshal(nonNil(fired(*st.raw)))
			args = append(args, RecordedRun, st.name, p.ID, p.FiscalYear, nil, d.Policy.ID, d.Policy.Version, d.Policy.Hash,
				inDigest, compact(*st.raw), result(*st.raw), string(rules), "", "")
			n++
		}
		if n > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO decisions (run_id, stage, project_id, fiscal_year, batch_id, policy_id,
 policy_version, policy_hash, input_digest, outcome, result, rules, explanation_zh, explanation_en) VALUES `+values(n, 14), args...); err != nil {
				return err
			}
		}
	}
	return nil
}

// values returns n rows of k numbered placeholders: ($1, $2), ($3, $4) ….
func values(n, k int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range k {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(i*k + j + 1))
		}
		b.WriteByte(')')
	}
	return b.String()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
