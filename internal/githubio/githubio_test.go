package githubio_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/problem"
	"github.com/iec62304-bot/iec62304-bot/internal/refs"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

const owner, repo = "acme-medical", "infusion-pump"

func setup(t *testing.T, name string) (*githubfake.Server, *github.Client, *snapshot.Snapshot) {
	t.Helper()
	fake := githubfake.New()
	t.Cleanup(fake.Close)
	snap, err := snapshot.LoadDir("../../testdata/snapshots/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return fake, newClient(fake), snap
}

func newClient(fake *githubfake.Server) *github.Client {
	client := github.NewClient(nil)
	client.BaseURL, _ = url.Parse(fake.URL())
	return client
}

func TestFetchReadsEveryPage(t *testing.T) {
	fake, client, snap := setup(t, "class-c-pass")
	for i := 0; i < 230; i++ {
		snap.Files = append(snap.Files, &github.CommitFile{Filename: github.String(fmt.Sprintf("dose/gen/table_%03d.go", i))})
	}
	snap.Raw = nil
	fake.AddSnapshot(snap)
	got, err := githubio.NewReader().Fetch(context.Background(), client, owner, repo, 31)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Files) != 234 || len(got.Commits) != 2 || len(got.Reviews) != 2 || len(got.CheckRuns) != 1 {
		t.Errorf("fetched %d files, %d commits, %d reviews, %d check runs; want 234, 2, 2, 1", len(got.Files), len(got.Commits), len(got.Reviews), len(got.CheckRuns))
	}
	if len(got.Issues) != 1 || len(got.TeamMembers["qa"]) != 2 {
		t.Errorf("linked issues %v, qa members %v", got.Issues, got.TeamMembers)
	}
	if got.ConfigName != ".github/iec62304.yml" || got.ConfigSource != "acme-medical/infusion-pump@main" || !strings.Contains(string(got.Config), "dose-calculation") {
		t.Errorf("config from %q: %q", got.ConfigName, got.Config)
	}
	pages := 0
	for _, c := range fake.Calls() {
		if strings.HasSuffix(c.Path, "/pulls/31/files") {
			pages++
		}
	}
	if pages != 3 {
		t.Errorf("read files in %d requests, want 3 pages of 100", pages)
	}
}

// The policy is read at the commit the base branch points at, and the snapshot names that
// commit, so the check run can say exactly which file decided the verdict.
func TestFetchPinsThePolicyToABaseCommit(t *testing.T) {
	fake, client, snap := setup(t, "class-c-pass")
	fake.AddSnapshot(snap)
	ref, _, err := client.Git.GetRef(context.Background(), owner, repo, "heads/main")
	if err != nil {
		t.Fatal(err)
	}
	got, err := githubio.NewReader().Fetch(context.Background(), client, owner, repo, 31)
	if err != nil {
		t.Fatal(err)
	}
	commit := ref.GetObject().GetSHA()
	if got.ConfigCommit != commit || got.ConfigSource != "acme-medical/infusion-pump@main" || got.ConfigBlob() != snap.ConfigBlob() {
		t.Errorf("policy pinned to %q from %q (blob %s), want %q from acme-medical/infusion-pump@main (blob %s)", got.ConfigCommit, got.ConfigSource, got.ConfigBlob(), commit, snap.ConfigBlob())
	}
	read := false
	for _, c := range fake.Calls() {
		read = read || strings.Contains(c.Path, "/contents/.github/iec62304.yml") && strings.Contains(c.Query, "ref="+commit)
	}
	if !read {
		t.Errorf("the policy was not read at commit %s: %v", commit, fake.Calls())
	}
}

func TestFetchConfigSources(t *testing.T) {
	t.Run("organisation default", func(t *testing.T) {
		fake, client, snap := setup(t, "not-configured")
		fake.AddSnapshot(snap)
		fake.AddRepo("acme-medical", ".github", "main")
		fake.SetFile("acme-medical", ".github", "main", "iec62304.yml", []byte("version: 1\ndefault_class: B\n"))
		got, err := githubio.NewReader().Fetch(context.Background(), client, "acme-medical", "website", 5)
		if err != nil {
			t.Fatal(err)
		}
		if got.ConfigName != "iec62304.yml" || got.ConfigSource != "acme-medical/.github@main" || !strings.Contains(string(got.Config), "default_class: B") {
			t.Errorf("config from %q: %q", got.ConfigName, got.Config)
		}
		if got.ConfigCommit != "" {
			t.Errorf("an organisation default is pinned to the repository's commit %s", got.ConfigCommit)
		}
	})
	t.Run("none anywhere", func(t *testing.T) {
		fake, client, snap := setup(t, "not-configured")
		fake.AddSnapshot(snap)
		got, err := githubio.NewReader().Fetch(context.Background(), client, "acme-medical", "website", 5)
		if err != nil {
			t.Fatal(err)
		}
		if got.Config != nil {
			t.Errorf("config %q from %q, want none", got.Config, got.ConfigName)
		}
	})
}

