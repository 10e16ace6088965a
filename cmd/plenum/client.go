package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"

	"plenum/trustee"
)

// apiClient talks to a plenum server's JSON API as a logged-in member: the
// session cookie of POST /api/v1/session authenticates every later call.
type apiClient struct {
	base string
	hc   *http.Client
}

// serverFlags are the flags of a command that works against a server.
type serverFlags struct {
	server, email, passFile *string
	election                *int64
}

func addServerFlags(fs *flag.FlagSet) serverFlags {
	return serverFlags{
		server:   fs.String("server", "", "the plenum server's `URL`, e.g. https://vote.example.org"),
		email:    fs.String("email", "", "your login `ADDRESS`"),
		passFile: fs.String("password-file", "", "read your login password from `FILE` (default: $PLENUM_PASSWORD)"),
		election: fs.Int64("election", 0, "the election's `ID`"),
	}
}

// login opens a session on the server.
func (f serverFlags) login(ctx context.Context, env *Env, cmd string) (*apiClient, error) {
	if *f.server == "" || *f.email == "" || *f.election < 1 {
		return nil, usageError{cmd + ": --server, --email and --election are required"}
	}
	pass := env.Getenv("PLENUM_PASSWORD")
	if *f.passFile != "" {
		b, err := os.ReadFile(*f.passFile)
		if err != nil {
			return nil, err
		}
		pass = strings.TrimRight(string(b), "\r\n")
	}
	if pass == "" {
		return nil, usageError{cmd + ": give your password with --password-file or PLENUM_PASSWORD"}
	}
	return openSession(ctx, *f.server, *f.email, pass)
}

// openSession logs in to the server at base.
func openSession(ctx context.Context, base, email, password string) (*apiClient, error) {
	jar, _ := cookiejar.New(nil)
	c := &apiClient{base: strings.TrimSuffix(base, "/"), hc: &http.Client{Jar: jar}}
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	if err := c.post(ctx, "/api/v1/session", body, nil); err != nil {
		return nil, fmt.Errorf("log in as %s: %w", email, err)
	}
	return c, nil
}

// Do sends body (nil for none) to the API and returns the answer, or the
// API's error (*trustee.Error).
func (c *apiClient) Do(ctx context.Context, method, p string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+p, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode >= 300 {
		return nil, trustee.ResponseError(method, p, res.StatusCode, http.StatusText(res.StatusCode), out)
	}
	return out, nil
}

// get decodes the JSON at p into v.
func (c *apiClient) get(ctx context.Context, p string, v any) error {
	b, err := c.Do(ctx, "GET", p, nil)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// post sends body and decodes the answer into v, if not nil.
func (c *apiClient) post(ctx context.Context, p string, body []byte, v any) error {
	b, err := c.Do(ctx, "POST", p, body)
	if err != nil || v == nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// record downloads election id's record into the directory dir, which
// must be empty.
func (c *apiClient) record(ctx context.Context, id int64, dir string) error {
	b, err := c.Do(ctx, "GET", fmt.Sprintf("/api/v1/elections/%d/record", id), nil)
	if err != nil {
		return err
	}
	return untarRecord(bytes.NewReader(b), dir)
}

// untarRecord writes the event files of a record's .tar.gz into dir
// (trustee.ReadRecord).
func untarRecord(r io.Reader, dir string) error {
	fsys, err := trustee.ReadRecord(r)
	if err != nil {
		return err
	}
	for name, f := range fsys {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
