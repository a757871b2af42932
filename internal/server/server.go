// Package server wires the GitHub App together: the webhook front door, the durable work queue
// and its workers, go-githubapp's client creator, the evaluation service, health and metrics
// endpoints, graceful shutdown.
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

	"github.com/iec62304-bot/iec62304-bot/internal/buildinfo"
	"github.com/iec62304-bot/iec62304-bot/internal/config"
	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/frontdoor"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/queue"
	"github.com/iec62304-bot/iec62304-bot/internal/reconcile"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
	"github.com/iec62304-bot/iec62304-bot/internal/render"
	"github.com/iec62304-bot/iec62304-bot/internal/reporting"
	"github.com/iec62304-bot/iec62304-bot/internal/telemetry"
	"github.com/iec62304-bot/iec62304-bot/internal/webhook"
	"github.com/iec62304-bot/iec62304-bot/policies"
)

// WebhookPath is where GitHub delivers webhooks.
const WebhookPath = "/api/github/hook"

// SchemaPath is where the app serves the policy file's JSON Schema, for an editor's
// "# yaml-language-server: $schema=<public URL>/iec62304.schema.json" line.
const SchemaPath = "/" + policies.SchemaName

// servePolicySchema answers with the schema of the bot's own version, so an editor checks the
// file against the keys this deployment accepts.
func servePolicySchema(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/schema+json")
	w.Write(policies.Schema) //nolint:errcheck // the client went away; nothing to tell it
}

// Server is the running GitHub App.
type Server struct {
	cfg     *config.Config
	logger  zerolog.Logger
	clients githubapp.ClientCreator
	budgets *githubio.Budgets
	reader  *githubio.Reader
	queue   *queue.Queue
	trail   *records.Store
	metrics *telemetry.Metrics
	// reconciler repairs the check runs webhooks missed.
	reconciler *reconcile.Reconciler
	handler    http.Handler
	// inFlight counts the deliveries the front door is receiving: jobs let it go first.
	inFlight frontdoor.InFlight
	ready    atomic.Bool
	// slug is the app's slug, from GET /app once the credentials are verified.
	slug atomic.Pointer[string]
	opts options
}

type options struct {
	queue queue.Settings
}

// Option adjusts a Server; tests and the demo use them to run faster.
type Option func(*options)

// WithQueue tunes the work queue (backoff, poll interval, timeouts); the configuration's
// worker count still applies.
func WithQueue(settings queue.Settings) Option { return func(o *options) { o.queue = settings } }

// New builds the server from a validated configuration: it opens the database and brings its
// schema up to date, and registers the job kinds; Serve starts working them.
func New(cfg *config.Config, logger zerolog.Logger, opts ...Option) (*Server, error) {
	s := &Server{cfg: cfg, logger: logger, metrics: telemetry.New()}
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
	if err := s.openQueue(); err != nil {
		return nil, err
	}
	if s.trail, err = s.openTrail(context.Background()); err != nil {
		s.queue.Close()
		return nil, fmt.Errorf("open the audit trail: %w", err)
	}
	service := s.newService()
	s.reader = service.Reader
	reports := &reporting.Service{Clients: s.clients, Reader: service.Reader, AppID: cfg.GitHub.App.IntegrationID, AppSlug: s.appSlug, Observer: s.metrics.Reports(),
		Guard: s.queue, Trail: service.Trail}
	handlers := webhook.Handlers(cfg.GitHub.App.IntegrationID, queuedEvaluations{Service: service, queue: s.queue}, queuedReports{Service: reports, queue: s.queue})
	queue.Register(s.queue, queue.NewDeliveryWorker(s.queue, handlers))
	queue.Register(s.queue, &queue.EvaluateWorker{Queue: s.queue, Evaluator: service})
	queue.Register(s.queue, &queue.MergedWorker{Queue: s.queue, Reports: reports})
	s.pruneRecords()
	s.registerReconciler()
	if s.handler, err = s.routes(handlers); err != nil {
		s.queue.Close()
		return nil, err
	}
	return s, nil
}

// githubTimeout bounds one GitHub call, well inside the queue's job timeout.
const githubTimeout = 15 * time.Second

func (s *Server) openQueue() error {
	settings := s.opts.queue
	settings.EvaluationWorkers = s.cfg.Workers.Workers
	settings.Classify = githubio.RetryAfter
	settings.Observer = s.metrics
	settings.Yield = s.inFlight.Busy
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	q, err := queue.Open(ctx, s.cfg.Database.URL, s.logger, settings)
	if err != nil {
		return fmt.Errorf("open the work queue (IEC62304_DATABASE_URL): %w", err)
	}
	s.queue = q
	return nil
}

