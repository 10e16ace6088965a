package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	ts := newBareServer(t)
	for _, path := range []string{"/record/key", "/no/such/page", "/healthz", "/api/v1/record/key"} {
		res := get(t, ts, path)
		h := res.Header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "script-src") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
}

func TestStaticFilesHaveHashedNamesAndLongCache(t *testing.T) {
	ts := newBareServer(t)
	body := bodyOf(t, get(t, ts, "/record/key"))
	m := regexp.MustCompile(`href="(/static/style\.[0-9a-f]{8}\.css)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no hashed stylesheet link in %s", body)
	}
	res := get(t, ts, m[1])
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: %d %v", res.StatusCode, res.Header)
	}
	if res := get(t, ts, "/static/style.css"); res.StatusCode != 404 {
		t.Errorf("unhashed name: status %d, want 404", res.StatusCode)
	}
}

func TestHealthzChecksTheDatabase(t *testing.T) {
	s := newTestServer(t, Config{})
	if res := get(t, s.ts, "/healthz"); res.StatusCode != 200 {
		t.Fatalf("healthy: %d", res.StatusCode)
	}
	s.db.Close()
	res := get(t, s.ts, "/healthz")
	if body := bodyOf(t, res); res.StatusCode != 503 || body != "database unavailable\n" {
		t.Fatalf("unhealthy: %d %q", res.StatusCode, body)
	}
}

func TestMetricsCountRequests(t *testing.T) {
	ts := newBareServer(t)
	get(t, ts, "/record/key")
	get(t, ts, "/no/such/page")
	body := bodyOf(t, get(t, ts, "/metrics"))
	for _, want := range []string{
		`plenum_http_requests_total{route="/record/key",status="200"} 1`,
		`plenum_http_requests_total{route="/",status="404"} 1`,
		`plenum_http_request_duration_seconds_bucket{route="/record/key",le="+Inf"} 1`,
		`plenum_http_request_duration_seconds_count{route="/record/key"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s:\n%s", want, body)
		}
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	ts := newBareServer(t)
	for _, tc := range []struct {
		site string
		want int
	}{{"cross-site", 403}, {"same-site", 403}, {"same-origin", 404}, {"", 404}} {
		req, _ := http.NewRequest("POST", ts.URL+"/anything", strings.NewReader("a=b"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if tc.site != "" {
			req.Header.Set("Sec-Fetch-Site", tc.site)
		}
		res := do(t, ts, req)
		if res.StatusCode != tc.want {
			t.Errorf("Sec-Fetch-Site %q: status %d, want %d", tc.site, res.StatusCode, tc.want)
		}
	}
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/anything", nil)
	req.Header.Set("Origin", "https://evil.example")
	res := do(t, ts, req)
	if body := bodyOf(t, res); res.StatusCode != 403 || !strings.Contains(body, `"kind": "forbidden"`) {
		t.Errorf("API cross-origin: %d %s", res.StatusCode, body)
	}
}

func TestWindowLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newWindowLimiter(3, time.Minute, func() time.Time { return now })
	for i := range 3 {
		if ok, _ := l.allow("a"); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	ok, retry := l.allow("a")
	if ok || retry != time.Minute {
		t.Fatalf("4th attempt: ok=%v retry=%v", ok, retry)
	}
	if ok, _ := l.allow("b"); !ok {
		t.Fatal("another key was limited")
	}
	now = now.Add(time.Minute)
	if ok, _ := l.allow("a"); !ok {
		t.Fatal("not allowed after the window")
	}
	l.reset("a")
	if len(l.keys) != 1 {
		t.Fatalf("reset left %d keys", len(l.keys))
	}
}

func TestQuoteLabel(t *testing.T) {
	if got := quoteLabel("a\"b\\c\nd"); got != `"a\"b\\c\nd"` {
		t.Fatalf("got %s", got)
	}
}

func newBareServer(t *testing.T) *httptest.Server { return newTestServer(t, Config{}).ts }

func get(t *testing.T, ts *httptest.Server, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("GET", ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, ts, req)
}

func do(t *testing.T, ts *httptest.Server, req *http.Request) *http.Response {
	t.Helper()
	c := *ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func bodyOf(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestInternalErrorsStayInTheLog: when the database fails, users get a plain
// message and a 500; the cause goes to the log only.
func TestInternalErrorsStayInTheLog(t *testing.T) {
	s := newTestServer(t, Config{})
	s.db.Close()
	c := s.client(t)
	for _, path := range []string{"/orgs/" + orgSlug, "/api/v1/orgs/" + orgSlug} {
		res := c.get(path)
		if res.status != 500 || !strings.Contains(res.body, "Something went wrong on our side") || strings.Contains(res.body, "closed") || strings.Contains(res.body, "sql") {
			t.Errorf("%s: %d %s", path, res.status, res.body)
		}
	}
	if logs := s.logs.String(); !strings.Contains(logs, `"msg":"internal error"`) || !strings.Contains(logs, "closed") {
		t.Errorf("the cause is not in the log:\n%s", logs)
	}
}

// TestMetricsAndLogsNameRoutesNotPaths: a token in a path reaches neither the
// metrics nor the request log.
func TestMetricsAndLogsNameRoutesNotPaths(t *testing.T) {
	s := newTestServer(t, Config{})
	const token = "Zm9yZ2VkLXRva2VuLXRoYXQtbXVzdC1ub3QtbGVhaw"
	s.client(t).get("/invitations/" + token)
	s.client(t).get("/api/v1/invitations/" + token + "?x=" + token)
	metrics := s.client(t).get("/metrics").body
	if !strings.Contains(metrics, `route="/invitations/{token}",status="404"`) || strings.Contains(metrics, token) {
		t.Errorf("metrics:\n%s", metrics)
	}
	if logs := s.logs.String(); strings.Contains(logs, token) || !strings.Contains(logs, `"route":"/api/v1/invitations/{token}"`) {
		t.Errorf("logs:\n%s", logs)
	}
}
