package queue

import (
	"context"
	"database/sql"
)

// DB is the queue's database, for the app's own tables (the evaluation records), with its
// kind: "sqlite" or "postgres".
func (q *Queue) DB() (*sql.DB, string) { return q.db.sql, q.db.kind }

// OpenSQL opens the database rawURL names without a queue, for a command that only reads the
// app's records (report); close releases it.
func OpenSQL(ctx context.Context, rawURL string) (db *sql.DB, kind string, close func(), err error) {
	d, err := openDatabase(ctx, rawURL)
	if err != nil {
		return nil, "", nil, err
	}
	return d.sql, d.kind, d.close, nil
}
