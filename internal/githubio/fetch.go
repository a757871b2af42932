// Package githubio holds every GitHub read and write of an evaluation: Reader.Fetch turns a
// pull request into a snapshot, Writer.Apply makes GitHub show an outcome. Keeping each behind
// one function is what lets the number of calls per evaluation be bounded in one place.
package githubio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/appconfig"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
	"github.com/iec62304-bot/iec62304-bot/internal/refs"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// perPage is GitHub's largest page size.
const perPage = 100

// Reader fetches snapshots.
type Reader struct {
	// Config finds the policy: the repository's file, else the organisation's default.
	Config *appconfig.Loader
	// Path is where a repository keeps its policy (IEC62304_POLICY_PATH), for messages.
	Path string
	// Pinned, when set, keeps the policy each base branch had when first read (see
	// PinnedPolicies); nil reads it for every snapshot, as the server must.
	Pinned *PinnedPolicies
}

// NewReader reads .github/iec62304.yml, falling back to iec62304.yml in the organisation's
// .github repository.
func NewReader() *Reader {
	return &Reader{
		Config: appconfig.NewLoader([]string{policyfile.DefaultPath}, appconfig.WithOwnerDefault(policyfile.DefaultOrgRepo, []string{policyfile.DefaultOrgPath})),
		Path:   policyfile.DefaultPath,
	}
}

// Fetch reads everything one evaluation needs. The policy is read from the pull request's
// BASE branch: a pull request must never be able to weaken its own policy.
func (r *Reader) Fetch(ctx context.Context, client *github.Client, owner, repo string, number int) (*snapshot.Snapshot, error) {
	pull, _, err := client.PullRequests.Get(ctx, owner, repo, number)
	if err != nil {
		return nil, fmt.Errorf("get pull request %s/%s#%d: %w", owner, repo, number, err)
	}
	return r.read(ctx, client, owner, repo, pull)
}

// read reads the rest of a snapshot of pull.
func (r *Reader) read(ctx context.Context, client *github.Client, owner, repo string, pull *github.PullRequest) (*snapshot.Snapshot, error) {
	s := &snapshot.Snapshot{Pull: pull, Issues: map[snapshot.IssueRef]*github.Issue{}, TeamMembers: map[string][]*github.User{}, PolicyPath: r.Path,
		IssueEvents: map[snapshot.IssueRef][]*github.IssueEvent{}}
	f := fetch{ctx: ctx, client: client, loader: r.Config, pinned: r.Pinned, owner: owner, repo: repo, number: pull.GetNumber(), snap: s}
	f.parallel(f.config, f.files, f.commits, f.reviews, f.checkRuns)
	if f.err != nil {
		return nil, f.err
	}
	// Linked issues are known only once the commits are; teams and checks only once the policy is.
	f.needs = policyfile.NeedsOf(s.Config)
	f.parallel(f.linkedIssues, f.teams, f.statuses, f.proposedConfig, f.catalogue)
	if f.err == nil {
		// Who approved a change request is known only once the issue is.
		f.err = f.issueEvents()
	}
	return s, f.err
}

// fetch is one Fetch in progress; its steps fill the snapshot concurrently.
type fetch struct {
	ctx         context.Context
	client      *github.Client
	loader      *appconfig.Loader
	pinned      *PinnedPolicies
	owner, repo string
	number      int
	snap        *snapshot.Snapshot
	needs       policyfile.Needs
	// baseSHA is the commit of the base branch the policy was read at.
	baseSHA string

	mu  sync.Mutex
	err error
}

