package reconcile

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"testing"
	"time"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/riverqueue/river"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
)

type stops map[string]int

func (stops) Examined()            {}
func (stops) Repaired(string)      {}
func (s stops) Stopped(why string) { s[why]++ }

// When webhook work has spent the installation's budget down to the part kept for it, the
// reconciler reads nothing more for that installation: a run skips it, and a pass over one of
// its repositories ends before its first read.
func TestReconcilerLeavesTheLastOfTheRateLimitToWebhooks(t *testing.T) {
	fake := githubfake.New(githubfake.WithRateLimit(10, time.Hour))
	defer fake.Close()
	const owner, repo = githubfake.DefaultAccount, "infusion-pump"
	fake.AddRepo(owner, repo, "main")
	key, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	budgets := githubio.NewBudgets()
	clients := budgets.Track(githubapp.NewClientCreator(fake.URL(), fake.URL()+"graphql", githubfake.DefaultAppID, pemKey))
	ctx := context.Background()
	client, err := clients.NewInstallationClient(githubfake.DefaultInstallationID)
	if err != nil {
		t.Fatal(err)
	}
	for range 9 { // webhook work: 1 of 10 left, under the fifth kept for it
		if _, _, err := client.Repositories.Get(ctx, owner, repo); err != nil {
			t.Fatal(err)
		}
	}
	if budgets.Wait(githubfake.DefaultInstallationID, githubio.Webhook) != 0 {
		t.Fatal("webhook work made to wait with budget left")
	}

	stopped := stops{}
	r := &Reconciler{Clients: clients, Budgets: budgets, AppID: githubfake.DefaultAppID, Settings: Settings{}.withDefaults(), Observer: stopped, Logger: zerolog.Nop()}
	fake.ResetCalls()
	if err := (&runWorker{r: r}).Work(ctx, &river.Job[RunArgs]{}); err != nil {
		t.Fatal(err)
	}
	p := &pass{r: r, args: RepoArgs{InstallationID: githubfake.DefaultInstallationID, Owner: owner, Repo: repo}}
	if err := p.run(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range fake.Calls() {
		if c.Installation != 0 {
			t.Errorf("the reconciler spent the installation's last calls: %s %s", c.Method, c.Path)
		}
	}
	if p.stop != "rate_limit" || stopped["rate_limit"] != 2 {
		t.Errorf("pass stopped %q, %v stops counted; want the run and the pass stopped by the rate limit", p.stop, stopped)
	}
}
