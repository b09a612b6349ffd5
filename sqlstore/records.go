package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/jixiao-go/jixiao/performance"
)

// ErrRead is wrapped by the error that stops a stream of records: a query
// or a row that cannot be read. It does not wrap history.ErrRecord, so
// history's Diff, Replay and Verify stop at it and report nothing.
var ErrRead = errors.New("sqlstore: cannot read the history")

// order is the replay order of project years: by fiscal year, then as
// imported.
const order = ` ORDER BY y.fiscal_year, y.seq, y.project_id`

const recordsQuery = `SELECT y.project_id, y.fiscal_year, y.round, y.name, y.unit_id, y.kind, y.is_new, y.category,
 y.basis, y.content, y.period_start, y.period_end, y.total_investment, y.invested_to_date, y.amount, y.fund_source,
 y.host, y.experts, y.initial_budget, y.adjusted_budget, y.continuing, y.months, y.carry_over, y.requested,
 y.recorded_policy_id, y.recorded_policy_version, y.recorded_policy_hash,
 g.tree, e.source, e.score, e.attainment
FROM project_years y
LEFT JOIN goal_versions g ON g.project_id = y.project_id AND g.fiscal_year = y.fiscal_year
 AND g.kind = y.goals_kind AND g.version_date = y.goals_date
LEFT JOIN evaluations e ON e.project_id = y.project_id AND e.fiscal_year = y.fiscal_year` + order

const costLinesQuery = `SELECT c.project_id, c.fiscal_year, c.item, c.specification, c.quantity, c.unit, c.unit_price,
 c.amount, c.standard_id
FROM cost_lines c JOIN project_years y ON y.project_id = c.project_id AND y.fiscal_year = c.fiscal_year` + order + `, c.line_no`

const paymentsQuery = `SELECT p.project_id, p.fiscal_year, p.month, p.amount
FROM payments p JOIN project_years y ON y.project_id = p.project_id AND y.fiscal_year = p.fiscal_year` + order + `, p.month`

const recordedQuery = `SELECT d.project_id, d.fiscal_year, d.stage, d.outcome
FROM decisions d JOIN project_years y ON y.project_id = d.project_id AND y.fiscal_year = d.fiscal_year
WHERE d.run_id = 'recorded'` + order + `, d.stage`

// Records streams the history in the database as JSON documents, one per
// project-year, in the layout of one line of a JSON-lines history, ordered
// by fiscal year and then as imported; history.Decode turns them into
// records for history's Replay, Diff and Verify:
//
//	history.Replay(ctx, prog, history.Decode(store.Records(ctx)), opts)
//
// Memory is constant in the number of records: four queries (project
// years with their goals and evaluation, cost lines, payments, recorded
// decisions), all in the same order, are read side by side, one record's
// rows at a time; they hold four connections of the pool while the stream
// runs. A query or row that cannot be read is yielded once as an error
// wrapping ErrRead and ends the stream; a row whose amounts do not parse
// too, with its key (the store wrote it, so the database was changed
// behind it). Stopping early closes the queries.
func (s *Store) Records(ctx context.Context) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		fail := func(err error) { yield(nil, fmt.Errorf("%w: %w", ErrRead, err)) }
		var cursors [4]*sql.Rows
		for i, q := range []string{recordsQuery, costLinesQuery, paymentsQuery, recordedQuery} {
			rows, err := s.db.QueryContext(ctx, q)
			if err != nil {
				for _, c := range cursors[:i] {
					c.Close()
				}
				fail(err)
				return
			}
			cursors[i] = rows
		}
		defer func() {
			for _, c := range cursors {
				c.Close()
			}
		}()
		lines := newChild(cursors[1], 7)
		pays := newChild(cursors[2], 2)
		decs := newChild(cursors[3], 2)
		var buf bytes.Buffer
		for cursors[0].Next() {
			r, err := scanRecord(cursors[0])
			if err == nil {
				err = r.children(lines, pays, decs)
			}
			if err != nil {
				if r != nil {
					err = fmt.Errorf("%s %d: %w", r.Project.ID, r.Project.FiscalYear, err)
				}
				fail(err)
				return
			}
			buf.Reset()
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(r); err != nil {
				fail(err)
				return
			}
			if !yield(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil) {
				return
			}
		}
		if err := cursors[0].Err(); err != nil {
			fail(err)
			return
		}
		for _, c := range []*child{lines, pays, decs} {
			if err := c.rows.Err(); err != nil {
				fail(err)
				return
			}
		}
	}
}

// child is a cursor over rows that belong to project years, in the same
// order, read one record's rows at a time: a row read that belongs to a
// later record waits in the cursor. Its columns after the key (project_id,
// fiscal_year) are read as text into col.
type child struct {
	rows    *sql.Rows
	pending bool
	done    bool
	id      string
	year    int
	col     []sql.NullString
	dest    []any
}

func newChild(rows *sql.Rows, cols int) *child {
	c := &child{rows: rows, col: make([]sql.NullString, cols)}
	c.dest = []any{&c.id, &c.year}
	for i := range c.col {
		c.dest = append(c.dest, &c.col[i])
	}
	return c
}

