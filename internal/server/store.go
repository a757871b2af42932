package server

import (
	"context"
	"errors"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/delivery"
	"github.com/iec62304-bot/iec62304-bot/internal/frontdoor"
	"github.com/iec62304-bot/iec62304-bot/internal/queue"
)

// Outcomes of deliveries the store takes, as counted in iec62304_webhook_deliveries_total;
// the front door counts those it refuses.
const (
	outcomeAccepted = "accepted"
	outcomeIgnored  = "ignored"
)

// store is the front door's store: a delivery for an event some handler takes is stored in the
// work queue (parsed later, by a worker), any other is acknowledged and counted as ignored.
// Routing needs only the event header, so nothing is parsed before GitHub is answered.
func (s *Server) store(handlers []delivery.Handler) frontdoor.StoreFunc {
	handled := map[string]bool{}
	for _, h := range handlers {
		for _, event := range h.Handles() {
			handled[event] = true
		}
	}
	return func(ctx context.Context, d frontdoor.Delivery) error {
		if !handled[d.Event] {
			s.metrics.Delivery(d.Event, outcomeIgnored)
			zerolog.Ctx(ctx).Debug().Msg("event not handled; acknowledged")
			return nil
		}
		err := s.queue.Store(ctx, queue.Delivery{ID: d.ID, Event: d.Event, Payload: d.Payload})
		if errors.Is(err, queue.ErrNotJSON) {
			return fmt.Errorf("%w: %v", frontdoor.ErrMalformed, err)
		}
		if err != nil {
			return err
		}
		s.metrics.Delivery(d.Event, outcomeAccepted)
		return nil
	}
}
