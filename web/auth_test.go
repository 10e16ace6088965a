package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestLoginAndSessionCookie(t *testing.T) {
	s := newTestServer(t, Config{})
	c := s.client(t)
	res := c.postForm("/login", url.Values{"email": {northEmail}, "password": {password}, "next": {"/units/" + s.north}})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/units/"+s.north {
		t.Fatalf("login: %d to %q", res.status, res.header.Get("Location"))
	}
	cookie := res.header.Get("Set-Cookie")
	for _, want := range []string{"plenum_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("cookie %q lacks %s", cookie, want)
		}
	}
	if res := c.get("/me"); res.status != 200 || !strings.Contains(res.body, "Olga Petrova") {
		t.Fatalf("/me after login: %d", res.status)
	}
	// A "next" that leaves the site is dropped.
	res = s.client(t).postForm("/login", url.Values{"email": {northEmail}, "password": {password}, "next": {"//evil.example/"}})
	if res.header.Get("Location") != "/me" {
		t.Errorf("next //evil.example/: redirected to %q", res.header.Get("Location"))
	}
	// A wrong password says so, without telling whether the account exists.
	for _, email := range []string{northEmail, "nobody@riverside-tenants.example"} {
		res := s.client(t).postForm("/login", url.Values{"email": {email}, "password": {"wrong password"}})
		if res.status != http.StatusForbidden || !strings.Contains(res.body, "Wrong email or password") {
			t.Errorf("wrong password for %s: %d", email, res.status)
		}
	}
}

func TestSecureCookieUnlessPlainHTTP(t *testing.T) {
	s := newTestServer(t, Config{})
	s.srv.cfg.PlainHTTP = false
	rec := httptestRecorder()
	s.srv.setSessionCookie(rec, "token", time.Now().Add(time.Hour))
	c := rec.Header().Get("Set-Cookie")
	if !strings.HasPrefix(c, "__Host-plenum_session=") || !strings.Contains(c, "Secure") || !strings.Contains(c, "HttpOnly") {
		t.Fatalf("cookie %q", c)
	}
}

func TestAPILogin(t *testing.T) {
	s := newTestServer(t, Config{})
	c := s.client(t)
	res := c.postJSON("/api/v1/session", map[string]string{"email": officerEmail, "password": password})
	var sess sessionView
	res.decode(t, &sess)
	if res.status != 200 || sess.Kind != "member" || sess.Member.Name != "Grace Okafor" || sess.Expires == nil {
		t.Fatalf("login: %d %s", res.status, res.body)
	}
	if res := c.get("/api/v1/session"); !strings.Contains(res.body, `"kind": "member"`) {
		t.Fatalf("session: %s", res.body)
	}
	for _, tc := range []struct{ body, field string }{
		{`{"email": "a@b.c", "password": 5}`, "password"},
		{`{"email": "a@b.c", "pass": "x"}`, "pass"},
		{`{"email": `, ""},
		{``, ""},
		{`{"email": "a@b.c", "password": "x"} {}`, ""},
	} {
		res := s.client(t).request("POST", "/api/v1/session", strings.NewReader(tc.body), "application/json")
		var e struct{ Error problem }
		res.decode(t, &e)
		if res.status != 400 || e.Error.Kind != "invalid" || e.Error.Field != tc.field {
			t.Errorf("body %q: %d %s", tc.body, res.status, res.body)
		}
	}
}

// TestLoginRateLimit: past the bound on attempts for one account, further
// attempts are refused with 429 and Retry-After, even with the right password.
func TestLoginRateLimit(t *testing.T) {
	s := newTestServer(t, Config{LoginPerAccount: 3, LoginPerIP: 100})
	for i := 0; i < 3; i++ {
		res := s.client(t).postJSON("/api/v1/session", map[string]string{"email": southEmail, "password": "not the password"})
		if res.status != http.StatusForbidden {
			t.Fatalf("attempt %d: %d", i+1, res.status)
		}
	}
	res := s.client(t).postJSON("/api/v1/session", map[string]string{"email": southEmail, "password": password})
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") == "" || !strings.Contains(res.body, `"rate_limited"`) {
		t.Fatalf("4th attempt: %d %v %s", res.status, res.header, res.body)
	}
	res = s.client(t).postForm("/login", url.Values{"email": {strings.ToUpper(southEmail)}, "password": {password}})
	if res.status != http.StatusTooManyRequests || !strings.Contains(res.body, "Too many attempts") {
		t.Fatalf("HTML login past the limit: %d", res.status)
	}
	// Another account from the same address is not held back.
	if res := s.client(t).postJSON("/api/v1/session", map[string]string{"email": northEmail, "password": password}); res.status != 200 {
		t.Fatalf("other account: %d", res.status)
	}
}

func TestLoginRateLimitPerIP(t *testing.T) {
	s := newTestServer(t, Config{LoginPerAccount: 100, LoginPerIP: 4})
	emails := []string{"a@x.example", "b@x.example", "c@x.example", "d@x.example"}
	for _, e := range emails {
		s.client(t).postJSON("/api/v1/session", map[string]string{"email": e, "password": "guess guess guess"})
	}
	res := s.client(t).postJSON("/api/v1/session", map[string]string{"email": northEmail, "password": password})
	if res.status != http.StatusTooManyRequests {
		t.Fatalf("5th attempt from one address: %d", res.status)
	}
}

