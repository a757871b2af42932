package githubfake

import (
	"strings"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// A pull request from a fork has its head in another repository: a contributor without write
// access pushed to their own copy. GitHub then treats the head commit as not belonging to any
// of the base repository's pull requests: check_run and check_suite webhooks about it carry an
// empty pull_requests list, and GET /repos/{owner}/{repo}/commits/{sha}/pulls answers [].

// FromFork moves snap's head into forkOwner's fork of the base repository, as GitHub shows a
// pull request proposed from a fork: head.repo is the fork (fork: true), head.user its owner
// and head.label "forkOwner:branch". The fork exists in the fake from then on. Seed the
// snapshot afterwards (AddSnapshot, ReplacePull).
func (s *Server) FromFork(snap *snapshot.Snapshot, forkOwner string) {
	owner, name := snap.BaseRepo()
	s.mu.Lock()
	defer s.mu.Unlock()
	base := s.repoLocked(owner, name, "main").repo
	fork := s.repoLocked(forkOwner, name, base.GetDefaultBranch()).repo
	fork.Fork = github.Bool(true)
	fork.Owner.Type = github.String("User")
	fork.Private = base.Private
	fork.Parent, fork.Source = clone(base), clone(base)

	head := snap.Pull.Head
	if head == nil {
		head = &github.PullRequestBranch{}
		snap.Pull.Head = head
	}
	head.Repo = clone(fork)
	head.User = clone(fork.Owner)
	head.Label = github.String(forkOwner + ":" + head.GetRef())
}

// fromFork reports whether a pull request's head lives in another repository than its base.
// A head without a repository (a deleted fork) counts as a fork too: it is not a branch of
// the base repository.
func fromFork(base *repository, pr *github.PullRequest) bool {
	head := pr.GetHead()
	if head == nil {
		return false
	}
	return head.GetRepo() == nil || !strings.EqualFold(head.GetRepo().GetFullName(), base.repo.GetFullName())
}

// unmergedFork: GitHub lists a fork's pull request for its commits only once it is merged,
// when they are part of the base repository.
func unmergedFork(base *repository, pr *github.PullRequest) bool {
	return fromFork(base, pr) && !pr.GetMerged()
}
