package githubio_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
)

func TestResponseCacheKeepsWithinItsBytes(t *testing.T) {
	c := githubio.NewResponseCache(10)
	c.Set("a", []byte("aaaa"))
	c.Set("b", []byte("bbbb"))
	c.Get("a") // a is now the most recently used
	c.Set("c", []byte("cccc"))
	if _, ok := c.Get("b"); ok {
		t.Error("b, the least recently used, was kept over the cap")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.Get(k); !ok {
			t.Errorf("%s evicted", k)
		}
	}
	c.Set("a", []byte("a"))
	c.Set("huge", []byte(strings.Repeat("x", 11)))
	c.Delete("c")
	if _, ok := c.Get("huge"); ok || c.Size() != 1 {
		t.Errorf("an answer larger than the cap was stored, or sizes drifted: %d bytes", c.Size())
	}
}

// cachingClients is the app's client creator over the fake: one shared cache, every read
// revalidated, budgets tracked.
func cachingClients(t *testing.T, fake *githubfake.Server, budgets *githubio.Budgets) githubapp.ClientCreator {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	plain := githubapp.NewClientCreator(fake.URL(), fake.URL()+"graphql", githubfake.DefaultAppID, pemKey,
		githubio.CachingOptions(githubio.NewResponseCache(githubio.DefaultCacheBytes))...)
	clients, err := githubapp.NewCachingClientCreator(budgets.Track(plain), 10)
	if err != nil {
		t.Fatal(err)
	}
	return clients
}

// Every read is conditional and costs nothing when unchanged, across installations and
// tokens; a change is seen at once, although GitHub said the answer may be kept 60 s.
func TestEveryReadIsRevalidated(t *testing.T) {
	fake, _, snap := setup(t, "class-c-pass")
	fake.AddSnapshot(snap)
	clients := cachingClients(t, fake, githubio.NewBudgets())
	ctx := context.Background()
	read := func(installation int64) (*github.PullRequest, githubfake.Call) {
		t.Helper()
		client, err := clients.NewInstallationClient(installation)
		if err != nil {
			t.Fatal(err)
		}
		fake.ResetCalls()
		pr, _, err := client.PullRequests.Get(ctx, owner, repo, 31)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range fake.Calls() {
			if c.Auth == "token" {
				return pr, c
			}
		}
		t.Fatal("no call with an installation token")
		return nil, githubfake.Call{}
	}
	if _, first := read(1); first.Conditional || first.RateLimitUnits() != 1 {
		t.Errorf("first read: %+v", first)
	}
	if _, again := read(1); !again.Conditional || again.Status != 304 || again.RateLimitUnits() != 0 {
		t.Errorf("unchanged read: %+v, want a free 304", again)
	}
	if _, other := read(2); other.Status != 304 {
		t.Errorf("another installation's read of the same answer: %+v, want a 304 (the cache is shared, its token differs)", other)
	}
	changed := *snap.Pull
	changed.Title = github.String("Dose rounding, reworked")
	snap.Pull = &changed
	fake.ReplacePull(snap)
	if pr, fresh := read(1); pr.GetTitle() != "Dose rounding, reworked" || fresh.Status != 200 {
		t.Errorf("after a change: title %q, %+v; want the new title at once", pr.GetTitle(), fresh)
	}
}

// A whole evaluation's reads, repeated with nothing changed, cost nothing; large paged
// answers are stored too.
func TestUnchangedFetchCostsNothing(t *testing.T) {
	fake, _, snap := setup(t, "class-c-pass")
	for i := range 250 {
		snap.Files = append(snap.Files, &github.CommitFile{Filename: github.String(fmt.Sprintf("dose/gen/table_%03d.go", i)), Status: github.String("added")})
	}
	snap.Raw = nil
	fake.AddSnapshot(snap)
	client, err := cachingClients(t, fake, githubio.NewBudgets()).NewInstallationClient(4242)
	if err != nil {
		t.Fatal(err)
	}
	reader := githubio.NewReader()
	for round := range 3 {
		fake.ResetCalls()
		if _, err := reader.Fetch(context.Background(), client, owner, repo, 31); err != nil {
			t.Fatal(err)
		}
		if units := githubfake.RateLimitUnits(fake.Calls()); round > 0 && units != 0 {
			t.Errorf("round %d cost %d units, want 0", round, units)
		}
	}
}

func TestBudgets(t *testing.T) {
	fake := githubfake.New(githubfake.WithRateLimit(10, time.Hour))
	t.Cleanup(fake.Close)
	fake.AddRepo(owner, repo, "main")
	budgets := githubio.NewBudgets()
	var heard []string
	budgets.Observe = func(id int64, resource string, b githubio.Budget) {
		heard = append(heard, fmt.Sprintf("%d %s %d/%d", id, resource, b.Remaining, b.Limit))
	}
	clients := cachingClients(t, fake, budgets)
	if _, known := budgets.Budget(7); known || budgets.Wait(7, githubio.Background) != 0 {
		t.Error("an installation never heard of has a budget or must wait")
	}
	client, _ := clients.NewInstallationClient(7)
	for i := 1; i <= 10; i++ {
		_, _, _ = client.Issues.Get(context.Background(), owner, repo, i) // no such issue: a charged 404
		b, _ := budgets.Budget(7)
		background, webhook := budgets.Wait(7, githubio.Background), budgets.Wait(7, githubio.Webhook)
		if b.Remaining != 10-i || (background > 0) != (b.Remaining < 2) || (webhook > 0) != (b.Remaining == 0) || background > time.Hour+time.Second { // GitHub's reset is a whole second
			t.Errorf("after %d calls (%d left): background waits %s, webhook waits %s", i, b.Remaining, background, webhook)
		}
	}
	if _, other := budgets.Budget(8); other {
		t.Error("installation 8 has a budget from installation 7's calls")
	}
	if len(heard) != 10 || heard[0] != "7 core 9/10" {
		t.Errorf("observed %v", heard)
	}
}

// A secondary rate limit without Retry-After holds the installation's client back for a
// minute, as GitHub asks, not until the primary window resets an hour later.
func TestSecondaryLimitWithoutRetryAfterWaitsAMinute(t *testing.T) {
	fake, _, snap := setup(t, "class-b-pass")
	fake.AddSnapshot(snap)
	fake.InjectFault(githubfake.Fault{Endpoint: "GET /repos/{owner}/{repo}/pulls/{number}", Status: 403, Secondary: true, Times: 1})
	client, err := cachingClients(t, fake, githubio.NewBudgets()).NewInstallationClient(4242)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = client.PullRequests.Get(context.Background(), owner, repo, 21)
	var secondary *github.AbuseRateLimitError
	if !errors.As(err, &secondary) || secondary.GetRetryAfter() != time.Minute {
		t.Fatalf("error %v, want a secondary limit lasting a minute", err)
	}
	if wait, _ := githubio.RetryAfter(err); wait != time.Minute {
		t.Errorf("RetryAfter = %s, want a minute", wait)
	}
	// go-github now refuses on its own, for that minute only.
	_, _, err = client.PullRequests.Get(context.Background(), owner, repo, 21)
	if wait, transient := githubio.RetryAfter(err); !transient || wait > time.Minute || wait < 50*time.Second {
		t.Errorf("the next call: %v, wait %s; want a refusal for the rest of the minute", err, wait)
	}
}
