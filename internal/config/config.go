// Package config loads the server's configuration: an optional strict YAML file, overridden
// by environment variables with go-githubapp's own names, then validated. Every problem names
// the setting by its YAML path and its environment variable; secrets are never printed.
package config

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"
	"go.yaml.in/yaml/v4"

	"github.com/iec62304-bot/iec62304-bot/internal/session"

	"github.com/iec62304-bot/iec62304-bot/internal/policyfile"
)

// MinWebhookSecretLength is the shortest webhook secret accepted: the HMAC is only as strong as
// the secret, and anyone on the internet can post to the webhook URL.
const MinWebhookSecretLength = 16

// Config is the whole server configuration.
type Config struct {
	Server     ServerConfig       `yaml:"server"`
	GitHub     githubapp.Config   `yaml:"github"`
	AppConfig  AppConfigSettings  `yaml:"app_configuration"`
	Workers    WorkerSettings     `yaml:"workers"`
	Database   DatabaseSettings   `yaml:"database"`
	Records    RecordsSettings    `yaml:"records"`
	Reconciler ReconcilerSettings `yaml:"reconciler"`
	Logging    LoggingSettings    `yaml:"logging"`
}

// ReconcilerSettings say how often the reconciler looks for pull requests whose check run is
// out of date, and how much one run may repair.
type ReconcilerSettings struct {
	// Interval is a duration (15m, 1h) or "off"; see Every.
	Interval string `yaml:"interval"`
	// Budget is how many evaluations one run queues per repository at most.
	Budget int `yaml:"budget"`
}

// DefaultReconcileInterval is the time between reconciler runs unless configured.
const DefaultReconcileInterval = 15 * time.Minute

// MinReconcileInterval keeps a configured interval from turning the reconciler into a poller.
const MinReconcileInterval = time.Minute

// Every is the time between reconciler runs: DefaultReconcileInterval when unset, 0 when
// "off" (no scheduled runs, none at start-up).
func (r ReconcilerSettings) Every() (time.Duration, error) {
	switch v := strings.TrimSpace(r.Interval); v {
	case "":
		return DefaultReconcileInterval, nil
	case "off", "0":
		return 0, nil
	default:
		d, err := time.ParseDuration(v)
		if err != nil || d < MinReconcileInterval {
			return 0, fmt.Errorf("%q is not a duration of at least %s (such as 15m), nor off", v, MinReconcileInterval)
		}
		return d, nil
	}
}

// DatabaseSettings say where the durable work queue lives.
type DatabaseSettings struct {
	// URL is sqlite://FILE (embedded, one process) or postgres://… (several replicas).
	URL string `yaml:"url"`
}

// ServerConfig is where the service listens and how it is reached from outside.
type ServerConfig struct {
	ListenAddress string `yaml:"listen_address"`
	// MetricsAddress is where /metrics is served, apart from the webhook port: the metrics name
	// installations, which the internet has no business reading.
	MetricsAddress string `yaml:"metrics_address"`
	// PublicURL is the external base URL (no trailing slash); check runs link to pages under it.
	PublicURL string `yaml:"public_url"`
	// SessionKey seals the login cookie of the app's pages; required once GitHub login is
	// configured (github.oauth.client_id).
	SessionKey string `yaml:"session_key"`
	// ShutdownGrace bounds how long SIGTERM waits for running jobs before it cancels them (they
	// run again after a restart); keep it under the pod's terminationGracePeriodSeconds.
	ShutdownGrace time.Duration `yaml:"shutdown_grace"`
}

// AppConfigSettings says where repositories keep their policy.
type AppConfigSettings struct {
	Path           string `yaml:"path"`
	OrgDefaultRepo string `yaml:"org_default_repo"`
	OrgDefaultPath string `yaml:"org_default_path"`
}

// WorkerSettings sizes the worker pool that evaluates pull requests.
type WorkerSettings struct {
	Workers int `yaml:"workers"`
}

// LoggingSettings sets the log level and format.
type LoggingSettings struct {
	Level string `yaml:"level"`
	// Text logs for humans instead of JSON lines.
	Text bool `yaml:"text"`
}

