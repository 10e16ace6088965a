package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"plenum/sqlstore"
	"plenum/storetest"
)

// roles are the viewers of the authorization matrix, in the order of its
// columns.
var roles = []struct{ name, email string }{
	{"visitor", ""},
	{"member of the unit", northEmail},
	{"member of another unit", southEmail},
	{"operator", operatorEmail},
	{"officer", officerEmail},
}

const (
	ok    = http.StatusOK
	made  = http.StatusCreated
	none  = http.StatusNoContent
	login = http.StatusSeeOther // a page that needs a login sends a visitor to the form
	unau  = http.StatusUnauthorized
	forb  = http.StatusForbidden
	nf    = http.StatusNotFound
)

type route struct {
	method, path string
	want         [5]int // by role, as in roles
}

// matrix lists every GET route of the server with what each role gets. The
// North branch is "the unit": its member sees its directory; the member of
// South does not.
func (s *testServer) matrix() []route {
	org := "/orgs/" + orgSlug
	return []route{
		{"GET", "/", [5]int{ok, ok, ok, ok, ok}},
		{"GET", org, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/orgs/no-such-org", [5]int{nf, nf, nf, nf, nf}},
		{"GET", org + "/units", [5]int{ok, ok, ok, ok, ok}},
		{"GET", org + "/members", [5]int{login, ok, ok, forb, ok}},
		{"GET", org + "/members?q=ol", [5]int{login, ok, ok, forb, ok}},
		{"GET", "/units/" + s.north, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/units/999999", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/units/north", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/units/" + s.north + "/members", [5]int{login, ok, forb, forb, ok}},
		{"GET", "/units/" + s.south + "/members", [5]int{login, forb, ok, forb, ok}},
		{"GET", "/units/999999/members", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/offices/" + s.secretary, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/offices/999999", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/me", [5]int{login, ok, ok, forb, ok}},
		{"GET", "/login", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/invitations/not-a-token", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/record", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/record?org=" + orgSlug + "&unit=" + s.north, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/record?unit=x", [5]int{400, 400, 400, 400, 400}},
		{"GET", "/record/key", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/healthz", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/metrics", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/no/such/page", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/units/" + s.north + "/articles", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/units/999999/articles", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/units/" + s.north + "/articles?before=x", [5]int{400, 400, 400, 400, 400}},
		{"GET", "/units/" + s.north + "/articles.atom", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/unsubscribe/1.statements.forged", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/articles/" + s.publicArticle, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/articles/" + s.membersArticle, [5]int{nf, ok, nf, nf, ok}},
		{"GET", "/articles/999999", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/units/" + s.north + "/elections", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/units/999999/elections", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/elections/999999", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/elections/999999/booth", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/elections/999999/trustee", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/elections/999999/record", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/elections/999999/track?tracker=x", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/units/" + s.north + "/cases", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/units/999999/cases", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/units/" + s.north + "/cases?before=x", [5]int{400, 400, 400, 400, 400}},
		{"GET", "/members/" + s.uninvited + "/cases", [5]int{login, ok, ok, forb, ok}},
		{"GET", "/cases/" + s.filedCase, [5]int{nf, nf, nf, nf, ok}}, // the accuser; nothing is decided yet
		{"GET", "/cases/999999", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/cases/" + s.filedCase + "/evidence/" + s.caseFile, [5]int{nf, nf, nf, nf, ok}},
		{"GET", "/articles/" + s.publicArticle + "/print", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/bodies/" + s.council + "/decisions", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/bodies/" + s.council + "/decisions?before=x", [5]int{400, 400, 400, 400, 400}},
		{"GET", "/bodies/999999/decisions", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/decisions/" + s.decision, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/decisions/999999", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/bodies/" + s.council + "/motions", [5]int{login, ok, ok, forb, ok}},
		{"GET", "/motions/" + s.motion, [5]int{nf, ok, ok, nf, ok}},
		{"GET", "/motions/999999", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/bodies/" + s.council + "/meetings", [5]int{login, ok, ok, forb, ok}},
		{"GET", "/meetings/" + s.meeting, [5]int{nf, ok, ok, nf, ok}},
		{"GET", "/meetings/999999", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/articles/" + s.membersArticle + "/print", [5]int{nf, ok, nf, nf, ok}},
		{"GET", "/notifications", [5]int{login, ok, ok, forb, ok}},
		{"GET", "/notifications?before=x", [5]int{400, 400, 400, 400, 400}},
		{"GET", "/notifications/settings", [5]int{login, ok, ok, forb, ok}},
		{"GET", "/units/" + s.north + "/elections.atom", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/units/999999/elections.atom", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/units/" + s.riverside + "/decisions.atom", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/units/999999/decisions.atom", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/units/" + s.north + "/calendar.ics", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/units/999999/calendar.ics", [5]int{nf, nf, nf, nf, nf}},
		// The member's private calendar: the link is the key, whoever holds it.
		{"GET", s.calendar, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/calendar/1.forged.ics", [5]int{nf, nf, nf, nf, nf}},
		{"GET", strings.TrimSuffix(s.calendar, ".ics"), [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/members/" + s.officer + "/record", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/members/" + s.uninvited + "/record", [5]int{nf, nf, nf, nf, nf}}, // never held an office
		{"GET", "/members/999999/record", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/members/" + s.officer + "/feed.atom", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/units/" + s.north + "/recalls", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/units/999999/recalls", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/recalls/" + s.recall, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/recalls/999999", [5]int{nf, nf, nf, nf, nf}},

		{"GET", "/api/v1/session", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/orgs", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1" + org, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/orgs/no-such-org", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1" + org + "/units", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1" + org + "/members", [5]int{unau, ok, ok, forb, ok}},
		{"GET", "/api/v1/units/" + s.north, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/units/999999", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/units/" + s.north + "/members", [5]int{unau, ok, forb, forb, ok}},
		{"GET", "/api/v1/units/" + s.north + "/members?after=!!!", [5]int{400, 400, 400, 400, 400}},
		{"GET", "/api/v1/units/" + s.south + "/members", [5]int{unau, forb, ok, forb, ok}},
		{"GET", "/api/v1/offices/" + s.secretary, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/offices/999999", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/me", [5]int{unau, ok, ok, forb, ok}},
		{"GET", "/api/v1/invitations/not-a-token", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/record", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/record?org=" + orgSlug, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/record?before=-1", [5]int{400, 400, 400, 400, 400}},
		{"GET", "/api/v1/record?after=x", [5]int{400, 400, 400, 400, 400}},
		{"GET", "/api/v1/record/key", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/openapi.json", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/units/" + s.north + "/articles", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/articles/" + s.publicArticle, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/articles/" + s.membersArticle, [5]int{nf, ok, nf, nf, ok}},
		{"GET", "/api/v1/units/" + s.north + "/elections", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/elections/999999", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/elections/999999/booth", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/elections/999999/turnout", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/elections/999999/trustees", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/elections/999999/trackers/AAAA", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/elections/999999/record", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/units/" + s.north + "/cases", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/members/" + s.uninvited + "/cases", [5]int{unau, ok, ok, forb, ok}},
		{"GET", "/api/v1/members/999999/cases", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/cases/" + s.filedCase, [5]int{nf, nf, nf, nf, ok}},
		{"GET", "/api/v1/cases/" + s.filedCase + "/evidence/" + s.caseFile, [5]int{nf, nf, nf, nf, ok}},
		{"GET", "/api/v1/members/" + s.officer + "/record", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/members/" + s.uninvited + "/record", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/members/" + s.officer + "/record?votes_before=x", [5]int{400, 400, 400, 400, 400}},
		{"GET", "/api/v1/units/" + s.north + "/recalls", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/recalls/" + s.recall, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/recalls/999999", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/bodies/" + s.council + "/decisions", [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/bodies/999999/decisions", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/decisions/" + s.decision, [5]int{ok, ok, ok, ok, ok}},
		{"GET", "/api/v1/decisions/999999", [5]int{nf, nf, nf, nf, nf}},
		{"GET", "/api/v1/notifications", [5]int{unau, ok, ok, forb, ok}},
		{"GET", "/api/v1/notifications/settings", [5]int{unau, ok, ok, forb, ok}},
		{"GET", "/api/v1/bodies/" + s.council + "/motions", [5]int{unau, ok, ok, forb, ok}},
		{"GET", "/api/v1/motions/" + s.motion, [5]int{nf, ok, ok, nf, ok}},
		{"GET", "/api/v1/bodies/" + s.council + "/meetings", [5]int{unau, ok, ok, forb, ok}},
		{"GET", "/api/v1/meetings/" + s.meeting, [5]int{nf, ok, ok, nf, ok}},
	}
}

// TestAuthorizationMatrix requests every route as every role and checks the
// status, and that no member's email reaches a visitor or the operator; on
// SQLite and on PostgreSQL.
func TestAuthorizationMatrix(t *testing.T) {
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) { authorizationMatrix(t, newTestServerOn(t, Config{}, db)) })
}

func authorizationMatrix(t *testing.T, s *testServer) {
	clients := make([]*client, len(roles))
	for i, r := range roles {
		clients[i] = s.as(t, r.email)
	}
	for _, rt := range s.matrix() {
		for i, r := range roles {
			res := clients[i].request(rt.method, rt.path, nil, "")
			if res.status != rt.want[i] {
				t.Errorf("%s %s as %s: status %d, want %d", rt.method, rt.path, r.name, res.status, rt.want[i])
			}
			if (r.email == "" || r.email == operatorEmail) && strings.Contains(res.body, memberEmails) {
				t.Errorf("%s %s as %s: a member's email leaks: %s", rt.method, rt.path, r.name, excerpt(res.body, memberEmails))
			}
			if res.status >= 400 && strings.HasPrefix(rt.path, "/api/") && !strings.Contains(res.body, `"error"`) {
				t.Errorf("%s %s as %s: error without a JSON error body: %s", rt.method, rt.path, r.name, res.body)
			}
			if res.status == login && !strings.HasPrefix(res.header.Get("Location"), "/login?next=") {
				t.Errorf("%s %s as %s: redirect to %q", rt.method, rt.path, r.name, res.header.Get("Location"))
			}
		}
	}
}

// TestEveryRouteIsInTheMatrix keeps the matrix complete: each GET pattern the
// server routes is exercised by some row of it (static files and the
// invitation flow have their own tests).
func TestEveryRouteIsInTheMatrix(t *testing.T) {
	s := newTestServer(t, Config{})
	rows := s.matrix()
	for _, p := range s.srv.patterns {
		method, path, _ := strings.Cut(p, " ")
		if method != "GET" || path == "/static/{file}" {
			continue
		}
		re := regexp.MustCompile("^" + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(strings.TrimSuffix(path, "{$}")), `[^/]+`) + `(\?.*)?$`)
		found := false
		for _, r := range rows {
			if re.MatchString(r.path) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("route %s is not in the authorization matrix", p)
		}
	}
}

// TestStateChangingRoutes checks the POST and DELETE routes by role: who may
// invite whom, in the HTML and in the API alike.
func TestStateChangingRoutes(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, api := range []bool{false, true} {
		prefix := ""
		if api {
			prefix = "/api/v1"
		}
		// Rahul Mehta, of North, has no account; only an officer above North
		// may invite him. A member of North may know him, so is refused; a
		// member of South and the operator may not, so are told he is not there.
		want := [5]int{unau, forb, nf, nf, made}
		for i, r := range roles {
			res := s.as(t, r.email).request("POST", prefix+"/members/"+s.uninvited+"/invitations", nil, "")
			if res.status != want[i] {
				t.Errorf("api=%v invite as %s: status %d, want %d: %.300s", api, r.name, res.status, want[i], res.body)
			}
		}
	}
	// The operator may invite the holder of a founding mandate who has no
	// account yet: Tomas Novak, Treasurer.
	tomas := memberByEmail(t, s.app, "tomas.novak@riverside-tenants.example").ID.String()
	if res := s.as(t, operatorEmail).request("POST", "/members/"+tomas+"/invitations", nil, ""); res.status != made {
		t.Errorf("operator invites a founding holder: %d %.300s", res.status, res.body)
	}
	// A member who has an account cannot be invited again.
	north := memberByEmail(t, s.app, northEmail).ID.String()
	if res := s.as(t, officerEmail).request("POST", "/api/v1/members/"+north+"/invitations", nil, ""); res.status != http.StatusConflict {
		t.Errorf("invite a member with an account: %d %s", res.status, res.body)
	}
	for _, r := range roles {
		c := s.as(t, r.email)
		if res := c.postForm("/logout", nil); res.status != login || res.header.Get("Location") != "/" {
			t.Errorf("logout as %s: %d %s", r.name, res.status, res.header.Get("Location"))
		}
		if res := c.get("/api/v1/session"); !strings.Contains(res.body, `"kind": "visitor"`) {
			t.Errorf("after logout as %s: %s", r.name, res.body)
		}
	}
	c := s.as(t, northEmail)
	if res := c.request("DELETE", "/api/v1/session", nil, ""); res.status != none {
		t.Errorf("DELETE session: %d", res.status)
	}
	if res := c.get("/api/v1/me"); res.status != unau {
		t.Errorf("after DELETE session: /api/v1/me %d", res.status)
	}
}

func excerpt(body, needle string) string {
	i := strings.Index(body, needle)
	return fmt.Sprintf("…%s…", body[max(0, i-80):min(len(body), i+40)])
}

// TestRecordHidesInternalEntries: internal entries (an account opened in the
// North branch) reach members who see North's internal matters, marked as
// such, and no one else; on SQLite and on PostgreSQL.
func TestRecordHidesInternalEntries(t *testing.T) {
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) { recordHidesInternalEntries(t, newTestServerOn(t, Config{}, db)) })
}

func recordHidesInternalEntries(t *testing.T, s *testServer) {
	for _, tc := range []struct {
		email     string
		seesNorth bool
	}{{"", false}, {operatorEmail, false}, {southEmail, false}, {northEmail, true}, {officerEmail, true}} {
		c := s.as(t, tc.email)
		for _, q := range []string{"", "?org=" + orgSlug, "?org=" + orgSlug + "&unit=" + s.north, "?type=account.opened"} {
			var p recordPage
			res := c.get("/api/v1/record" + q)
			res.decode(t, &p)
			north := 0
			for _, e := range p.Entries {
				if e.Internal && e.Unit == s.north {
					north++
				}
				if e.Internal && tc.email == "" || e.Internal && tc.email == operatorEmail {
					t.Errorf("%q sees internal entry %d (%s) in /api/v1/record%s", tc.email, e.Seq, e.Type, q)
				}
			}
			if (north > 0) != tc.seesNorth {
				t.Errorf("%q: %d internal North entries in /api/v1/record%s", tc.email, north, q)
			}
		}
		page := c.get("/record?org=" + orgSlug)
		if marked := strings.Contains(page.body, "internal: members only"); marked != tc.seesNorth && tc.email != southEmail {
			t.Errorf("%q: internal entries marked on the page: %v", tc.email, marked)
		}
	}
}

// TestRecordPaging walks the record newest first, a page at a time.
func TestRecordPaging(t *testing.T) {
	s := newTestServer(t, Config{})
	c := s.as(t, "")
	var seqs []int64
	var pages []string // each page's seqs, oldest page last
	page := func(query string) recordPage {
		t.Helper()
		var p recordPage
		c.get("/api/v1/record?limit=7&"+query).decode(t, &p)
		var got []int64
		for _, e := range p.Entries {
			got = append(got, e.Seq)
		}
		pages = append(pages, fmt.Sprint(got))
		seqs = append(seqs, got...)
		return p
	}
	p := page("")
	if p.Prev != "" {
		t.Errorf("the newest page has a newer one: %q", p.Prev)
	}
	for range 100 {
		if p.Next == "" {
			break
		}
		if p = page("before=" + p.Next); p.Prev == "" {
			t.Errorf("page %d has no newer page", len(pages))
		}
	}
	if len(seqs) < 20 {
		t.Fatalf("only %d entries", len(seqs))
	}
	for i := 1; i < len(seqs); i++ {
		if seqs[i] >= seqs[i-1] {
			t.Fatalf("not newest first: %v", seqs)
		}
	}
	// Back from the oldest page to the newest by the newer pages' cursor:
	// the same pages, the same links.
	older := pages
	pages, seqs = nil, nil
	for p.Prev != "" {
		p = page("after=" + p.Prev)
	}
	if want := older[:len(older)-1]; len(pages) != len(want) {
		t.Errorf("%d newer pages, want %d", len(pages), len(want))
	}
	for i, got := range pages {
		if want := older[len(older)-2-i]; got != want {
			t.Errorf("newer page %d: %s, want %s", i, got, want)
		}
	}
	if p.Next == "" {
		t.Error("the newest page, reached from older ones, has no older page")
	}
	for query, want := range map[string][]string{
		"limit=5":                  {`rel="next"`},
		"limit=5&before=" + p.Next: {`rel="next"`, `rel="prev"`, "Newer entries", "Newest"},
	} {
		res := c.get("/record?" + query)
		for _, w := range want {
			if !strings.Contains(res.body, w) {
				t.Errorf("record page %s lacks %s", query, w)
			}
		}
	}
	if res := c.get("/api/v1/record?before=9&after=3"); res.status != http.StatusBadRequest || !strings.Contains(res.body, "after") {
		t.Errorf("before and after: %d %s", res.status, res.body)
	}
}

// TestDirectoryPagingAndSearch pages through the directory of Riverside
// (40 members) and searches it.
func TestDirectoryPagingAndSearch(t *testing.T) {
	s := newTestServer(t, Config{})
	c := s.as(t, northEmail)
	var names []string
	next := ""
	pages := 0
	for {
		var d directory
		c.get("/api/v1/orgs/"+orgSlug+"/members?limit=15&after="+next).decode(t, &d)
		pages++
		for _, m := range d.Members {
			names = append(names, m.Name)
		}
		if d.Next == "" {
			break
		}
		next = d.Next
	}
	if len(names) != 40 || pages != 3 {
		t.Fatalf("%d members in %d pages", len(names), pages)
	}
	var d directory
	c.get("/api/v1/orgs/"+orgSlug+"/members?q=OL").decode(t, &d)
	if len(d.Members) != 1 || d.Members[0].Name != "Olga Petrova" || d.Invite {
		t.Fatalf("search OL: %+v", d)
	}
	// Page two of the HTML directory follows the link of page one.
	res := c.get("/orgs/" + orgSlug + "/members?limit=15")
	m := regexp.MustCompile(`href="\?([^"]*after=[^"]+)" rel="next"`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no next link")
	}
	if res := c.get("/orgs/" + orgSlug + "/members?limit=15&" + strings.ReplaceAll(m[1], "&amp;", "&")); res.status != 200 || strings.Contains(res.body, "Agnieszka Nowak") {
		t.Fatalf("page two: %d", res.status)
	}
	// The officer sees invitation buttons; the member does not.
	if strings.Contains(res.body, "/invitations") {
		t.Error("a member sees invitation buttons")
	}
	if res := s.as(t, officerEmail).get("/units/" + s.north + "/members"); !strings.Contains(res.body, `action="/members/`+s.uninvited+`/invitations"`) {
		t.Error("the officer sees no invitation button")
	}
}

// TestMembersLinkOnlyForMembers: the header offers the member directory to
// the organization's members only.
func TestMembersLinkOnlyForMembers(t *testing.T) {
	s := newTestServer(t, Config{})
	link := `href="/orgs/` + orgSlug + `/members"`
	for _, r := range roles {
		body := s.as(t, r.email).get("/units/" + s.south).body
		member := r.email != "" && r.email != operatorEmail
		if strings.Contains(body, link) != member {
			t.Errorf("%s: members link shown %v", r.name, !member)
		}
	}
}
