package web

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"plenum"
)

// TestBrowserMotion takes a member's motion from draft to the Council's
// adopted decision in a browser without JavaScript: Olga drafts and submits
// it, Noah supports it onto the agenda, Grace of the Council puts it to the
// vote, votes and closes it, and Olga finds it adopted with its roll call.
// The other Council members vote through the domain.
func TestBrowserMotion(t *testing.T) {
	ctx, dir := newBrowser(t)
	s := newTestServer(t, Config{})
	base := s.ts.URL
	step := stepper(t, ctx, dir, "m")
	login := func(email string) {
		t.Helper()
		step("login-"+strings.Split(email, "@")[0], logIn(base, email)...)
	}
	// As after logging in, wait for the next page's own link.
	logout := func() {
		t.Helper()
		step("logout", chromedp.Click(`//button[text()="Log out"]`), chromedp.WaitVisible(`//a[text()="Log in"]`))
	}
	login(northEmail)
	step("-01-unit", chromedp.Navigate(base+"/units/"+s.riverside), chromedp.WaitVisible(`//h1[text()="Riverside"]`))
	step("-02-motions", chromedp.Click(`//a[@href="/bodies/`+s.council+`/motions"]`), chromedp.WaitVisible(`//h1[contains(., "Motions to Council")]`))
	step("m03-draft",
		chromedp.SendKeys("#title", "Free legal clinic"),
		chromedp.SendKeys("#text", "The union opens a free legal clinic every Saturday."),
		chromedp.SendKeys("#reason", "Evictions are rising."),
		chromedp.Click(`//button[text()="Save the draft"]`),
		chromedp.WaitVisible(`//h1[text()="Free legal clinic"]`))
	step("m04-submitted", chromedp.Click(`//button[text()="Submit for support"]`), chromedp.WaitVisible(`//strong[text()="Gathering support"]`))
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	logout()

	login(southEmail)
	step("-05-support", chromedp.Navigate(url), chromedp.Click(`//button[text()="Support this motion"]`),
		chromedp.WaitVisible(`//strong[text()="On the agenda"]`))
	logout()

	login(officerEmail)
	step("-06-put-to-vote", chromedp.Navigate(url), chromedp.Click(`//button[text()="Put the motion to the vote"]`),
		chromedp.WaitVisible(`//strong[text()="Being voted"]`))
	step("m07-decision", chromedp.Click(`//dt[text()="Decision"]/following-sibling::dd[1]/a`),
		chromedp.WaitVisible(`//h1[text()="Free legal clinic"]`))
	step("-08-voted", chromedp.Click(`//button[text()="Yes"]`), chromedp.WaitVisible(`//p[text()="You have voted."]`))
	decisionURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.ParseInt(decisionURL[strings.LastIndex(decisionURL, "/")+1:], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	id := plenum.DecisionID(n)
	for _, name := range []string{"ana.ribeiro", "samir.haddad", "lena.fischer"} {
		m := memberByEmail(t, s.app, name+"@riverside-tenants.example")
		if _, err := s.app.OpenAccount(context.Background(), plenum.CommandLine, m.ID, password); err != nil {
			t.Fatal(err)
		}
		if err := s.app.VoteOnDecision(context.Background(), viewerOf(t, s.app, m.Email), id, plenum.VoteYes); err != nil {
			t.Fatal(err)
		}
	}
	s.app.Now = func() time.Time { return fixtureNow.Add(8 * 24 * time.Hour) }
	step("m09-closed", chromedp.Navigate(decisionURL), chromedp.Click(`//button[text()="Close the vote"]`),
		chromedp.WaitVisible(`//strong[text()="Adopted"]`))
	logout()

	login(northEmail)
	step("m10-adopted", chromedp.Navigate(url), chromedp.WaitVisible(`//strong[text()="Adopted"]`))
	step("m11-decision-phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(decisionURL),
		chromedp.WaitVisible(`//h2[text()="Roll call"]`))
	text, err := chromedp.Run(ctx, chromedp.Text("main"))
	if err != nil || !strings.Contains(text, "Grace Okafor") || !strings.Contains(text, "4 yes, 0 no, 0 abstain") {
		t.Fatalf("decision page (%v): %s", err, text)
	}
}
