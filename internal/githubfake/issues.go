package githubfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/google/go-github/v62/github"
)

// Issues, labels and commit statuses: what problem reports (clause 9) and older CI systems use.

func (s *Server) issueRoutes() {
	m := s.mux
	m.HandleFunc("GET /repos/{owner}/{repo}/issues", s.withRepo(s.listIssues))
	m.HandleFunc("POST /repos/{owner}/{repo}/issues", s.withRepo(s.createIssue))
	m.HandleFunc("PATCH /repos/{owner}/{repo}/issues/{number}", s.withRepo(s.editIssue))
	m.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}/labels", s.withIssue(func(w http.ResponseWriter, r *http.Request, _ *repository, is *github.Issue) {
		writePage(w, r, is.Labels)
	}))
	m.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}/events", s.withIssue(func(w http.ResponseWriter, r *http.Request, repo *repository, is *github.Issue) {
		writePage(w, r, append([]*github.IssueEvent{}, repo.events[is.GetNumber()]...))
	}))
	m.HandleFunc("POST /repos/{owner}/{repo}/issues/{number}/labels", s.withIssue(s.addLabels))
	m.HandleFunc("PUT /repos/{owner}/{repo}/issues/{number}/labels", s.withIssue(s.setLabels))
	m.HandleFunc("DELETE /repos/{owner}/{repo}/issues/{number}/labels/{name}", s.withIssue(s.removeLabel))
	m.HandleFunc("GET /repos/{owner}/{repo}/labels", s.withRepo(s.listLabels))
	m.HandleFunc("POST /repos/{owner}/{repo}/labels", s.withRepo(s.createLabel))
	m.HandleFunc("GET /repos/{owner}/{repo}/commits/{ref}/status", s.withRepo(s.combinedStatus))
	m.HandleFunc("GET /repos/{owner}/{repo}/commits/{ref}/statuses", s.withRepo(func(w http.ResponseWriter, r *http.Request, repo *repository) {
		statuses := repo.statuses[r.PathValue("ref")]
		shaped := make([]json.RawMessage, len(statuses))
		for i, st := range statuses {
			shaped[i] = shape(statusTemplate(), st)
		}
		writePage(w, r, shaped)
	}))
	m.HandleFunc("POST /repos/{owner}/{repo}/statuses/{sha}", s.withRepo(s.createStatus))
	m.HandleFunc("GET /orgs/{org}/teams/{slug}/memberships/{user}", s.teamMembership)
}

func (s *Server) withIssue(h func(w http.ResponseWriter, r *http.Request, repo *repository, is *github.Issue)) http.HandlerFunc {
	return s.withRepo(func(w http.ResponseWriter, r *http.Request, repo *repository) {
		n, _ := strconv.Atoi(r.PathValue("number"))
		is, ok := repo.issues[n]
		if !ok {
			notFound(w)
			return
		}
		h(w, r, repo, is)
	})
}

func (s *Server) listIssues(w http.ResponseWriter, r *http.Request, repo *repository) {
	state := r.URL.Query().Get("state")
	if state == "" {
		state = "open"
	}
	var want []string
	if l := r.URL.Query().Get("labels"); l != "" {
		want = strings.Split(l, ",")
	}
	var out []*github.Issue
	for _, n := range sortedKeys(repo.issues) {
		is := repo.issues[n]
		if (state == "all" || is.GetState() == state) && hasLabels(is, want) {
			out = append(out, is)
		}
	}
	shaped := make([]json.RawMessage, len(out))
	for i, is := range out {
		shaped[i] = repo.shapedIssue(is)
	}
	writePage(w, r, shaped)
}

func hasLabels(is *github.Issue, want []string) bool {
	for _, w := range want {
		found := false
		for _, l := range is.Labels {
			found = found || strings.EqualFold(l.GetName(), strings.TrimSpace(w))
		}
		if !found {
			return false
		}
	}
	return true
}

func (s *Server) createIssue(w http.ResponseWriter, r *http.Request, repo *repository) {
	var in github.IssueRequest
	if !decodeBody(w, r, &in) {
		return
	}
	if in.GetTitle() == "" {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", "https://docs.github.com/rest/issues/issues#create-an-issue")
		return
	}
	n := s.nextIssueNumber(repo)
	is := &github.Issue{
		ID: github.Int64(s.id()), Number: github.Int(n), Title: in.Title, Body: in.Body, State: github.String("open"),
		User: s.botUser(), Labels: labelsNamed(in.GetLabels()), CreatedAt: now(), UpdatedAt: now(), Comments: github.Int(0), Locked: github.Bool(false),
	}
	s.fillIssueURLs(repo, is)
	repo.issues[n] = is
	repo.writtenBy[rawKey("issue", n)] = s.app
	writeJSON(w, 201, repo.shapedIssue(is))
}

