package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"plenum"
	"plenum/constitution"
	"plenum/secretballot"
	"plenum/sqlstore"
	"plenum/storetest"
	"plenum/trustee"
	"plenum/web"
)

// A whole secret-ballot election through the API alone, on SQLite and on
// PostgreSQL: candidates stand; the election commission's three trustees
// run the key ceremony with plenum trustee run, each from their own state
// file; the vote waits for the key; five voters vote with plenum vote (one
// audits a ballot first, one tries to vote twice); the trustees mix the
// ranked ballots and two of three decrypt; the commission certifies; the
// record downloaded from the server verifies.
func TestElectionThroughTheAPI(t *testing.T) {
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) { electionThroughTheAPI(t, db) })
}

// testClock is the server's clock, which the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

const apiPassword = "correct horse battery"

// electionServer serves the tenants' union for a whole election's test, on
// a clock the test moves, with accounts for the members it names.
type electionServer struct {
	app    *plenum.App
	org    *plenum.Organization
	clock  *testClock
	url    string
	emails map[string]string // by first name
	states string            // the directory of the trustees' state files
	// The Riverside Council, which calls the election, and the election
	// commission, whose members are the trustees and certify it.
	council, commission plenum.BodyID
	secretary           plenum.OfficeID
	// requests is everything each request to the server carried: its
	// target, headers and body.
	requests struct {
		mu   sync.Mutex
		seen [][]byte
	}
}

// keep records what r carries, and passes it on to h.
func (s *electionServer) keep(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var seen bytes.Buffer
		fmt.Fprintf(&seen, "%s %s\n", r.Method, r.URL.RequestURI())
		r.Header.Write(&seen)
		seen.Write(body)
		s.requests.mu.Lock()
		s.requests.seen = append(s.requests.seen, seen.Bytes())
		s.requests.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		h.ServeHTTP(w, r)
	})
}

func newElectionServer(t *testing.T, db *sqlstore.DB, who ...string) *electionServer {
	t.Helper()
	ctx := context.Background()
	s := &electionServer{clock: &testClock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}, emails: map[string]string{}, states: t.TempDir()}
	s.app = plenum.NewApp(db, ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, ed25519.SeedSize)))
	s.app.Now = s.clock.now
	s.app.Argon2 = plenum.Argon2Params{Time: 1, Memory: 1024, Threads: 1}
	s.org = foundTenantsUnion(t, s.app)
	// The trustees' pages seal their states at the cost plenum trustee
	// run's tests use (PLENUM_TRUSTEE_WORK_FACTOR), not age's full cost.
	srv, err := web.New(web.Config{PlainHTTP: true, Now: s.clock.now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		TrusteeWorkFactor: 10}, web.Deps{App: s.app})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.keep(srv.Handler()))
	t.Cleanup(ts.Close)
	s.url = ts.URL
	for _, w := range who {
		first, _, _ := strings.Cut(w, ".")
		s.emails[first] = w + "@riverside-tenants.example"
		var m *plenum.Member
		s.app.Store.View(ctx, func(tx plenum.Tx) (err error) { m, err = tx.MemberByEmail(ctx, s.org.ID, s.emails[first]); return err })
		if _, err := s.app.OpenAccount(ctx, plenum.CommandLine, m.ID, apiPassword); err != nil {
			t.Fatal(err)
		}
	}
	s.app.Store.View(ctx, func(tx plenum.Tx) error {
		root, _ := tx.UnitByPath(ctx, s.org.ID, "Riverside")
		bodies, _ := tx.Bodies(ctx, root.ID)
		for _, b := range bodies {
			switch b.Name {
			case "Council":
				s.council = b.ID
			case "Election commission":
				s.commission = b.ID
			}
		}
		offices, _ := tx.Offices(ctx, root.ID)
		for _, o := range offices {
			if o.Name == "Secretary" {
				s.secretary = o.ID
			}
		}
		return nil
	})
	return s
}

