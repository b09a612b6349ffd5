package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrNewerSchema is wrapped by the *VersionError of a database whose schema
// is newer than this code knows: it was migrated by a later release, and
// this one must not read or write it.
var ErrNewerSchema = errors.New("sqlstore: database schema is newer than this code")

// ErrMigration is wrapped by the errors of a migration that could not be
// read or applied.
var ErrMigration = errors.New("sqlstore: migration failed")

// A VersionError reports a database schema version this code does not
// support: Database is the version recorded in the database, Code the
// newest version the code knows. It wraps ErrNewerSchema.
type VersionError struct {
	Database, Code int
}

// Error names both versions.
func (e *VersionError) Error() string {
	return fmt.Sprintf("sqlstore: database schema version %d is newer than this code's %d: upgrade the program or use another database", e.Database, e.Code)
}

// Unwrap returns ErrNewerSchema.
func (e *VersionError) Unwrap() error { return ErrNewerSchema }

// migration is one embedded SQL file, migrations/NNNN_name.sql.
type migration struct {
	version int
	name    string
	stmts   []string
}

// migrations returns the embedded migrations, by version.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		num, rest, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("%w: %s: want NNNN_name.sql", ErrMigration, n)
		}
		body, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(rest, ".sql"), stmts: statements(string(body))})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("%w: migration %d missing", ErrMigration, i+1)
		}
	}
	return ms, nil
}

// statements splits a migration into statements: lines starting with "--"
// are comments, and a statement ends with ';' at the end of a line.
func statements(body string) []string {
	var out []string
	var b strings.Builder
	for line := range strings.Lines(body) {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		b.WriteString(line)
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(b.String()), ";"))
			b.Reset()
		}
	}
	if s := strings.TrimSpace(b.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// SchemaVersion is the newest schema version this code knows: the number
// of migrations embedded.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// version returns the schema version recorded in the database (0 for a
// new one), creating the table that records it.
func version(ctx context.Context, db *sql.DB) (int, error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER NOT NULL PRIMARY KEY,
    name    TEXT    NOT NULL)`); err != nil {
		return 0, fmt.Errorf("%w: %w", ErrMigration, err)
	}
	var v sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("%w: %w", ErrMigration, err)
	}
	return int(v.Int64), nil
}

// migrate brings the database to the code's schema version, one
// transaction per migration, and returns the version it is at.
func migrate(ctx context.Context, db *sql.DB) (int, error) {
	ms, err := migrations()
	if err != nil {
		return 0, err
	}
	have, err := version(ctx, db)
	if err != nil {
		return 0, err
	}
	if have > len(ms) {
		return 0, &VersionError{Database: have, Code: len(ms)}
	}
	for _, m := range ms[have:] {
		if err := apply(ctx, db, m); err != nil {
			return 0, fmt.Errorf("%w: %04d_%s: %w", ErrMigration, m.version, m.name, err)
		}
	}
	return len(ms), nil
}

func apply(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, s := range m.stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name); err != nil {
		return err
	}
	return tx.Commit()
}
