package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// DefaultDatabaseURL keeps the embedded database in the working directory: a file, so what was
// accepted survives a restart.
const DefaultDatabaseURL = "sqlite://iec62304-bot.db"

// database is one open store: River's driver over it, and a database/sql handle for the
// queue's own tables (per-PR leases, delivery payloads).
type database struct {
	kind  string // "sqlite" or "postgres"
	sql   *sql.DB
	pool  *pgxpool.Pool // PostgreSQL only
	close func()
}

// openDatabase connects to the database url names: sqlite://PATH (relative to the working
// directory; sqlite:///abs/path for an absolute one) or postgres://….
func openDatabase(ctx context.Context, rawURL string) (*database, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	switch u.Scheme {
	case "sqlite":
		return openSQLite(ctx, strings.TrimPrefix(rawURL, "sqlite://"))
	case "postgres", "postgresql":
		return openPostgres(ctx, rawURL)
	}
	return nil, fmt.Errorf("database URL %q: use sqlite://FILE or postgres://…", redact(rawURL))
}

func openSQLite(ctx context.Context, path string) (*database, error) {
	if path == "" {
		return nil, errors.New("database URL sqlite://: name a file, e.g. sqlite://iec62304-bot.db")
	}
	// WAL lets readers and the writer overlap; synchronous(FULL) makes a commit survive a power
	// cut, not only a crash, because a delivery is acknowledged only after its commit.
	lock, err := lockFile(path + ".lock")
	if err != nil {
		return nil, err
	}
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)"
	// Checkpoints are the checkpointer's, off the commit path (see checkpointer).
	db, err := sql.Open("sqlite", dsn+"&_pragma=wal_autocheckpoint(0)&_txlock=immediate")
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	// SQLite takes one writer at a time; River's own advice is a single connection, which also
	// turns many concurrent inserts into one queue of commits instead of busy retries.
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		lock.Close()
		return nil, fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	checkpoints, err := startCheckpointer(path, dsn)
	if err != nil {
		db.Close()
		lock.Close()
		return nil, err
	}
	return &database{kind: "sqlite", sql: db, close: func() { checkpoints.close(); db.Close(); lock.Close() }}, nil
}

func openPostgres(ctx context.Context, rawURL string) (*database, error) {
	pool, err := pgxpool.New(ctx, rawURL)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL %s: %w", redact(rawURL), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL %s: %w", redact(rawURL), err)
	}
	db := stdlib.OpenDBFromPool(pool)
	return &database{kind: "postgres", sql: db, pool: pool, close: func() { db.Close(); pool.Close() }}, nil
}

// migrate brings River's schema and the queue's own tables up to date; both steps are
// idempotent, so every replica may run them at start.
func (d *database) migrate(ctx context.Context) error {
	var err error
	if d.kind == "sqlite" {
		err = runRiverMigrations(ctx, riversqlite.New(d.sql))
	} else {
		err = runRiverMigrations(ctx, riverpgxv5.New(d.pool))
	}
	if err != nil {
		return err
	}
	if _, err := d.sql.ExecContext(ctx, createLeases); err != nil {
		return fmt.Errorf("create table %s: %w", leaseTable, err)
	}
	if _, err := d.sql.ExecContext(ctx, createPayloads(d.kind)); err != nil {
		return fmt.Errorf("create table %s: %w", payloadTable, err)
	}
	if d.kind == "postgres" {
		if _, err := d.sql.ExecContext(ctx, createReplicas); err != nil {
			return fmt.Errorf("create table %s: %w", replicaTable, err)
		}
	}
	return nil
}

func runRiverMigrations[TTx any](ctx context.Context, driver riverdriver.Driver[TTx]) error {
	migrator, err := rivermigrate.New(driver, nil)
	if err != nil {
		return fmt.Errorf("River migrations: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("River migrations: %w", err)
	}
	return nil
}

// Migrate creates or updates the schema in the database url names, and closes it again: the
// `migrate` command, for operators who run schema changes before a rollout.
func Migrate(ctx context.Context, rawURL string) error {
	db, err := openDatabase(ctx, rawURL)
	if err != nil {
		return err
	}
	defer db.close()
	return db.migrate(ctx)
}

// redact hides a password in a database URL for messages.
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
