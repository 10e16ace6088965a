package plenum_test

import (
	"bytes"
	"strings"
	"testing"

	"plenum"
)

func TestFoundTenantsUnion(t *testing.T) {
	app, _ := testApp(t)
	org := riverside(t, app)
	if org.Slug != "riverside-tenants-union" || org.Name != "Riverside Tenants' Union" {
		t.Errorf("org = %+v", org)
	}
	units, err := app.UnitTree(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, u := range units {
		paths = append(paths, u.Path)
	}
	if got := strings.Join(paths, "|"); got != "Riverside|Riverside/North branch|Riverside/South branch" {
		t.Errorf("units = %s", got)
	}
	page, err := app.Unit(ctx, plenum.Visitor(), units[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	holders := map[string][]string{}
	for _, o := range page.Offices {
		for _, h := range o.Holders {
			holders[o.Office.Name] = append(holders[o.Office.Name], h.Name)
			if !h.Term.Founding || h.Term.End.Format("2006-01-02") != "2027-07-01" {
				t.Errorf("%s: term %+v", o.Office.Name, h.Term)
			}
		}
	}
	if got := holders["Secretary"]; len(got) != 1 || got[0] != "Ana Ribeiro" {
		t.Errorf("Secretary held by %v", got)
	}
	if got := holders["Council"]; len(got) != 7 {
		t.Errorf("Council has %d holders, want 7", len(got))
	}
	if len(page.Bodies) != 4 || len(page.Children) != 2 || page.CanSeeDirectory {
		t.Errorf("unit page: %d bodies, %d children, directory %v", len(page.Bodies), len(page.Children), page.CanSeeDirectory)
	}
	for _, o := range page.Offices {
		if o.Office.Name == "Secretary" {
			op, err := app.Office(ctx, o.Office.ID)
			if err != nil {
				t.Fatal(err)
			}
			if op.Office.Pay == nil || op.Office.Pay.Minor != 120000 || strings.Join(op.Incompatible, ",") != "Treasurer,Control commission,Election commission" {
				t.Errorf("secretary office page = %+v, pay %+v", op, op.Office.Pay)
			}
		}
	}
	entries := verifyRecord(t, app)
	count := map[string]int{}
	for _, e := range entries {
		count[e.Type]++
	}
	if count["org.founded"] != 1 || count["members.imported"] != 1 || count["term.founding"] != 23 {
		t.Errorf("record: %v", count)
	}
}

func TestFoundIsAllOrNothing(t *testing.T) {
	members := example(t, "members.csv")
	noAna := regexpDelete(t, members, "Ana Ribeiro,")
	for _, tc := range []struct {
		name    string
		members []byte
		want    []string
	}{
		{"no members", nil, []string{"constitution.yaml:81: founding_mandates[0].member: no member has the email ana.ribeiro@riverside-tenants.example"}},
		{"mandate holder missing", noAna, []string{"constitution.yaml:81: founding_mandates[0].member", "constitution.yaml:83: founding_mandates[2].member"}},
		{"bad member row", append(bytes.Clone(members), "Zed,not-an-email,Riverside/North branch,\n"...), []string{"members.csv:42: email"}},
		{"member in a unit with sub-units", append(bytes.Clone(members), "Zed,zed@example.org,Riverside,\n"...), []string{"members.csv:42: unit"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app, _ := testApp(t)
			_, err := app.Found(ctx, plenum.CommandLine, founding(t, tc.members))
			if plenum.ErrorKind(err) != plenum.Invalid {
				t.Fatalf("err = %v, want Invalid", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
			orgs, _ := app.Orgs(ctx)
			if len(orgs) != 0 || len(verifyRecord(t, app)) != 0 {
				t.Errorf("a failed founding left %d organizations and a record", len(orgs))
			}
		})
	}
}

// regexpDelete removes the line of b that starts with prefix.
func regexpDelete(t *testing.T, b []byte, prefix string) []byte {
	t.Helper()
	var out []string
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if !strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return []byte(strings.Join(out, ""))
}

func TestFoundNeedsOperator(t *testing.T) {
	app, _ := testApp(t)
	org := riverside(t, app)
	ana := login(t, app, org, "ana.ribeiro@riverside-tenants.example")
	for _, v := range []*plenum.Viewer{plenum.Visitor(), ana} {
		_, err := app.Found(ctx, v, founding(t, nil))
		if plenum.ErrorKind(err) != plenum.Forbidden {
			t.Errorf("found as %s: %v, want Forbidden", v.Actor(), err)
		}
	}
	// The same organization twice is a conflict.
	_, err := app.Found(ctx, plenum.CommandLine, founding(t, nil))
	if plenum.ErrorKind(err) != plenum.Conflict {
		t.Errorf("found twice: %v, want Conflict", err)
	}
}
