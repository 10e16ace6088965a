package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"plenum/web/browsertest"
)

// TestBrowserNobodyVotes shows, in Chromium, the pages of an election
// nobody voted in: the trustee's page says there is nothing to decrypt and
// offers no step; the election's page says no ballots were cast and that
// no one is elected, without a table of rounds. Screenshots of both go to
// the test's artifact directory.
func TestBrowserNobodyVotes(t *testing.T) {
	ctx, shots := browsertest.Start(t, true, 10*time.Minute)
	s, id := nobodyVotes(t)
	logIn(t, ctx, s, "mei")
	browsertest.Do(t, ctx, chromedp.Navigate(s.url+"/elections/"+id+"/trustee"), chromedp.WaitVisible("footer"))
	text := browsertest.Text(t, ctx)
	if !strings.Contains(text, "No ballots were cast: there is nothing to decrypt.") || strings.Contains(text, "Take your steps") {
		t.Errorf("the trustee's page: %s", text)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Nodes("#trustee", chromedp.AtLeast(0))); len(n) > 0 {
		t.Error("the trustee's page offers to take steps when there is nothing to decrypt")
	}
	browsertest.Screenshot(t, ctx, shots, "trustee-no-ballots")
	browsertest.Do(t, ctx, chromedp.Navigate(s.url+"/elections/"+id), chromedp.WaitVisible("footer"))
	text = browsertest.Text(t, ctx)
	if !strings.Contains(text, "No ballots were cast: no one is elected.") || strings.Contains(text, "Votes at each round") {
		t.Errorf("the election's page: %s", text)
	}
	browsertest.Screenshot(t, ctx, shots, "election-no-ballots")
	t.Logf("screenshots in %s", shots)
}
