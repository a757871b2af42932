package server

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/frontdoor"
	"github.com/iec62304-bot/iec62304-bot/internal/logfields"
)

// Outcomes of stored deliveries, as counted in iec62304_webhook_deliveries_total; the front
// door counts those it refuses.
const (
	outcomeAccepted  = "accepted"
	outcomeIgnored   = "ignored"
	outcomeCoalesced = "coalesced"
)

// memoryStore takes a signed delivery into the in-memory intake and its queue, which the
// durable queue replaces: a delivery for an event no handler takes is acknowledged and
// counted as ignored, one that shares a queued evaluation as coalesced.
func (s *Server) memoryStore(handlers []githubapp.EventHandler) frontdoor.StoreFunc {
	byEvent := map[string]githubapp.EventHandler{}
	for _, h := range handlers {
		for _, event := range h.Handles() {
			byEvent[event] = h
		}
	}
	return func(ctx context.Context, d frontdoor.Delivery) error {
		ctx = logfields.With(ctx, subjectOf(d.Payload))
		logger := zerolog.Ctx(ctx)
		logger.Info().Msg("Received webhook event")
		handler, ok := byEvent[d.Event]
		if !ok {
			s.metrics.Delivery(d.Event, outcomeIgnored)
			logger.Debug().Msg("event not handled; acknowledged")
			return nil
		}
		err := s.intake.Schedule(ctx, githubapp.Dispatch{Handler: handler, EventType: d.Event, DeliveryID: d.ID, Payload: d.Payload})
		switch {
		case err == nil:
			s.metrics.Delivery(d.Event, outcomeAccepted)
		case errors.Is(err, errCoalesced):
			s.metrics.Delivery(d.Event, outcomeCoalesced)
			logger.Debug().Msg("a delivery for this pull request is already queued; sharing its evaluation")
		default:
			return err
		}
		return nil
	}
}

// subjectOf reads the fields every app event shares; a payload that is not JSON names nothing
// (the intake refuses it).
func subjectOf(payload []byte) logfields.Subject {
	var p struct {
		Installation struct {
			ID int64 `json:"id"`
		} `json:"installation"`
		Repository struct {
			Name  string `json:"name"`
			Owner struct {
				Login string `json:"login"`
			} `json:"owner"`
		} `json:"repository"`
		PullRequest struct {
			Number int `json:"number"`
		} `json:"pull_request"`
	}
	if json.Unmarshal(payload, &p) != nil {
		return logfields.Subject{}
	}
	return logfields.Subject{InstallationID: p.Installation.ID, Owner: p.Repository.Owner.Login, Repo: p.Repository.Name, Number: p.PullRequest.Number}
}
