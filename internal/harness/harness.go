// Package harness runs the real iec62304-bot server against the fake GitHub on loopback, with
// a webhook sender: the rig shared by the integration tests, the offline demo and benchmarks.
package harness

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/config"
	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/server"
)

// Identity of the app the harness plays.
const (
	AppID          int64 = 62304
	InstallationID int64 = 4242
	WebhookSecret        = "harness-webhook-secret"
	PublicURL            = "https://iec62304-bot.example.com"
)

// Harness is a running server wired to a fake GitHub.
type Harness struct {
	GitHub *githubfake.Server
	Server *server.Server
	// URL is the server's base URL on loopback.
	URL string
	// MetricsURL is the base URL of the server's metrics listener.
	MetricsURL string
	Sender     githubfake.WebhookSender

	stop     context.CancelFunc
	stopped  chan error
	stopOnce sync.Once
	stopErr  error
}

// Options tune a harness.
type Options struct {
	// Log receives the server's JSON log lines; nil discards them.
	Log io.Writer
	// Retry overrides the server's retry policy (tests keep backoffs short).
	Retry *evaluation.RetryPolicy
	// Workers is the size of the server's worker pool (default 4).
	Workers int
	// QueueSize is how many deliveries may wait for a worker (default: the server's).
	QueueSize int
	// RequeueDelays are the waits before a delivery that failed on a transient GitHub error is
	// tried again (default: a tenth of a second, then a second).
	RequeueDelays []time.Duration
	// NoPublicURL leaves IEC62304_PUBLIC_URL unset, so check runs carry no details URL.
	NoPublicURL bool
	// GitHub configures the fake GitHub (a benchmark raises its rate limit, say).
	GitHub []githubfake.Option
}

// Start runs a fake GitHub and the server on loopback ports.
func Start(opts Options) (*Harness, error) {
	fake := githubfake.New(opts.GitHub...)
	cfg, err := serverConfig(fake.URL(), opts)
	if err != nil {
		fake.Close()
		return nil, err
	}
	out := opts.Log
	if out == nil {
		out = io.Discard
	}
	retry := evaluation.RetryPolicy{Attempts: 4, Backoff: 20 * time.Millisecond, MaxWait: 200 * time.Millisecond, MaxRetryAfter: 3 * time.Second}
	if opts.Retry != nil {
		retry = *opts.Retry
	}
	requeue := opts.RequeueDelays
	if requeue == nil {
		requeue = []time.Duration{100 * time.Millisecond, time.Second}
	}
	srv, err := server.New(cfg, zerolog.New(out).With().Timestamp().Logger(), server.WithRetry(retry),
		server.WithRequeueDelays(requeue...), server.WithDrainTimeout(10*time.Second))
	if err != nil {
		fake.Close()
		return nil, err
	}
	ln, metricsLn, err := listenTwice()
	if err != nil {
		fake.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &Harness{GitHub: fake, Server: srv, URL: "http://" + ln.Addr().String(), MetricsURL: "http://" + metricsLn.Addr().String(),
		stop: cancel, stopped: make(chan error, 1)}
	h.Sender = githubfake.WebhookSender{URL: h.URL + server.WebhookPath, Secret: WebhookSecret, Client: &http.Client{Timeout: 10 * time.Second}}
	go func() { h.stopped <- srv.Serve(ctx, ln, metricsLn) }()
	if err := h.waitReady(10 * time.Second); err != nil {
		h.Close()
		return nil, err
	}
	return h, nil
}

// listenTwice opens the webhook and the metrics listeners on loopback ports.
func listenTwice() (webhooks, metrics net.Listener, err error) {
	if webhooks, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		return nil, nil, fmt.Errorf("listen on loopback: %w", err)
	}
	if metrics, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		webhooks.Close()
		return nil, nil, fmt.Errorf("listen on loopback: %w", err)
	}
	return webhooks, metrics, nil
}

func serverConfig(githubURL string, opts Options) (*config.Config, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generate app key: %w", err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	workers := opts.Workers
	if workers == 0 {
		workers = 4
	}
	env := map[string]string{
		"GITHUB_V3_API_URL":         githubURL,
		"GITHUB_V4_API_URL":         githubURL + "graphql",
		"GITHUB_APP_INTEGRATION_ID": fmt.Sprint(AppID),
		"GITHUB_APP_WEBHOOK_SECRET": WebhookSecret,
		"GITHUB_APP_PRIVATE_KEY":    string(pemKey),
		"IEC62304_LISTEN_ADDRESS":   "127.0.0.1:0",
		"IEC62304_METRICS_ADDRESS":  "127.0.0.1:0",
	}
	if !opts.NoPublicURL {
		env["IEC62304_PUBLIC_URL"] = PublicURL
	}
	cfg, err := config.Load("", func(k string) string { return env[k] })
	if err != nil {
		return nil, fmt.Errorf("harness server config: %w", err)
	}
	cfg.Workers.Workers = workers
	if opts.QueueSize > 0 {
		cfg.Workers.QueueSize = opts.QueueSize
	}
	return cfg, nil
}

func (h *Harness) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if h.Server.Ready() {
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	return errors.New("server did not become ready: GET /app against the fake GitHub failed")
}

// Send delivers one signed webhook and returns the HTTP status the server answered.
func (h *Harness) Send(ctx context.Context, event, deliveryID string, payload any) (int, error) {
	resp, err := h.Sender.Send(ctx, event, deliveryID, payload)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// WaitIdle waits until every accepted delivery has been handled.
func (h *Harness) WaitIdle(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if h.Server.InFlight() == 0 {
			return nil
		}
		time.Sleep(2 * time.Millisecond)
	}
	return fmt.Errorf("server still busy after %s: %d deliveries in flight", timeout, h.Server.InFlight())
}

// Stop shuts the server down as SIGTERM does, draining accepted deliveries; the fake GitHub
// keeps running so a test can look at what was written.
func (h *Harness) Stop() error {
	h.stopOnce.Do(func() {
		// A connection the sender dialled but never used looks new to the server, and
		// Shutdown waits five seconds for such a connection before it counts as idle.
		h.Sender.Client.CloseIdleConnections()
		h.stop()
		h.stopErr = <-h.stopped
	})
	return h.stopErr
}

// Close stops the server and the fake GitHub.
func (h *Harness) Close() error {
	err := h.Stop()
	h.GitHub.Close()
	return err
}
