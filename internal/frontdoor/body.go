package frontdoor

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
	"weak"
)

// chunk is how much of a body is read between two checks of its arrival rate.
const chunk = 64 << 10

// readSigned reads the body, whose length the headers declared, through the HMAC as it
// arrives, and returns it only when it matches sig. Each chunk must arrive by the time a
// client sending at MinRate after Grace would have sent it: a trickling client is cut off and
// gives its room in the budget back long before the server's read timeout.
func (h *Handler) readSigned(w http.ResponseWriter, r *http.Request, sig []byte) ([]byte, *refusal) {
	mac := hmac.New(sha256.New, []byte(h.opts.Secret))
	rc := http.NewResponseController(w)
	body := refusedBodies.get(int(r.ContentLength))
	start := time.Now()
	for read := 0; read < len(body); {
		next := min(len(body), read+chunk)
		due := start.Add(h.opts.Grace + time.Duration(int64(next)*int64(time.Second)/h.opts.MinRate))
		if err := rc.SetReadDeadline(due); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return nil, newRefusal(http.StatusInternalServerError, outcomeIncomplete, "cannot time the body: "+err.Error())
		}
		n, err := io.ReadFull(r.Body, body[read:next])
		mac.Write(body[read : read+n])
		read += n
		if err != nil {
			refusedBodies.put(body)
			return nil, newRefusal(http.StatusRequestTimeout, outcomeIncomplete,
				fmt.Sprintf("body ended or stalled after %d of %d bytes: %v", read, len(body), err))
		}
	}
	if !hmac.Equal(mac.Sum(nil), sig) {
		refusedBodies.put(body)
		return nil, newRefusal(http.StatusUnauthorized, outcomeInvalidSignature,
			"X-Hub-Signature-256 does not match the body: check the webhook secret")
	}
	return body, nil
}

// refusedBodies keeps the buffer of the last large refused body for the next large body, so
// a stream of forged bodies reuses one buffer instead of leaving one per body for the
// collector; the reference is weak, so the buffer still goes at the next collection.
var refusedBodies = bodyPool{min: 1 << 20}

type bodyPool struct {
	min   int
	mu    sync.Mutex
	spare weak.Pointer[[]byte]
}

// get returns a buffer of n bytes, reusing the refused one when it is about that size.
func (p *bodyPool) get(n int) []byte {
	if n >= p.min {
		p.mu.Lock()
		b := p.spare.Value()
		if b != nil && cap(*b) >= n && cap(*b) <= 2*n {
			p.spare = weak.Pointer[[]byte]{}
			p.mu.Unlock()
			return (*b)[:n]
		}
		p.mu.Unlock()
	}
	return make([]byte, n)
}

func (p *bodyPool) put(b []byte) {
	if cap(b) >= p.min {
		p.mu.Lock()
		p.spare = weak.Make(&b)
		p.mu.Unlock()
	}
}
