package githubio

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
)

// Priority orders the work that spends an installation's rate limit.
type Priority int

const (
	// Webhook work (a delivery asked for it) runs while any budget is left.
	Webhook Priority = iota
	// Background work (the reconciler) leaves the last part of the budget to webhook work.
	Background
)

// BackgroundReserve is the share of an installation's hourly budget that background work
// leaves to webhook work: below it, background work waits for the window to reset.
const BackgroundReserve = 0.2

// Budget is an installation's primary rate limit (the core resource) as GitHub last reported it.
type Budget struct {
	Limit, Remaining int
	Reset            time.Time
}

// Budgets tracks each installation's primary rate limit from the X-RateLimit-* headers of
// every answer, so work can slow down before the budget is gone. Safe for concurrent use.
type Budgets struct {
	// Observe, when set, hears every rate-limit report (a metric).
	Observe func(installationID int64, resource string, b Budget)

	mu   sync.Mutex
	core map[int64]Budget
	now  func() time.Time
}

// NewBudgets tracks no installation yet.
func NewBudgets() *Budgets {
	return &Budgets{core: map[int64]Budget{}, now: time.Now}
}

// Budget returns what GitHub last reported for the installation's core budget; false when it
// has reported nothing yet. A window that has reset since counts as full.
func (b *Budgets) Budget(installationID int64) (Budget, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	budget, ok := b.core[installationID]
	if ok && !b.now().Before(budget.Reset) {
		budget.Remaining = budget.Limit
	}
	return budget, ok
}

// Wait says how long work of priority p for the installation should wait before calling
// GitHub: 0 to go now, else until the window resets. Webhook work waits only when nothing is
// left; background work also when less than BackgroundReserve of the budget is.
func (b *Budgets) Wait(installationID int64, p Priority) time.Duration {
	budget, ok := b.Budget(installationID)
	if !ok {
		return 0
	}
	floor := 1
	if p == Background {
		floor = max(1, int(float64(budget.Limit)*BackgroundReserve))
	}
	if budget.Remaining >= floor {
		return 0
	}
	return max(budget.Reset.Sub(b.now()), 0)
}

// record reads an answer's rate-limit headers.
func (b *Budgets) record(installationID int64, h http.Header) {
	limit, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	remaining, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	reset, err3 := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return
	}
	budget := Budget{Limit: limit, Remaining: remaining, Reset: time.Unix(reset, 0)}
	resource := h.Get("X-RateLimit-Resource")
	if resource == "" || resource == "core" {
		resource = "core"
		b.mu.Lock()
		b.core[installationID] = budget
		b.mu.Unlock()
	}
	if b.Observe != nil {
		b.Observe(installationID, resource, budget)
	}
}

// Track wraps a client creator so that every installation client reports GitHub's
// rate-limit headers here. Wrap the plain creator, under go-githubapp's caching one, so
// each installation's client is wrapped once.
func (b *Budgets) Track(delegate githubapp.ClientCreator) githubapp.ClientCreator {
	return &trackingClients{ClientCreator: delegate, budgets: b}
}

type trackingClients struct {
	githubapp.ClientCreator
	budgets *Budgets
}

func (c *trackingClients) NewInstallationClient(installationID int64) (*github.Client, error) {
	client, err := c.ClientCreator.NewInstallationClient(installationID)
	if err != nil {
		return nil, err
	}
	httpClient := client.Client() // a copy, with the same transport
	next := httpClient.Transport
	httpClient.Transport = roundTripper(func(r *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(r)
		if resp != nil {
			c.budgets.record(installationID, resp.Header)
		}
		return resp, err
	})
	tracked := github.NewClient(httpClient)
	tracked.BaseURL, tracked.UploadURL, tracked.UserAgent = client.BaseURL, client.UploadURL, client.UserAgent
	return tracked, nil
}
