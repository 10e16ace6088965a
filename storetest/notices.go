package storetest

import (
	"fmt"
	"testing"
	"time"

	"plenum"
)

// noticeIDs lists the notices of member m, newest first, with their read state.
func noticeIDs(t *testing.T, s plenum.Store, q plenum.NoticeQuery) string {
	t.Helper()
	var out []string
	view(t, s, func(tx plenum.Tx) error {
		ns, err := tx.MemberNotices(ctx, q)
		for _, n := range ns {
			r := ""
			if n.Read {
				r = "r"
			}
			out = append(out, fmt.Sprintf("%d%s", n.ID, r))
		}
		return err
	})
	return fmt.Sprint(out)
}

func testNotices(t *testing.T, s plenum.Store) {
	tr := newTree(t, s, "notices")
	n1 := members(tr.org.ID, tr.n1.ID, "Ada", 2) // active in N1
	south := members(tr.org.ID, tr.south.ID, "Bo", 1)
	lapsed := members(tr.org.ID, tr.n2.ID, "Cy", 1)
	lapsed[0].Memberships[0].Status = plenum.Lapsed
	late := members(tr.org.ID, tr.n2.ID, "Di", 1)
	late[0].Memberships[0].Since = t0.Add(time.Hour)
	update(t, s, func(tx plenum.Tx) error {
		return tx.CreateMembers(ctx, append(append(append(n1, south...), lapsed...), late...))
	})
	ada, bo, cy, di := n1[0].ID, south[0].ID, lapsed[0].ID, late[0].ID

	// 1: to North; 2: to Land, later than Di joined; 3: to Ada and Bo; 4: to N2.
	at := t0.Add(time.Minute)
	ns := []*plenum.StoredNotice{
		{Notice: plenum.Notice{Kind: "election", Unit: tr.north.ID, Subject: "s", Text: "t", Args: []any{"x", 7, t0}, Link: "/e/1", Required: true}, Org: tr.org.ID, Created: at},
		{Notice: plenum.Notice{Kind: "motion", Unit: tr.land.ID, Subject: "s", Text: "t"}, Org: tr.org.ID, Created: t0.Add(2 * time.Hour)},
		{Notice: plenum.Notice{Kind: "case", To: []plenum.MemberID{ada, bo}, Subject: "s", Text: "t"}, Org: tr.org.ID, Created: at},
		{Notice: plenum.Notice{Kind: "motion", Unit: tr.n2.ID, Subject: "s", Text: "t"}, Org: tr.org.ID, Created: at},
	}
	update(t, s, func(tx plenum.Tx) error {
		for _, n := range ns {
			if err := tx.CreateNotice(ctx, n); err != nil {
				return err
			}
		}
		return nil
	})
	for _, tc := range []struct {
		q    plenum.NoticeQuery
		want string
	}{
		{plenum.NoticeQuery{Member: ada, Limit: 10}, "[3 2 1]"},
		{plenum.NoticeQuery{Member: ada, Limit: 2}, "[3 2]"},
		{plenum.NoticeQuery{Member: ada, Before: 3, Limit: 10}, "[2 1]"},
		{plenum.NoticeQuery{Member: ada, After: 1, Limit: 10}, "[3 2]"},
		{plenum.NoticeQuery{Member: bo, Limit: 10}, "[3 2]"},
		{plenum.NoticeQuery{Member: cy, Limit: 10}, "[]"},
		{plenum.NoticeQuery{Member: di, Limit: 10}, "[2]"},
	} {
		if got := noticeIDs(t, s, tc.q); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.q, got, tc.want)
		}
	}
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.MemberNotices(ctx, plenum.NoticeQuery{Member: ada, Before: 2, Limit: 1})
		if err != nil {
			return err
		}
		n := got[0]
		if n.Kind != "election" || n.Unit != tr.north.ID || !n.Required || n.Link != "/e/1" || !n.Created.Equal(at) ||
			fmt.Sprint(n.Args) != fmt.Sprint([]any{"x", int64(7), t0}) || n.Org != tr.org.ID {
			t.Errorf("notice read back: %+v", n)
		}
		return nil
	})

	// Reading: one notice, then all up to a mark.
	update(t, s, func(tx plenum.Tx) error { return tx.MarkNoticesRead(ctx, ada, []plenum.NoticeID{2, 2}, t0) })
	if got := noticeIDs(t, s, plenum.NoticeQuery{Member: ada, Limit: 10}); got != "[3 2r 1]" {
		t.Errorf("after reading 2: %s", got)
	}
	update(t, s, func(tx plenum.Tx) error { return tx.MarkAllNoticesRead(ctx, ada, 3) })
	update(t, s, func(tx plenum.Tx) error { return tx.MarkAllNoticesRead(ctx, ada, 1) }) // never moves back
	if got := noticeIDs(t, s, plenum.NoticeQuery{Member: ada, Limit: 10}); got != "[3r 2r 1r]" {
		t.Errorf("after reading all: %s", got)
	}

	testNoticeDelivery(t, s, tr, ns)
	testDigestItems(t, s, ada, bo)
}

