package web

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzDecodeJSON: whatever the body, decodeJSON either fills the request or
// answers an "invalid" problem; it never panics.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"email": "a@b.c", "password": "x"}`,
		`{"email": 1}`,
		`{"email": "a", "extra": true}`,
		`{"email": "a"} {"email": "b"}`,
		`[]`, `null`, `"x"`, ``, `{`, `{"password": "\ud800"}`,
		strings.Repeat(`{"email":`, 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		var dst loginRequest
		err := decodeJSON(httptest.NewRecorder(), req, &dst)
		if err == nil {
			return
		}
		var p *problem
		if !errors.As(err, &p) || p.Kind != "invalid" || p.Status != 400 || p.Message == "" {
			t.Fatalf("body %q: error %#v", body, err)
		}
	})
}

func TestDecodeJSONRefusesOtherContentTypes(t *testing.T) {
	req := httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(`email=a`))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var dst loginRequest
	if err := decodeJSON(httptest.NewRecorder(), req, &dst); err == nil || !strings.Contains(err.Error(), "must be JSON") {
		t.Fatalf("err = %v", err)
	}
}
