package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserRecall carries a recall in a browser with JavaScript disabled:
// a member of North finds Hannah Weber's record from the unit's page and
// opens a petition to recall her from the Branch committee, other members
// sign it until the threshold, and the recall vote is scheduled.
func TestBrowserRecall(t *testing.T) {
	ctx, dir := newBrowser(t)
	s := newTestServer(t, Config{})
	base := s.ts.URL
	signers := northSigners(t, s, "ana.ribeiro", "lena.fischer", "marek.kowalski", "rahul.mehta")
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		screenshot(t, ctx, dir, name)
	}
	mainText := func() string {
		t.Helper()
		text, err := chromedp.Run(ctx, chromedp.Text("main"))
		if err != nil {
			t.Fatal(err)
		}
		return text
	}
	step("recall-01-login", chromedp.Navigate(base+"/login"), chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", "lena.fischer@riverside-tenants.example"),
		chromedp.SendKeys("#password", password),
		chromedp.Click(`//button[text()="Log in"]`),
		chromedp.WaitVisible(`//h1[contains(., "Lena Fischer")]`))
	step("recall-02-unit", chromedp.Navigate(base+"/units/"+s.north), chromedp.WaitVisible(`//h1[text()="North branch"]`))
	step("recall-03-record", chromedp.Click(`//main//a[text()="Hannah Weber"]`), chromedp.WaitVisible(`//h1[text()="Hannah Weber"]`))
	if text := mainText(); !strings.Contains(text, "Branch committee") || !strings.Contains(text, "running") {
		t.Fatalf("Hannah's record: %s", text)
	}
	step("recall-04-petition",
		chromedp.Click(`//summary[contains(., "Branch committee")]`),
		chromedp.SendKeys(`//textarea[@name="reason"]`, "Voted against every repair the tenants asked for."),
		chromedp.Click(`//button[text()="Open the petition"]`),
		chromedp.WaitVisible(`//h1[contains(., "Recall of Hannah Weber")]`))
	if text := mainText(); !strings.Contains(text, "1 of 5 needed") || !strings.Contains(text, "You signed this petition") {
		t.Fatalf("the new petition: %s", text)
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	path := strings.TrimPrefix(url, base)
	for _, first := range []string{"ana.ribeiro", "marek.kowalski", "rahul.mehta"} {
		if res := signers[first].postForm(path+"/sign", nil); res.status != 303 {
			t.Fatalf("%s signs: %d", first, res.status)
		}
	}
	// The fifth signature, Olga's, in the browser.
	step("recall-05-logout", chromedp.Click(`//button[text()="Log out"]`), chromedp.WaitVisible(`//a[text()="Log in"]`))
	step("recall-06-olga", chromedp.Navigate(base+"/login"), chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", northEmail),
		chromedp.SendKeys("#password", password),
		chromedp.Click(`//button[text()="Log in"]`),
		chromedp.WaitVisible(`//h1[contains(., "Olga Petrova")]`),
		chromedp.Navigate(base+path), chromedp.WaitVisible(`//button[text()="Sign the petition"]`))
	step("recall-07-signed", chromedp.Click(`//button[text()="Sign the petition"]`), chromedp.WaitVisible(`//strong[text()="Recall vote scheduled"]`))
	if text := mainText(); !strings.Contains(text, "5 of 5 needed") || !strings.Contains(text, "more than half of the votes cast") {
		t.Fatalf("at the threshold: %s", text)
	}
	step("recall-08-phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(base+path))
	step("recall-09-record-phone", chromedp.Navigate(base+"/units/"+s.north+"/recalls"))
	t.Logf("screenshots in %s", dir)
}
