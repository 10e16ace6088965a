package plenum

import "time"

// Body is a collective organ of a unit: an assembly of all its members, or an
// elected committee, congress or commission whose seats are an Office.
type Body struct {
	ID         BodyID
	Unit       UnitID
	Name       string
	AllMembers bool   // an assembly of all members of the unit's subtree; has no seats
	Seats      int    // elected seats; 0 when AllMembers
	Method     string // counting method of its elections
	TermMonths int
	TermLimit  int // 0: no limit
}

// Office is a post held through terms: a named post of a unit (Secretary) or
// the seats of an elected body (Body set, Name the body's name).
type Office struct {
	ID               OfficeID
	Unit             UnitID
	Body             BodyID // zero for a named post
	Name             string
	Seats            int
	Method           string
	TermMonths       int
	TermLimit        int  // consecutive terms; 0: no limit
	Pay              *Pay // nil: unpaid
	IncompatibleWith []string
}

// Pay is what an office pays, in public (R9).
type Pay struct {
	Minor    int64  `json:"amount_minor"` // amount in the currency's minor unit (cents)
	Currency string `json:"currency"`     // ISO 4217, e.g. "EUR"
	Period   string `json:"period"`       // one of constitution.Periods
}

// EndReason says how a term ended.
type EndReason string

const (
	Ongoing  EndReason = ""
	Expired  EndReason = "expiry"
	Resigned EndReason = "resignation"
	Recalled EndReason = "recall"
	// Sanctioned: the holder lost the office by the decision of a case (R10).
	Sanctioned EndReason = "sanction"
)

// Term is one holder's tenure of one seat of an office (R1: it exists only as
// the result of an election, or as a founding mandate entered by plenum init).
type Term struct {
	ID       TermID
	Office   OfficeID
	Holder   MemberID
	Start    time.Time
	End      time.Time // scheduled end
	Ended    time.Time // zero while the term runs
	Reason   EndReason
	Founding bool // a founding mandate, elected before the organization moved onto plenum
}

// LastDay is the last day the term runs: End is the instant it ends, the
// start of the day after (a founding mandate "ends: 2027-06-30" runs through
// that day).
func (t *Term) LastDay() time.Time { return t.End.Add(-time.Nanosecond) }

// Current reports whether t is held at time now.
func (t *Term) Current(now time.Time) bool {
	return t.Reason == Ongoing && !now.Before(t.Start) && now.Before(t.End)
}
