package server

import (
	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
)

// newClientCreator builds the GitHub clients. Every read is a conditional request against
// one response cache shared by all installations (a 304 costs no rate limit), and every
// installation's rate-limit budget is tracked in s.budgets.
func (s *Server) newClientCreator(goMetrics metrics.Registry) (githubapp.ClientCreator, error) {
	s.budgets = githubio.NewBudgets()
	s.budgets.Observe = func(installationID int64, resource string, b githubio.Budget) {
		s.metrics.RateLimit(installationID, resource, b.Remaining, b.Limit)
	}
	gh := s.cfg.GitHub
	opts := append([]githubapp.ClientOption{githubapp.WithClientUserAgent("iec62304-bot"), githubapp.WithClientTimeout(githubTimeout)},
		githubio.CachingOptions(githubio.NewResponseCache(githubio.DefaultCacheBytes),
			githubapp.ClientMetrics(goMetrics),
			githubapp.ClientLogging(zerolog.DebugLevel),
			s.metrics.InstrumentTransport,
		)...)
	plain := githubapp.NewClientCreator(gh.V3APIURL, gh.V4APIURL, gh.App.IntegrationID, []byte(gh.App.PrivateKey), opts...)
	return githubapp.NewCachingClientCreator(s.budgets.Track(plain), githubapp.DefaultCachingClientCapacity)
}

// Budgets is every installation's rate-limit budget, as GitHub last reported it: work that
// can wait (the reconciler) asks it before calling GitHub.
func (s *Server) Budgets() *githubio.Budgets { return s.budgets }
