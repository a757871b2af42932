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
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/config"
	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/queue"
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
	// DatabaseURL is the work queue's database; a second harness given it (and this GitHub)
	// takes over what this one left, as a restarted process does.
	DatabaseURL string

	ownsGitHub bool
	tempDir    string
	stop       context.CancelFunc
	stopped    chan error
	stopOnce   sync.Once
	stopErr    error
}

// Options tune a harness.
type Options struct {
	// Log receives the server's JSON log lines; nil discards them.
	Log io.Writer
	// Queue tunes the work queue (default: QuickQueue).
	Queue *queue.Settings
	// Workers is the number of evaluation workers (default 4).
	Workers int
	// DatabaseURL is the work queue's database (default: SQLite in a temporary folder,
	// removed on Close).
	DatabaseURL string
	// GitHub is the fake GitHub to use (default: a new one, closed on Close).
	GitHub *githubfake.Server
	// NoPublicURL leaves IEC62304_PUBLIC_URL unset, so check runs carry no details URL.
	NoPublicURL bool
	// Login puts the details pages behind GitHub login through the fake's OAuth flow.
	Login bool
	// GitHubOptions configure a new fake GitHub (a benchmark raises its rate limit, say).
	GitHubOptions []githubfake.Option
	// RecordsRetention is IEC62304_RECORDS_RETENTION (default: keep forever).
	RecordsRetention string
	// Reconcile runs the reconciler as configured by default: at start-up and every 15
	// minutes. Off otherwise, so that what a test sees is what its webhooks caused.
	Reconcile bool
	// ReconcileBudget, with Reconcile, bounds the evaluations a run queues per repository.
	ReconcileBudget int
}

// IdleTimeout is how long a test waits for the server to finish its work: far above what a
// healthy run takes, because SQLite under the race detector on a busy two-core machine is
// slow, and a timeout there would fail a correct run (the demo's 40-webhook step once took
// over 2 minutes there, at a load of 25).
const IdleTimeout = 5 * time.Minute

// QuickQueue keeps tests fast: workers look for jobs every 100 ms (inserts wake them sooner), and a failed job is retried
// after 20 ms, doubling to 200 ms, five times in all.
var QuickQueue = queue.Settings{PollInterval: 100 * time.Millisecond, Retry: queue.Backoff{First: 20 * time.Millisecond, Max: 200 * time.Millisecond}, MaxAttempts: 5}

// Start runs a fake GitHub and the server on loopback ports.
func Start(opts Options) (*Harness, error) {
	h := &Harness{GitHub: opts.GitHub, DatabaseURL: opts.DatabaseURL, stopped: make(chan error, 1)}
	if h.GitHub == nil {
		h.GitHub, h.ownsGitHub = githubfake.New(opts.GitHubOptions...), true
	}
	if h.DatabaseURL == "" {
		dir, err := os.MkdirTemp("", "iec62304-harness-")
		if err != nil {
			h.release()
			return nil, fmt.Errorf("database folder: %w", err)
		}
		h.tempDir, h.DatabaseURL = dir, "sqlite://"+filepath.Join(dir, "queue.db")
	}
	if err := h.start(opts); err != nil {
		h.release()
		return nil, err
	}
	return h, nil
}

func (h *Harness) start(opts Options) error {
	cfg, err := serverConfig(h.GitHub.URL(), h.DatabaseURL, opts)
	if err != nil {
		return err
	}
	out := opts.Log
	if out == nil {
		out = io.Discard
	}
	settings := QuickQueue
	if opts.Queue != nil {
		settings = *opts.Queue
	}
	srv, err := server.New(cfg, zerolog.New(out).With().Timestamp().Logger(), server.WithQueue(settings))
	if err != nil {
		return err
	}
	ln, metricsLn, err := listenTwice()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.Server, h.stop = srv, cancel
	h.URL, h.MetricsURL = "http://"+ln.Addr().String(), "http://"+metricsLn.Addr().String()
	h.Sender = githubfake.WebhookSender{URL: h.URL + server.WebhookPath, Secret: WebhookSecret, Client: &http.Client{Timeout: time.Minute}}
	go func() { h.stopped <- srv.Serve(ctx, ln, metricsLn) }()
	if err := h.waitReady(10 * time.Second); err != nil {
		h.Stop()
		return err
	}
	return nil
}

