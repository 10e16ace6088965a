// Package web serves plenum's HTML pages and its JSON API under /api/v1.
//
// # Shape
//
// One routes function lists every route. A page is a domain call that builds a
// typed view, and two renderers: the HTML template of the page and the JSON of
// the API. Both paths run the same view function, so they share the same
// authorization: the domain decides, the handlers only parse and render.
//
// # Security
//
// Every response carries a strict Content-Security-Policy (no script at all:
// no page needs JavaScript), frame-ancestors 'none', nosniff and a no-referrer
// policy (invitation links carry a token in their path). Every state-changing
// request passes Go's http.CrossOriginProtection. Sessions live in the
// database; the cookie holds only an opaque token, HttpOnly and SameSite=Lax,
// and Secure unless the server is configured for plain-http local use. Request
// logs name the route pattern, never the raw path, query, cookies or bodies,
// so tokens and passwords never reach a log.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"plenum/markdown"
)

// Config is the server's configuration, read once by the caller.
type Config struct {
	// Addr is the listen address, such as "127.0.0.1:8080" or "127.0.0.1:0".
	Addr string
	// PlainHTTP drops the Secure flag from cookies, for a local server reached
	// over http://127.0.0.1; any server reached over a network must be behind TLS
	// and leave it false.
	PlainHTTP bool
	// Logger receives request logs and errors; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// LoginPerIP and LoginPerAccount bound login attempts in each LoginWindow;
	// zero means 20 per IP and 5 per account in 15 minutes.
	LoginPerIP, LoginPerAccount int
	LoginWindow                 time.Duration
	// TrusteeWorkFactor is the scrypt cost (log2) with which the trustee's
	// page seals the trustee's state; zero means age's default, which
	// every server uses. Tests lower it, as plenum trustee run's tests do
	// with PLENUM_TRUSTEE_WORK_FACTOR, since a full-cost seal in
	// WebAssembly takes many seconds. There is no flag for it.
	TrusteeWorkFactor int
	// Demo is the clock of a demonstration, which visitors may move forward;
	// nil on a real instance. Now should be its Now.
	Demo DemoClock
}

// DemoClock is the clock of serve --demo.
type DemoClock interface {
	Now() time.Time
	Ahead() time.Duration // how far it is ahead of the real time
	// SkipTo moves it forward to t and runs what is due by then.
	SkipTo(ctx context.Context, t time.Time) error
}

func (c *Config) setDefaults() {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.LoginPerIP == 0 {
		c.LoginPerIP = 20
	}
	if c.LoginPerAccount == 0 {
		c.LoginPerAccount = 5
	}
	if c.LoginWindow == 0 {
		c.LoginWindow = 15 * time.Minute
	}
}

// A Server serves plenum over HTTP. Tests start it with httptest on Handler,
// or with Listen and Run on 127.0.0.1:0.
type Server struct {
	cfg     Config
	deps    Deps
	log     *slog.Logger
	pages   *pages
	static  *staticFiles
	metrics *metrics
	limits  *loginLimits
	cache   cache
	md      *markdown.Renderer // articles' Markdown
	handler http.Handler
	// patterns are the routes, as routes registered them.
	patterns []string

	mu  sync.Mutex
	srv *http.Server
	ln  net.Listener
}

// New builds a server; it parses every template and fails if one is broken.
func New(cfg Config, deps Deps) (*Server, error) {
	cfg.setDefaults()
	if err := deps.validate(); err != nil {
		return nil, err
	}
	st, err := loadStatic()
	if err != nil {
		return nil, err
	}
	pg, err := parsePages(st)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:     cfg,
		deps:    deps,
		log:     cfg.Logger,
		pages:   pg,
		static:  st,
		metrics: newMetrics(),
		limits:  newLoginLimits(cfg),
		md:      markdown.New(),
	}
	m := &router{mux: http.NewServeMux()}
	s.routes(m)
	s.patterns = m.patterns
	s.handler = s.middleware(m.mux)
	return s, nil
}

// Handler returns the server's whole handler, middleware included.
func (s *Server) Handler() http.Handler { return s.handler }

// Listen opens the listener on the configured address and returns its address,
// so that a caller that asked for port 0 learns the port.
func (s *Server) Listen() (net.Addr, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln != nil {
		return s.ln.Addr(), nil
	}
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	s.ln = ln
	s.srv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	return ln.Addr(), nil
}

// Run serves until ctx is done, then shuts down gracefully: it stops accepting,
// lets requests in flight finish (for up to 10 seconds) and returns.
func (s *Server) Run(ctx context.Context) error {
	if _, err := s.Listen(); err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(shut); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// Close stops the server at once, dropping requests in flight.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return s.srv.Close()
	}
	if s.ln != nil {
		return s.ln.Close()
	}
	return nil
}
