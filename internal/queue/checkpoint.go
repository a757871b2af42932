package queue

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// checkpointEvery is how often the checkpointer copies the write-ahead log into the database
// file. A burst of 20 KB deliveries fills SQLite's default threshold (1000 pages, 4 MB) about
// every 200 deliveries; this keeps the log about that size.
const checkpointEvery = 250 * time.Millisecond

// checkpointer moves SQLite's WAL checkpoints off the commit path. By default the commit that
// crosses 1000 pages of log copies the log into the database file and syncs it before it
// returns, and with one connection every delivery waiting on the group commit waits for that
// copy too: the slowest answers of a burst were those. The database's own connection has
// automatic checkpoints off, and this one, on a connection of its own, runs a passive
// checkpoint (which never blocks the writer or readers) every checkpointEvery.
type checkpointer struct {
	db   *sql.DB
	stop context.CancelFunc
	done chan struct{}
}

// startCheckpointer opens its own connection to the database at dsn.
func startCheckpointer(path, dsn string) (*checkpointer, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open SQLite database %s for checkpoints: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	ctx, stop := context.WithCancel(context.Background())
	c := &checkpointer{db: db, stop: stop, done: make(chan struct{})}
	go c.run(ctx)
	return c, nil
}

func (c *checkpointer) run(ctx context.Context) {
	defer close(c.done)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			// A failed checkpoint leaves the log to the next one; nothing is lost meanwhile.
			_, _ = c.db.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
		}
	}
}

// close stops the checkpoints; the last connection to close checkpoints what is left.
func (c *checkpointer) close() {
	c.stop()
	<-c.done
	c.db.Close()
}
