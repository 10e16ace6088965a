package storetest

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"testing"

	"plenum"
)

func testBallots(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "ballots")
	e := f.election(plenum.ElectionVoting)
	other := f.election(plenum.ElectionVoting)
	evs := []*plenum.BallotEvent{
		{Height: 0, Type: "election", File: []byte("{\"a\":0}\n")},
		{Height: 1, Type: "trustee", File: []byte("{\"a\":1}\n")},
		{Height: 2, Type: "ballots", File: []byte("{\"a\":2}\n{}\n")},
	}
	for _, ev := range evs {
		ev.Hash = sha256.Sum256(ev.File)
	}
	update(t, s, func(tx plenum.Tx) error {
		for _, el := range []*plenum.Election{e, other} {
			if err := tx.CreateElection(ctx, el); err != nil {
				return err
			}
		}
		if n, h, err := tx.BallotHead(ctx, e.ID); err != nil || n != 0 || h != [32]byte{} {
			t.Errorf("head of an empty record: %d, %x, %v", n, h, err)
		}
		for _, ev := range evs {
			if err := tx.AppendBallotEvent(ctx, e.ID, ev); err != nil {
				return err
			}
		}
		if err := tx.SetTrustees(ctx, e.ID, []plenum.MemberID{f.ms[2].ID, f.ms[0].ID}); err != nil {
			return err
		}
		// Setting them again replaces them.
		if err := tx.SetTrustees(ctx, e.ID, []plenum.MemberID{f.ms[2].ID, f.ms[1].ID}); err != nil {
			return err
		}
		for _, m := range []*plenum.TrusteeMessage{
			{Election: e.ID, Trustee: 2, Step: "keys", Data: []byte(`{"k":2}`), Sent: t0},
			{Election: e.ID, Trustee: 1, Step: "keys", Data: []byte(`{"k":1}`), Sent: t0.Add(day)},
			{Election: e.ID, Trustee: 1, Step: "deal", Data: []byte(`{"d":1}`), Sent: t0.Add(day)},
		} {
			if err := tx.AddTrusteeMessage(ctx, m); err != nil {
				return err
			}
		}
		for i, m := range f.ms[:3] {
			v := &plenum.Voter{Election: e.ID, Member: m.ID, Credential: [32]byte{byte(9 - i)}}
			if i > 0 {
				v.Secret = []byte{byte(i), 1, 2}
			}
			if err := tx.CreateVoter(ctx, v); err != nil {
				return err
			}
		}
		if err := tx.MarkVoted(ctx, e.ID, f.ms[1].ID, t0.Add(2*day)); err != nil {
			return err
		}
		if err := tx.MarkVoted(ctx, e.ID, f.ms[1].ID, t0.Add(3*day)); err != nil {
			return err
		}
		tr := &plenum.BallotTracker{Election: e.ID, Tracker: [32]byte{7}, Height: 2, At: t0.Add(2 * day)}
		if err := tx.AddTracker(ctx, tr); err != nil {
			return err
		}
		return tx.AddTracker(ctx, &plenum.BallotTracker{Election: other.ID, Tracker: [32]byte{7}, Audit: true, Height: 3, At: t0})
	})
	// Each refusal in a transaction of its own: PostgreSQL aborts a
	// transaction at its first error.
	for _, fn := range []func(tx plenum.Tx) error{
		func(tx plenum.Tx) error { return tx.AppendBallotEvent(ctx, e.ID, evs[1]) },
		func(tx plenum.Tx) error {
			return tx.AddTrusteeMessage(ctx, &plenum.TrusteeMessage{Election: e.ID, Trustee: 1, Step: "keys", Data: []byte("{}"), Sent: t0})
		},
		func(tx plenum.Tx) error {
			return tx.CreateVoter(ctx, &plenum.Voter{Election: e.ID, Member: f.ms[3].ID, Credential: [32]byte{9}})
		},
		func(tx plenum.Tx) error {
			return tx.CreateVoter(ctx, &plenum.Voter{Election: e.ID, Member: f.ms[0].ID, Credential: [32]byte{1}})
		},
		func(tx plenum.Tx) error {
			return tx.AddTracker(ctx, &plenum.BallotTracker{Election: e.ID, Tracker: [32]byte{7}, Audit: true, Height: 3, At: t0})
		},
	} {
		wantKind(t, s.Update(ctx, fn), plenum.Conflict)
	}
	wantKind(t, s.Update(ctx, func(tx plenum.Tx) error { return tx.MarkVoted(ctx, e.ID, f.ms[3].ID, t0) }), plenum.NotFound)
	wantKind(t, s.Update(ctx, func(tx plenum.Tx) error { return tx.DeleteVoter(ctx, e.ID, f.ms[3].ID) }), plenum.NotFound)
	view(t, s, func(tx plenum.Tx) error {
		n, h, err := tx.BallotHead(ctx, e.ID)
		if err != nil || n != 3 || h != evs[2].Hash {
			t.Errorf("head: %d, %x, %v", n, h, err)
		}
		got, err := tx.BallotEvents(ctx, e.ID, 1, -1)
		if err != nil || len(got) != 2 || fmt.Sprint(*got[0]) != fmt.Sprint(*evs[1]) || fmt.Sprint(*got[1]) != fmt.Sprint(*evs[2]) {
			t.Errorf("events from 1: %v, %v", got, err)
		}
		if got, err = tx.BallotEvents(ctx, e.ID, 0, 1); err != nil || len(got) != 1 || got[0].Type != "election" {
			t.Errorf("event 0: %v, %v", got, err)
		}
		ts, err := tx.Trustees(ctx, e.ID)
		if err != nil || !slices.Equal(ts, []plenum.MemberID{f.ms[2].ID, f.ms[1].ID}) {
			t.Errorf("trustees: %v, %v", ts, err)
		}
		ms, err := tx.TrusteeMessages(ctx, e.ID)
		if err != nil || len(ms) != 3 || ms[0].Trustee != 1 || ms[0].Step != "deal" || ms[2].Trustee != 2 || string(ms[2].Data) != `{"k":2}` || !ms[1].Sent.Equal(t0.Add(day)) {
			t.Errorf("messages: %v, %v", ms, err)
		}
		vs, err := tx.Voters(ctx, e.ID)
		if err != nil || len(vs) != 3 || vs[0].Credential[0] != 7 || vs[2].Credential[0] != 9 {
			t.Errorf("voters by credential: %v, %v", vs, err)
		}
		v, err := tx.Voter(ctx, e.ID, f.ms[1].ID)
		if err != nil || v.Ballots != 2 || !v.Voted.Equal(t0.Add(3*day)) || string(v.Secret) != "\x01\x01\x02" {
			t.Errorf("voter who voted twice: %+v, %v", v, err)
		}
		if v, err = tx.Voter(ctx, e.ID, f.ms[0].ID); err != nil || v.Secret != nil || !v.Voted.IsZero() {
			t.Errorf("voter with their own credential: %+v, %v", v, err)
		}
		_, err = tx.Voter(ctx, e.ID, f.ms[3].ID)
		wantKind(t, err, plenum.NotFound)
		if n, voted, err := tx.Turnout(ctx, e.ID); err != nil || n != 3 || voted != 1 {
			t.Errorf("turnout: %d, %d, %v", n, voted, err)
		}
		tr, err := tx.Tracker(ctx, e.ID, [32]byte{7})
		if err != nil || tr.Audit || tr.Height != 2 || !tr.At.Equal(t0.Add(2*day)) {
			t.Errorf("tracker: %+v, %v", tr, err)
		}
		_, err = tx.Tracker(ctx, e.ID, [32]byte{8})
		wantKind(t, err, plenum.NotFound)
		return nil
	})
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.DeleteVoter(ctx, e.ID, f.ms[0].ID); err != nil {
			return err
		}
		return tx.DeleteBallotRecord(ctx, e.ID)
	})
	view(t, s, func(tx plenum.Tx) error {
		n, _, err := tx.BallotHead(ctx, e.ID)
		vs, verr := tx.Voters(ctx, e.ID)
		ms, merr := tx.TrusteeMessages(ctx, e.ID)
		_, terr := tx.Tracker(ctx, e.ID, [32]byte{7})
		if err != nil || n != 0 || verr != nil || len(vs) != 0 || merr != nil || len(ms) != 0 || !plenum.IsKind(terr, plenum.NotFound) {
			t.Errorf("after deleting the record: %d events, %d voters, %d messages, %v", n, len(vs), len(ms), terr)
		}
		// The other election's tracker is untouched.
		_, err = tx.Tracker(ctx, other.ID, [32]byte{7})
		return err
	})
}
