package queue

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/reporting"
)

// MergedArgs is the job that does a merge's work: the fresh evaluation at the merged head,
// its problem report when it is not a pass, the fixes it records, and its audit record. It is
// a job of its own, never folded into an evaluation queued for the pull request, so no merge
// is lost to coalescing, and one a crash interrupts runs again.
type MergedArgs struct {
	Merge reporting.Merge `json:"merge" river:"unique"`
	Cause Cause           `json:"cause"`
}

// Kind implements river.JobArgs.
func (MergedArgs) Kind() string { return "merged_pull" }

// InsertOpts implements river.JobArgsWithInsertOpts: one job per merge (repository, pull
// request and merge commit), however often GitHub delivers it; a finished one still counts,
// so a late redelivery costs nothing. A side effect, so it runs among the actions.
func (MergedArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueActions, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Merged queues the work of a merge (see MergedArgs); it implements the merge part of the
// handlers' webhook.Reporter.
func (q *Queue) Merged(ctx context.Context, m reporting.Merge) error {
	if _, err := q.Insert(ctx, MergedArgs{Merge: m, Cause: CauseOf(ctx)}, nil); err != nil {
		return fmt.Errorf("queue the merge of %s#%d: %w", m.Repo, m.Number, err)
	}
	return nil
}

// MergeReporter does a merge's work (reporting.Service).
type MergeReporter interface {
	Merged(ctx context.Context, m reporting.Merge) error
}

// MergedWorker works MergedArgs jobs, holding the pull request's lease, so a merge's work
// never runs beside an evaluation of the same pull request on any replica.
type MergedWorker struct {
	river.WorkerDefaults[MergedArgs]
	Queue   *Queue
	Reports MergeReporter
}

// Work implements river.Worker.
func (w *MergedWorker) Work(ctx context.Context, job *river.Job[MergedArgs]) error {
	m := job.Args.Merge
	t := evaluation.Target{InstallationID: m.Repo.InstallationID, Owner: m.Repo.Owner, Repo: m.Repo.Name, Number: m.Number}
	return w.Queue.onPull(ctx, job.JobRow, job.Args.Cause, t, func(ctx context.Context) error {
		return w.Reports.Merged(ctx, m)
	})
}
