package server

import (
	"context"

	"github.com/iec62304-bot/iec62304-bot/internal/reconcile"
)

// registerReconciler adds the reconciler's jobs to the queue, and schedules its runs every
// configured interval and at start-up, unless it is off.
func (s *Server) registerReconciler() {
	every, _ := s.cfg.Reconciler.Every() // validated with the configuration
	s.reconciler = &reconcile.Reconciler{
		Clients: s.clients, Budgets: s.budgets, Queue: s.queue, Trail: s.trail, AppID: s.cfg.GitHub.App.IntegrationID,
		Settings: reconcile.Settings{Interval: every, RepairsPerRepo: s.cfg.Reconciler.Budget},
		Observer: s.metrics.Reconciler(), Logger: s.logger.With().Str("component", "reconciler").Logger(),
	}
	s.reconciler.Register()
}

// Reconcile asks for a reconciler run now, besides the scheduled ones.
func (s *Server) Reconcile(ctx context.Context) error { return s.reconciler.RunNow(ctx) }