// testNoticeDelivery walks the recipients of the notices as the delivery job does.
func testNoticeDelivery(t *testing.T, s plenum.Store, tr *tree, ns []*plenum.StoredNotice) {
	update(t, s, func(tx plenum.Tx) error {
		return tx.SetDelivery(ctx, ns[2].To[0], "case", plenum.WeeklyDigest, t0)
	})
	var got []string
	for range 10 {
		var n *plenum.StoredNotice
		var at plenum.Cursor
		var ok bool
		update(t, s, func(tx plenum.Tx) (err error) {
			n, at, ok, err = tx.UndeliveredNotice(ctx)
			if err != nil || !ok {
				return err
			}
			rs, err := tx.NoticeRecipients(ctx, n, at, 1)
			if err != nil {
				return err
			}
			next := at
			for _, r := range rs {
				got = append(got, fmt.Sprintf("%d:%s:%s", n.ID, r.Name, r.Delivery))
				next = r.Cursor
			}
			return tx.AdvanceNotice(ctx, n.ID, at, next, len(rs) < 1)
		})
		if !ok {
			break
		}
		// A second writer at the same position is refused.
		err := s.Update(ctx, func(tx plenum.Tx) error { return tx.AdvanceNotice(ctx, n.ID, at, at, false) })
		wantKind(t, err, plenum.Conflict)
	}
	want := "[1:Ada 000: 1:Ada 001: 2:Ada 000: 2:Ada 001: 2:Bo 000: 2:Di 000: 3:Ada 000:weekly 3:Bo 000:]"
	if fmt.Sprint(got) != want {
		t.Errorf("delivery:\n got %v\nwant %s", got, want)
	}
	view(t, s, func(tx plenum.Tx) error {
		d, err := tx.Deliveries(ctx, ns[2].To[0])
		if err != nil || fmt.Sprint(d) != "map[case:weekly]" {
			t.Errorf("deliveries %v, %v", d, err)
		}
		return nil
	})
}

func testDigestItems(t *testing.T, s plenum.Store, ada, bo plenum.MemberID) {
	update(t, s, func(tx plenum.Tx) error {
		return tx.AddDigestItems(ctx, []plenum.DigestItem{
			{Member: ada, Notice: 1, Cadence: plenum.DailyDigest, Queued: t0},
			{Member: ada, Notice: 3, Cadence: plenum.DailyDigest, Queued: t0},
			{Member: ada, Notice: 3, Cadence: plenum.DailyDigest, Queued: t0}, // twice: once
			{Member: ada, Notice: 2, Cadence: plenum.DailyDigest, Queued: t0.Add(time.Hour)},
			{Member: bo, Notice: 3, Cadence: plenum.WeeklyDigest, Queued: t0},
		})
	})
	cut := t0.Add(time.Minute)
	view(t, s, func(tx plenum.Tx) error {
		due, err := tx.DigestsDue(ctx, plenum.DailyDigest, cut, 0, 10)
		if err != nil || fmt.Sprint(due) != fmt.Sprint([]plenum.MemberID{ada}) {
			t.Errorf("daily due: %v, %v", due, err)
		}
		due, err = tx.DigestsDue(ctx, plenum.DailyDigest, cut, ada, 10)
		if err != nil || len(due) != 0 {
			t.Errorf("daily due after ada: %v, %v", due, err)
		}
		return nil
	})
	update(t, s, func(tx plenum.Tx) error {
		items, err := tx.TakeDigest(ctx, ada, plenum.DailyDigest, cut)
		if err != nil || len(items) != 2 || items[0].ID != 1 || items[1].ID != 3 || items[0].Kind != "election" {
			t.Errorf("take: %v, %v", items, err)
		}
		items, err = tx.TakeDigest(ctx, ada, plenum.DailyDigest, cut)
		if err != nil || len(items) != 0 {
			t.Errorf("take again: %v, %v", items, err)
		}
		return nil
	})
	view(t, s, func(tx plenum.Tx) error {
		due, err := tx.DigestsDue(ctx, plenum.WeeklyDigest, cut, 0, 10)
		if err != nil || fmt.Sprint(due) != fmt.Sprint([]plenum.MemberID{bo}) {
			t.Errorf("weekly due: %v, %v", due, err)
		}
		return err
	})
}
