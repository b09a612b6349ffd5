package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// A Store is a project history and decision log in a SQL database reached
// through database/sql. The host opens the *sql.DB with the driver it
// chooses; this package imports none. A Store is safe for concurrent use,
// as *sql.DB is.
type Store struct {
	db *sql.DB
}

// ErrRecord is wrapped by the error of one record that cannot be imported
// (it does not decode, or a different record is stored under its key): it
// is counted and the import goes on.
var ErrRecord = errors.New("sqlstore: bad record")

// ErrConflict is wrapped by the error of a write whose key already holds
// something different: a record under the same project and year, a batch
// under the same run and id with other decisions, or a decision another
// batch of the run already wrote.
var ErrConflict = errors.New("sqlstore: conflicting write")

// Open creates or upgrades the schema of db to this code's version (the
// embedded migrations, each in its own transaction) and returns a Store on
// it. A database whose schema is newer than the code returns a
// *VersionError wrapping ErrNewerSchema and no Store; a migration that
// fails returns an error wrapping ErrMigration and leaves the database at
// the last version applied whole. Two processes migrating one new
// PostgreSQL database at once may make one of them fail; opening again
// succeeds.
func Open(ctx context.Context, db *sql.DB) (*Store, error) {
	if db == nil {
		return nil, errors.New("sqlstore: nil *sql.DB")
	}
	if _, err := migrate(ctx, db); err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// Version returns the schema version the database is at.
func (s *Store) Version(ctx context.Context) (int, error) { return version(ctx, s.db) }

// PutDocument stores a document that goes with the history under name
// ("org.json", "standards.json"), replacing an earlier one.
func (s *Store) PutDocument(ctx context.Context, name string, body []byte) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO documents (name, body) VALUES ($1, $2)
ON CONFLICT (name) DO UPDATE SET body = excluded.body`, name, string(body))
	if err != nil {
		return fmt.Errorf("sqlstore: document %s: %w", name, err)
	}
	return nil
}

// Document returns the document stored under name, or an error wrapping
// sql.ErrNoRows when there is none.
func (s *Store) Document(ctx context.Context, name string) ([]byte, error) {
	var body string
	if err := s.db.QueryRowContext(ctx, `SELECT body FROM documents WHERE name = $1`, name).Scan(&body); err != nil {
		return nil, fmt.Errorf("sqlstore: document %s: %w", name, err)
	}
	return []byte(body), nil
}
