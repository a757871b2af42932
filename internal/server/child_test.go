package server_test

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/harness"
	"github.com/iec62304-bot/iec62304-bot/internal/server"
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

// child is the real binary running `serve` as a child process.
type child struct {
	cmd    *exec.Cmd
	logs   *harness.LogBuffer
	sender githubfake.WebhookSender
	exited chan struct{}
}

// startChild runs `bin serve` with env and waits until it serves webhooks and is ready.
func startChild(t *testing.T, bin string, env map[string]string) *child {
	t.Helper()
	cmd := exec.Command(bin, "serve")
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, logs: &harness.LogBuffer{}, exited: make(chan struct{})}
	address := make(chan string, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go c.readLogs(stderr, address)
	go func() { _ = cmd.Wait(); close(c.exited) }()
	t.Cleanup(c.kill)
	select {
	case addr := <-address:
		c.sender = githubfake.WebhookSender{URL: "http://" + addr + server.WebhookPath, Secret: harness.WebhookSecret}
	case <-c.exited:
		t.Fatalf("the server exited at start:\n%s", c.logs.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("the server did not start listening:\n%s", c.logs.String())
	}
	c.waitFor(t, "GitHub App credentials verified")
	return c
}

// readLogs keeps the child's log lines and reports the webhook address it listens on.
func (c *child) readLogs(r io.Reader, address chan<- string) {
	lines := bufio.NewScanner(r)
	lines.Buffer(make([]byte, 1<<20), 1<<20)
	for lines.Scan() {
		line := lines.Text()
		c.logs.Write([]byte(line + "\n"))
		var l struct{ Message, Address string }
		if json.Unmarshal([]byte(line), &l) == nil && strings.HasPrefix(l.Message, "serving GitHub webhooks") {
			address <- l.Address
		}
	}
}

func (c *child) waitFor(t *testing.T, message string) {
	t.Helper()
	c.waitForWithin(t, message, 30*time.Second)
}

// waitForWithin waits until the child logged message, at most wait.
func (c *child) waitForWithin(t *testing.T, message string, wait time.Duration) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !strings.Contains(c.logs.String(), message) {
		if time.Now().After(deadline) {
			t.Fatalf("the server never logged %q:\n%s", message, c.logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill ends the child with SIGKILL, as the kernel's OOM killer or a lost node does.
func (c *child) kill() {
	_ = c.cmd.Process.Kill()
	<-c.exited
}
