package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"sort"

	"github.com/jixiao-go/jixiao/performance"
)

// A Decision is one stage's decision for one project and fiscal year, as
// the decision log (决策日志) keeps it: which policy decided (id, version
// and the hash of everything that decides, policy.Program.Ref), on which
// inputs (their digest), with what outcome, by which rules and why.
type Decision struct {
	// ProjectID and FiscalYear name the project-year decided.
	ProjectID  string `json:"project_id"`
	FiscalYear int    `json:"fiscal_year"`
	// Stage is the stage that decided: StageExAnte, StageAlert,
	// StageGrade, StageNextYear, or a host's own stage name.
	Stage string `json:"stage"`
	// Policy is the policy that decided; its Hash must not be empty.
	Policy performance.PolicyRef `json:"policy"`
	// InputDigest is a digest of the inputs the stage read (for example
	// the hex SHA-256 of the project's JSON): equal digests, equal inputs.
	InputDigest string `json:"input_digest"`
	// Outcome is the stage's result as JSON (for example a history
	// ExAnteDecision); it is stored compacted. Its top-level members
	// "rule_set" and "scheme", if any, name what decided and are not
	// compared by Changes.
	Outcome json.RawMessage `json:"outcome"`
	// Rules are the deciding rules' ids: the rule that decided and every
	// rule that fired.
	Rules []string `json:"rules"`
	// Explanation says why, in Chinese and English.
	Explanation performance.Text `json:"explanation"`
}

// A Batch is a set of decisions written together: all of them or none.
// Run names the run (a replay, a production day); ID names the batch
// within the run, so that re-writing a batch after a failure is
// recognised.
type Batch struct {
	Run       string     `json:"run"`
	ID        string     `json:"id"`
	Decisions []Decision `json:"decisions"`
}

// A Logged decision is a Decision as read back from the log, with its run
// and batch (empty for the decisions recorded with an imported history).
type Logged struct {
	Run   string `json:"run"`
	Batch string `json:"batch,omitempty"`
	Decision
}

// MaxBatch is the most decisions one Batch may hold: 100,000, so that one
// transaction stays within what a database holds comfortably in a
// transaction's locks and log (a design choice, illustrative).
const MaxBatch = 100_000

// key identifies a decision within a run.
func (d *Decision) key() [3]string {
	return [3]string{d.Stage, d.ProjectID, fmt.Sprint(d.FiscalYear)}
}

// check validates a batch before it is written and returns its digest:
// the SHA-256 of its decisions in key order, so that the same decisions in
// any order are the same batch.
func (b *Batch) check() (string, error) {
	var errs []error
	if b.Run == "" || b.ID == "" {
		errs = append(errs, errors.New("sqlstore: batch needs a run and an id"))
	}
	if len(b.Decisions) > MaxBatch {
		errs = append(errs, fmt.Errorf("sqlstore: batch of %d decisions, at most %d", len(b.Decisions), MaxBatch))
	}
	ds := make([]Decision, len(b.Decisions))
	copy(ds, b.Decisions)
	seen := make(map[[3]string]bool, len(ds))
	for i := range ds {
		d := &ds[i]
		switch {
		case d.Stage == "" || d.ProjectID == "":
			errs = append(errs, fmt.Errorf("sqlstore: decision %d: stage and project id are required", i+1))
		case d.Policy.Hash == "":
			errs = append(errs, fmt.Errorf("sqlstore: decision %d (%s %s %d): no policy hash", i+1, d.Stage, d.ProjectID, d.FiscalYear))
		case !json.Valid(d.Outcome):
			errs = append(errs, fmt.Errorf("sqlstore: decision %d (%s %s %d): outcome is not JSON", i+1, d.Stage, d.ProjectID, d.FiscalYear))
		case seen[d.key()]:
			errs = append(errs, fmt.Errorf("%w: decision %d (%s %s %d) is in the batch twice", ErrConflict, i+1, d.Stage, d.ProjectID, d.FiscalYear))
		}
		seen[d.key()] = true
		d.Outcome = json.RawMessage(compact(d.Outcome))
		d.Rules = nonNil(d.Rules)
	}
	if err := errors.Join(errs...); err != nil {
		return "", err
	}
	sort.Slice(ds, func(i, j int) bool {
		a, b := ds[i].key(), ds[j].key()
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		if a[1] != b[1] {
			return a[1] < b[1]
		}
		return ds[i].FiscalYear < ds[j].FiscalYear
	})
	body, err := json.Marshal(ds)
	if err != nil {
		return "", err
	}
	b.Decisions = ds
	return digest(body), nil
}

