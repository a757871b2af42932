package config

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func testKey(t *testing.T) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
}

func withAll(base, extra map[string]string) map[string]string {
	m := map[string]string{}
	for _, src := range []map[string]string{base, extra} {
		for k, v := range src {
			m[k] = v
		}
	}
	return m
}

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoad(t *testing.T) {
	key := testKey(t)
	good := map[string]string{"GITHUB_APP_INTEGRATION_ID": "42", "GITHUB_APP_WEBHOOK_SECRET": "s3cret-webhook-secret", "GITHUB_APP_PRIVATE_KEY": key}
	with := func(k, v string) map[string]string { return withAll(good, map[string]string{k: v}) }
	file := filepath.Join(t.TempDir(), "server.yml")
	if err := os.WriteFile(file, []byte("server:\n  listen_address: \":9000\"\n  metrics_address: \"127.0.0.1:9500\"\n  public_url: https://bot.example/\nworkers:\n  workers: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	emptyFile := filepath.Join(t.TempDir(), "empty.yml")
	if err := os.WriteFile(emptyFile, []byte("# all settings come from the environment\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badFile := filepath.Join(t.TempDir(), "bad.yml")
	if err := os.WriteFile(badFile, []byte("server:\n  listen: \":9000\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, c *Config)
	}{
		{"environment only, with defaults", "", good, "", func(t *testing.T, c *Config) {
			if c.Server.ListenAddress != ":8080" || c.Server.MetricsAddress != "127.0.0.1:9464" || c.GitHub.V3APIURL != "https://api.github.com/" || c.GitHub.App.IntegrationID != 42 ||
				c.Database.URL != "sqlite://iec62304-bot.db" || c.Server.ShutdownGrace != 20*time.Second {
				t.Errorf("config = %+v", c)
			}
		}},
		{"a file of comments only", emptyFile, good, "", func(t *testing.T, c *Config) {
			if c.Server.ListenAddress != ":8080" || c.GitHub.App.IntegrationID != 42 {
				t.Errorf("config = %+v", c)
			}
		}},
		{"file and environment", file, good, "", func(t *testing.T, c *Config) {
			if c.Server.ListenAddress != ":9000" || c.Server.MetricsAddress != "127.0.0.1:9500" || c.Server.PublicURL != "https://bot.example" || c.Workers.Workers != 3 {
				t.Errorf("config = %+v", c)
			}
		}},
		{"environment overrides the file", file, with("IEC62304_LISTEN_ADDRESS", "127.0.0.1:7000"), "", func(t *testing.T, c *Config) {
			if c.Server.ListenAddress != "127.0.0.1:7000" {
				t.Errorf("listen address = %q", c.Server.ListenAddress)
			}
		}},
		{"every setting has a variable", "", withAll(good, map[string]string{
			"GITHUB_WEB_URL": "https://ghe.example/", "GITHUB_OAUTH_CLIENT_ID": "cid", "GITHUB_OAUTH_CLIENT_SECRET": "csecret",
			"IEC62304_SESSION_KEY": "0123456789abcdef0123456789abcdef", "IEC62304_POLICY_PATH": ".github/policy.yml", "IEC62304_ORG_DEFAULT_REPO": "policies", "IEC62304_ORG_DEFAULT_PATH": "p.yml",
			"IEC62304_WORKERS": "2", "IEC62304_LOG_LEVEL": "DEBUG", "IEC62304_LOG_TEXT": "true",
			"IEC62304_DATABASE_URL": "postgres://bot@db/iec62304", "IEC62304_SHUTDOWN_GRACE": "45s", "IEC62304_RECORDS_RETENTION": "15y",
			"IEC62304_RECONCILE_INTERVAL": "1h", "IEC62304_RECONCILE_BUDGET": "7",
		}), "", func(t *testing.T, c *Config) {
			want := Config{Server: c.Server, GitHub: c.GitHub,
				AppConfig: AppConfigSettings{Path: ".github/policy.yml", OrgDefaultRepo: "policies", OrgDefaultPath: "p.yml"},
				Workers:   WorkerSettings{Workers: 2}, Database: DatabaseSettings{URL: "postgres://bot@db/iec62304"}, Records: RecordsSettings{Retention: "15y"},
				Reconciler: ReconcilerSettings{Interval: "1h", Budget: 7},
				Logging:    LoggingSettings{Level: "DEBUG", Text: true}}
			if *c != want || c.Server.ShutdownGrace != 45*time.Second || c.Server.SessionKey != "0123456789abcdef0123456789abcdef" || c.GitHub.WebURL != "https://ghe.example/" || c.GitHub.OAuth.ClientID != "cid" || c.GitHub.OAuth.ClientSecret != "csecret" {
				t.Errorf("config = %+v", c)
			}
		}},
		{"nothing set", "", map[string]string{}, "GITHUB_APP_INTEGRATION_ID (github.app.integration_id): missing", nil},
		{"missing secret", "", with("GITHUB_APP_WEBHOOK_SECRET", ""), "GITHUB_APP_WEBHOOK_SECRET (github.app.webhook_secret): missing", nil},
		{"blank secret", "", with("GITHUB_APP_WEBHOOK_SECRET", "   \t "), "GITHUB_APP_WEBHOOK_SECRET (github.app.webhook_secret): missing", nil},
		{"short secret", "", with("GITHUB_APP_WEBHOOK_SECRET", "s3cret-15-chars"), "GITHUB_APP_WEBHOOK_SECRET (github.app.webhook_secret): too short (15 characters): use at least 16", nil},
		{"metrics address from the environment", "", with("IEC62304_METRICS_ADDRESS", ":9464"), "", func(t *testing.T, c *Config) {
			if c.Server.MetricsAddress != ":9464" {
				t.Errorf("metrics address = %q", c.Server.MetricsAddress)
			}
		}},
		{"bad metrics address", "", with("IEC62304_METRICS_ADDRESS", "9464"), `IEC62304_METRICS_ADDRESS (server.metrics_address): "9464" is not host:port`, nil},
		{"metrics on the webhook port", "", with("IEC62304_METRICS_ADDRESS", ":8080"), "IEC62304_METRICS_ADDRESS (server.metrics_address): must differ from server.listen_address", nil},
		{"integration id not a number", "", with("GITHUB_APP_INTEGRATION_ID", "forty-two"), "GITHUB_APP_INTEGRATION_ID (github.app.integration_id): not a number", nil},
		{"key not PEM", "", with("GITHUB_APP_PRIVATE_KEY", "/etc/key.pem"), "GITHUB_APP_PRIVATE_KEY (github.app.private_key): not PEM-encoded", nil},
		{"key not RSA", "", with("GITHUB_APP_PRIVATE_KEY", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"), "not a PEM-encoded RSA private key", nil},
		{"relative public URL", "", with("IEC62304_PUBLIC_URL", "bot.example"), `IEC62304_PUBLIC_URL (server.public_url): "bot.example" is not an absolute http(s) URL`, nil},
		{"bad listen address", "", with("IEC62304_LISTEN_ADDRESS", "8080"), `IEC62304_LISTEN_ADDRESS (server.listen_address): "8080" is not host:port`, nil},
		{"bad log level", "", with("IEC62304_LOG_LEVEL", "verbose"), `IEC62304_LOG_LEVEL (logging.level): "verbose" is not a log level`, nil},
		{"bad log format", "", with("IEC62304_LOG_TEXT", "yes please"), "IEC62304_LOG_TEXT (logging.text): not true or false", nil},
		{"workers not a number", "", with("IEC62304_WORKERS", "many"), "IEC62304_WORKERS (workers.workers): not a whole number", nil},
		{"no workers", "", with("IEC62304_WORKERS", "0"), "", func(t *testing.T, c *Config) {
			if c.Workers.Workers != 8 {
				t.Errorf("workers = %d, want the default 8", c.Workers.Workers)
			}
		}},
		{"unknown database", "", with("IEC62304_DATABASE_URL", "mysql://db/bot"), "IEC62304_DATABASE_URL (database.url): use sqlite://FILE", nil},
		{"grace not a duration", "", with("IEC62304_SHUTDOWN_GRACE", "20"), "IEC62304_SHUTDOWN_GRACE (server.shutdown_grace): not a duration", nil},
		{"records kept forever by default", "", good, "", func(t *testing.T, c *Config) {
			if d, err := c.Records.RetentionPeriod(); c.Records.Retention != Forever || d != 0 || err != nil {
				t.Errorf("retention = %q (%v, %v), want forever", c.Records.Retention, d, err)
			}
		}},
		{"retention in days", "", with("IEC62304_RECORDS_RETENTION", "3650d"), "", func(t *testing.T, c *Config) {
			if d, _ := c.Records.RetentionPeriod(); d != 3650*24*time.Hour {
				t.Errorf("retention = %v, want 3650 days", d)
			}
		}},
		{"retention shorter than two years", "", with("IEC62304_RECORDS_RETENTION", "1y"), "IEC62304_RECORDS_RETENTION (records.retention): 1y is shorter than the 2 years (730d)", nil},
		{"retention of 729 days", "", with("IEC62304_RECORDS_RETENTION", "729d"), "729d is shorter than the 2 years", nil},
		{"retention as a Go duration", "", with("IEC62304_RECORDS_RETENTION", "17520h"), `"17520h" is not a retention: use forever, or years`, nil},
		{"retention beyond a duration", "", with("IEC62304_RECORDS_RETENTION", "300y"), `"300y" is not a retention`, nil},
		{"reconciler every 15 minutes unless told", "", good, "", func(t *testing.T, c *Config) {
			if every, err := c.Reconciler.Every(); every != 15*time.Minute || err != nil || c.Reconciler.Budget != 50 {
				t.Errorf("reconciler every %s (%v), budget %d; want 15m, 50", every, err, c.Reconciler.Budget)
			}
		}},
		{"reconciler off", "", with("IEC62304_RECONCILE_INTERVAL", "off"), "", func(t *testing.T, c *Config) {
			if every, err := c.Reconciler.Every(); every != 0 || err != nil {
				t.Errorf("reconciler every %s (%v), want off", every, err)
			}
		}},
		{"reconciler too often", "", with("IEC62304_RECONCILE_INTERVAL", "5s"), `IEC62304_RECONCILE_INTERVAL (reconciler.interval): "5s" is not a duration of at least 1m0s`, nil},
		{"reconciler without budget", "", with("IEC62304_RECONCILE_BUDGET", "-1"), "IEC62304_RECONCILE_BUDGET (reconciler.budget): must be at least 1", nil},
		{"unknown YAML key", badFile, good, "field listen not found", nil},
		{"missing file", "/nonexistent/server.yml", good, "read server config", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.path, envOf(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "PRIVATE KEY-----\nM") {
					t.Errorf("error leaks a secret: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}
