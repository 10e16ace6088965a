package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"plenum/web/browsertest"
)

// newBrowser starts headless Chromium with JavaScript disabled in its tab
// (see browsertest.Start), and returns the tab's context and the directory
// where screenshots go.
func newBrowser(t *testing.T) (context.Context, string) {
	t.Helper()
	return browsertest.Start(t, false, 2*time.Minute)
}

// screenshot saves the whole page as dir/name.png.
func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	browsertest.Screenshot(t, ctx, dir, name)
}

// stepper returns the step of a browser test: it runs the actions in the
// tab, fails the test naming the step, and saves a screenshot of the pages
// whose step names start with shots (a loaded machine may take seconds for
// each, so tests keep them to the pages that matter).
func stepper(t *testing.T, ctx context.Context, dir, shots string) func(name string, actions ...chromedp.Action[chromedp.Void]) {
	return func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.HasPrefix(name, shots) {
			screenshot(t, ctx, dir, name)
		}
	}
}

// logIn is the actions that log email in on the server at base, waiting
// for the page after it to show its own button: the old page would let the
// next navigation abort the form.
func logIn(base, email string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{chromedp.Navigate(base + "/login"), chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", email), chromedp.SendKeys("#password", password),
		chromedp.Click(`//button[text()="Log in"]`), chromedp.WaitVisible(`//button[text()="Log out"]`)}
}

// TestBrowser logs into the demo organization with JavaScript disabled, as
// a member of the North branch, and browses units, an office, the member
// directory and the record, saving a screenshot of each page.
func TestBrowser(t *testing.T) {
	ctx, dir := newBrowser(t)
	s := newTestServer(t, Config{})
	base := s.ts.URL
	step := stepper(t, ctx, dir, "")
	heading := func(want string) {
		t.Helper()
		h1, err := chromedp.Run(ctx, chromedp.Text("h1"))
		if err != nil || !strings.Contains(h1, want) {
			t.Fatalf("heading %q (%v), want %q", h1, err, want)
		}
	}
	step("01-instance", chromedp.Navigate(base+"/"))
	heading("Organizations")
	step("02-organization", chromedp.Click(`//a[contains(., "Riverside Tenants")]`), chromedp.WaitVisible(`//h1[contains(., "Riverside Tenants")]`))
	step("03-login", chromedp.Click(`//a[text()="Log in"]`), chromedp.WaitVisible("#email"))
	step("04-profile",
		chromedp.SendKeys("#email", northEmail),
		chromedp.SendKeys("#password", password),
		chromedp.Click(`//button[text()="Log in"]`),
		chromedp.WaitVisible(`//h1[contains(., "Olga Petrova")]`))
	step("05-units", chromedp.Click(`//nav//a[text()="Units"]`), chromedp.WaitVisible(`//h1[text()="Units"]`))
	step("06-unit", chromedp.Click(`//main//a[text()="North branch"]`), chromedp.WaitVisible(`//h1[text()="North branch"]`))
	step("07-office", chromedp.Click(`//main//a[text()="Branch secretary"]`), chromedp.WaitVisible(`//h1[text()="Branch secretary"]`))
	if text, err := chromedp.Run(ctx, chromedp.Text("main")); err != nil || !strings.Contains(text, "Grace Okafor") {
		t.Fatalf("office page: holder missing (%v): %s", err, text)
	}
	step("08-members", chromedp.Click(`//nav//a[text()="Members"]`), chromedp.WaitVisible(`//h1[contains(., "Members of Riverside")]`))
	step("09-members-search",
		chromedp.SendKeys("#q", "ol"),
		chromedp.Click(`//button[text()="Search"]`),
		chromedp.WaitVisible(`//caption[contains(., "begins with")]`))
	rows, err := chromedp.Run(ctx, chromedp.Nodes("tbody tr", chromedp.AtLeast(0)))
	if err != nil || len(rows) != 1 {
		t.Fatalf("search for \"ol\": %d rows (%v), want Olga Petrova alone", len(rows), err)
	}
	step("10-record", chromedp.Click(`//nav//a[text()="Record"]`), chromedp.WaitVisible(`//h1[text()="The record"]`))
	if text, err := chromedp.Run(ctx, chromedp.Text("main")); err != nil || !strings.Contains(text, "internal: members only") {
		t.Fatalf("record: no internal entry marked for a member (%v)", err)
	}
	step("11-unit-phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(base+"/units/"+s.north))
	step("12-office-phone", chromedp.Navigate(base+"/offices/"+s.secretary))
	dark := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, dark); err != nil {
		t.Fatal(err)
	}
	step("13-unit-dark", chromedp.EmulateReset(), chromedp.Navigate(base+"/units/"+s.north))
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
	step("14-logout", chromedp.Click(`//button[text()="Log out"]`), chromedp.WaitVisible(`//a[text()="Log in"]`))
	t.Logf("screenshots in %s", dir)
}
