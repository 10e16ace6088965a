package plenum

import "strconv"

// Distinct identifier types keep a member's ID from being passed where a
// unit's is expected. Zero is never a valid ID.
type (
	OrgID     int64
	UnitID    int64
	MemberID  int64
	BodyID    int64
	OfficeID  int64
	TermID    int64
	AccountID int64
)

func (id OrgID) String() string     { return strconv.FormatInt(int64(id), 10) }
func (id UnitID) String() string    { return strconv.FormatInt(int64(id), 10) }
func (id MemberID) String() string  { return strconv.FormatInt(int64(id), 10) }
func (id BodyID) String() string    { return strconv.FormatInt(int64(id), 10) }
func (id OfficeID) String() string  { return strconv.FormatInt(int64(id), 10) }
func (id TermID) String() string    { return strconv.FormatInt(int64(id), 10) }
func (id AccountID) String() string { return strconv.FormatInt(int64(id), 10) }
