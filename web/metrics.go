package web

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"
)

// latencyBuckets are the upper bounds, in seconds, of the request latency
// histogram; the 0.1 s bound is the target for pages under load.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// metrics counts requests by route and status and keeps a latency histogram
// per route, exposed in Prometheus' text format. Routes are the patterns of
// the router, so the set of series is bounded.
type metrics struct {
	start time.Time

	mu       sync.Mutex
	requests map[routeStatus]uint64
	latency  map[string]*histogram
}

type routeStatus struct {
	route  string
	status int
}

type histogram struct {
	counts []uint64 // one per bucket, not cumulative
	sum    float64
	count  uint64
}

func newMetrics() *metrics {
	return &metrics{start: time.Now(), requests: map[routeStatus]uint64{}, latency: map[string]*histogram{}}
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[routeStatus{route, status}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets))}
		m.latency[route] = h
	}
	for i, le := range latencyBuckets {
		if sec <= le {
			h.counts[i]++
			break
		}
	}
	h.sum += sec
	h.count++
}

// write prints the metrics in the Prometheus text exposition format 0.0.4.
func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP plenum_http_requests_total HTTP requests served, by route and status.")
	fmt.Fprintln(w, "# TYPE plenum_http_requests_total counter")
	keys := make([]routeStatus, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b routeStatus) int {
		if a.route != b.route {
			if a.route < b.route {
				return -1
			}
			return 1
		}
		return a.status - b.status
	})
	for _, k := range keys {
		fmt.Fprintf(w, "plenum_http_requests_total{route=%s,status=\"%d\"} %d\n", quoteLabel(k.route), k.status, m.requests[k])
	}
	fmt.Fprintln(w, "# HELP plenum_http_request_duration_seconds Time to serve an HTTP request, by route.")
	fmt.Fprintln(w, "# TYPE plenum_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	for _, r := range routes {
		h, q := m.latency[r], quoteLabel(r)
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "plenum_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", q, strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(w, "plenum_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", q, h.count)
		fmt.Fprintf(w, "plenum_http_request_duration_seconds_sum{route=%s} %g\n", q, h.sum)
		fmt.Fprintf(w, "plenum_http_request_duration_seconds_count{route=%s} %d\n", q, h.count)
	}
	fmt.Fprintln(w, "# HELP plenum_goroutines Goroutines that currently exist.")
	fmt.Fprintln(w, "# TYPE plenum_goroutines gauge")
	fmt.Fprintf(w, "plenum_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintln(w, "# HELP plenum_start_time_seconds Start time of the process since the Unix epoch.")
	fmt.Fprintln(w, "# TYPE plenum_start_time_seconds gauge")
	fmt.Fprintf(w, "plenum_start_time_seconds %d\n", m.start.Unix())
}

// quoteLabel quotes a label value as the exposition format wants: backslash,
// double quote and newline escaped.
func quoteLabel(s string) string {
	b := []byte{'"'}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '"':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		default:
			b = append(b, c)
		}
	}
	return string(append(b, '"'))
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	s.metrics.write(w)
}
