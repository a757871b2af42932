package githubfake

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/google/go-github/v62/github"
)

// validatingTransport checks every response the fake gives against GitHub's REST description.
type validatingTransport struct {
	t       *testing.T
	router  routers.Router
	checked map[string]bool
}

func (v *validatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(body))

	if undescribed[req.Method+" "+req.URL.Path] {
		return resp, nil
	}
	if resp.StatusCode == http.StatusNotModified {
		// GitHub answers any GET conditionally; its description lists 304 on a few operations.
		if len(body) != 0 || resp.Header.Get("ETag") == "" {
			v.t.Errorf("%s %s -> 304 with %d bytes and ETag %q, want no body and the ETag", req.Method, req.URL.Path, len(body), resp.Header.Get("ETag"))
		}
		return resp, nil
	}
	// Match the route as GitHub's description names it (its server is https://api.github.com);
	// a file path or a git reference is one parameter there, so its slashes are escaped.
	described := req.Clone(context.Background())
	path := req.URL.Path
	for _, prefix := range []string{"/contents/", "/git/ref/"} {
		if i := strings.Index(path, prefix); i >= 0 {
			path = path[:i+len(prefix)] + url.PathEscape(path[i+len(prefix):])
		}
	}
	described.URL = &url.URL{Scheme: "https", Host: "api.github.com", Path: path, RawQuery: req.URL.RawQuery}
	described.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := v.router.FindRoute(described)
	if err != nil {
		v.t.Errorf("%s %s is not in GitHub's REST description: %v", req.Method, req.URL.Path, err)
		return resp, nil
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: described, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: resp.StatusCode, Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		v.t.Errorf("%s %s -> %d does not match GitHub's description:\n%v", req.Method, req.URL.Path, resp.StatusCode, truncate(err.Error()))
	}
	v.checked[route.Method+" "+route.Path] = true
	return resp, nil
}

// undescribed lists the calls whose operation the description subset leaves out: appconfig
// reads the organisation's default repository with GET /repos/{owner}/{repo}, and the
// snapshot format reads team members with GET /orgs/{org}/teams/{slug}/members.
var undescribed = map[string]bool{"GET /repos/acme-medical/infusion-pump": true, "GET /orgs/acme-medical/teams/qa/members": true}

func truncate(s string) string {
	if len(s) > 1500 {
		return s[:1500] + "..."
	}
	return s
}

