package plenum

import (
	"context"

	"plenum/record"
)

// RecordPageSize is the default and largest page of the record listing.
const RecordPageSize = 100

// RecordPage is one page of the record, newest first.
type RecordPage struct {
	Entries []*record.Entry
	// Next is the seq to pass as before for the following page; 0 on the last.
	Next int64
}

// RecordFilter selects entries of the record listing.
type RecordFilter struct {
	Org    OrgID  // zero: every organization of the instance
	Unit   UnitID // zero: any unit
	Type   string // "": any type
	Before int64  // entries with a lower seq; 0 for the newest
	Limit  int    // 0 or above RecordPageSize: RecordPageSize
}

// Record lists the record, newest first. Anyone may call it: visitors and
// the operator see public entries; a member also sees the internal entries of
// the units whose internal matters they see, and the organization-wide
// internal entries of their organization. Errors: Internal only.
func (a *App) Record(ctx context.Context, v *Viewer, f RecordFilter) (*RecordPage, error) {
	if f.Limit <= 0 || f.Limit > RecordPageSize {
		f.Limit = RecordPageSize
	}
	q := RecordQuery{Org: f.Org, Unit: f.Unit, Type: f.Type, Before: f.Before, Limit: f.Limit + 1,
		InternalUnits: v.InsideUnits()}
	// Organization-wide internal entries show only within the member's own
	// organization, when the listing is of that organization.
	q.OrgInternal = f.Org != 0 && v.SeesOrgInternal(f.Org)
	p := &RecordPage{}
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		p.Entries, err = tx.Entries(ctx, q)
		return err
	})
	if err != nil {
		return nil, wrap("record", err)
	}
	if len(p.Entries) > f.Limit {
		p.Entries = p.Entries[:f.Limit]
		p.Next = p.Entries[f.Limit-1].Seq
	}
	return p, nil
}
