package githubfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/google/go-github/v62/github"
)

const commentDocs = "https://docs.github.com/rest/issues/comments"

func (s *Server) listComments(w http.ResponseWriter, r *http.Request, repo *repository) {
	n, _ := strconv.Atoi(r.PathValue("number"))
	shaped := make([]json.RawMessage, len(repo.comments[n]))
	for i, c := range repo.comments[n] {
		shaped[i] = shape(commentTemplate(repo, c), c)
	}
	writePage(w, r, shaped)
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request, repo *repository) {
	n, _ := strconv.Atoi(r.PathValue("number"))
	if _, isPull := repo.pulls[n]; !isPull && repo.issues[n] == nil {
		notFound(w)
		return
	}
	var in github.IssueComment
	if !decodeBody(w, r, &in) {
		return
	}
	if in.GetBody() == "" {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", commentDocs+"#create-an-issue-comment")
		return
	}
	if bodyTooLong(w, in.GetBody(), commentDocs+"#create-an-issue-comment") {
		return
	}
	c := s.appComment(repo, n, s.app, in.GetBody())
	writeJSON(w, 201, shape(commentTemplate(repo, c), c))
}

// AddAppComment posts a comment as another GitHub App would: its bot user writes it, and
// performed_via_github_app names that app.
func (s *Server) AddAppComment(owner, repo string, number int, app *github.App, body string) *github.IssueComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return clone(s.appComment(s.repoLocked(owner, repo, "main"), number, app, body))
}

// AddUnattributedAppComment posts a comment as app's bot user with no
// performed_via_github_app, as GitHub shows some comments an app wrote: only its author,
// "<slug>[bot]", says whose it is.
func (s *Server) AddUnattributedAppComment(owner, repo string, number int, app *github.App, body string) *github.IssueComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo, "main")
	c := s.appComment(r, number, app, body)
	delete(r.writtenBy, rawKey("comment", c.GetID()))
	return clone(c)
}

func (s *Server) appComment(repo *repository, n int, app *github.App, body string) *github.IssueComment {
	id := s.id()
	c := &github.IssueComment{
		ID: github.Int64(id), Body: github.String(body), User: botOf(app), CreatedAt: now(), UpdatedAt: now(),
		AuthorAssociation: github.String("NONE"),
		HTMLURL:           github.String(fmt.Sprintf("https://github.com/%s/pull/%d#issuecomment-%d", repo.repo.GetFullName(), n, id)),
		IssueURL:          github.String(fmt.Sprintf("https://api.github.com/repos/%s/issues/%d", repo.repo.GetFullName(), n)),
	}
	repo.comments[n] = append(repo.comments[n], c)
	repo.writtenBy[rawKey("comment", id)] = app
	return c
}

// editComment edits any comment of the repository: an app with issues write permission may
// edit other people's comments on GitHub too, so only the app's own care keeps it from that.
func (s *Server) editComment(w http.ResponseWriter, r *http.Request, repo *repository) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var in github.IssueComment
	if !decodeBody(w, r, &in) {
		return
	}
	for _, comments := range repo.comments {
		for _, c := range comments {
			if c.GetID() != id {
				continue
			}
			if bodyTooLong(w, in.GetBody(), commentDocs+"#update-an-issue-comment") {
				return
			}
			c.Body, c.UpdatedAt = in.Body, now()
			writeJSON(w, 200, shape(commentTemplate(repo, c), c))
			return
		}
	}
	notFound(w)
}