// rowsPerInsert bounds the rows of one INSERT: 14 parameters each, well
// under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const rowsPerInsert = 200

// WriteBatch writes a batch of decisions in one transaction: every
// decision or none. It returns written false, and no error, when the run
// already holds this batch with the same decisions (a re-run after a
// failure or a retry is idempotent); a batch id of the run holding other
// decisions, or a decision of the batch that another batch of the run
// already wrote, is an error wrapping ErrConflict and writes nothing. A
// database failure rolls the batch back: nothing of it is visible, and
// writing it again completes it exactly once. WriteBatch may be called
// concurrently (on SQLite, open the database with a busy timeout).
func (s *Store) WriteBatch(ctx context.Context, b Batch) (written bool, err error) {
	dg, err := b.check()
	if err != nil {
		return false, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("sqlstore: batch %s/%s: %w", b.Run, b.ID, err)
	}
	defer tx.Rollback()
	fail := func(err error) (bool, error) { return false, fmt.Errorf("sqlstore: batch %s/%s: %w", b.Run, b.ID, err) }
	res, err := tx.ExecContext(ctx, `INSERT INTO decision_batches (run_id, batch_id, digest, decisions) VALUES ($1, $2, $3, $4)
ON CONFLICT (run_id, batch_id) DO NOTHING`, b.Run, b.ID, dg, len(b.Decisions))
	if err != nil {
		return fail(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fail(err)
	} else if n == 0 {
		var have string
		if err := tx.QueryRowContext(ctx, `SELECT digest FROM decision_batches WHERE run_id = $1 AND batch_id = $2`, b.Run, b.ID).Scan(&have); err != nil {
			return fail(err)
		}
		if have != dg {
			return fail(fmt.Errorf("%w: the run already holds a different batch under this id", ErrConflict))
		}
		return false, nil // already written whole
	}
	for start := 0; start < len(b.Decisions); start += rowsPerInsert {
		part := b.Decisions[start:min(start+rowsPerInsert, len(b.Decisions))]
		args := make([]any, 0, 14*len(part))
		for _, d := range part {
			rules, _ := json.Marshal(d.Rules)
			args = append(args, b.Run, d.Stage, d.ProjectID, d.FiscalYear, b.ID, d.Policy.ID, d.Policy.Version, d.Policy.Hash,
				d.InputDigest, string(d.Outcome), result(d.Outcome), string(rules), d.Explanation.ZH, d.Explanation.EN)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO decisions (run_id, stage, project_id, fiscal_year, batch_id, policy_id,
 policy_version, policy_hash, input_digest, outcome, result, rules, explanation_zh, explanation_en) VALUES `+values(len(part), 14)+`
ON CONFLICT (run_id, stage, project_id, fiscal_year) DO NOTHING`, args...)
		if err != nil {
			return fail(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fail(err)
		} else if int(n) != len(part) {
			return fail(fmt.Errorf("%w: %d decisions of the batch were already written by another batch of the run", ErrConflict, len(part)-int(n)))
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return true, nil
}

const loggedColumns = `SELECT run_id, COALESCE(batch_id, ''), stage, project_id, fiscal_year, policy_id, policy_version,
 policy_hash, input_digest, outcome, rules, explanation_zh, explanation_en FROM decision_log`

// DecisionsOf streams every decision logged for a project (all years,
// stages and runs), ordered by fiscal year, stage and run.
func (s *Store) DecisionsOf(ctx context.Context, projectID string) iter.Seq2[*Logged, error] {
	return s.logged(ctx, loggedColumns+` WHERE project_id = $1 ORDER BY fiscal_year, stage, run_id`, projectID)
}

// DecisionsBy streams every decision made by the policy whose hash is
// policyHash, ordered by fiscal year, project, stage and run.
func (s *Store) DecisionsBy(ctx context.Context, policyHash string) iter.Seq2[*Logged, error] {
	return s.logged(ctx, loggedColumns+` WHERE policy_hash = $1 ORDER BY fiscal_year, project_id, stage, run_id`, policyHash)
}

// logged streams the decisions a query selects; a failure is yielded once
// as an error wrapping ErrRead and ends the stream.
func (s *Store) logged(ctx context.Context, q string, args ...any) iter.Seq2[*Logged, error] {
	return func(yield func(*Logged, error) bool) {
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			yield(nil, fmt.Errorf("%w: %w", ErrRead, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			l, err := scanLogged(rows)
			if err != nil {
				yield(nil, fmt.Errorf("%w: %w", ErrRead, err))
				return
			}
			if !yield(l, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, fmt.Errorf("%w: %w", ErrRead, err))
		}
	}
}

type scanner interface{ Scan(dest ...any) error }

func scanLogged(rows scanner) (*Logged, error) {
	l := new(Logged)
	var outcome, rules string
	if err := rows.Scan(&l.Run, &l.Batch, &l.Stage, &l.ProjectID, &l.FiscalYear, &l.Policy.ID, &l.Policy.Version,
		&l.Policy.Hash, &l.InputDigest, &outcome, &rules, &l.Explanation.ZH, &l.Explanation.EN); err != nil {
		return nil, err
	}
	l.Outcome = json.RawMessage(outcome)
	if err := json.Unmarshal([]byte(rules), &l.Rules); err != nil {
		return nil, fmt.Errorf("rules of %s %s %d: %w", l.Stage, l.ProjectID, l.FiscalYear, err)
	}
	return l, nil
}

// A Change is a decision that differs between two runs: A and B are the
// two runs' decisions, one of them nil when only the other run decided.
type Change struct {
	Stage      string  `json:"stage"`
	ProjectID  string  `json:"project_id"`
	FiscalYear int     `json:"fiscal_year"`
	A          *Logged `json:"a"`
	B          *Logged `json:"b"`
}

// Changes streams what changed between runs a and b: every stage decision
// of a project-year whose result (the outcome without the members naming
// what decided: top-level "rule_set" and "scheme") or inputs differ, or
// that only one of them made, ordered by fiscal year, project and stage. It reads the views
// decision_changes and decision_only_in.
func (s *Store) Changes(ctx context.Context, a, b string) iter.Seq2[*Change, error] {
	const q = `SELECT fiscal_year, project_id, stage FROM decision_changes WHERE run_a = $1 AND run_b = $2
UNION SELECT fiscal_year, project_id, stage FROM decision_only_in WHERE run_a = $1 AND run_b = $2
UNION SELECT fiscal_year, project_id, stage FROM decision_only_in WHERE run_a = $2 AND run_b = $1
ORDER BY 1, 2, 3`
	const one = loggedColumns + ` WHERE run_id = $1 AND stage = $2 AND project_id = $3 AND fiscal_year = $4`
	return func(yield func(*Change, error) bool) {
		rows, err := s.db.QueryContext(ctx, q, a, b)
		if err != nil {
			yield(nil, fmt.Errorf("%w: %w", ErrRead, err))
			return
		}
		defer rows.Close()
		side := func(run string, c *Change) (*Logged, error) {
			l, err := scanLogged(s.db.QueryRowContext(ctx, one, run, c.Stage, c.ProjectID, c.FiscalYear))
			if errors.Is(err, sql.ErrNoRows) {
				return nil, nil
			}
			return l, err
		}
		for rows.Next() {
			c := new(Change)
			if err := rows.Scan(&c.FiscalYear, &c.ProjectID, &c.Stage); err != nil {
				yield(nil, fmt.Errorf("%w: %w", ErrRead, err))
				return
			}
			if c.A, err = side(a, c); err == nil {
				c.B, err = side(b, c)
			}
			if err != nil {
				yield(nil, fmt.Errorf("%w: %w", ErrRead, err))
				return
			}
			if !yield(c, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, fmt.Errorf("%w: %w", ErrRead, err))
		}
	}
}
