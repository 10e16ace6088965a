package mail_test

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

// mailServer is a real SMTP server (emersion/go-smtp) on 127.0.0.1 that keeps
// what it receives.
type mailServer struct {
	addr string
	srv  *smtp.Server
	l    net.Listener
	pool *x509.CertPool // trusts the server's certificate

	user, password string         // when set, AUTH PLAIN is required
	rejectRcpt     map[string]int // recipient -> reply code to RCPT
	tempFailData   int            // answer DATA with 451 this many times
	mu             sync.Mutex
	received       []received
}

type received struct {
	from, to string
	data     []byte
	tls      bool
	authed   bool
}

type serverOpts struct {
	tls      string // mail.TLSNone, mail.TLSStartTLS (offered), mail.TLSImplicit
	addr     string // "" for a free port
	user     string
	password string
}

// startServer starts a server and stops it when the test ends.
func startServer(t *testing.T, o serverOpts) *mailServer {
	t.Helper()
	s := &mailServer{user: o.user, password: o.password, rejectRcpt: map[string]int{}}
	s.listen(t, o)
	return s
}

func (s *mailServer) listen(t *testing.T, o serverOpts) {
	t.Helper()
	if o.addr == "" {
		o.addr = "127.0.0.1:0"
	}
	srv := smtp.NewServer(s)
	srv.Domain = "mx.test"
	srv.AllowInsecureAuth = o.tls == mail.TLSNone
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = testLogger{t}
	var l net.Listener
	var err error
	if o.tls != mail.TLSNone {
		cert, pool := selfSigned(t)
		s.pool = pool
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
	if o.tls == mail.TLSImplicit {
		l, err = tls.Listen("tcp", o.addr, srv.TLSConfig)
	} else {
		l, err = net.Listen("tcp", o.addr)
	}
	if err != nil {
		t.Fatal(err)
	}
	s.addr, s.srv, s.l = l.Addr().String(), srv, l
	go srv.Serve(l)
	t.Cleanup(s.stop)
}

// stop closes the listener and every connection: an outage. The listener is
// closed here too, as Serve may not have taken it over yet.
func (s *mailServer) stop() {
	s.l.Close()
	s.srv.Close()
}

func (s *mailServer) config(mode string) mail.Config {
	host, port, _ := net.SplitHostPort(s.addr)
	p, _ := strconv.Atoi(port)
	cfg := mail.Config{Host: host, Port: p, TLS: mode, From: "Union <union@riverside.example>", Timeout: 5 * time.Second}
	if s.pool != nil {
		cfg.TLSConfig = &tls.Config{RootCAs: s.pool}
	}
	return cfg
}

func (s *mailServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.received...)
}

// messageIDs counts the received messages by Message-ID.
func (s *mailServer) messageIDs(t *testing.T) map[string]int {
	t.Helper()
	ids := map[string]int{}
	for _, r := range s.messages() {
		msg, err := netmail.ReadMessage(bytes.NewReader(r.data))
		if err != nil {
			t.Fatalf("received an unreadable message: %v", err)
		}
		ids[msg.Header.Get("Message-Id")]++
	}
	return ids
}

func (s *mailServer) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &session{s: s, tls: isTLS}, nil
}

type session struct {
	s        *mailServer
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
	if code := ss.s.rejectRcpt[to]; code != 0 {
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
	ss.s.received = append(ss.s.received, received{ss.from, ss.to, data, ss.tls, ss.authed})
	return nil
}

func (ss *session) Reset()        {}
func (ss *session) Logout() error { return nil }

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, v ...any) { l.t.Logf("smtp server: "+format, v...) }
func (l testLogger) Println(v ...any)               { l.t.Log(append([]any{"smtp server:"}, v...)...) }

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
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
