package storetest

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/record"
)

// Run runs the conformance suite of plenum.Store; each subtest gets a fresh
// store from newStore.
func Run(t *testing.T, newStore func(t *testing.T) plenum.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s plenum.Store)
	}{
		{"Units", testUnits},
		{"Bodies and offices", testOffices},
		{"Members", testMembers},
		{"Directory pages", testDirectory},
		{"Accounts", testAccounts},
		{"Invitations", testInvitations},
		{"Sessions", testSessions},
		{"Record", testRecord},
		{"Record visibility", testRecordVisibility},
		{"Concurrent appends", testConcurrentAppends},
		{"Rollback", testRollback},
		{"Elections", testElections},
		{"Nominations", testNominations},
		{"Ballots", testBallots},
		{"Term ends", testTermEnds},
		{"Cases", testCases},
		{"Pay history", testPayHistory},
		{"Recalls", testRecalls},
		{"Incompatibilities", testIncompatibilities},
		{"Notices", testNotices},
		{"Decisions", testDecisions},
		{"Active members", testActiveMembers},
		{"Motions", testMotions},
		{"Constitution versions", testConstitutionVersions},
		{"Referendums", testReferendums},
		{"Meetings", testMeetings},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

var ctx = context.Background()

// t0 is the suite's clock: a fixed time, to the microsecond.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func update(t *testing.T, s plenum.Store, fn func(tx plenum.Tx) error) {
	t.Helper()
	if err := s.Update(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func view(t *testing.T, s plenum.Store, fn func(tx plenum.Tx) error) {
	t.Helper()
	if err := s.View(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

// wantKind fails unless err is a plenum error of kind k.
func wantKind(t *testing.T, err error, k plenum.Kind) {
	t.Helper()
	if err == nil || plenum.ErrorKind(err) != k {
		t.Fatalf("err = %v, want kind %v", err, k)
	}
}

// tree is a small organization: Land > {North > {N1, N2}, South}.
type tree struct {
	org                        *plenum.Organization
	land, north, n1, n2, south *plenum.Unit
}

func newTree(t *testing.T, s plenum.Store, slug string) *tree {
	t.Helper()
	tr := &tree{org: &plenum.Organization{Slug: slug, Name: "Org " + slug, Constitution: "name: x\n", Created: t0}}
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateOrg(ctx, tr.org); err != nil {
			return err
		}
		mk := func(parent *plenum.Unit, name string) *plenum.Unit {
			u := &plenum.Unit{Org: tr.org.ID, Name: name, Path: name}
			if parent != nil {
				u.Parent, u.Path = parent.ID, parent.Path+"/"+name
			}
			if err := tx.CreateUnit(ctx, u); err != nil {
				t.Fatal(err)
			}
			return u
		}
		tr.land = mk(nil, "Land")
		tr.north = mk(tr.land, "North")
		tr.n1 = mk(tr.north, "N1")
		tr.n2 = mk(tr.north, "N2")
		tr.south = mk(tr.land, "South")
		return nil
	})
	return tr
}

func names(us []*plenum.Unit) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Name)
	}
	return out
}

