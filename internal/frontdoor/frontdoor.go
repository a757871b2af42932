// Package frontdoor is the webhook endpoint: it refuses what GitHub did not send before that
// costs memory or parsing, and hands each signed delivery, unparsed, to a store, answering
// GitHub only once the store has it.
package frontdoor

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"
)

// MaxPayload is GitHub's cap on a webhook payload (25 MB); GitHub never sends a larger one.
const MaxPayload = 25 << 20

// Defaults for Options.
const (
	// DefaultBudget bounds the bytes of bodies being read at once: one payload of GitHub's
	// largest size and room for the usual small ones beside it.
	DefaultBudget = 32 << 20
	// DefaultBudgetWait is how long a delivery waits for room in the budget before it is
	// answered 503; GitHub gives up after 10 seconds.
	DefaultBudgetWait = 5 * time.Second
	// DefaultMinRate is the slowest a body may arrive once it holds room in the budget, after
	// DefaultGrace: GitHub sends from a data centre, and a 25 MB body at this rate still
	// arrives within GitHub's own 10-second timeout.
	DefaultMinRate = 4 << 20
	// DefaultGrace is the head start every body gets before DefaultMinRate applies.
	DefaultGrace = 2 * time.Second
)

// Delivery is one webhook as GitHub sent it: the headers that route it, and the payload as
// signed, unparsed.
type Delivery struct {
	Event   string // X-GitHub-Event
	ID      string // X-GitHub-Delivery
	Payload []byte
}

// Store keeps a delivery until it is handled. The front door answers GitHub 2xx only after
// Store returned nil, so a delivery GitHub was told we took is one the store has; an error
// wrapping ErrMalformed is answered 400, any other 503. The store counts the deliveries it
// took (it knows whether it queued, shared or ignored one); the front door counts those it
// refused.
type Store interface {
	Store(ctx context.Context, d Delivery) error
}

// StoreFunc adapts a function to Store.
type StoreFunc func(ctx context.Context, d Delivery) error

// Store calls f.
func (f StoreFunc) Store(ctx context.Context, d Delivery) error { return f(ctx, d) }

// ErrMalformed marks a signed delivery the store cannot take as it is (not the JSON of its
// event): GitHub is answered 400 with the reason, so it shows in the app's delivery log.
var ErrMalformed = errors.New("malformed webhook payload")

// Options configure a Handler. Secret and Store are required.
type Options struct {
	// Secret is the webhook secret the app shares with GitHub.
	Secret string
	Store  Store
	// Refused counts a refused delivery by event and outcome; the event is "unverified" when
	// the refusal came before the signature held, so strangers cannot mint label values.
	Refused func(event, outcome string)
	// Budget is how many bytes of bodies may be held at once (at least MaxPayload).
	Budget int64
	// BudgetWait is how long a delivery waits for room in the budget.
	BudgetWait time.Duration
	// MinRate (bytes per second) and Grace: a body slower than Grace + size/MinRate is cut off,
	// so a client that trickles its body cannot hold the budget.
	MinRate int64
	Grace   time.Duration
	// InFlight, when set, counts the deliveries being received, for the work queue.
	InFlight *InFlight
}

// Handler is the http.Handler for GitHub's webhook deliveries.
type Handler struct {
	opts   Options
	budget *budget
}

// New builds a Handler, filling unset options with the defaults.
func New(opts Options) *Handler {
	if opts.Budget < MaxPayload {
		opts.Budget = max(DefaultBudget, MaxPayload)
	}
	if opts.BudgetWait <= 0 {
		opts.BudgetWait = DefaultBudgetWait
	}
	if opts.MinRate <= 0 {
		opts.MinRate = DefaultMinRate
	}
	if opts.Grace <= 0 {
		opts.Grace = DefaultGrace
	}
	if opts.Refused == nil {
		opts.Refused = func(string, string) {}
	}
	return &Handler{opts: opts, budget: newBudget(opts.Budget)}
}

// ServeHTTP checks the request in the order that costs least: the headers (size, event,
// signature present), then room in the budget, then the body through the HMAC as it arrives;
// only a body whose signature holds reaches the store.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.opts.InFlight != nil {
		defer h.opts.InFlight.enter()()
	}
	event, id := r.Header.Get("X-GitHub-Event"), r.Header.Get("X-GitHub-Delivery")
	logger := zerolog.Ctx(r.Context()).With().
		Str(githubapp.LogKeyEventType, event).Str(githubapp.LogKeyDeliveryID, id).Logger()
	sig, refused := checkHeaders(r)
	if refused != nil {
		h.refuse(w, &logger, unverified, refused)
		return
	}
	release, err := h.budget.reserve(r.Context(), r.ContentLength, h.opts.BudgetWait)
	if err != nil {
		h.refuse(w, &logger, unverified, newRefusal(http.StatusServiceUnavailable, outcomeBusy,
			"too many webhook bodies in flight; redeliver later"))
		return
	}
	defer release()
	payload, refused := h.readSigned(w, r, sig)
	if refused != nil {
		h.refuse(w, &logger, unverified, refused)
		return
	}
	d := Delivery{Event: event, ID: id, Payload: payload}
	if err := h.opts.Store.Store(logger.WithContext(r.Context()), d); err != nil {
		h.refuse(w, &logger, event, storeRefusal(err))
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func storeRefusal(err error) *refusal {
	if errors.Is(err, ErrMalformed) {
		return newRefusal(http.StatusBadRequest, outcomeMalformed, err.Error())
	}
	r := newRefusal(http.StatusServiceUnavailable, outcomeNotStored, "delivery not stored; redeliver it later")
	r.cause = err
	return r
}

func (h *Handler) refuse(w http.ResponseWriter, logger *zerolog.Logger, event string, r *refusal) {
	h.opts.Refused(event, r.outcome)
	level := zerolog.WarnLevel
	if r.cause != nil {
		level = zerolog.ErrorLevel
	}
	logger.WithLevel(level).Err(r.cause).Int("status", r.status).Str("outcome", r.outcome).Msg("webhook refused: " + r.reason)
	http.Error(w, r.reason, r.status)
}
