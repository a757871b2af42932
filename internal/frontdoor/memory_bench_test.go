package frontdoor

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkHostileBodies sends four 24 MB bodies at once, as the attack in issue 8 did, and
// reports how far the heap grew above where it started (peak-heap-MB): with no signature the
// body is never read; with a forged one the budget lets one body in at a time.
func BenchmarkHostileBodies(b *testing.B) {
	for _, tc := range []struct {
		name      string
		signature string
		budget    int64
	}{
		{"unsigned", "", 0},
		{"forged signature", "sha256=" + fmt.Sprintf("%064x", 0), 0},
		{"forged signature without a budget", "sha256=" + fmt.Sprintf("%064x", 0), 1 << 40},
	} {
		b.Run(tc.name, func(b *testing.B) {
			srv := httptest.NewServer(New(Options{Secret: secret, Budget: tc.budget, Store: StoreFunc(func(context.Context, Delivery) error { return nil })}))
			defer srv.Close()
			client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			var peak atomic.Uint64
			base := heapInUse()
			stop := sampleHeap(&peak)
			for i := 0; i < b.N; i++ {
				var wg sync.WaitGroup
				for range 4 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						// An unsigned body is refused unread: the sender may see the connection
						// close before the answer.
						if status := postLarge(b, client, srv.URL, tc.signature, 24<<20); status != http.StatusUnauthorized && (tc.signature != "" || status != 0) {
							b.Errorf("a hostile body was answered %d, want 401", status)
						}
					}()
				}
				wg.Wait()
			}
			stop()
			b.ReportMetric(float64(peak.Load()-min(base, peak.Load()))/(1<<20), "peak-heap-MB")
		})
	}
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// sampleHeap records the highest heap in use until the returned stop is called.
func sampleHeap(peak *atomic.Uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}

// postLarge posts size bytes made on the fly, so the sender itself holds none of them.
func postLarge(b *testing.B, client *http.Client, url, signature string, size int64) int {
	req, err := http.NewRequest(http.MethodPost, url, io.LimitReader(zeros{}, size))
	if err != nil {
		b.Fatal(err)
	}
	req.ContentLength = size
	req.Header.Set("X-GitHub-Event", "pull_request")
	req.Header.Set("X-GitHub-Delivery", "hostile")
	if signature != "" {
		req.Header.Set("X-Hub-Signature-256", signature)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0 // the server may answer and close before the whole body is sent
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