func testUnits(t *testing.T, s plenum.Store) {
	tr := newTree(t, s, "units")
	view(t, s, func(tx plenum.Tx) error {
		anc, err := tx.Ancestors(ctx, tr.n2.ID)
		if err != nil {
			return err
		}
		if got := fmt.Sprint(names(anc)); got != "[Land North]" {
			t.Errorf("ancestors of N2 = %s, want [Land North]", got)
		}
		kids, err := tx.ChildUnits(ctx, tr.north.ID)
		if err != nil {
			return err
		}
		if got := fmt.Sprint(names(kids)); got != "[N1 N2]" {
			t.Errorf("children of North = %s", got)
		}
		all, err := tx.Units(ctx, tr.org.ID)
		if err != nil {
			return err
		}
		if got := fmt.Sprint(names(all)); got != "[Land North N1 N2 South]" {
			t.Errorf("units = %s", got)
		}
		u, err := tx.UnitByPath(ctx, tr.org.ID, "Land/North/N1")
		if err != nil {
			return err
		}
		if u.ID != tr.n1.ID || u.Depth != 2 || !u.Leaf {
			t.Errorf("N1 = %+v", u)
		}
		north, err := tx.Unit(ctx, tr.north.ID)
		if err != nil {
			return err
		}
		if north.Leaf {
			t.Error("North has children but is a leaf")
		}
		_, err = tx.Unit(ctx, 9999)
		wantKind(t, err, plenum.NotFound)
		return nil
	})
	err := s.Update(ctx, func(tx plenum.Tx) error {
		return tx.CreateUnit(ctx, &plenum.Unit{Org: tr.org.ID, Parent: tr.land.ID, Name: "South", Path: "Land/South"})
	})
	wantKind(t, err, plenum.Conflict)
	err = s.Update(ctx, func(tx plenum.Tx) error {
		return tx.CreateOrg(ctx, &plenum.Organization{Slug: "units", Name: "Again", Created: t0})
	})
	wantKind(t, err, plenum.Conflict)
}

func testOffices(t *testing.T, s plenum.Store) {
	tr := newTree(t, s, "offices")
	body := &plenum.Body{Unit: tr.land.ID, Name: "Council", Seats: 5, Method: "stv-meek", TermMonths: 24, TermLimit: 2}
	sec := &plenum.Office{Unit: tr.land.ID, Name: "Secretary", Seats: 1, Method: "irv", TermMonths: 24,
		Pay: &plenum.Pay{Minor: 120000, Currency: "EUR", Period: "month"}, IncompatibleWith: []string{"Treasurer"}}
	m := &plenum.Member{Org: tr.org.ID, Name: "Ana", Email: "ana@example.org", Joined: t0,
		Memberships: []plenum.Membership{{Unit: tr.n1.ID, Status: plenum.Active, Since: t0}}}
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateBody(ctx, body); err != nil {
			return err
		}
		seats := &plenum.Office{Unit: tr.land.ID, Body: body.ID, Name: "Council", Seats: 5, Method: "stv-meek", TermMonths: 24}
		if err := tx.CreateOffice(ctx, seats); err != nil {
			return err
		}
		if err := tx.CreateOffice(ctx, sec); err != nil {
			return err
		}
		return tx.CreateMembers(ctx, []*plenum.Member{m})
	})
	past := &plenum.Term{Office: sec.ID, Holder: m.ID, Start: t0.AddDate(-2, 0, 0), End: t0.AddDate(0, -1, 0)}
	now := &plenum.Term{Office: sec.ID, Holder: m.ID, Start: t0.AddDate(0, -1, 0), End: t0.AddDate(1, 0, 0), Founding: true}
	recalled := &plenum.Term{Office: sec.ID, Holder: m.ID, Start: t0.AddDate(0, -1, 0), End: t0.AddDate(1, 0, 0),
		Ended: t0.AddDate(0, 0, -1), Reason: plenum.Recalled}
	update(t, s, func(tx plenum.Tx) error {
		for _, tm := range []*plenum.Term{past, now, recalled} {
			if err := tx.CreateTerm(ctx, tm); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Office(ctx, sec.ID)
		if err != nil {
			return err
		}
		if got.Pay == nil || *got.Pay != *sec.Pay || fmt.Sprint(got.IncompatibleWith) != "[Treasurer]" || got.Body != 0 {
			t.Errorf("office = %+v", got)
		}
		offices, err := tx.Offices(ctx, tr.land.ID)
		if err != nil {
			return err
		}
		if len(offices) != 2 || offices[0].Name != "Council" || offices[0].Body != body.ID || offices[0].Pay != nil {
			t.Errorf("offices = %+v", offices)
		}
		bodies, err := tx.Bodies(ctx, tr.land.ID)
		if err != nil {
			return err
		}
		if len(bodies) != 1 || *bodies[0] != *body {
			t.Errorf("bodies = %+v, want %+v", bodies, body)
		}
		cur, err := tx.CurrentTerms(ctx, sec.ID, t0)
		if err != nil {
			return err
		}
		if len(cur) != 1 || cur[0].ID != now.ID || !cur[0].Founding || !cur[0].End.Equal(now.End) {
			t.Errorf("current terms = %+v", cur)
		}
		all, err := tx.MemberTerms(ctx, m.ID)
		if err != nil {
			return err
		}
		if len(all) != 3 || all[2].ID != past.ID || all[0].Reason == plenum.Ongoing && all[1].Reason == plenum.Ongoing {
			t.Errorf("member terms = %+v", all)
		}
		return nil
	})
}

