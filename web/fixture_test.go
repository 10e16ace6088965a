package web

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"plenum"
	"plenum/constitution"
	"plenum/sqlstore"
	"plenum/storetest"
)

// The fixture is the tenants' union of examples/: Riverside with a North and
// a South branch. Its roles: a visitor, a member of North, a member of South,
// an officer (Grace Okafor holds founding mandates at Riverside and North),
// and the instance operator.
const (
	orgSlug       = "riverside-tenants-union"
	northEmail    = "olga.petrova@riverside-tenants.example"
	southEmail    = "noah.schmidt@riverside-tenants.example"
	officerEmail  = "grace.okafor@riverside-tenants.example"
	operatorEmail = "operator@plenum.example"
	password      = "correct horse battery"
	// memberEmails is what every member's email in the fixture ends with:
	// it must never reach a visitor or the operator.
	memberEmails = "@riverside-tenants.example"
)

// fixtureNow is the fixture's clock: while the founding mandates run.
var fixtureNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

type testServer struct {
	srv  *Server
	ts   *httptest.Server
	app  *plenum.App
	db   *sqlstore.DB
	logs *syncBuffer
	// IDs of the fixture, as strings for URLs.
	riverside, north, south, secretary string
	uninvited                          string // a member of North with no account
	// Articles of North: a public one by its officer, one for members only.
	publicArticle, membersArticle string
	// A case the officer filed against the uninvited member, with a file.
	filedCase, caseFile string
	// The officer's member ID, and a petition of North's member to recall
	// the officer from North's Branch secretary, and that term.
	officer, recall, recalled string
	// The Council of Riverside, a resolution put to its vote, a member's
	// motion to it, and a meeting it called.
	council, decision, motion, meeting string
	// The private calendar of the member of North.
	calendar string
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newTestServer founds the tenants' union in a fresh SQLite database, opens
// the accounts of the roles, and serves it with httptest.
func newTestServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	return newTestServerOn(t, cfg, storetest.SQLite(t))
}

// newTestServerOn is newTestServer on the database db.
func newTestServerOn(t testing.TB, cfg Config, db *sqlstore.DB) *testServer {
	t.Helper()
	ctx := context.Background()
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	app := plenum.NewApp(db, key)
	app.Now = func() time.Time { return fixtureNow }
	// Cheap hashing keeps the tests fast; the parameters are in each hash.
	app.Argon2 = plenum.Argon2Params{Time: 1, Memory: 1024, Threads: 1}
	foundExample(t, app, "tenants-union")
	for _, email := range []string{northEmail, southEmail, officerEmail} {
		m := memberByEmail(t, app, email)
		if _, err := app.OpenAccount(ctx, plenum.CommandLine, m.ID, password); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.CreateOperator(ctx, plenum.CommandLine, operatorEmail, password); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	}
	cfg.PlainHTTP = true
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	srv, err := New(cfg, Deps{App: app})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	s := &testServer{srv: srv, ts: ts, app: app, db: db, logs: logs}
	s.riverside = unitID(t, app, "Riverside")
	s.north = unitID(t, app, "Riverside/North branch")
	s.south = unitID(t, app, "Riverside/South branch")
	s.secretary = officeID(t, app, s.riverside, "Secretary")
	s.uninvited = memberByEmail(t, app, "rahul.mehta@riverside-tenants.example").ID.String()
	s.publicArticle, s.membersArticle = fixtureArticles(t, app, s.north)
	s.filedCase, s.caseFile = fixtureCase(t, app, s.uninvited)
	s.officer = memberByEmail(t, app, officerEmail).ID.String()
	s.recall, s.recalled = fixtureRecall(t, app, s.north)
	s.council, s.decision = fixtureDecision(t, app, s.riverside)
	s.motion = fixtureMotion(t, app, s.council)
	s.meeting = fixtureMeeting(t, app, s.council)
	s.calendar = app.CalendarPath(memberByEmail(t, app, northEmail).ID)
	return s
}

