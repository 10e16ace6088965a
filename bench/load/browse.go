package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"sync"
	"time"
)

// A member is one logged-in browser.
type member struct {
	client *http.Client
	pages  []page // what this member browses, in turn
}

type page struct{ name, path string }

// transport is shared by every member, with enough idle connections that
// each keeps its own, as browsers do.
var transport = &http.Transport{MaxIdleConns: 1000, MaxIdleConnsPerHost: 1000, IdleConnTimeout: time.Minute}

// login logs each member in through the API and learns, from their profile,
// the pages they will browse.
func login(base string, emails []string) ([]*member, error) {
	var home struct {
		Organization struct{ Slug string }
		Root         struct {
			Offices []struct{ ID string }
		}
	}
	var orgs struct{ Organizations []struct{ Slug string } }
	if err := getJSON(http.DefaultClient, base+"/api/v1/orgs", &orgs); err != nil || len(orgs.Organizations) == 0 {
		return nil, fmt.Errorf("list organizations: %v", err)
	}
	slug := orgs.Organizations[0].Slug
	if err := getJSON(http.DefaultClient, base+"/api/v1/orgs/"+slug, &home); err != nil || len(home.Root.Offices) == 0 {
		return nil, fmt.Errorf("organization home: %v", err)
	}
	office := home.Root.Offices[0].ID
	members := make([]*member, 0, len(emails))
	for _, email := range emails {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Transport: transport, Timeout: 30 * time.Second}
		body, _ := json.Marshal(map[string]string{"email": email, "password": password})
		res, err := c.Post(base+"/api/v1/session", "application/json", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			return nil, fmt.Errorf("log in %s: %s", email, res.Status)
		}
		var me struct {
			Memberships []struct{ Unit struct{ ID string } }
		}
		if err := getJSON(c, base+"/api/v1/me", &me); err != nil || len(me.Memberships) == 0 {
			return nil, fmt.Errorf("profile of %s: %v", email, err)
		}
		unit := me.Memberships[0].Unit.ID
		members = append(members, &member{client: c, pages: []page{
			{"organization", "/orgs/" + slug},
			{"units", "/orgs/" + slug + "/units"},
			{"unit", "/units/" + unit},
			{"office", "/offices/" + office},
			{"directory", "/units/" + unit + "/members"},
			{"profile", "/me"},
			{"record", "/record?org=" + slug},
		}})
	}
	return members, nil
}

func getJSON(c *http.Client, url string, v any) error {
	res, err := c.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return fmt.Errorf("GET %s: %s", url, res.Status)
	}
	return json.NewDecoder(res.Body).Decode(v)
}

// results are the latencies seen, by page.
type results struct {
	mu     sync.Mutex
	byPage map[string][]time.Duration
	errors int
}

// browse runs every member until the duration is up: a page, a pause drawn
// uniformly from [0.5, 1.5] times the mean, the next page.
func browse(ctx context.Context, base string, members []*member, c config) *results {
	res := &results{byPage: map[string][]time.Duration{}}
	ctx, cancel := context.WithTimeout(ctx, c.duration)
	defer cancel()
	var wg sync.WaitGroup
	for i, m := range members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 1))
			// Members start spread over one pause, not all at once.
			if !sleep(ctx, time.Duration(rng.Float64()*float64(c.think))) {
				return
			}
			for n := rng.IntN(len(m.pages)); ; n++ {
				p := m.pages[n%len(m.pages)]
				start := time.Now()
				ok := fetch(ctx, m.client, base+p.path)
				d := time.Since(start)
				if ctx.Err() != nil {
					return
				}
				res.add(p.name, d, ok)
				if !sleep(ctx, time.Duration((0.5+rng.Float64())*float64(c.think))) {
					return
				}
			}
		}()
	}
	wg.Wait()
	return res
}

func fetch(ctx context.Context, c *http.Client, url string) bool {
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	res, err := c.Do(req)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return err == nil && res.StatusCode == 200
}

func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func (r *results) add(page string, d time.Duration, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byPage[page] = append(r.byPage[page], d)
	if !ok {
		r.errors++
	}
}

// print writes the percentiles as a markdown table.
func (r *results) print(w io.Writer, dur time.Duration) {
	var all []time.Duration
	names := make([]string, 0, len(r.byPage))
	for name, ds := range r.byPage {
		names = append(names, name)
		all = append(all, ds...)
	}
	slices.Sort(names)
	fmt.Fprintf(w, "%d requests (%.0f/s), %d failed\n\n", len(all), float64(len(all))/dur.Seconds(), r.errors)
	fmt.Fprintln(w, "| page | requests | p50 | p90 | p99 | max |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for _, name := range names {
		row(w, name, r.byPage[name])
	}
	row(w, "**all**", all)
}

func row(w io.Writer, name string, ds []time.Duration) {
	slices.Sort(ds)
	q := func(p float64) string {
		if len(ds) == 0 {
			return "-"
		}
		d := ds[min(len(ds)-1, int(p*float64(len(ds))))]
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	}
	fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s |\n", name, len(ds), q(0.5), q(0.9), q(0.99), q(1))
}

func (r *results) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, ds := range r.byPage {
		n += len(ds)
	}
	return n
}