func TestFetchLeavesOutWhatIsGone(t *testing.T) {
	fake, client, snap := setup(t, "class-c-pass")
	snap.Issues = map[snapshot.IssueRef]*github.Issue{} // #52 linked, but deleted
	snap.TeamMembers = map[string][]*github.User{}      // team qa not visible
	snap.Raw = nil
	fake.AddSnapshot(snap)
	got, err := githubio.NewReader().Fetch(context.Background(), client, owner, repo, 31)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Issues) != 0 || len(got.TeamMembers) != 0 {
		t.Errorf("issues %v, teams %v; want both empty", got.Issues, got.TeamMembers)
	}
}

func TestFetchErrorNamesThePullRequest(t *testing.T) {
	fake, client, snap := setup(t, "class-c-pass")
	fake.AddSnapshot(snap)
	fake.InjectFault(githubfake.Fault{Endpoint: "GET /repos/{owner}/{repo}/pulls/{number}/reviews", Status: 500})
	_, err := githubio.NewReader().Fetch(context.Background(), client, owner, repo, 31)
	if err == nil || !strings.Contains(err.Error(), "list reviews of acme-medical/infusion-pump#31") {
		t.Errorf("error = %v", err)
	}
}

func TestApply(t *testing.T) {
	fake, client, snap := setup(t, "class-b-pass")
	fake.AddSnapshot(snap)
	w := &githubio.Writer{AppID: githubfake.DefaultAppID, CommentMarker: "<!-- marker -->"}
	ctx := context.Background()
	run := githubio.CheckRunSpec{HeadSHA: snap.HeadSHA(), Status: "completed", Conclusion: "failure", Title: "t", Summary: "s"}
	comment := &githubio.CommentSpec{Body: "<!-- marker -->\nhello", CreateIfMissing: false}
	steps := []struct {
		name string
		out  githubio.Outcome
		want githubio.Applied
	}{
		{"on-failure mode with no comment yet posts none", githubio.Outcome{CheckRun: run, Comment: comment}, githubio.Applied{CheckRun: "created", Comment: "skipped"}},
		{"same outcome writes nothing", githubio.Outcome{CheckRun: run}, githubio.Applied{CheckRun: "unchanged", Comment: "skipped"}},
		{"comment created", githubio.Outcome{CheckRun: run, Comment: &githubio.CommentSpec{Body: comment.Body, CreateIfMissing: true}}, githubio.Applied{CheckRun: "unchanged", Comment: "created"}},
		{"success", githubio.Outcome{CheckRun: withConclusion(run, "success")}, githubio.Applied{CheckRun: "updated", Comment: "skipped"}},
		// GitHub cannot move a completed run back to in_progress: pending fails closed.
		{"pending after a verdict", githubio.Outcome{CheckRun: githubio.CheckRunSpec{HeadSHA: snap.HeadSHA(), Status: "in_progress", Title: "pending", Summary: "s"},
			Comment: &githubio.CommentSpec{Body: comment.Body + "!"}}, githubio.Applied{CheckRun: "updated", Comment: "updated"}},
		{"still pending writes nothing", githubio.Outcome{CheckRun: githubio.CheckRunSpec{HeadSHA: snap.HeadSHA(), Status: "in_progress", Title: "pending", Summary: "s"}},
			githubio.Applied{CheckRun: "unchanged", Comment: "skipped"}},
	}
	for _, st := range steps {
		got, err := w.Apply(ctx, client, owner, repo, 21, st.out, fake.CheckRuns(owner, repo, snap.HeadSHA()))
		if err != nil || got != st.want {
			t.Errorf("%s: %+v, %v; want %+v", st.name, got, err, st.want)
		}
	}
	runs := fake.CheckRuns(owner, repo, snap.HeadSHA())
	var ours []*github.CheckRun
	for _, r := range runs {
		if r.GetName() == githubio.CheckRunName {
			ours = append(ours, r)
		}
	}
	if len(ours) != 1 || ours[0].GetStatus() != "completed" || ours[0].GetConclusion() != "failure" || ours[0].GetOutput().GetTitle() != "pending" {
		t.Errorf("check runs %+v, want one, pending as a completed failure", ours)
	}
	if cs := fake.Comments(owner, repo, 21); len(cs) != 1 || cs[0].GetBody() != comment.Body+"!" {
		t.Errorf("comments %+v", cs)
	}
}