// members makes n members named "Member 000" ... in unit u.
func members(org plenum.OrgID, u plenum.UnitID, prefix string, n int) []*plenum.Member {
	ms := make([]*plenum.Member, n)
	for i := range ms {
		ms[i] = &plenum.Member{Org: org, Name: fmt.Sprintf("%s %03d", prefix, i),
			Email: fmt.Sprintf("%s%03d@example.org", strings.ToLower(prefix), i), Number: fmt.Sprintf("%s-%d", prefix, i), Joined: t0,
			Memberships: []plenum.Membership{{Unit: u, Status: plenum.Active, Since: t0}}}
	}
	return ms
}

func testMembers(t *testing.T, s plenum.Store) {
	tr := newTree(t, s, "members")
	ms := members(tr.org.ID, tr.n1.ID, "Nora", 3)
	update(t, s, func(tx plenum.Tx) error { return tx.CreateMembers(ctx, ms) })
	view(t, s, func(tx plenum.Tx) error {
		m, err := tx.MemberByEmail(ctx, tr.org.ID, "nora001@example.org")
		if err != nil {
			return err
		}
		if m.ID != ms[1].ID || m.Name != "Nora 001" || m.Number != "Nora-1" || len(m.Memberships) != 1 ||
			m.Memberships[0].Unit != tr.n1.ID || m.Memberships[0].Status != plenum.Active || !m.Joined.Equal(t0) {
			t.Errorf("member = %+v", m)
		}
		taken, err := tx.TakenEmails(ctx, tr.org.ID, []string{"x@example.org", "nora002@example.org"})
		if err != nil {
			return err
		}
		if fmt.Sprint(taken) != "[nora002@example.org]" {
			t.Errorf("taken emails = %v", taken)
		}
		taken, err = tx.TakenNumbers(ctx, tr.org.ID, []string{"Nora-0", "Nora-9"})
		if err != nil {
			return err
		}
		if fmt.Sprint(taken) != "[Nora-0]" {
			t.Errorf("taken numbers = %v", taken)
		}
		_, err = tx.Member(ctx, 123456)
		wantKind(t, err, plenum.NotFound)
		return nil
	})
	dup := members(tr.org.ID, tr.n2.ID, "Nora", 1)
	dup[0].Number = ""
	err := s.Update(ctx, func(tx plenum.Tx) error { return tx.CreateMembers(ctx, dup) })
	wantKind(t, err, plenum.Conflict)
	// Members without a number do not clash with each other.
	a, b := members(tr.org.ID, tr.n2.ID, "Otto", 2), members(tr.org.ID, tr.south.ID, "Pia", 1)
	a[0].Number, a[1].Number, b[0].Number = "", "", ""
	update(t, s, func(tx plenum.Tx) error { return tx.CreateMembers(ctx, append(a, b...)) })
}

// directory reads the whole directory of u, page by page.
func directory(t *testing.T, s plenum.Store, u plenum.UnitID, prefix string, page int) []*plenum.Member {
	t.Helper()
	var all []*plenum.Member
	var after plenum.Cursor
	for {
		var got []*plenum.Member
		view(t, s, func(tx plenum.Tx) (err error) {
			got, err = tx.Directory(ctx, plenum.DirectoryQuery{Unit: u, Prefix: prefix, After: after, Limit: page})
			return err
		})
		all = append(all, got...)
		if len(got) < page {
			return all
		}
		last := got[len(got)-1]
		after = plenum.Cursor{Key: plenum.SortKey(last.Name), Member: last.ID}
	}
}