func loadDescription(t *testing.T) routers.Router {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("testdata/subset.openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	router, err := legacy.NewRouter(doc, openapi3.DisableExamplesValidation())
	if err != nil {
		t.Fatal(err)
	}
	return router
}

// TestResponsesMatchGitHubsDescription drives every endpoint the app uses through go-github
// and validates each response against GitHub's REST description, so the fake cannot drift.
func TestResponsesMatchGitHubsDescription(t *testing.T) {
	fake := New()
	defer fake.Close()
	if err := fake.LoadSnapshot("../../testdata/snapshots/class-c-pass"); err != nil {
		t.Fatal(err)
	}
	v := &validatingTransport{t: t, router: loadDescription(t), checked: map[string]bool{}}
	client, _ := github.NewClient(&http.Client{Transport: v}).WithEnterpriseURLs(fake.URL(), fake.URL())
	client.BaseURL, _ = url.Parse(fake.URL())
	ctx := context.Background()
	const o, r, n = "acme-medical", "infusion-pump", 31
	pr, _, err := client.PullRequests.Get(ctx, o, r, n)
	if err != nil {
		t.Fatal(err)
	}
	head := pr.GetHead().GetSHA()
	for _, path := range []string{"pulls/31", "pulls/31/files", "issues/52"} {
		if status := conditionalGet(t, client, o+"/"+r+"/"+path); status != http.StatusNotModified {
			t.Errorf("conditional GET of %s: %d, want 304", path, status)
		}
	}
	must := func(_ any, _ *github.Response, err error) {
		t.Helper()
		if err != nil {
			t.Error(err)
		}
	}
	must(client.PullRequests.ListFiles(ctx, o, r, n, nil))
	must(client.PullRequests.ListCommits(ctx, o, r, n, nil))
	must(client.PullRequests.ListReviews(ctx, o, r, n, nil))
	must(client.PullRequests.List(ctx, o, r, &github.PullRequestListOptions{State: "open"}))
	must(client.PullRequests.ListPullRequestsWithCommit(ctx, o, r, head, nil))
	must(client.Issues.Get(ctx, o, r, 52))
	must(client.Repositories.Get(ctx, o, r))
	_, _, _, err = client.Repositories.GetContents(ctx, o, r, ".github/iec62304.yml", &github.RepositoryContentGetOptions{Ref: "main"})
	must(nil, nil, err)
	// A folder, as the requirement catalogue's patterns list them.
	_, dir, _, err := client.Repositories.GetContents(ctx, o, r, ".github", &github.RepositoryContentGetOptions{Ref: "main"})
	if err != nil || len(dir) != 1 || dir[0].GetType() != "file" {
		t.Errorf("listing .github: %v, %v; want its one file", dir, err)
	}
	base, _, err := client.Git.GetRef(ctx, o, r, "heads/main")
	must(base, nil, err)
	_, _, _, err = client.Repositories.GetContents(ctx, o, r, ".github/iec62304.yml", &github.RepositoryContentGetOptions{Ref: base.GetObject().GetSHA()})
	must(nil, nil, err)
	must(client.Checks.ListCheckRunsForRef(ctx, o, r, head, &github.ListCheckRunsOptions{CheckName: github.String("IEC 62304")}))
	run, _, err := client.Checks.CreateCheckRun(ctx, o, r, github.CreateCheckRunOptions{Name: "IEC 62304", HeadSHA: head, Status: github.String("in_progress"),
		Output: &github.CheckRunOutput{Title: github.String("t"), Summary: github.String("s")}})
	must(run, nil, err)
	must(client.Checks.UpdateCheckRun(ctx, o, r, run.GetID(), github.UpdateCheckRunOptions{Name: "IEC 62304", Status: github.String("completed"), Conclusion: github.String("success")}))
	must(client.Checks.GetCheckRun(ctx, o, r, run.GetID()))
	c, _, err := client.Issues.CreateComment(ctx, o, r, n, &github.IssueComment{Body: github.String("hello")})
	must(c, nil, err)
	must(client.Issues.EditComment(ctx, o, r, c.GetID(), &github.IssueComment{Body: github.String("edited")}))
	must(client.Issues.ListComments(ctx, o, r, n, nil))
	// Problem reports: issues and labels.
	issue, _, err := client.Issues.Create(ctx, o, r, &github.IssueRequest{Title: github.String("Dose off by one"), Labels: &[]string{"problem-report"}})
	must(issue, nil, err)
	must(client.Issues.Edit(ctx, o, r, issue.GetNumber(), &github.IssueRequest{Body: github.String("Steps to reproduce")}))
	must(client.Issues.ListByRepo(ctx, o, r, &github.IssueListByRepoOptions{Labels: []string{"problem-report"}}))
	must(client.Issues.AddLabelsToIssue(ctx, o, r, issue.GetNumber(), []string{"criticality:high"}))
	must(client.Issues.ReplaceLabelsForIssue(ctx, o, r, issue.GetNumber(), []string{"problem-report", "criticality:low"}))
	_, err = client.Issues.RemoveLabelForIssue(ctx, o, r, issue.GetNumber(), "criticality:low")
	must(nil, nil, err)
	must(client.Issues.ListLabelsByIssue(ctx, o, r, issue.GetNumber(), nil))
	must(client.Issues.CreateLabel(ctx, o, r, &github.Label{Name: github.String("problem-report"), Color: github.String("d73a4a")}))
	must(client.Issues.ListLabels(ctx, o, r, nil))
	// Problem reports: who may file by command, what the app and people wrote.
	fake.SetPermission(o, r, "maya", "maintain")
	must(client.Repositories.GetPermissionLevel(ctx, o, r, "maya"))
	must(client.Repositories.GetPermissionLevel(ctx, o, r, "stranger"))
	fake.AddComment(o, r, issue.GetNumber(), "maya", "/problem-report Alarm silent")
	must(client.Issues.ListComments(ctx, o, r, issue.GetNumber(), nil))
	must(client.Issues.Edit(ctx, o, r, issue.GetNumber(), &github.IssueRequest{State: github.String("closed")}))
	must(client.Issues.ListByRepo(ctx, o, r, &github.IssueListByRepoOptions{State: "all", Labels: []string{"problem-report"}}))
	// Commit statuses, as older CI systems report.
	must(client.Repositories.CreateStatus(ctx, o, r, head, &github.RepoStatus{State: github.String("success"), Context: github.String("jenkins")}))
	must(client.Repositories.ListStatuses(ctx, o, r, head, nil))
	must(client.Repositories.GetCombinedStatus(ctx, o, r, head, nil))
	// Team membership.
	must(client.Teams.ListTeamMembersBySlug(ctx, o, "qa", nil))
	must(client.Teams.GetTeamMembershipBySlug(ctx, o, "qa", "quinn"))
	// The reconciler: the app's installations (its JWT), an installation's repositories (its token).
	must(withAuth(fake, v, "Bearer app.jwt").Apps.ListInstallations(ctx, nil))
	token, _, err := withAuth(fake, v, "Bearer app.jwt").Apps.CreateInstallationToken(ctx, DefaultInstallationID, nil)
	must(token, nil, err)
	must(withAuth(fake, v, "token "+token.GetToken()).Apps.ListRepos(ctx, nil))
	// A missing file answers 404 as described.
	if _, _, _, err := client.Repositories.GetContents(ctx, o, r, "missing.yml", nil); err == nil {
		t.Error("missing file served")
	}
	// GitHub refuses a completed check run without a conclusion (an undescribed 422).
	plain, _ := github.NewClient(nil).WithEnterpriseURLs(fake.URL(), fake.URL())
	plain.BaseURL, _ = url.Parse(fake.URL())
	if _, _, err := plain.Checks.CreateCheckRun(ctx, o, r, github.CreateCheckRunOptions{Name: "x", HeadSHA: head, Status: github.String("completed")}); err == nil {
		t.Error("completed check run without conclusion accepted, GitHub answers 422")
	}
	if len(v.checked) < 30 {
		t.Errorf("validated %d operations, want every endpoint the app uses: %v", len(v.checked), v.checked)
	}
}

// withAuth is a client of the fake through v that authenticates as authorization says.
func withAuth(fake *Server, v http.RoundTripper, authorization string) *github.Client {
	client := github.NewClient(&http.Client{Transport: authorizing{next: v, authorization: authorization}})
	client.BaseURL, _ = url.Parse(fake.URL())
	return client
}

type authorizing struct {
	next          http.RoundTripper
	authorization string
}

func (a authorizing) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", a.authorization)
	return a.next.RoundTrip(r)
}

