package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserNotifications reads a notice with JavaScript disabled: the
// header's unread count leads to the notifications page, "mark read" clears
// it, and the settings save a choice; on a desktop and a phone.
func TestBrowserNotifications(t *testing.T) {
	ctx, dir := newBrowser(t)
	s := newTestServer(t, Config{})
	res := s.as(t, officerEmail).postForm("/units/"+s.north+"/articles", url.Values{"title": {"Assembly on Monday"},
		"kind": {"statement"}, "notify": {"on"}, "summary": {"In the community hall, at seven."}, "body": {"Come."}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.status)
	}
	base := s.ts.URL
	step := stepper(t, ctx, dir, "")
	step("n1-login", chromedp.Navigate(base+"/login"), chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", northEmail), chromedp.SendKeys("#password", password),
		chromedp.Click(`//button[text()="Log in"]`), chromedp.WaitVisible(`//a[contains(., "1 unread")]`))
	step("n2-notifications", chromedp.Click(`//a[contains(., "1 unread")]`), chromedp.WaitVisible(`//h1[text()="Notifications"]`))
	if text, err := chromedp.Run(ctx, chromedp.Text("main")); err != nil || !strings.Contains(text, "Assembly on Monday") {
		t.Fatalf("notifications page (%v): %s", err, text)
	}
	step("n3-read", chromedp.Click(`//button[text()="Mark read"]`), chromedp.WaitVisible(`//p[contains(., "All read.")]`))
	step("n4-settings", chromedp.Click(`//main//a[text()="Notification settings"]`), chromedp.WaitVisible(`//h1[text()="Notification settings"]`))
	step("n5-saved", chromedp.Click(`//input[@name="motion"][@value="weekly"]`), chromedp.Click(`//button[text()="Save"]`),
		chromedp.WaitVisible(`//p[text()="Saved."]`))
	step("n6-settings-phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(base+"/notifications/settings"))
	step("n7-notifications-phone", chromedp.Navigate(base+"/notifications"))
	t.Logf("screenshots in %s", dir)
}
