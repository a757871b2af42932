// Package server wires the GitHub App together: the webhook front door, go-githubapp's scheduler
// and client creator, the evaluation service, health and metrics endpoints, graceful shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/palantir/go-githubapp/appconfig"
	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"
	"github.com/rs/zerolog/hlog"

	"github.com/iec62304-bot/iec62304-bot/internal/config"
	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/frontdoor"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/logfields"
	"github.com/iec62304-bot/iec62304-bot/internal/render"
	"github.com/iec62304-bot/iec62304-bot/internal/reporting"
	"github.com/iec62304-bot/iec62304-bot/internal/telemetry"
	"github.com/iec62304-bot/iec62304-bot/internal/webhook"
)

// WebhookPath is where GitHub delivers webhooks.
const WebhookPath = "/api/github/hook"

// Server is the running GitHub App.
type Server struct {
	cfg     *config.Config
	logger  zerolog.Logger
	clients githubapp.ClientCreator
	budgets *githubio.Budgets
	intake  *intake
	metrics *telemetry.Metrics
	handler http.Handler
	requeue *requeue
	ready   atomic.Bool
	opts    options
}

type options struct {
	retry         evaluation.RetryPolicy
	requeueDelays []time.Duration
	drainTimeout  time.Duration
}

// Option adjusts a Server; tests and the demo use them to run faster.
type Option func(*options)

// WithRetry sets how evaluations are retried after transient GitHub failures.
func WithRetry(p evaluation.RetryPolicy) Option { return func(o *options) { o.retry = p } }

// WithRequeueDelays sets the waits before a delivery that failed on a transient GitHub error is
// handled again, one per try.
func WithRequeueDelays(delays ...time.Duration) Option {
	return func(o *options) { o.requeueDelays = delays }
}

// WithDrainTimeout bounds how long shutdown waits for queued deliveries.
func WithDrainTimeout(d time.Duration) Option { return func(o *options) { o.drainTimeout = d } }

// New builds the server from a validated configuration.
func New(cfg *config.Config, logger zerolog.Logger, opts ...Option) (*Server, error) {
	s := &Server{cfg: cfg, logger: logger, metrics: telemetry.New(),
		opts: options{retry: evaluation.DefaultRetry, requeueDelays: DefaultRequeueDelays, drainTimeout: 30 * time.Second}}
	for _, opt := range opts {
		opt(&s.opts)
	}
	goMetrics := metrics.NewRegistry()
	s.metrics.RegisterGoMetrics(goMetrics)
	clients, err := s.newClientCreator(goMetrics)
	if err != nil {
		return nil, fmt.Errorf("create GitHub client creator: %w", err)
	}
	s.clients = clients
	service := s.newService()
	s.intake = newIntake(githubapp.QueueAsyncScheduler(cfg.Workers.QueueSize, cfg.Workers.Workers,
		githubapp.WithSchedulingMetrics(goMetrics),
		githubapp.WithAsyncErrorCallback(func(ctx context.Context, d githubapp.Dispatch, err error) { s.requeue.failed(ctx, d, err) }),
		githubapp.WithContextDeriver(deriveContext),
	), s.metrics.QueueDepth)
	s.requeue = newRequeue(s.intake, s.opts.requeueDelays, s.metrics.Requeued)
	reports := &reporting.Service{Clients: s.clients, Reader: service.Reader, AppID: cfg.GitHub.App.IntegrationID, Observer: s.metrics.Reports()}
	s.handler = s.routes(webhook.Handlers(cfg.GitHub.App.IntegrationID, service, reports))
	return s, nil
}

func (s *Server) newService() *evaluation.Service {
	settings := s.cfg.AppConfig
	loader := appconfig.NewLoader([]string{settings.Path},
		appconfig.WithOwnerDefault(settings.OrgDefaultRepo, []string{settings.OrgDefaultPath}))
	return &evaluation.Service{
		Clients:   s.clients,
		Reader:    &githubio.Reader{Config: loader, Path: settings.Path},
		Writer:    &githubio.Writer{AppID: s.cfg.GitHub.App.IntegrationID, CommentMarker: render.CommentMarker},
		PublicURL: s.cfg.Server.PublicURL,
		Retry:     s.opts.retry,
		Observer:  s.metrics,
	}
}

