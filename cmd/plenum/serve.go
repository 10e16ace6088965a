package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"plenum"
	"plenum/record"
	"plenum/sqlstore"
	"plenum/web"
)

const serveUsage = `plenum serve [--db PATH|URL] [--addr 127.0.0.1:8080] [--demo] [--data-dir DIR]

Serves plenum's web pages and JSON API until interrupted (SIGINT or SIGTERM),
then lets the requests in flight finish and stops.

The database is --db, or else $PLENUM_DB: a SQLite file path, or a
postgres:// URL. With --demo and no database given, plenum uses
plenum-demo.db, loads the demo organization into it when it is empty, and
prints the demo logins.

The instance key that signs the record is kept in --data-dir (created with
the key on first start); keep it safe and back it up with the database.

On a loopback address (127.0.0.1, ::1, localhost) session cookies work over
plain http; on any other address plenum expects TLS in front of it and marks
its cookies Secure.`

// serveConfig is serve's configuration, read once from flags and environment.
type serveConfig struct {
	db        string
	addr      string
	demo      bool
	dataDir   string
	plainHTTP bool
}

func parseServe(env *Env, args []string) (*serveConfig, error) {
	fs := newFlags(env, "plenum serve", serveUsage)
	c := &serveConfig{}
	fs.StringVar(&c.db, "db", "", "SQLite file or postgres:// URL (default $PLENUM_DB)")
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.BoolVar(&c.demo, "demo", false, "load the demo organization into an empty database and print its logins")
	fs.StringVar(&c.dataDir, "data-dir", "data", "directory of the instance's record key")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usageError{"plenum serve: unexpected argument " + fs.Arg(0)}
	}
	if c.db == "" {
		c.db = env.Getenv("PLENUM_DB")
	}
	if c.db == "" && c.demo {
		c.db = "plenum-demo.db"
	}
	if c.db == "" {
		return nil, usageError{"plenum serve: no database: give --db, set PLENUM_DB, or use --demo"}
	}
	host, _, err := net.SplitHostPort(c.addr)
	if err != nil {
		return nil, usageError{fmt.Sprintf("plenum serve: --addr %q: %v", c.addr, err)}
	}
	c.plainHTTP = isLoopback(host)
	return c, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func runServe(ctx context.Context, env *Env, args []string) error {
	c, err := parseServe(env, args)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	if err := os.MkdirAll(c.dataDir, 0o700); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	key, err := record.LoadOrCreateKey(filepath.Join(c.dataDir, "record-key.pem"), rand.Reader)
	if err != nil {
		return err
	}
	db, err := sqlstore.Open(ctx, c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	app := plenum.NewApp(db, key)
	if err := app.CheckRecordKey(ctx); err != nil {
		return err
	}
	if c.demo {
		if err := loadDemo(ctx, app, env); err != nil {
			return err
		}
	}
	srv, err := web.New(web.Config{Addr: c.addr, PlainHTTP: c.plainHTTP, Logger: log}, web.Deps{App: app})
	if err != nil {
		return err
	}
	addr, err := srv.Listen()
	if err != nil {
		return err
	}
	scheme := "https"
	if c.plainHTTP {
		scheme = "http"
	}
	log.Info("plenum serving", "url", scheme+"://"+addr.String(), "db", redactDSN(c.db))
	err = srv.Run(ctx)
	log.Info("plenum stopped")
	return err
}

// redactDSN hides the password of a PostgreSQL URL before it is logged.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || !sqlstore.IsPostgres(dsn) {
		return dsn
	}
	return u.Redacted()
}
