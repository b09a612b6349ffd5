package sqlstore_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/jixiao-go/jixiao/performance"
	"github.com/jixiao-go/jixiao/sqlstore"
)

var errKilled = errors.New("test: connection killed")

// killer opens connections of a real driver and, at the kill-th statement
// executed through any of them, closes that statement's connection under
// the running transaction and fails the statement, as a server restart or
// a network cut would. The pool then discards the connection.
type killer struct {
	drv   driver.Driver
	dsn   string
	n     atomic.Int64
	kill  int64
	fired atomic.Bool
}

func (k *killer) Connect(context.Context) (driver.Conn, error) {
	c, err := k.drv.Open(k.dsn)
	if err != nil {
		return nil, err
	}
	return &killConn{Conn: c, k: k}, nil
}

func (k *killer) Driver() driver.Driver { return k.drv }

type killConn struct {
	driver.Conn
	k    *killer
	dead bool
}

func (c *killConn) IsValid() bool { return !c.dead }

func (c *killConn) ResetSession(ctx context.Context) error {
	if c.dead {
		return driver.ErrBadConn
	}
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *killConn) BeginTx(ctx context.Context, o driver.TxOptions) (driver.Tx, error) {
	if c.dead {
		return nil, driver.ErrBadConn
	}
	tx, err := c.Conn.(driver.ConnBeginTx).BeginTx(ctx, o)
	if err != nil {
		return nil, err
	}
	return &killTx{tx: tx, c: c}, nil
}

// killTx ends a transaction on a killed connection without touching the
// closed driver connection (the server or SQLite rolls it back).
type killTx struct {
	tx driver.Tx
	c  *killConn
}

func (t *killTx) Commit() error {
	if t.c.dead {
		return errKilled
	}
	return t.tx.Commit()
}

func (t *killTx) Rollback() error {
	if t.c.dead {
		return errKilled
	}
	return t.tx.Rollback()
}

func (c *killConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	if c.dead {
		return nil, driver.ErrBadConn
	}
	if c.k.n.Add(1) == c.k.kill {
		c.dead = true
		c.k.fired.Store(true)
		c.Conn.Close()
		return nil, errKilled
	}
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
}

func (c *killConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	if c.dead {
		return nil, driver.ErrBadConn
	}
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
}

func (c *killConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	if c.dead {
		return nil, driver.ErrBadConn
	}
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
}

// killingDB opens the backend's database twice: healthy, and through a
// killer that kills the connection at the kill-th statement executed.
func killingDB(t *testing.T, be backend, kill int64) (healthy, killing *sql.DB, k *killer) {
	name, dsn := be.dsn(t)
	healthy, err := sql.Open(name, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { healthy.Close() })
	k = &killer{drv: healthy.Driver(), dsn: dsn, kill: kill}
	killing = sql.OpenDB(k)
	t.Cleanup(func() { killing.Close() })
	return healthy, killing, k
}

func countRows(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, db.QueryRow(q, args...).Scan(&n))
	return n
}

// batchOf makes a batch of n decisions of projects P0001… of 2024.
func batchOf(run, id string, n int, policyHash string) sqlstore.Batch {
	b := sqlstore.Batch{Run: run, ID: id}
	for i := range n {
		b.Decisions = append(b.Decisions, sqlstore.Decision{
			ProjectID: fmt.Sprintf("P%s-%04d", id, i), FiscalYear: 2024, Stage: sqlstore.StageGrade,
			Policy:      performance.PolicyRef{ID: "p", Version: "v1", Hash: policyHash},
			InputDigest: fmt.Sprintf("in-%d", i), Outcome: []byte(`{"grade": "良", "rating": "良"}`),
			Rules: []string{"r1"}, Explanation: performance.Text{ZH: "得分85", EN: "score 85"},
		})
	}
	return b
}

// TestWriteBatchKilledMidBatch kills the connection at the second of the
// batch's three decision INSERTs (450 decisions, 200 rows per INSERT: the
// statements are the batch row, then rows 1–200, 201–400, 401–450): the log
// holds nothing of the batch, and writing it again writes it exactly once.
func TestWriteBatchKilledMidBatch(t *testing.T) {
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			healthy, killing, k := killingDB(t, be, 0)
			openStore(t, healthy) // migrate through the healthy pool
			s := openStore(t, killing)
			k.n.Store(0)
			k.kill = 3
			b := batchOf("run1", "b1", 450, "H1")
			_, err := s.WriteBatch(ctx, b)
			require.ErrorIs(t, err, errKilled)
			require.True(t, k.fired.Load())
			assert.Zero(t, countRows(t, healthy, `SELECT COUNT(*) FROM decisions`), "no decision of the killed batch")
			assert.Zero(t, countRows(t, healthy, `SELECT COUNT(*) FROM decision_batches`), "no batch row of the killed batch")

			written, err := s.WriteBatch(ctx, b)
			require.NoError(t, err)
			assert.True(t, written)
			written, err = s.WriteBatch(ctx, b)
			require.NoError(t, err)
			assert.False(t, written, "a re-run of the same batch writes nothing")
			assert.Equal(t, 450, countRows(t, healthy, `SELECT COUNT(*) FROM decisions WHERE run_id = 'run1'`))
			assert.Equal(t, 1, countRows(t, healthy, `SELECT COUNT(*) FROM decision_batches`))
		})
	}
}

