package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"plenum"
	"plenum/secretballot"
	"plenum/storetest"
	"plenum/web/browsertest"
)

// TestBrowserElection runs a whole election of the Secretary in Chromium:
// Noah makes his own credential in the booth during the campaign; the
// election's page tells each trustee the command to run, and the election
// commission's three trustees run the key ceremony with plenum trustee run;
// five members vote in the booth, which encrypts their ballots in the
// browser, one of them auditing a ballot first on a phone; the trustees mix
// the ranked ballots and two of three decrypt; the commission certifies;
// the election's page shows the result; and the record downloaded from its
// link passes plenum verify, holding every ballot the browser cast and the
// one it audited. Screenshots of the booth and the result go to the test's
// artifact directory.
func TestBrowserElection(t *testing.T) {
	ctx, shots := browsertest.Start(t, true, 8*time.Minute)
	s := newElectionServer(t, storetest.SQLite(t), "fatima.zahra", "jon.eriksen", "mei.chen",
		"olga.petrova", "noah.schmidt", "grace.okafor", "lena.fischer", "marek.kowalski", "kofi.mensah")
	id, tl := s.toCeremony(t)
	page, booth := s.url+"/elections/"+id, s.url+"/elections/"+id+"/booth"

	// Noah makes his own credential during the campaign: plenum never
	// holds its secret.
	logIn(t, ctx, s, "noah")
	browsertest.Do(t, ctx, chromedp.Navigate(booth), chromedp.WaitEnabled("#make-credential"), chromedp.Click("#make-credential"),
		chromedp.WaitVisible("#own-secret"))
	own, err := chromedp.Run(ctx, chromedp.Text("#own-secret-value"))
	if _, perr := secretballot.ParseSecretCredential(own); err != nil || perr != nil {
		t.Fatalf("own credential %q: %v %v", own, err, perr)
	}
	browsertest.Screenshot(t, ctx, shots, "booth-own-credential")

	// The election's page tells each trustee what to run on their machine.
	logIn(t, ctx, s, "mei")
	browsertest.Do(t, ctx, chromedp.Navigate(page))
	want := "plenum trustee run --server " + s.url + " --election " + id + " --email " + s.emails["mei"]
	if text := browsertest.Text(t, ctx); !strings.Contains(text, "You are trustee 3") || !strings.Contains(text, want) {
		t.Errorf("the election's page does not tell trustee 3 to run %q: %s", want, text)
	}
	browsertest.Screenshot(t, ctx, shots, "election-trustee")
	for range 3 {
		for _, who := range commissioners {
			s.trustee(t, id, who)
		}
	}
	s.openVote(t, id, tl)

	// Without JavaScript, the booth says plainly that it needs it.
	setScript(t, ctx, false)
	browsertest.Do(t, ctx, chromedp.Navigate(booth))
	if text := browsertest.Text(t, ctx); !strings.Contains(text, "The voting booth needs JavaScript") {
		t.Errorf("the booth without JavaScript: %s", text)
	}
	browsertest.Screenshot(t, ctx, shots, "booth-no-javascript")
	setScript(t, ctx, true)

	// Five members vote in the booth, reached from the election's page;
	// Olga audits a ballot first, on a phone. Grace has three first
	// preferences of five.
	ballots := []struct {
		who     string
		ranking []string
	}{
		{"olga", []string{"Grace Okafor", "Lena Fischer"}},
		{"noah", []string{"Grace Okafor"}},
		{"lena", []string{"Lena Fischer", "Grace Okafor"}},
		{"marek", []string{"Marek Kowalski", "Lena Fischer"}},
		{"kofi", []string{"Grace Okafor", "Marek Kowalski"}},
	}
	var trackers []string
	var audited string
	for i, b := range ballots {
		logIn(t, ctx, s, b.who)
		if i == 0 {
			browsertest.Do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
		}
		browsertest.Do(t, ctx, chromedp.Navigate(page), chromedp.Click(`//a[text()="Vote in the booth"]`), chromedp.WaitEnabled("#cast"))
		rank(t, ctx, b.ranking)
		if b.who == "noah" {
			browsertest.Do(t, ctx, chromedp.SendKeys("#credential", own))
		}
		if i == 0 {
			browsertest.Screenshot(t, ctx, shots, "booth-phone")
			browsertest.Do(t, ctx, chromedp.Click("#audit"), chromedp.WaitVisible("#audit-result"),
				chromedp.WaitVisible(`//p[@id="booth-status" and contains(., "published")]`))
			opened, err := chromedp.Run(ctx, chromedp.Text("#audit-choices"))
			if err != nil || strings.Join(strings.Fields(opened), " ") != "Grace Okafor Lena Fischer" {
				t.Errorf("the audited ballot opens to %q (%v), want Grace then Lena", opened, err)
			}
			audited, _ = chromedp.Run(ctx, chromedp.Text("#audit-tracker"))
			browsertest.Screenshot(t, ctx, shots, "booth-audited-phone")
		}
		browsertest.Do(t, ctx, chromedp.Click("#cast"), chromedp.WaitVisible("#receipt"))
		tracker, err := chromedp.Run(ctx, chromedp.Text("#tracker"))
		if err != nil || len(tracker) != 43 || tracker == audited {
			t.Fatalf("%s's tracker %q (%v)", b.who, tracker, err)
		}
		trackers = append(trackers, tracker)
		switch i {
		case 0:
			browsertest.Screenshot(t, ctx, shots, "booth-cast-phone")
			browsertest.Do(t, ctx, chromedp.EmulateViewport(1280, 900))
		case 1:
			browsertest.Screenshot(t, ctx, shots, "booth-cast")
		}
	}
	// A voter who voted sees it, and may not vote again.
	browsertest.Do(t, ctx, chromedp.Navigate(booth), chromedp.WaitVisible(`//p[contains(., "A ballot of yours was recorded")]`))
	if n, err := chromedp.Run(ctx, chromedp.Nodes("#cast", chromedp.AtLeast(0))); err != nil || len(n) != 0 {
		t.Errorf("a voter who voted is offered to cast again (%v)", err)
	}
	browsertest.Screenshot(t, ctx, shots, "booth-voted")
	// The tracker, as the email links to it, is in the record.
	browsertest.Do(t, ctx, chromedp.Navigate(s.url+"/elections/"+id+"/track?tracker="+trackers[0]),
		chromedp.WaitVisible(`//p[contains(., "This ballot is in the election's record")]`))
	browsertest.Screenshot(t, ctx, shots, "tracker")

	// The tally: the trustees mix in turn, then Mei and Fatima decrypt.
	s.tick(t, tl.VotingClose)
	for _, who := range []string{"fatima", "jon", "mei", "fatima"} {
		s.trustee(t, id, who)
	}
	// The commission certifies by a decision: Fatima and Jon vote through
	// the API, Mei in the browser from the election's page, and she closes
	// the vote.
	c, err := s.app.Certification(context.Background(), plenum.Visitor(), plenum.ElectionID(mustInt(t, id)))
	if err != nil || len(c.Decisions) != 1 {
		t.Fatalf("certification: %+v, %v", c, err)
	}
	for who, choice := range map[string]string{"fatima": "yes", "jon": "abstain"} {
		if err := voteOnDecision(s.session(t, who), c.Decisions[0].ID.String(), choice); err != nil {
			t.Fatalf("%s votes %s: %v", who, choice, err)
		}
	}
	logIn(t, ctx, s, "mei")
	browsertest.Do(t, ctx, chromedp.Navigate(page), chromedp.WaitVisible(`//h2[text()="Certification"]`))
	if text := browsertest.Text(t, ctx); !strings.Contains(text, "the commission votes until") {
		t.Errorf("the election's page does not show the certification being voted on: %s", text)
	}
	browsertest.Do(t, ctx, chromedp.Click(`//a[starts-with(text(), "Decision ")]`), chromedp.WaitVisible(`//button[@value="yes"]`))
	browsertest.Screenshot(t, ctx, shots, "certification")
	browsertest.Do(t, ctx, chromedp.Click(`//button[@value="yes"]`), chromedp.WaitVisible(`//form[contains(@action, "/close")]/button`),
		chromedp.Click(`//form[contains(@action, "/close")]/button`), chromedp.WaitNotPresent(`//form[contains(@action, "/close")]`))
	browsertest.Do(t, ctx, chromedp.Navigate(page))
	if text := browsertest.Text(t, ctx); !strings.Contains(text, "Elected: Grace Okafor") || !strings.Contains(text, "certified") ||
		!strings.Contains(text, "adopted: the result is certified (2 yes, 0 no, 1 abstain)") {
		t.Errorf("the election's page does not show the certified result: %s", text)
	}
	browsertest.Screenshot(t, ctx, shots, "result")

	// The record, from the link on the election's page, passes plenum
	// verify and holds the browser's ballots and its audit.
	links, err := chromedp.Run(ctx, chromedp.Nodes(`//a[@href="/elections/`+id+`/record"]`, chromedp.AtLeast(0)))
	if err != nil || len(links) == 0 {
		t.Fatalf("no link to the record on the election's page (%v)", err)
	}
	items := recordItems(t, verifyDownload(t, s.url+links[0].AttributeValue("href")))
	for _, tr := range trackers {
		if items[tr] != secretballot.EventBallots {
			t.Errorf("the tracker %s shown in the browser is not a ballot of the record", tr)
		}
	}
	if items[audited] != secretballot.EventAudits {
		t.Errorf("the audited ballot %s is not published in the record", audited)
	}
	t.Logf("screenshots in %s", shots)
}

