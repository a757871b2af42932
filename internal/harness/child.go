package harness

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/githubfake"
	"github.com/iec62304-bot/iec62304-bot/internal/server"
)

// Child is the real binary serving webhooks as a child process: what the crash tests and the
// demo kill with SIGKILL, as the kernel's OOM killer or a lost node does, to show that nothing
// accepted is lost.
type Child struct {
	// Sender sends signed webhooks to the child.
	Sender githubfake.WebhookSender
	// Logs are the child's JSON log lines so far.
	Logs   *LogBuffer
	cmd    *exec.Cmd
	exited chan struct{}
}

// childStartTimeout bounds a child's start: building nothing, it starts in a second; SQLite
// migrations on a loaded machine take longer.
const childStartTimeout = time.Minute

// StartChild runs command (the binary and its arguments: iec62304-bot serve) with env added to
// its environment (see Environment), and waits until it serves webhooks and has verified its
// credentials with the fake GitHub.
func StartChild(command []string, env map[string]string) (*Child, error) {
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", command[0], err)
	}
	c := &Child{Logs: &LogBuffer{}, cmd: cmd, exited: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", command[0], err)
	}
	address := make(chan string, 1)
	go c.readLogs(stderr, address)
	go func() { _ = cmd.Wait(); close(c.exited) }()
	select {
	case addr := <-address:
		c.Sender = githubfake.WebhookSender{URL: "http://" + addr + server.WebhookPath, Secret: WebhookSecret}
	case <-c.exited:
		return nil, fmt.Errorf("the server exited at start:\n%s", c.Logs.String())
	case <-time.After(childStartTimeout):
		c.Kill()
		return nil, fmt.Errorf("the server did not start listening:\n%s", c.Logs.String())
	}
	if err := c.WaitLog("GitHub App credentials verified", childStartTimeout); err != nil {
		c.Kill()
		return nil, err
	}
	return c, nil
}

// readLogs keeps the child's log lines and reports the webhook address it listens on.
func (c *Child) readLogs(r io.Reader, address chan<- string) {
	lines := bufio.NewScanner(r)
	lines.Buffer(make([]byte, 1<<20), 1<<20)
	for lines.Scan() {
		line := lines.Text()
		c.Logs.Write([]byte(line + "\n"))
		var l struct{ Message, Address string }
		if json.Unmarshal([]byte(line), &l) == nil && strings.HasPrefix(l.Message, "serving GitHub webhooks") {
			address <- l.Address
		}
	}
}

// WaitLog waits until the child logged message, at most wait.
func (c *Child) WaitLog(message string, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for !strings.Contains(c.Logs.String(), message) {
		if time.Now().After(deadline) {
			return fmt.Errorf("the server never logged %q:\n%s", message, c.Logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}

// Kill ends the child with SIGKILL and waits until it is gone; killing a dead child does nothing.
func (c *Child) Kill() {
	_ = c.cmd.Process.Kill()
	<-c.exited
}