func (f *fetch) parallel(steps ...func() error) {
	var wg sync.WaitGroup
	for _, step := range steps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := step(); err != nil {
				f.mu.Lock()
				f.err = errors.Join(f.err, err)
				f.mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

func (f *fetch) where() string { return fmt.Sprintf("%s/%s#%d", f.owner, f.repo, f.number) }

func (f *fetch) config() error {
	base := f.snap.Pull.GetBase().GetRef()
	commit, c, err := f.pinned.policy(f.owner+"/"+f.repo+"@"+base, func() (string, appconfig.Config, error) { return f.policyAt(base) })
	if err != nil {
		return err
	}
	f.baseSHA = commit
	if c.IsUndefined() {
		return nil
	}
	f.snap.Config = c.Content
	if f.snap.Config == nil {
		f.snap.Config = []byte{}
	}
	f.snap.ConfigName, f.snap.ConfigSource = c.Path, c.Source
	f.pinPolicy(base, commit)
	return nil
}

// policyAt reads the policy at the commit the base branch points at now.
func (f *fetch) policyAt(base string) (string, appconfig.Config, error) {
	commit, err := f.baseCommit(base)
	if err != nil {
		return "", appconfig.Config{}, err
	}
	c, err := f.loader.LoadConfig(f.ctx, f.client, f.owner, f.repo, commit)
	if err != nil {
		return "", c, fmt.Errorf("read policy for %s from %s@%s: %w", f.where(), c.Path, c.Source, err)
	}
	return commit, c, nil
}

// baseCommit resolves the base branch to the commit it points at now. The policy is read at
// that commit, so a push to the base branch during the evaluation cannot mix two policies, and
// the check run can name the exact file that decided the verdict.
func (f *fetch) baseCommit(base string) (string, error) {
	ref, _, err := f.client.Git.GetRef(f.ctx, f.owner, f.repo, "heads/"+base)
	if err != nil {
		return "", fmt.Errorf("resolve base branch %s of %s: %w", base, f.where(), err)
	}
	return ref.GetObject().GetSHA(), nil
}

// pinPolicy records the commit a repository's own policy was read at. The loader names its
// source by the ref it was given, the commit; people know the branch, so the source keeps the
// branch and the commit goes beside it. An organisation's default comes from another
// repository's default branch, which this commit does not pin.
func (f *fetch) pinPolicy(base, commit string) {
	if !strings.EqualFold(f.snap.ConfigSource, f.owner+"/"+f.repo+"@"+commit) {
		return
	}
	f.snap.ConfigSource = f.owner + "/" + f.repo + "@" + base
	f.snap.ConfigCommit = commit
}

// catalogue reads the requirement catalogue the policy names, at the commit of the base branch
// the policy was read at: a pull request cannot define its own requirements.
func (f *fetch) catalogue() (err error) {
	if f.needs.Catalogue == nil {
		return nil
	}
	f.snap.Catalogue, err = f.pinned.catalogue(f.owner+"/"+f.repo+"@"+f.baseSHA, func() (*snapshot.Catalogue, error) {
		return ReadCatalogue(f.ctx, f.client, f.owner, f.repo, f.baseSHA, f.needs.Catalogue)
	})
	return err
}

func (f *fetch) files() (err error) {
	f.snap.Files, err = listAll("list files of "+f.where(), func(o *github.ListOptions) ([]*github.CommitFile, *github.Response, error) {
		return f.client.PullRequests.ListFiles(f.ctx, f.owner, f.repo, f.number, o)
	})
	return err
}

func (f *fetch) commits() (err error) {
	f.snap.Commits, err = listAll("list commits of "+f.where(), func(o *github.ListOptions) ([]*github.RepositoryCommit, *github.Response, error) {
		return f.client.PullRequests.ListCommits(f.ctx, f.owner, f.repo, f.number, o)
	})
	return err
}

func (f *fetch) reviews() (err error) {
	f.snap.Reviews, err = listAll("list reviews of "+f.where(), func(o *github.ListOptions) ([]*github.PullRequestReview, *github.Response, error) {
		return f.client.PullRequests.ListReviews(f.ctx, f.owner, f.repo, f.number, o)
	})
	return err
}

func (f *fetch) checkRuns() (err error) {
	f.snap.CheckRuns, err = HeadCheckRuns(f.ctx, f.client, f.owner, f.repo, f.snap.HeadSHA())
	if err != nil {
		return fmt.Errorf("%s: %w", f.where(), err)
	}
	return nil
}

// linkedIssues reads the issues the description and commits close, the first
// refs.MaxLinkedIssues of them; one that is gone or not readable is left out (the rule then
// says it was not found), and those past the cap are listed as not read.
func (f *fetch) linkedIssues() error {
	linked := refs.LinkedIssues(f.snap.Pull, f.snap.Commits, f.owner, f.repo)
	if len(linked) > refs.MaxLinkedIssues {
		linked, f.snap.IssuesNotRead = linked[:refs.MaxLinkedIssues], linked[refs.MaxLinkedIssues:]
	}
	for _, ref := range linked {
		issue, _, err := f.client.Issues.Get(f.ctx, ref.Owner, ref.Repo, ref.Number)
		switch {
		case err == nil:
			f.snap.Issues[ref] = issue
		case !isGone(err):
			return fmt.Errorf("get issue %s linked from %s: %w", ref, f.where(), err)
		}
	}
	return nil
}

// issueEvents reads the events of each linked issue that carries the approved label: who
// added it decides whether the approval counts. An issue whose events the app cannot read is
// left out, and the traceability rule says the approval's author is unknown.
func (f *fetch) issueEvents() error {
	for ref, issue := range f.snap.Issues {
		if !slices.ContainsFunc(issue.Labels, func(l *github.Label) bool { return strings.EqualFold(l.GetName(), f.needs.ApprovedLabel) }) {
			continue
		}
		events, known, err := issueEvents(f.ctx, f.client, ref)
		if err != nil {
			return err
		}
		if known {
			f.snap.IssueEvents[ref] = events
		}
	}
	return nil
}

// teams reads the members of the policy's required teams; a team the app cannot see is left
// out, and the reviews rule says so.
func (f *fetch) teams() error {
	for _, slug := range f.needs.Teams {
		members, known, err := teamMembers(f.ctx, f.client, f.owner, slug)
		if err != nil {
			return err
		}
		if known {
			f.snap.TeamMembers[slug] = members
		}
	}
	return nil
}

// issueEvents reads every event of an issue, oldest first; known is false when the app may
// not read them (the issue is gone, or the app lacks the permission).
func issueEvents(ctx context.Context, client *github.Client, ref snapshot.IssueRef) (events []*github.IssueEvent, known bool, err error) {
	events, err = listAll("list events of issue "+ref.String(), func(o *github.ListOptions) ([]*github.IssueEvent, *github.Response, error) {
		return client.Issues.ListIssueEvents(ctx, ref.Owner, ref.Repo, ref.Number, o)
	})
	return orUnknown(events, err)
}

// teamMembers reads a team's members; known is false when the app cannot see the team.
func teamMembers(ctx context.Context, client *github.Client, org, slug string) (members []*github.User, known bool, err error) {
	members, err = listAll("list members of team "+org+"/"+slug, func(o *github.ListOptions) ([]*github.User, *github.Response, error) {
		return client.Teams.ListTeamMembersBySlug(ctx, org, slug, &github.TeamListTeamMembersOptions{ListOptions: *o})
	})
	return orUnknown(members, err)
}

// orUnknown turns an answer the app may not have into "not known", which the caller judges
// strictly; any other error stays an error.
func orUnknown[T any](v []T, err error) ([]T, bool, error) {
	switch {
	case err == nil:
		return v, true, nil
	case isGone(err):
		return nil, false, nil
	}
	return nil, false, err
}

// statuses reads the head commit's combined status when a required check is not a check run
// (CI that predates check runs, Jenkins say, reports commit statuses instead), or when no
// check is required: then every red commit status counts against class B and C test evidence.
func (f *fetch) statuses() error {
	if len(f.needs.Checks) > 0 && !f.missesACheckRun() {
		return nil
	}
	sha := f.snap.HeadSHA()
	// The combined status lists its contexts a page at a time: a commit with more than 100
	// contexts (a CI matrix) has the rest on later pages.
	var statuses []*github.RepoStatus
	err := paginate(func(o *github.ListOptions) (*github.Response, error) {
		combined, resp, err := f.client.Repositories.GetCombinedStatus(f.ctx, f.owner, f.repo, sha, o)
		if err != nil {
			return resp, err
		}
		statuses = append(statuses, combined.Statuses...)
		return resp, nil
	})
	switch {
	case err == nil:
		f.snap.Statuses = statuses
	case isGone(err):
		// An installation from before the app asked for statuses: the check stays unreported
		// (pending, so nothing passes for want of it) and the operator learns why.
		zerolog.Ctx(f.ctx).Warn().Err(err).Msg("cannot read commit statuses: accept the app's request for the Commit statuses (read) permission")
	default:
		return fmt.Errorf("get commit statuses of %s@%s: %w", f.where(), sha, err)
	}
	return nil
}

func (f *fetch) missesACheckRun() bool {
	for _, name := range f.needs.Checks {
		if !slices.ContainsFunc(f.snap.CheckRuns, func(r *github.CheckRun) bool { return r.GetName() == name }) {
			return true
		}
	}
	return false
}

// listAll reads every page of a list endpoint; what names the operation in errors.
func listAll[T any](what string, list func(opts *github.ListOptions) ([]T, *github.Response, error)) ([]T, error) {
	var all []T
	err := paginate(func(opts *github.ListOptions) (*github.Response, error) {
		page, resp, err := list(opts)
		all = append(all, page...)
		return resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return all, nil
}

// paginate calls list with each page in turn until GitHub says there are no more.
func paginate(list func(opts *github.ListOptions) (*github.Response, error)) error {
	opts := &github.ListOptions{PerPage: perPage}
	for {
		resp, err := list(opts)
		if err != nil {
			return err
		}
		if resp.NextPage == 0 {
			return nil
		}
		opts.Page = resp.NextPage
	}
}

// isGone reports a 404 or 403: the thing is deleted, transferred or not visible to the app.
func isGone(err error) bool {
	var resp *github.ErrorResponse
	if errors.As(err, &resp) && resp.Response != nil {
		return resp.Response.StatusCode == http.StatusNotFound || resp.Response.StatusCode == http.StatusForbidden
	}
	return false
}
