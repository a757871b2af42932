package githubfake

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// The installation sees its organisation's repositories, not a contributor's fork, and only
// with its own token; its installations are the app's to list, with the app's JWT.
func TestInstallationRepositories(t *testing.T) {
	s := New()
	defer s.Close()
	s.AddRepo(DefaultAccount, "infusion-pump", "main")
	s.AddRepo(DefaultAccount, "docs", "main")
	s.AddRepo("contributor", "infusion-pump", "main")
	ctx := context.Background()

	app := withAuth(s, http.DefaultTransport, "Bearer app.jwt")
	installations, _, err := app.Apps.ListInstallations(ctx, nil)
	if err != nil || len(installations) != 1 || installations[0].GetID() != DefaultInstallationID {
		t.Fatalf("installations %v, %v; want the one installation %d", installations, err, DefaultInstallationID)
	}
	token, _, err := app.Apps.CreateInstallationToken(ctx, DefaultInstallationID, nil)
	if err != nil {
		t.Fatal(err)
	}
	repos, _, err := withAuth(s, http.DefaultTransport, "token "+token.GetToken()).Apps.ListRepos(ctx, &github.ListOptions{PerPage: 1})
	if err != nil {
		t.Fatal(err)
	}
	if repos.GetTotalCount() != 2 || len(repos.Repositories) != 1 || repos.Repositories[0].GetFullName() != DefaultAccount+"/docs" {
		t.Errorf("first page of 1: %d in all, %v; want acme-medical/docs of 2", repos.GetTotalCount(), repos.Repositories)
	}
	if _, _, err := client(t, s, 5*time.Second).Apps.ListRepos(ctx, nil); err == nil {
		t.Error("repositories listed without an installation token")
	}
}

// A change to a pull request moves its updated_at forward, as on GitHub, even when the new
// state's snapshot carries an older time.
func TestReplacePullMovesUpdatedAt(t *testing.T) {
	s := New()
	defer s.Close()
	if err := s.LoadSnapshot("../../testdata/snapshots/class-c-pass"); err != nil {
		t.Fatal(err)
	}
	c := client(t, s, 5*time.Second)
	before, _, err := c.PullRequests.Get(context.Background(), "acme-medical", "infusion-pump", 31)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := snapshot.LoadDir("../../testdata/snapshots/class-c-pass")
	if err != nil {
		t.Fatal(err)
	}
	s.ReplacePull(snap)
	after, _, err := c.PullRequests.Get(context.Background(), "acme-medical", "infusion-pump", 31)
	if err != nil {
		t.Fatal(err)
	}
	if !after.GetUpdatedAt().After(before.GetUpdatedAt().Time) {
		t.Errorf("updated_at %s after a change, was %s", after.GetUpdatedAt(), before.GetUpdatedAt())
	}
}
