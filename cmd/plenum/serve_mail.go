package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"plenum"
	"plenum/mail"
	"plenum/sqlstore"
)

const serveMailUsage = `
Email (invitations, "email this article") is queued in the database in the
transaction that calls for it and sent by a background worker with retries,
so an SMTP outage or a restart loses nothing. Notices to members (elections
opening, statements) are written to email by another background job, each
member as they chose, with daily and weekly digests at 06:00 UTC. Without --smtp-host the
messages stay queued, and are sent once a server is configured. Links in
email are built from --base-url (env PLENUM_BASE_URL), the address members
reach this instance at, such as https://union.example; it defaults to the
listen address. The SMTP password comes from PLENUM_SMTP_PASSWORD only.`

// mailFlags are serve's email settings.
type mailFlags struct {
	smtp    mail.Config
	baseURL string
}

func addMailFlags(fs *flag.FlagSet, env *Env) *mailFlags {
	f := &mailFlags{}
	f.smtp.RegisterFlags(fs, env.Getenv)
	fs.StringVar(&f.baseURL, "base-url", env.Getenv("PLENUM_BASE_URL"),
		"public address of this instance, for links in email (env PLENUM_BASE_URL; default: the listen address)")
	return f
}

// validate checks the settings once flags are parsed.
func (f *mailFlags) validate() error {
	if err := f.smtp.Validate(); err != nil {
		return usageError{"plenum serve: " + err.Error()}
	}
	if f.baseURL == "" {
		return nil // the listen address, once known
	}
	u, err := url.Parse(f.baseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return usageError{fmt.Sprintf("plenum serve: --base-url %q is not an http(s) address such as https://union.example", f.baseURL)}
	}
	f.baseURL = strings.TrimSuffix(f.baseURL, "/")
	return nil
}

// startMail sets up the app's email and starts the outbox worker; stop
// stops it and waits for it to finish.
func (f *mailFlags) startMail(ctx context.Context, app *plenum.App, db *sqlstore.DB, log *slog.Logger) (stop func(), err error) {
	app.Mail.BaseURL = f.baseURL
	if !f.smtp.Configured() {
		n, err := db.Outbox().Pending(ctx)
		if err != nil {
			return nil, err
		}
		log.Warn("no SMTP server configured (--smtp-host): email stays queued until one is", "queued", n)
		return func() {}, nil
	}
	sender, err := mail.NewSMTP(f.smtp)
	if err != nil {
		return nil, err
	}
	w := &mail.Worker{Outbox: db.Outbox(), Sender: sender, Log: log, Now: app.Now}
	log.Info("sending email", "smtp", f.smtp.Host, "tls", f.smtp.TLS, "from", f.smtp.From)
	return background(ctx, func(ctx context.Context) { w.Run(ctx) }), nil
}
