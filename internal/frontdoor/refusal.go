package frontdoor

import (
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
)

// Outcomes of refused deliveries, as the Refused callback receives them.
const (
	outcomeTooLarge         = "too_large"
	outcomeLengthRequired   = "length_required"
	outcomeNoEvent          = "missing_event"
	outcomeNoDelivery       = "missing_delivery"
	outcomeNoSignature      = "missing_signature"
	outcomeInvalidSignature = "invalid_signature"
	outcomeBusy             = "busy"
	outcomeIncomplete       = "incomplete_body"
	outcomeMalformed        = "malformed"
	outcomeNotStored        = "not_stored"
)

// unverified is the event label of a refusal made before the signature held.
const unverified = "unverified"

// refusal is an answer other than 2xx: its status, the outcome counted, and the reason the
// sender reads in the body.
type refusal struct {
	status  int
	outcome string
	reason  string
	cause   error // a fault of ours, logged, never shown to the sender
}

func newRefusal(status int, outcome, reason string) *refusal {
	return &refusal{status: status, outcome: outcome, reason: reason}
}

// checkHeaders refuses, from the headers alone, what cannot be a GitHub delivery this app
// takes, and returns the X-Hub-Signature-256 digest to check the body against.
func checkHeaders(r *http.Request) ([]byte, *refusal) {
	switch {
	case r.ContentLength > MaxPayload:
		return nil, newRefusal(http.StatusRequestEntityTooLarge, outcomeTooLarge,
			fmt.Sprintf("body of %d bytes is over GitHub's 25 MB webhook cap", r.ContentLength))
	case r.ContentLength < 0:
		// GitHub always sends Content-Length; a body of unknown length could not be given
		// room in the budget before it is read.
		return nil, newRefusal(http.StatusLengthRequired, outcomeLengthRequired, "Content-Length header required")
	case r.Header.Get("X-GitHub-Event") == "":
		return nil, newRefusal(http.StatusBadRequest, outcomeNoEvent, "missing X-GitHub-Event header")
	case r.Header.Get("X-GitHub-Delivery") == "":
		return nil, newRefusal(http.StatusBadRequest, outcomeNoDelivery, "missing X-GitHub-Delivery header")
	}
	sig := r.Header.Get("X-Hub-Signature-256")
	if sig == "" {
		reason := "missing X-Hub-Signature-256 header: set a webhook secret in the GitHub App"
		if r.Header.Get("X-Hub-Signature") != "" {
			reason = "missing X-Hub-Signature-256 header: SHA-1 signatures (X-Hub-Signature) are not accepted"
		}
		return nil, newRefusal(http.StatusUnauthorized, outcomeNoSignature, reason)
	}
	digest, err := hex.DecodeString(strings.TrimPrefix(sig, "sha256="))
	if !strings.HasPrefix(sig, "sha256=") || err != nil || len(digest) != 32 {
		return nil, newRefusal(http.StatusUnauthorized, outcomeInvalidSignature,
			"X-Hub-Signature-256 is not sha256= and 64 hex digits")
	}
	return digest, nil
}
