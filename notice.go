package plenum

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Notice is something members must hear about: an election, a recall, a
// motion on the agenda, a decision, a case. Areas send one with App.notify in
// the transaction of the change it tells of.
type Notice struct {
	Kind     string     // "election", "recall", "motion", "decision", "case", "statement", ...
	To       []MemberID // these members; or, when empty,
	Unit     UnitID     // every active member of this unit's subtree (fan-out must scale to 200,000)
	Subject  string     // i18n key; Args are its arguments
	Text     string     // i18n key of the body text; same Args
	Args     []any      // strings, integers and time.Time (shown as a date in the reader's language)
	Link     string     // path on the site: "/elections/7"
	Required bool       // the rules require it: it cannot be turned off, and is emailed at once
}

// NoticeID identifies a stored notice.
type NoticeID int64

func (id NoticeID) String() string { return strconv.FormatInt(int64(id), 10) }

// StoredNotice is a notice as kept: once, however many members it reaches.
type StoredNotice struct {
	Notice
	ID      NoticeID
	Org     OrgID
	Created time.Time
	Read    bool // for one reader: whether they marked it read
}

// Delivery is how a member receives email of one kind of notice.
type Delivery string

const (
	Immediately  Delivery = "immediately"
	DailyDigest  Delivery = "daily"
	WeeklyDigest Delivery = "weekly"
	Off          Delivery = "off"
)

// Deliveries are the four deliveries, in the order settings offer them.
var Deliveries = []Delivery{Immediately, DailyDigest, WeeklyDigest, Off}

// Valid reports whether d is one of the four deliveries.
func (d Delivery) Valid() bool { return slices.Contains(Deliveries, d) }

// NoticeKinds are the kinds of notice members set a delivery for. A notice
// of another kind is delivered immediately, with no unsubscribe link.
var NoticeKinds = []string{"election", "recall", "motion", "meeting", "decision", "case", "statement"}

func knownKind(kind string) bool { return slices.Contains(NoticeKinds, kind) }

// Recipient is a member a notice is emailed to, with what writing it needs.
type Recipient struct {
	Member   MemberID
	Name     string
	Email    string
	Lang     string
	Delivery Delivery // the member's choice for the notice's kind; "" for none
	Cursor   Cursor   // the position after this recipient
}

// NoticeStore keeps notices, who reads them, and members' deliveries.
//
// A notice to a unit is one row, whatever the unit's size: members find
// the notices of the units they belong to when they read (MemberNotices),
// and its email is written by a background job, a page of members per
// transaction (NoticeRecipients, AdvanceNotice), never in the transaction of
// the change that sent it.
type NoticeStore interface {
	// CreateNotice stores n with its To list and sets n.ID.
	CreateNotice(ctx context.Context, n *StoredNotice) error
	// MemberNotices lists the notices member m receives, newest first: those
	// addressed to m, and those of every unit in which m has an active
	// membership of the notice's date or older, or of a unit above it.
	MemberNotices(ctx context.Context, q NoticeQuery) ([]*StoredNotice, error)
	// MarkNoticesRead marks notices read for m; MarkAllNoticesRead marks
	// every notice up to and including upto.
	MarkNoticesRead(ctx context.Context, m MemberID, ids []NoticeID, at time.Time) error
	MarkAllNoticesRead(ctx context.Context, m MemberID, upto NoticeID) error

	// UndeliveredNotice returns the oldest notice whose email is not all
	// written yet, with the position its delivery reached; ok false if none.
	UndeliveredNotice(ctx context.Context) (n *StoredNotice, at Cursor, ok bool, err error)
	// NoticeRecipients lists up to limit recipients of n after position
	// after: its To list by member, or the unit's active members (as
	// MemberNotices counts them) in directory order.
	NoticeRecipients(ctx context.Context, n *StoredNotice, after Cursor, limit int) ([]Recipient, error)
	// AdvanceNotice moves n's delivery from position from to position to,
	// done when its last recipient is passed. Conflict if the delivery is
	// no longer at from (another node wrote this page).
	AdvanceNotice(ctx context.Context, id NoticeID, from, to Cursor, done bool) error

	// Deliveries returns m's choices by kind; SetDelivery sets one.
	Deliveries(ctx context.Context, m MemberID) (map[string]Delivery, error)
	SetDelivery(ctx context.Context, m MemberID, kind string, d Delivery, at time.Time) error

	// AddDigestItems queues notices for members' digests.
	AddDigestItems(ctx context.Context, items []DigestItem) error
	// DigestsDue lists up to limit members after member after with items
	// of cadence queued before before, by member.
	DigestsDue(ctx context.Context, cadence Delivery, before time.Time, after MemberID, limit int) ([]MemberID, error)
	// TakeDigest removes and returns m's items of cadence queued before
	// before, oldest first, with their notices.
	TakeDigest(ctx context.Context, m MemberID, cadence Delivery, before time.Time) ([]*StoredNotice, error)
}

// NoticeQuery selects one page of a member's notices.
type NoticeQuery struct {
	Member MemberID
	Before NoticeID // keyset: notices with a lower ID; 0 for the newest
	After  NoticeID // only notices with a higher ID (the unread ones past a mark)
	Limit  int
}

// DigestItem is a notice waiting for a member's digest.
type DigestItem struct {
	Member  MemberID
	Notice  NoticeID
	Cadence Delivery
	Queued  time.Time
}

// noticeArg is one argument of a notice as stored: exactly one field set.
type noticeArg struct {
	S *string    `json:"s,omitempty"`
	N *int64     `json:"n,omitempty"`
	T *time.Time `json:"t,omitempty"`
}

// EncodeNoticeArgs is how a notice's arguments are stored.
func EncodeNoticeArgs(args []any) (string, error) {
	out := make([]noticeArg, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			out[i].S = &v
		case int:
			n := int64(v)
			out[i].N = &n
		case int64:
			out[i].N = &v
		case time.Time:
			t := v.UTC()
			out[i].T = &t
		case fmt.Stringer:
			s := v.String()
			out[i].S = &s
		default:
			return "", fmt.Errorf("notice argument %d: %T is not a string, an integer or a time", i, a)
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// DecodeNoticeArgs reads what EncodeNoticeArgs wrote.
func DecodeNoticeArgs(s string) ([]any, error) {
	var in []noticeArg
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, err
	}
	out := make([]any, len(in))
	for i, a := range in {
		switch {
		case a.S != nil:
			out[i] = *a.S
		case a.N != nil:
			out[i] = *a.N
		case a.T != nil:
			out[i] = *a.T
		default:
			return nil, fmt.Errorf("notice argument %d is empty", i)
		}
	}
	return out, nil
}