// ParseLevel is the zerolog level the setting names.
func (l LoggingSettings) ParseLevel() (zerolog.Level, error) {
	level, err := zerolog.ParseLevel(strings.ToLower(strings.TrimSpace(l.Level)))
	if err != nil || level == zerolog.NoLevel {
		return zerolog.NoLevel, fmt.Errorf("%q is not a log level: use trace, debug, info, warn, error, fatal, panic or disabled", l.Level)
	}
	return level, nil
}

// envVar binds one environment variable to a setting.
type envVar struct {
	name, yamlPath string
	set            func(c *Config, v string) error
}

var envVars = []envVar{
	str("GITHUB_WEB_URL", "github.web_url", func(c *Config) *string { return &c.GitHub.WebURL }),
	str("GITHUB_V3_API_URL", "github.v3_api_url", func(c *Config) *string { return &c.GitHub.V3APIURL }),
	str("GITHUB_V4_API_URL", "github.v4_api_url", func(c *Config) *string { return &c.GitHub.V4APIURL }),
	{"GITHUB_APP_INTEGRATION_ID", "github.app.integration_id", func(c *Config, v string) error {
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return errors.New("not a number")
		}
		c.GitHub.App.IntegrationID = id
		return nil
	}},
	str("GITHUB_APP_WEBHOOK_SECRET", "github.app.webhook_secret", func(c *Config) *string { return &c.GitHub.App.WebhookSecret }),
	str("GITHUB_APP_PRIVATE_KEY", "github.app.private_key", func(c *Config) *string { return &c.GitHub.App.PrivateKey }),
	str("GITHUB_OAUTH_CLIENT_ID", "github.oauth.client_id", func(c *Config) *string { return &c.GitHub.OAuth.ClientID }),
	str("GITHUB_OAUTH_CLIENT_SECRET", "github.oauth.client_secret", func(c *Config) *string { return &c.GitHub.OAuth.ClientSecret }),
	str("IEC62304_LISTEN_ADDRESS", "server.listen_address", func(c *Config) *string { return &c.Server.ListenAddress }),
	str("IEC62304_METRICS_ADDRESS", "server.metrics_address", func(c *Config) *string { return &c.Server.MetricsAddress }),
	str("IEC62304_PUBLIC_URL", "server.public_url", func(c *Config) *string { return &c.Server.PublicURL }),
	str("IEC62304_SESSION_KEY", "server.session_key", func(c *Config) *string { return &c.Server.SessionKey }),
	str("IEC62304_POLICY_PATH", "app_configuration.path", func(c *Config) *string { return &c.AppConfig.Path }),
	str("IEC62304_ORG_DEFAULT_REPO", "app_configuration.org_default_repo", func(c *Config) *string { return &c.AppConfig.OrgDefaultRepo }),
	str("IEC62304_ORG_DEFAULT_PATH", "app_configuration.org_default_path", func(c *Config) *string { return &c.AppConfig.OrgDefaultPath }),
	count("IEC62304_WORKERS", "workers.workers", func(c *Config) *int { return &c.Workers.Workers }),
	str("IEC62304_DATABASE_URL", "database.url", func(c *Config) *string { return &c.Database.URL }),
	str("IEC62304_RECORDS_RETENTION", "records.retention", func(c *Config) *string { return &c.Records.Retention }),
	{"IEC62304_SHUTDOWN_GRACE", "server.shutdown_grace", func(c *Config, v string) error {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil {
			return errors.New("not a duration such as 20s")
		}
		c.Server.ShutdownGrace = d
		return nil
	}},
	str("IEC62304_RECONCILE_INTERVAL", "reconciler.interval", func(c *Config) *string { return &c.Reconciler.Interval }),
	count("IEC62304_RECONCILE_BUDGET", "reconciler.budget", func(c *Config) *int { return &c.Reconciler.Budget }),
	str("IEC62304_LOG_LEVEL", "logging.level", func(c *Config) *string { return &c.Logging.Level }),
	{"IEC62304_LOG_TEXT", "logging.text", func(c *Config, v string) error {
		text, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return errors.New("not true or false")
		}
		c.Logging.Text = text
		return nil
	}},
}

func str(name, yamlPath string, field func(*Config) *string) envVar {
	return envVar{name, yamlPath, func(c *Config, v string) error { *field(c) = v; return nil }}
}

