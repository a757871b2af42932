package config

import (
	"strings"
	"testing"
)

func TestSessionKey(t *testing.T) {
	base := map[string]string{"GITHUB_APP_INTEGRATION_ID": "42", "GITHUB_APP_WEBHOOK_SECRET": "a-webhook-secret-of-some-length", "GITHUB_APP_PRIVATE_KEY": testKey(t)}
	login := map[string]string{"GITHUB_OAUTH_CLIENT_ID": "Iv1.abc", "GITHUB_OAUTH_CLIENT_SECRET": "oauth-secret"}
	goodKey := map[string]string{"IEC62304_SESSION_KEY": "n6N0m3pW7bqk3vYwZl2cJ8rT5xQ1aE4s="}
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
	}{
		{"no login, no key", base, ""},
		{"login with a key", withAll(withAll(base, login), goodKey), ""},
		{"login without a key", withAll(base, login), "IEC62304_SESSION_KEY (server.session_key): missing: GitHub login (GITHUB_OAUTH_CLIENT_ID) needs a key"},
		{"short key", withAll(withAll(base, login), map[string]string{"IEC62304_SESSION_KEY": "hunter2"}), "IEC62304_SESSION_KEY (server.session_key): 7 characters, want at least 32"},
		{"login without its secret", withAll(withAll(base, goodKey), map[string]string{"GITHUB_OAUTH_CLIENT_ID": "Iv1.abc"}), "GITHUB_OAUTH_CLIENT_SECRET (github.oauth.client_secret) is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("", envOf(tt.env))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Load: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Load = %v; want an error containing %q", err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("the error prints the key: %v", err)
			}
		})
	}
}
