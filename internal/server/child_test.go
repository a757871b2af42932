package server_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// buildBinary builds the real iec62304-bot command into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "iec62304-bot")
	out, err := exec.Command(goTool, "build", "-o", bin, "github.com/iec62304-bot/iec62304-bot/cmd/iec62304-bot").CombinedOutput()
	if err != nil {
		t.Fatalf("build the binary: %v\n%s", err, out)
	}
	return bin
}

// startChild runs `bin serve` with env, killed at the end of the test, and waits until it
// serves webhooks and is ready.
func startChild(t *testing.T, bin string, env map[string]string) *harness.Child {
	t.Helper()
	c, err := harness.StartChild([]string{bin, "serve"}, env)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Kill)
	return c
}

// waitForLog waits until c logged message, at most wait.
func waitForLog(t *testing.T, c *harness.Child, message string, wait time.Duration) {
	t.Helper()
	if err := c.WaitLog(message, wait); err != nil {
		t.Fatal(err)
	}
}
