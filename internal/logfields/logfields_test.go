package logfields

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// line logs one message through ctx and returns its raw JSON.
func line(ctx context.Context, buf *bytes.Buffer) string {
	buf.Reset()
	zerolog.Ctx(ctx).Info().Msg("m")
	return strings.TrimSpace(buf.String())
}

func TestWithAddsEachFieldOnce(t *testing.T) {
	var buf bytes.Buffer
	ctx := zerolog.New(&buf).WithContext(context.Background())
	tests := []struct {
		name string
		add  Subject
		want string
	}{
		{"repository and installation", Subject{InstallationID: 7, Owner: "acme", Repo: "pump"},
			`{"level":"info","github_installation_id":7,"github_repository_owner":"acme","github_repository_name":"pump","message":"m"}`},
		{"known fields are not repeated", Subject{InstallationID: 7, Owner: "acme", Repo: "pump", Number: 21},
			`{"level":"info","github_installation_id":7,"github_repository_owner":"acme","github_repository_name":"pump","github_pr_num":21,"message":"m"}`},
		{"the same PR again changes nothing", Subject{InstallationID: 7, Owner: "acme", Repo: "pump", Number: 21},
			`{"level":"info","github_installation_id":7,"github_repository_owner":"acme","github_repository_name":"pump","github_pr_num":21,"message":"m"}`},
	}
	for _, tt := range tests {
		ctx = With(ctx, tt.add)
		if got := line(ctx, &buf); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestCarryKeepsLoggerAndFields(t *testing.T) {
	var buf bytes.Buffer
	from := With(zerolog.New(&buf).WithContext(context.Background()), Subject{Owner: "acme", Repo: "pump"})
	to := With(Carry(from, context.Background()), Subject{Owner: "acme", Repo: "pump", Number: 3})
	var got map[string]any
	if err := json.Unmarshal([]byte(line(to, &buf)), &got); err != nil {
		t.Fatal(err)
	}
	if got["github_repository_name"] != "pump" || got["github_pr_num"] != float64(3) || strings.Count(buf.String(), "github_repository_name") != 1 {
		t.Errorf("carried line: %s", buf.String())
	}
}