// nextIssueNumber shares one sequence between issues and pull requests, as GitHub does.
func (s *Server) nextIssueNumber(repo *repository) int {
	n := 1
	for k := range repo.issues {
		n = max(n, k+1)
	}
	for k := range repo.pulls {
		n = max(n, k+1)
	}
	return n
}

func (s *Server) editIssue(w http.ResponseWriter, r *http.Request, repo *repository) {
	n, _ := strconv.Atoi(r.PathValue("number"))
	is, ok := repo.issues[n]
	if !ok {
		notFound(w)
		return
	}
	var in github.IssueRequest
	if !decodeBody(w, r, &in) {
		return
	}
	if in.Title != nil {
		is.Title = in.Title
	}
	if in.Body != nil {
		is.Body = in.Body
	}
	if in.State != nil {
		setIssueState(is, in.GetState())
	}
	if in.Labels != nil {
		is.Labels = labelsNamed(*in.Labels)
	}
	is.UpdatedAt = now()
	writeJSON(w, 200, repo.shapedIssue(is))
}

func (r *repository) shapedIssue(is *github.Issue) json.RawMessage {
	base := issueTemplate()
	if raw, ok := r.raw[rawKey("issue", is.GetNumber())]; ok {
		base = toMap(raw)
	}
	base["performed_via_github_app"] = r.viaApp("issue", is.GetNumber())
	return shape(base, is)
}

func (s *Server) addLabels(w http.ResponseWriter, r *http.Request, repo *repository, is *github.Issue) {
	names, ok := labelNames(w, r)
	if !ok {
		return
	}
	for _, n := range names {
		s.labelLocked(repo, is, n, true, s.botUser())
	}
	writeJSON(w, 200, is.Labels)
}

func (s *Server) setLabels(w http.ResponseWriter, r *http.Request, repo *repository, is *github.Issue) {
	names, ok := labelNames(w, r)
	if !ok {
		return
	}
	for _, l := range slices.Clone(is.Labels) {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, l.GetName()) }) {
			s.labelLocked(repo, is, l.GetName(), false, s.botUser())
		}
	}
	for _, n := range names {
		s.labelLocked(repo, is, n, true, s.botUser())
	}
	is.Labels = labelsNamed(names)
	writeJSON(w, 200, is.Labels)
}

func (s *Server) removeLabel(w http.ResponseWriter, r *http.Request, repo *repository, is *github.Issue) {
	name := r.PathValue("name")
	if hasLabels(is, []string{name}) {
		s.labelLocked(repo, is, name, false, s.botUser())
		writeJSON(w, 200, is.Labels)
		return
	}
	writeError(w, http.StatusNotFound, "Label does not exist", "https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue")
}

