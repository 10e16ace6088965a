// Package browsertest starts headless Chromium for plenum's browser tests,
// which drive it with chromedp: the web package's pages, and whole
// elections voted in the booth.
package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Start starts headless Chromium ($PLENUM_TEST_CHROMIUM; the test is
// skipped when it is not set, and scripts/test sets it), with JavaScript
// on or off in its tab, for at most timeout. It returns the tab's context
// and the directory where screenshots go: $PLENUM_TEST_ARTIFACTS, or the
// test's artifact directory (kept with go test -artifacts).
func Start(t *testing.T, script bool, timeout time.Duration) (context.Context, string) {
	t.Helper()
	bin := os.Getenv("PLENUM_TEST_CHROMIUM")
	if bin == "" {
		t.Skip("PLENUM_TEST_CHROMIUM is not set: no browser test (scripts/test sets it)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	if os.Geteuid() == 0 {
		// Chromium refuses to run as root with its sandbox on.
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !script}); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	dir := os.Getenv("PLENUM_TEST_ARTIFACTS")
	if dir == "" {
		dir = t.ArtifactDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return ctx, dir
}

// Screenshot saves the whole page as dir/name.png.
func Screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Do runs actions in the browser, failing the test after a minute, with
// the page's address and text, rather than waiting for the whole test's
// time.
func Do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	step, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(step, actions...); err != nil {
		url, _ := chromedp.Run(ctx, chromedp.Location())
		text, _ := chromedp.Run(ctx, chromedp.Text("body"))
		t.Fatalf("%v, on %s:\n%.2000s", err, url, text)
	}
}

// Text is the text of the page's main element.
func Text(t *testing.T, ctx context.Context) string {
	t.Helper()
	text, err := chromedp.Run(ctx, chromedp.Text("main"))
	if err != nil {
		t.Fatal(err)
	}
	return text
}
