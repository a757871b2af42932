package githubfake

import (
	"crypto/sha1"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/google/go-github/v62/github"
)

// What problem reports (clause 9) need beyond issues and labels: people's comments and
// permissions, merges, the app's own identity on what it writes, and checks on the default
// branch.

func (s *Server) problemRoutes() {
	s.mux.HandleFunc("GET /repos/{owner}/{repo}/collaborators/{user}/permission", s.withRepo(s.permission))
}

// SetPermission gives a user a repository role: read, triage, write, maintain or admin.
func (s *Server) SetPermission(owner, repo, login, role string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo, "main")
	r.roles[strings.ToLower(login)] = role
}

// permission answers as GitHub does: permission is the classic level (maintain counts as
// write, triage as read), role_name the role itself; someone without a role has "none".
func (s *Server) permission(w http.ResponseWriter, r *http.Request, repo *repository) {
	login := r.PathValue("user")
	role, ok := repo.roles[strings.ToLower(login)]
	if !ok {
		role = "none"
	}
	level := map[string]string{"maintain": "write", "triage": "read"}[role]
	if level == "" {
		level = role
	}
	user := userTemplate(person(login))
	user["role_name"] = role
	writeJSON(w, 200, map[string]any{"permission": level, "role_name": role, "user": user})
}

// person is a user account (not a bot) with its stable ID.
func person(login string) *github.User {
	return &github.User{Login: github.String(login), ID: github.Int64(userID(login)), Type: github.String("User")}
}

// AddComment posts a comment as a person (a /problem-report command, a note on a report).
func (s *Server) AddComment(owner, repo string, number int, login, body string) *github.IssueComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo, "main")
	id := s.id()
	kind := "issues"
	if _, isPull := r.pulls[number]; isPull {
		kind = "pull"
	}
	c := &github.IssueComment{ID: github.Int64(id), Body: github.String(body), CreatedAt: now(), UpdatedAt: now(),
		User:              person(login),
		AuthorAssociation: github.String("MEMBER"),
		HTMLURL:           github.String(fmt.Sprintf("https://github.com/%s/%s/%d#issuecomment-%d", r.repo.GetFullName(), kind, number, id)),
		IssueURL:          github.String(fmt.Sprintf("https://api.github.com/repos/%s/issues/%d", r.repo.GetFullName(), number)),
	}
	r.comments[number] = append(r.comments[number], c)
	return clone(c)
}

// FileIssue files an issue as a person, as the issue form or the label does by hand.
func (s *Server) FileIssue(owner, repo, login, title, body string, labels ...string) *github.Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo, "main")
	n := s.nextIssueNumber(r)
	is := &github.Issue{ID: github.Int64(s.id()), Number: github.Int(n), Title: github.String(title), Body: github.String(body),
		State: github.String("open"), User: person(login),
		Labels: labelsNamed(labels), CreatedAt: now(), UpdatedAt: now(), Comments: github.Int(0), Locked: github.Bool(false)}
	s.fillIssueURLs(r, is)
	r.issues[n] = is
	return clone(is)
}

// LabelIssue adds (add true) or removes a label as a person, records the labeled or unlabeled
// event GitHub lists in the issue's events, and returns the issues webhook it sends.
func (s *Server) LabelIssue(owner, repo string, number int, login, label string, add bool, installationID int64) *github.IssuesEvent {
	action := "unlabeled"
	if add {
		action = "labeled"
	}
	s.mu.Lock()
	r := s.repoLocked(owner, repo, "main")
	is := r.issues[number]
	if is == nil {
		s.mu.Unlock()
		panic(fmt.Sprintf("githubfake: no issue %s/%s#%d", owner, repo, number))
	}
	s.labelLocked(r, is, label, add, person(login))
	s.mu.Unlock()
	ev := s.IssuesEvent(action, owner, repo, number, installationID)
	ev.Label, ev.Sender = &github.Label{Name: github.String(label)}, person(login)
	return ev
}

// labelLocked adds or removes one label and records the event, as GitHub does for any change
// of labels (the app's own included).
func (s *Server) labelLocked(r *repository, is *github.Issue, label string, add bool, actor *github.User) {
	has := hasLabels(is, []string{label})
	if has == add {
		return // GitHub records no event for a label already there, or one already gone
	}
	event := "unlabeled"
	if add {
		event = "labeled"
		is.Labels = append(is.Labels, labelsNamed([]string{label})...)
	} else {
		is.Labels = slices.DeleteFunc(is.Labels, func(l *github.Label) bool { return strings.EqualFold(l.GetName(), label) })
	}
	is.UpdatedAt = now()
	n := is.GetNumber()
	r.events[n] = append(r.events[n], &github.IssueEvent{ID: github.Int64(s.id()), Event: github.String(event), Actor: actor,
		Label: &github.Label{Name: github.String(label)}, CreatedAt: now()})
}

