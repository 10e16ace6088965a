package mail_test

import (
	"context"
	"errors"
	"flag"
	"plenum/mail"
	"plenum/mail/mailtest"
	"strings"
	"testing"
)

func TestSMTPSend(t *testing.T) {
	tests := []struct {
		name     string
		mode     string
		user     string
		wantTLS  bool
		wantAuth bool
	}{
		{"plain relay", mail.TLSNone, "", false, false},
		{"plain with auth on loopback", mail.TLSNone, "relay", false, true},
		{"starttls with auth", mail.TLSStartTLS, "relay", true, true},
		{"implicit tls with auth", mail.TLSImplicit, "relay", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.Start(t, mailtest.Options{TLS: tt.mode, User: tt.user, Password: "s3cret"})
			cfg := srv.Config(tt.mode)
			cfg.Username, cfg.Password = tt.user, "s3cret"
			if tt.user == "" {
				cfg.Password = ""
			}
			s, err := mail.NewSMTP(cfg)
			if err != nil {
				t.Fatal(err)
			}
			m := article()
			if err := s.Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			got := srv.Messages()
			if len(got) != 1 {
				t.Fatalf("%d messages received, want 1", len(got))
			}
			r := got[0]
			if r.From != "union@riverside.example" || r.To != "ana@example.org" || r.TLS != tt.wantTLS || r.Authed != tt.wantAuth {
				t.Errorf("envelope %q -> %q, TLS %v, authenticated %v", r.From, r.To, r.TLS, r.Authed)
			}
			p := parse(t, r.Data)
			if p.subject != m.Subject || p.header.Get("Message-Id") != "<"+m.ID+">" || p.html != m.HTML {
				t.Errorf("the message received differs: subject %q, id %q", p.subject, p.header.Get("Message-Id"))
			}
		})
	}
}

func TestSMTPFailures(t *testing.T) {
	tests := []struct {
		name      string
		server    mailtest.Options
		mode      string
		password  string
		setup     func(s *mailtest.Server)
		trust     bool
		want      string
		permanent bool
	}{
		{"no STARTTLS offered", mailtest.Options{TLS: mail.TLSNone}, mail.TLSStartTLS, "", nil, true, "does not offer STARTTLS", false},
		{"untrusted certificate", mailtest.Options{TLS: mail.TLSImplicit}, mail.TLSImplicit, "", nil, false, "certificate", false},
		{"wrong password", mailtest.Options{TLS: mail.TLSStartTLS, User: "relay", Password: "right"}, mail.TLSStartTLS, "wrong", nil, true, "AUTH", false},
		{"unknown recipient", mailtest.Options{TLS: mail.TLSNone}, mail.TLSNone, "", func(s *mailtest.Server) { s.Reject("ana@example.org", 550) }, true, "RCPT", true},
		{"recipient deferred", mailtest.Options{TLS: mail.TLSNone}, mail.TLSNone, "", func(s *mailtest.Server) { s.Reject("ana@example.org", 450) }, true, "RCPT", false},
		{"data deferred", mailtest.Options{TLS: mail.TLSNone}, mail.TLSNone, "", func(s *mailtest.Server) { s.Defer(1) }, true, "451", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.Start(t, tt.server)
			if tt.setup != nil {
				tt.setup(srv)
			}
			cfg := srv.Config(tt.mode)
			if !tt.trust {
				cfg.TLSConfig = nil
			}
			if tt.password != "" {
				cfg.Username, cfg.Password = "relay", tt.password
			}
			s, err := mail.NewSMTP(cfg)
			if err != nil {
				t.Fatal(err)
			}
			err = s.Send(context.Background(), article())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			var perm *mail.PermanentError
			if errors.As(err, &perm) != tt.permanent {
				t.Errorf("permanent = %v, want %v (%v)", !tt.permanent, tt.permanent, err)
			}
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("%d messages delivered", n)
			}
		})
	}
}

func TestSMTPServerDown(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{TLS: mail.TLSNone})
	srv.Stop()
	s, err := mail.NewSMTP(srv.Config(mail.TLSNone))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), article())
	var perm *mail.PermanentError
	if err == nil || errors.As(err, &perm) {
		t.Fatalf("err = %v, want a temporary error", err)
	}
}

func TestConfig(t *testing.T) {
	env := map[string]string{
		"PLENUM_SMTP_HOST":     "smtp.example.org",
		"PLENUM_SMTP_PORT":     "2525",
		"PLENUM_SMTP_TLS":      "tls",
		"PLENUM_SMTP_USER":     "union",
		"PLENUM_SMTP_PASSWORD": "pw",
		"PLENUM_SMTP_FROM":     "union@example.org",
	}
	var c mail.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.RegisterFlags(fs, func(k string) string { return env[k] })
	if err := fs.Parse([]string{"--smtp-port", "465"}); err != nil {
		t.Fatal(err)
	}
	want := mail.Config{Host: "smtp.example.org", Port: 465, TLS: "tls", Username: "union", Password: "pw", From: "union@example.org"}
	if c != want {
		t.Errorf("config = %+v, want %+v (the flag overrides the environment)", c, want)
	}
	if fs.Lookup("smtp-password") != nil {
		t.Error("the password must not be a flag")
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}

	bad := []struct {
		change func(c *mail.Config)
		want   string
	}{
		{func(c *mail.Config) { c.TLS = "ssl" }, "smtp-tls"},
		{func(c *mail.Config) { c.Port = 70000 }, "smtp-port"},
		{func(c *mail.Config) { c.From = "" }, "smtp-from"},
		{func(c *mail.Config) { c.Password = "" }, "PLENUM_SMTP_PASSWORD"},
	}
	for _, b := range bad {
		c := want
		b.change(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("err = %v, want one naming %s", err, b.want)
		}
	}
	if err := (&mail.Config{}).Validate(); err != nil {
		t.Errorf("an unconfigured config is valid: %v", err)
	}
	if _, err := mail.NewSMTP(mail.Config{}); err == nil {
		t.Error("NewSMTP accepts no host")
	}
}
