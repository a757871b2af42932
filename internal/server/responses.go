package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"
)

// Delivery outcomes, as counted in iec62304_webhook_deliveries_total.
const (
	outcomeAccepted         = "accepted"
	outcomeIgnored          = "ignored"
	outcomeCoalesced        = "coalesced"
	outcomeInvalidSignature = "invalid_signature"
	outcomeMalformed        = "malformed"
	outcomeQueueFull        = "queue_full"
	outcomeError            = "error"
)

// onDeliveryAccepted answers 202 for every delivery: handled ones are queued, not yet done.
func (s *Server) onDeliveryAccepted(w http.ResponseWriter, r *http.Request, event string, handled bool) {
	outcome := outcomeAccepted
	if !handled {
		outcome = outcomeIgnored
		zerolog.Ctx(r.Context()).Debug().Msg("event not handled; acknowledged")
	}
	s.metrics.Delivery(event, outcome)
	w.WriteHeader(http.StatusAccepted)
}

// onDeliveryError tells GitHub (and whoever reads its delivery log) exactly what was wrong:
// 401 for a bad signature, 400 for a malformed delivery, 503 when the queue is full. A
// delivery that shares a queued evaluation is no error: it is accepted (202).
func (s *Server) onDeliveryError(w http.ResponseWriter, r *http.Request, err error) {
	event := r.Header.Get("X-GitHub-Event")
	logger := zerolog.Ctx(r.Context())
	var invalid githubapp.ValidationError
	switch {
	case errors.Is(err, errCoalesced):
		s.metrics.Delivery(event, outcomeCoalesced)
		logger.Debug().Msg("a delivery for this pull request is already queued; sharing its evaluation")
		w.WriteHeader(http.StatusAccepted)
	case errors.As(err, &invalid) && isSignatureError(invalid.Cause):
		s.reject(w, event, outcomeInvalidSignature, http.StatusUnauthorized, "invalid webhook signature")
		logger.Warn().Err(invalid.Cause).Msg("rejected webhook: signature does not match the webhook secret")
	case errors.As(err, &invalid), errors.Is(err, errMalformedPayload):
		s.reject(w, event, outcomeMalformed, http.StatusBadRequest, "malformed webhook: "+err.Error())
		logger.Warn().Err(err).Msg("rejected malformed webhook")
	case errors.Is(err, githubapp.ErrCapacityExceeded):
		s.reject(w, event, outcomeQueueFull, http.StatusServiceUnavailable, "queue full, retry later")
		logger.Error().Msg("webhook queue full: delivery refused")
	default:
		s.reject(w, event, outcomeError, http.StatusInternalServerError, "internal error")
		logger.Error().Err(err).Msg("unexpected error taking webhook")
	}
}

func (s *Server) reject(w http.ResponseWriter, event, outcome string, status int, msg string) {
	s.metrics.Delivery(event, outcome)
	http.Error(w, msg, status)
}

// isSignatureError recognises go-github's ValidatePayload signature failures, which are
// untyped errors.
func isSignatureError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "signature") || strings.Contains(msg, "hash type")
}
