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
	d := startDemo(t, t.TempDir())
	res, err := http.Get(d.url + "/orgs/riverside-tenants-union")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("demo organization: %v %v", res, err)
	}
	res.Body.Close()
	if !regexp.MustCompile(`olga\.petrova@riverside-tenants\.example\s+` + demoPassword).MatchString(d.out.String()) {
		t.Errorf("demo logins not printed:\n%s", d.out.String())
	}
	log := d.stop()
	if !strings.Contains(log, "plenum stopped") {
		t.Errorf("no clean stop in the log:\n%s", log)
	}
	if !strings.Contains(log, "no SMTP server configured") {
		t.Errorf("the log does not say that email stays queued:\n%s", log)
	}
}

// demoServer is serve --demo, run as the README says.
type demoServer struct {
	url      string
	out, log *lockedBuffer
	stop     func() string // stops the server, fails the test if it did not stop cleanly, returns its log
}

// startDemo runs serve --demo from the repository's root with its
// database and key in dir, and waits until it serves.
func startDemo(t *testing.T, dir string) *demoServer {
	t.Helper()
	t.Chdir(filepath.Join("..", ".."))
	saved := demoDir
	demoDir = filepath.Join("examples", "tenants-union")
	t.Cleanup(func() { demoDir = saved })
	d := &demoServer{out: &lockedBuffer{}, log: &lockedBuffer{}}
	env := &Env{Stdin: strings.NewReader(""), Stdout: d.out, Stderr: d.log, Getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--db", filepath.Join(dir, "demo.db"), "--data-dir", filepath.Join(dir, "data"), "--addr", "127.0.0.1:0"}, env)
	}()
	var stopped bool
	d.stop = func() string {
		t.Helper()
		if !stopped {
			stopped = true
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		}
		return d.log.String()
	}
	t.Cleanup(func() { d.stop() })
	urlRE := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)
	for deadline := time.Now().Add(2 * time.Minute); d.url == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := urlRE.FindStringSubmatch(d.log.String()); m != nil {
			d.url = m[1]
		}
		select {
		case err := <-done:
			stopped = true
			t.Fatalf("serve ended early: %v\n%s", err, d.log.String())
		default:
		}
	}
	if d.url == "" {
		t.Fatalf("serve did not start:\n%s", d.log.String())
	}
	return d
}
