package evaluation

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/keylock"
	"github.com/iec62304-bot/iec62304-bot/internal/logfields"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// client is the GitHub client every read and write goes through.
type client = *github.Client

// Observer receives one report per finished evaluation (metrics).
type Observer interface {
	EvaluationDone(outcome string, d time.Duration)
}

// Service evaluates pull requests against GitHub: the one place where the webhook handlers'
// work turns into reads, a judgement and writes.
type Service struct {
	Clients githubapp.ClientCreator
	Reader  *githubio.Reader
	Writer  *githubio.Writer
	// PublicURL is the service's external base URL; when set, check runs link to a per-PR page.
	PublicURL string
	Observer  Observer
	// BotVersion names the running build in every check run, so a verdict can be reproduced.
	BotVersion string
	// Locks serialise the writes of one commit's check run on every replica (the work queue's
	// leases); nil serialises them within this process only.
	Locks keylock.Locker
	// Trail keeps the audit trail, one record per evaluation; nil records nothing.
	Trail Recorder

	heads     keylock.Local
	openHeads githubio.OpenHeads
}

// Recorder keeps one record of each evaluation. An evaluation whose record cannot be written
// fails, and the queue runs it again: its writes to GitHub are idempotent, and an audit trail
// with holes is no audit trail.
type Recorder interface {
	Record(ctx context.Context, e Evaluated) error
}

// Evaluated is one finished evaluation: what was judged, and what was written to GitHub.
type Evaluated struct {
	Target    Target
	Snapshot  *snapshot.Snapshot
	Judgement Judgement
	Applied   githubio.Applied
	At        time.Time
	// AtMerge marks the fresh evaluation made when the pull request merged: it writes no check
	// run or comment, and Report says what became of its problem report.
	AtMerge bool
	Report  string
}

// Target names one pull request to evaluate.
type Target struct {
	InstallationID int64
	Owner, Repo    string
	Number         int
}

func (t Target) String() string {
	return snapshot.IssueRef{Owner: t.Owner, Repo: t.Repo, Number: t.Number}.String()
}

// Evaluate brings the pull request's check run and summary comment up to date with its current
// state on GitHub, once. The work queue runs one evaluation per pull request at a time, and
// retries one that failed on a transient error (see githubio.RetryAfter).
func (s *Service) Evaluate(ctx context.Context, t Target) error {
	if err := s.evaluate(withPullLogger(ctx, t), t); err != nil {
		return fmt.Errorf("evaluate %s: %w", t, err)
	}
	return nil
}

func (s *Service) evaluate(ctx context.Context, t Target) (err error) {
	start := time.Now()
	label := "error"
	defer func() { s.observe(label, time.Since(start)) }()

	client, err := s.Clients.NewInstallationClient(t.InstallationID)
	if err != nil {
		return fmt.Errorf("create installation client: %w", err)
	}
	snap, err := s.Reader.Fetch(ctx, client, t.Owner, t.Repo, t.Number)
	if err != nil {
		return err
	}
	judgement := Judge(snap, s.detailsURL(t), s.BotVersion)
	unlock, err := s.lockHead(ctx, t.Owner+"/"+t.Repo+"@"+snap.HeadSHA())
	if err != nil {
		return err
	}
	defer unlock()
	run, headRuns, err := s.headVerdict(ctx, client, t, snap, judgement)
	if err != nil {
		return err
	}
	outcome := judgement.Outcome
	outcome.CheckRun = run
	applied, err := s.Writer.Apply(ctx, client, t.Owner, t.Repo, t.Number, outcome, headRuns)
	logApplied(ctx, judgement, applied)
	if err != nil {
		return err
	}
	if s.Trail != nil {
		if err := s.Trail.Record(ctx, Evaluated{Target: t, Snapshot: snap, Judgement: judgement, Applied: applied, At: time.Now()}); err != nil {
			return fmt.Errorf("record the evaluation: %w", err)
		}
	}
	label = judgement.Label()
	return nil
}

// lockHead serialises the evaluations that write one commit's check run: two pull requests
// with one head evaluated at once would otherwise both create it.
func (s *Service) lockHead(ctx context.Context, key string) (func(), error) {
	if s.Locks != nil {
		return s.Locks.Lock(ctx, "head:"+strings.ToLower(key))
	}
	return s.heads.Lock(ctx, key)
}

// detailsURL is the per-PR page check runs link to; the server routes the same path.
func (s *Service) detailsURL(t Target) string {
	if s.PublicURL == "" {
		return ""
	}
	return s.PublicURL + "/repos/" + t.Owner + "/" + t.Repo + "/pulls/" + strconv.Itoa(t.Number)
}

func (s *Service) observe(label string, d time.Duration) {
	if s.Observer != nil {
		s.Observer.EvaluationDone(label, d)
	}
}

// logApplied logs every write at Info and a skipped write at Debug.
func logApplied(ctx context.Context, j Judgement, applied githubio.Applied) {
	logger := zerolog.Ctx(ctx)
	event := logger.Debug()
	if applied.CheckRun == "created" || applied.CheckRun == "updated" ||
		applied.Comment == "created" || applied.Comment == "updated" {
		event = logger.Info()
	}
	event.Str("outcome", j.Label()).
		Str("check_run", applied.CheckRun).
		Str("comment", applied.Comment).
		Str("head_sha", j.Outcome.CheckRun.HeadSHA).
		Msg("evaluated pull request")
}

// withPullLogger names the pull request on the logger carried in ctx; the HTTP layer may have
// named the installation and repository already, from the payload.
func withPullLogger(ctx context.Context, t Target) context.Context {
	return logfields.With(ctx, logfields.Subject{InstallationID: t.InstallationID, Owner: t.Owner, Repo: t.Repo, Number: t.Number})
}
