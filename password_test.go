package plenum

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

var cheap = Argon2Params{Time: 1, Memory: 1024, Threads: 1}

func TestPasswordHash(t *testing.T) {
	rnd := rand.NewChaCha8([32]byte{})
	h, err := hashPassword("correct horse battery", cheap, rnd)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash = %s", h)
	}
	h2, _ := hashPassword("correct horse battery", cheap, rnd)
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, tc := range []struct {
		password, hash string
		want           bool
	}{
		{"correct horse battery", h, true},
		{"correct horse battery", h2, true},
		{"correct horse batterY", h, false},
		{"", h, false},
		{"correct horse battery", "", false},
		{"correct horse battery", strings.Replace(h, "argon2id", "argon2i", 1), false},
		{"correct horse battery", strings.Replace(h, "v=19", "v=16", 1), false},
		{"correct horse battery", strings.Replace(h, "t=1", "t=0", 1), false},
		{"correct horse battery", h[:len(h)-4], false},
		{"correct horse battery", "$argon2id$v=19$m=1024,t=1,p=1$!!$!!", false},
	} {
		if got := checkPassword(tc.password, tc.hash); got != tc.want {
			t.Errorf("checkPassword(%q, %q) = %v", tc.password, tc.hash, got)
		}
	}
}

func TestValidPassword(t *testing.T) {
	for _, tc := range []struct {
		pw string
		ok bool
	}{{"short", false}, {"ten chars!", true}, {"ünïcödé123", true}, {strings.Repeat("x", 1025), false}} {
		if err := validPassword("set password", tc.pw); (err == nil) != tc.ok {
			t.Errorf("validPassword(%q) = %v", tc.pw, err)
		}
	}
}

func TestLoginLimiter(t *testing.T) {
	l := NewLoginLimiter(3, time.Minute)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		if !l.Allow("a", t0) {
			t.Fatalf("refused after %d failures", i)
		}
		l.Fail("a", t0.Add(time.Duration(i)*time.Second))
	}
	if l.Allow("a", t0.Add(10*time.Second)) {
		t.Error("allowed after 3 failures")
	}
	if !l.Allow("b", t0) {
		t.Error("another key is limited")
	}
	if !l.Allow("a", t0.Add(time.Minute+time.Second)) {
		t.Error("still refused once the first failure is a window old")
	}
	l.Fail("c", t0)
	l.Reset("c")
	if len(l.failures["c"]) != 0 {
		t.Error("reset keeps failures")
	}
}

func TestErrors(t *testing.T) {
	e := FieldErrorf(Invalid, "import members", "m.csv:3: email", "%q is not an email address", "x")
	if e.Error() != `import members: m.csv:3: email: "x" is not an email address` || ErrorMessage(e) != `m.csv:3: email: "x" is not an email address` {
		t.Errorf("error = %q, message %q", e.Error(), ErrorMessage(e))
	}
	internal := internalError("login", errSecret)
	if ErrorKind(internal) != Internal || ErrorMessage(internal) != "internal error" || !strings.Contains(internal.Error(), "secret") {
		t.Errorf("internal error: %v / %s", internal, ErrorMessage(internal))
	}
	list := Errors{lineError("x", "f.csv", 2, "name", "is empty"), lineError("x", "f.csv", 3, "", "bad")}
	if ErrorKind(list) != Invalid || list.Error() != "x: f.csv:2: name: is empty\nx: f.csv:3: bad" {
		t.Errorf("list: %v", list)
	}
}

var errSecret = &testError{"database password is secret"}

type testError struct{ s string }

func (e *testError) Error() string { return e.s }
