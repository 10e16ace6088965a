// Command load checks plenum's web pages under load: it founds the national
// union of examples/ in a fresh SQLite database, serves it on 127.0.0.1, logs
// in N members, and has each of them browse for a while (organization home,
// units, a unit, an office, their branch's member directory, their profile,
// the record), one page after another with a pause between pages. It prints
// the latency percentiles, overall and by page, as markdown.
//
// Run it from the repository's root:
//
//	go run ./bench/load -members 200 -duration 30s
//
// It drives only the server it starts, on the loopback address, and stops by
// itself after -duration.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"plenum"
	"plenum/constitution"
	"plenum/record"
	"plenum/sqlstore"
	"plenum/web"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

type config struct {
	members  int
	duration time.Duration
	think    time.Duration
	example  string
	db       string
}

func run(ctx context.Context, args []string, out io.Writer) error {
	c := config{}
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.IntVar(&c.members, "members", 200, "members browsing at once")
	fs.DurationVar(&c.duration, "duration", 30*time.Second, "how long they browse")
	fs.DurationVar(&c.think, "think", time.Second, "mean pause between two pages of one member (0: none)")
	fs.StringVar(&c.example, "example", filepath.Join("examples", "national-union"), "the organization to found")
	fs.StringVar(&c.db, "db", "", "the SQLite file or postgres:// URL to found it in (default: a temporary SQLite file)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the browsing to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.duration > 10*time.Minute {
		return errors.New("-duration: at most 10m")
	}
	if c.db == "" {
		dir, err := os.MkdirTemp("", "plenum-load")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		c.db = filepath.Join(dir, "load.db")
	}
	app, emails, closeDB, err := found(ctx, c)
	if err != nil {
		return err
	}
	defer closeDB()
	if len(emails) < c.members {
		return fmt.Errorf("%s has %d members, fewer than -members %d", c.example, len(emails), c.members)
	}
	srv, err := web.New(web.Config{Addr: "127.0.0.1:0", PlainHTTP: true, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		LoginPerIP: 10 * c.members}, web.Deps{App: app})
	if err != nil {
		return err
	}
	addr, err := srv.Listen()
	if err != nil {
		return err
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go srv.Run(sctx)
	base := "http://" + addr.String()
	members, err := login(base, emails[:c.members])
	if err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	load0, cpu0 := loadAverage(), cpuTime()
	res := browse(ctx, base, members, c)
	cpu := cpuTime() - cpu0
	fmt.Fprintf(out, "%d members browsing for %s (pause %s on average) on %d CPUs, %s, %s/%s; load average %s at the start, %s at the end\n\n",
		c.members, c.duration, c.think, runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH, load0, loadAverage())
	res.print(out, c.duration)
	if n := res.count(); n > 0 {
		fmt.Fprintf(out, "\nCPU time of this process (server and browsers together): %.2f ms per request\n", float64(cpu.Microseconds())/1000/float64(n))
	}
	return nil
}

// found creates the organization and opens an account for every member. The
// passwords are hashed with cheap argon2id parameters: logging in is not what
// this measures, and the parameters travel in each hash.
func found(ctx context.Context, c config) (*plenum.App, []string, func(), error) {
	src, err := os.ReadFile(filepath.Join(c.example, "constitution.yaml"))
	if err != nil {
		return nil, nil, nil, err
	}
	con, err := constitution.Parse("constitution.yaml", src)
	if err != nil {
		return nil, nil, nil, err
	}
	f, err := os.Open(filepath.Join(c.example, "members.csv"))
	if err != nil {
		return nil, nil, nil, err
	}
	rows, bad := plenum.ReadMembersCSV("members.csv", f)
	f.Close()
	if len(bad) > 0 {
		return nil, nil, nil, bad
	}
	db, err := sqlstore.Open(ctx, c.db)
	if err != nil {
		return nil, nil, nil, err
	}
	key, err := record.LoadOrCreateKey(c.db+".key", rand.Reader)
	if err != nil {
		db.Close()
		return nil, nil, nil, err
	}
	app := plenum.NewApp(db, key)
	app.Argon2 = plenum.Argon2Params{Time: 1, Memory: 1024, Threads: 1}
	org, err := app.Found(ctx, plenum.CommandLine, plenum.Founding{File: "constitution.yaml", Source: src, Constitution: con,
		Members: &plenum.MemberImport{File: "members.csv", Rows: rows}})
	if err != nil {
		db.Close()
		return nil, nil, nil, err
	}
	var emails []string
	for _, r := range rows {
		m, err := app.MemberByEmail(ctx, plenum.CommandLine, org.ID, r.Email)
		if err != nil {
			db.Close()
			return nil, nil, nil, err
		}
		if _, err := app.OpenAccount(ctx, plenum.CommandLine, m.ID, password); err != nil {
			db.Close()
			return nil, nil, nil, err
		}
		emails = append(emails, r.Email)
	}
	return app, emails, func() { db.Close() }, nil
}

const password = "load-test-password"

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAverage is the machine's one-minute load average, where the system
// tells it: on a shared machine it says how far to trust the latencies.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "unknown"
	}
	return f[0]
}