// TestCrossOriginStateChangesAreRefused: a form on another site cannot log
// anyone in or out, or invite, whatever cookies the browser holds.
func TestCrossOriginStateChangesAreRefused(t *testing.T) {
	s := newTestServer(t, Config{})
	c := s.as(t, officerEmail)
	for _, path := range []string{"/login", "/logout", "/members/" + s.uninvited + "/invitations", "/api/v1/members/" + s.uninvited + "/invitations", "/api/v1/session"} {
		req, _ := http.NewRequest("POST", s.ts.URL+path, strings.NewReader("email=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if res := c.do(req); res.status != http.StatusForbidden || !strings.Contains(res.body, "another site") {
			t.Errorf("cross-origin POST %s: %d", path, res.status)
		}
	}
	// The same requests from the site itself go through.
	req, _ := http.NewRequest("POST", s.ts.URL+"/members/"+s.uninvited+"/invitations", nil)
	req.Header.Set("Origin", s.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if res := c.do(req); res.status != http.StatusCreated {
		t.Errorf("same-origin invite: %d %s", res.status, res.body)
	}
	if res := c.get("/me"); res.status != 200 {
		t.Errorf("the session survived the refused logout: %d", res.status)
	}
}

// TestInvitationFlow: an officer invites a member, who sets a password with
// the link and is logged in; the link then no longer works. The link is in
// the log (until plenum sends email), and in no request log line.
func TestInvitationFlow(t *testing.T) {
	s := newTestServer(t, Config{})
	res := s.as(t, officerEmail).postForm("/members/"+s.uninvited+"/invitations", nil)
	m := regexp.MustCompile(`(http://[^<\s]+/invitations/([A-Za-z0-9_-]+))`).FindStringSubmatch(res.body)
	if res.status != http.StatusCreated || m == nil {
		t.Fatalf("invite: %d %s", res.status, res.body)
	}
	link, token := m[1], m[2]
	path := "/invitations/" + token
	c := s.client(t)
	if res := c.get(path); res.status != 200 || !strings.Contains(res.body, "Welcome, Rahul Mehta") {
		t.Fatalf("invitation page: %d", res.status)
	}
	res = c.postForm(path, url.Values{"password": {"a long password"}, "confirm": {"another password"}})
	if res.status != 400 || !strings.Contains(res.body, "The two passwords differ") {
		t.Fatalf("mismatch: %d", res.status)
	}
	res = c.postForm(path, url.Values{"password": {"short"}, "confirm": {"short"}})
	if res.status != 400 || !strings.Contains(res.body, "at least") {
		t.Fatalf("short password: %d", res.status)
	}
	res = c.postForm(path, url.Values{"password": {"a long password"}, "confirm": {"a long password"}})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/me" {
		t.Fatalf("accept: %d %s", res.status, res.body)
	}
	if res := c.get("/me"); res.status != 200 || !strings.Contains(res.body, "Rahul Mehta") {
		t.Fatalf("/me after accepting: %d", res.status)
	}
	if res := c.get(path); res.status != 404 {
		t.Errorf("used link: %d", res.status)
	}
	if res := s.client(t).postJSON("/api/v1/invitations/"+token, map[string]string{"password": "a long password"}); res.status != 404 {
		t.Errorf("used link, API: %d", res.status)
	}
	if res := s.client(t).postJSON("/api/v1/session", map[string]string{"email": "rahul.mehta@riverside-tenants.example", "password": "a long password"}); res.status != 200 {
		t.Errorf("login with the new password: %d", res.status)
	}
	logs := s.logs.String()
	var linkLines int
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if strings.Contains(line, token) {
			if rec["msg"] != "invitation created" || rec["link"] != link {
				t.Errorf("token in a log line: %s", line)
			}
			linkLines++
		}
		for _, secret := range []string{password, "a long password", "plenum_session="} {
			if strings.Contains(line, secret) {
				t.Errorf("secret %q in the log: %s", secret, line)
			}
		}
	}
	if linkLines != 1 {
		t.Errorf("the link is in %d log lines, want 1", linkLines)
	}
}

func TestAPIInvitationFlow(t *testing.T) {
	s := newTestServer(t, Config{})
	res := s.as(t, officerEmail).postJSON("/api/v1/members/"+s.uninvited+"/invitations", nil)
	var inv newInvitation
	res.decode(t, &inv)
	if res.status != 201 || inv.Member.Name != "Rahul Mehta" || !inv.Expires.After(fixtureNow) {
		t.Fatalf("invite: %d %s", res.status, res.body)
	}
	token := inv.Link[strings.LastIndex(inv.Link, "/")+1:]
	c := s.client(t)
	if res := c.get("/api/v1/invitations/" + token); res.status != 200 || !strings.Contains(res.body, "Rahul Mehta") {
		t.Fatalf("invitation: %d %s", res.status, res.body)
	}
	if res := c.postJSON("/api/v1/invitations/"+token, map[string]string{"password": "a long password"}); res.status != 204 {
		t.Fatalf("accept: %d %s", res.status, res.body)
	}
	if res := c.get("/api/v1/me"); res.status != 200 || !strings.Contains(res.body, "Rahul Mehta") {
		t.Fatalf("me: %d", res.status)
	}
}

// TestRunListensAndShutsDown starts the server on 127.0.0.1:0 and stops it
// through its context.
func TestRunListensAndShutsDown(t *testing.T) {
	s := newTestServer(t, Config{Addr: "127.0.0.1:0"})
	addr, err := s.srv.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.srv.Run(ctx) }()
	res, err := http.Get("http://" + addr.String() + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", res, err)
	}
	res.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get("http://" + addr.String() + "/healthz"); err == nil {
		t.Fatal("still serving after shutdown")
	}
}
