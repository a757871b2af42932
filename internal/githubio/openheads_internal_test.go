package githubio

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
)

// listingGate counts the listings of open pull requests that reach GitHub and holds the first
// one until released, so that others can be made to ask while it is under way.
type listingGate struct {
	listings atomic.Int32
	release  chan struct{}
	once     sync.Once
}

func (g *listingGate) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/repos/"+testOwner+"/"+testRepo+"/pulls" {
		if g.listings.Add(1) == 1 {
			<-g.release
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

const testOwner, testRepo = "acme-medical", "infusion-pump"

func openHeadsSetup(t *testing.T) (*github.Client, *listingGate, string) {
	t.Helper()
	fake := githubfake.New()
	t.Cleanup(fake.Close)
	snap, err := snapshot.LoadDir("../../testdata/snapshots/class-b-pass")
	if err != nil {
		t.Fatal(err)
	}
	if owner, repo := snap.BaseRepo(); owner != testOwner || repo != testRepo {
		t.Fatalf("snapshot is of %s/%s", owner, repo)
	}
	fake.AddSnapshot(snap)
	gate := &listingGate{release: make(chan struct{})}
	client := github.NewClient(&http.Client{Transport: gate})
	client.BaseURL, _ = url.Parse(fake.URL())
	return client, gate, snap.HeadSHA()
}

// Those who ask while a listing is under way share the next one: it begins after each of them
// asked, so it is as fresh for each as a listing of its own would be.
func TestOpenHeadsShareTheListingThatBeginsAfterTheyAsked(t *testing.T) {
	client, gate, sha := openHeadsSetup(t)
	var heads OpenHeads
	ctx := context.Background()
	const waiting = 3
	results := make(chan []int, 1+waiting)
	ask := func() {
		numbers, err := heads.With(ctx, client, testOwner, testRepo, sha)
		if err != nil {
			t.Error(err)
		}
		results <- numbers
	}
	go ask() // its listing is held at the gate
	for gate.listings.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	for range waiting {
		go ask()
	}
	for heads.users(testOwner+"/"+testRepo) < 1+waiting {
		time.Sleep(time.Millisecond)
	}
	close(gate.release)
	for range 1 + waiting {
		if got := <-results; !slices.Equal(got, []int{21}) {
			t.Errorf("open pulls with the head = %v, want [21]", got)
		}
	}
	if n := gate.listings.Load(); n != 2 {
		t.Errorf("%d listings for %d callers, want 2: the first, and one shared by the %d that waited", n, 1+waiting, waiting)
	}
	if n := heads.users(testOwner + "/" + testRepo); n != 0 {
		t.Errorf("%d users left: the repository's listing should be forgotten", n)
	}
}

// A listing that ended before the call began is never reused: each call sees GitHub's state
// after it asked.
func TestOpenHeadsNeverAnswersFromAnEarlierListing(t *testing.T) {
	client, gate, sha := openHeadsSetup(t)
	close(gate.release)
	var heads OpenHeads
	for range 3 {
		if _, err := heads.With(context.Background(), client, testOwner, testRepo, sha); err != nil {
			t.Fatal(err)
		}
	}
	if n := gate.listings.Load(); n != 3 {
		t.Errorf("%d listings for 3 calls one after another, want 3", n)
	}
}

// users is how many callers use or wait for a repository's listing.
func (o *OpenHeads) users(key string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	if l := o.repos[key]; l != nil {
		return l.users
	}
	return 0
}

// Each page is read every time, but decoded again only when GitHub's answer changed; a change
// (here a second pull request on the same head) is seen at once.
func TestOpenHeadsDecodeAPageAgainOnlyWhenItChanged(t *testing.T) {
	fake := githubfake.New()
	t.Cleanup(fake.Close)
	snap, err := snapshot.LoadDir("../../testdata/snapshots/class-b-pass")
	if err != nil {
		t.Fatal(err)
	}
	fake.AddSnapshot(snap)
	client := github.NewClient(nil)
	client.BaseURL, _ = url.Parse(fake.URL())
	var heads OpenHeads
	ask := func() []int {
		t.Helper()
		numbers, err := heads.With(context.Background(), client, testOwner, testRepo, snap.HeadSHA())
		if err != nil {
			t.Fatal(err)
		}
		return numbers
	}
	first := ask()
	decoded := heads.keptPage(t)
	if again := ask(); !slices.Equal(again, first) || &heads.keptPage(t)[0] != &decoded[0] {
		t.Errorf("unchanged list: got %v, decoded again %v", again, &heads.keptPage(t)[0] != &decoded[0])
	}
	sibling := *snap
	pull := *snap.Pull
	pull.Number = github.Int(22)
	sibling.Pull, sibling.Raw = &pull, nil
	fake.AddSnapshot(&sibling)
	if got := ask(); !slices.Equal(got, []int{21, 22}) {
		t.Errorf("after a second pull request on the head: %v, want [21 22]", got)
	}
}

// keptPage is the one decoded page kept.
func (o *OpenHeads) keptPage(t *testing.T) []openHead {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.pages) != 1 {
		t.Fatalf("%d pages kept, want 1", len(o.pages))
	}
	for _, p := range o.pages {
		return p.heads
	}
	return nil
}
