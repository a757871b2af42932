package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	goldenfile "github.com/iec62304-bot/iec62304-bot/internal/golden"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), []byte(got))
}

// TestEvaluateSnapshots is the contract of testdata/snapshots/README.md: each snapshot's
// verdict and exit code, with the text, Markdown and JSON renderings as golden files.
func TestEvaluateSnapshots(t *testing.T) {
	tests := []struct {
		snapshot string
		code     int
		verdict  string
	}{
		{"class-a-pass", 0, `"verdict": "pass"`},
		{"class-a-fail", 1, `"verdict": "fail"`},
		{"class-b-pass", 0, `"verdict": "pass"`},
		{"class-b-fail", 1, `"verdict": "fail"`},
		{"class-c-pass", 0, `"verdict": "pass"`},
		{"class-c-pass-commit-status", 0, `"verdict": "pass"`},
		{"class-c-fail", 1, `"verdict": "fail"`},
		{"class-c-pending", 3, `"verdict": "pending"`},
		{"class-b-red-ci", 1, `"verdict": "fail"`},
		{"class-c-red-ci", 1, `"verdict": "fail"`},
		{"class-c-red-ci-no-required-checks", 1, `"verdict": "fail"`},
		{"class-c-problem-report", 1, `"verdict": "fail"`},
		{"class-c-approved-by-author", 1, `"verdict": "fail"`},
		{"not-configured", 1, `"verdict": "fail"`},
		{"overlapping-systems", 1, `"verdict": "fail"`},
		{"policy-change", 0, `"verdict": "pass"`},
		{"policy-change-invalid", 1, `"verdict": "fail"`},
		{"class-a-catalogue", 0, `"verdict": "pass"`},
		{"class-a-catalogue-unknown", 1, `"verdict": "fail"`},
		{"policy-change-team-approved", 0, `"verdict": "pass"`},
		{"policy-change-team-missing", 1, `"verdict": "fail"`},
	}
	for _, tt := range tests {
		t.Run(tt.snapshot, func(t *testing.T) {
			dir := filepath.Join("..", "..", "testdata", "snapshots", tt.snapshot)
			for _, format := range []string{"text", "markdown", "json"} {
				code, out, errOut := runCLI("evaluate", "--snapshot", dir, "--format", format)
				if code != tt.code {
					t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, errOut)
				}
				ext := map[string]string{"text": ".txt", "markdown": ".md", "json": ".json"}[format]
				golden(t, "evaluate-"+tt.snapshot+ext, out)
				if format == "json" && !strings.Contains(out, tt.verdict) {
					t.Errorf("JSON lacks %s", tt.verdict)
				}
			}
		})
	}
}

func TestEvaluateBadInput(t *testing.T) {
	snapshots := filepath.Join("..", "..", "testdata", "snapshots")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"broken config", []string{"evaluate", "--snapshot", filepath.Join(snapshots, "broken-config")}, `config.yml:7:5: systems[0]: unknown key "pathz"`},
		{"missing snapshot", []string{"evaluate", "--snapshot", "no/such/dir"}, "no/such/dir/pull.json"},
		{"no snapshot flag", []string{"evaluate"}, "usage: iec62304-bot evaluate --snapshot DIR"},
		{"bad format", []string{"evaluate", "--snapshot", filepath.Join(snapshots, "class-a-pass"), "--format", "yaml"}, `--format "yaml": want text, markdown or json`},
		{"config override that is broken", []string{"evaluate", "--snapshot", filepath.Join(snapshots, "class-a-pass"), "--config", filepath.Join(snapshots, "broken-config", "config.yml")}, "bad glob"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.want)
			}
		})
	}
}

func TestEvaluateConfigOverride(t *testing.T) {
	// The class C snapshot judged under the bundled defaults (no systems): everything class C,
	// and no required checks, so only changed tests count.
	empty := filepath.Join(t.TempDir(), "policy.yml")
	if err := os.WriteFile(empty, []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI("evaluate", "--snapshot", filepath.Join("..", "..", "testdata", "snapshots", "class-a-pass"), "--config", empty, "--format", "json")
	if code != 1 || !strings.Contains(out, `"class": "C"`) {
		t.Errorf("exit %d, output %s; want a class C failure", code, out)
	}
}

func TestValidate(t *testing.T) {
	snapshots := filepath.Join("..", "..", "testdata", "snapshots")
	code, out, warnings := runCLI("validate", filepath.Join(snapshots, "class-c-pass", "config.yml"))
	if code != 0 || !strings.Contains(out, "valid: version 1, default class C, 3 systems (dose-calculation: C, pump-ui: B, docs-site: A), 0 deviations") || warnings != "" {
		t.Errorf("validate valid file: exit %d, %q, warnings %q", code, out, warnings)
	}
	// Valid, but class B and C test evidence then rests on red checks alone: a warning, not an error.
	code, _, warnings = runCLI("validate", filepath.Join(snapshots, "class-c-red-ci-no-required-checks", "config.yml"))
	if code != 0 || !strings.Contains(warnings, "config.yml: warning: rules.test_evidence.required_checks is empty") {
		t.Errorf("validate without required checks: exit %d, warnings %q", code, warnings)
	}
	code, _, errOut := runCLI("validate", filepath.Join(snapshots, "broken-config", "config.yml"))
	golden(t, "validate-broken-config.txt", errOut)
	if code != 2 {
		t.Errorf("validate broken file: exit %d, want 2", code)
	}
	if code, _, errOut := runCLI("validate", "no/such.yml"); code != 2 || !strings.Contains(errOut, "no/such.yml") {
		t.Errorf("validate missing file: exit %d, %q", code, errOut)
	}
}

func TestUnknownCommand(t *testing.T) {
	if code, _, errOut := runCLI("frobnicate"); code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("exit %d, %q", code, errOut)
	}
}

func TestServeRefusesToStartWithoutSettings(t *testing.T) {
	for _, v := range []string{"GITHUB_APP_INTEGRATION_ID", "GITHUB_APP_WEBHOOK_SECRET", "GITHUB_APP_PRIVATE_KEY"} {
		t.Setenv(v, "")
	}
	t.Setenv("GITHUB_APP_INTEGRATION_ID", "not-a-number")
	code, _, errOut := runCLI("serve")
	for _, want := range []string{
		"GITHUB_APP_INTEGRATION_ID (github.app.integration_id): not a number",
		"GITHUB_APP_WEBHOOK_SECRET (github.app.webhook_secret): missing",
		"GITHUB_APP_PRIVATE_KEY (github.app.private_key): missing",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
}

// `migrate` creates the work queue's schema and can run again; a database it cannot reach is
// an error naming it.
func TestMigrate(t *testing.T) {
	url := "sqlite://" + filepath.Join(t.TempDir(), "bot.db")
	for range 2 {
		if code, out, errOut := runCLI("migrate", "--database", url); code != 0 || !strings.Contains(out, "schema up to date") {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
		}
	}
	if code, _, errOut := runCLI("migrate", "--database", "mysql://db/bot"); code != 1 || !strings.Contains(errOut, "use sqlite://FILE or postgres://") {
		t.Errorf("exit %d, stderr %q; want 1 naming the URLs it takes", code, errOut)
	}
}