func testDirectory(t *testing.T, s plenum.Store) {
	tr := newTree(t, s, "directory")
	ms := append(members(tr.org.ID, tr.n1.ID, "Ana", 25), members(tr.org.ID, tr.n2.ID, "Bo", 20)...)
	ms = append(ms, members(tr.org.ID, tr.south.ID, "anabel", 7)...)
	// Two members of the same name: the cursor must tell them apart.
	twin := members(tr.org.ID, tr.n2.ID, "Ana", 1)
	twin[0].Email, twin[0].Number = "twin@example.org", "T-1"
	ms = append(ms, twin...)
	update(t, s, func(tx plenum.Tx) error { return tx.CreateMembers(ctx, ms) })

	for _, tc := range []struct {
		unit   plenum.UnitID
		prefix string
		want   int
	}{
		{tr.land.ID, "", 53}, {tr.north.ID, "", 46}, {tr.n1.ID, "", 25}, {tr.n2.ID, "", 21},
		{tr.south.ID, "", 7}, {tr.land.ID, "ana", 33}, {tr.land.ID, "ana 00", 11}, {tr.north.ID, "anab", 0},
		{tr.land.ID, "bo 01", 10},
	} {
		got := directory(t, s, tc.unit, tc.prefix, 4)
		if len(got) != tc.want {
			t.Errorf("directory of %d, prefix %q: %d members, want %d", tc.unit, tc.prefix, len(got), tc.want)
		}
		seen := map[plenum.MemberID]bool{}
		for i, m := range got {
			if seen[m.ID] {
				t.Errorf("directory of %d lists %s twice", tc.unit, m.Name)
			}
			seen[m.ID] = true
			if i > 0 {
				p := got[i-1]
				pk, k := plenum.SortKey(p.Name), plenum.SortKey(m.Name)
				if pk > k || pk == k && p.ID > m.ID {
					t.Errorf("directory out of order: %s (%d) before %s (%d)", p.Name, p.ID, m.Name, m.ID)
				}
			}
			if len(m.Memberships) != 1 {
				t.Errorf("%s has %d memberships loaded", m.Name, len(m.Memberships))
			}
		}
	}
}

func testAccounts(t *testing.T, s plenum.Store) {
	tr := newTree(t, s, "accounts")
	ms := members(tr.org.ID, tr.n1.ID, "Acc", 2)
	update(t, s, func(tx plenum.Tx) error { return tx.CreateMembers(ctx, ms) })
	a := &plenum.Account{Email: ms[0].Email, PasswordHash: "h1", Member: ms[0].ID, Created: t0}
	op := &plenum.Account{Email: "op@example.org", PasswordHash: "h2", Operator: true, Created: t0}
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateAccount(ctx, a); err != nil {
			return err
		}
		return tx.CreateAccount(ctx, op)
	})
	err := s.Update(ctx, func(tx plenum.Tx) error {
		return tx.CreateAccount(ctx, &plenum.Account{Email: a.Email, PasswordHash: "x", Created: t0})
	})
	wantKind(t, err, plenum.Conflict)
	update(t, s, func(tx plenum.Tx) error { return tx.SetPassword(ctx, a.ID, "h3") })
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.AccountByEmail(ctx, a.Email)
		if err != nil {
			return err
		}
		if got.ID != a.ID || got.PasswordHash != "h3" || got.Member != ms[0].ID || got.Operator {
			t.Errorf("account = %+v", got)
		}
		got, err = tx.AccountOfMember(ctx, ms[0].ID)
		if err != nil || got.ID != a.ID {
			t.Errorf("account of member = %+v, %v", got, err)
		}
		got, err = tx.Account(ctx, op.ID)
		if err != nil || !got.Operator || got.Member != 0 {
			t.Errorf("operator = %+v, %v", got, err)
		}
		_, err = tx.AccountOfMember(ctx, ms[1].ID)
		wantKind(t, err, plenum.NotFound)
		return nil
	})
}