// labelNames reads a label request body: {"labels": [...]} or a bare list, as GitHub accepts.
func labelNames(w http.ResponseWriter, r *http.Request) ([]string, bool) {
	var raw json.RawMessage
	if !decodeBody(w, r, &raw) {
		return nil, false
	}
	var names []string
	if json.Unmarshal(raw, &names) == nil {
		return names, true
	}
	var body struct {
		Labels []string `json:"labels"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", "https://docs.github.com/rest/issues/labels")
		return nil, false
	}
	return body.Labels, true
}

func labelsNamed(names []string) []*github.Label {
	out := make([]*github.Label, len(names))
	for i, n := range names {
		out[i] = &github.Label{ID: github.Int64(int64(len(n)*7919 + i)), Name: github.String(n), Color: github.String("ededed"),
			Default: github.Bool(false), Description: github.String(""), NodeID: github.String("LA_" + n),
			URL: github.String("https://api.github.com/labels/" + n)}
	}
	return out
}

func (s *Server) listLabels(w http.ResponseWriter, r *http.Request, repo *repository) {
	writePage(w, r, repo.labels)
}

func (s *Server) createLabel(w http.ResponseWriter, r *http.Request, repo *repository) {
	var in github.Label
	if !decodeBody(w, r, &in) {
		return
	}
	for _, l := range repo.labels {
		if strings.EqualFold(l.GetName(), in.GetName()) {
			writeError(w, http.StatusUnprocessableEntity, "Validation Failed", "https://docs.github.com/rest/issues/labels#create-a-label")
			return
		}
	}
	l := labelsNamed([]string{in.GetName()})[0]
	if in.Color != nil {
		l.Color = in.Color
	}
	if in.Description != nil {
		l.Description = in.Description
	}
	repo.labels = append(repo.labels, l)
	writeJSON(w, 201, l)
}

func (s *Server) createStatus(w http.ResponseWriter, r *http.Request, repo *repository) {
	var in github.RepoStatus
	if !decodeBody(w, r, &in) {
		return
	}
	switch in.GetState() {
	case "error", "failure", "pending", "success":
	default:
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", "https://docs.github.com/rest/commits/statuses#create-a-commit-status")
		return
	}
	sha := r.PathValue("sha")
	st := &github.RepoStatus{ID: github.Int64(s.id()), NodeID: github.String(fmt.Sprintf("SC_%d", s.nextID)), State: in.State,
		Context: github.String(in.GetContext()), Description: in.Description, TargetURL: in.TargetURL, Creator: s.botUser(),
		CreatedAt: now(), UpdatedAt: now(), URL: github.String(fmt.Sprintf("https://api.github.com/repos/%s/statuses/%s", repo.repo.GetFullName(), sha))}
	if st.GetContext() == "" {
		st.Context = github.String("default")
	}
	repo.statuses[sha] = append([]*github.RepoStatus{st}, repo.statuses[sha]...)
	writeJSON(w, 201, shape(statusTemplate(), st))
}

// combinedStatus reduces a commit's statuses as GitHub does: the latest per context; any
// error or failure fails, any pending (or none at all) is pending. The state covers every
// context; the statuses come a page at a time (total_count counts them all).
func (s *Server) combinedStatus(w http.ResponseWriter, r *http.Request, repo *repository) {
	sha := r.PathValue("ref")
	latest := map[string]*github.RepoStatus{}
	var order []*github.RepoStatus
	for _, st := range repo.statuses[sha] {
		if _, seen := latest[st.GetContext()]; !seen {
			latest[st.GetContext()] = st
			order = append(order, st)
		}
	}
	state := "success"
	if len(order) == 0 {
		state = "pending"
	}
	for _, st := range order {
		switch st.GetState() {
		case "error", "failure":
			state = "failure"
		case "pending":
			if state != "failure" {
				state = "pending"
			}
		}
	}
	page, link := pageOf(r, order)
	if link != "" {
		w.Header().Set("Link", link)
	}
	shaped := make([]any, len(page))
	for i, st := range page {
		shaped[i] = shape(statusTemplate(), st)
	}
	writeJSON(w, 200, map[string]any{
		"state": state, "statuses": shaped, "sha": sha, "total_count": len(order), "repository": shape(repoTemplate(repo.repo), repo.repo),
		"commit_url": fmt.Sprintf("https://api.github.com/repos/%s/commits/%s", repo.repo.GetFullName(), sha),
		"url":        fmt.Sprintf("https://api.github.com/repos/%s/commits/%s/status", repo.repo.GetFullName(), sha),
	})
}

func (s *Server) teamMembership(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	members, ok := s.teams[repoKey(r.PathValue("org"), r.PathValue("slug"))]
	if ok {
		for _, m := range members {
			if strings.EqualFold(m.GetLogin(), r.PathValue("user")) {
				writeJSON(w, 200, map[string]any{"url": fmt.Sprintf("https://api.github.com/orgs/%s/teams/%s/memberships/%s", r.PathValue("org"), r.PathValue("slug"), m.GetLogin()),
					"role": "member", "state": "active"})
				return
			}
		}
	}
	notFound(w)
}

func (s *Server) fillIssueURLs(repo *repository, is *github.Issue) {
	api := fmt.Sprintf("https://api.github.com/repos/%s/issues/%d", repo.repo.GetFullName(), is.GetNumber())
	is.URL, is.CommentsURL, is.EventsURL, is.LabelsURL = github.String(api), github.String(api+"/comments"), github.String(api+"/events"), github.String(api+"/labels{/name}")
	is.RepositoryURL = github.String("https://api.github.com/repos/" + repo.repo.GetFullName())
	is.HTMLURL = github.String(fmt.Sprintf("https://github.com/%s/issues/%d", repo.repo.GetFullName(), is.GetNumber()))
	is.NodeID = github.String(fmt.Sprintf("I_%d", is.GetID()))
}

// issueTemplate holds the keys GitHub always sends for an issue, null when unset.
func issueTemplate() map[string]any {
	return map[string]any{"assignee": nil, "assignees": []any{}, "milestone": nil, "closed_at": nil, "body": nil,
		"author_association": "NONE", "active_lock_reason": nil, "state_reason": nil}
}

func statusTemplate() map[string]any {
	return map[string]any{"avatar_url": nil, "description": nil, "target_url": nil}
}