// take calls f for each row of the record (id, year), with the row's
// columns in c.col.
func (c *child) take(id string, year int, f func(col []sql.NullString) error) error {
	for {
		if !c.pending {
			if c.done {
				return nil
			}
			if !c.rows.Next() {
				c.done = true
				return c.rows.Err()
			}
			if err := c.rows.Scan(c.dest...); err != nil {
				return err
			}
			c.pending = true
		}
		if c.id != id || c.year != year {
			return nil // the row belongs to a later record
		}
		if err := f(c.col); err != nil {
			return err
		}
		c.pending = false
	}
}

func scanRecord(rows *sql.Rows) (*record, error) {
	var (
		r                                           = new(record)
		p                                           = &r.Project
		kind, pstart, pend, total, invested, amount string
		initial, adjusted, carry, requested         string
		isNew, continuing, months                   int
		host, experts, pid, pver, phash, tree       sql.NullString
		esource, escore, eattain                    sql.NullString
	)
	if err := rows.Scan(&p.ID, &p.FiscalYear, &r.Round, &p.Name, &p.UnitID, &kind, &isNew, &p.Category, &p.Basis,
		&p.Content, &pstart, &pend, &total, &invested, &amount, &p.FundSource, &host, &experts, &initial, &adjusted,
		&continuing, &months, &carry, &requested, &pid, &pver, &phash, &tree, &esource, &escore, &eattain); err != nil {
		return nil, err
	}
	p.Kind = performance.Kind(kind)
	p.New = isNew != 0
	r.Execution.Continuing = continuing != 0
	var err error
	if p.Period.Start, err = performance.ParseMonth(pstart); err != nil {
		return r, err
	}
	if p.Period.End, err = performance.ParseMonth(pend); err != nil {
		return r, err
	}
	for _, f := range []struct {
		dst *decimal.Decimal
		s   string
	}{{&p.TotalInvestment, total}, {&p.InvestedToDate, invested}, {&p.Amount, amount},
		{&r.Execution.Initial, initial}, {&r.Execution.Adjusted, adjusted}, {&r.CarryOver, carry}, {&r.Requested, requested},
		{&r.Evaluation.Score, escore.String}, {&r.Evaluation.Attainment, eattain.String}} {
		if err := parseAmount(f.dst, f.s); err != nil {
			return r, err
		}
	}
	r.Evaluation.Source = esource.String
	if host.Valid {
		if err := json.Unmarshal([]byte(host.String), &p.Host); err != nil {
			return r, fmt.Errorf("host: %w", err)
		}
	}
	if experts.Valid {
		if err := json.Unmarshal([]byte(experts.String), &r.Experts); err != nil {
			return r, fmt.Errorf("experts: %w", err)
		}
	}
	if tree.Valid {
		if err := json.Unmarshal([]byte(tree.String), &r.Goals); err != nil {
			return r, fmt.Errorf("goals: %w", err)
		}
	}
	if pid.Valid {
		r.Decisions = &recorded{Policy: performance.PolicyRef{ID: pid.String, Version: pver.String, Hash: phash.String}}
	}
	if months > 0 {
		r.Execution.Monthly = make([]decimal.Decimal, months)
	}
	return r, nil
}

// parseAmount reads an exact decimal column; "" (a missing evaluation)
// is zero.
func parseAmount(dst *decimal.Decimal, s string) error {
	if s == "" {
		*dst = decimal.Zero
		return nil
	}
	d, err := performance.ParseDecimal(s)
	if err != nil {
		return err
	}
	*dst = d
	return nil
}

// children reads the record's cost lines, payments and recorded decisions.
func (r *record) children(lines, pays, decs *child) error {
	p := &r.Project
	err := lines.take(p.ID, p.FiscalYear, func(col []sql.NullString) error {
		l := performance.CostLine{Item: col[0].String, Specification: col[1].String, Unit: col[3].String, StandardID: col[6].String}
		for _, f := range []struct {
			dst *decimal.Decimal
			s   string
		}{{&l.Quantity, col[2].String}, {&l.UnitPrice, col[4].String}, {&l.Amount, col[5].String}} {
			if err := parseAmount(f.dst, f.s); err != nil {
				return fmt.Errorf("cost line %d: %w", len(p.CostLines)+1, err)
			}
		}
		p.CostLines = append(p.CostLines, l)
		return nil
	})
	if err != nil {
		return err
	}
	err = pays.take(p.ID, p.FiscalYear, func(col []sql.NullString) error {
		month, err := strconv.Atoi(col[0].String)
		if err != nil || month < 1 || month > len(r.Execution.Monthly) {
			return fmt.Errorf("payment of month %q beyond the record's %d months", col[0].String, len(r.Execution.Monthly))
		}
		return parseAmount(&r.Execution.Monthly[month-1], col[1].String)
	})
	if err != nil {
		return err
	}
	return decs.take(p.ID, p.FiscalYear, func(col []sql.NullString) error {
		stage, outcome := col[0].String, col[1].String
		if r.Decisions == nil {
			return fmt.Errorf("recorded decision %s without a recorded policy", stage)
		}
		for _, st := range r.Decisions.stages() {
			if st.name == stage {
				*st.raw = json.RawMessage(outcome)
				return nil
			}
		}
		return fmt.Errorf("recorded decision of unknown stage %q", stage)
	})
}
