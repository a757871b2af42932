package reporting_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/palantir/go-githubapp/githubapp"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/keylock"
	"github.com/iec62304-bot/iec62304-bot/internal/reporting"
)

const owner, name = "acme-medical", "infusion-pump"

// gather holds each answer to a search for earlier reports until `want` searches have their
// answers, or until `wait` has passed: deliveries that search at the same moment then surely
// all find nothing, unless something makes the second search wait for the first one's create.
type gather struct {
	want    int
	wait    time.Duration
	mu      sync.Mutex
	waiting int
	open    chan struct{}
}

// gate is one client's transport through the shared gather.
type gate struct {
	next http.RoundTripper
	*gather
}

func (g gate) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := g.next.RoundTrip(r)
	if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/issues") {
		g.mu.Lock()
		if g.waiting++; g.waiting == g.want {
			close(g.open)
		}
		g.mu.Unlock()
		select { // the answer is in; hold it until the other search has its answer too
		case <-g.open:
		case <-time.After(g.wait):
		}
	}
	return resp, err
}

// noGuard lets every delivery through at once: what the service would do without its guard.
type noGuard struct{}

func (noGuard) Lock(context.Context, string) (func(), error) { return func() {}, nil }

func concurrentMerges(t *testing.T, guard keylock.Locker) int {
	t.Helper()
	fake := githubfake.New()
	defer fake.Close()
	if err := fake.LoadSnapshot("../../testdata/snapshots/class-c-fail"); err != nil {
		t.Fatal(err)
	}
	fake.MergePull(owner, name, 32, "admin-alice")
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	// Two searches meeting is a race; the wait only bounds how long the first one waits
	// when the guard keeps the second away (it never decides the outcome).
	const deliveries = 3
	g := &gather{want: 2, wait: 3 * time.Second, open: make(chan struct{})}
	clients := githubapp.NewClientCreator(fake.URL(), fake.URL()+"graphql", githubfake.DefaultAppID, pemKey,
		githubapp.WithClientMiddleware(func(next http.RoundTripper) http.RoundTripper { return gate{next, g} }))
	svc := &reporting.Service{Clients: clients, Reader: githubio.NewReader(), AppID: githubfake.DefaultAppID, Guard: guard}
	var wg sync.WaitGroup
	for range deliveries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := svc.Merged(context.Background(), reporting.Merge{Repo: reporting.Repo{InstallationID: 1, Owner: owner, Name: name, DefaultBranch: "main"}, Number: 32}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	return len(fake.Issues(owner, name)) - 1 // the snapshot's linked issue #53 is no report
}

// Deliveries of one merge handled at the same moment file one report: the guard makes
// find-then-create one step per cause. Without it, the same run files several, which shows
// the test can tell.
func TestConcurrentDeliveriesFileOneReport(t *testing.T) {
	if n := concurrentMerges(t, nil); n != 1 {
		t.Errorf("%d reports from concurrent deliveries of one merge, want 1", n)
	}
	if n := concurrentMerges(t, noGuard{}); n < 2 {
		t.Errorf("without the guard, %d reports: the test no longer makes the deliveries race", n)
	}
}