func withConclusion(spec githubio.CheckRunSpec, conclusion string) githubio.CheckRunSpec {
	spec.Conclusion = conclusion
	return spec
}

func TestApplyKeepsTheCheckRunWhenTheCommentFails(t *testing.T) {
	fake, client, snap := setup(t, "class-b-pass")
	fake.AddSnapshot(snap)
	fake.InjectFault(githubfake.Fault{Endpoint: "POST /repos/{owner}/{repo}/issues/{number}/comments", Status: 502})
	w := &githubio.Writer{AppID: githubfake.DefaultAppID, CommentMarker: "<!-- marker -->"}
	got, err := w.Apply(context.Background(), client, owner, repo, 21, githubio.Outcome{
		CheckRun: githubio.CheckRunSpec{HeadSHA: snap.HeadSHA(), Status: "completed", Conclusion: "success", Title: "t", Summary: "s"},
		Comment:  &githubio.CommentSpec{Body: "<!-- marker -->", CreateIfMissing: true},
	}, snap.CheckRuns)
	if err == nil || !strings.Contains(err.Error(), "the check run was written") || got.CheckRun != "created" {
		t.Errorf("applied %+v, error %v", got, err)
	}
}

func TestLookups(t *testing.T) {
	fake, client, snap := setup(t, "class-b-pass")
	fake.AddSnapshot(snap)
	ctx := context.Background()
	var heads githubio.OpenHeads
	if got, err := heads.With(ctx, client, owner, repo, snap.HeadSHA()); err != nil || len(got) != 1 || got[0] != 21 {
		t.Errorf("OpenHeads.With = %v, %v", got, err)
	}
	if got, err := githubio.OpenPullsLinkingIssue(ctx, client, owner, repo, 41, 5); err != nil || len(got.Pulls) != 1 || got.Pulls[0] != 21 {
		t.Errorf("OpenPullsLinkingIssue(41) = %+v, %v", got, err)
	}
	if got, err := githubio.OpenPullsLinkingIssue(ctx, client, owner, repo, 42, 5); err != nil || len(got.Pulls) != 0 {
		t.Errorf("OpenPullsLinkingIssue(42) = %+v, %v", got, err)
	}
}

// The limit bounds the pull requests returned and the commit reads; what it leaves is counted.
func TestOpenPullsLinkingIssueStopsAtItsLimit(t *testing.T) {
	const linkCommits, linkDescription, unlinked = 4, 3, 2
	tests := []struct {
		name  string
		limit int
		want  githubio.IssueLinks
		reads int
	}{
		{"room for all", 10, githubio.IssueLinks{Pulls: []int{5, 6, 7, 8, 9, 10, 11}}, linkCommits + unlinked},
		{"descriptions fill it", 2, githubio.IssueLinks{Pulls: []int{5, 6}, Left: []int{7}, NotChecked: linkCommits + unlinked}, 0},
		{"commit reads stop at it", 4, githubio.IssueLinks{Pulls: []int{5, 6, 7, 8}, NotChecked: linkCommits + unlinked - 1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, client, _ := setup(t, "class-c-pass")
			for i := range linkDescription + linkCommits + unlinked {
				_, _, s := setup(t, "class-c-pass")
				s.Pull.Number = github.Int(5 + i)
				if i >= linkDescription {
					s.Pull.Body = github.String("Dose rounding.")
				}
				if i >= linkDescription && i < linkDescription+linkCommits {
					last := s.Commits[len(s.Commits)-1].Commit
					last.Message = github.String("Round doses\n\nFixes #52")
				}
				fake.AddSnapshot(s)
			}
			fake.ResetCalls()
			got, err := githubio.OpenPullsLinkingIssue(context.Background(), client, owner, repo, 52, tt.limit)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
			reads := fake.CallsTo("GET /repos/{owner}/{repo}/pulls/{number}/commits")
			if reads != tt.reads {
				t.Errorf("%d commit lists read, want %d", reads, tt.reads)
			}
		})
	}
}

