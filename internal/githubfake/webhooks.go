package githubfake

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/google/go-github/v62/github"
)

// WebhookSender delivers webhooks the way GitHub does: JSON body, event and delivery headers,
// and HMAC signatures made with the webhook secret.
type WebhookSender struct {
	URL    string
	Secret string
	Client *http.Client
}

// Send delivers one webhook. payload is JSON-encoded, or sent as is when it is []byte.
func (w WebhookSender) Send(ctx context.Context, event, deliveryID string, payload any) (*http.Response, error) {
	body, ok := payload.([]byte)
	if !ok {
		var err error
		if body, err = json.Marshal(payload); err != nil {
			return nil, fmt.Errorf("encode %s webhook: %w", event, err)
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("build %s webhook: %w", event, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "GitHub-Hookshot/fake")
	req.Header.Set("X-GitHub-Event", event)
	req.Header.Set("X-GitHub-Delivery", deliveryID)
	req.Header.Set("X-Hub-Signature-256", Sign(w.Secret, body))
	req.Header.Set("X-Hub-Signature", signSHA1(w.Secret, body))
	client := w.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("deliver %s webhook %s: %w", event, deliveryID, err)
	}
	return resp, nil
}

// Sign returns the X-Hub-Signature-256 value GitHub sends for body.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func signSHA1(secret string, body []byte) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write(body)
	return "sha1=" + hex.EncodeToString(mac.Sum(nil))
}

// PullRequestEvent builds a pull_request webhook for a pull request as the fake holds it.
func (s *Server) PullRequestEvent(action, owner, repo string, number int, installationID int64) *github.PullRequestEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, pr := s.pullLocked(owner, repo, number)
	return &github.PullRequestEvent{
		Action: github.String(action), Number: github.Int(number), PullRequest: pr, Repo: clone(r.repo),
		Sender: pr.GetUser(), Installation: installation(installationID),
	}
}

// PullRequestReviewEvent builds a pull_request_review webhook.
func (s *Server) PullRequestReviewEvent(action, owner, repo string, number int, review *github.PullRequestReview, installationID int64) *github.PullRequestReviewEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, pr := s.pullLocked(owner, repo, number)
	return &github.PullRequestReviewEvent{
		Action: github.String(action), Review: clone(review), PullRequest: pr, Repo: clone(r.repo),
		Sender: review.GetUser(), Installation: installation(installationID),
	}
}

// CheckRunEvent builds a check_run webhook for a run on a pull request's head. As on GitHub,
// it names the pull request only when the head is a branch of the base repository.
func (s *Server) CheckRunEvent(action, owner, repo string, number int, run *github.CheckRun, installationID int64) *github.CheckRunEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, pr := s.pullLocked(owner, repo, number)
	run = clone(run)
	run.PullRequests = []*github.PullRequest{}
	if !fromFork(r, pr) {
		run.PullRequests = []*github.PullRequest{{ID: pr.ID, Number: pr.Number, URL: pr.URL,
			Head: &github.PullRequestBranch{Ref: pr.GetHead().Ref, SHA: pr.GetHead().SHA, Repo: clone(r.repo)},
			Base: &github.PullRequestBranch{Ref: pr.GetBase().Ref, SHA: pr.GetBase().SHA, Repo: clone(r.repo)}}}
	}
	return &github.CheckRunEvent{Action: github.String(action), CheckRun: run, Repo: clone(r.repo),
		Sender: &github.User{Login: github.String("ci[bot]"), Type: github.String("Bot")}, Installation: installation(installationID)}
}

// StatusEvent builds a status webhook: a commit status (legacy CI) on a pull request's head.
func (s *Server) StatusEvent(owner, repo string, number int, context, state string, installationID int64) *github.StatusEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, pr := s.pullLocked(owner, repo, number)
	return &github.StatusEvent{SHA: pr.GetHead().SHA, Context: github.String(context), State: github.String(state), Repo: clone(r.repo),
		Sender: &github.User{Login: github.String("jenkins"), Type: github.String("User")}, Installation: installation(installationID)}
}

// IssuesEvent builds an issues webhook for an issue as the fake holds it.
func (s *Server) IssuesEvent(action, owner, repo string, number int, installationID int64) *github.IssuesEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo, "main")
	return &github.IssuesEvent{Action: github.String(action), Issue: clone(r.issues[number]), Repo: clone(r.repo),
		Installation: installation(installationID)}
}

// SetIssueLabels replaces an issue's labels (an approver labelling a change request).
func (s *Server) SetIssueLabels(owner, repo string, number int, labels ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo, "main")
	issue := r.issues[number]
	if issue == nil {
		issue = &github.Issue{Number: github.Int(number), State: github.String("open"), Title: github.String(fmt.Sprintf("Issue %d", number))}
		r.issues[number] = issue
	}
	issue.Labels = nil
	for _, l := range labels {
		issue.Labels = append(issue.Labels, &github.Label{Name: github.String(l)})
	}
}

func (s *Server) pullLocked(owner, repo string, number int) (*repository, *github.PullRequest) {
	r := s.repoLocked(owner, repo, "main")
	p, ok := r.pulls[number]
	if !ok {
		panic(fmt.Sprintf("githubfake: no pull request %s/%s#%d seeded", owner, repo, number))
	}
	return r, clone(p.pr)
}

func installation(id int64) *github.Installation {
	return &github.Installation{ID: github.Int64(id), NodeID: github.String(fmt.Sprintf("MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u%d", id))}
}
