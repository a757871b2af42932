package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/rs/zerolog"
)

// PruneRecordsArgs is the daily job that deletes evaluation records older than the retention
// an operator set (IEC62304_RECORDS_RETENTION): the one deletion the app makes.
type PruneRecordsArgs struct{}

// Kind implements river.JobArgs.
func (PruneRecordsArgs) Kind() string { return "prune_records" }

// InsertOpts implements river.JobArgsWithInsertOpts: one waiting prune at a time is enough.
func (PruneRecordsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueActions, MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: unfinished}}
}

// Pruner deletes the records made before a time and says how many.
type Pruner interface {
	Prune(ctx context.Context, before time.Time) (int64, error)
}

// PruneRecordsWorker deletes the records older than Retention.
type PruneRecordsWorker struct {
	river.WorkerDefaults[PruneRecordsArgs]
	Records   Pruner
	Retention time.Duration
	Logger    zerolog.Logger
	// Pruned hears how many records each run deleted; nil for none.
	Pruned func(n int64)
	Now    func() time.Time
}

// PruneEvery is how often the records are pruned.
const PruneEvery = 24 * time.Hour

// PruneRecords registers the prune job and runs it every PruneEvery. Call it before Start, and
// only with a retention: without one the app deletes nothing.
func PruneRecords(q *Queue, w *PruneRecordsWorker) {
	Register(q, w)
	q.Every(PruneEvery, PruneRecordsArgs{})
}

// Work deletes what is older than the retention and logs what it did.
func (w *PruneRecordsWorker) Work(ctx context.Context, _ *river.Job[PruneRecordsArgs]) error {
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	before := now().Add(-w.Retention)
	n, err := w.Records.Prune(ctx, before)
	if err != nil {
		return fmt.Errorf("prune records older than %s: %w", w.Retention, err)
	}
	if w.Pruned != nil {
		w.Pruned(n)
	}
	w.Logger.Info().Int64("records_pruned", n).Time("before", before).Dur("retention", w.Retention).
		Msg("deleted the evaluation records older than the retention (IEC62304_RECORDS_RETENTION)")
	return nil
}