// queuedEvaluations is what the webhook handlers call: their lookups go to GitHub, their
// evaluations into the queue, so a delivery's handler only decides what to evaluate.
type queuedEvaluations struct {
	*evaluation.Service
	queue *queue.Queue
}

// Evaluate queues an evaluation of t (see queue.Queue.Evaluate).
func (q queuedEvaluations) Evaluate(ctx context.Context, t evaluation.Target) error {
	return q.queue.Evaluate(ctx, t)
}

// queuedReports is the handlers' problem-report work: a merge's goes into the queue as a job
// of its own (see queue.MergedArgs), the rest is done while the delivery is handled.
type queuedReports struct {
	*reporting.Service
	queue *queue.Queue
}

// Merged queues the work of a merge.
func (q queuedReports) Merged(ctx context.Context, m reporting.Merge) error {
	return q.queue.Merged(ctx, m)
}

func (s *Server) newService() *evaluation.Service {
	settings := s.cfg.AppConfig
	loader := appconfig.NewLoader([]string{settings.Path},
		appconfig.WithOwnerDefault(settings.OrgDefaultRepo, []string{settings.OrgDefaultPath}))
	return &evaluation.Service{
		Clients:    s.clients,
		Reader:     &githubio.Reader{Config: loader, Path: settings.Path},
		Writer:     &githubio.Writer{AppID: s.cfg.GitHub.App.IntegrationID, AppSlug: s.appSlug, CommentMarker: render.CommentMarker},
		PublicURL:  s.cfg.Server.PublicURL,
		BotVersion: buildinfo.Read().String(),
		Observer:   s.metrics,
		Locks:      s.queue,
		Trail:      auditTrail{store: s.trail, version: buildinfo.Read().String()},
	}
}

func (s *Server) routes(handlers []delivery.Handler) (http.Handler, error) {
	mux := http.NewServeMux()
	mux.Handle("POST "+WebhookPath, frontdoor.New(frontdoor.Options{
		Secret:   s.cfg.GitHub.App.WebhookSecret,
		Store:    s.store(handlers),
		Refused:  s.metrics.Delivery,
		InFlight: &s.inFlight,
	}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("GET "+SchemaPath, servePolicySchema)
	if err := s.pages(mux); err != nil {
		return nil, err
	}
	return hlog.NewHandler(s.logger)(mux), nil
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

// Serve works the queue, and answers webhooks on ln and /metrics on metricsLn, until ctx ends
// (SIGTERM). Then it stops working jobs, giving running ones the configured grace before it
// cancels them (they stay in the database and run again after a restart, here or on another
// replica), while the front door still stores deliveries; then it closes the listeners and the
// database. Nothing GitHub was told we took is lost.
func (s *Server) Serve(ctx context.Context, ln, metricsLn net.Listener) error {
	if err := s.queue.Start(context.WithoutCancel(ctx)); err != nil {
		s.queue.Close()
		return err
	}
	srv := newHTTPServer(s.handler, s.logger)
	stopMetrics := s.serveMetrics(metricsLn)
	defer stopMetrics()
	go s.checkCredentials(ctx)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.logger.Info().Str("address", ln.Addr().String()).Msg("serving GitHub webhooks on " + WebhookPath)
	select {
	case err := <-errc:
		s.queue.StopWorking(0)
		s.queue.Close()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.ready.Store(false)
	s.logger.Info().Dur("grace", s.cfg.Server.ShutdownGrace).Msg("stopping: finishing running jobs; deliveries are still stored")
	s.queue.StopWorking(s.cfg.Server.ShutdownGrace)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	s.queue.Close()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down HTTP server: %w", err)
	}
	s.logger.Info().Msg("stopped; unfinished jobs wait in the database")
	return nil
}

// Ready reports whether the app's credentials were checked against GitHub.
func (s *Server) Ready() bool { return s.ready.Load() }

// readyz is ready once the app's credentials were verified and while the database answers.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if !s.ready.Load() {
		http.Error(w, "not ready: GitHub App credentials not verified yet, or shutting down", http.StatusServiceUnavailable)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.queue.Ping(ctx); err != nil {
		http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
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
	slug := app.GetSlug()
	s.slug.Store(&slug)
	s.logger.Info().Str("app", app.GetSlug()).Int64("app_id", app.GetID()).Msg("GitHub App credentials verified")
	return nil
}

// appSlug is the app's slug once GET /app has said it, else "".
func (s *Server) appSlug() string {
	if slug := s.slug.Load(); slug != nil {
		return *slug
	}
	return ""
}

// InFlight is the number of jobs not yet finished: waiting, running, or waiting to be retried.
func (s *Server) InFlight() int {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	n, err := s.queue.Unfinished(ctx)
	if err != nil {
		return -1
	}
	return n
}
