package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"plenum/storetest"
	"plenum/trustee"
	"plenum/web/browsertest"
)

// TestBrowserTrustees runs the trustees' work of an election in their
// pages in Chromium. Fatima does all of hers in the browser. Jon takes part
// in the key ceremony in the browser, then mixes and decrypts with plenum
// trustee run from the state file his page kept; Mei takes part in the
// ceremony with plenum trustee run, then loads her state file into her
// page and mixes and decrypts there. Members vote, the result is computed
// from the browser's and the terminal's work, the commission certifies,
// and the record downloaded from the election's page passes plenum verify.
// No request the server received carries a trustee's secret: their keys,
// their polynomial, their share of the election key, their passphrase or
// their sealed state. Screenshots of the trustee's page go to the test's
// artifact directory.
func TestBrowserTrustees(t *testing.T) {
	ctx, shots := browsertest.Start(t, true, 30*time.Minute)
	s := newElectionServer(t, storetest.SQLite(t), "fatima.zahra", "jon.eriksen", "mei.chen",
		"olga.petrova", "grace.okafor", "lena.fischer", "marek.kowalski")
	id, tl := s.toCeremony(t)
	page := s.url + "/elections/" + id
	var states []*trustee.State // every state the browser kept, to look for in the requests

	// Without JavaScript, the trustee's page says plainly that it needs it.
	logIn(t, ctx, s, "fatima")
	setScript(t, ctx, false)
	browsertest.Do(t, ctx, chromedp.Navigate(page+"/trustee"))
	if text := browsertest.Text(t, ctx); !strings.Contains(text, "The trustee's page needs JavaScript") || !strings.Contains(text, "plenum trustee run") {
		t.Errorf("the trustee's page without JavaScript: %s", text)
	}
	browsertest.Screenshot(t, ctx, shots, "trustee-no-javascript")
	setScript(t, ctx, true)
	// Only the election's trustees have a trustee's page.
	if _, err := s.session(t, "olga").Do(context.Background(), "GET", "/elections/"+id+"/trustee", nil); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("a member who is no trustee opens the trustee's page: %v", err)
	}

	// The key ceremony: Fatima and Jon in their pages, Mei in a terminal.
	for round := range 3 {
		for _, who := range []string{"fatima", "jon"} {
			browserTrustee(t, ctx, s, id, who, round == 0, shots, map[int]string{0: "trustee-start", 2: "trustee-ceremony"}[round])
			if round == 1 && who == "fatima" { // her polynomial is in her state between the deal and the key
				states = append(states, keptState(t, ctx, s, id, who))
				// Sealed at the server's work factor (the test's, 2^10).
				_, stanza, _ := bytes.Cut(kept(t, ctx, s, id, who), []byte("\n-> scrypt "))
				if line, _, _ := bytes.Cut(stanza, []byte("\n")); !bytes.HasSuffix(line, []byte(" 10")) {
					t.Errorf("the page sealed the state with another cost: scrypt %q", line)
				}
			}
		}
		s.trustee(t, id, "mei")
	}
	if text := browsertest.Text(t, ctx); !strings.Contains(text, "Your part is done for now") {
		t.Errorf("Jon's page after the ceremony: %s", text)
	}
	s.openVote(t, id, tl)
	for who, ranking := range map[string][]string{"olga": {"Grace Okafor", "Lena Fischer"}, "grace": {"Grace Okafor"},
		"lena": {"Lena Fischer", "Grace Okafor"}, "marek": {"Marek Kowalski", "Grace Okafor"}} {
		if out, err := s.vote(id, who, ranking...); err != nil {
			t.Fatalf("%s votes: %s, %v", who, out, err)
		}
	}

	// The tally: Fatima mixes in her page; Jon takes his state file from
	// his page to a terminal and mixes there; Mei loads the state file
	// plenum trustee run made into her page, on a phone, mixes and
	// decrypts; Fatima decrypts.
	s.tick(t, tl.VotingClose)
	browserTrustee(t, ctx, s, id, "fatima", false, shots, "")
	jon := keptState(t, ctx, s, id, "jon")
	states = append(states, jon)
	if err := os.WriteFile(filepath.Join(s.states, "jon.age"), kept(t, ctx, s, id, "jon"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := s.trustee(t, id, "jon"); !strings.Contains(out, "waits for another trustee's mix") {
		t.Errorf("Jon in a terminal with his browser's state: %s", out)
	}
	logIn(t, ctx, s, "mei")
	browsertest.Do(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(page+"/trustee"), chromedp.WaitEnabled("#run"),
		chromedp.SetUploadFiles("#state-file", []string{filepath.Join(s.states, "mei.age")}),
		chromedp.WaitVisible("#kept"))
	browsertest.Screenshot(t, ctx, shots, "trustee-phone-loaded")
	takeSteps(t, ctx, s, "mei", false)
	browsertest.Screenshot(t, ctx, shots, "trustee-phone-decrypted")
	states = append(states, keptState(t, ctx, s, id, "mei"))
	browsertest.Do(t, ctx, chromedp.EmulateViewport(1280, 900))
	browserTrustee(t, ctx, s, id, "fatima", false, shots, "trustee-decrypted")
	states = append(states, keptState(t, ctx, s, id, "fatima"))

	// The commission certifies by a decision; the record verifies.
	s.adoptCertification(t, id)
	browsertest.Do(t, ctx, chromedp.Navigate(page))
	if text := browsertest.Text(t, ctx); !strings.Contains(text, "Elected: Grace Okafor") {
		t.Errorf("the election's page does not show the result: %s", text)
	}
	// In Spanish, the trustee's page says Fatima's work is done.
	browsertest.Do(t, ctx, chromedp.Navigate(page+"/trustee"), chromedp.SetValue("#lang", "es"),
		chromedp.Click(`//form[@class="lang"]//button`), chromedp.WaitVisible(`//h1[contains(., "Página del custodio")]`))
	if text := browsertest.Text(t, ctx); !strings.Contains(text, "su trabajo en esta elección ha terminado") {
		t.Errorf("the trustee's page in Spanish: %s", text)
	}
	browsertest.Screenshot(t, ctx, shots, "trustee-es-done")
	verifyDownload(t, page+"/record")

	// No request carried a secret of the trustees who worked in the
	// browser.
	for _, st := range states {
		secrets := map[string][]byte{}
		secrets["signing seed"] = st.Identity.SigningSeed
		secrets["encryption key"] = st.Identity.EncryptionKey
		if st.Participant != nil {
			for i, a := range st.Participant.Polynomial {
				secrets["coefficient "+string(rune('0'+i))] = a.Bytes()
			}
		}
		if st.KeyShare != nil {
			secrets["key share"] = st.KeyShare.Secret.Bytes()
		}
		for name, b := range secrets {
			for _, enc := range []string{base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b),
				base64.RawURLEncoding.EncodeToString(b), hex.EncodeToString(b)} {
				leaked(t, s, "trustee "+string(rune('0'+st.Identity.Index))+"'s "+name, []byte(enc))
			}
		}
	}
	for _, who := range []string{"fatima", "jon", "mei"} {
		leaked(t, s, who+"'s passphrase", []byte(passphraseOf(who)))
	}
	header := []byte("age-encryption.org/v1")
	leaked(t, s, "a sealed state", header)
	leaked(t, s, "a sealed state", []byte(base64.StdEncoding.EncodeToString(header)[:24]))
	t.Logf("%d requests checked; screenshots in %s", len(s.requests.seen), shots)
}

