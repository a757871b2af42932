package server_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// Slow clients (bodies sent a byte at a time, headers never finished, keep-alive connections
// left idle) hold connections but no room: a valid delivery among them is answered within
// GitHub's 10-second timeout, and the trickled bodies are cut off, not waited for.
func TestSlowClientsDoNotDelayAValidDelivery(t *testing.T) {
	h := start(t)
	s := load(t, "class-b-pass")
	h.GitHub.AddSnapshot(s)
	addr := strings.TrimPrefix(h.URL, "http://")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const each = 60
	var wg sync.WaitGroup
	trickled := make(chan int, each)
	for i := 0; i < each; i++ {
		wg.Add(3)
		go func() { defer wg.Done(); trickled <- trickleBody(ctx, t, addr, i) }()
		go func() { defer wg.Done(); trickleHeaders(ctx, t, addr) }()
		go func() { defer wg.Done(); idleKeepAlive(ctx, t, addr) }()
	}
	time.Sleep(200 * time.Millisecond) // every slow client is connected and under way

	client := &http.Client{Timeout: 10 * time.Second} // GitHub's own timeout
	sender := githubfake.WebhookSender{URL: h.Sender.URL, Secret: harness.WebhookSecret, Client: client}
	resp, err := sender.Send(context.Background(), "pull_request", "valid", h.GitHub.PullRequestEvent("opened", owner, repo, s.Pull.GetNumber(), harness.InstallationID))
	if err != nil {
		t.Fatalf("valid delivery among slow clients: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("valid delivery answered %d, want 202", resp.StatusCode)
	}
	if err := h.WaitIdle(harness.IdleTimeout); err != nil {
		t.Fatal(err)
	}
	wantOne(t, h, s, "completed", "success", 1)

	for i := 0; i < each; i++ {
		if status := <-trickled; status != http.StatusRequestTimeout {
			t.Errorf("a trickled body was answered %d, want 408 (cut off)", status)
		}
	}
	cancel()
	wg.Wait()
}

// trickleBody declares a 4 KB body and sends it a byte every 50 ms; it returns the status the
// server answers with.
func trickleBody(ctx context.Context, t *testing.T, addr string, i int) int {
	conn := open(ctx, t, addr, fmt.Sprintf("POST /api/github/hook HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: pull_request\r\n"+
		"X-GitHub-Delivery: slow-%d\r\nX-Hub-Signature-256: sha256=%064x\r\nContent-Length: 4096\r\n\r\n", i, i))
	if conn == nil {
		return 0
	}
	defer conn.Close()
	answered := make(chan int, 1)
	go func() {
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case status := <-answered:
			return status
		case <-ctx.Done():
			return 0
		case <-tick.C:
			_, _ = conn.Write([]byte("x"))
		}
	}
}

// trickleHeaders starts a request and sends a header line every 100 ms, never finishing.
func trickleHeaders(ctx context.Context, t *testing.T, addr string) {
	conn := open(ctx, t, addr, "POST /api/github/hook HTTP/1.1\r\nHost: x\r\n")
	if conn == nil {
		return
	}
	defer conn.Close()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := fmt.Fprintf(conn, "X-Slow-%d: y\r\n", i); err != nil {
				return // the server closed it
			}
		}
	}
}

// idleKeepAlive makes one request and keeps the connection open, idle.
func idleKeepAlive(ctx context.Context, t *testing.T, addr string) {
	conn := open(ctx, t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	if conn == nil {
		return
	}
	defer conn.Close()
	if resp, err := http.ReadResponse(bufio.NewReader(conn), nil); err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	<-ctx.Done()
}

// open connects to addr and sends start; nil when it could not.
func open(ctx context.Context, t *testing.T, addr, start string) net.Conn {
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		t.Error(err)
		return nil
	}
	if _, err := io.WriteString(conn, start); err != nil {
		conn.Close()
		t.Error(err)
		return nil
	}
	return conn
}
