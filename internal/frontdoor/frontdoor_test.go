package frontdoor

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
)

const secret = "front-door-test-secret"

// recorder is a Store that keeps what it was given and answers err.
type recorder struct {
	mu    sync.Mutex
	got   []Delivery
	err   error
	count map[string]int // refusals by event and outcome
}

func (r *recorder) Store(_ context.Context, d Delivery) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		r.got = append(r.got, d)
	}
	return r.err
}

func (r *recorder) refused(event, outcome string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.count[event+" "+outcome]++
}

func (r *recorder) stored() []Delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Delivery(nil), r.got...)
}

func serve(t *testing.T, opts Options) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{count: map[string]int{}}
	opts.Secret, opts.Store, opts.Refused = secret, rec, rec.refused
	srv := httptest.NewServer(New(opts))
	t.Cleanup(srv.Close)
	return srv, rec
}

// request is a webhook written by hand on a raw connection, so a test can send what no
// well-behaved client would: a length it never sends, a body in drips.
type request struct {
	headers map[string]string
	length  int64 // Content-Length; -1 sends the body chunked
	body    string
}

func signed(event, body string) request {
	return request{headers: map[string]string{"X-GitHub-Event": event, "X-GitHub-Delivery": "d-1",
		"X-Hub-Signature-256": githubfake.Sign(secret, []byte(body))}, length: int64(len(body)), body: body}
}

func (q request) with(header, value string) request {
	h := map[string]string{}
	for k, v := range q.headers {
		h[k] = v
	}
	if value == "" {
		delete(h, header)
	} else {
		h[header] = value
	}
	q.headers = h
	return q
}

// send writes q's headers and as much of its body as it has, then reads the answer.
func send(t *testing.T, url string, q request) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "POST /api/github/hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n")
	for k, v := range q.headers {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	if q.length < 0 {
		fmt.Fprintf(&b, "Transfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n", len(q.body), q.body)
	} else {
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", q.length, q.body)
	}
	if _, err := io.WriteString(conn, b.String()); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(body))
}

func sha1Signature(body string) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(body))
	return "sha1=" + hex.EncodeToString(mac.Sum(nil))
}

func TestRefusals(t *testing.T) {
	const body = `{"action":"opened"}`
	good := signed("pull_request", body)
	tests := []struct {
		name    string
		req     request
		status  int
		reason  string
		outcome string
	}{
		{"no signature", good.with("X-Hub-Signature-256", ""), 401, "missing X-Hub-Signature-256 header", "missing_signature"},
		{"a valid SHA-1 signature only", good.with("X-Hub-Signature-256", "").with("X-Hub-Signature", sha1Signature(body)), 401,
			"SHA-1 signatures (X-Hub-Signature) are not accepted", "missing_signature"},
		{"signed with another secret", good.with("X-Hub-Signature-256", githubfake.Sign("another-secret-entirely", []byte(body))), 401,
			"does not match the body", "invalid_signature"},
		{"signature not sha256", good.with("X-Hub-Signature-256", "sha1=abcd"), 401, "not sha256= and 64 hex digits", "invalid_signature"},
		{"signature over another body", request{headers: good.headers, length: int64(len(body)), body: strings.ToUpper(body)}, 401,
			"does not match the body", "invalid_signature"},
		{"no event", good.with("X-GitHub-Event", ""), 400, "missing X-GitHub-Event header", "missing_event"},
		{"no delivery id", good.with("X-GitHub-Delivery", ""), 400, "missing X-GitHub-Delivery header", "missing_delivery"},
		{"over GitHub's cap, refused before the body", request{headers: good.headers, length: MaxPayload + 1}, 413,
			"over GitHub's 25 MB webhook cap", "too_large"},
		{"no length", request{headers: good.headers, length: -1, body: body}, 411, "Content-Length header required", "length_required"},
		{"body shorter than its length", request{headers: good.headers, length: int64(len(body)) + 10, body: body}, 408,
			"body ended or stalled", "incomplete_body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, rec := serve(t, Options{Grace: 200 * time.Millisecond})
			status, reason := send(t, srv.URL, tt.req)
			if status != tt.status || !strings.Contains(reason, tt.reason) {
				t.Errorf("answer %d %q, want %d containing %q", status, reason, tt.status, tt.reason)
			}
			if got := rec.stored(); len(got) != 0 {
				t.Errorf("a refused delivery was stored: %+v", got)
			}
			if rec.count["unverified "+tt.outcome] != 1 {
				t.Errorf("refusals counted %v, want one unverified %s", rec.count, tt.outcome)
			}
		})
	}
}

