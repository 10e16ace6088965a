package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParseServe(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		env   string
		db    string
		plain bool
		err   string
	}{
		{args: []string{"--demo"}, db: "plenum-demo.db", plain: true},
		{args: []string{"--demo"}, env: "x.db", db: "x.db", plain: true},
		{args: []string{"--db", "postgres://u:p@h/db", "--data-dir", "/var/lib/plenum"}, db: "postgres://u:p@h/db", plain: true},
		{args: []string{"--db", "y.db", "--demo"}, env: "x.db", db: "y.db", plain: true},
		{args: []string{"--db", "y.db", "--addr", "0.0.0.0:80"}, db: "y.db", plain: false},
		{args: []string{"--db", "y.db", "--addr", "localhost:80"}, db: "y.db", plain: true},
		{args: []string{"--db", "y.db", "--addr", "[::1]:80"}, db: "y.db", plain: true},
		{args: nil, err: "no database"},
		{args: []string{"--db", "y.db", "--addr", "nonsense"}, err: "--addr"},
		{args: []string{"--db", "y.db", "extra"}, err: "unexpected argument"},
	} {
		env := &Env{Stderr: &bytes.Buffer{}, Getenv: func(k string) string {
			if k == "PLENUM_DB" {
				return tc.env
			}
			return ""
		}}
		c, err := parseServe(env, tc.args)
		if tc.err != "" {
			if _, ok := err.(usageError); !ok || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%v: err %v, want a usage error about %s", tc.args, err, tc.err)
			}
			continue
		}
		if err != nil || c.db != tc.db || c.plainHTTP != tc.plain {
			t.Errorf("%v: %+v, %v", tc.args, c, err)
		}
	}
}

func TestRedactDSN(t *testing.T) {
	if got := redactDSN("postgres://plenum:s3cret@db:5432/plenum"); strings.Contains(got, "s3cret") {
		t.Errorf("redactDSN kept the password: %s", got)
	}
	if got := redactDSN("plenum.db"); got != "plenum.db" {
		t.Errorf("redactDSN(plenum.db) = %s", got)
	}
}

// lockedBuffer is a buffer the server's logger and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeDemo runs the README's first command, serve --demo, from the
// repository's root with a fresh database: it loads the demo organization,
// prints the logins, serves, and stops cleanly when its context ends.
func TestServeDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("hashes the demo passwords with the real argon2id parameters")
	}
	dir := t.TempDir()
	t.Chdir(filepath.Join("..", ".."))
	saved := demoDir
	demoDir = filepath.Join("examples", "tenants-union")
	t.Cleanup(func() { demoDir = saved })
	var out, errOut lockedBuffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--db", filepath.Join(dir, "demo.db"), "--data-dir", filepath.Join(dir, "data"), "--addr", "127.0.0.1:0"}, env)
	}()
	urlRE := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)
	var base string
	for deadline := time.Now().Add(2 * time.Minute); base == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(errOut.String()); m != nil {
			base = m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v\n%s", err, errOut.String())
		default:
		}
	}
	if base == "" {
		t.Fatalf("serve did not start:\n%s", errOut.String())
	}
	res, err := http.Get(base + "/orgs/riverside-tenants-union")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("demo organization: %v %v", res, err)
	}
	res.Body.Close()
	if !regexp.MustCompile(`olga\.petrova@riverside-tenants\.example\s+` + demoPassword).MatchString(out.String()) {
		t.Errorf("demo logins not printed:\n%s", out.String())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	if !strings.Contains(errOut.String(), "plenum stopped") {
		t.Errorf("no clean stop in the log:\n%s", errOut.String())
	}
	if !strings.Contains(errOut.String(), "no SMTP server configured") {
		t.Errorf("the log does not say that email stays queued:\n%s", errOut.String())
	}
}
