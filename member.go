package plenum

import (
	"strings"
	"time"
)

// Status is the standing of a membership.
type Status string

const (
	Active    Status = "active"
	Suspended Status = "suspended" // by a decided disciplinary case (R10)
	Lapsed    Status = "lapsed"    // dues not paid or not renewed
	Left      Status = "left"
	Expelled  Status = "expelled" // by a decided disciplinary case (R10)
)

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool {
	switch s {
	case Active, Suspended, Lapsed, Left, Expelled:
		return true
	}
	return false
}

// Member is a person who belongs to an organization. Members are private:
// only members who share a unit with them (see Viewer.CanSeeDirectory) and the
// member themselves see their email and number.
type Member struct {
	ID          MemberID
	Org         OrgID
	Name        string
	Email       string // lower case, unique in the organization
	Number      string // the organization's member number, optional, unique if set
	Joined      time.Time
	Memberships []Membership
}

// Membership places a member in one leaf unit.
type Membership struct {
	Unit   UnitID
	Status Status
	Since  time.Time
}

// SortKey is the key the member directory is ordered and searched by: the
// name in lower case with runs of spaces folded.
func SortKey(name string) string {
	return strings.Join(strings.Fields(strings.ToLower(name)), " ")
}

// NormalizeEmail returns the form emails are stored and compared in.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}
