package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivertype"
)

// lockFile holds an exclusive lock on path for as long as the process has the file open: the
// embedded database belongs to one process, and a second one is refused instead of sharing it.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("the SQLite database is in use by another process (lock %s): SQLite serves one process; point several replicas at PostgreSQL", path)
	}
	return f, nil
}

// orphanBatch bounds one rescue round at start-up; rounds repeat until none is left.
const orphanBatch = 500

// rescueOrphans runs again at once what a dead process left running. It is for the embedded
// database only: the file lock proves no other process works it, so a job still marked
// running was running in a process that died (kill -9, OOM, a power cut). River's own rescuer
// would find it too, but only after RescueAfter; and the dead process's leadership would hold
// up scheduled retries until it expired, and its leases the pull requests it was evaluating,
// so both are let go here as well.
func (q *Queue) rescueOrphans(ctx context.Context, exec riverdriver.Executor) error {
	now := time.Now().UTC()
	rescued := 0
	for {
		jobs, err := exec.JobGetStuck(ctx, &riverdriver.JobGetStuckParams{Max: orphanBatch, StuckHorizon: now.Add(time.Second)})
		if err != nil {
			return fmt.Errorf("find jobs left running: %w", err)
		}
		if len(jobs) == 0 {
			break
		}
		if err := rescue(ctx, exec, jobs, now.Add(time.Second), "the process died while running this job; run again at start-up"); err != nil {
			return err
		}
		rescued += len(jobs)
	}
	if rescued > 0 {
		q.logger.Warn().Int("jobs", rescued).Msg("the last process died while running jobs; they run again now")
	}
	if _, err := q.db.sql.ExecContext(ctx, "DELETE FROM "+leaseTable); err != nil {
		return fmt.Errorf("drop the dead process's leases: %w", err)
	}
	return resignDeadLeader(ctx, exec)
}

// rescue makes jobs that are still running but whose process died available at once, if they
// started before horizon (so a job that another process took since is left alone); why goes
// into each job's errors.
func rescue(ctx context.Context, exec riverdriver.Executor, jobs []*rivertype.JobRow, horizon time.Time, why string) error {
	now := time.Now().UTC()
	p := &riverdriver.JobRescueManyParams{StuckHorizon: horizon}
	for _, job := range jobs {
		cause, err := json.Marshal(rivertype.AttemptError{At: now, Attempt: job.Attempt, Error: why})
		if err != nil {
			return err
		}
		p.ID = append(p.ID, job.ID)
		p.Error = append(p.Error, cause)
		p.FinalizedAt = append(p.FinalizedAt, nil)
		p.ScheduledAt = append(p.ScheduledAt, now)
		p.State = append(p.State, string(rivertype.JobStateAvailable))
	}
	if _, err := exec.JobRescueMany(ctx, p); err != nil {
		return fmt.Errorf("run again the jobs left running: %w", err)
	}
	return nil
}

func resignDeadLeader(ctx context.Context, exec riverdriver.Executor) error {
	leader, err := exec.LeaderGetElectedLeader(ctx, &riverdriver.LeaderGetElectedLeaderParams{})
	if err != nil || leader == nil {
		return nil // no leader recorded
	}
	if _, err := exec.LeaderResign(ctx, &riverdriver.LeaderResignParams{LeaderID: leader.LeaderID, ElectedAt: leader.ElectedAt}); err != nil {
		return fmt.Errorf("resign the dead process's leadership: %w", err)
	}
	return nil
}
