package release

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

const owner, repo = "acme-medical", "infusion-pump"

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func sha(name string) string { return (name + strings.Repeat("0", 40))[:40] }

// commit is a commit named name whose parents are the named commits.
func commit(name string, minute int, parents ...string) *github.RepositoryCommit {
	when := &github.Timestamp{Time: t0.Add(time.Duration(minute) * time.Minute)}
	c := &github.RepositoryCommit{
		SHA:     github.String(sha(name)),
		HTMLURL: github.String("https://github.com/" + owner + "/" + repo + "/commit/" + sha(name)),
		Commit: &github.Commit{Message: github.String(name + "\n\nbody"),
			Author:    &github.CommitAuthor{Name: github.String("Dana"), Email: github.String("dana@acme.example"), Date: when},
			Committer: &github.CommitAuthor{Name: github.String("GitHub"), Email: github.String("noreply@github.com"), Date: when}},
		Author: &github.User{Login: github.String("dana"), ID: github.Int64(5), Type: github.String("User")},
	}
	for _, p := range parents {
		c.Parents = append(c.Parents, &github.Commit{SHA: github.String(sha(p))})
	}
	return c
}

// merged seeds a merged pull request whose merge made mergeCommit and whose branch held
// commits; its files are the files they changed.
func merged(fake *githubfake.Server, number int, title, body, mergeCommit string, minute int, commits ...*github.RepositoryCommit) {
	at := &github.Timestamp{Time: t0.Add(time.Duration(minute) * time.Minute)}
	var files []*github.CommitFile
	for _, c := range commits {
		files = append(files, c.Files...)
	}
	fake.AddSnapshot(&snapshot.Snapshot{
		Files: files,
		Pull: &github.PullRequest{
			Number: github.Int(number), Title: github.String(title), Body: github.String(body), State: github.String("closed"),
			Merged: github.Bool(true), MergedAt: at, UpdatedAt: at, MergeCommitSHA: github.String(sha(mergeCommit)),
			MergedBy: &github.User{Login: github.String("mo"), ID: github.Int64(8), Type: github.String("User")},
			HTMLURL:  github.String(fmt.Sprintf("https://github.com/%s/%s/pull/%d", owner, repo, number)),
			Base:     &github.PullRequestBranch{Ref: github.String("main"), Repo: &github.Repository{Name: github.String(repo), Owner: &github.User{Login: github.String(owner)}}},
			Head:     &github.PullRequestBranch{Ref: github.String(fmt.Sprintf("pr-%d", number)), SHA: github.String(commits[len(commits)-1].GetSHA())},
		},
		Commits: commits,
	})
}

// history: v1, then #10 squash-merged, a direct push, #11 merged with a merge commit (two
// branch commits), #12 rebase-merged (two commits), and #13 reverting #10.
func seedHistory(fake *githubfake.Server) {
	fake.PushCommits(owner, repo, "main", commit("v1", 0))
	fake.Tag(owner, repo, "v1.0", sha("v1"))
	merged(fake, 10, "Dose rounding", "Fixes #3", "squash10", 10, commit("b10", 5, "v1"))
	fake.PushCommits(owner, repo, "main", commit("squash10", 10, "v1"), commit("hotfix", 20, "squash10"))
	branch := []*github.RepositoryCommit{commit("b11a", 21, "hotfix"), commit("b11b", 22, "b11a")}
	merged(fake, 11, "Alarm path", "", "merge11", 30, branch...)
	fake.PushCommits(owner, repo, "main", branch[0], branch[1], commit("merge11", 30, "hotfix", "b11b"))
	rebased := []*github.RepositoryCommit{commit("r12a", 40, "merge11"), commit("r12b", 41, "r12a")}
	merged(fake, 12, "Docs", "", "r12b", 41, rebased...)
	fake.PushCommits(owner, repo, "main", rebased...)
	merged(fake, 13, `Revert "Dose rounding"`, "Reverts acme-medical/infusion-pump#10", "squash13", 50, commit("b13", 45, "r12b"))
	fake.PushCommits(owner, repo, "main", commit("squash13", 50, "r12b"))
}

func client(t *testing.T, fake *githubfake.Server) *github.Client {
	t.Helper()
	c, err := github.NewClient(nil).WithEnterpriseURLs(fake.URL(), fake.URL())
	if err != nil {
		t.Fatal(err)
	}
	c.BaseURL, _ = url.Parse(fake.URL())
	return c
}

func TestGatherFindsEveryKindOfMergeAndTheDirectPush(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	seedHistory(fake)
	rg, err := Gather(context.Background(), client(t, fake), owner, repo, "v1.0", "main", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var numbers []int
	for _, m := range rg.Merged {
		numbers = append(numbers, m.Number)
	}
	if fmt.Sprint(numbers) != "[10 11 12 13]" {
		t.Fatalf("merged = %v; want [10 11 12 13] in merge order", numbers)
	}
	if len(rg.DirectPushes) != 1 || rg.DirectPushes[0].SHA != sha("hotfix") || rg.DirectPushes[0].Message != "hotfix" {
		t.Fatalf("direct pushes = %+v; want the hotfix commit alone", rg.DirectPushes)
	}
	if rg.Merged[0].RevertedBy != 13 || rg.Merged[3].Reverts != 10 {
		t.Fatalf("revert links: #10 reverted by %d, #13 reverts %d; want 13 and 10", rg.Merged[0].RevertedBy, rg.Merged[3].Reverts)
	}
	if rg.From.SHA != sha("v1") || rg.To.SHA != sha("squash13") || !rg.To.Date.Equal(t0.Add(50*time.Minute)) {
		t.Fatalf("ends = %+v .. %+v", rg.From, rg.To)
	}
}

func TestGatherEmptyRange(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	seedHistory(fake)
	rg, err := Gather(context.Background(), client(t, fake), owner, repo, "main", "main", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rg.Merged) != 0 || len(rg.DirectPushes) != 0 || rg.To.SHA != rg.From.SHA {
		t.Fatalf("empty range = %+v", rg)
	}
}

func TestGatherUnknownRefSaysWhich(t *testing.T) {
	fake := githubfake.New()
	defer fake.Close()
	seedHistory(fake)
	_, err := Gather(context.Background(), client(t, fake), owner, repo, "v0.9", "main", Limits{})
	if err == nil || err.Error()[:len("compare acme-medical/infusion-pump v0.9...main")] != "compare acme-medical/infusion-pump v0.9...main" {
		t.Fatalf("Gather from an unknown ref = %v; want an error naming the comparison", err)
	}
}