func (s *electionServer) session(t *testing.T, first string) *apiClient {
	t.Helper()
	c, err := openSession(context.Background(), s.url, s.emails[first], apiPassword)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// callSecretary has the Council call the election of the Secretary (irv:
// ranked ballots), and Grace, Lena and Marek stand; it returns the
// election's ID.
func (s *electionServer) callSecretary(t *testing.T) string {
	t.Helper()
	day := 24 * time.Hour
	now := s.clock.now()
	e, err := s.app.ScheduleElection(context.Background(), plenum.CommandLine, plenum.ScheduleElection{Office: s.secretary,
		Decision: plenum.DecisionRef{Body: s.council, Ref: "Council 2026/11"},
		Timeline: plenum.Timeline{NominationsOpen: now.Add(time.Hour), NominationsClose: now.Add(8 * day),
			VotingOpen: now.Add(10 * day), VotingClose: now.Add(12 * day), ChallengeDays: 7}})
	if err != nil {
		t.Fatal(err)
	}
	id := e.ID.String()
	s.tick(t, e.Timeline.NominationsOpen)
	for _, who := range []string{"grace", "lena", "marek"} {
		c := s.session(t, who)
		var me struct{ Member struct{ ID string } }
		c.get(context.Background(), "/api/v1/session", &me)
		if err := c.post(context.Background(), "/api/v1/elections/"+id+"/nominations", mustJSON(map[string]string{"nominee": me.Member.ID}), nil); err != nil {
			t.Fatalf("%s stands: %v", who, err)
		}
	}
	return id
}

// tick moves the clock to at and the elections on, as serve's clock does.
func (s *electionServer) tick(t *testing.T, at time.Time) {
	t.Helper()
	s.clock.set(at)
	if _, err := s.app.AdvanceElections(context.Background()); err != nil && !plenum.IsKind(err, plenum.Conflict) {
		t.Fatal(err)
	}
}

// timeline is election id's timeline as it stands.
func (s *electionServer) timeline(t *testing.T, id string) plenum.Timeline {
	t.Helper()
	var tl plenum.Timeline
	err := s.app.Store.View(context.Background(), func(tx plenum.Tx) error {
		e, err := tx.Election(context.Background(), plenum.ElectionID(mustInt(t, id)))
		if err == nil {
			tl = e.Timeline
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

// toCeremony calls the election of the Secretary and closes its
// nominations: the trustees' key ceremony begins. It returns the
// election's ID and timeline.
func (s *electionServer) toCeremony(t *testing.T) (string, plenum.Timeline) {
	t.Helper()
	id := s.callSecretary(t)
	tl := s.timeline(t, id)
	s.tick(t, tl.NominationsClose)
	return id, tl
}

// openVote moves the clock to the opening of election id's vote, and
// makes sure the vote is open: the key ceremony is complete.
func (s *electionServer) openVote(t *testing.T, id string, tl plenum.Timeline) {
	t.Helper()
	s.tick(t, tl.VotingOpen)
	if tl := s.timeline(t, id); !s.clock.now().Before(tl.VotingClose) {
		t.Fatalf("the vote is not open: %+v", tl)
	}
}

// verifyDownload downloads the election record at url into a directory,
// which it returns, and checks that plenum verify passes it with Grace
// elected.
func verifyDownload(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	rec := t.TempDir()
	if err := untarRecord(res.Body, rec); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runCLI(t, "verify", rec); err != nil || !strings.Contains(out, "Grace Okafor") {
		t.Fatalf("plenum verify: %s, %v", out, err)
	}
	return rec
}

// trustee runs plenum trustee run as the trustee named, on their own
// machine (their state file), and returns what it printed.
func (s *electionServer) trustee(t *testing.T, id, first string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string {
		return map[string]string{"PLENUM_PASSWORD": apiPassword, "PLENUM_TRUSTEE_PASSPHRASE": "passphrase of " + first,
			"PLENUM_TRUSTEE_WORK_FACTOR": "10"}[k]
	}}
	err := run(context.Background(), []string{"trustee", "run", "--server", s.url, "--election", id, "--email", s.emails[first],
		"--state", filepath.Join(s.states, first+".age")}, env)
	if err != nil {
		t.Fatalf("trustee %s: %v\n%s", first, err, errOut.String())
	}
	return out.String()
}

// certify has the election commission certify election id (whose view
// is v) by a decision: it rejects the certification plenum proposed once
// the result was in, Mei proposes another with the form on the election's
// page, and that one is adopted. Only
// the commission's members vote, and one certification runs at a time.
func (s *electionServer) certify(t *testing.T, id string, v map[string]any) {
	t.Helper()
	ctx := context.Background()
	certs, _ := v["certifications"].([]any)
	commission, _ := v["commission"].(map[string]any)
	if len(certs) != 1 || commission["id"] != s.commission.String() {
		t.Fatalf("certifications: %v, commission %v", v["certifications"], v["commission"])
	}
	d := certs[0].(map[string]any)
	if d["kind"] != "certify" || d["status"] != "voting" {
		t.Fatalf("certification: %v", d)
	}
	c := map[string]*apiClient{}
	for _, who := range []string{"ana", "fatima", "jon", "mei"} {
		c[who] = s.session(t, who)
	}
	var apiErr *trustee.Error
	err := c["mei"].post(ctx, "/api/v1/elections/"+id+"/certify", nil, nil)
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusConflict {
		t.Fatalf("a second certification while one is voted on: %v", err)
	}
	if err := voteOnDecision(c["ana"], d["id"].(string), "yes"); !errors.As(err, &apiErr) || apiErr.Status != http.StatusForbidden {
		t.Fatalf("ana, not of the commission, votes: %v", err)
	}
	for round, want := range []string{"rejected", "adopted"} {
		for who, choice := range map[string]string{"fatima": []string{"no", "yes"}[round], "jon": "abstain", "mei": "yes"} {
			if err := voteOnDecision(c[who], d["id"].(string), choice); err != nil {
				t.Fatalf("%s votes %s: %v", who, choice, err)
			}
		}
		var closed map[string]any
		if err := c["jon"].post(ctx, "/api/v1/decisions/"+d["id"].(string)+"/close", nil, &closed); err != nil || closed["status"] != want {
			t.Fatalf("close the certification: %v, %v; want %s", closed["status"], err, want)
		}
		if round == 1 {
			return
		}
		var held map[string]any
		if err := c["ana"].get(ctx, "/api/v1/elections/"+id, &held); err != nil || held["status"] != "tally" ||
			!strings.Contains(held["hold"].(string), "did not certify the result") {
			t.Fatalf("after a rejected certification: %v, %v, %v", held["status"], held["hold"], err)
		}
		// Mei proposes a new certification with the form on the election's
		// page, which is the commission's alone, and lands on the decision.
		if _, err := c["ana"].Do(ctx, "POST", "/elections/"+id+"/certify", nil); err == nil || !strings.Contains(err.Error(), "403") {
			t.Fatalf("ana proposes a certification with the form: %v", err)
		}
		if page, err := c["mei"].Do(ctx, "POST", "/elections/"+id+"/certify", nil); err != nil || !strings.Contains(string(page), "Certify the result of the election of Secretary") {
			t.Fatalf("mei proposes a new certification: %v", err)
		}
		if err := c["ana"].get(ctx, "/api/v1/elections/"+id, &held); err != nil {
			t.Fatal(err)
		}
		if d = held["certifications"].([]any)[0].(map[string]any); d["status"] != "voting" {
			t.Fatalf("the new certification: %v", d)
		}
	}
}

// adoptCertification has the election commission's three members adopt
// the open certification of election id through the API.
func (s *electionServer) adoptCertification(t *testing.T, id string) {
	t.Helper()
	c, err := s.app.Certification(context.Background(), plenum.Visitor(), plenum.ElectionID(mustInt(t, id)))
	if err != nil || len(c.Decisions) == 0 {
		t.Fatalf("certification: %+v, %v", c, err)
	}
	d := c.Decisions[0].ID.String()
	for _, who := range commissioners {
		if err := voteOnDecision(s.session(t, who), d, "yes"); err != nil {
			t.Fatalf("%s votes: %v", who, err)
		}
	}
	var closed map[string]any
	if err := s.session(t, "mei").post(context.Background(), "/api/v1/decisions/"+d+"/close", nil, &closed); err != nil || closed["status"] != "adopted" {
		t.Fatalf("close the certification: %v, %v", closed["status"], err)
	}
}

// voteOnDecision has client c vote on decision id.
func voteOnDecision(c *apiClient, id, choice string) error {
	return c.post(context.Background(), "/api/v1/decisions/"+id+"/votes", mustJSON(map[string]string{"choice": choice}), nil)
}

// vote runs plenum vote as the member named, in election id.
func (s *electionServer) vote(id, first string, args ...string) (string, error) {
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string {
		return map[string]string{"PLENUM_PASSWORD": apiPassword}[k]
	}}
	err := run(context.Background(), append([]string{"vote", "--server", s.url, "--election", id, "--email", s.emails[first]}, args...), env)
	return out.String(), err
}

// commissioners are the election commission's members, the trustees.
var commissioners = []string{"fatima", "jon", "mei"}

func electionThroughTheAPI(t *testing.T, db *sqlstore.DB) {
	ctx := context.Background()
	s := newElectionServer(t, db, "fatima.zahra", "jon.eriksen", "mei.chen", "ana.ribeiro", "grace.okafor", "lena.fischer", "marek.kowalski", "tomas.novak")
	app, org, clock, emails, session := s.app, s.org, s.clock, s.emails, func(first string) *apiClient { return s.session(t, first) }
	id := s.callSecretary(t)
	tl := s.timeline(t, id)
	tick := func(at time.Time) { t.Helper(); s.tick(t, at) }
	election := func() map[string]any {
		t.Helper()
		var v map[string]any
		if err := session("ana").get(ctx, "/api/v1/elections/"+id, &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	tick(tl.NominationsClose)
	tick(tl.VotingOpen)
	if v := election(); v["status"] != "campaign" || !strings.Contains(v["hold"].(string), "key ceremony is not complete") {
		t.Fatalf("the vote opened without a key: %v, %v", v["status"], v["hold"])
	}

	// The trustees, each on their own machine.
	dir := s.states
	trustee := func(first string) string { t.Helper(); return s.trustee(t, id, first) }
	for range 3 {
		for _, who := range commissioners {
			trustee(who)
		}
	}
	if out := trustee("fatima"); !strings.Contains(out, "run again after the vote closes") {
		t.Fatalf("fatima after the ceremony: %s", out)
	}
	tick(clock.now().Add(time.Minute))
	if v := election(); v["status"] != "voting" {
		t.Fatalf("after the ceremony: %v, %v", v["status"], v["hold"])
	}

	vote := func(first string, args ...string) (string, error) { return s.vote(id, first, args...) }
	if out, err := vote("ana", "--audit", "Marek Kowalski"); err != nil || !strings.Contains(out, "Audited, not cast") {
		t.Fatalf("audit: %s, %v", out, err)
	}
	ballots := map[string][]string{"ana": {"Grace Okafor", "Lena Fischer"}, "grace": {"Grace Okafor"}, "tomas": {"Grace Okafor", "Marek Kowalski"},
		"lena": {"Lena Fischer", "Grace Okafor"}, "marek": {"Marek Kowalski", "Lena Fischer"}}
	for who, b := range ballots {
		if out, err := vote(who, b...); err != nil || !strings.Contains(out, "Your ballot tracker") {
			t.Fatalf("%s votes: %s, %v", who, out, err)
		}
	}
	if _, err := vote("ana", "Lena Fischer"); err == nil || !strings.Contains(err.Error(), "have voted in this election") {
		t.Fatalf("a second ballot: %v", err)
	}
	var turnout struct{ Voters, Voted int }
	session("jon").get(ctx, "/api/v1/elections/"+id+"/turnout", &turnout)
	if turnout.Voted != 5 || turnout.Voters != 40 {
		t.Fatalf("turnout: %+v", turnout)
	}

	// The tally: every trustee mixes in turn; Jon does not decrypt.
	tick(s.timeline(t, id).VotingClose)
	trustee("fatima")
	if out := trustee("jon"); !strings.Contains(out, "waits for another trustee's mix (2 of 3 done)") {
		t.Fatalf("jon after mixing: %s", out)
	}
	trustee("mei")
	if v := election(); v["result"] != nil {
		t.Fatalf("a result with one decryption: %v", v["result"])
	}
	trustee("fatima")
	v := election()
	res, _ := v["result"].(map[string]any)
	if res == nil || fmt.Sprint(res["elected"]) != "[map[id:"+memberID(t, app, org, emails["grace"])+" name:Grace Okafor]]" {
		t.Fatalf("result: %v", v["result"])
	}

	// The commission certifies by a decision; the record verifies.
	s.certify(t, id, v)
	if v := election(); v["status"] != "certified" {
		t.Fatalf("after certification: %v", v["status"])
	}
	rec := filepath.Join(dir, "record")
	os.Mkdir(rec, 0o755)
	if err := session("ana").record(ctx, mustInt(t, id), rec); err != nil {
		t.Fatal(err)
	}
	rep, err := secretballot.Verify(os.DirFS(rec), secretballot.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counted != 5 || rep.Audited != 1 || fmt.Sprint(rep.Decrypted) != "[3 1]" || rep.Result.Questions[0].Elected[0] != "Grace Okafor" {
		t.Fatalf("verified: counted %d, audited %d, decrypted by %v, %+v", rep.Counted, rep.Audited, rep.Decrypted, rep.Result.Questions[0])
	}
	page, err := session("lena").Do(ctx, "GET", "/elections/"+id, nil)
	for _, want := range []string{"Grace Okafor", "Votes at each round", "Verify it yourself", "/elections/" + id + "/record", rep.Head.String(), "You voted on"} {
		if err != nil || !strings.Contains(string(page), want) {
			t.Errorf("the election's page lacks %q: %v", want, err)
		}
	}
	if out, _, err := runCLI(t, "verify", rec); err != nil || !strings.Contains(out, "Grace Okafor") {
		t.Fatalf("plenum verify: %s, %v", out, err)
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func memberID(t *testing.T, app *plenum.App, org *plenum.Organization, email string) string {
	t.Helper()
	var m *plenum.Member
	err := app.Store.View(context.Background(), func(tx plenum.Tx) (err error) {
		m, err = tx.MemberByEmail(context.Background(), org.ID, email)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m.ID.String()
}

// foundTenantsUnion founds the organization of examples/tenants-union.
func foundTenantsUnion(t *testing.T, app *plenum.App) *plenum.Organization {
	t.Helper()
	dir := filepath.Join("..", "..", "examples", "tenants-union")
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
	org, err := app.Found(context.Background(), plenum.CommandLine, plenum.Founding{File: "constitution.yaml", Source: src,
		Constitution: c, Members: &plenum.MemberImport{File: "members.csv", Rows: rows}})
	if err != nil {
		t.Fatal(err)
	}
	return org
}

// nobodyVotes serves an election of Secretary whose trustees hold the key
// ceremony with plenum trustee run and whose vote closes without a ballot.
func nobodyVotes(t *testing.T) (*electionServer, string) {
	t.Helper()
	s := newElectionServer(t, storetest.SQLite(t), "fatima.zahra", "jon.eriksen", "mei.chen", "ana.ribeiro", "grace.okafor", "lena.fischer", "marek.kowalski")
	id := s.callSecretary(t)
	tl := s.timeline(t, id)
	s.tick(t, tl.NominationsClose)
	for range 3 {
		for _, who := range commissioners {
			s.trustee(t, id, who)
		}
	}
	s.tick(t, tl.VotingOpen)
	s.tick(t, tl.VotingClose)
	return s, id
}

// An election nobody votes in, through the API: the trustees hold the key
// ceremony with plenum trustee run; at the close there is nothing for them
// to decrypt, which their run and their page say; the result, no one
// elected, is in at once; the commission certifies it; the record
// downloaded from the server verifies.
func TestElectionNobodyVotesThroughTheAPI(t *testing.T) {
	ctx := context.Background()
	s, id := nobodyVotes(t)
	if out := s.trustee(t, id, "jon"); !strings.Contains(out, "no ballots were cast: there is nothing to decrypt") {
		t.Fatalf("jon after the close: %s", out)
	}
	var v struct {
		Status   string
		Ceremony struct {
			Decryption string
			NoBallots  bool `json:"no_ballots"`
		}
		Result *struct {
			Elected   []any
			NoBallots bool `json:"no_ballots"`
		}
	}
	if err := s.session(t, "ana").get(ctx, "/api/v1/elections/"+id, &v); err != nil || v.Status != "tally" || !v.Ceremony.NoBallots ||
		v.Ceremony.Decryption != "" || v.Result == nil || !v.Result.NoBallots || len(v.Result.Elected) != 0 {
		t.Fatalf("after the close: %+v, %v", v, err)
	}
	for path, want := range map[string]string{"/elections/" + id: "No ballots were cast: no one is elected.",
		"/elections/" + id + "/trustee": "No ballots were cast: there is nothing to decrypt."} {
		page, err := s.session(t, "mei").Do(ctx, "GET", path, nil)
		if err != nil || !strings.Contains(string(page), want) {
			t.Errorf("%s lacks %q: %v", path, want, err)
		}
	}
	s.adoptCertification(t, id)
	rec := filepath.Join(s.states, "record")
	os.Mkdir(rec, 0o755)
	if err := s.session(t, "ana").record(ctx, mustInt(t, id), rec); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runCLI(t, "verify", rec); err != nil || !strings.Contains(out, "0 counted, 0 audited; no ballot counted") {
		t.Fatalf("plenum verify: %s, %v", out, err)
	}
}