// passphraseOf is the passphrase of a trustee's state, as s.trustee gives
// it to plenum trustee run.
func passphraseOf(first string) string { return "passphrase of " + first }

// browserTrustee logs in as the trustee named, opens their page from the
// election's page and takes their steps; fresh: they start, and choose
// their passphrase. A shot names the screenshot to take when their page
// has done its first pass ("" for none).
func browserTrustee(t *testing.T, ctx context.Context, s *electionServer, id, who string, fresh bool, shots, shot string) {
	t.Helper()
	logIn(t, ctx, s, who)
	browsertest.Do(t, ctx, chromedp.Navigate(s.url+"/elections/"+id), chromedp.Click(`//a[text()="Open your trustee's page"]`),
		chromedp.WaitEnabled("#run"))
	takeSteps(t, ctx, s, who, fresh)
	if shot != "" {
		browsertest.Screenshot(t, ctx, shots, shot)
	}
}

// takeSteps types the trustee's passphrase in their page, takes their
// steps and waits for the page to have looked once at what is due.
func takeSteps(t *testing.T, ctx context.Context, s *electionServer, who string, fresh bool) {
	t.Helper()
	browsertest.Do(t, ctx, chromedp.SendKeys("#passphrase", passphraseOf(who)))
	if fresh {
		browsertest.Do(t, ctx, chromedp.SendKeys("#passphrase2", passphraseOf(who)))
	}
	// A pass seals the state once or twice, in WebAssembly (at the test's
	// work factor), and checks what it sends: on a loaded machine, a while.
	browsertest.Do(t, ctx, chromedp.Click("#run"))
	pass, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if _, err := chromedp.Run(pass, chromedp.WaitVisible(`//p[@id="trustee-status" and (@data-passes or contains(@class, "error"))]`)); err != nil {
		t.Fatalf("%s's page: %v: %s", who, err, browsertest.Text(t, ctx))
	}
	if class, _ := chromedp.Run(ctx, chromedp.AttributeValue("#trustee-status", "class")); strings.Contains(class.Value, "error") {
		text, _ := chromedp.Run(ctx, chromedp.Text("#trustee-status"))
		t.Fatalf("%s's page: %s", who, text)
	}
}

// kept is the sealed state the browser keeps for the trustee named.
func kept(t *testing.T, ctx context.Context, s *electionServer, id, who string) []byte {
	t.Helper()
	var me struct{ Member struct{ ID string } }
	if err := s.session(t, who).get(context.Background(), "/api/v1/session", &me); err != nil {
		t.Fatal(err)
	}
	b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`localStorage.getItem("plenum.trustee.`+id+`.`+me.Member.ID+`") || ""`))
	if err != nil || b64 == "" {
		t.Fatalf("no state of %s's in the browser (%v)", who, err)
	}
	sealed, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	return sealed
}

// keptState opens the state the browser keeps for the trustee named.
func keptState(t *testing.T, ctx context.Context, s *electionServer, id, who string) *trustee.State {
	t.Helper()
	st, err := trustee.Open(kept(t, ctx, s, id, who), passphraseOf(who))
	if err != nil {
		t.Fatalf("%s's state in the browser: %v", who, err)
	}
	return st
}

// leaked fails the test if a request to s carried secret.
func leaked(t *testing.T, s *electionServer, name string, secret []byte) {
	t.Helper()
	s.requests.mu.Lock()
	defer s.requests.mu.Unlock()
	for _, r := range s.requests.seen {
		if bytes.Contains(r, secret) {
			line, _, _ := bytes.Cut(r, []byte("\n"))
			t.Errorf("%s reached the server: %s", name, line)
		}
	}
}
