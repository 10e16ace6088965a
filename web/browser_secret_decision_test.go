package web

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSecretDecision has Grace put a secret decision to the Council
// in a browser without JavaScript: the decision's page shows its ballot
// waiting for the trustees' key and that she may vote, on a phone; the
// ballot's election page names the decision, and its booth asks the
// decision's title with yes, no and abstain.
func TestBrowserSecretDecision(t *testing.T) {
	ctx, dir := newBrowser(t)
	s := newTestServer(t, Config{})
	base := s.ts.URL
	step := stepper(t, ctx, dir, "s")
	step("login", logIn(base, officerEmail)...)
	step("-01-propose", chromedp.Navigate(base+"/bodies/"+s.council+"/decisions"),
		chromedp.SendKeys("#title", "Dismiss the organiser on probation"),
		chromedp.Click(`//input[@name="secret"]`),
		chromedp.Click(`//button[text()="Put to the vote"]`),
		chromedp.WaitVisible(`//h2[text()="Secret ballot"]`))
	step("s02-decision-phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Reload(),
		chromedp.WaitVisible(`//p[contains(., "making the ballot's key")]`),
		chromedp.WaitVisible(`//p[contains(., "You may vote")]`))
	step("s03-election", chromedp.Click(`//a[text()="The ballot, its trustees and its verifiable record"]`),
		chromedp.WaitVisible(`//h1[contains(., "Secret vote on decision")]`),
		chromedp.WaitVisible(`//a[text()="The decision"]`))
	step("s04-booth", chromedp.Click(`//a[text()="See the ballot"]`),
		chromedp.WaitVisible(`//legend[text()="Dismiss the organiser on probation"]`),
		chromedp.WaitVisible(`//span[text()="Abstain"]`), chromedp.WaitVisible(`//p[contains(., "once the trustees' key ceremony is complete")]`))
}