func (s *Server) routes(handlers []githubapp.EventHandler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST "+WebhookPath, frontdoor.New(frontdoor.Options{
		Secret:  s.cfg.GitHub.App.WebhookSecret,
		Store:   s.memoryStore(handlers),
		Refused: s.metrics.Delivery,
	}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc(detailsPattern, s.details)
	return hlog.NewHandler(s.logger)(mux)
}

// Run listens on the configured addresses until ctx ends, then shuts down gracefully.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Server.ListenAddress)
	if err != nil {
		return fmt.Errorf("listen on %s (IEC62304_LISTEN_ADDRESS): %w", s.cfg.Server.ListenAddress, err)
	}
	metricsLn, err := net.Listen("tcp", s.cfg.Server.MetricsAddress)
	if err != nil {
		ln.Close()
		return fmt.Errorf("listen on %s (IEC62304_METRICS_ADDRESS): %w", s.cfg.Server.MetricsAddress, err)
	}
	return s.Serve(ctx, ln, metricsLn)
}

// Serve answers webhooks on ln and /metrics on metricsLn until ctx ends; then it stops
// taking deliveries, drains those already accepted (a SIGTERM loses nothing that GitHub was
// told we took), and returns.
func (s *Server) Serve(ctx context.Context, ln, metricsLn net.Listener) error {
	srv := newHTTPServer(s.handler, s.logger)
	stopMetrics := s.serveMetrics(metricsLn)
	defer stopMetrics()
	go s.checkCredentials(ctx)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.logger.Info().Str("address", ln.Addr().String()).Msg("serving GitHub webhooks on " + WebhookPath)
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.ready.Store(false)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.opts.drainTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down HTTP server: %w", err)
	}
	if n := s.requeue.stop(); n > 0 {
		s.logger.Warn().Int("deliveries", n).Msg("stopping with requeued deliveries still waiting; they are not retried")
	}
	if err := s.intake.drain(s.opts.drainTimeout); err != nil {
		return err
	}
	s.logger.Info().Msg("drained the webhook queue; stopped")
	return nil
}

// Ready reports whether the app's credentials were checked against GitHub.
func (s *Server) Ready() bool { return s.ready.Load() }

func (s *Server) readyz(w http.ResponseWriter, _ *http.Request) {
	if !s.ready.Load() {
		http.Error(w, "not ready: GitHub App credentials not verified yet", http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ready")
}

// checkCredentials asks GitHub who the app is (GET /app, signed with the app's private key)
// until it answers, then marks the server ready.
func (s *Server) checkCredentials(ctx context.Context) {
	wait := 500 * time.Millisecond
	for {
		err := s.verifyApp(ctx)
		if err == nil {
			s.ready.Store(true)
			return
		}
		s.logger.Error().Err(err).Msg("GitHub App credentials not verified; retrying")
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 30*time.Second)
	}
}

func (s *Server) verifyApp(ctx context.Context) error {
	client, err := s.clients.NewAppClient()
	if err != nil {
		return fmt.Errorf("create app client: %w", err)
	}
	app, _, err := client.Apps.Get(ctx, "")
	if err != nil {
		return fmt.Errorf("GET /app with GITHUB_APP_INTEGRATION_ID %d: %w", s.cfg.GitHub.App.IntegrationID, err)
	}
	s.logger.Info().Str("app", app.GetSlug()).Int64("app_id", app.GetID()).Msg("GitHub App credentials verified")
	return nil
}

// deriveContext is go-githubapp's default (a fresh context with the delivery's logger) that
// also carries which log fields that logger holds, so later layers do not repeat them.
func deriveContext(ctx context.Context) context.Context {
	return logfields.Carry(ctx, githubapp.DefaultContextDeriver(ctx))
}

// InFlight is the number of accepted deliveries not yet handled (queued or running).
func (s *Server) InFlight() int { return int(s.intake.depth.Load()) }
