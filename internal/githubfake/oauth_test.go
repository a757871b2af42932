package githubfake

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-github/v62/github"
)

// The user a login yields, and the repository reads made with that user's token, answer as
// GitHub's description says; a repository the user cannot read is a 404, never a 403.
func TestUserTokenCallsMatchGitHubsDescription(t *testing.T) {
	fake := New()
	defer fake.Close()
	fake.AddRepo("acme-medical", "infusion-pump", "main")
	fake.GrantRead("acme-medical", "infusion-pump", "erin")
	token := fake.IssueUserToken("erin")

	v := &validatingTransport{t: t, router: loadDescription(t), checked: map[string]bool{}}
	client, _ := github.NewClient(&http.Client{Transport: v}).WithAuthToken(token).WithEnterpriseURLs(fake.URL(), fake.URL())
	client.BaseURL, _ = url.Parse(fake.URL())
	ctx := context.Background()
	user, _, err := client.Users.Get(ctx, "")
	if err != nil || user.GetLogin() != "erin" {
		t.Fatalf("GET /user = %v, %v; want erin", user.GetLogin(), err)
	}
	fake.AddRepo("acme-medical", "secret", "main")
	_, resp, err := client.Repositories.Get(ctx, "acme-medical", "secret")
	if err == nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("GET a repository erin cannot read: %v; want 404", err)
	}
	if !v.checked["GET /user"] {
		t.Errorf("GET /user was not validated against the description: %v", v.checked)
	}
}