// logIn logs the browser in as the member named, out of any other account.
func logIn(t *testing.T, ctx context.Context, s *electionServer, first string) {
	t.Helper()
	browsertest.Do(t, ctx, chromedp.Navigate(s.url+"/login"), chromedp.WaitVisible("footer"))
	if n, _ := chromedp.Run(ctx, chromedp.Nodes(`//button[text()="Log out"]`, chromedp.AtLeast(0))); len(n) > 0 {
		browsertest.Do(t, ctx, chromedp.Click(`//button[text()="Log out"]`), chromedp.WaitVisible(`//a[text()="Log in"]`),
			chromedp.Navigate(s.url+"/login"))
	}
	browsertest.Do(t, ctx, chromedp.WaitVisible("#email"), chromedp.SendKeys("#email", s.emails[first]), chromedp.SendKeys("#password", apiPassword),
		chromedp.Click(`//button[text()="Log in"]`), chromedp.WaitVisible(`//button[text()="Log out"]`))
}

func setScript(t *testing.T, ctx context.Context, on bool) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on}); err != nil {
		t.Fatal(err)
	}
}

// rank gives the candidates named ranks 1, 2, ... in the booth, and leaves
// the others unranked.
func rank(t *testing.T, ctx context.Context, names []string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelectorAll("select[data-option]").forEach((s) => { s.value = ""; }) === undefined`)); err != nil {
		t.Fatal(err)
	}
	for i, name := range names {
		browsertest.Do(t, ctx, chromedp.SetValue(`//li[label[text()="`+name+`"]]/select`, strconv.Itoa(i+1)))
	}
}

// recordItems maps the tracker of every ballot and audited ballot in the
// record in dir to the type of its event.
func recordItems(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		_, typ, _ := strings.Cut(strings.TrimSuffix(f.Name(), ".jsonl"), "-")
		if typ != secretballot.EventBallots && typ != secretballot.EventAudits {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		for _, line := range lines[1:] {
			if typ == secretballot.EventAudits {
				var a secretballot.Audit
				if err := json.Unmarshal([]byte(line), &a); err != nil {
					t.Fatal(err)
				}
				line = string(a.Ballot)
			}
			out[secretballot.Tracker([]byte(line)).String()] = typ
		}
	}
	return out
}
