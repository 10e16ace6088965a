package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/mail"
	"plenum/mail/mailtest"
	"plenum/sqlstore"
)

func TestParseServeMail(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		err  string
	}{
		{args: []string{"--smtp-host", "smtp.example.org", "--smtp-from", "union@example.org"}},
		{args: []string{"--base-url", "https://union.example/"}},
		{args: []string{"--smtp-host", "smtp.example.org", "--smtp-from", "union@example.org", "--smtp-tls", "ssl"}, err: "smtp-tls"},
		{args: []string{"--smtp-host", "smtp.example.org"}, err: "smtp-from"},
		{args: []string{"--smtp-host", "smtp.example.org", "--smtp-from", "u@example.org", "--smtp-user", "u"}, err: "PLENUM_SMTP_PASSWORD"},
		{args: nil, env: map[string]string{"PLENUM_SMTP_HOST": "h", "PLENUM_SMTP_FROM": "u@example.org", "PLENUM_SMTP_USER": "u", "PLENUM_SMTP_PASSWORD": "p"}},
		{args: []string{"--base-url", "union.example"}, err: "--base-url"},
		{args: []string{"--base-url", "ftp://union.example"}, err: "--base-url"},
	} {
		tc.env = map[string]string{"PLENUM_DB": "x.db"}
		env := &Env{Stderr: &bytes.Buffer{}, Getenv: func(k string) string { return tc.env[k] }}
		_, err := parseServe(env, tc.args)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%v: err %v, want %q", tc.args, err, tc.err)
		}
	}
}

// TestServeSendsInvitations runs serve --demo with an SMTP server: an
// officer's invitation through the API reaches the member by email, and the
// link in it is the one the officer is shown.
func TestServeSendsInvitations(t *testing.T) {
	if testing.Short() {
		t.Skip("hashes the demo passwords with the real argon2id parameters")
	}
	smtpd := mailtest.Start(t, mailtest.Options{TLS: mail.TLSNone})
	cfg := smtpd.Config(mail.TLSNone)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "demo.db")
	t.Chdir(filepath.Join("..", ".."))
	saved := demoDir
	demoDir = filepath.Join("examples", "tenants-union")
	t.Cleanup(func() { demoDir = saved })
	var out, errOut lockedBuffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--db", dbPath, "--data-dir", filepath.Join(dir, "data"), "--addr", "127.0.0.1:0",
			"--smtp-host", cfg.Host, "--smtp-port", strconv.Itoa(cfg.Port), "--smtp-tls", "none", "--smtp-from", "Riverside <union@riverside.example>",
			"--base-url", "https://riverside.example"}, env)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	base := waitServing(t, &errOut, done)

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	post := func(path, body string) *http.Response {
		t.Helper()
		res, err := client.Post(base+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := post("/api/v1/session", `{"email":"ana.ribeiro@riverside-tenants.example","password":"`+demoPassword+`"}`); res.StatusCode != 200 {
		t.Fatalf("login: %s", res.Status)
	}
	kofi := demoMember(t, dbPath, "kofi.mensah@riverside-tenants.example")
	res := post("/api/v1/members/"+kofi.ID.String()+"/invitations", "")
	var inv struct{ Link string }
	if err := json.NewDecoder(res.Body).Decode(&inv); err != nil || res.StatusCode != 201 {
		t.Fatalf("invite: %s, %v", res.Status, err)
	}
	if !strings.HasPrefix(inv.Link, base+"/invitations/") {
		t.Fatalf("the officer's link %q", inv.Link)
	}
	token := strings.TrimPrefix(inv.Link, base+"/invitations/")
	// received waits for the messages that hold want (the demo's elections
	// send their notices meanwhile) and returns them, soft line breaks undone.
	received := func(want string) []mailtest.Received {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			var got []mailtest.Received
			for _, m := range smtpd.Messages() {
				if m.Data = bytes.ReplaceAll(m.Data, []byte("=\r\n"), nil); bytes.Contains(m.Data, []byte(want)) {
					got = append(got, m)
				}
			}
			if len(got) > 0 {
				return got
			}
		}
		t.Fatalf("no message holds %q\n%s", want, errOut.String())
		return nil
	}
	msgs := received("\r\nhttps://riverside.example/invitations/" + token + "\r\n")
	if len(msgs) != 1 || msgs[0].To != kofi.Email {
		t.Errorf("the invitation went to %+v", msgs)
	}
	if strings.Contains(errOut.String(), "email stays queued") {
		t.Error("the log says email stays queued with SMTP configured")
	}

	// A statement sent to the members reaches each of them by email, written
	// by serve's notice job.
	var home struct {
		Root struct{ Unit struct{ ID string } }
	}
	res, err := client.Get(base + "/api/v1/orgs/riverside-tenants-union")
	if err != nil || json.NewDecoder(res.Body).Decode(&home) != nil {
		t.Fatalf("organization: %v", err)
	}
	if res := post("/api/v1/units/"+home.Root.Unit.ID+"/articles", `{"kind": "statement", "title": "Heating restored",
		"body": "We won.", "public": true, "notify": true}`); res.StatusCode != 201 {
		t.Fatalf("publish: %s", res.Status)
	}
	statement := received("Heating restored")
	if len(statement) == 0 || !bytes.Contains(statement[0].Data, []byte("List-Unsubscribe: <https://riverside.example/unsubscribe/")) {
		t.Fatalf("no statement by email, or without its unsubscribe link:\n%s", errOut.String())
	}
	// Over the whole run, the invitation and every notice went out once.
	if msgs := received("/invitations/" + token); len(msgs) != 1 {
		t.Errorf("the invitation was received %d times", len(msgs))
	}
	for id, n := range smtpd.MessageIDs(t) {
		if n != 1 {
			t.Errorf("%s received %d times", id, n)
		}
	}
}

// waitServing waits for serve's log to give its URL.
func waitServing(t *testing.T, errOut *lockedBuffer, done chan error) string {
	t.Helper()
	urlRE := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(errOut.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			done <- err
			t.Fatalf("serve ended early: %v\n%s", err, errOut.String())
		default:
		}
	}
	t.Fatalf("serve did not start:\n%s", errOut.String())
	return ""
}

// demoMember reads a member of the demo organization from its database.
func demoMember(t *testing.T, dbPath, email string) *plenum.Member {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var m *plenum.Member
	err = db.View(context.Background(), func(tx plenum.Tx) error {
		org, err := tx.OrgBySlug(context.Background(), "riverside-tenants-union")
		if err != nil {
			return err
		}
		m, err = tx.MemberByEmail(context.Background(), org.ID, email)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
