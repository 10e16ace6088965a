package web

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"plenum"
)

// TestBrowserReferendum has members put a motion to a referendum in a
// browser without JavaScript: Olga demands it on the motion's page, three
// members sign (one in the browser), and the page shows the referendum
// called, its dates and rule, with the booth's link; the booth offers yes
// and no.
func TestBrowserReferendum(t *testing.T) {
	ctx, dir := newBrowser(t)
	s := newTestServer(t, Config{})
	base := s.ts.URL
	step := stepper(t, ctx, dir, "r")
	login := func(email string) {
		t.Helper()
		step("login", logIn(base, email)...)
	}
	bg := context.Background()
	if _, err := s.app.SupportMotion(bg, viewerOf(t, s.app, southEmail), mustMotionID(t, s.motion)); err != nil {
		t.Fatal(err)
	}
	url := base + "/motions/" + s.motion
	login(northEmail)
	step("r01-demand", chromedp.Navigate(url), chromedp.Click(`//button[text()="Demand a referendum"]`),
		chromedp.WaitVisible(`//strong[text()="Demand gathering signatures"]`))
	step("logout", chromedp.Click(`//button[text()="Log out"]`), chromedp.WaitVisible(`//a[text()="Log in"]`))
	for _, email := range []string{southEmail, "ana.ribeiro@riverside-tenants.example"} {
		m := memberByEmail(t, s.app, email)
		if email != southEmail {
			if _, err := s.app.OpenAccount(bg, plenum.CommandLine, m.ID, password); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.app.SignDemand(bg, viewerOf(t, s.app, email), mustMotionID(t, s.motion)); err != nil {
			t.Fatal(err)
		}
	}
	login(officerEmail)
	step("r02-called", chromedp.Navigate(url), chromedp.Click(`//button[text()="Sign the demand"]`),
		chromedp.WaitVisible(`//strong[text()="Called: the members vote"]`))
	// The clock opens nominations and the campaign: the ballot is drawn up.
	for range 2 {
		if _, err := s.app.AdvanceElections(bg); err != nil {
			t.Fatal(err)
		}
	}
	step("r03-booth-phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Click(`//a[text()="The vote and its trustees"]`), chromedp.WaitVisible(`//h1[contains(., "Referendum on motion")]`),
		chromedp.Navigate(strings.Replace(url, "/motions/"+s.motion, "", 1)+mustBoothLink(t, s)),
		chromedp.WaitVisible(`//span[text()="Yes"]`), chromedp.WaitVisible(`//a[text()="The motion"]`))
}

// mustBoothLink is the booth of the referendum on the fixture's motion.
func mustBoothLink(t *testing.T, s *testServer) string {
	t.Helper()
	p, err := s.app.MotionPage(context.Background(), viewerOf(t, s.app, northEmail), mustMotionID(t, s.motion))
	if err != nil || len(p.Referendums) == 0 || p.Referendums[0].Election == 0 {
		t.Fatalf("no referendum: %v", err)
	}
	return "/elections/" + p.Referendums[0].Election.String() + "/booth"
}