// TestImportKilledMidBatch kills the connection inside the second
// transaction of an import of the first 300 bundled records in batches of
// 100: the first 100 stay, nothing of the second batch is stored, and
// importing again completes the history with every record exactly once.
func TestImportKilledMidBatch(t *testing.T) {
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			healthy, killing, k := killingDB(t, be, 0)
			openStore(t, healthy)
			s := openStore(t, killing)
			k.n.Store(0)
			// Each record takes 7 statements (projects, project_years,
			// cost_lines, payments, goal_versions, evaluations, decisions)
			// and the first batch 700: statement 1000 is in the second.
			k.kill = 1000
			first := take(docs(recordsFile()), 300)
			st, err := s.Import(ctx, first, sqlstore.ImportOptions{Batch: 100})
			require.ErrorIs(t, err, errKilled)
			assert.Equal(t, 100, st.Imported)
			assert.Equal(t, 100, countRows(t, healthy, `SELECT COUNT(*) FROM project_years`))
			assert.Equal(t, 100, countRows(t, healthy, `SELECT COUNT(*) FROM evaluations`))

			st, err = s.Import(ctx, first, sqlstore.ImportOptions{Batch: 100})
			require.NoError(t, err)
			assert.Equal(t, sqlstore.ImportStats{Read: 300, Imported: 200, Unchanged: 100}, st)
			assert.Equal(t, 300, countRows(t, healthy, `SELECT COUNT(*) FROM project_years`))
			assert.Equal(t, 300, countRows(t, healthy, `SELECT COUNT(*) FROM evaluations`))
			n := 0
			for doc, err := range s.Records(ctx) {
				require.NoError(t, err)
				require.NotEmpty(t, doc)
				n++
			}
			assert.Equal(t, 300, n)
		})
	}
}

func take(s iter.Seq2[[]byte, error], n int) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		i := 0
		for b, err := range s {
			if i == n || !yield(b, err) {
				return
			}
			i++
		}
	}
}

// TestNewerSchema opens a database a later release migrated (version 99):
// Open refuses it with a *VersionError naming both versions.
func TestNewerSchema(t *testing.T) {
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			db := be.open(t)
			openStore(t, db)
			_, err := db.Exec(`INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')`)
			require.NoError(t, err)
			s, err := sqlstore.Open(ctx, db)
			require.Nil(t, s)
			require.ErrorIs(t, err, sqlstore.ErrNewerSchema)
			var ve *sqlstore.VersionError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, sqlstore.VersionError{Database: 99, Code: sqlstore.SchemaVersion()}, *ve)
			assert.Equal(t, 2, sqlstore.SchemaVersion(), "migrations/0001 and 0002")
			assert.Contains(t, err.Error(), "99 is newer than this code's 2")
		})
	}
}

// TestConcurrentWriters runs 8 goroutines writing 10 batches each of 50
// decisions, every batch also written a second time by the next goroutine:
// 80 batches are written once each (written true exactly 80 times, a
// second write reports false) and the log holds all 80 × 50 = 4000
// decisions.
func TestConcurrentWriters(t *testing.T) {
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			db := be.open(t)
			s := openStore(t, db)
			const writers, perWriter, size = 8, 10, 50
			var wrote atomic.Int64
			var wg sync.WaitGroup
			errs := make(chan error, writers*perWriter*2)
			for g := range writers {
				wg.Go(func() {
					for i := range perWriter {
						for _, owner := range []int{g, (g + 1) % writers} {
							b := batchOf("run", fmt.Sprintf("%d-%d", owner, i), size, "H")
							ok, err := s.WriteBatch(ctx, b)
							if err != nil {
								errs <- err
								continue
							}
							if ok {
								wrote.Add(1)
							}
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			assert.Equal(t, int64(writers*perWriter), wrote.Load())
			assert.Equal(t, writers*perWriter*size, countRows(t, db, `SELECT COUNT(*) FROM decisions`))
			assert.Equal(t, writers*perWriter, countRows(t, db, `SELECT COUNT(*) FROM decision_batches`))
		})
	}
}

// TestRecordsStopEarly stops reading after one record: the four queries
// are closed and their connections given back to the pool.
func TestRecordsStopEarly(t *testing.T) {
	for _, be := range backends() {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			db := be.open(t)
			s := openStore(t, db)
			_, err := s.Import(ctx, take(docs(recordsFile()), 20), sqlstore.ImportOptions{})
			require.NoError(t, err)
			n := 0
			for _, err := range s.Records(ctx) {
				require.NoError(t, err)
				n++
				break
			}
			assert.Equal(t, 1, n)
			assert.Zero(t, db.Stats().InUse, "connections in use after the stream stopped")
		})
	}
}

// TestImportRejectsThirteenMonths: a record with 13 monthly payments is
// rejected (MaxMonths is 12) with its position, and the next is imported.
func TestImportRejectsThirteenMonths(t *testing.T) {
	ctx := context.Background()
	db := backend{"sqlite", sqliteFile}.open(t)
	s := openStore(t, db)
	var two [][]byte
	for d, err := range take(docs(recordsFile()), 2) {
		require.NoError(t, err)
		two = append(two, d)
	}
	bad := strings.Replace(string(two[0]), `"monthly":[`, `"monthly":["1",`, 1)
	require.NotEqual(t, string(two[0]), bad)
	in := func(yield func([]byte, error) bool) { _ = yield([]byte(bad), nil) && yield(two[1], nil) }
	st, err := s.Import(ctx, in, sqlstore.ImportOptions{})
	assert.Equal(t, sqlstore.ImportStats{Read: 2, Imported: 1, Rejected: 1}, st)
	require.ErrorIs(t, err, sqlstore.ErrRecord)
	assert.Contains(t, err.Error(), "record 1 (XM000004 2021): execution.monthly has 13 months, at most 12")
}
