package githubfake

import (
	"fmt"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// Numbered is a copy of s as pull request n with a head commit of its own (its reviews and
// check runs moved onto it), for seeding many pull requests from one snapshot.
func Numbered(s *snapshot.Snapshot, n int) *snapshot.Snapshot {
	out := *s
	out.Raw = nil
	pull := *s.Pull
	head := *s.Pull.Head
	oldHead := head.GetSHA()
	head.SHA = github.String(fmt.Sprintf("%040x", n))
	pull.Head, pull.Number = &head, github.Int(n)
	out.Pull = &pull
	out.Commits = copied(s.Commits, func(c *github.RepositoryCommit) {
		if c.GetSHA() == oldHead {
			c.SHA = head.SHA
		}
	})
	out.Reviews = copied(s.Reviews, func(r *github.PullRequestReview) {
		if r.GetCommitID() == oldHead {
			r.CommitID = head.SHA
		}
	})
	out.CheckRuns = copied(s.CheckRuns, func(r *github.CheckRun) { r.HeadSHA = head.SHA })
	return &out
}

// copied returns shallow copies of items, each changed by change.
func copied[T any](items []*T, change func(*T)) []*T {
	out := make([]*T, len(items))
	for i, it := range items {
		c := *it
		change(&c)
		out[i] = &c
	}
	return out
}
