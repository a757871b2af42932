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

	"github.com/palantir/go-githubapp/githubapp"
	"gopkg.in/yaml.v3"
)

// Config is the whole server configuration.
type Config struct {
	Server    ServerConfig      `yaml:"server"`
	GitHub    githubapp.Config  `yaml:"github"`
	AppConfig AppConfigSettings `yaml:"app_configuration"`
	Workers   WorkerSettings    `yaml:"workers"`
	Logging   LoggingSettings   `yaml:"logging"`
}

// ServerConfig is where the service listens and how it is reached from outside.
type ServerConfig struct {
	ListenAddress string `yaml:"listen_address"`
	// PublicURL is the external base URL (no trailing slash); check runs link to pages under it.
	PublicURL string `yaml:"public_url"`
}

// AppConfigSettings says where repositories keep their policy.
type AppConfigSettings struct {
	Path           string `yaml:"path"`
	OrgDefaultRepo string `yaml:"org_default_repo"`
	OrgDefaultPath string `yaml:"org_default_path"`
}

// WorkerSettings sizes the webhook queue and the worker pool behind it.
type WorkerSettings struct {
	QueueSize int `yaml:"queue_size"`
	Workers   int `yaml:"workers"`
}

// LoggingSettings sets the log level and format.
type LoggingSettings struct {
	Level string `yaml:"level"`
	// Text logs for humans instead of JSON lines.
	Text bool `yaml:"text"`
}

// envVar binds one environment variable to a setting.
type envVar struct {
	name, yamlPath string
	set            func(c *Config, v string) error
}

var envVars = []envVar{
	{"GITHUB_V3_API_URL", "github.v3_api_url", func(c *Config, v string) error { c.GitHub.V3APIURL = v; return nil }},
	{"GITHUB_V4_API_URL", "github.v4_api_url", func(c *Config, v string) error { c.GitHub.V4APIURL = v; return nil }},
	{"GITHUB_APP_INTEGRATION_ID", "github.app.integration_id", func(c *Config, v string) error {
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return errors.New("not a number")
		}
		c.GitHub.App.IntegrationID = id
		return nil
	}},
	{"GITHUB_APP_WEBHOOK_SECRET", "github.app.webhook_secret", func(c *Config, v string) error { c.GitHub.App.WebhookSecret = v; return nil }},
	{"GITHUB_APP_PRIVATE_KEY", "github.app.private_key", func(c *Config, v string) error { c.GitHub.App.PrivateKey = v; return nil }},
	{"IEC62304_LISTEN_ADDRESS", "server.listen_address", func(c *Config, v string) error { c.Server.ListenAddress = v; return nil }},
	{"IEC62304_PUBLIC_URL", "server.public_url", func(c *Config, v string) error { c.Server.PublicURL = v; return nil }},
	{"IEC62304_LOG_LEVEL", "logging.level", func(c *Config, v string) error { c.Logging.Level = v; return nil }},
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
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("server config %s: %w", path, err)
	}
	return nil
}

func (c *Config) setDefaults() {
	setDefault(&c.Server.ListenAddress, ":8080")
	setDefault(&c.GitHub.V3APIURL, "https://api.github.com/")
	setDefault(&c.GitHub.V4APIURL, "https://api.github.com/graphql")
	setDefault(&c.AppConfig.Path, ".github/iec62304.yml")
	setDefault(&c.AppConfig.OrgDefaultRepo, ".github")
	setDefault(&c.AppConfig.OrgDefaultPath, "iec62304.yml")
	setDefault(&c.Logging.Level, "info")
	if c.Workers.QueueSize == 0 {
		c.Workers.QueueSize = 1000
	}
	if c.Workers.Workers == 0 {
		c.Workers.Workers = 8
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
	if c.GitHub.App.WebhookSecret == "" {
		add("GITHUB_APP_WEBHOOK_SECRET", "github.app.webhook_secret", "missing: set the webhook secret configured in the GitHub App")
	}
	if c.GitHub.App.PrivateKey == "" {
		add("GITHUB_APP_PRIVATE_KEY", "github.app.private_key", "missing: set the App's PEM private key (the key itself, not a path)")
	} else if err := checkPrivateKey(c.GitHub.App.PrivateKey); err != nil {
		add("GITHUB_APP_PRIVATE_KEY", "github.app.private_key", err.Error())
	}
	for _, u := range []struct{ env, path, value string }{
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
	if c.Workers.Workers < 1 || c.Workers.QueueSize < 1 {
		p = append(p, "workers.workers and workers.queue_size: must be at least 1")
	}
	if len(p) > 0 {
		return errors.New(strings.Join(p, "\n  "))
	}
	return nil
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