// fetchWithFault fetches pull request 31 of snapshot name while endpoint answers fault (0 for
// none), checks the error against wantErr ("" for none), and returns the snapshot, nil when
// the fetch failed as it should.
func fetchWithFault(t *testing.T, name, endpoint string, fault int, wantErr string) *snapshot.Snapshot {
	t.Helper()
	fake, client, snap := setup(t, name)
	fake.AddSnapshot(snap)
	if fault != 0 {
		fake.InjectFault(githubfake.Fault{Endpoint: endpoint, Status: fault})
	}
	got, err := githubio.NewReader().Fetch(context.Background(), client, owner, repo, 31)
	if (err == nil) != (wantErr == "") || (err != nil && !strings.Contains(err.Error(), wantErr)) {
		t.Fatalf("error %v, want %q", err, wantErr)
	}
	return got
}

// Commit statuses are read only when a required check is not a check run; an installation
// that has not granted the statuses permission leaves the check unreported instead of
// failing the evaluation, and a GitHub error is still an error.
func TestFetchCommitStatuses(t *testing.T) {
	const endpoint = "GET /repos/{owner}/{repo}/commits/{ref}/status"
	tests := []struct {
		name     string
		fault    int
		statuses int
		wantErr  string
	}{
		{"read", 0, 1, ""},
		{"permission not granted", http.StatusForbidden, 0, ""},
		{"GitHub error", http.StatusBadGateway, 0, "get commit statuses of acme-medical/infusion-pump#31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fetchWithFault(t, "class-c-pass-commit-status", endpoint, tt.fault, tt.wantErr)
			if got != nil && len(got.Statuses) != tt.statuses {
				t.Errorf("%d statuses, want %d", len(got.Statuses), tt.statuses)
			}
		})
	}
}

// "Fixes ../..#7" would climb out of /repos/{owner}/{repo} with the app's token: such a
// reference names no issue and is never read.
func TestFetchReadsNoPathClimbingReference(t *testing.T) {
	fake, client, snap := setup(t, "class-b-pass")
	snap.Pull.Body = github.String("Fixes ../..#7, fixes ../orgs#9, fixes https://github.com/../issues/issues/8")
	snap.Raw = nil
	fake.AddSnapshot(snap)
	got, err := githubio.NewReader().Fetch(context.Background(), client, owner, repo, 21)
	if err != nil {
		t.Fatal(err)
	}
	for ref := range got.Issues {
		t.Errorf("read linked issue %s", ref)
	}
	for _, c := range fake.Calls() {
		if !strings.HasPrefix(c.Path, "/repos/"+owner+"/") && !strings.HasPrefix(c.Path, "/orgs/"+owner+"/teams/") {
			t.Errorf("GET %s outside the repository", c.Path)
		}
	}
}

// TestFetchProposedPolicy: the policy file is read from the pull request's head only when the
// pull request changes it.
func TestFetchProposedPolicy(t *testing.T) {
	for _, tt := range []struct {
		snapshot string
		want     string
	}{
		{"policy-change", "justification: >-"},
		{"class-c-pass", ""},
	} {
		t.Run(tt.snapshot, func(t *testing.T) {
			fake, client, snap := setup(t, tt.snapshot)
			fake.AddSnapshot(snap)
			got, err := githubio.NewReader().Fetch(context.Background(), client, owner, repo, snap.Pull.GetNumber())
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" && got.ProposedConfig != nil || !strings.Contains(string(got.ProposedConfig), tt.want) {
				t.Errorf("proposed config %q, want it to contain %q", got.ProposedConfig, tt.want)
			}
			if !strings.Contains(string(got.Config), "required_teams") || strings.Contains(string(got.Config), "justification") {
				t.Errorf("base config %q: want the base branch's file", got.Config)
			}
		})
	}
}

// A pull request that renames the policy file away removes it: it proposes an empty file,
// which is invalid, rather than passing as one that leaves the policy alone.
func TestFetchProposedPolicyRenamedAway(t *testing.T) {
	fake, client, snap := setup(t, "policy-change")
	for _, f := range snap.Files {
		if f.GetFilename() == ".github/iec62304.yml" {
			f.PreviousFilename, f.Filename, f.Status = f.Filename, github.String(".github/iec62304.yml.old"), github.String("renamed")
		}
	}
	snap.Raw = nil
	fake.AddSnapshot(snap)
	got, err := githubio.NewReader().Fetch(context.Background(), client, owner, repo, snap.Pull.GetNumber())
	if err != nil {
		t.Fatal(err)
	}
	if got.ProposedConfig == nil || len(got.ProposedConfig) != 0 {
		t.Errorf("proposed config %q, want an empty file (the policy is removed)", got.ProposedConfig)
	}
}

