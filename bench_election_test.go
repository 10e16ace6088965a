package plenum_test

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"plenum"
	"plenum/crypto/dkg"
	"plenum/secretballot"
	"plenum/storetest"
)

// toVoting runs the key ceremony of an election of Secretary and opens
// its vote.
func (r *rtu) toVoting(t testing.TB) *plenum.Election {
	t.Helper()
	e := r.toCampaign(t)
	r.ceremony(t, e, r.kits(t, e))
	r.clock.t = e.Timeline.VotingOpen.Add(day)
	if e = r.advance(t, e, plenum.ElectionVoting); e.Status != plenum.ElectionVoting {
		t.Fatalf("not voting: %+v", e)
	}
	return e
}

// BenchmarkElectionBoard measures, with 20,000 and 100,000 ballots in an
// election's record (SQLite), what a member's view of the election's page
// asks of the domain (the page, the ceremony, the turnout, the booth and
// the result) and what the booth's data does; "first" is the first request
// of a process. It reports CPU time (user + system) per request, which the
// machine's load changes less than the wall-clock time. Setting up
// encrypts every ballot (about 2 ms each): run one size at a time,
//
//	go test -run '^$' -bench 'ElectionBoard/ballots=20000' -benchtime 3x .
//
// With -short, 200 ballots check that it runs.
func BenchmarkElectionBoard(b *testing.B) {
	sizes := []int{20_000, 100_000}
	if testing.Short() {
		sizes = []int{200}
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("ballots=%d", n), func(b *testing.B) {
			r := newRTUOn(b, storetest.SQLite(b))
			e := r.toVoting(b)
			start := time.Now()
			fillBallots(b, r, e, n)
			b.Logf("%d ballots in %s", n, time.Since(start).Round(time.Second))
			ana := r.v["ana"]
			page := func(app *plenum.App) {
				if _, err := app.ElectionPage(ctx, e.ID); err != nil {
					b.Fatal(err)
				}
				if _, err := app.Ceremony(ctx, e.ID); err != nil {
					b.Fatal(err)
				}
				if _, err := app.ElectionTurnout(ctx, e.ID); err != nil {
					b.Fatal(err)
				}
				if _, err := app.Booth(ctx, ana, e.ID); err != nil {
					b.Fatal(err)
				}
				if _, err := app.Result(ctx, e.ID); err != nil {
					b.Fatal(err)
				}
			}
			for _, c := range []struct {
				name string
				f    func()
			}{
				// A process that just started: a new App.
				{"first", func() {
					app := plenum.NewApp(r.app.Store, r.app.Key)
					app.Now = r.app.Now
					page(app)
				}},
				{"page", func() { page(r.app) }},
				{"booth", func() {
					if _, err := r.app.Booth(ctx, ana, e.ID); err != nil {
						b.Fatal(err)
					}
				}},
			} {
				if c.name != "first" {
					c.f() // this process has read the record
				}
				b.Run(c.name, func(b *testing.B) {
					cpu, n := cpuTime(), 0
					for b.Loop() {
						c.f()
						n++
					}
					b.ReportMetric(float64(cpuTime()-cpu)/float64(n)/1e6, "cpu-ms/op")
				})
			}
		})
	}
}

// cpuTime is the process's CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// fillBallots lists n more voters in e's record and casts a ballot for
// each, one event per ballot as plenum writes them.
func fillBallots(b *testing.B, r *rtu, e *plenum.Election, n int) {
	bo, err := r.app.Booth(ctx, r.v["ana"], e.ID)
	if err != nil {
		b.Fatal(err)
	}
	var key dkg.Result
	if err := json.Unmarshal(bo.Record, &key); err != nil {
		b.Fatal(err)
	}
	se, err := secretballot.NewElection(*bo.Manifest, bo.Fingerprint, &key)
	if err != nil {
		b.Fatal(err)
	}
	creds := make([]secretballot.SecretCredential, n)
	lines := make([][]byte, n)
	var wg sync.WaitGroup
	for w := range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += runtime.GOMAXPROCS(0) {
				var err error
				if creds[i], err = secretballot.NewCredential(rand.Reader); err == nil {
					lines[i], _, err = se.EncryptBallot(rand.Reader, creds[i], []secretballot.Choice{{i % 3}})
				}
				if err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if b.Failed() {
		b.FailNow()
	}
	err = r.app.Store.Update(ctx, func(tx plenum.Tx) error {
		evs, err := tx.BallotEvents(ctx, e.ID, 0, -1)
		if err != nil {
			return err
		}
		// The record ends with the list of credentials: it is written again
		// with the new ones.
		last := evs[len(evs)-1]
		if last.Type != secretballot.EventCredentials {
			return fmt.Errorf("the record ends with %s", last.Type)
		}
		pubs := make([]secretballot.PublicCredential, 0, len(creds))
		for _, line := range bytes.Split(bytes.TrimSuffix(last.File, []byte("\n")), []byte("\n"))[1:] {
			var c secretballot.PublicCredential
			if err := json.Unmarshal(line, &c); err != nil {
				return err
			}
			pubs = append(pubs, c)
		}
		for _, c := range creds {
			pubs = append(pubs, c.Public(bo.Fingerprint))
		}
		slices.SortFunc(pubs, func(x, y secretballot.PublicCredential) int { return bytes.Compare(x[:], y[:]) })
		items := make([][]byte, len(pubs))
		for i, c := range pubs {
			items[i], _ = c.MarshalJSON()
		}
		// Deleting the record deletes the roll: it is kept.
		roll, err := tx.Voters(ctx, e.ID)
		if err != nil {
			return err
		}
		if err := tx.DeleteBallotRecord(ctx, e.ID); err != nil {
			return err
		}
		for _, v := range roll {
			if err := tx.CreateVoter(ctx, v); err != nil {
				return err
			}
		}
		height, parent := 0, secretballot.Hash{}
		add := func(ev *plenum.BallotEvent) error {
			height, parent = height+1, ev.Hash
			return tx.AppendBallotEvent(ctx, e.ID, ev)
		}
		for _, ev := range evs[:len(evs)-1] {
			if err := add(ev); err != nil {
				return err
			}
		}
		for i := -1; i < len(lines); i++ {
			typ, payload, items := secretballot.EventBallots, any(struct{}{}), items
			if i >= 0 {
				items = [][]byte{lines[i]}
			} else {
				typ, payload = secretballot.EventCredentials, secretballot.CredentialsPayload{}
			}
			file, err := secretballot.EventFile(height, parent, typ, payload, items)
			if err != nil {
				return err
			}
			if err := add(&plenum.BallotEvent{Height: height, Type: typ, File: file, Hash: secretballot.HashFile(file)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