func count(name, yamlPath string, field func(*Config) *int) envVar {
	return envVar{name, yamlPath, func(c *Config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return errors.New("not a whole number")
		}
		*field(c) = n
		return nil
	}}
}

// Load reads the YAML file at path ("" for none), applies the environment (env returns ""
// for unset variables), fills defaults and validates.
func Load(path string, env func(string) string) (*Config, error) {
	c := &Config{}
	if path != "" {
		if err := c.readFile(path); err != nil {
			return nil, err
		}
	}
	var problems []string
	for _, v := range envVars {
		if value := env(v.name); value != "" {
			if err := v.set(c, value); err != nil {
				problems = append(problems, fmt.Sprintf("%s (%s): %v", v.name, v.yamlPath, err))
			}
		}
	}
	c.setDefaults()
	if err := c.Validate(); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("invalid server configuration:\n  %s", strings.Join(problems, "\n  "))
	}
	return c, nil
}

func (c *Config) readFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read server config: %w", err)
	}
	loader, err := yaml.NewLoader(bytes.NewReader(data), yaml.WithKnownFields())
	if err != nil {
		return fmt.Errorf("server config %s: %w", path, err)
	}
	// A file of comments only is no document: every setting then comes from the environment.
	if err := loader.Load(c); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("server config %s: %w", path, err)
	}
	return nil
}

func (c *Config) setDefaults() {
	setDefault(&c.Server.ListenAddress, ":8080")
	setDefault(&c.Server.MetricsAddress, "127.0.0.1:9464")
	setDefault(&c.GitHub.WebURL, "https://github.com")
	setDefault(&c.GitHub.V3APIURL, "https://api.github.com/")
	setDefault(&c.GitHub.V4APIURL, "https://api.github.com/graphql")
	setDefault(&c.AppConfig.Path, policyfile.DefaultPath)
	setDefault(&c.AppConfig.OrgDefaultRepo, policyfile.DefaultOrgRepo)
	setDefault(&c.AppConfig.OrgDefaultPath, policyfile.DefaultOrgPath)
	setDefault(&c.Logging.Level, "info")
	setDefault(&c.Database.URL, "sqlite://iec62304-bot.db")
	setDefault(&c.Records.Retention, Forever)
	if c.Server.ShutdownGrace == 0 {
		c.Server.ShutdownGrace = 20 * time.Second
	}
	if c.Workers.Workers == 0 {
		c.Workers.Workers = 8
	}
	if c.Reconciler.Budget == 0 {
		c.Reconciler.Budget = 50
	}
	c.Server.PublicURL = strings.TrimRight(c.Server.PublicURL, "/")
}

func setDefault(s *string, def string) {
	if *s == "" {
		*s = def
	}
}