// GitHub lists at most 3000 changed files: a change to the policy file beyond them is found by
// comparing the file at the head with the base's, so a large enough pull request cannot hide
// an unvalidated, unapproved policy change. With the whole list, that comparison is not made.
func TestFetchFindsAPolicyChangeBeyondGitHubsList(t *testing.T) {
	proposed := func(s *snapshot.Snapshot) []byte { return s.ProposedConfig }
	none := func(*snapshot.Snapshot) []byte { return nil }
	for _, tt := range []struct {
		name     string
		head     func(s *snapshot.Snapshot) []byte // the policy at the head commit; nil for none
		unlisted int
		want     func(s *snapshot.Snapshot) []byte
	}{
		{"changed", proposed, 3000, proposed},
		{"unchanged", func(s *snapshot.Snapshot) []byte { return s.Config }, 3000, none},
		{"removed", none, 3000, func(*snapshot.Snapshot) []byte { return []byte{} }},
		{"changed, every file listed", proposed, 0, none},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake, client, snap := setup(t, "policy-change")
			snap.Files = slices.DeleteFunc(snap.Files, func(f *github.CommitFile) bool { return f.GetFilename() == ".github/iec62304.yml" })
			snap.Pull.ChangedFiles = github.Int(len(snap.Files) + tt.unlisted)
			head, want := tt.head(snap), tt.want(snap)
			snap.ProposedConfig, snap.Raw = nil, nil
			fake.AddSnapshot(snap)
			if head != nil {
				fake.SetFile(owner, repo, snap.HeadSHA(), ".github/iec62304.yml", head)
			}
			got, err := githubio.NewReader().Fetch(context.Background(), client, owner, repo, snap.Pull.GetNumber())
			if err != nil {
				t.Fatal(err)
			}
			if (got.ProposedConfig == nil) != (want == nil) || !bytes.Equal(got.ProposedConfig, want) {
				t.Errorf("proposed config %q, want %q", got.ProposedConfig, want)
			}
		})
	}
}

// Only the app's own comment is its own: another app's comment or a person's that quotes
// the marker is never edited.
func TestApplyEditsOnlyItsOwnComment(t *testing.T) {
	fake, client, snap := setup(t, "class-b-pass")
	fake.AddSnapshot(snap)
	const marker = "<!-- iec62304-bot:summary -->"
	other := &github.App{ID: github.Int64(777), Slug: github.String("copycat")}
	fake.AddAppComment(owner, repo, 21, other, marker+"\nanother app quoting the marker")
	fake.AddComment(owner, repo, 21, "mallory", marker+"\na person quoting the marker")
	w := &githubio.Writer{AppID: githubfake.DefaultAppID, CommentMarker: marker}
	run := githubio.CheckRunSpec{HeadSHA: snap.HeadSHA(), Status: "completed", Conclusion: "failure", Title: "t", Summary: "s"}
	for i, want := range []string{"created", "updated"} {
		out := githubio.Outcome{CheckRun: run, Comment: &githubio.CommentSpec{Body: fmt.Sprintf("%s\nverdict %d", marker, i), CreateIfMissing: true}}
		got, err := w.Apply(context.Background(), client, owner, repo, 21, out, fake.CheckRuns(owner, repo, snap.HeadSHA()))
		if err != nil || got.Comment != want {
			t.Errorf("apply %d: comment %s, %v; want %s", i, got.Comment, err, want)
		}
	}
	cs := fake.Comments(owner, repo, 21)
	if len(cs) != 3 || !strings.HasSuffix(cs[0].GetBody(), "another app quoting the marker") || !strings.HasSuffix(cs[1].GetBody(), "a person quoting the marker") ||
		!strings.HasSuffix(cs[2].GetBody(), "verdict 1") {
		for _, c := range cs {
			t.Logf("%s: %q", c.GetUser().GetLogin(), c.GetBody())
		}
		t.Error("the app edited a comment it did not write, or lost its own")
	}
}

