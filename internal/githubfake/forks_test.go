package githubfake

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// A fork's pull request looks as it does on GitHub: its head is in the fork, and GitHub lists
// no pull request for the head commit; a branch's pull request is listed as before.
func TestForkPullRequestLooksAsOnGitHub(t *testing.T) {
	fake := New()
	defer fake.Close()
	fromBranch, err := snapshot.LoadDir("../../testdata/snapshots/class-b-pass")
	if err != nil {
		t.Fatal(err)
	}
	fromFork, err := snapshot.LoadDir("../../testdata/snapshots/class-c-pass")
	if err != nil {
		t.Fatal(err)
	}
	fake.FromFork(fromFork, "outside-contributor")
	fake.AddSnapshot(fromBranch)
	fake.AddSnapshot(fromFork)

	v := &validatingTransport{t: t, router: loadDescription(t), checked: map[string]bool{}}
	client, _ := github.NewClient(&http.Client{Transport: v}).WithEnterpriseURLs(fake.URL(), fake.URL())
	client.BaseURL, _ = url.Parse(fake.URL())
	ctx := context.Background()
	const o, r = "acme-medical", "infusion-pump"

	pr, _, err := client.PullRequests.Get(ctx, o, r, fromFork.Pull.GetNumber())
	if err != nil {
		t.Fatal(err)
	}
	head := pr.GetHead()
	if head.GetRepo().GetFullName() != "outside-contributor/infusion-pump" || !head.GetRepo().GetFork() ||
		head.GetLabel() != "outside-contributor:"+head.GetRef() || pr.GetBase().GetRepo().GetFullName() != o+"/"+r {
		t.Errorf("head %s in %s (fork %v), base in %s; want the head in outside-contributor's fork",
			head.GetLabel(), head.GetRepo().GetFullName(), head.GetRepo().GetFork(), pr.GetBase().GetRepo().GetFullName())
	}
	plain, _ := github.NewClient(nil).WithEnterpriseURLs(fake.URL(), fake.URL()) // the description subset lacks GET /repos/{owner}/{repo}
	plain.BaseURL, _ = url.Parse(fake.URL())
	if _, _, err := plain.Repositories.Get(ctx, "outside-contributor", r); err != nil {
		t.Errorf("the fork is not a repository of the fake: %v", err)
	}
	tests := []struct {
		name string
		sha  string
		want int
	}{
		{"fork's head commit", fromFork.HeadSHA(), 0},
		{"branch's head commit", fromBranch.HeadSHA(), 1},
	}
	for _, tt := range tests {
		pulls, _, err := client.PullRequests.ListPullRequestsWithCommit(ctx, o, r, tt.sha, nil)
		if err != nil || len(pulls) != tt.want {
			t.Errorf("%s: %d pull requests listed (error %v), want %d", tt.name, len(pulls), err, tt.want)
		}
	}
	event := fake.CheckRunEvent("completed", o, r, fromFork.Pull.GetNumber(), &github.CheckRun{ID: github.Int64(1), Name: github.String("ci")}, 1)
	if n := len(event.CheckRun.PullRequests); n != 0 {
		t.Errorf("check_run of the fork's commit names %d pull requests, want none", n)
	}
}
