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
	// Next is the seq to pass as Before for the older page; 0 on the oldest.
	Next int64
	// Prev is the seq to pass as After for the newer page; 0 on the newest.
	Prev int64
}

// RecordFilter selects entries of the record listing.
type RecordFilter struct {
	Org    OrgID  // zero: every organization of the instance
	Unit   UnitID // zero: any unit
	Type   string // "": any type
	Before int64  // entries with a lower seq; 0 for the newest
	After  int64  // or the entries just above this seq, for the newer page
	Limit  int    // 0 or above RecordPageSize: RecordPageSize
}

// Record lists the record, newest first, a page at a time: the newest
// entries, those just below Before (an older page), or those just above
// After (a newer page), with the cursors of the pages either side, so that
// an auditor can walk the whole record both ways by stable links. Anyone
// may call it: visitors and the operator see public entries; a member also
// sees the internal entries of the units whose internal matters they see,
// and the organization-wide internal entries of their organization.
// Errors: Invalid (both Before and After); Internal.
func (a *App) Record(ctx context.Context, v *Viewer, f RecordFilter) (*RecordPage, error) {
	const op = "record"
	if f.Before != 0 && f.After != 0 {
		return nil, FieldErrorf(Invalid, op, "after", "give before or after, not both")
	}
	if f.Limit <= 0 || f.Limit > RecordPageSize {
		f.Limit = RecordPageSize
	}
	q := RecordQuery{Org: f.Org, Unit: f.Unit, Type: f.Type, Before: f.Before, After: f.After, Limit: f.Limit + 1,
		InternalUnits: v.InsideUnits()}
	// Organization-wide internal entries show only within the member's own
	// organization, when the listing is of that organization.
	q.OrgInternal = f.Org != 0 && v.SeesOrgInternal(f.Org)
	p := &RecordPage{}
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		if p.Entries, err = tx.Entries(ctx, q); err != nil || len(p.Entries) == 0 {
			return err
		}
		// The entry past the page's limit tells whether there is a page
		// beyond it; a look past its other end, whether there is one on
		// that side, unless it starts from the newest.
		more := len(p.Entries) > f.Limit
		switch {
		case more && f.After != 0:
			p.Entries = p.Entries[1:]
		case more:
			p.Entries = p.Entries[:f.Limit]
		}
		newest, oldest := p.Entries[0].Seq, p.Entries[len(p.Entries)-1].Seq
		newer, older := more && f.After != 0, more && f.After == 0
		if f.After != 0 {
			older, err = anyEntry(ctx, tx, q, oldest, 0)
		} else if f.Before != 0 {
			newer, err = anyEntry(ctx, tx, q, 0, newest)
		}
		if newer {
			p.Prev = newest
		}
		if older {
			p.Next = oldest
		}
		return err
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return p, nil
}

// anyEntry reports whether q, its keyset replaced by before or after,
// finds an entry.
func anyEntry(ctx context.Context, tx Tx, q RecordQuery, before, after int64) (bool, error) {
	q.Before, q.After, q.Limit = before, after, 1
	es, err := tx.Entries(ctx, q)
	return len(es) > 0, err
}
