package server_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// Shape of the burst in issue 8, item 1.
const (
	burstDeliveries = 2000
	burstSenders    = 64
	burstPulls      = 200
)

// githubLatency is how long the fake GitHub takes over each answer during the burst. GitHub's
// REST API answers in tens to hundreds of milliseconds, so the evaluation workers mostly wait;
// a fake that answers at once turns them into a CPU load no deployment has, on the two cores
// the front door needs. Zero measures that worst case.
var githubLatency = flag.Duration("github-latency", 50*time.Millisecond, "how long the fake GitHub takes over each answer in BenchmarkBurstAcknowledgement")

// BenchmarkBurstAcknowledgement sends a burst of 2000 signed deliveries for 200 pull requests
// from 64 concurrent senders on loopback, to the real server and, the same way in the same
// run, to a trivial Go handler that reads the body and answers 202. It reports the time to
// the answer (p50, p99) of both, their p99 ratio, how many deliveries were refused, and how
// many evaluations each pull request cost once the burst's work was done (coalescing).
//
//	go test -run XXX -bench BurstAcknowledgement -benchtime 3x ./internal/server/ [-args -github-latency 0]
func BenchmarkBurstAcknowledgement(b *testing.B) {
	h := startForBenchmark(b)
	h.GitHub.SetLatency("", *githubLatency)
	payloads, err := burstPayloads(h)
	if err != nil {
		b.Fatal(err)
	}
	trivial := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusAccepted)
	}))
	defer trivial.Close()

	var app, base []time.Duration
	refused := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i > 0 { // the previous burst's evaluations are done before the next burst
			waitIdle(b, h)
		}
		lat, n := burst(b, trivial.URL, payloads)
		base, refused = append(base, lat...), refused+n
		lat, n = burst(b, h.Sender.URL, payloads)
		app, refused = append(app, lat...), refused+n
	}
	waitIdle(b, h)
	b.ReportMetric(percentile(app, 50), "p50-ms")
	b.ReportMetric(percentile(app, 99), "p99-ms")
	b.ReportMetric(percentile(base, 50), "trivial-p50-ms")
	b.ReportMetric(percentile(base, 99), "trivial-p99-ms")
	b.ReportMetric(percentile(app, 99)/percentile(base, 99), "p99-ratio")
	b.ReportMetric(float64(refused), "refused")
	// One read of a single pull request per evaluation: no two pull requests share a head here.
	evaluations := h.GitHub.CallsTo("GET /repos/{owner}/{repo}/pulls/{number}")
	b.ReportMetric(float64(evaluations)/float64(b.N*burstPulls), "evaluations/PR")
}

// waitIdle waits, off the clock, until the server has done all the work it was given.
func waitIdle(b *testing.B, h *harness.Harness) {
	b.StopTimer()
	defer b.StartTimer()
	if err := h.WaitIdle(5 * time.Minute); err != nil {
		b.Fatal(err)
	}
}

// burstPayloads puts burstPulls pull requests in the fake GitHub, each on a head commit of
// its own and in GitHub's full shape (the open pulls list an evaluation reads is as large as
// GitHub's), and returns one pull_request delivery per pull request, encoded once.
func burstPayloads(h *harness.Harness) ([][]byte, error) {
	s, err := loadSnapshot("class-b-pass")
	if err != nil {
		return nil, err
	}
	var payloads [][]byte
	for n := 1; n <= burstPulls; n++ {
		numbered := githubfake.Numbered(s, n)
		numbered.Raw = s.Raw // the typed values laid over it carry the new number and head
		h.GitHub.AddSnapshot(numbered)
		payload, err := json.Marshal(h.GitHub.PullRequestEvent("synchronize", owner, repo, n, harness.InstallationID))
		if err != nil {
			return nil, err
		}
		payloads = append(payloads, payload)
	}
	return payloads, nil
}

// burst sends burstDeliveries signed deliveries to url from burstSenders senders and returns
// the time each took to be answered, and how many were not answered 2xx.
func burst(b *testing.B, url string, payloads [][]byte) ([]time.Duration, int) {
	round := time.Now().Format("150405.000000000") // delivery ids unique across rounds
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: burstSenders}}
	defer client.CloseIdleConnections()
	sender := githubfake.WebhookSender{URL: url, Secret: harness.WebhookSecret, Client: client}
	latencies := make([]time.Duration, burstDeliveries)
	failed := make([]bool, burstDeliveries)
	var wg sync.WaitGroup
	for s := 0; s < burstSenders; s++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := s; i < burstDeliveries; i += burstSenders {
				start := time.Now()
				resp, err := sender.Send(context.Background(), "pull_request", fmt.Sprintf("burst-%s-%d", round, i), payloads[i%len(payloads)])
				latencies[i] = time.Since(start)
				if err != nil {
					b.Error(err)
					failed[i] = true
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				failed[i] = resp.StatusCode/100 != 2
			}
		}()
	}
	wg.Wait()
	refused := 0
	for _, f := range failed {
		if f {
			refused++
		}
	}
	return latencies, refused
}

// percentile is the p-th percentile of d, in milliseconds.
func percentile(d []time.Duration, p int) float64 {
	sorted := slices.Clone(d)
	slices.Sort(sorted)
	return float64(sorted[(len(sorted)-1)*p/100]) / float64(time.Millisecond)
}
