package mail_test

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"plenum/mail"
	"strings"
	"testing"
	"time"
)

var from = &netmail.Address{Name: "Riverside Tenants' Union", Address: "union@riverside.example"}

func article() *mail.Message {
	return &mail.Message{
		ID:          mail.NewID("a1b2c3", "riverside.example"),
		Kind:        "article",
		To:          "Ana Pérez <ana@example.org>",
		Subject:     "Huelga de alquileres: día 3, ¿qué sigue? Una actualización larga de la sección Norte para todos",
		Text:        "Hola, Ana:\n\nLee el artículo: https://riverside.example/articles/7\nLínea con = y una muy larga " + strings.Repeat("palabra ", 20),
		HTML:        `<p>Hola, Ana:</p><p><a href="https://riverside.example/articles/7">Lee el artículo</a></p>`,
		Unsubscribe: "https://riverside.example/unsubscribe/tok123",
		Lang:        "es",
		Date:        time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC),
	}
}

// parsed reads a composed message back with the standard library's readers.
type parsed struct {
	header      netmail.Header
	subject     string
	text, html  string
	contentType string
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	for i, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 998 || strings.Contains(line, "\n") {
			t.Fatalf("line %d breaks RFC 5322: %q", i+1, line)
		}
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var p parsed
	p.header = msg.Header
	p.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	p.contentType = mt
	if mt == "text/plain" {
		p.text = readQP(t, msg.Body)
		return p
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if part.Header.Get("Content-Transfer-Encoding") != "quoted-printable" {
			t.Errorf("part not quoted-printable: %v", part.Header)
		}
		switch part.Header.Get("Content-Type") {
		case "text/plain; charset=utf-8":
			p.text = readQP(t, part)
		case "text/html; charset=utf-8":
			p.html = readQP(t, part)
		default:
			t.Errorf("unexpected part %v", part.Header)
		}
	}
	return p
}

func readQP(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(quotedprintable.NewReader(r))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCompose(t *testing.T) {
	m := article()
	data, err := mail.Compose(from, m)
	if err != nil {
		t.Fatal(err)
	}
	p := parse(t, data)
	if p.subject != m.Subject {
		t.Errorf("subject = %q", p.subject)
	}
	for _, line := range strings.Split(string(data[:bytes.Index(data, []byte("\r\n\r\n"))]), "\r\n") {
		if len(line) > 78 {
			t.Errorf("header line of %d octets: %q", len(line), line)
		}
		for _, c := range []byte(line) {
			if c > 0x7e {
				t.Errorf("raw non-ASCII in header line %q", line)
				break
			}
		}
	}
	to, err := p.header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Ana Pérez" || to[0].Address != "ana@example.org" {
		t.Errorf("To = %v, %v", to, err)
	}
	from, err := p.header.AddressList("From")
	if err != nil || from[0].Address != "union@riverside.example" {
		t.Errorf("From = %v, %v", from, err)
	}
	want := map[string]string{
		"Message-Id":            "<a1b2c3@riverside.example>",
		"Date":                  "Wed, 25 Nov 2026 20:00:00 +0000",
		"Mime-Version":          "1.0",
		"List-Unsubscribe":      "<https://riverside.example/unsubscribe/tok123>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Content-Language":      "es",
		"Auto-Submitted":        "auto-generated",
	}
	for k, v := range want {
		if got := p.header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if p.contentType != "multipart/alternative" {
		t.Errorf("Content-Type = %q", p.contentType)
	}
	wantText := strings.ReplaceAll(m.Text, "\n", "\r\n")
	if p.text != wantText || p.html != m.HTML {
		t.Errorf("bodies do not read back:\n%q\n%q", p.text, p.html)
	}
}

// A notice the rules require has no unsubscribe headers; a message with no
// HTML is a single text part.
func TestComposeRequiredNotice(t *testing.T) {
	m := article()
	m.Unsubscribe, m.HTML, m.Subject, m.Lang = "", "", "Election of the Secretary", ""
	data, err := mail.Compose(from, m)
	if err != nil {
		t.Fatal(err)
	}
	p := parse(t, data)
	if p.header.Get("List-Unsubscribe") != "" || p.header.Get("List-Unsubscribe-Post") != "" {
		t.Error("a required notice offers unsubscription")
	}
	if p.contentType != "text/plain" || p.subject != "Election of the Secretary" || p.header.Get("Subject") != "Election of the Secretary" {
		t.Errorf("Content-Type %q, Subject %q", p.contentType, p.header.Get("Subject"))
	}
}

// Line breaks in a subject cannot start headers of their own.
func TestComposeHeaderInjection(t *testing.T) {
	m := article()
	m.Subject = "Hello\r\nBcc: victim@example.org\nX-Evil: 1"
	data, err := mail.Compose(from, m)
	if err != nil {
		t.Fatal(err)
	}
	p := parse(t, data)
	if p.header.Get("Bcc") != "" || p.header.Get("X-Evil") != "" {
		t.Error("a header was injected")
	}
	if p.subject != "Hello Bcc: victim@example.org X-Evil: 1" {
		t.Errorf("subject = %q", p.subject)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *mail.Message)
		want   string
	}{
		{"no id", func(m *mail.Message) { m.ID = "" }, "message id"},
		{"id with brackets", func(m *mail.Message) { m.ID = "<x@y>" }, "message id"},
		{"bad recipient", func(m *mail.Message) { m.To = "not an address" }, "recipient"},
		{"two recipients", func(m *mail.Message) { m.To = "a@x.example, b@x.example" }, "recipient"},
		{"recipient injection", func(m *mail.Message) { m.To = "a@x.example\r\nBcc: b@x.example" }, "recipient"},
		{"no subject", func(m *mail.Message) { m.Subject = " " }, "no subject"},
		{"no text", func(m *mail.Message) { m.Text = "" }, "no text"},
		{"mailto unsubscribe", func(m *mail.Message) { m.Unsubscribe = "mailto:x@y.example" }, "unsubscribe"},
		{"unsubscribe injection", func(m *mail.Message) { m.Unsubscribe = "https://x.example/>\r\nBcc: b@x.example" }, "unsubscribe"},
		{"no date", func(m *mail.Message) { m.Date = time.Time{} }, "no date"},
	}
	for _, tt := range tests {
		m := article()
		tt.change(m)
		_, err := mail.Compose(from, m)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		n    int
		want time.Duration
	}{{1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute}, {8, 128 * time.Minute}, {20, 6 * time.Hour}, {1000, 6 * time.Hour}}
	for _, tt := range tests {
		if got := mail.Backoff(time.Minute, 6*time.Hour, tt.n); got != tt.want {
			t.Errorf("Backoff(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

// Whatever the subject and bodies, the message parses and reads back.
func FuzzCompose(f *testing.F) {
	f.Add("Subject ¿ñ?", "text\r\n.\r\n", "<p>x</p>")
	f.Add("=?utf-8?q?x?=", "\x00", "")
	f.Fuzz(func(t *testing.T, subject, text, html string) {
		m := article()
		m.Subject, m.Text, m.HTML = "s "+subject, "t"+text, html
		data, err := mail.Compose(from, m)
		if err != nil {
			t.Fatal(err)
		}
		p := parse(t, data)
		if p.header.Get("Message-Id") != "<a1b2c3@riverside.example>" {
			t.Fatal("headers lost")
		}
	})
}
