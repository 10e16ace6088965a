package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"time"
)

// TLS modes of an SMTP connection.
const (
	TLSNone     = "none"     // plain text: only for a relay on the same host or network
	TLSStartTLS = "starttls" // upgrade with STARTTLS, usually port 587; refused if not offered
	TLSImplicit = "tls"      // TLS from the first byte, usually port 465
)

// Config says how to reach the SMTP server. Host empty means email is not
// configured: messages stay queued.
type Config struct {
	Host     string
	Port     int // 0: 25, 587 or 465 by TLS mode
	TLS      string
	Username string
	Password string // from the environment only, never a flag: flags show in ps
	From     string // the sender, e.g. "Riverside Tenants' Union <union@riverside.example>"
	Hello    string // the name to greet with; default "localhost"
	Timeout  time.Duration

	// TLSConfig, when set, is used for TLS (tests use it to trust their own
	// certificate); ServerName is set from Host.
	TLSConfig *tls.Config
}

// RegisterFlags defines the --smtp-* flags on fs, with defaults from the
// PLENUM_SMTP_* variables of getenv, so that a flag overrides the environment.
// The password is read from PLENUM_SMTP_PASSWORD alone.
func (c *Config) RegisterFlags(fs *flag.FlagSet, getenv func(string) string) {
	port, _ := strconv.Atoi(getenv("PLENUM_SMTP_PORT"))
	mode := getenv("PLENUM_SMTP_TLS")
	if mode == "" {
		mode = TLSStartTLS
	}
	fs.StringVar(&c.Host, "smtp-host", getenv("PLENUM_SMTP_HOST"), "SMTP server host; empty leaves email queued (env PLENUM_SMTP_HOST)")
	fs.IntVar(&c.Port, "smtp-port", port, "SMTP server port; 0 means 25, 587 or 465 by --smtp-tls (env PLENUM_SMTP_PORT)")
	fs.StringVar(&c.TLS, "smtp-tls", mode, "SMTP TLS mode: none, starttls or tls (env PLENUM_SMTP_TLS)")
	fs.StringVar(&c.Username, "smtp-user", getenv("PLENUM_SMTP_USER"), "SMTP user name; the password comes from PLENUM_SMTP_PASSWORD (env PLENUM_SMTP_USER)")
	fs.StringVar(&c.From, "smtp-from", getenv("PLENUM_SMTP_FROM"), "sender address of plenum's email (env PLENUM_SMTP_FROM)")
	c.Password = getenv("PLENUM_SMTP_PASSWORD")
}

// Configured reports whether an SMTP server is set.
func (c *Config) Configured() bool { return c.Host != "" }

// Validate names the first bad setting. An unconfigured Config is valid.
func (c *Config) Validate() error {
	if !c.Configured() {
		return nil
	}
	switch c.TLS {
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return fmt.Errorf("smtp-tls: %q is not none, starttls or tls", c.TLS)
	}
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("smtp-port: %d is out of range", c.Port)
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("smtp-from: %q: %w", c.From, err)
	}
	if c.Username != "" && c.Password == "" {
		return fmt.Errorf("smtp-user is set but PLENUM_SMTP_PASSWORD is empty")
	}
	return nil
}

func (c *Config) addr() string {
	port := c.Port
	if port == 0 {
		port = map[string]int{TLSNone: 25, TLSStartTLS: 587, TLSImplicit: 465}[c.TLS]
	}
	return net.JoinHostPort(c.Host, strconv.Itoa(port))
}

// A Sender delivers one composed message.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// SMTP sends over SMTP, one connection per message: plenum's volume does not
// need pooling, and a fresh connection never inherits a broken session.
type SMTP struct {
	cfg  Config
	from *mail.Address
}

var _ Sender = (*SMTP)(nil)

// NewSMTP returns a sender for a valid, configured cfg.
func NewSMTP(cfg Config) (*SMTP, error) {
	if !cfg.Configured() {
		return nil, errors.New("smtp: no host configured")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = time.Minute
	}
	if cfg.Hello == "" {
		cfg.Hello = "localhost"
	}
	from, _ := mail.ParseAddress(cfg.From)
	return &SMTP{cfg: cfg, from: from}, nil
}

// Timeout is the longest one Send may take; a worker's lease must be longer.
func (s *SMTP) Timeout() time.Duration { return s.cfg.Timeout }

// Send delivers m. An error that a retry cannot cure (the server refused the
// recipient or the content with a 5xx reply) is a *PermanentError.
func (s *SMTP) Send(ctx context.Context, m *Message) error {
	data, err := Compose(s.from, m)
	if err != nil {
		return &PermanentError{err}
	}
	to, _ := mail.ParseAddress(m.To)
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	c, err := s.dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Mail(s.from.Address); err != nil {
		return fmt.Errorf("smtp MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return classify("smtp RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return classify("smtp DATA", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("smtp DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return classify("smtp DATA", err)
	}
	// The message is accepted; a failed QUIT does not unsend it.
	_ = c.Quit()
	return nil
}

// dial connects, greets, secures and authenticates.
func (s *SMTP) dial(ctx context.Context) (*smtp.Client, error) {
	d := net.Dialer{}
	conn, err := d.DialContext(ctx, "tcp", s.cfg.addr())
	if err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	if s.cfg.TLS == TLSImplicit {
		tc := tls.Client(conn, s.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, fmt.Errorf("smtp: TLS: %w", err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("smtp: greeting: %w", err)
	}
	if err := s.start(c); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func (s *SMTP) start(c *smtp.Client) error {
	if err := c.Hello(s.cfg.Hello); err != nil {
		return fmt.Errorf("smtp EHLO: %w", err)
	}
	if s.cfg.TLS == TLSStartTLS {
		// Never fall back to plain text: that would hand the credentials and
		// the members' mail to whoever strips the STARTTLS offer.
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("smtp: the server does not offer STARTTLS")
		}
		if err := c.StartTLS(s.tlsConfig()); err != nil {
			return fmt.Errorf("smtp STARTTLS: %w", err)
		}
	}
	if s.cfg.Username != "" {
		// PlainAuth itself refuses to send the password over a connection
		// that is neither TLS nor to localhost.
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)); err != nil {
			return fmt.Errorf("smtp AUTH: %w", err)
		}
	}
	return nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.cfg.TLSConfig != nil {
		cfg = s.cfg.TLSConfig.Clone()
	}
	cfg.ServerName = s.cfg.Host
	return cfg
}

// PermanentError is a failure that retrying will not cure.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// classify wraps err, making a 5xx reply to RCPT or DATA permanent. Other
// 5xx replies (to EHLO, AUTH, MAIL) come from the configuration or the server,
// not the message, and are retried like an outage so that fixing the
// configuration delivers the queue.
func classify(what string, err error) error {
	err = fmt.Errorf("%s: %w", what, err)
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return &PermanentError{err}
	}
	return err
}
