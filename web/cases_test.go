package web

import (
	"context"
	"strconv"
	"testing"

	"plenum"
)

// fixtureCase has the officer file charges against member accused, with a
// file of evidence; it returns the IDs of the case and the file.
func fixtureCase(t testing.TB, app *plenum.App, accused string) (id, file string) {
	t.Helper()
	ctx := context.Background()
	v := viewerOf(t, app, officerEmail)
	m, _ := strconv.ParseInt(accused, 10, 64)
	c, err := app.FileCase(ctx, v, plenum.CaseFiling{Accused: plenum.MemberID(m), Provisions: []string{"Rule 4.2"},
		Charges: "Kept the **branch's** rent-strike fund in a private account."})
	if err != nil {
		t.Fatal(err)
	}
	e, err := app.AddEvidence(ctx, v, c.ID, "statement.txt", []byte("Bank statement, March."))
	if err != nil {
		t.Fatal(err)
	}
	return c.ID.String(), strconv.FormatInt(e.ID, 10)
}
