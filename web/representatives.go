package web

import (
	"bytes"
	"net/http"
	"sort"
	"strconv"
	"time"

	"plenum"
	"plenum/feed"
)

// representativeView is a representative's record (rule R4).
type representativeView struct {
	Organization orgRef       `json:"organization"`
	Member       memberRef    `json:"member"`
	Terms        []recordTerm `json:"terms"`
	Votes        []recordVote `json:"votes"`    // a page of the roll-call votes, newest first
	Motions      []motionRef  `json:"motions"`  // the latest motions moved that the viewer may see
	Attended     []attended   `json:"attended"` // the latest meetings attended, newest first
	Pay          []officePay  `json:"pay"`
	Recalls      []recallRef  `json:"recalls"`
	// Incompatible lists the pairs of offices the member holds that may
	// not be held together, each with the deadline to resign one (R9).
	Incompatible []incompatibility `json:"incompatible"`
	// VotesBefore is the votes' page's cursor, as asked (votes_before);
	// OlderVotes the cursor of the older page, absent on the oldest.
	VotesBefore string `json:"votes_before,omitempty"`
	OlderVotes  string `json:"older_votes,omitempty"`
	Error       string `json:"-"`
}

// recordTerm is a term on a representative's record, with how it ended.
type recordTerm struct {
	ID       string     `json:"id"`
	Office   officeRef  `json:"office"`
	Unit     unitRef    `json:"unit"`
	Start    time.Time  `json:"start"`
	End      time.Time  `json:"end"` // the scheduled end
	LastDay  time.Time  `json:"-"`
	Ended    *time.Time `json:"ended,omitempty"`
	Reason   string     `json:"end_reason,omitempty"` // expiry, resignation, recall
	Running  bool       `json:"running"`
	Founding bool       `json:"founding"`
	// Page only: the viewer may open a petition to recall this term.
	MayPetition bool `json:"-"`
}

// incompatibility is an open flag: the member must resign one of two offices.
type incompatibility struct {
	Held     officeRef `json:"held"`
	Gained   officeRef `json:"gained"` // ends at the deadline unless one is resigned
	Deadline time.Time `json:"deadline"`
}

// attended is a meeting a representative attended.
type attended struct {
	Meeting string    `json:"meeting"`
	Title   string    `json:"title"`
	Body    string    `json:"body"`
	Starts  time.Time `json:"starts"`
	Arrived time.Time `json:"arrived"`
}

// recordVote is a roll-call vote on a representative's record.
type recordVote struct {
	Decision decisionRef `json:"decision"`
	Body     string      `json:"body"`
	Choice   string      `json:"choice"`
	Cast     time.Time   `json:"cast"`
}

// officePay is the pay history of one office.
type officePay struct {
	Office  officeRef   `json:"office"`
	Changes []payChange `json:"changes"`
}

// payChange is one entry of an office's pay history.
type payChange struct {
	Since      time.Time   `json:"since"`
	Pay        *payView    `json:"pay"` // null: unpaid
	Allowances []allowance `json:"allowances"`
	Decision   string      `json:"decision,omitempty"` // the pay decision; none for the founding pay
}

type allowance struct {
	Name string `json:"name"`
	payView
}

// Amount is the allowance's amount, for templates.
func (a allowance) Amount() *payView { return &a.payView }

func payViewOf(p *plenum.Pay) *payView {
	if p == nil {
		return nil
	}
	return &payView{Minor: p.Minor, Currency: p.Currency, Period: p.Period}
}

func payChangesOf(h []*plenum.PayChange) []payChange {
	out := make([]payChange, 0, len(h))
	for _, c := range h {
		pc := payChange{Since: c.Since, Pay: payViewOf(c.Pay), Allowances: []allowance{}}
		if c.Decision != 0 {
			pc.Decision = c.Decision.String()
		}
		for _, a := range c.Allowances {
			pc.Allowances = append(pc.Allowances, allowance{Name: a.Name, payView: *payViewOf(&a.Pay)})
		}
		out = append(out, pc)
	}
	return out
}

