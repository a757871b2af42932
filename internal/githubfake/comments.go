package githubfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/google/go-github/v62/github"
)

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
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", "https://docs.github.com/rest/issues/comments#create-an-issue-comment")
		return
	}
	id := s.id()
	c := &github.IssueComment{
		ID: github.Int64(id), Body: in.Body, User: s.botUser(), CreatedAt: now(), UpdatedAt: now(),
		AuthorAssociation: github.String("NONE"),
		HTMLURL:           github.String(fmt.Sprintf("https://github.com/%s/pull/%d#issuecomment-%d", repo.repo.GetFullName(), n, id)),
		IssueURL:          github.String(fmt.Sprintf("https://api.github.com/repos/%s/issues/%d", repo.repo.GetFullName(), n)),
	}
	repo.comments[n] = append(repo.comments[n], c)
	repo.writtenBy[rawKey("comment", id)] = s.app
	writeJSON(w, 201, shape(commentTemplate(repo, c), c))
}

func (s *Server) editComment(w http.ResponseWriter, r *http.Request, repo *repository) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var in github.IssueComment
	if !decodeBody(w, r, &in) {
		return
	}
	for _, comments := range repo.comments {
		for _, c := range comments {
			if c.GetID() == id {
				c.Body, c.UpdatedAt = in.Body, now()
				writeJSON(w, 200, shape(commentTemplate(repo, c), c))
				return
			}
		}
	}
	notFound(w)
}