// Validate reports every missing or malformed setting.
func (c *Config) Validate() error {
	var p []string
	add := func(env, yamlPath, msg string) { p = append(p, fmt.Sprintf("%s (%s): %s", env, yamlPath, msg)) }
	if c.GitHub.App.IntegrationID <= 0 {
		add("GITHUB_APP_INTEGRATION_ID", "github.app.integration_id", "missing: set the GitHub App's numeric ID")
	}
	if secret := strings.TrimSpace(c.GitHub.App.WebhookSecret); secret == "" {
		add("GITHUB_APP_WEBHOOK_SECRET", "github.app.webhook_secret", "missing: set the webhook secret configured in the GitHub App")
	} else if len(secret) < MinWebhookSecretLength {
		add("GITHUB_APP_WEBHOOK_SECRET", "github.app.webhook_secret", fmt.Sprintf(
			"too short (%d characters): use at least %d random characters, e.g. `openssl rand -hex 32`, in the GitHub App and here", len(secret), MinWebhookSecretLength))
	}
	if c.GitHub.App.PrivateKey == "" {
		add("GITHUB_APP_PRIVATE_KEY", "github.app.private_key", "missing: set the App's PEM private key (the key itself, not a path)")
	} else if err := checkPrivateKey(c.GitHub.App.PrivateKey); err != nil {
		add("GITHUB_APP_PRIVATE_KEY", "github.app.private_key", err.Error())
	}
	for _, u := range []struct{ env, path, value string }{
		{"GITHUB_WEB_URL", "github.web_url", c.GitHub.WebURL},
		{"GITHUB_V3_API_URL", "github.v3_api_url", c.GitHub.V3APIURL},
		{"GITHUB_V4_API_URL", "github.v4_api_url", c.GitHub.V4APIURL},
		{"IEC62304_PUBLIC_URL", "server.public_url", c.Server.PublicURL},
	} {
		if u.value != "" && !absoluteURL(u.value) {
			add(u.env, u.path, fmt.Sprintf("%q is not an absolute http(s) URL", u.value))
		}
	}
	if _, _, err := net.SplitHostPort(c.Server.ListenAddress); err != nil {
		add("IEC62304_LISTEN_ADDRESS", "server.listen_address", fmt.Sprintf("%q is not host:port (e.g. :8080)", c.Server.ListenAddress))
	}
	if _, _, err := net.SplitHostPort(c.Server.MetricsAddress); err != nil {
		add("IEC62304_METRICS_ADDRESS", "server.metrics_address", fmt.Sprintf("%q is not host:port (e.g. 127.0.0.1:9464)", c.Server.MetricsAddress))
	} else if c.Server.MetricsAddress == c.Server.ListenAddress && !strings.HasSuffix(c.Server.ListenAddress, ":0") {
		add("IEC62304_METRICS_ADDRESS", "server.metrics_address", "must differ from server.listen_address: metrics are not served on the webhook port")
	}
	if c.Server.ShutdownGrace < 0 {
		add("IEC62304_SHUTDOWN_GRACE", "server.shutdown_grace", "must not be negative")
	}
	if !strings.HasPrefix(c.Database.URL, "sqlite://") && !strings.HasPrefix(c.Database.URL, "postgres://") && !strings.HasPrefix(c.Database.URL, "postgresql://") {
		add("IEC62304_DATABASE_URL", "database.url", "use sqlite://FILE (embedded) or postgres://USER:PASSWORD@HOST/DB (several replicas)")
	}
	if _, err := c.Records.RetentionPeriod(); err != nil {
		add("IEC62304_RECORDS_RETENTION", "records.retention", err.Error())
	}
	if c.Workers.Workers < 1 {
		add("IEC62304_WORKERS", "workers.workers", "must be at least 1")
	}
	if _, err := c.Reconciler.Every(); err != nil {
		add("IEC62304_RECONCILE_INTERVAL", "reconciler.interval", err.Error())
	}
	if c.Reconciler.Budget < 1 {
		add("IEC62304_RECONCILE_BUDGET", "reconciler.budget", "must be at least 1")
	}
	if msg := c.sessionKeyProblem(); msg != "" {
		add("IEC62304_SESSION_KEY", "server.session_key", msg)
	}
	if _, err := c.Logging.ParseLevel(); err != nil {
		add("IEC62304_LOG_LEVEL", "logging.level", err.Error())
	}
	if len(p) > 0 {
		return errors.New(strings.Join(p, "\n  "))
	}
	return nil
}

// sessionKeyProblem: pages behind GitHub login need a key to seal their cookie; a short one
// could be guessed, and then anyone could log in as anyone.
func (c *Config) sessionKeyProblem() string {
	key := c.Server.SessionKey
	switch {
	case c.GitHub.OAuth.ClientID == "" && key == "":
		return ""
	case c.GitHub.OAuth.ClientID != "" && c.GitHub.OAuth.ClientSecret == "":
		return "GitHub login is configured but GITHUB_OAUTH_CLIENT_SECRET (github.oauth.client_secret) is missing"
	case key == "":
		return "missing: GitHub login (GITHUB_OAUTH_CLIENT_ID) needs a key to seal its session cookie; generate one with `openssl rand -base64 32`"
	case len(key) < session.MinKeyLength:
		return fmt.Sprintf("%d characters, want at least %d; generate one with `openssl rand -base64 32`", len(key), session.MinKeyLength)
	}
	return ""
}

func absoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// checkPrivateKey accepts an RSA key in PKCS#1 or PKCS#8 PEM, as GitHub issues them.
func checkPrivateKey(key string) error {
	block, _ := pem.Decode([]byte(key))
	if block == nil {
		return errors.New("not PEM-encoded: paste the whole key including the BEGIN/END lines")
	}
	if _, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return nil
	}
	if _, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		return nil
	}
	return errors.New("not a PEM-encoded RSA private key")
}
