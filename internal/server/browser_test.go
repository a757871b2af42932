package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/iec62304-bot/iec62304-bot/internal/harness"
)

// chromium finds Debian's headless browser; .ci/run installs it, so CI never goes without.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium on PATH: .ci/run installs Debian's chromium package for this test")
	}
	t.Skip("no chromium on PATH: apt-get install chromium to run the browser test (CI does)")
	return ""
}

// artefacts is where the browser test leaves its screenshot: IEC62304_ARTIFACTS_DIR, or a
// folder in the system's temporary directory.
func artefacts(t *testing.T) string {
	dir := os.Getenv("IEC62304_ARTIFACTS_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "iec62304-bot-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A reviewer follows the check run's details link in a real browser: GitHub login (the fake's
// OAuth flow), back to the page, and the verdict, class derivation and evidence on it; then on
// to the repository's release record, through its form, with its downloads.
func TestBrowserLoginAndDetailsPage(t *testing.T) {
	browserPath := chromium(t)
	h := startWith(t, harness.Options{Login: true})
	s := opened(t, h, "class-c-fail")
	run := wantOne(t, h, s, "completed", "failure", 1)
	path, _ := strings.CutPrefix(run.GetDetailsURL(), harness.PublicURL)
	h.GitHub.GrantRead(owner, repo, "erin")
	h.GitHub.SetOAuthUser("erin")

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browserPath), chromedp.NoSandbox, chromedp.WindowSize(1280, 1600))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()

	if err := chromedp.Do(ctx, chromedp.Navigate(h.URL+path), chromedp.WaitVisible(chromedp.ID("verdict"))); err != nil {
		t.Fatalf("browse to the details page: %v", err)
	}
	read := func(a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	verdict, classTable := read(chromedp.Text(chromedp.ID("verdict"))), read(chromedp.Text(chromedp.ID("class")))
	signedIn, location := read(chromedp.Text(chromedp.CSS("header"))), read(chromedp.Location())
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(artefacts(t), "details-page.png")
	if err := os.WriteFile(file, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", file)
	if !strings.HasSuffix(location, path) {
		t.Errorf("after login the browser is at %s; want the page it asked for, %s", location, path)
	}
	if !strings.Contains(verdict, "Fails") || !strings.Contains(classTable, "Class C") || !strings.Contains(signedIn, "erin") {
		t.Errorf("the page shows verdict %q, class %q, header %q", verdict, classTable, signedIn)
	}

	// From there to the release record: the link, the form, the record with its downloads.
	mergedSinceTag(h, s)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href$="/release-record"]`)), chromedp.WaitVisible(chromedp.ID("from")),
		chromedp.SetValue(chromedp.ID("from"), "v1.0"), chromedp.SetValue(chromedp.ID("to"), "main"), chromedp.Submit(chromedp.ID("from")),
		chromedp.WaitVisible(chromedp.ID("deviations"))); err != nil {
		t.Fatalf("browse to the release record: %v", err)
	}
	summary, downloads := read(chromedp.Text(chromedp.CSS("p.verdict"))), read(chromedp.Text(chromedp.CSS("div.downloads")))
	if shot, err = chromedp.Run(ctx, chromedp.FullScreenshot(100)); err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(artefacts(t), "release-record.png")
	if err := os.WriteFile(file, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", file)
	if !strings.Contains(summary, "did not follow the process") || !strings.Contains(downloads, "CSV") || !strings.Contains(downloads, "JSON") {
		t.Errorf("the release record shows %q with downloads %q", summary, downloads)
	}
}
