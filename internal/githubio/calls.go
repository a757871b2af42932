package githubio

import (
	"net/http"
	"sync/atomic"

	"github.com/google/go-github/v62/github"
)

// CallCounter counts the requests that reach GitHub through every transport it wraps, for a
// command or page that says how many API calls it made.
type CallCounter struct{ calls atomic.Int64 }

// Wrap counts each request next makes; it fits githubapp.WithClientMiddleware.
func (c *CallCounter) Wrap(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return roundTripper(func(r *http.Request) (*http.Response, error) {
		c.calls.Add(1)
		return next.RoundTrip(r)
	})
}

// Count is how many requests were made so far.
func (c *CallCounter) Count() int { return int(c.calls.Load()) }

// Counted is client, same credentials and API, with every request it makes counted.
func (c *CallCounter) Counted(client *github.Client) *github.Client {
	hc := client.Client()
	hc.Transport = c.Wrap(hc.Transport)
	counted := github.NewClient(hc)
	counted.BaseURL, counted.UploadURL, counted.UserAgent = client.BaseURL, client.UploadURL, client.UserAgent
	return counted
}
