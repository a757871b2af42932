package reconcile

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/riverqueue/river"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/queue"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
)

// Settings tune the reconciler; zero values take the defaults.
type Settings struct {
	// Interval is the time between runs; 0 schedules none (a run can still be asked for).
	Interval time.Duration
	// RepairsPerRepo bounds the evaluations one run queues for one repository (default 50):
	// after a long outage the rest are found by the next run, and webhook work is never
	// buried under repairs.
	RepairsPerRepo int
	// PendingAge is how long a pending check run may wait before it is evaluated again
	// (default 30 minutes): a CI result whose webhook was lost, or a commit status.
	PendingAge time.Duration
}

func (s Settings) withDefaults() Settings {
	if s.RepairsPerRepo <= 0 {
		s.RepairsPerRepo = 50
	}
	if s.PendingAge <= 0 {
		s.PendingAge = 30 * time.Minute
	}
	return s
}

// Trail is when the bot last evaluated each pull request at each head (records.Store).
type Trail interface {
	LastEvaluated(ctx context.Context, repo string) (map[records.PullHead]time.Time, error)
}

// Observer receives the reconciler's metrics.
type Observer interface {
	Examined()
	Repaired(reason string)
	Stopped(why string)
}

// Reconciler finds the open pull requests whose check run is out of date and queues their
// evaluation. Register adds its jobs to the work queue.
type Reconciler struct {
	Clients  githubapp.ClientCreator
	Budgets  *githubio.Budgets
	Queue    *queue.Queue
	Trail    Trail
	AppID    int64
	Settings Settings
	Observer Observer
	Logger   zerolog.Logger
}

// Register adds the reconciler's job kinds to its queue and, when an interval is set,
// schedules a run every interval and one at start-up (by the leader among the replicas).
// Call it before the queue starts.
func (r *Reconciler) Register() {
	r.Settings = r.Settings.withDefaults()
	queue.Register(r.Queue, &runWorker{r: r})
	queue.Register(r.Queue, &repoWorker{r: r})
	if r.Settings.Interval > 0 {
		r.Queue.Every(r.Settings.Interval, RunArgs{})
	}
}

// RunNow asks for a run now, besides the scheduled ones; none starts while one is under way.
func (r *Reconciler) RunNow(ctx context.Context) error {
	_, err := r.Queue.Insert(ctx, RunArgs{}, nil)
	return err
}

// RunArgs is one run of the reconciler: it lists the app's installations and their
// repositories, and queues a RepoArgs job for each repository.
type RunArgs struct{}

// Kind implements river.JobArgs.
func (RunArgs) Kind() string { return "reconcile" }

// InsertOpts implements river.JobArgsWithInsertOpts: background work, one run at a time.
func (RunArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queue.QueueBackground, UniqueOpts: queue.WhileUnfinished()}
}

// RepoArgs is one run's pass over one repository's open pull requests, those numbered above
// After: a pass that runs short of time goes on in a new job.
type RepoArgs struct {
	InstallationID int64  `json:"installation_id"`
	Owner          string `json:"owner"`
	Repo           string `json:"repo"`
	After          int    `json:"after,omitempty"`
	// Repaired counts the evaluations the pass queued before After, against the budget.
	Repaired int `json:"repaired,omitempty"`
}

// Kind implements river.JobArgs.
func (RepoArgs) Kind() string { return "reconcile_repo" }

// InsertOpts implements river.JobArgsWithInsertOpts.
func (RepoArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queue.QueueBackground, UniqueOpts: queue.WhileUnfinished()}
}

func (a RepoArgs) String() string { return a.Owner + "/" + a.Repo }

type runWorker struct {
	river.WorkerDefaults[RunArgs]
	r *Reconciler
}

// Work lists what to look at. An installation that cannot be read is left for the next
// attempt; the others' repositories are queued all the same.
func (w *runWorker) Work(ctx context.Context, _ *river.Job[RunArgs]) error {
	r := w.r
	app, err := r.Clients.NewAppClient()
	if err != nil {
		return fmt.Errorf("reconcile: create app client: %w", err)
	}
	installations, err := githubio.Installations(ctx, app)
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	var errs []error
	queued, low := 0, 0
	for _, inst := range installations {
		id := inst.GetID()
		switch {
		case inst.SuspendedAt != nil:
			continue
		case r.Budgets.Wait(id, githubio.Background) > 0:
			low++
			r.observe(func(o Observer) { o.Stopped("rate_limit") })
			continue
		}
		n, err := r.queueRepos(ctx, id)
		queued += n
		errs = append(errs, err)
	}
	r.Logger.Info().Int("installations", len(installations)).Int("repositories", queued).Int("installations_low_on_rate_limit", low).
		Msg("reconciler run: looking at the open pull requests of every repository")
	return errors.Join(errs...)
}

// queueRepos queues a pass over each repository the installation may read, but archived
// ones: their pull requests cannot change, and their check runs cannot be written.
func (r *Reconciler) queueRepos(ctx context.Context, installationID int64) (int, error) {
	client, err := r.Clients.NewInstallationClient(installationID)
	if err != nil {
		return 0, fmt.Errorf("reconcile installation %d: create client: %w", installationID, err)
	}
	repos, err := githubio.InstallationRepos(ctx, client)
	if err != nil {
		return 0, fmt.Errorf("reconcile installation %d: %w", installationID, err)
	}
	n := 0
	for _, repo := range repos {
		if repo.GetArchived() {
			continue
		}
		args := RepoArgs{InstallationID: installationID, Owner: repo.GetOwner().GetLogin(), Repo: repo.GetName()}
		if _, err := r.Queue.Insert(ctx, args, nil); err != nil {
			return n, fmt.Errorf("reconcile %s: %w", args, err)
		}
		n++
	}
	return n, nil
}

func (r *Reconciler) observe(f func(Observer)) {
	if r.Observer != nil {
		f(r.Observer)
	}
}
