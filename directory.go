package plenum

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
)

// DirectoryPageSize is the default and largest page of the member directory.
const DirectoryPageSize = 50

// DirectoryPage is one page of a unit's member directory.
type DirectoryPage struct {
	Unit      *Unit
	Ancestors []*Unit
	Members   []*Member
	// Next is the cursor of the following page, "" on the last page.
	Next string
}

// Directory lists the members of unit's subtree whose name starts with
// search (case-insensitive; "" for all), in name order, limit at a time
// (0 or more than DirectoryPageSize means DirectoryPageSize), from the
// position after (a Next of an earlier page, "" for the first page). Every
// page is one index range, however large the organization.
//
// Who may call: a viewer for whom Viewer.CanSeeDirectory holds. Errors:
// NotFound (no such unit), Forbidden, Invalid (a malformed cursor).
func (a *App) Directory(ctx context.Context, v *Viewer, unit UnitID, search, after string, limit int) (*DirectoryPage, error) {
	const op = "member directory"
	if limit <= 0 || limit > DirectoryPageSize {
		limit = DirectoryPageSize
	}
	cur, err := parseCursor(after)
	if err != nil {
		return nil, FieldErrorf(Invalid, op, "after", "malformed page cursor")
	}
	p := &DirectoryPage{}
	err = a.Store.View(ctx, func(tx Tx) error {
		var err error
		if p.Unit, err = tx.Unit(ctx, unit); err != nil {
			return err
		}
		if p.Ancestors, err = tx.Ancestors(ctx, unit); err != nil {
			return err
		}
		if !v.CanSeeDirectory(p.Unit, p.Ancestors) {
			return Errorf(Forbidden, op, "only members of %s or of the units above it see its members", p.Unit.Name)
		}
		q := DirectoryQuery{Unit: unit, Prefix: SortKey(search), After: cur, Limit: limit + 1}
		p.Members, err = tx.Directory(ctx, q)
		return err
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	if len(p.Members) > limit {
		p.Members = p.Members[:limit]
		last := p.Members[limit-1]
		p.Next = formatCursor(Cursor{Key: SortKey(last.Name), Member: last.ID})
	}
	return p, nil
}

// A cursor travels in URLs as base64url("ID:key").
func formatCursor(c Cursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.Member.String() + ":" + c.Key))
}

func parseCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, err
	}
	id, key, ok := strings.Cut(string(b), ":")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || n <= 0 {
		return Cursor{}, Errorf(Invalid, "cursor", "malformed")
	}
	return Cursor{Key: key, Member: MemberID(n)}, nil
}
