package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"

	"plenum"
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

The instance key that signs the record is created on first start, in
--data-dir (env PLENUM_DATA_DIR) or else beside the SQLite file; keep it safe
and back it up with the database.

On a loopback address (127.0.0.1, ::1, localhost) session cookies work over
plain http; on any other address plenum expects TLS in front of it and marks
its cookies Secure.` + serveMailUsage

// serveConfig is serve's configuration, read once from flags and environment.
type serveConfig struct {
	*dbFlags
	*mailFlags
	addr      string
	demo      bool
	plainHTTP bool
}

func parseServe(env *Env, args []string) (*serveConfig, error) {
	fs := newFlags(env, "plenum serve", serveUsage)
	c := &serveConfig{dbFlags: addDBFlags(fs, env), mailFlags: addMailFlags(fs, env)}
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.BoolVar(&c.demo, "demo", false, "load the demo organization into an empty database and print its logins")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usageError{"plenum serve: unexpected argument " + fs.Arg(0)}
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
	if err := c.mailFlags.validate(); err != nil {
		return nil, err
	}
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
	if c.dataDir != "" {
		// The key is the instance's identity: only its owner may read it.
		if err := os.MkdirAll(c.dataDir, 0o700); err != nil {
			return fmt.Errorf("data directory: %w", err)
		}
	}
	app, db, err := c.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	cfg := web.Config{Addr: c.addr, PlainHTTP: c.plainHTTP, Logger: log}
	if c.demo {
		logins, err := loadDemo(ctx, app)
		if err != nil {
			return err
		}
		printLogins(env, logins)
		if len(logins) > 0 {
			if err := c.useDemoClock(app, &cfg, log); err != nil {
				return err
			}
		}
	}
	stopMail, err := c.startMail(ctx, app, db, log)
	if err != nil {
		return err
	}
	defer stopMail()
	defer startElectionClock(ctx, app, log)()
	defer startBoardWarmup(ctx, app, log)()
	srv, err := web.New(cfg, web.Deps{App: app})
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
	if app.Mail.BaseURL == "" {
		app.Mail.BaseURL = scheme + "://" + addr.String()
	}
	// Started once the links in email have their address.
	defer startNotices(ctx, app, log)()
	log.Info("plenum serving", "url", scheme+"://"+addr.String(), "db", redactDSN(c.db))
	err = srv.Run(ctx)
	log.Info("plenum stopped")
	return err
}

// useDemoClock gives the demo its own clock, kept beside the instance key,
// which the demo's pages move forward.
func (c *serveConfig) useDemoClock(app *plenum.App, cfg *web.Config, log *slog.Logger) error {
	key, err := c.keyPath()
	if err != nil {
		return err
	}
	clock, err := openDemoClock(strings.TrimSuffix(key, ".key")+".clock", func(ctx context.Context) { tickElections(ctx, app, log) })
	if err != nil {
		return err
	}
	app.Now, cfg.Now, cfg.Demo = clock.Now, clock.Now, clock
	return nil
}

func printLogins(env *Env, logins []demoLogin) {
	if len(logins) == 0 {
		fmt.Fprintln(env.Stdout, "The database holds another organization than the demo: no demo logins.")
		return
	}
	fmt.Fprintln(env.Stdout, "Demo logins:")
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, l := range logins {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Email, l.Password, l.Who)
	}
	tw.Flush()
}

// redactDSN hides the password of a PostgreSQL URL before it is logged.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || !sqlstore.IsPostgres(dsn) {
		return dsn
	}
	return u.Redacted()
}
