package queue

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"time"
)

// leaseTable holds who works on what: one row per name (a pull request, say) while a job holds
// it. River keeps at most one waiting job per key, but a key may have a job waiting beside one
// running (see pulls.go); the lease keeps those two, on any replica, from running at once.
const leaseTable = "iec62304_lease"

const createLeases = `CREATE TABLE IF NOT EXISTS ` + leaseTable + ` (
	name TEXT PRIMARY KEY,
	holder BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
)`

// A lease is taken when nobody holds it, when its holder's time ran out (the process died: River
// rescues the job, and the lease must not outlive it), or again by the same job (the rescued
// job, or a retry, carries the same ID).
const (
	acquireLease = `INSERT INTO ` + leaseTable + ` (name, holder, expires_at) VALUES ($1, $2, $3)
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
WHERE ` + leaseTable + `.holder = excluded.holder OR ` + leaseTable + `.expires_at < $4`
	releaseLease = `DELETE FROM ` + leaseTable + ` WHERE name = $1 AND holder = $2`
)

var placeholder = regexp.MustCompile(`\$[0-9]+`)

// query adapts a statement written with PostgreSQL's $n placeholders (used in order) to the
// database.
func (d *database) query(q string) string {
	if d.kind == "sqlite" {
		return placeholder.ReplaceAllString(q, "?")
	}
	return q
}

// acquire takes the lease on name for holder until ttl from now; false when another holder has it.
func (d *database) acquire(ctx context.Context, name string, holder int64, ttl time.Duration) (bool, error) {
	now := time.Now()
	res, err := d.sql.ExecContext(ctx, d.query(acquireLease), name, holder, now.Add(ttl).UnixMilli(), now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("take lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("take lease %s: %w", name, err)
	}
	return n == 1, nil
}

// release gives the lease back, if holder still has it.
func (d *database) release(ctx context.Context, name string, holder int64) error {
	if _, err := d.sql.ExecContext(ctx, d.query(releaseLease), name, holder); err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
}

// Lock takes the lease on name, waiting while another holds it, and returns its release; it
// serialises work that no job key covers (the check run of a commit several pull requests
// share) on every replica. A holder that dies lets go after the job timeout.
func (q *Queue) Lock(ctx context.Context, name string) (unlock func(), err error) {
	holder := -rand.Int64N(math.MaxInt64) // negative: never a job's ID; one per call, so calls exclude each other
	wait := 5 * time.Millisecond
	for {
		got, err := q.db.acquire(ctx, name, holder, q.settings.JobTimeout)
		if err != nil {
			return nil, err
		}
		if got {
			return func() {
				if err := q.db.release(context.WithoutCancel(ctx), name, holder); err != nil {
					q.logger.Warn().Err(err).Msg("lock not released; it expires on its own")
				}
			}, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("wait for lock %s: %w", name, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}