// Where GitHub names no app a comment was performed via, the app knows its own comment by its
// bot account, "<slug>[bot]", once it knows its slug; another app's bot, a person, or any
// comment while the slug is unknown is never edited.
func TestApplyFindsItsOwnCommentByItsBotLogin(t *testing.T) {
	const marker = "<!-- iec62304-bot:summary -->"
	ours := &github.App{ID: github.Int64(githubfake.DefaultAppID), Slug: github.String(githubfake.DefaultAppSlug)}
	copycat := &github.App{ID: github.Int64(777), Slug: github.String("copycat")}
	for _, tt := range []struct {
		name    string
		slug    func() string
		want    string // what Apply does to the comment
		verdict int    // the comment that holds the verdict afterwards, the last one
	}{
		{"slug known: its own unattributed comment is edited", func() string { return githubfake.DefaultAppSlug }, "updated", 3},
		{"slug not yet known: a new comment, nothing edited", func() string { return "" }, "created", 4},
		{"no slug at all: a new comment, nothing edited", nil, "created", 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake, client, snap := setup(t, "class-b-pass")
			fake.AddSnapshot(snap)
			fake.AddAppComment(owner, repo, 21, copycat, marker+"\nanother app quoting the marker")
			fake.AddComment(owner, repo, 21, "mallory", marker+"\na person quoting the marker")
			fake.AddUnattributedAppComment(owner, repo, 21, copycat, marker+"\nanother app's bot, unattributed")
			fake.AddUnattributedAppComment(owner, repo, 21, ours, marker+"\nthe app's own, unattributed")
			w := &githubio.Writer{AppID: githubfake.DefaultAppID, AppSlug: tt.slug, CommentMarker: marker}
			out := githubio.Outcome{
				CheckRun: githubio.CheckRunSpec{HeadSHA: snap.HeadSHA(), Status: "completed", Conclusion: "failure", Title: "t", Summary: "s"},
				Comment:  &githubio.CommentSpec{Body: marker + "\nthe verdict", CreateIfMissing: true},
			}
			got, err := w.Apply(context.Background(), client, owner, repo, 21, out, fake.CheckRuns(owner, repo, snap.HeadSHA()))
			if err != nil || got.Comment != tt.want {
				t.Fatalf("comment %s, %v; want %s", got.Comment, err, tt.want)
			}
			cs := fake.Comments(owner, repo, 21)
			untouched := []string{"another app quoting the marker", "a person quoting the marker", "another app's bot, unattributed", "the app's own, unattributed"}
			if len(cs) != tt.verdict+1 {
				t.Fatalf("%d comments, want %d", len(cs), tt.verdict+1)
			}
			for i, c := range cs {
				switch {
				case i == tt.verdict:
					if !strings.HasSuffix(c.GetBody(), "the verdict") {
						t.Errorf("comment %d by %s: %q, want the verdict", i, c.GetUser().GetLogin(), c.GetBody())
					}
				case !strings.HasSuffix(c.GetBody(), untouched[i]):
					t.Errorf("comment %d by %s was edited: %q", i, c.GetUser().GetLogin(), c.GetBody())
				}
			}
		})
	}
}

// Text longer than GitHub allows is cut with a note, not refused: the verdict still lands,
// and the same long outcome again writes nothing.
func TestApplyFitsGitHubsLimits(t *testing.T) {
	fake, client, snap := setup(t, "class-b-pass")
	fake.AddSnapshot(snap)
	w := &githubio.Writer{AppID: githubfake.DefaultAppID, CommentMarker: "<!-- marker -->"}
	long := "<!-- marker -->\n```\n" + strings.Repeat("dose/é.go\n", 8000)
	out := githubio.Outcome{
		CheckRun: githubio.CheckRunSpec{HeadSHA: snap.HeadSHA(), Status: "completed", Conclusion: "failure", Title: "t", Summary: long, Text: long,
			DetailsURL: "https://bot.example/repos/acme-medical/infusion-pump/pulls/21"},
		Comment: &githubio.CommentSpec{Body: long, CreateIfMissing: true},
	}
	for _, want := range []githubio.Applied{{CheckRun: "created", Comment: "created"}, {CheckRun: "unchanged", Comment: "unchanged"}} {
		got, err := w.Apply(context.Background(), client, owner, repo, 21, out, fake.CheckRuns(owner, repo, snap.HeadSHA()))
		if err != nil || got != want {
			t.Fatalf("applied %+v, %v; want %+v", got, err, want)
		}
	}
	var run *github.CheckRun
	for _, r := range fake.CheckRuns(owner, repo, snap.HeadSHA()) {
		if r.GetName() == githubio.CheckRunName {
			run = r
		}
	}
	summary, comment := run.GetOutput().GetSummary(), fake.Comments(owner, repo, 21)[0].GetBody()
	for name, text := range map[string]string{"summary": summary, "text": run.GetOutput().GetText(), "comment": comment} {
		if n := utf8.RuneCountInString(text); n > githubfake.MaxCheckRunText+1 || !strings.Contains(text, "Cut to fit GitHub's limit") || strings.Count(text, "```")%2 != 0 {
			t.Errorf("%s: %d characters, note or closed fence missing", name, n)
		}
	}
	if !strings.HasSuffix(summary, out.CheckRun.DetailsURL) || !strings.HasPrefix(comment, "<!-- marker -->") || !strings.HasSuffix(comment, "check run has the full evidence.") {
		t.Errorf("the notes do not say where the rest is: %q / %q", summary[len(summary)-80:], comment[len(comment)-80:])
	}
}