func (s *Server) representativePage(r *http.Request, v *plenum.Viewer) (*representativeView, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	var before time.Time
	cursor := r.URL.Query().Get("votes_before")
	if cursor != "" {
		us, err := strconv.ParseInt(cursor, 10, 64)
		if err != nil || us <= 0 {
			return nil, invalid("votes_before", "votes_before must be a page's older_votes")
		}
		before = time.UnixMicro(us).UTC()
	}
	p, err := s.deps.App.Representative(r.Context(), v, plenum.MemberID(id), before)
	if err != nil {
		return nil, err
	}
	now := s.deps.App.Now()
	out := &representativeView{Organization: orgRefOf(p.Org), Member: memberRef{ID: p.Member.ID.String(), Name: p.Member.Name},
		Terms: []recordTerm{}, Votes: []recordVote{}, Motions: []motionRef{}, Attended: []attended{}, Pay: []officePay{}, Recalls: []recallRef{},
		Incompatible: []incompatibility{}, VotesBefore: cursor}
	if !p.OlderVotes.IsZero() {
		out.OlderVotes = strconv.FormatInt(p.OlderVotes.UnixMicro(), 10)
	}
	terms := map[plenum.TermID]officeRef{}
	for _, t := range p.Terms {
		off := p.Offices[t.Office]
		terms[t.ID] = officeRef{ID: off.ID.String(), Name: off.Name}
	}
	for _, f := range p.Incompatible {
		out.Incompatible = append(out.Incompatible, incompatibility{Held: terms[f.Held], Gained: terms[f.Gained], Deadline: f.Deadline})
	}
	for _, at := range p.Attended {
		out.Attended = append(out.Attended, attended{Meeting: at.Meeting.ID.String(), Title: at.Meeting.Title, Body: at.BodyName,
			Starts: at.Meeting.Starts, Arrived: at.Arrived})
	}
	for _, m := range p.Motions {
		out.Motions = append(out.Motions, motionRefOf(m, now))
	}
	for _, mv := range p.Votes {
		out.Votes = append(out.Votes, recordVote{Decision: decisionRefOf(mv.Decision), Body: mv.BodyName, Choice: mv.Choice, Cast: mv.Cast})
	}
	seen := map[plenum.OfficeID]bool{}
	for _, t := range p.Terms {
		off := p.Offices[t.Office]
		out.Terms = append(out.Terms, recordTerm{ID: t.ID.String(), Office: officeRef{ID: off.ID.String(), Name: off.Name},
			Unit: unitRefOf(p.Units[off.Unit]), Start: t.Start, End: t.End, LastDay: t.LastDay(), Ended: timeOrNil(t.Ended),
			Reason: string(t.Reason), Running: t.Current(now), Founding: t.Founding, MayPetition: p.MayPetition[t.ID]})
		if !seen[off.ID] {
			seen[off.ID] = true
			out.Pay = append(out.Pay, officePay{Office: officeRef{ID: off.ID.String(), Name: off.Name}, Changes: payChangesOf(p.Pay[off.ID])})
		}
	}
	for _, rc := range p.Recalls {
		out.Recalls = append(out.Recalls, recallRefOf(rc, p.Offices[rc.Office], p.Member.Name))
	}
	return out, nil
}

func representativeFrame(p *representativeView) Layout {
	return Layout{Title: p.Member.Name, Org: navFor(p.Organization), Nav: "units"}
}

// representativeFeed serves a representative's record as an Atom feed, so
// that members can follow them: terms begun and ended, pay changes of their
// offices, recall petitions. Feed readers carry no session: the feed is
// what a visitor sees, and there is none where the constitution keeps
// records to members.
func (s *Server) representativeFeed(w http.ResponseWriter, r *http.Request) {
	p, err := s.representativePage(r, plenum.Visitor())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	org, err := s.orgByID(r.Context(), p.Organization.id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := s.publicBase(r)
	host := hostOf(base)
	l := s.localizer(r, nil)
	page := base + "/members/" + p.Member.ID + "/record"
	f := &feed.Feed{
		ID:      feed.TagURI(host, org.Created, "member/"+p.Member.ID+"/record"),
		Title:   l.T("recall.feed_title", p.Member.Name, org.Name),
		Lang:    l.Lang(),
		Updated: org.Created,
		Authors: []feed.Person{{Name: org.Name}},
		Links: []feed.Link{{Href: base + "/members/" + p.Member.ID + "/feed.atom", Rel: "self", Type: "application/atom+xml"},
			{Href: page, Type: "text/html"}},
	}
	add := func(id string, at time.Time, title, link string) {
		f.Entries = append(f.Entries, feed.Entry{ID: feed.TagURI(host, at, id), Title: title, Updated: at, Published: at,
			Links: []feed.Link{{Href: base + link, Type: "text/html"}}, Categories: []string{feed.KindRecord}})
	}
	for _, t := range p.Terms {
		add("term/"+t.ID+"/start", t.Start, l.T("recall.feed_term_start", t.Office.Name, t.Unit.Path), "/offices/"+t.Office.ID)
		if t.Ended != nil {
			add("term/"+t.ID+"/end", *t.Ended, l.T("recall.feed_term_end."+t.Reason, t.Office.Name, t.Unit.Path), "/offices/"+t.Office.ID)
		}
	}
	for _, op := range p.Pay {
		for i, c := range op.Changes {
			if c.Decision != "" {
				add("office/"+op.Office.ID+"/pay/"+strconv.Itoa(i), c.Since, l.T("recall.feed_pay", op.Office.Name), "/offices/"+op.Office.ID)
			}
		}
	}
	for _, rc := range p.Recalls {
		add("recall/"+rc.ID, rc.Opened, l.T("recall.feed_recall", rc.Office.Name), "/recalls/"+rc.ID)
	}
	sort.SliceStable(f.Entries, func(i, j int) bool { return f.Entries[i].Updated.After(f.Entries[j].Updated) })
	if len(f.Entries) > 0 {
		f.Updated = f.Entries[0].Updated
	}
	var buf bytes.Buffer
	if err := feed.Write(&buf, f); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", feed.ContentType)
	w.Write(buf.Bytes())
}
