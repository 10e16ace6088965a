package mail

import (
	"bytes"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"time"
)

// Message is one email to one recipient, as the outbox keeps it. The sender's
// address is not part of it: the Sender adds its configured From when it
// sends, so a change of sending address applies to queued messages too.
type Message struct {
	ID          string    // Message-ID without angle brackets, fixed at enqueue; see NewID
	Kind        string    // what it is about, e.g. "invitation", "article"; for logs and metrics
	To          string    // the recipient's address, e.g. "Ana Pérez <ana@example.org>"
	Subject     string    // one line
	Text        string    // the plain-text body
	HTML        string    // an optional HTML alternative of Text
	Unsubscribe string    // an https URL; empty for notices the rules require
	Lang        string    // optional BCP 47 tag for Content-Language
	Date        time.Time // when the message was made (enqueued)
}

// Validate checks m before it is queued, so that a bad message is refused in
// the transaction that would queue it and not discovered by the worker.
func (m *Message) Validate() error {
	if m.ID == "" || strings.ContainsAny(m.ID, "<> \r\n") || !strings.Contains(m.ID, "@") {
		return fmt.Errorf("mail: bad message id %q", m.ID)
	}
	if _, err := mail.ParseAddress(m.To); err != nil {
		return fmt.Errorf("mail: recipient %q: %w", m.To, err)
	}
	if strings.TrimSpace(m.Subject) == "" {
		return fmt.Errorf("mail: no subject")
	}
	if m.Text == "" {
		return fmt.Errorf("mail: no text body")
	}
	if m.Unsubscribe != "" {
		u, err := url.Parse(m.Unsubscribe)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(m.Unsubscribe, "<>\r\n ") {
			return fmt.Errorf("mail: unsubscribe link %q is not an absolute http(s) URL", m.Unsubscribe)
		}
	}
	if strings.ContainsAny(m.Lang+m.Kind, "\r\n") {
		return fmt.Errorf("mail: line break in the language or kind")
	}
	if m.Date.IsZero() {
		return fmt.Errorf("mail: no date")
	}
	return nil
}

// NewID returns a Message-ID for the outbox entry named by unique (for
// example the entry's random token) at domain, the sending instance's host.
func NewID(unique, domain string) string {
	return unique + "@" + domain
}

// Compose renders m from the sender's address as an RFC 5322 message with
// CRLF line ends.
func Compose(from *mail.Address, m *Message) ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	to, _ := mail.ParseAddress(m.To)
	var buf bytes.Buffer
	h := &headerWriter{buf: &buf}
	h.add("From", from.String())
	h.add("To", to.String())
	h.add("Subject", encodeHeader(oneLine(m.Subject)))
	h.add("Date", m.Date.Format(time.RFC1123Z))
	h.add("Message-ID", "<"+m.ID+">")
	h.add("MIME-Version", "1.0")
	// RFC 3834: tells vacation responders not to answer.
	h.add("Auto-Submitted", "auto-generated")
	if m.Lang != "" {
		h.add("Content-Language", m.Lang)
	}
	if m.Unsubscribe != "" {
		h.add("List-Unsubscribe", "<"+m.Unsubscribe+">")
		h.add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	if m.HTML == "" {
		h.add("Content-Type", "text/plain; charset=utf-8")
		h.add("Content-Transfer-Encoding", "quoted-printable")
		buf.WriteString("\r\n")
		if err := writeQP(&buf, m.Text); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	mw := multipart.NewWriter(&buf)
	h.add("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	buf.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		if err := writeQP(w, part.body); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeQP writes body as quoted-printable with CRLF line ends.
func writeQP(w interface{ Write([]byte) (int, error) }, body string) error {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\n", "\r\n")
	qp := quotedprintable.NewWriter(w)
	if _, err := qp.Write([]byte(body)); err != nil {
		return err
	}
	return qp.Close()
}

// oneLine turns any line breaks into spaces: a subject is one header line,
// and a line break in it would let its text start a header of its own.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// encodeHeader returns s as is if it is printable ASCII and cannot be taken
// for an encoded word, else as RFC 2047
// Q-encoded words short enough that each fits on a folded header line, each
// holding whole characters (section 5 forbids splitting one).
func encodeHeader(s string) string {
	plain := !strings.Contains(s, "=?")
	for i := 0; i < len(s); i++ {
		plain = plain && s[i] >= 0x20 && s[i] <= 0x7e
	}
	if plain {
		return s
	}
	const maxWord = 60
	var words []string
	word := ""
	for _, r := range s {
		enc := qEncode(string(r))
		if len(word)+len(enc) > maxWord-len("=?utf-8?q??=") {
			words = append(words, "=?utf-8?q?"+word+"?=")
			word = ""
		}
		word += enc
	}
	words = append(words, "=?utf-8?q?"+word+"?=")
	return strings.Join(words, " ")
}

// qEncode is RFC 2047's Q encoding, keeping only letters, digits and the few
// marks allowed everywhere an encoded word may stand.
func qEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			b.WriteByte('_')
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("!*+-/", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "=%02X", c)
		}
	}
	return b.String()
}

// headerWriter writes header fields folded to lines of at most 78 octets where
// there is whitespace to fold at (RFC 5322 section 2.2.3).
type headerWriter struct{ buf *bytes.Buffer }

func (h *headerWriter) add(name, value string) {
	line := name + ":"
	n := len(line)
	for i, word := range strings.Split(value, " ") {
		if i > 0 && n+1+len(word) > 78 {
			h.buf.WriteString(line + "\r\n")
			line, n = "", 0
		}
		line += " " + word
		n += 1 + len(word)
	}
	h.buf.WriteString(line + "\r\n")
}