// A description anyone can write must not cost thousands of calls: past refs.MaxLinkedIssues
// the linked issues are not read, and the snapshot says which.
func TestFetchCapsLinkedIssueReads(t *testing.T) {
	fake, client, snap := setup(t, "class-b-pass")
	var body strings.Builder
	for n := 1; n <= 3000; n++ {
		fmt.Fprintf(&body, "Fixes #%d\n", n)
	}
	snap.Pull.Body = github.String(body.String())
	snap.Raw = nil
	fake.AddSnapshot(snap)
	got, err := githubio.NewReader().Fetch(context.Background(), client, owner, repo, 21)
	if err != nil {
		t.Fatal(err)
	}
	issueReads := fake.CallsTo("GET /repos/{owner}/{repo}/issues/{number}")
	notRead := got.IssuesNotRead
	if issueReads != refs.MaxLinkedIssues || len(notRead) != 3000-refs.MaxLinkedIssues || notRead[0].Number != refs.MaxLinkedIssues+1 {
		t.Errorf("%d issue reads, %d not read (first %v); want %d read, the rest listed", issueReads, len(notRead), notRead[:1], refs.MaxLinkedIssues)
	}
	t.Logf("%d GitHub calls for a description with 3000 closing references", len(fake.Calls()))
}

// An issue linked past the cap is not read, so its events re-evaluate nothing; and a
// description that fills the cap costs no read of the commits.
func TestOpenPullsLinkingIssuePastTheCap(t *testing.T) {
	fake, client, snap := setup(t, "class-b-pass")
	var body strings.Builder
	for n := 1000; n < 1000+refs.MaxLinkedIssues; n++ {
		fmt.Fprintf(&body, "Fixes #%d\n", n)
	}
	snap.Pull.Body = github.String(body.String() + "Fixes #41\n")
	snap.Raw = nil
	fake.AddSnapshot(snap)
	ctx := context.Background()
	if got, err := githubio.OpenPullsLinkingIssue(ctx, client, owner, repo, 1000, 10); err != nil || len(got.Pulls) != 1 {
		t.Errorf("OpenPullsLinkingIssue(1000) = %v, %v; want the pull request", got, err)
	}
	fake.ResetCalls()
	if got, err := githubio.OpenPullsLinkingIssue(ctx, client, owner, repo, 41, 10); err != nil || len(got.Pulls)+len(got.Left) != 0 {
		t.Errorf("OpenPullsLinkingIssue(41), linked past the cap = %v, %v; want none", got, err)
	}
	for _, c := range fake.Calls() {
		if c.Endpoint == "GET /repos/{owner}/{repo}/pulls/{number}/commits" {
			t.Error("read the commits of a pull request whose description fills the cap")
		}
	}
}

// A pull request a list gave is not read again: the counts the list's short form lacks come
// from the lists of files and commits when those are whole, and from GitHub when a list
// reaches GitHub's cap (250 commits here), so a change larger than GitHub lists is never
// taken for a small one.
func TestFetchListedReadsThePullRequestOnlyAtGitHubsCaps(t *testing.T) {
	for _, tt := range []struct {
		name        string
		commits     int
		wantGet     int
		wantCommits int
	}{
		{"whole lists", 3, 0, 3},
		{"commits at the cap", 250, 1, 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake, client, snap := setup(t, "class-c-pass")
			for i := len(snap.Commits); i < tt.commits; i++ {
				snap.Commits = append(snap.Commits, &github.RepositoryCommit{SHA: github.String(fmt.Sprintf("%040d", i)), Commit: &github.Commit{Message: github.String("more")}})
			}
			snap.Commits = snap.Commits[:tt.commits]
			snap.Pull.Commits, snap.Pull.ChangedFiles = github.Int(400), github.Int(len(snap.Files))
			snap.Raw = nil
			fake.AddSnapshot(snap)
			listed := *snap.Pull
			listed.Commits, listed.ChangedFiles = nil, nil // GitHub's short form, as a list gives it
			fake.ResetCalls()
			got, err := githubio.NewReader().FetchListed(context.Background(), client, owner, repo, &listed)
			if err != nil {
				t.Fatal(err)
			}
			gets := fake.CallsTo("GET /repos/{owner}/{repo}/pulls/{number}")
			if gets != tt.wantGet || got.Pull.GetCommits() != tt.wantCommits || got.Pull.GetChangedFiles() != len(snap.Files) || listed.Commits != nil {
				t.Fatalf("%d reads of the pull request, %d commits, %d files counted (list's copy %v); want %d reads, %d commits, %d files",
					gets, got.Pull.GetCommits(), got.Pull.GetChangedFiles(), listed.Commits, tt.wantGet, tt.wantCommits, len(snap.Files))
			}
		})
	}
}

