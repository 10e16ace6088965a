package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"plenum/secretballot"
)

// TestDemoElection runs what the README promises a newcomer: in the demo
// that serve --demo starts, a whole election of the North branch's
// secretary, moving the demo's clock over the weeks between its dates.
// Grace and Olga stand; the election commission's three members hold the
// key ceremony with plenum trustee run; both vote with plenum vote; the
// trustees mix and decrypt; the commission certifies; the record
// downloaded from the election's page verifies.
func TestDemoElection(t *testing.T) {
	if testing.Short() {
		t.Skip("hashes the demo passwords with the real argon2id parameters")
	}
	ctx := context.Background()
	dir := t.TempDir()
	d := startDemo(t, dir)
	session := func(first string) *apiClient {
		t.Helper()
		c, err := openSession(ctx, d.url, demoEmail(first), demoPassword)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	grace := session("grace")
	id := demoElection(t, grace, "North branch", "Branch secretary")
	election := func() map[string]any {
		t.Helper()
		var v map[string]any
		if err := grace.get(ctx, "/api/v1/elections/"+id, &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	date := func(field string) time.Time {
		t.Helper()
		at, err := time.Parse(time.RFC3339, election()[field].(string))
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	skip := func(c *apiClient, to time.Time) int {
		t.Helper()
		res, err := c.hc.PostForm(d.url+"/demo/skip", url.Values{"to": {to.Format(time.RFC3339Nano)}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}

	// A visitor may look at the demo's clock, not move it.
	if status := skip(&apiClient{base: d.url, hc: &http.Client{}}, date("nominations_close")); status != http.StatusUnauthorized && status != http.StatusForbidden {
		t.Fatalf("a visitor moves the clock: %d", status)
	}
	page, err := grace.Do(ctx, "GET", "/demo", nil)
	if err != nil || !strings.Contains(string(page), "nominations close") || !strings.Contains(string(page), "today&#39;s date") {
		t.Fatalf("the demo's clock page: %v\n%s", err, page)
	}

	for _, who := range []string{"grace", "olga"} {
		c := session(who)
		var me struct{ Member struct{ ID string } }
		c.get(ctx, "/api/v1/session", &me)
		if err := c.post(ctx, "/api/v1/elections/"+id+"/nominations", mustJSON(map[string]string{"nominee": me.Member.ID}), nil); err != nil {
			t.Fatalf("%s stands: %v", who, err)
		}
	}
	if status := skip(grace, date("nominations_close")); status != http.StatusOK {
		t.Fatalf("skip to the close of nominations: %d", status)
	}
	if v := election(); v["status"] != "campaign" {
		t.Fatalf("after the close of nominations: %v, %v, extensions %v, nominations %v\n%s", v["status"], v["hold"], v["extensions"], v["nominations"], d.log.String())
	}
	if status := skip(grace, date("nominations_close")); status != http.StatusBadRequest && status != http.StatusUnprocessableEntity {
		t.Fatalf("the clock went back: %d", status)
	}

	states := t.TempDir()
	trustee := func(first string) string {
		t.Helper()
		out, errOut, err := demoCLI(ctx, "trustee", "run", "--server", d.url, "--election", id, "--email", demoEmail(first),
			"--state", filepath.Join(states, first+".age"))
		if err != nil {
			t.Fatalf("trustee %s: %v\n%s", first, err, errOut)
		}
		return out
	}
	for range 3 {
		for _, who := range commissioners {
			trustee(who)
		}
	}
	if status := skip(grace, date("voting_open")); status != http.StatusOK {
		t.Fatalf("skip to the vote: %d", status)
	}
	if v := election(); v["status"] != "voting" {
		t.Fatalf("the vote: %v, %v", v["status"], v["hold"])
	}
	for who, ranking := range map[string][]string{"grace": {"Grace Okafor", "Olga Petrova"}, "olga": {"Olga Petrova"}} {
		args := append([]string{"vote", "--server", d.url, "--election", id, "--email", demoEmail(who)}, ranking...)
		if out, errOut, err := demoCLI(ctx, args...); err != nil || !strings.Contains(out, "Your ballot tracker") {
			t.Fatalf("%s votes: %s, %v\n%s", who, out, err, errOut)
		}
	}

	if status := skip(grace, date("voting_close")); status != http.StatusOK {
		t.Fatalf("skip to the close of the vote: %d", status)
	}
	// Each trustee mixes in turn, then two of them decrypt.
	for i := 0; election()["result"] == nil; i++ {
		if i == 3*len(commissioners) {
			t.Fatalf("no result after three rounds of the trustees: %v", election()["hold"])
		}
		trustee(commissioners[i%len(commissioners)])
	}
	certs, _ := election()["certifications"].([]any)
	if len(certs) != 1 {
		t.Fatalf("certifications: %v", certs)
	}
	cert := certs[0].(map[string]any)["id"].(string)
	for _, who := range commissioners {
		if err := voteOnDecision(session(who), cert, "yes"); err != nil {
			t.Fatalf("%s certifies: %v", who, err)
		}
	}
	var closed map[string]any
	if err := session("mei").post(ctx, "/api/v1/decisions/"+cert+"/close", nil, &closed); err != nil || closed["status"] != "adopted" {
		t.Fatalf("close the certification: %v, %v", closed["status"], err)
	}
	if v := election(); v["status"] != "certified" {
		t.Fatalf("after the certification: %v, %v", v["status"], v["hold"])
	}

	rec := filepath.Join(dir, "record")
	if err := os.Mkdir(rec, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := grace.record(ctx, mustInt(t, id), rec); err != nil {
		t.Fatal(err)
	}
	rep, err := secretballot.Verify(os.DirFS(rec), secretballot.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counted != 2 || len(rep.Result.Questions[0].Elected) != 1 {
		t.Fatalf("verified: counted %d, %+v", rep.Counted, rep.Result.Questions[0])
	}
	if log := d.stop(); strings.Contains(log, "level=ERROR") {
		t.Errorf("the server logged errors:\n%s", log)
	}
}

// demoEmail is the demo login of the member with that first name.
func demoEmail(first string) string {
	for _, l := range demoAccounts {
		if strings.HasPrefix(l.Email, first+".") {
			return l.Email
		}
	}
	panic("no demo account for " + first)
}

// demoCLI runs plenum as a demo member would, with the demo's password
// and a trustee passphrase from the environment.
func demoCLI(ctx context.Context, args ...string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string {
		return map[string]string{"PLENUM_PASSWORD": demoPassword, "PLENUM_TRUSTEE_PASSPHRASE": "a trustee's passphrase",
			"PLENUM_TRUSTEE_WORK_FACTOR": "10"}[k]
	}}
	err = run(ctx, args, env)
	return out.String(), errOut.String(), err
}

// demoElection finds the demo's election of the office in the unit.
func demoElection(t *testing.T, c *apiClient, unit, office string) string {
	t.Helper()
	for id := 1; id < 20; id++ {
		var v struct {
			Unit   struct{ Name string }
			Office struct{ Name string }
		}
		if err := c.get(context.Background(), fmt.Sprintf("/api/v1/elections/%d", id), &v); err != nil {
			break
		}
		if v.Unit.Name == unit && v.Office.Name == office {
			return fmt.Sprint(id)
		}
	}
	t.Fatalf("the demo has no election of %s in %s", office, unit)
	return ""
}