// conditionalGet reads a repository path, then reads it again with the ETag it got.
func conditionalGet(t *testing.T, client *github.Client, path string) int {
	t.Helper()
	req, _ := client.NewRequest(http.MethodGet, "repos/"+path, nil)
	resp, err := client.Do(context.Background(), req, nil)
	if err != nil {
		t.Fatal(err)
	}
	req, _ = client.NewRequest(http.MethodGet, "repos/"+path, nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	resp, _ = client.Do(context.Background(), req, nil)
	return resp.StatusCode
}

// TestWebhookPayloadsHaveGitHubsKeys compares the payloads the fake builds with real ones.
func TestWebhookPayloadsHaveGitHubsKeys(t *testing.T) {
	fake := New()
	defer fake.Close()
	if err := fake.LoadSnapshot("../../testdata/snapshots/class-b-pass"); err != nil {
		t.Fatal(err)
	}
	const o, r, n = "acme-medical", "infusion-pump", 21
	s := fake.Issues(o, r)
	if len(s) == 0 {
		t.Fatal("linked issue not seeded")
	}
	tests := map[string]any{
		"pull_request.opened":           fake.PullRequestEvent("opened", o, r, n, 1),
		"pull_request_review.submitted": fake.PullRequestReviewEvent("submitted", o, r, n, &github.PullRequestReview{ID: github.Int64(1), User: &github.User{Login: github.String("carol")}, State: github.String("approved")}, 1),
		"check_run.completed":           fake.CheckRunEvent("completed", o, r, n, &github.CheckRun{ID: github.Int64(1), Name: github.String("build-and-test"), Status: github.String("completed")}, 1),
		"issues.labeled":                fake.IssuesEvent("labeled", o, r, 41, 1),
		"issue_comment.created":         fake.IssueCommentEvent("created", o, r, n, fake.AddComment(o, r, n, "nora", "/problem-report Alarm"), 1),
		"pull_request.closed":           fake.PullRequestEvent("closed", o, r, n, 1),
	}
	for name, payload := range tests {
		t.Run(name, func(t *testing.T) {
			real := topKeys(t, mustRead(t, filepath.Join("testdata", "webhooks", name+".json")))
			data, _ := json.Marshal(payload)
			ours := topKeys(t, data)
			for _, k := range []string{"action", "repository", "installation"} {
				if !ours[k] {
					t.Errorf("payload lacks %q", k)
				}
			}
			for k := range ours {
				if !real[k] && k != "installation" {
					t.Errorf("payload has key %q that GitHub's %s payload does not", k, name)
				}
			}
			for k := range real {
				if !ours[k] && k != "sender" && k != "organization" && k != "label" && k != "enterprise" {
					t.Errorf("payload lacks GitHub's key %q", k)
				}
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func topKeys(t *testing.T, data []byte) map[string]bool {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for k := range m {
		keys[k] = true
	}
	return keys
}

// GitHub lists pull requests in a shorter form (pull-request-simple) than it answers one: no
// counts, no merge state, no merged_by. The fake's lists leave out exactly what GitHub's
// description leaves out, so code that reads one of those from a list is caught by a test.
func TestPullListsLeaveOutWhatGitHubsDo(t *testing.T) {
	data, err := os.ReadFile("testdata/subset.openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	full, simple := doc.Components.Schemas["pull-request"].Properties, doc.Components.Schemas["pull-request-simple"].Properties
	fake := New()
	defer fake.Close()
	if err := fake.LoadSnapshot("../../testdata/snapshots/class-c-pass"); err != nil {
		t.Fatal(err)
	}
	get := func(path string) []byte {
		resp, err := http.Get(fake.URL() + "/repos/acme-medical/infusion-pump/" + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return body
	}
	var one map[string]any
	var listed []map[string]any
	if err := json.Unmarshal(get("pulls/31"), &one); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(get("pulls?state=open"), &listed); err != nil || len(listed) != 1 {
		t.Fatalf("list: %v, %d items", err, len(listed))
	}
	for key := range full {
		_, inOne := one[key]
		_, inList := listed[0][key]
		if _, simpleHasIt := simple[key]; !simpleHasIt && (inList || !inOne) {
			t.Errorf("%s: in the list %v, in the pull request %v; GitHub lists it only in the pull request", key, inList, inOne)
		}
	}
}