func TestSignedDeliveryIsStoredAsSent(t *testing.T) {
	srv, rec := serve(t, Options{})
	body := `{"action":"opened","number":7}` + strings.Repeat(" ", 3*chunk) // spans several chunks
	status, _ := send(t, srv.URL, signed("pull_request", body))
	if status != http.StatusAccepted {
		t.Fatalf("status %d, want 202", status)
	}
	got := rec.stored()
	if len(got) != 1 || got[0].Event != "pull_request" || got[0].ID != "d-1" || string(got[0].Payload) != body {
		t.Errorf("stored %+v, want the delivery as sent", got)
	}
}

func TestStoreFailureIsNeverAnAcceptance(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		reason string
	}{
		{"malformed payload", fmt.Errorf("%w: pull_request: no installation.id", ErrMalformed), 400, "no installation.id"},
		{"store down", errors.New("database is locked"), 503, "delivery not stored; redeliver it later"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, rec := serve(t, Options{})
			rec.err = tt.err
			status, reason := send(t, srv.URL, signed("pull_request", `{}`))
			if status != tt.status || !strings.Contains(reason, tt.reason) {
				t.Errorf("answer %d %q, want %d containing %q", status, reason, tt.status, tt.reason)
			}
			if strings.Contains(reason, "database") {
				t.Errorf("the answer tells a stranger about our internals: %q", reason)
			}
		})
	}
}

// Clients that declare GitHub's largest bodies and then trickle them take the whole budget
// for a moment only: they are cut off at the slowest rate GitHub could send, and a valid
// delivery waiting behind them is taken, not refused.
func TestTricklingClientsCannotStarveAValidDelivery(t *testing.T) {
	opts := Options{Budget: MaxPayload, Grace: 300 * time.Millisecond, BudgetWait: 5 * time.Second}
	srv, rec := serve(t, opts)
	var wg sync.WaitGroup
	stalled := make(chan int, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, _ := send(t, srv.URL, request{headers: signed("pull_request", "x").headers, length: 24 << 20, body: "{"})
			stalled <- status
		}()
	}
	time.Sleep(50 * time.Millisecond) // the trickling clients hold the budget
	if status, reason := send(t, srv.URL, signed("pull_request", `{"valid":true}`)); status != http.StatusAccepted {
		t.Errorf("valid delivery answered %d %q behind trickling clients, want 202", status, reason)
	}
	wg.Wait()
	close(stalled)
	for status := range stalled {
		if status != http.StatusRequestTimeout {
			t.Errorf("a trickling client was answered %d, want 408", status)
		}
	}
	if len(rec.stored()) != 1 {
		t.Errorf("stored %d deliveries, want the valid one", len(rec.stored()))
	}
}

// While a delivery is being received the front door is busy (the work queue lets it go first),
// and once it is answered it is not.
func TestInFlightCountsTheDeliveriesBeingReceived(t *testing.T) {
	var inFlight InFlight
	busyWhileStored := false
	srv := httptest.NewServer(New(Options{Secret: secret, InFlight: &inFlight,
		Store: StoreFunc(func(context.Context, Delivery) error { busyWhileStored = inFlight.Busy(); return nil })}))
	status, _ := send(t, srv.URL, signed("pull_request", `{"action":"opened"}`))
	srv.Close() // waits for the handler to return
	if status != http.StatusAccepted {
		t.Fatalf("status %d, want 202", status)
	}
	if !busyWhileStored || inFlight.Busy() {
		t.Errorf("busy while stored %v, busy after the answer %v; want true, false", busyWhileStored, inFlight.Busy())
	}
}
