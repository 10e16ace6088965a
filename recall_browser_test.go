package plenum_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"plenum"
	"plenum/web"
)

// TestBrowserRecall carries a recall through in a browser with JavaScript
// disabled: Lena, of North, finds Hannah Weber's record from the unit's
// page and opens a petition to recall her from the Branch committee; other
// members sign until the threshold, Olga last in the browser, and the
// recall vote is scheduled. The vote's result is applied as its
// certification does (the booth is tested on its own); Hannah is recalled,
// and the by-election for her seat appears on the unit's elections. It lives
// here, not in package web, to reach that step of the domain.
func TestBrowserRecall(t *testing.T) {
	bin := os.Getenv("PLENUM_TEST_CHROMIUM")
	if bin == "" {
		t.Skip("PLENUM_TEST_CHROMIUM is not set: no browser test (scripts/test sets it)")
	}
	r := newRTU(t, 0)
	// Late in the founding terms, as the web tests run: the browser drops
	// session cookies whose expiry has passed on its own clock.
	r.clock.t = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	srv, err := web.New(web.Config{PlainHTTP: true, Now: r.clock.now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		web.Deps{App: r.app})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	base := ts.URL

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 900))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	bctx, cancel := context.WithTimeout(bctx, 90*time.Second)
	defer cancel()
	if _, err := chromedp.Call(bctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	dir := os.Getenv("PLENUM_TEST_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "recall-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func() string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text("main"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	logIn := func(name, email string) {
		t.Helper()
		step(name, chromedp.Navigate(base+"/login"), chromedp.WaitVisible("#email"),
			chromedp.SendKeys("#email", email+"@riverside-tenants.example"),
			chromedp.SendKeys("#password", "correct horse battery"),
			chromedp.Click(`//button[text()="Log in"]`),
			chromedp.WaitVisible(`//button[text()="Log out"]`))
	}

	logIn("01-login", "lena.fischer")
	step("02-unit", chromedp.Navigate(base+"/units/"+r.north.ID.String()), chromedp.WaitVisible(`//h1[text()="North branch"]`))
	step("03-record", chromedp.Click(`//main//a[text()="Hannah Weber"]`), chromedp.WaitVisible(`//h1[text()="Hannah Weber"]`))
	if s := text(); !strings.Contains(s, "Branch committee") || !strings.Contains(s, "running") {
		t.Fatalf("Hannah's record: %s", s)
	}
	step("04-petition",
		chromedp.Click(`//summary[contains(., "Branch committee")]`),
		chromedp.SendKeys(`//textarea[@name="reason"]`, "Voted against every repair the tenants asked for."),
		chromedp.Click(`//button[text()="Open the petition"]`),
		chromedp.WaitVisible(`//h1[contains(., "Recall of Hannah Weber")]`))
	if s := text(); !strings.Contains(s, "1 of 5 needed") || !strings.Contains(s, "You signed this petition") {
		t.Fatalf("the new petition: %s", s)
	}
	url, err := chromedp.Run(bctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	path := strings.TrimPrefix(url, base)
	n, err := strconv.ParseInt(strings.TrimPrefix(path, "/recalls/"), 10, 64)
	if err != nil {
		t.Fatalf("petition at %s", path)
	}
	id := plenum.RecallID(n)
	for _, first := range []string{"ana", "marek", "rahul"} {
		r.sign(t, first, id)
	}
	step("05-logout", chromedp.Click(`//button[text()="Log out"]`), chromedp.WaitVisible(`//a[text()="Log in"]`))
	logIn("06-olga", "olga.petrova")
	step("07-sign", chromedp.Navigate(base+path), chromedp.WaitVisible(`//button[text()="Sign the petition"]`))
	step("08-signed", chromedp.Click(`//button[text()="Sign the petition"]`), chromedp.WaitVisible(`//strong[text()="Recall vote scheduled"]`))
	if s := text(); !strings.Contains(s, "5 of 5 needed") || !strings.Contains(s, "more than half of the votes cast") {
		t.Fatalf("at the threshold: %s", s)
	}

	// Seven of North's 22 members vote: 6 yes, 1 no; the election
	// commission certifies it.
	p, err := r.app.RecallPage(ctx, plenum.Visitor(), id)
	if err != nil {
		t.Fatal(err)
	}
	r.recallVote(t, p.Recall.Election, []string{"ana", "marek", "rahul", "olga", "lena", "kofi"}, []string{"grace"})
	step("09-recalled", chromedp.Navigate(base+path), chromedp.WaitVisible(`//strong[text()="Recalled"]`))
	if s := text(); !strings.Contains(s, "6 yes, 1 no") {
		t.Fatalf("the result: %s", s)
	}
	step("10-record-after", chromedp.Click(`//dd/a[text()="Hannah Weber"]`), chromedp.WaitVisible(`//h1[text()="Hannah Weber"]`))
	if s := text(); !strings.Contains(s, "recalled") {
		t.Fatalf("Hannah's record after the recall: %s", s)
	}
	step("11-by-election", chromedp.Navigate(base+"/units/"+r.north.ID.String()+"/elections"), chromedp.WaitVisible(`//h1`))
	if s := text(); !strings.Contains(s, "By-election of Branch committee") {
		t.Fatalf("no by-election among North's elections: %s", s)
	}
	step("12-phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(base+path))
	t.Logf("screenshots in %s", dir)
}
