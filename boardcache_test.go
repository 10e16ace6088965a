package plenum_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"plenum"
	"plenum/secretballot"
)

// countingStore counts the ballot record's events read through it.
type countingStore struct {
	plenum.Store
	events *atomic.Int64
}

type countingTx struct {
	plenum.Tx
	events *atomic.Int64
}

func (s countingStore) View(ctx context.Context, fn func(plenum.Tx) error) error {
	return s.Store.View(ctx, func(tx plenum.Tx) error { return fn(countingTx{tx, s.events}) })
}

func (s countingStore) Update(ctx context.Context, fn func(plenum.Tx) error) error {
	return s.Store.Update(ctx, func(tx plenum.Tx) error { return fn(countingTx{tx, s.events}) })
}

func (t countingTx) BallotEvents(ctx context.Context, id plenum.ElectionID, from, to int) ([]*plenum.BallotEvent, error) {
	evs, err := t.Tx.BallotEvents(ctx, id, from, to)
	t.events.Add(int64(len(evs)))
	return evs, err
}

// Two processes serve one database, each with its own boards: what one
// shows is never behind what the other took, and each reads only the
// events added since it last looked.
func TestBoardsOfTwoProcesses(t *testing.T) {
	r := newRTU(t, 0)
	e := r.toVoting(t)
	var read atomic.Int64
	other := plenum.NewApp(countingStore{r.app.Store, &read}, r.app.Key)
	other.Now = r.app.Now

	turnout := func(want int) {
		t.Helper()
		if tu, err := other.ElectionTurnout(ctx, e.ID); err != nil || tu.Voted != want || tu.Voters < 9 {
			t.Fatalf("turnout %+v, %v; want %d voted", tu, err, want)
		}
	}
	turnout(0)
	all, err := r.app.BallotRecord(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := read.Swap(0); n != int64(len(all)) {
		t.Errorf("a first look read %d events, want the %d of the record", n, len(all))
	}
	turnout(0)
	if n := read.Swap(0); n != 0 {
		t.Errorf("a look at the same head read %d events", n)
	}

	// Ana votes through the first process; the other sees it and reads
	// her ballot alone.
	if _, err := r.cast(t, r.v["ana"], e, false, 1); err != nil {
		t.Fatal(err)
	}
	turnout(1)
	if n := read.Swap(0); n != 1 {
		t.Errorf("after one ballot, %d events read", n)
	}
	bo, err := other.Booth(ctx, r.v["ana"], e.ID)
	if err != nil || bo.Ballots != 1 || bo.Turnout.Voted != 1 || bo.Record == nil {
		t.Fatalf("booth %+v, %v", bo, err)
	}
	if n := read.Swap(0); n != 0 {
		t.Errorf("the booth read %d events", n)
	}

	// A transaction begun before a ballot sees the board as it stood.
	err = r.app.Store.View(ctx, func(tx plenum.Tx) error {
		if _, _, err := tx.BallotHead(ctx, e.ID); err != nil {
			return err
		}
		if _, err := r.cast(t, r.v["lena"], e, false, 0); err != nil {
			return err
		}
		turnout(2)
		b, n, err := other.BoardOf(ctx, tx, e.ID)
		if err != nil || n != len(all)+1 || b.Counted != 1 {
			t.Errorf("in a transaction begun before Lena voted: %d events, %+v, %v", n, b, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Pages read while ballots come in.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				if _, err := other.Booth(ctx, r.v["grace"], e.ID); err != nil {
					t.Error(err)
				}
			}
		})
	}
	for _, who := range []string{"grace", "marek", "olga"} {
		if _, err := r.cast(t, r.v[who], e, false, 2); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	turnout(5)

	// Another record, begun again, is read afresh.
	err = r.app.Store.Update(ctx, func(tx plenum.Tx) error {
		if err := tx.DeleteBallotRecord(ctx, e.ID); err != nil {
			return err
		}
		first := bytes.Replace(all[0].File, []byte(`"title":"`), []byte(`"title":"Again: `), 1)
		return tx.AppendBallotEvent(ctx, e.ID, &plenum.BallotEvent{Type: all[0].Type, File: first, Hash: secretballot.HashFile(first)})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = r.app.Store.View(ctx, func(tx plenum.Tx) error {
		b, n, err := other.BoardOf(ctx, tx, e.ID)
		if err != nil || n != 1 || b.Election != nil || b.Manifest.Title[:7] != "Again: " {
			t.Errorf("the record begun again: %d events, %+v, %v", n, b, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A process that starts reads the records of the elections in voting
// before the first request, in chunks of their own transactions: the
// first look at the turnout or the booth then reads no event of the
// record. A warm-up whose context ends stops at once.
func TestWarmBoards(t *testing.T) {
	r := newRTU(t, 0)
	e := r.toVoting(t)
	for _, who := range []string{"ana", "lena"} {
		if _, err := r.cast(t, r.v[who], e, false, 1); err != nil {
			t.Fatal(err)
		}
	}
	all, err := r.app.BallotRecord(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var read atomic.Int64
	var views atomic.Int64
	fresh := func() *plenum.App {
		a := plenum.NewApp(countingStore{viewCounter{r.app.Store, &views}, &read}, r.app.Key)
		a.Now = r.app.Now
		return a
	}
	plenum.SetBoardWarmChunk(t, 3)

	stopped, cancel := context.WithCancel(ctx)
	cancel()
	if err := fresh().WarmBoards(stopped); !errors.Is(err, context.Canceled) || read.Load() != 0 {
		t.Errorf("a warm-up cancelled before it began: %v, %d events read", err, read.Load())
	}

	other := fresh()
	views.Store(0)
	if err := other.WarmBoards(ctx); err != nil {
		t.Fatal(err)
	}
	if n := read.Swap(0); n != int64(len(all)) {
		t.Errorf("the warm-up read %d events, want the %d of the record", n, len(all))
	}
	// Three transactions list the elections in voting (one, then none
	// after it) and in tally (none); one reads each chunk of three events.
	if n, want := views.Load(), int64(3+(len(all)+2)/3); n != want {
		t.Errorf("the warm-up took %d transactions, want %d", n, want)
	}
	if tu, err := other.ElectionTurnout(ctx, e.ID); err != nil || tu.Voted != 2 {
		t.Fatalf("turnout %+v, %v", tu, err)
	}
	if _, err := other.Booth(ctx, r.v["grace"], e.ID); err != nil {
		t.Fatal(err)
	}
	if n := read.Swap(0); n != 0 {
		t.Errorf("the first requests after the warm-up read %d events", n)
	}
}

// viewCounter counts read transactions.
type viewCounter struct {
	plenum.Store
	n *atomic.Int64
}

func (s viewCounter) View(ctx context.Context, fn func(plenum.Tx) error) error {
	s.n.Add(1)
	return s.Store.View(ctx, fn)
}