// EditIssue changes an issue as a person: its body, its state ("open", "closed"), or both
// (empty leaves it).
func (s *Server) EditIssue(owner, repo string, number int, body, state string) *github.Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo, "main")
	is := r.issues[number]
	if is == nil {
		panic(fmt.Sprintf("githubfake: no issue %s/%s#%d", owner, repo, number))
	}
	if body != "" {
		is.Body = github.String(body)
	}
	if state != "" {
		setIssueState(is, state)
	}
	is.UpdatedAt = now()
	return clone(is)
}

// setIssueState moves an issue to state with the closed_at GitHub keeps.
func setIssueState(is *github.Issue, state string) {
	if state == is.GetState() {
		return
	}
	is.State = github.String(state)
	is.ClosedAt = nil
	if state == "closed" {
		is.ClosedAt = now()
	}
}

// MergePull merges a pull request as login, as the merge button does, and returns the merge
// commit's SHA.
func (s *Server) MergePull(owner, repo string, number int, login string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, _ := s.pullLocked(owner, repo, number)
	pr := r.pulls[number].pr
	// Hashed, so that its first seven characters (all a report shows) differ from merge to merge.
	sha := fmt.Sprintf("%x", sha1.Sum(fmt.Appendf(nil, "merge %d", s.id())))
	pr.State, pr.Merged, pr.MergedAt, pr.ClosedAt = github.String("closed"), github.Bool(true), now(), now()
	pr.MergeCommitSHA = github.String(sha)
	pr.MergedBy = person(login)
	return sha
}

// AddCheckRun completes another app's check run on a commit (CI on the default branch).
func (s *Server) AddCheckRun(owner, repo, sha, name, conclusion string) *github.CheckRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo, "main")
	id := s.id()
	run := &github.CheckRun{ID: github.Int64(id), Name: github.String(name), HeadSHA: github.String(sha), Status: github.String("completed"),
		Conclusion: github.String(conclusion), StartedAt: now(), CompletedAt: now(),
		HTMLURL:    github.String(fmt.Sprintf("https://github.com/%s/runs/%d", r.repo.GetFullName(), id)),
		App:        &github.App{ID: github.Int64(15368), Slug: github.String("github-actions"), Name: github.String("GitHub Actions")},
		CheckSuite: &github.CheckSuite{ID: github.Int64(s.id()), HeadBranch: r.repo.DefaultBranch, HeadSHA: github.String(sha)}}
	r.checkRuns[sha] = append(r.checkRuns[sha], run)
	return clone(run)
}

// DefaultBranchCheckRunEvent is the check_run webhook for a run on a commit of the default
// branch: no pull requests, the branch in its check suite.
func (s *Server) DefaultBranchCheckRunEvent(owner, repo string, run *github.CheckRun, installationID int64) *github.CheckRunEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo, "main")
	run = clone(run)
	run.PullRequests = []*github.PullRequest{}
	return &github.CheckRunEvent{Action: github.String("completed"), CheckRun: run, Repo: clone(r.repo),
		Sender: &github.User{Login: github.String("github-actions[bot]"), Type: github.String("Bot")}, Installation: installation(installationID)}
}

// IssueCommentEvent builds an issue_comment webhook for a comment as the fake holds it.
func (s *Server) IssueCommentEvent(action, owner, repo string, number int, comment *github.IssueComment, installationID int64) *github.IssueCommentEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo, "main")
	issue := clone(r.issues[number])
	if p, isPull := r.pulls[number]; isPull {
		issue = &github.Issue{Number: github.Int(number), Title: p.pr.Title, State: p.pr.State, User: p.pr.User,
			HTMLURL:          p.pr.HTMLURL,
			PullRequestLinks: &github.PullRequestLinks{URL: p.pr.URL, HTMLURL: p.pr.HTMLURL}}
	}
	return &github.IssueCommentEvent{Action: github.String(action), Issue: issue, Comment: clone(comment), Repo: clone(r.repo),
		Sender: comment.GetUser(), Installation: installation(installationID)}
}

// appTemplate is the app as GitHub shows it in performed_via_github_app.
func appTemplate(app *github.App) map[string]any {
	return map[string]any{
		"id": app.GetID(), "slug": app.GetSlug(), "node_id": fmt.Sprintf("A_%d", app.GetID()), "name": app.GetName(),
		"owner": userTemplate(app.GetOwner()), "description": "", "external_url": "https://example.com", "html_url": "https://github.com/apps/" + app.GetSlug(),
		"created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
		"permissions": map[string]any{"issues": "write", "checks": "write"}, "events": app.Events,
	}
}

// viaApp is performed_via_github_app for an object the app wrote, or null.
func (r *repository) viaApp(kind string, id any) any {
	if app, ok := r.writtenBy[rawKey(kind, id)]; ok {
		return appTemplate(app)
	}
	return nil
}
