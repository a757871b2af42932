package reconcile

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/riverqueue/river"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/queue"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
)

// timeMargin is the time a pass keeps in hand before its job's timeout: it hands the rest of
// the repository to a new job rather than be cancelled mid-way.
const timeMargin = 10 * time.Second

type repoWorker struct {
	river.WorkerDefaults[RepoArgs]
	r *Reconciler
}

// Work compares each open pull request with its check run and queues an evaluation for each
// that is out of date, within the run's budget and the installation's rate limit.
func (w *repoWorker) Work(ctx context.Context, job *river.Job[RepoArgs]) error {
	p := &pass{r: w.r, args: job.Args, logger: w.r.Logger.With().Str("repository", job.Args.String()).Logger()}
	if err := p.run(ctx); err != nil {
		return fmt.Errorf("reconcile %s: %w", job.Args, err)
	}
	p.summarise()
	return nil
}

// pass is one job's walk over a repository's open pull requests.
type pass struct {
	r      *Reconciler
	args   RepoArgs
	logger zerolog.Logger
	client *github.Client
	trail  map[records.PullHead]time.Time

	examined, repaired int
	stop               string // why the pass ended early, if it did
}

func (p *pass) run(ctx context.Context) error {
	if p.lowOnRateLimit() {
		return nil
	}
	var err error
	if p.client, err = p.r.Clients.NewInstallationClient(p.args.InstallationID); err != nil {
		return fmt.Errorf("create installation client: %w", err)
	}
	pulls, err := githubio.OpenPulls(ctx, p.client, p.args.Owner, p.args.Repo)
	if err != nil {
		return err
	}
	if p.trail, err = p.r.Trail.LastEvaluated(ctx, p.args.String()); err != nil {
		return err
	}
	slices.SortFunc(pulls, func(a, b *github.PullRequest) int { return a.GetNumber() - b.GetNumber() })
	last := p.args.After
	for _, pr := range pulls {
		if pr.GetNumber() <= p.args.After {
			continue
		}
		if p.args.Repaired+p.repaired >= p.r.Settings.RepairsPerRepo {
			p.end("budget")
			return nil
		}
		if p.lowOnRateLimit() {
			return nil
		}
		if shortOfTime(ctx) {
			return p.continueAfter(ctx, last)
		}
		if err := p.examine(ctx, pr); err != nil {
			return err
		}
		last = pr.GetNumber()
	}
	return nil
}

// examine decides one pull request, and queues its evaluation when it is out of date.
func (p *pass) examine(ctx context.Context, pr *github.PullRequest) error {
	sha := pr.GetHead().GetSHA()
	runs, err := githubio.HeadCheckRuns(ctx, p.client, p.args.Owner, p.args.Repo, sha)
	if err != nil {
		return err
	}
	p.examined++
	p.r.observe(func(o Observer) { o.Examined() })
	reason := Decide(Facts{
		UpdatedAt: pr.GetUpdatedAt().Time, HeadRuns: runs, AppID: p.r.AppID,
		LastEvaluated: p.trail[records.PullHead{Number: pr.GetNumber(), HeadSHA: sha}],
		Now:           time.Now(), PendingAge: p.r.Settings.PendingAge,
	})
	if reason == Fresh {
		return nil
	}
	t := evaluation.Target{InstallationID: p.args.InstallationID, Owner: p.args.Owner, Repo: p.args.Repo, Number: pr.GetNumber()}
	if err := p.r.Queue.Evaluate(queue.WithBackground(ctx, "reconciler: "+string(reason)), t); err != nil {
		return err
	}
	p.repaired++
	p.r.observe(func(o Observer) { o.Repaired(string(reason)) })
	p.logger.Info().Int("number", t.Number).Str("reason", string(reason)).Msg("reconciler queued an evaluation: the check run is out of date")
	return nil
}

// lowOnRateLimit ends the pass when the installation's budget is down to the part kept for
// webhook work.
func (p *pass) lowOnRateLimit() bool {
	if p.r.Budgets.Wait(p.args.InstallationID, githubio.Background) == 0 {
		return false
	}
	p.end("rate_limit")
	return true
}

func (p *pass) end(why string) {
	p.stop = why
	p.r.observe(func(o Observer) { o.Stopped(why) })
}

// shortOfTime reports whether the job's time is nearly up.
func shortOfTime(ctx context.Context) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < timeMargin
}

// continueAfter hands the pull requests after number to a new job of the same run.
func (p *pass) continueAfter(ctx context.Context, number int) error {
	next := p.args
	next.After, next.Repaired = number, p.args.Repaired+p.repaired
	if _, err := p.r.Queue.Insert(ctx, next, nil); err != nil {
		return fmt.Errorf("continue after #%d: %w", number, err)
	}
	p.stop = "continued in a new job"
	return nil
}

// summarise logs what the pass did: at info level when it queued or stopped early.
func (p *pass) summarise() {
	e := p.logger.Debug()
	if p.repaired > 0 || p.stop != "" {
		e = p.logger.Info()
	}
	e.Int("after", p.args.After).Int("examined", p.examined).Int("repaired", p.repaired).Str("stopped", p.stop).
		Msg("reconciler pass over the repository's open pull requests")
}