// fixtureRecall has North's member open a petition to recall the officer
// from North's Branch secretary; it returns the petition and the term.
func fixtureRecall(t testing.TB, app *plenum.App, north string) (recall, term string) {
	t.Helper()
	ctx := context.Background()
	var tid plenum.TermID
	err := app.Store.View(ctx, func(tx plenum.Tx) error {
		terms, err := tx.MemberTerms(ctx, memberByEmail(t, app, officerEmail).ID)
		for _, tm := range terms {
			off, err := tx.Office(ctx, tm.Office)
			if err != nil {
				return err
			}
			if off.Name == "Branch secretary" && off.Unit.String() == north {
				tid = tm.ID
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rc, err := app.OpenRecall(ctx, loginViewer(t, app, northEmail), tid, "Has not called a branch meeting this year.")
	if err != nil {
		t.Fatal(err)
	}
	return rc.ID.String(), tid.String()
}

// loginViewer logs in as the member with email and returns the viewer.
func loginViewer(t testing.TB, app *plenum.App, email string) *plenum.Viewer {
	t.Helper()
	ctx := context.Background()
	token, _, err := app.Login(ctx, email, password, "")
	if err != nil {
		t.Fatal(err)
	}
	v, err := app.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// foundExample founds an organization of examples/ with its members, as
// plenum init does.
func foundExample(t testing.TB, app *plenum.App, name string) *plenum.Organization {
	t.Helper()
	dir := filepath.Join("..", "examples", name)
	src, err := os.ReadFile(filepath.Join(dir, "constitution.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := constitution.Parse("constitution.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "members.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, bad := plenum.ReadMembersCSV("members.csv", bytes.NewReader(csv))
	if len(bad) > 0 {
		t.Fatal(bad)
	}
	org, err := app.Found(context.Background(), plenum.CommandLine, plenum.Founding{
		File: "constitution.yaml", Source: src, Constitution: c,
		Members: &plenum.MemberImport{File: "members.csv", Rows: rows},
	})
	if err != nil {
		t.Fatal(err)
	}
	return org
}

func memberByEmail(t testing.TB, app *plenum.App, email string) *plenum.Member {
	t.Helper()
	var m *plenum.Member
	err := app.Store.View(context.Background(), func(tx plenum.Tx) error {
		org, err := tx.OrgBySlug(context.Background(), orgSlug)
		if err != nil {
			return err
		}
		m, err = tx.MemberByEmail(context.Background(), org.ID, email)
		return err
	})
	if err != nil {
		t.Fatalf("member %s: %v", email, err)
	}
	return m
}

func unitID(t testing.TB, app *plenum.App, path string) string {
	t.Helper()
	org, err := app.Org(context.Background(), orgSlug)
	if err != nil {
		t.Fatal(err)
	}
	units, err := app.UnitTree(context.Background(), org.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Path == path {
			return u.ID.String()
		}
	}
	t.Fatalf("no unit %s", path)
	return ""
}

func officeID(t testing.TB, app *plenum.App, unit, name string) string {
	t.Helper()
	id, _ := strconv.ParseInt(unit, 10, 64)
	p, err := app.Unit(context.Background(), plenum.Visitor(), plenum.UnitID(id))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range p.Offices {
		if o.Office.Name == name {
			return o.Office.ID.String()
		}
	}
	t.Fatalf("no office %s", name)
	return ""
}

// A client is one browser or script: a cookie jar and no redirects followed.
type client struct {
	t  testing.TB
	s  *testServer
	hc *http.Client
}

func (s *testServer) client(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &client{t: t, s: s, hc: hc}
}

// as returns a client logged in as the role named by email ("" for a visitor).
func (s *testServer) as(t testing.TB, email string) *client {
	c := s.client(t)
	if email != "" {
		res := c.postForm("/login", url.Values{"email": {email}, "password": {password}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("log in as %s: %d %s", email, res.status, res.body)
		}
	}
	return c
}

type response struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(req *http.Request) *response {
	c.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return &response{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (c *client) request(method, path string, body io.Reader, ctype string) *response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.s.ts.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	return c.do(req)
}

func (c *client) get(path string) *response { c.t.Helper(); return c.request("GET", path, nil, "") }

func (c *client) postForm(path string, v url.Values) *response {
	c.t.Helper()
	return c.request("POST", path, strings.NewReader(v.Encode()), "application/x-www-form-urlencoded")
}

func (c *client) postJSON(path string, v any) *response {
	c.t.Helper()
	b, _ := json.Marshal(v)
	return c.request("POST", path, bytes.NewReader(b), "application/json")
}

// decode reads a JSON response into v.
func (r *response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
}

func httptestRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// fixtureArticles publishes the fixture's articles in unit.
func fixtureArticles(t testing.TB, app *plenum.App, unit string) (public, members string) {
	t.Helper()
	ctx := context.Background()
	id, _ := strconv.ParseInt(unit, 10, 64)
	publish := func(email string, d plenum.ArticleDraft) string {
		v := loginViewer(t, app, email)
		d.Unit = plenum.UnitID(id)
		a, err := app.PublishArticle(ctx, v, d)
		if err != nil {
			t.Fatal(err)
		}
		return a.ID.String()
	}
	public = publish(officerEmail, plenum.ArticleDraft{Kind: plenum.KindStatement, Title: "Rent strike: day 3", Public: true,
		Summary: "The tenants of 12 Elm Street hold out.", Body: "We **stand together**.\n\n<script>alert(1)</script>"})
	members = publish(northEmail, plenum.ArticleDraft{Kind: plenum.KindArticle, Title: "Minutes of the branch",
		Body: "For members only."})
	return public, members
}
