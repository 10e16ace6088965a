package web

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
)

// contentSecurityPolicy allows no script at all, styles and images from this
// origin only, forms that post back to this origin only, and no framing.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// middleware wraps the router, outermost first: recovery and the request log
// and metrics see everything; the headers go on every response; the
// cross-origin check refuses a state-changing browser request from another
// origin before any handler runs.
func (s *Server) middleware(mux http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errCrossOrigin)
	}))
	return s.observe(securityHeaders(cop.Handler(limitBody(mux))))
}

// maxForm bounds the body of any request; forms and JSON bodies are small.
const maxForm = 1 << 20

func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		}
		next.ServeHTTP(w, r)
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		// No referrer: the accept-invitation page carries its token in the path.
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe logs each request, counts it in the metrics and turns a panic into a
// 500. It logs the matched route pattern rather than the path, because paths
// (invitation links) and queries may carry secrets; cookies, headers and
// bodies are never logged.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.cfg.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "route", routeOf(r), "panic", fmt.Sprint(v))
				if sw.status == 0 {
					s.fail(sw, r, errPanic)
				}
			}
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			elapsed := s.cfg.Now().Sub(start)
			route := routeOf(r)
			s.metrics.observe(route, sw.status, elapsed)
			level := slog.LevelInfo
			if sw.status >= 500 {
				level = slog.LevelError
			}
			s.log.LogAttrs(r.Context(), level, "request",
				slog.String("method", r.Method),
				slog.String("route", route),
				slog.Int("status", sw.status),
				slog.Int64("bytes", sw.size),
				slog.Duration("duration", elapsed),
				slog.String("ip", clientIP(r)),
			)
		}()
		next.ServeHTTP(sw, r)
	})
}

// routeOf names the route a request matched, without its method; requests
// that matched none share one name so that metrics stay bounded.
func routeOf(r *http.Request) string {
	p := r.Pattern
	if p == "" {
		return "unmatched"
	}
	if i := strings.IndexByte(p, ' '); i >= 0 {
		p = p[i+1:]
	}
	return p
}

// clientIP is the address the connection came from. plenum does not trust
// X-Forwarded-For: a proxy in front must limit logins itself or pass the
// connection through.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
