package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"plenum"
)

// Plans returns the database's plan for each query that must stay fast
// however large the organization: a page of a unit's member directory (with
// and without a search and a cursor) and pages of the record (of the
// instance, of an organization, of a unit, of a type), for unit and org.
// Tests and benchmarks check that each plan uses an index.
func (db *DB) Plans(ctx context.Context, org plenum.OrgID, unit plenum.UnitID) (map[string]string, error) {
	queries := map[string]func() (string, []any){
		"directory": func() (string, []any) {
			return directoryQuery(plenum.DirectoryQuery{Unit: unit, Limit: 51})
		},
		"directory search": func() (string, []any) {
			return directoryQuery(plenum.DirectoryQuery{Unit: unit, Prefix: "ana", Limit: 51})
		},
		"directory next page": func() (string, []any) {
			return directoryQuery(plenum.DirectoryQuery{Unit: unit, After: plenum.Cursor{Key: "m", Member: 1}, Limit: 51})
		},
		"record": func() (string, []any) {
			return entriesQuery(plenum.RecordQuery{Limit: 101, Before: 1000})
		},
		"record of org": func() (string, []any) {
			return entriesQuery(plenum.RecordQuery{Org: org, Limit: 101, OrgInternal: true, InternalUnits: []plenum.UnitID{unit}})
		},
		"record of unit": func() (string, []any) {
			return entriesQuery(plenum.RecordQuery{Org: org, Unit: unit, Limit: 101})
		},
		"record of type": func() (string, []any) {
			return entriesQuery(plenum.RecordQuery{Org: org, Type: "members.imported", Limit: 101})
		},
		// A member of two units three levels deep: four arms and their own.
		"my notifications": func() (string, []any) {
			return memberNoticesQuery(plenum.NoticeQuery{Member: 1, Before: 1000, Limit: 51},
				[]plenum.UnitID{unit, unit + 1, unit + 2, unit + 3}, []int64{0, 0, 0, 0}, 10)
		},
		"notice recipients of a unit": func() (string, []any) {
			return recipientsQuery(&plenum.StoredNotice{Notice: plenum.Notice{Kind: "election", Unit: unit}, ID: 1},
				plenum.Cursor{Key: "m", Member: 1}, 500)
		},
		"notice recipients by name": func() (string, []any) {
			return recipientsQuery(&plenum.StoredNotice{Notice: plenum.Notice{Kind: "case"}, ID: 1}, plenum.Cursor{Member: 1}, 500)
		},
	}
	explain := "EXPLAIN QUERY PLAN "
	if db.Postgres() {
		explain = "EXPLAIN "
	}
	plans := map[string]string{}
	for name, q := range queries {
		query, args := q()
		plan, err := db.explain(ctx, explain+db.dialect.rebind(query), args)
		if err != nil {
			return nil, fmt.Errorf("plan of %s: %w", name, err)
		}
		plans[name] = plan
	}
	return plans, nil
}

// explain runs an EXPLAIN and joins the last column of its rows.
func (db *DB) explain(ctx context.Context, query string, args []any) (string, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
	}
	return strings.Join(lines, "\n"), rows.Err()
}

// Analyze updates the planner's statistics of the database.
func (db *DB) Analyze(ctx context.Context) error {
	_, err := db.write.ExecContext(ctx, "ANALYZE")
	return err
}
