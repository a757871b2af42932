package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/iec62304-bot/iec62304-bot/internal/logfields"
)

// maxPayload is GitHub's cap on a webhook payload (25 MB).
const maxPayload = 25 << 20

// withDeliverySubject names the installation, repository and pull request a webhook is about on
// the request's logger before go-githubapp's dispatcher logs its first line, so every line of a
// delivery carries them. The payload is not verified yet: on a rejected delivery the fields say
// what the sender claimed, which is what an operator wants to see.
func (s *Server) withDeliverySubject(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPayload))
		if err != nil {
			s.reject(w, r.Header.Get("X-GitHub-Event"), outcomeMalformed, http.StatusBadRequest, "read webhook payload: "+err.Error())
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		ctx := logfields.With(r.Context(), subjectOf(body))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// subjectOf reads the fields every app event shares; a payload that is not JSON names nothing
// (the dispatcher rejects it).
func subjectOf(payload []byte) logfields.Subject {
	var p struct {
		Installation struct {
			ID int64 `json:"id"`
		} `json:"installation"`
		Repository struct {
			Name  string `json:"name"`
			Owner struct {
				Login string `json:"login"`
			} `json:"owner"`
		} `json:"repository"`
		PullRequest struct {
			Number int `json:"number"`
		} `json:"pull_request"`
	}
	if json.Unmarshal(payload, &p) != nil {
		return logfields.Subject{}
	}
	return logfields.Subject{InstallationID: p.Installation.ID, Owner: p.Repository.Owner.Login, Repo: p.Repository.Name, Number: p.PullRequest.Number}
}