// release closes what the harness made itself.
func (h *Harness) release() {
	if h.ownsGitHub {
		h.GitHub.Close()
	}
	if h.tempDir != "" {
		os.RemoveAll(h.tempDir)
	}
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

// Environment is the environment a server needs to run against the fake GitHub at githubURL
// with its work queue in databaseURL, listening on free loopback ports: what Start configures,
// and what a test gives the real binary it runs as a child process.
func Environment(githubURL, databaseURL string) (map[string]string, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generate app key: %w", err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	return map[string]string{
		"GITHUB_V3_API_URL":         githubURL,
		"GITHUB_V4_API_URL":         githubURL + "graphql",
		"GITHUB_APP_INTEGRATION_ID": fmt.Sprint(AppID),
		"GITHUB_APP_WEBHOOK_SECRET": WebhookSecret,
		"GITHUB_APP_PRIVATE_KEY":    string(pemKey),
		"IEC62304_LISTEN_ADDRESS":   "127.0.0.1:0",
		"IEC62304_METRICS_ADDRESS":  "127.0.0.1:0",
		"IEC62304_DATABASE_URL":     databaseURL,
		"IEC62304_SHUTDOWN_GRACE":   "10s",
		"IEC62304_PUBLIC_URL":       PublicURL,
		// The tests count what their webhooks cause; the reconciler's own tests turn it on.
		"IEC62304_RECONCILE_INTERVAL": "off",
	}, nil
}

// LoginEnvironment is the GitHub login of the app's pages, through the fake GitHub's OAuth
// flow: GitHub's web pages are the fake too.
func LoginEnvironment(githubURL string) map[string]string {
	return map[string]string{
		"GITHUB_WEB_URL":             strings.TrimSuffix(githubURL, "/"),
		"GITHUB_OAUTH_CLIENT_ID":     "Iv1.harness",
		"GITHUB_OAUTH_CLIENT_SECRET": "harness-oauth-secret",
		"IEC62304_SESSION_KEY":       "harness-session-key-0123456789abcdef",
	}
}

func serverConfig(githubURL, databaseURL string, opts Options) (*config.Config, error) {
	env, err := Environment(githubURL, databaseURL)
	if err != nil {
		return nil, err
	}
	if opts.NoPublicURL {
		delete(env, "IEC62304_PUBLIC_URL")
	}
	if opts.RecordsRetention != "" {
		env["IEC62304_RECORDS_RETENTION"] = opts.RecordsRetention
	}
	if opts.Reconcile {
		delete(env, "IEC62304_RECONCILE_INTERVAL")
	}
	if opts.ReconcileBudget > 0 {
		env["IEC62304_RECONCILE_BUDGET"] = fmt.Sprint(opts.ReconcileBudget)
	}
	if opts.Login {
		for k, v := range LoginEnvironment(githubURL) {
			env[k] = v
		}
	}
	cfg, err := config.Load("", func(k string) string { return env[k] })
	if err != nil {
		return nil, fmt.Errorf("harness server config: %w", err)
	}
	cfg.Workers.Workers = 4
	if opts.Workers > 0 {
		cfg.Workers.Workers = opts.Workers
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

// WaitIdle waits until every accepted delivery has been handled: no job waits, runs or waits
// to be retried.
func (h *Harness) WaitIdle(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if h.Server.InFlight() == 0 {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("server still busy after %s: %d jobs unfinished", timeout, h.Server.InFlight())
}

// Stop shuts the server down as SIGTERM does: running jobs finish, waiting ones stay in the
// database; the fake GitHub keeps running so a test can look at what was written.
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

// Close stops the server, and the fake GitHub and the database if the harness made them.
func (h *Harness) Close() error {
	err := h.Stop()
	h.release()
	return err
}