func testInvitations(t *testing.T, s plenum.Store) {
	tr := newTree(t, s, "invitations")
	ms := members(tr.org.ID, tr.n1.ID, "Inv", 1)
	update(t, s, func(tx plenum.Tx) error { return tx.CreateMembers(ctx, ms) })
	inv := &plenum.Invitation{Member: ms[0].ID, TokenHash: []byte("0123456789abcdef0123456789abcdef"),
		CreatedBy: "member:1", Created: t0, Expires: t0.Add(time.Hour)}
	update(t, s, func(tx plenum.Tx) error { return tx.CreateInvitation(ctx, inv) })
	update(t, s, func(tx plenum.Tx) error { return tx.UseInvitation(ctx, inv.ID, t0.Add(time.Minute)) })
	err := s.Update(ctx, func(tx plenum.Tx) error { return tx.UseInvitation(ctx, inv.ID, t0.Add(2*time.Minute)) })
	wantKind(t, err, plenum.Conflict)
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.InvitationByToken(ctx, inv.TokenHash)
		if err != nil {
			return err
		}
		if got.ID != inv.ID || !got.Used.Equal(t0.Add(time.Minute)) || !got.Expires.Equal(inv.Expires) {
			t.Errorf("invitation = %+v", got)
		}
		_, err = tx.InvitationByToken(ctx, []byte("nope"))
		wantKind(t, err, plenum.NotFound)
		return nil
	})
}

func testSessions(t *testing.T, s plenum.Store) {
	a := &plenum.Account{Email: "op@example.org", PasswordHash: "h", Operator: true, Created: t0}
	update(t, s, func(tx plenum.Tx) error { return tx.CreateAccount(ctx, a) })
	s1 := &plenum.Session{TokenHash: []byte("s1"), Account: a.ID, Created: t0, Expires: t0.Add(time.Hour)}
	s2 := &plenum.Session{TokenHash: []byte("s2"), Account: a.ID, Created: t0, Expires: t0.Add(time.Hour)}
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateSession(ctx, s1); err != nil {
			return err
		}
		return tx.CreateSession(ctx, s2)
	})
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Session(ctx, []byte("s1"))
		if err != nil || got.Account != a.ID || !got.Expires.Equal(s1.Expires) {
			t.Errorf("session = %+v, %v", got, err)
		}
		return nil
	})
	update(t, s, func(tx plenum.Tx) error { return tx.DeleteSession(ctx, []byte("s1")) })
	err := s.Update(ctx, func(tx plenum.Tx) error { return tx.DeleteSession(ctx, []byte("s1")) })
	wantKind(t, err, plenum.NotFound)
	update(t, s, func(tx plenum.Tx) error { return tx.DeleteSessions(ctx, a.ID) })
	err = s.View(ctx, func(tx plenum.Tx) error { _, err := tx.Session(ctx, []byte("s2")); return err })
	wantKind(t, err, plenum.NotFound)

	old := &plenum.Session{TokenHash: []byte("old"), Account: a.ID, Created: t0, Expires: t0.Add(time.Hour)}
	live := &plenum.Session{TokenHash: []byte("live"), Account: a.ID, Created: t0, Expires: t0.Add(3 * time.Hour)}
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateSession(ctx, old); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, live); err != nil {
			return err
		}
		return tx.DeleteExpiredSessions(ctx, t0.Add(2*time.Hour))
	})
	view(t, s, func(tx plenum.Tx) error {
		_, err := tx.Session(ctx, []byte("old"))
		wantKind(t, err, plenum.NotFound)
		_, err = tx.Session(ctx, []byte("live"))
		return err
	})
}

