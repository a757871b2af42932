// Package queue is the app's durable work: webhook deliveries and the jobs they lead to, kept
// by River (riverqueue/river) in SQLite (embedded, the default) or PostgreSQL (several
// replicas). Keying, coalescing, per-pull-request exclusion and retrying live here; what a
// job does lives with its worker.
//
// Life cycle: Open (connect, migrate), Register each job kind's worker, Start, then Store
// deliveries and Insert jobs; Stop on shutdown. Other packages add job kinds of their own with
// Register and Insert; a kind's uniqueness, queue and attempts are its args' InsertOpts.
package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
	"github.com/rs/zerolog"
)

// Queues: deliveries are turned into work first, so coalescing sees them early; evaluations
// and actions (side effects such as a merge or a command, added by other packages) have
// workers of their own so neither starves the other.
const (
	QueueDeliveries  = "deliveries"
	QueueEvaluations = "evaluations"
	QueueActions     = "actions"
)

// ErrStopped is Store's and Insert's answer once shutdown began: the front door answers 503
// and GitHub may deliver again later.
var ErrStopped = errors.New("queue stopped: not taking new work")

// Settings tune the queue; zero values take the defaults.
type Settings struct {
	// Workers per queue: deliveries, evaluations, actions (default 4, 8, 4).
	DeliveryWorkers, EvaluationWorkers, ActionWorkers int
	// JobTimeout cancels a job that runs longer (default 30 s: an evaluation is about ten
	// GitHub calls, each bounded by the client's own timeout).
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before River takes it for dead and runs
	// it again (default JobTimeout + 15 s). Kept short on purpose: a live job is cancelled at
	// JobTimeout, so only a job whose process died (kill -9, OOM, a lost node) is still
	// running then, and it should not wait River's default hour.
	RescueAfter time.Duration
	// Retry is the backoff between attempts of a failed job.
	Retry Backoff
	// MaxAttempts bounds the attempts of a job that keeps failing on transient errors
	// (default 10: with the default backoff, about 40 minutes).
	MaxAttempts int
	// PollInterval is how often idle workers look for jobs besides the insert notifications
	// (default 250 ms).
	PollInterval time.Duration
	// Classify tells transient errors from permanent ones (default: all transient).
	Classify Classifier
	// Observer receives job metrics; nil for none.
	Observer Observer
	// Yield, when set, reports whether the front door is receiving deliveries; a job about to
	// start then waits, up to YieldMax (default 200 ms), so the front door goes first.
	Yield    func() bool
	YieldMax time.Duration
}

func (s Settings) withDefaults() Settings {
	or := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	or(&s.DeliveryWorkers, 4)
	or(&s.EvaluationWorkers, 8)
	or(&s.ActionWorkers, 4)
	or(&s.MaxAttempts, 10)
	if s.JobTimeout <= 0 {
		s.JobTimeout = 30 * time.Second
	}
	if s.RescueAfter <= s.JobTimeout {
		s.RescueAfter = s.JobTimeout + 15*time.Second
	}
	if s.PollInterval <= 0 {
		s.PollInterval = 250 * time.Millisecond
	}
	if s.YieldMax <= 0 {
		s.YieldMax = 200 * time.Millisecond
	}
	s.Retry = s.Retry.withDefaults()
	if s.Classify == nil {
		s.Classify = everythingTransient
	}
	return s
}

// engine is what the queue uses of a River client; *river.Client satisfies it for either driver.
type engine interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	Subscribe(kinds ...river.EventKind) (<-chan *river.Event, func())
	ID() string
}

var (
	_ engine = (*river.Client[*sql.Tx])(nil)
	_ engine = (*river.Client[pgx.Tx])(nil)
)

// Queue is the app's durable work queue.
type Queue struct {
	db       *database
	settings Settings
	logger   zerolog.Logger
	workers  *river.Workers
	periodic []*river.PeriodicJob

	client engine
	exec   riverdriver.Executor
	store  *batcher

	// holder is this process's name in leases that are not a job's (see Lock).
	holder int64
	// fence cancels this replica's jobs when it loses the database (PostgreSQL; see liveness.go).
	fence *fence

	mu      sync.Mutex
	stopped bool
	quit    chan struct{} // closed by Close
}

// Open connects to the database rawURL names and brings its schema up to date.
func Open(ctx context.Context, rawURL string, logger zerolog.Logger, s Settings) (*Queue, error) {
	db, err := openDatabase(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.close()
		return nil, fmt.Errorf("migrate %s: %w", redact(rawURL), err)
	}
	return &Queue{db: db, settings: s.withDefaults(), logger: logger, workers: river.NewWorkers(),
		holder: -rand.Int64N(math.MaxInt64), fence: newFence(), quit: make(chan struct{})}, nil
}

// Register adds a job kind and its worker; call it before Start. The kind's args decide, with
// InsertOpts, its queue (QueueActions for side effects), its uniqueness and its attempts.
func Register[T river.JobArgs](q *Queue, w river.Worker[T]) {
	river.AddWorker(q.workers, w)
}