// With pinned policies the base branch, its policy and the catalogue it names are read once
// for many snapshots, and a read that failed is not pinned: the next snapshot reads again.
func TestPinnedPoliciesReadTheBaseOnce(t *testing.T) {
	fake, client, snap := setup(t, "class-a-catalogue-unknown")
	fake.AddSnapshot(snap)
	const refEndpoint, contentsEndpoint = "GET /repos/{owner}/{repo}/git/ref/{ref...}", "GET /repos/{owner}/{repo}/contents/{path...}"
	fake.InjectFault(githubfake.Fault{Endpoint: refEndpoint, Status: http.StatusBadGateway, Times: 1})
	reader := githubio.NewReader()
	reader.Pinned = githubio.NewPinnedPolicies()
	ctx := context.Background()
	if _, err := reader.Fetch(ctx, client, owner, repo, 11); err == nil {
		t.Fatal("Fetch with the base branch unreadable succeeded")
	}
	var commits []string
	var contentReads []int
	for range 3 {
		got, err := reader.Fetch(ctx, client, owner, repo, 11)
		if err != nil {
			t.Fatal(err)
		}
		if got.Catalogue == nil || len(got.Catalogue.Files) != 1 {
			t.Fatalf("catalogue %+v; want the base branch's file", got.Catalogue)
		}
		commits, contentReads = append(commits, got.ConfigCommit), append(contentReads, fake.CallsTo(contentsEndpoint))
	}
	if reads := fake.CallsTo(refEndpoint); reads != 2 || commits[0] == "" || commits[0] != commits[2] || contentReads[0] != contentReads[2] {
		t.Fatalf("%d reads of the base branch, policy commits %v, contents read %v times; want the failed read and one more, one commit, no content read again",
			reads, commits, contentReads)
	}
}

// Where GitHub does not name the app that wrote an issue, the app's bot account,
// "<slug>[bot]", identifies its problem reports, and nothing else does: a report is never
// taken over from another app or a person who quotes its marker.
func TestFindReportKnowsItsUnattributedIssuesByItsBotLogin(t *testing.T) {
	known := func() string { return githubfake.DefaultAppSlug }
	for _, tt := range []struct {
		name, login, kind string
		slug              func() string
		want              bool
	}{
		{"the app's bot account", githubfake.DefaultAppSlug + "[bot]", "Bot", known, true},
		{"another app's bot account", "other-app[bot]", "Bot", known, false},
		{"a user, not a bot", githubfake.DefaultAppSlug + "[bot]", "User", known, false},
		{"the app's slug not yet known", githubfake.DefaultAppSlug + "[bot]", "Bot", func() string { return "" }, false},
		{"no slug at all", githubfake.DefaultAppSlug + "[bot]", "Bot", nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake, client, _ := setup(t, "class-b-pass")
			cause := problem.MergeCause(owner+"/"+repo, 7)
			fake.AddIssue(owner, repo, &github.Issue{
				Number: github.Int(90), Title: github.String("Problem report"), State: github.String("open"),
				Body:   github.String(cause.Marker() + "\nA report."),
				Labels: []*github.Label{{Name: github.String("problem-report")}},
				User:   &github.User{Login: github.String(tt.login), Type: github.String(tt.kind), ID: github.Int64(41)},
			})
			issues := githubio.Issues{Client: client, Owner: owner, Repo: repo, AppID: githubfake.DefaultAppID, AppSlug: tt.slug}
			got, err := issues.FindReport(context.Background(), "problem-report", "open", cause)
			if err != nil {
				t.Fatal(err)
			}
			if (got != nil) != tt.want {
				t.Errorf("found %v, want found = %v", got != nil, tt.want)
			}
		})
	}
}