// testKey is a fixed signing key for the suite.
var testKey = ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))

// appendEntry appends one entry in its own transaction, as the domain does.
func appendEntry(s plenum.Store, e record.Entry) error {
	return s.Update(ctx, func(tx plenum.Tx) error {
		head, ok, err := tx.RecordHead(ctx)
		if err != nil {
			return err
		}
		if !ok {
			head = nil
		}
		next, err := record.Next(head, e, testKey)
		if err != nil {
			return err
		}
		return tx.AppendEntry(ctx, &next)
	})
}

func testRecord(t *testing.T, s plenum.Store) {
	view(t, s, func(tx plenum.Tx) error {
		if _, ok, err := tx.RecordHead(ctx); ok || err != nil {
			t.Errorf("empty record: head ok=%v err=%v", ok, err)
		}
		if _, ok, err := tx.RecordKey(ctx); ok || err != nil {
			t.Errorf("empty record: key ok=%v err=%v", ok, err)
		}
		return nil
	})
	update(t, s, func(tx plenum.Tx) error { return tx.SetRecordKey(ctx, testKey.Public().(ed25519.PublicKey)) })
	err := s.Update(ctx, func(tx plenum.Tx) error { return tx.SetRecordKey(ctx, testKey.Public().(ed25519.PublicKey)) })
	wantKind(t, err, plenum.Conflict)
	payloads := []string{`{"a":1}`, `{"text":"ünïcode \u2028 and \"quotes\""}`, `{"n":12345678901234567890}`, `{}`}
	for i, p := range payloads {
		e := record.Entry{Time: t0.Add(time.Duration(i) * 1234567 * time.Nanosecond), Type: "test.entry", Actor: "system",
			Org: "1", Unit: fmt.Sprint(i), Internal: i%2 == 1, Payload: []byte(p)}
		if err := appendEntry(s, e); err != nil {
			t.Fatal(err)
		}
	}
	// Every entry reads back as it was sealed: the chain verifies.
	v := record.NewVerifier(testKey.Public().(ed25519.PublicKey))
	view(t, s, func(tx plenum.Tx) error {
		return tx.EachEntry(ctx, func(e *record.Entry) error { return v.Add(*e) })
	})
	if v.Count() != int64(len(payloads)) {
		t.Errorf("verified %d entries, want %d", v.Count(), len(payloads))
	}
	view(t, s, func(tx plenum.Tx) error {
		head, ok, err := tx.RecordHead(ctx)
		if err != nil || !ok || head.Seq != 4 || head.Hash != v.Head() {
			t.Errorf("head = %+v, %v, %v", head, ok, err)
		}
		key, ok, err := tx.RecordKey(ctx)
		if err != nil || !ok || !key.Equal(testKey.Public()) {
			t.Errorf("record key = %x, %v, %v", key, ok, err)
		}
		return nil
	})
	// A second entry with a taken seq is refused: the chain cannot fork.
	err = s.Update(ctx, func(tx plenum.Tx) error {
		head, _, err := tx.RecordHead(ctx)
		if err != nil {
			return err
		}
		return tx.AppendEntry(ctx, head)
	})
	wantKind(t, err, plenum.Conflict)
}

func seqs(es []*record.Entry) []int64 {
	var out []int64
	for _, e := range es {
		out = append(out, e.Seq)
	}
	return out
}

