package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"iter"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for tests against PostgreSQL
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite" // the "sqlite" driver, pure Go

	"github.com/jixiao-go/jixiao/history"
	"github.com/jixiao-go/jixiao/internal/historytest"
	"github.com/jixiao-go/jixiao/sqlstore"
)

const dir = "../testdata/history"

func recordsFile() string { return filepath.Join(dir, "records.jsonl.gz") }

// A backend opens a fresh, empty database for one test.
type backend struct {
	name string
	// dsn returns the driver name and data source of a fresh database.
	dsn func(t testing.TB) (driverName, dsn string)
}

func (be backend) open(t testing.TB) *sql.DB {
	t.Helper()
	name, dsn := be.dsn(t)
	db, err := sql.Open(name, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// sqliteDSN is the DSN the command uses too: WAL, a busy timeout for
// concurrent writers, immediate transactions, foreign keys on.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"
}

func sqliteFile(t testing.TB) (string, string) {
	return "sqlite", sqliteDSN(filepath.Join(t.TempDir(), "history.db"))
}

// pgURL returns the PostgreSQL server of the tests (JIXIAO_PG_URL), or
// skips the test when none is configured outside CI; in CI (CI set) a
// missing server fails the test.
func pgURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("JIXIAO_PG_URL")
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but JIXIAO_PG_URL is not: the PostgreSQL tests must run in CI (source scripts/ci-postgres.sh start)")
		}
		t.Skip("PostgreSQL tests skipped: JIXIAO_PG_URL is not set (eval \"$(scripts/ci-postgres.sh start)\" starts a throwaway server)")
	}
	return u
}

// pgSchema creates a schema of its own for the test on the configured
// server and returns a data source whose search_path is that schema; the
// schema is dropped after the test.
func pgSchema(t testing.TB) (string, string) {
	t.Helper()
	base := pgURL(t)
	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	_, err = admin.Exec(`CREATE SCHEMA ` + schema)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return "pgx", u.String()
}

func backends() []backend {
	return []backend{{"sqlite", sqliteFile}, {"postgres", pgSchema}}
}

// docs streams the records of a JSON-lines history as JSON documents, the
// way the command imports them.
func docs(path string) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		for r, err := range history.ReadFile(path) {
			var b []byte
			if err == nil {
				b, err = json.Marshal(r)
			}
			if !yield(b, err) {
				return
			}
		}
	}
}

func openStore(t testing.TB, db *sql.DB) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), db)
	require.NoError(t, err)
	return s
}

// loadBundle reads the bundled history folder (internal/historytest).
func loadBundle(t testing.TB) historytest.Bundle { return historytest.Load(t, dir) }
