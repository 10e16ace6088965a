// Package mailtest runs a real SMTP server (github.com/emersion/go-smtp) on
// 127.0.0.1 for tests: it keeps what it receives, and can require
// authentication, offer TLS, refuse recipients, defer messages, and go down
// and come back up on the same address.
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	netmail "net/mail"
	"plenum/mail"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Server is a running test SMTP server.
type Server struct {
	addr string
	srv  *smtp.Server
	l    net.Listener
	pool *x509.CertPool // trusts the server's certificate

	user, password string // when set, AUTH PLAIN is required

	mu           sync.Mutex
	rejectRcpt   map[string]int // recipient -> reply code to RCPT
	tempFailData int            // answer DATA with 451 this many times
	received     []Received
}

// Received is one message the server accepted.
type Received struct {
	From, To string // the envelope
	Data     []byte
	TLS      bool // over TLS
	Authed   bool // after AUTH
}

// Options configure a server.
type Options struct {
	TLS            string // mail.TLSNone, mail.TLSStartTLS (offered), or mail.TLSImplicit
	Addr           string // "" for a free port on 127.0.0.1
	User, Password string // require AUTH PLAIN with these
}

// Start starts a server, stopped when the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	s := &Server{user: o.User, password: o.Password, rejectRcpt: map[string]int{}}
	s.Listen(t, o)
	return s
}

// Listen (re)starts serving with o, for example on the address of a server
// that was stopped: the end of an outage.
func (s *Server) Listen(t testing.TB, o Options) {
	t.Helper()
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	srv := smtp.NewServer(s)
	srv.Domain = "mx.test"
	srv.AllowInsecureAuth = o.TLS == mail.TLSNone
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = testLogger{t}
	var l net.Listener
	var err error
	if o.TLS != mail.TLSNone {
		cert, pool := selfSigned(t)
		s.pool = pool
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
	if o.TLS == mail.TLSImplicit {
		l, err = tls.Listen("tcp", o.Addr, srv.TLSConfig)
	} else {
		l, err = net.Listen("tcp", o.Addr)
	}
	if err != nil {
		t.Fatal(err)
	}
	s.addr, s.srv, s.l = l.Addr().String(), srv, l
	go srv.Serve(l)
	t.Cleanup(s.Stop)
}

// Addr is the server's address.
func (s *Server) Addr() string { return s.addr }

// Stop closes the listener and every connection: an outage. The listener is
// closed here too, as Serve may not have taken it over yet.
func (s *Server) Stop() {
	s.l.Close()
	s.srv.Close()
}

// Config is a sender's configuration for this server in TLS mode mode,
// trusting its certificate.
func (s *Server) Config(mode string) mail.Config {
	host, port, _ := net.SplitHostPort(s.addr)
	p, _ := strconv.Atoi(port)
	cfg := mail.Config{Host: host, Port: p, TLS: mode, From: "Union <union@riverside.example>", Timeout: 5 * time.Second}
	if s.pool != nil {
		cfg.TLSConfig = &tls.Config{RootCAs: s.pool}
	}
	return cfg
}

// Reject makes the server answer RCPT TO:<to> with code.
func (s *Server) Reject(to string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectRcpt[to] = code
}

// Defer makes the server answer the next n messages' DATA with 451.
func (s *Server) Defer(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tempFailData = n
}

// Messages returns what the server accepted, in order.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// MessageIDs counts the accepted messages by Message-ID.
func (s *Server) MessageIDs(t testing.TB) map[string]int {
	t.Helper()
	ids := map[string]int{}
	for _, r := range s.Messages() {
		msg, err := netmail.ReadMessage(bytes.NewReader(r.Data))
		if err != nil {
			t.Fatalf("received an unreadable message: %v", err)
		}
		ids[msg.Header.Get("Message-Id")]++
	}
	return ids
}

func (s *Server) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &session{s: s, tls: isTLS}, nil
}

type session struct {
	s        *Server
	tls      bool
	authed   bool
	from, to string
}

func (ss *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, password string) error {
		if user != ss.s.user || password != ss.s.password {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.user != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.s.mu.Lock()
	code := ss.s.rejectRcpt[to]
	ss.s.mu.Unlock()
	if code != 0 {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 1, 1}, Message: "no such user"}
	}
	ss.to = to
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.tempFailData > 0 {
		ss.s.tempFailData--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	ss.s.received = append(ss.s.received, Received{ss.from, ss.to, data, ss.tls, ss.authed})
	return nil
}

func (ss *session) Reset()        {}
func (ss *session) Logout() error { return nil }

type testLogger struct{ t testing.TB }

func (l testLogger) Printf(format string, v ...any) { l.t.Logf("smtp server: "+format, v...) }
func (l testLogger) Println(v ...any)               { l.t.Log(append([]any{"smtp server:"}, v...)...) }

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "mx.test"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}
