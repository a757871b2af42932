package githubfake

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"
)

// The app's comments and issues name the app in performed_via_github_app, as GitHub's do;
// a person's name none. go-github v62 drops the field, so the raw JSON is read.
func TestWhatTheAppWroteNamesTheApp(t *testing.T) {
	s := New()
	defer s.Close()
	const o, r = "acme-medical", "infusion-pump"
	s.AddRepo(o, r, "main")
	ctx := context.Background()
	c := client(t, s, time.Second)
	issue, _, err := c.Issues.Create(ctx, o, r, &github.IssueRequest{Title: github.String("t")})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Issues.CreateComment(ctx, o, r, issue.GetNumber(), &github.IssueComment{Body: github.String("ours")}); err != nil {
		t.Fatal(err)
	}
	s.AddComment(o, r, issue.GetNumber(), "nora", "theirs")
	var comments []struct {
		Body string `json:"body"`
		Via  *struct {
			ID int64 `json:"id"`
		} `json:"performed_via_github_app"`
	}
	getJSON(t, s.URL()+"repos/acme-medical/infusion-pump/issues/1/comments", &comments)
	if len(comments) != 2 || comments[0].Via == nil || comments[0].Via.ID != DefaultAppID || comments[1].Via != nil {
		t.Errorf("comments %+v: want the app's naming app %d, the person's naming none", comments, DefaultAppID)
	}
	var got struct {
		Via *struct {
			ID int64 `json:"id"`
		} `json:"performed_via_github_app"`
	}
	getJSON(t, s.URL()+"repos/acme-medical/infusion-pump/issues/1", &got)
	if got.Via == nil || got.Via.ID != DefaultAppID {
		t.Errorf("the app's issue names %+v, want app %d", got.Via, DefaultAppID)
	}
}

func TestPermissionLevels(t *testing.T) {
	s := New()
	defer s.Close()
	s.AddRepo("o", "r", "main")
	s.SetPermission("o", "r", "Maya", "maintain")
	c := client(t, s, time.Second)
	for login, want := range map[string][2]string{"maya": {"write", "maintain"}, "stranger": {"none", "none"}} {
		p, _, err := c.Repositories.GetPermissionLevel(context.Background(), "o", "r", login)
		if err != nil {
			t.Fatal(err)
		}
		var raw struct {
			Role string `json:"role_name"`
		}
		getJSON(t, s.URL()+"repos/o/r/collaborators/"+login+"/permission", &raw)
		if p.GetPermission() != want[0] || raw.Role != want[1] {
			t.Errorf("%s: permission %q role %q, want %v", login, p.GetPermission(), raw.Role, want)
		}
	}
}

func getJSON(t *testing.T, url string, into any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, into); err != nil {
		t.Fatalf("%s: %v: %s", url, err, data)
	}
}