func testRecordVisibility(t *testing.T, s plenum.Store) {
	// seq: org, unit, type, internal
	entries := []struct {
		org, unit, typ string
		internal       bool
	}{
		{"1", "", "org.founded", false},     // 1
		{"1", "10", "term.founding", false}, // 2
		{"1", "", "members.imported", true}, // 3
		{"1", "11", "member.invited", true}, // 4
		{"1", "12", "member.invited", true}, // 5
		{"2", "", "members.imported", true}, // 6
		{"2", "20", "term.founding", false}, // 7
		{"", "", "operator.created", false}, // 8
	}
	for _, e := range entries {
		err := appendEntry(s, record.Entry{Time: t0, Type: e.typ, Actor: "system", Org: e.org, Unit: e.unit,
			Internal: e.internal, Payload: []byte(`{}`)})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		q    plenum.RecordQuery
		want string
	}{
		{"public", plenum.RecordQuery{Limit: 100}, "[8 7 2 1]"},
		{"public page", plenum.RecordQuery{Limit: 2, Before: 7}, "[2 1]"},
		{"public page after", plenum.RecordQuery{Limit: 2, After: 1}, "[7 2]"},
		{"public page after, last", plenum.RecordQuery{Limit: 2, After: 7}, "[8]"},
		{"by type after", plenum.RecordQuery{Type: "term.founding", Limit: 100, After: 2}, "[7]"},
		{"org 1 public", plenum.RecordQuery{Org: 1, Limit: 100}, "[2 1]"},
		{"org 1 member of 11", plenum.RecordQuery{Org: 1, Limit: 100, OrgInternal: true, InternalUnits: []plenum.UnitID{10, 11}}, "[4 3 2 1]"},
		{"all orgs, member of 11", plenum.RecordQuery{Limit: 100, InternalUnits: []plenum.UnitID{11}}, "[8 7 4 2 1]"},
		{"by unit", plenum.RecordQuery{Unit: 12, Limit: 100, InternalUnits: []plenum.UnitID{12}}, "[5]"},
		{"by unit, outsider", plenum.RecordQuery{Unit: 12, Limit: 100}, "[]"},
		{"by type", plenum.RecordQuery{Type: "term.founding", Limit: 100}, "[7 2]"},
		{"org 2 by type", plenum.RecordQuery{Org: 2, Type: "members.imported", OrgInternal: true, Limit: 100}, "[6]"},
	} {
		var got []*record.Entry
		view(t, s, func(tx plenum.Tx) (err error) {
			got, err = tx.Entries(ctx, tc.q)
			return err
		})
		if fmt.Sprint(seqs(got)) != tc.want {
			t.Errorf("%s: seqs %v, want %s", tc.name, seqs(got), tc.want)
		}
	}
}

// testConcurrentAppends appends from many goroutines at once; every append
// must succeed or fail cleanly, and the record must stay one chain.
func testConcurrentAppends(t *testing.T, s plenum.Store) {
	const workers, each = 8, 10
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			for i := range each {
				e := record.Entry{Time: t0, Type: "test.concurrent", Actor: "system", Payload: []byte(fmt.Sprintf(`{"w":%d,"i":%d}`, w, i))}
				if err := appendEntry(s, e); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	v := record.NewVerifier(testKey.Public().(ed25519.PublicKey))
	view(t, s, func(tx plenum.Tx) error {
		return tx.EachEntry(ctx, func(e *record.Entry) error { return v.Add(*e) })
	})
	if v.Count() != workers*each {
		t.Errorf("record has %d entries, want %d", v.Count(), workers*each)
	}
}

func testRollback(t *testing.T, s plenum.Store) {
	boom := errors.New("boom")
	err := s.Update(ctx, func(tx plenum.Tx) error {
		if err := tx.CreateOrg(ctx, &plenum.Organization{Slug: "gone", Name: "Gone", Created: t0}); err != nil {
			return err
		}
		head, _, err := tx.RecordHead(ctx)
		if err != nil {
			return err
		}
		next, err := record.Next(head, record.Entry{Time: t0, Type: "x", Actor: "system", Payload: []byte(`{}`)}, testKey)
		if err != nil {
			return err
		}
		if err := tx.AppendEntry(ctx, &next); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	view(t, s, func(tx plenum.Tx) error {
		_, err := tx.OrgBySlug(ctx, "gone")
		wantKind(t, err, plenum.NotFound)
		_, ok, err := tx.RecordHead(ctx)
		if ok || err != nil {
			t.Errorf("record has an entry after a rollback (%v)", err)
		}
		return nil
	})
}