// Start builds the River client and starts working jobs.
func (q *Queue) Start(ctx context.Context) error {
	cfg := q.riverConfig()
	var err error
	if q.db.kind == "sqlite" {
		err = startClient(ctx, q, riversqlite.New(q.db.sql), cfg)
	} else {
		err = startClient(ctx, q, riverpgxv5.New(q.db.pool), cfg)
	}
	if err != nil {
		return err
	}
	go q.observe()
	return nil
}

func startClient[TTx any](ctx context.Context, q *Queue, driver riverdriver.Driver[TTx], cfg *river.Config) error {
	client, err := river.NewClient(driver, cfg)
	if err != nil {
		return fmt.Errorf("create River client: %w", err)
	}
	q.client, q.exec = client, driver.GetExecutor()
	q.store = newBatcher(func(ctx context.Context, batch []Delivery, handled []int64) error {
		err := storeBatch(ctx, q.db, client, driver, batch, handled)
		if err != nil && len(batch) == 0 { // no sender to tell
			q.logger.Warn().Err(err).Msg("payloads of handled deliveries not deleted; they stay in the database")
		}
		return err
	})
	if q.db.kind == "sqlite" {
		if err := q.rescueOrphans(ctx, q.exec); err != nil {
			return err
		}
	} else if err := q.beat(ctx); err != nil { // before any job runs here
		return err
	}
	if err := client.Start(ctx); err != nil {
		return fmt.Errorf("start River client: %w", err)
	}
	if q.db.kind == "postgres" {
		go q.keepAlive()
	}
	return nil
}

func (q *Queue) riverConfig() *river.Config {
	s := q.settings
	queue := func(workers int) river.QueueConfig {
		return river.QueueConfig{MaxWorkers: workers, FetchPollInterval: s.PollInterval}
	}
	var middleware []rivertype.Middleware
	if q.db.kind == "postgres" {
		middleware = append(middleware, &fenceMiddleware{fence: q.fence})
	}
	if s.Yield != nil {
		middleware = append(middleware, &yieldMiddleware{busy: s.Yield, max: s.YieldMax})
	}
	return &river.Config{
		Middleware: middleware,
		Queues: map[string]river.QueueConfig{
			QueueDeliveries:  queue(s.DeliveryWorkers),
			QueueEvaluations: queue(s.EvaluationWorkers),
			QueueActions:     queue(s.ActionWorkers),
			QueueBackground:  queue(1),
		},
		Workers:              q.workers,
		PeriodicJobs:         q.periodic,
		JobTimeout:           s.JobTimeout,
		RescueStuckJobsAfter: s.RescueAfter,
		MaxAttempts:          s.MaxAttempts,
		RetryPolicy:          s.Retry,
		FetchPollInterval:    s.PollInterval,
		FetchCooldown:        min(s.PollInterval, river.FetchCooldownDefault),
		ErrorHandler:         &errorLogger{logger: q.logger, classify: s.Classify, observer: s.Observer},
		Logger:               slog.New(zerolog.NewSlogHandler(q.logger.Level(max(zerolog.WarnLevel, q.logger.GetLevel())))),
	}
}

// Insert enqueues one job. Its result says whether a unique job with the same key was there
// already (UniqueSkippedAsDuplicate, with that job).
func (q *Queue) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	if q.isStopped() {
		return nil, ErrStopped
	}
	res, err := q.client.Insert(ctx, args, opts)
	if err != nil {
		return nil, fmt.Errorf("insert %s job: %w", args.Kind(), err)
	}
	return res, nil
}

// Ping reports whether the database answers; /readyz asks it.
func (q *Queue) Ping(ctx context.Context) error {
	if err := q.db.sql.PingContext(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	return nil
}

// StopWorking stops fetching jobs and lets running ones finish within grace, then cancels
// those still running: they stay in the database and run again (a cancelled attempt is
// retried; a job whose process exits first is rescued after RescueAfter). Deliveries are still
// stored until Close, so nothing is refused while the jobs drain.
func (q *Queue) StopWorking(grace time.Duration) {
	if q.client == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	err := q.client.Stop(ctx)
	cancel()
	if err == nil {
		return
	}
	q.logger.Warn().Dur("grace", grace).Msg("jobs still running at the end of the grace period; cancelling them, to run again after a restart")
	hard, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := q.client.StopAndCancel(hard); err != nil {
		q.logger.Error().Err(err).Msg("River did not stop cleanly; jobs left running are rescued after a restart")
	}
}

// Close stops storing deliveries (Store and Insert answer ErrStopped) and closes the database.
func (q *Queue) Close() {
	q.mu.Lock()
	if !q.stopped {
		close(q.quit)
	}
	q.stopped = true
	q.mu.Unlock()
	if q.store != nil {
		q.store.stop()
	}
	q.db.close()
}

// Unfinished counts the jobs not finished yet: waiting, running, or waiting to be retried.
func (q *Queue) Unfinished(ctx context.Context) (int, error) {
	counts, err := q.exec.JobCountByAllStates(ctx, &riverdriver.JobCountByAllStatesParams{})
	if err != nil {
		return 0, fmt.Errorf("count jobs: %w", err)
	}
	n := 0
	for _, state := range unfinished {
		n += counts[state]
	}
	return n, nil
}

func (q *Queue) isStopped() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.stopped
}
