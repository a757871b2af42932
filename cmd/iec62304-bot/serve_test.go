package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// `serve` needs no file when the environment has what it needs: it checks the app's
// credentials against GitHub, serves, and on SIGTERM (here: the context) stops and exits 0,
// logging JSON lines throughout.
func TestServeRunsFromTheEnvironmentAlone(t *testing.T) {
	gh := githubfake.New()
	defer gh.Close()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"GITHUB_V3_API_URL":         gh.URL(),
		"GITHUB_V4_API_URL":         gh.URL() + "graphql",
		"GITHUB_APP_INTEGRATION_ID": "62304",
		"GITHUB_APP_WEBHOOK_SECRET": "s3cret-webhook-secret",
		"GITHUB_APP_PRIVATE_KEY":    string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})),
		"IEC62304_LISTEN_ADDRESS":   "127.0.0.1:0",
		"IEC62304_METRICS_ADDRESS":  "127.0.0.1:0",
		"IEC62304_DATABASE_URL":     "sqlite://" + filepath.Join(t.TempDir(), "bot.db"),
	} {
		t.Setenv(k, v)
	}
	ctx, stop := context.WithCancel(context.Background())
	var logs harness.LogBuffer
	exit := make(chan int, 1)
	go func() { exit <- run(ctx, []string{"serve"}, &bytes.Buffer{}, &logs) }()

	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "GitHub App credentials verified") {
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("serve never verified its credentials; logs:\n%s", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	if code := <-exit; code != 0 {
		t.Errorf("exit %d after SIGTERM, want 0; logs:\n%s", code, logs.String())
	}
	for _, raw := range logs.Lines() {
		var line map[string]any
		if err := json.Unmarshal([]byte(raw), &line); err != nil {
			t.Errorf("log line is not JSON: %s", raw)
		}
	}
	if !strings.Contains(logs.String(), "stopped; unfinished jobs wait in the database") {
		t.Errorf("no drain on shutdown; logs:\n%s", logs.String())
	}
}
