package queue

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"
)

// With PostgreSQL, work that was running in a replica that died (kill -9, the OOM killer, a
// lost node) is run again by another replica as soon as the dead one is known dead: each
// replica writes a heartbeat, and one replica at a time (the holder of a lease) rescues the
// running jobs of replicas whose heartbeat stopped. River's own rescuer would take up to
// RescueAfter plus its fixed 30 s interval (75 s); this takes about 30 s.
//
// A job must never run in two replicas at once (its lease lets a rescued job in, since the
// lease holder is the job). So a replica that cannot write its heartbeat cancels its own
// running jobs (it fences itself) long before the others may take it for dead: a replica cut
// off from the database stops working, and only then is its work run elsewhere.
const (
	beatEvery  = 2 * time.Second
	fenceAfter = 10 * time.Second
	deadAfter  = 25 * time.Second
	sweepEvery = 5 * time.Second
)

// replicaTable holds each replica's last heartbeat, by River client ID.
const replicaTable = "iec62304_replica"

const (
	createReplicas = `CREATE TABLE IF NOT EXISTS ` + replicaTable + ` (
	id TEXT PRIMARY KEY,
	seen_at TIMESTAMPTZ NOT NULL
)`
	beat = `INSERT INTO ` + replicaTable + ` (id, seen_at) VALUES ($1, now())
ON CONFLICT (id) DO UPDATE SET seen_at = now()`
	deadReplicas = `SELECT id, now() FROM ` + replicaTable + ` WHERE seen_at < now() - make_interval(secs => $1)`
	// A replica dead for a day had its jobs rescued long ago.
	forgetReplicas = `DELETE FROM ` + replicaTable + ` WHERE seen_at < now() - interval '1 day'`
)

// sweeperLease is the lease whose holder rescues dead replicas' jobs.
const sweeperLease = "rescue-dead-replicas"

// errFenced cancels the jobs of a replica that lost touch with the database.
var errFenced = errors.New("this replica could not reach the database for its heartbeat; its jobs are run elsewhere")

// fence is the context a replica's jobs run under: cancelled while its heartbeat is lapsed.
type fence struct {
	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelCauseFunc
}

func newFence() *fence {
	f := &fence{}
	f.ctx, f.cancel = context.WithCancelCause(context.Background())
	return f
}

// current is the context jobs starting now run under.
func (f *fence) current() context.Context {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ctx
}

// lapse cancels the running jobs; restore lets new ones run again.
func (f *fence) lapse() { f.cancel(errFenced) }

func (f *fence) restore() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ctx.Err() != nil {
		f.ctx, f.cancel = context.WithCancelCause(context.Background())
	}
}

// fenceMiddleware runs every job under the replica's fence.
type fenceMiddleware struct {
	river.MiddlewareDefaults
	fence *fence
}

// Work implements rivertype.WorkerMiddleware.
func (m *fenceMiddleware) Work(ctx context.Context, _ *rivertype.JobRow, doInner func(context.Context) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	fenced := m.fence.current()
	stop := context.AfterFunc(fenced, func() { cancel(context.Cause(fenced)) })
	defer stop()
	return doInner(ctx)
}

// beat records that this replica is alive.
func (q *Queue) beat(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, beatEvery)
	defer cancel()
	if _, err := q.db.sql.ExecContext(ctx, beat, q.client.ID()); err != nil {
		return fmt.Errorf("heartbeat: %w", err)
	}
	return nil
}

// keepAlive beats, fences this replica when its beats fail for fenceAfter, and sweeps, until
// the queue stops.
func (q *Queue) keepAlive() {
	lastBeat := time.Now()
	beats, sweeps := time.NewTicker(beatEvery), time.NewTicker(sweepEvery)
	defer beats.Stop()
	defer sweeps.Stop()
	for {
		select {
		case <-q.quit:
			return
		case <-beats.C:
			if err := q.beat(context.Background()); err != nil {
				if time.Since(lastBeat) > fenceAfter && q.fence.current().Err() == nil {
					q.logger.Error().Err(err).Msg("no heartbeat for too long: cancelling this replica's running jobs, which other replicas will run")
					q.fence.lapse()
				}
				continue
			}
			lastBeat = time.Now()
			q.fence.restore()
		case <-sweeps.C:
			if err := q.sweep(context.Background()); err != nil {
				q.logger.Warn().Err(err).Msg("rescue of dead replicas' jobs failed; trying again")
			}
		}
	}
}

// sweep rescues the running jobs of dead replicas, if this replica holds the sweeper lease.
func (q *Queue) sweep(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, sweepEvery)
	defer cancel()
	if got, err := q.db.acquire(ctx, sweeperLease, q.holder, 3*sweepEvery); err != nil || !got {
		return err
	}
	dead, now, err := q.deadReplicas(ctx)
	if err != nil || len(dead) == 0 {
		return err
	}
	var orphans []*rivertype.JobRow
	for after := int64(0); ; {
		jobs, err := q.exec.JobGetStuck(ctx, &riverdriver.JobGetStuckParams{AfterID: after, Max: orphanBatch, StuckHorizon: now})
		if err != nil {
			return fmt.Errorf("find running jobs: %w", err)
		}
		for _, job := range jobs {
			if n := len(job.AttemptedBy); n > 0 && slices.Contains(dead, job.AttemptedBy[n-1]) {
				orphans = append(orphans, job)
			}
		}
		if len(jobs) < orphanBatch {
			break
		}
		after = jobs[len(jobs)-1].ID
	}
	if len(orphans) > 0 {
		if err := rescue(ctx, q.exec, orphans, now, "the replica running this job died; run again by another"); err != nil {
			return err
		}
		q.logger.Warn().Int("jobs", len(orphans)).Strs("replicas", dead).Msg("replicas died while running jobs; they run again now")
	}
	if _, err := q.db.sql.ExecContext(ctx, forgetReplicas); err != nil {
		return fmt.Errorf("forget replicas dead for a day: %w", err)
	}
	return nil
}

// deadReplicas are the replicas whose last heartbeat is older than deadAfter, with the
// database's clock now (so no replica's clock is trusted over another's).
func (q *Queue) deadReplicas(ctx context.Context) (dead []string, now time.Time, err error) {
	rows, err := q.db.sql.QueryContext(ctx, deadReplicas, deadAfter.Seconds())
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("find dead replicas: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id, &now); err != nil {
			return nil, time.Time{}, fmt.Errorf("find dead replicas: %w", err)
		}
		dead = append(dead, id)
	}
	return dead, now, rows.Err()
}
