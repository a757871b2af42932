// Package reporting runs the problem resolution process (clause 9) and the change-request
// checks (8.2.1) against GitHub: it reads what a webhook concerns afresh, asks package problem
// what it means, and writes issues, comments and labels through githubio. Every write is
// find-then-write under a per-cause guard, so a redelivered, reordered or concurrent webhook
// never files a second report.
package reporting

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/keylock"
	"github.com/iec62304-bot/iec62304-bot/internal/policy"
	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
)

// Observer receives counts for metrics.
type Observer interface {
	ReportFiled(trigger string)
	StatusWritten(kind string)
	CommandRefused()
}

// Service does the problem-report work of the webhook handlers.
type Service struct {
	Clients githubapp.ClientCreator
	Reader  *githubio.Reader
	AppID   int64
	// AppSlug is the app's slug once known, as githubio.Writer's: it recognises the app's
	// reports and comments where GitHub does not name the app that wrote them.
	AppSlug func() string
	// Guard serialises the work on one cause or one issue: find-then-create is safe only
	// while nobody else runs it for the same cause. The server gives it the work queue's
	// leases, which hold across replicas; nil serialises within this process only.
	Guard    keylock.Locker
	Observer Observer
	// Trail keeps the merge-time evaluation of each merged pull request; nil records nothing.
	Trail evaluation.Recorder

	local keylock.Local
}

// Repo names a repository as one installation sees it.
type Repo struct {
	InstallationID int64
	Owner, Name    string
	DefaultBranch  string
}

func (r Repo) String() string { return r.Owner + "/" + r.Name }

// session is one piece of work on a repository: its client and its policy.
type session struct {
	repo   Repo
	client *github.Client
	issues githubio.Issues
	policy *policy.Policy
}

// open reads the repository's policy from its default branch. A nil session means there is
// nothing to do: the repository has no policy, so it did not opt in to reports.
func (s *Service) open(ctx context.Context, r Repo) (*session, error) {
	client, err := s.Clients.NewInstallationClient(r.InstallationID)
	if err != nil {
		return nil, fmt.Errorf("create installation client: %w", err)
	}
	p, err := githubio.LoadPolicy(ctx, client, s.Reader.Config, r.Owner, r.Name, r.DefaultBranch)
	var invalid *policyfile.ValidationError
	switch {
	case errors.As(err, &invalid):
		// The repository opted in; a broken file must not switch the process off (fail
		// closed), so the bundled settings apply until it is fixed, and a merge says so.
		zerolog.Ctx(ctx).Warn().Err(err).Msg("the default branch's policy is invalid: problem reports use the bundled settings")
		p = policyfile.Default()
	case err != nil:
		return nil, err
	case p == nil:
		zerolog.Ctx(ctx).Debug().Msg("no problem-report work: the repository has no policy")
		return nil, nil
	}
	return &session{repo: r, client: client, policy: p, issues: s.issues(client, r)}, nil
}

func (s *Service) issues(client *github.Client, r Repo) githubio.Issues {
	return githubio.Issues{Client: client, Owner: r.Owner, Repo: r.Name, AppID: s.AppID, AppSlug: s.AppSlug}
}

func (s *session) settings() policy.ProblemReportSettings { return s.policy.Config.ProblemReports }
func (s *session) labels() policy.IssueLabels             { return s.policy.Config.Traceability.Labels }

// lock takes the guard for key; the prefix keeps report keys apart from the queue's other
// lease names.
func (s *Service) lock(ctx context.Context, key string) (func(), error) {
	var g keylock.Locker = &s.local
	if s.Guard != nil {
		g = s.Guard
	}
	unlock, err := g.Lock(ctx, "report:"+key)
	if err != nil {
		return nil, fmt.Errorf("guard %s: %w", key, err)
	}
	return unlock, nil
}

func (s *Service) filed(trigger string) {
	if s.Observer != nil {
		s.Observer.ReportFiled(trigger)
	}
}

func (s *Service) statusWritten(kind, how string) {
	if s.Observer != nil && (how == githubio.Created || how == githubio.Updated) {
		s.Observer.StatusWritten(kind)
	}
}

// hasLabel reports whether an issue carries a label; GitHub label names ignore case.
func hasLabel(issue *github.Issue, name string) bool {
	for _, l := range issue.Labels {
		if strings.EqualFold(l.GetName(), name) {
			return true
		}
	}
	return false
}
