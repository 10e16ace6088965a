package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"plenum"
	"plenum/sqlstore"
	"plenum/storetest"
)

// fixtureCase has the officer file charges against member accused, with a
// file of evidence; it returns the IDs of the case and the file.
func fixtureCase(t testing.TB, app *plenum.App, accused string) (id, file string) {
	t.Helper()
	ctx := context.Background()
	v := loginViewer(t, app, officerEmail)
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

// TestCaseFlowAPI runs a whole case through the API, on both databases:
// charges with evidence, admission by the Control commission's vote, the
// reply, the hearing, a suspension that waits for the appeal, and the
// Council overturning it on appeal; with what each viewer sees.
func TestCaseFlowAPI(t *testing.T) {
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) { caseFlow(t, newTestServerOn(t, Config{}, db)) })
}

func caseFlow(t *testing.T, s *testServer) {
	const domain = "@riverside-tenants.example"
	// The Control commission and the Council open accounts; Olga (North)
	// accuses Noah (South). Samir, of the Council, is South's branch
	// secretary, directly over Noah: recused on appeal.
	names := []string{"patrick.oneill", "amara.diallo", "sofia.rossi", "ana.ribeiro", "samir.haddad", "lena.fischer",
		"marek.kowalski", "ines.moreno", "david.levi", "hannah.weber"}
	as := map[string]*client{}
	for _, n := range names {
		m := memberByEmail(t, s.app, n+domain)
		if _, err := s.app.OpenAccount(context.Background(), plenum.CommandLine, m.ID, password); err != nil {
			t.Fatal(err)
		}
		as[n] = s.as(t, n+domain)
	}
	as["grace"], as["olga"], as["noah"] = s.as(t, officerEmail), s.as(t, northEmail), s.as(t, southEmail)
	noah := memberByEmail(t, s.app, southEmail).ID.String()

	type caseJSON struct {
		ID       string      `json:"id"`
		Status   string      `json:"status"`
		Access   string      `json:"access"`
		Charges  string      `json:"charges"`
		Accusers []memberRef `json:"accusers"`
		Outcome  string      `json:"outcome"`
		Appeal   string      `json:"appeal_outcome"`
		Evidence []struct {
			ID     string `json:"id"`
			SHA256 string `json:"sha256"`
		} `json:"evidence"`
		Recused []memberRef `json:"recused"`
		Actions []string    `json:"actions"`
		Verdict *struct {
			Reasons string `json:"reasons"`
		} `json:"verdict"`
	}
	var c caseJSON
	// fresh empties c for the next answer: fields it omits are then empty.
	fresh := func() *caseJSON { c = caseJSON{}; return &c }
	want := func(res *response, status int) *response {
		t.Helper()
		if res.status != status {
			t.Fatalf("status %d, want %d: %s", res.status, status, res.body)
		}
		return res
	}
	want(as["olga"].postJSON("/api/v1/cases", map[string]any{"accused": noah, "provisions": []string{"Rule 7: the members' list is confidential"},
		"charges": "Gave the members' list to the landlord."}), http.StatusCreated).decode(t, fresh())
	id := c.ID
	want(as["olga"].postJSON("/api/v1/cases", map[string]any{"accused": noah, "provisions": []string{}, "charges": "x"}), http.StatusBadRequest)

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "email.txt")
	fw.Write([]byte("From: noah\nTo: landlord\nThe list is attached."))
	mw.Close()
	want(as["olga"].request("POST", "/api/v1/cases/"+id+"/evidence", &body, mw.FormDataContentType()), http.StatusCreated).decode(t, fresh())
	sum := sha256.Sum256([]byte("From: noah\nTo: landlord\nThe list is attached."))
	if len(c.Evidence) != 1 || c.Evidence[0].SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("evidence %+v", c.Evidence)
	}
	want(as["noah"].get("/api/v1/cases/"+id), http.StatusOK).decode(t, fresh())
	if c.Access != "details" || len(c.Accusers) != 1 || c.Accusers[0].Name != "Olga Petrova" {
		t.Fatalf("the accused does not see who accuses him: %+v", c)
	}
	if res := want(as["noah"].get("/api/v1/cases/"+id+"/evidence/"+c.Evidence[0].ID), http.StatusOK); !strings.HasPrefix(res.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("evidence served as %q", res.header.Get("Content-Disposition"))
	}
	for _, who := range []*client{s.as(t, ""), as["hannah.weber"], s.as(t, operatorEmail)} {
		want(who.get("/api/v1/cases/"+id), http.StatusNotFound) // nothing decided yet: the parties and the bodies only
	}

	// decide has by propose a ruling and voters vote for it; the vote closes.
	decide := func(by string, ruling map[string]any, voters ...string) {
		t.Helper()
		var d struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		}
		want(as[by].postJSON("/api/v1/cases/"+id+"/rulings", ruling), http.StatusCreated).decode(t, &d)
		for _, v := range voters {
			want(as[v].postJSON("/api/v1/decisions/"+d.ID+"/votes", map[string]string{"choice": "yes"}), http.StatusOK)
		}
		want(as[by].postJSON("/api/v1/decisions/"+d.ID+"/close", map[string]any{}), http.StatusOK).decode(t, &d)
		if d.Status != "adopted" {
			t.Fatalf("the %v was %s", ruling["step"], d.Status)
		}
	}
	want(as["olga"].postJSON("/api/v1/cases/"+id+"/rulings", map[string]any{"step": "admission", "outcome": "admitted", "reasons": "x"}), http.StatusForbidden)
	decide("patrick.oneill", map[string]any{"step": "admission", "outcome": "admitted", "reasons": "The charges cite a rule and come with evidence."},
		"patrick.oneill", "amara.diallo", "sofia.rossi")
	want(as["noah"].postJSON("/api/v1/cases/"+id+"/reply", map[string]any{"reply": "The landlord had the list already."}), http.StatusOK)
	want(as["patrick.oneill"].postJSON("/api/v1/cases/"+id+"/hearing", map[string]any{"minutes": "Heard Olga and Noah."}), http.StatusOK)
	want(as["patrick.oneill"].postJSON("/api/v1/cases/"+id+"/rulings", map[string]any{"step": "verdict", "outcome": "proven",
		"sanction": "Fine", "reasons": "x"}), http.StatusBadRequest)
	decide("amara.diallo", map[string]any{"step": "verdict", "outcome": "proven", "sanction": "Suspension of rights", "months": 2,
		"reasons": "The e-mail shows the list was sent."}, "patrick.oneill", "amara.diallo", "sofia.rossi")

	// Decided: members of Riverside see the decision and its reasons, not the charges.
	want(as["hannah.weber"].get("/api/v1/cases/"+id), http.StatusOK).decode(t, fresh())
	if c.Status != "decided" || c.Access != "decision" || c.Charges != "" || c.Verdict == nil || c.Verdict.Reasons == "" {
		t.Fatalf("a member sees %+v", c)
	}
	want(s.as(t, "").get("/api/v1/cases/"+id), http.StatusNotFound)
	var me struct {
		Memberships []membershipView `json:"memberships"`
	}
	want(as["noah"].get("/api/v1/me"), http.StatusOK).decode(t, &me)
	if me.Memberships[0].Status != "active" {
		t.Fatalf("suspended before the appeal period ended: %+v", me)
	}

	want(as["noah"].postJSON("/api/v1/cases/"+id+"/appeal", map[string]any{"grounds": "The landlord had the list already."}), http.StatusOK).decode(t, fresh())
	want(as["ana.ribeiro"].get("/api/v1/cases/"+id), http.StatusOK).decode(t, fresh()) // the Council hears the appeal
	if c.Status != "appealed" || len(c.Recused) != 1 || c.Recused[0].Name != "Samir Haddad" || !slices.Contains(c.Actions, "decide") {
		t.Fatalf("the Council sees %+v", c)
	}
	want(as["samir.haddad"].postJSON("/api/v1/cases/"+id+"/rulings", map[string]any{"step": "appeal", "outcome": "not_proven", "reasons": "x"}), http.StatusForbidden)
	decide("ana.ribeiro", map[string]any{"step": "appeal", "outcome": "not_proven", "reasons": "The list was public already."},
		"ana.ribeiro", "grace", "lena.fischer", "marek.kowalski", "ines.moreno", "david.levi")
	want(as["noah"].get("/api/v1/cases/"+id), http.StatusOK).decode(t, fresh())
	if c.Status != "closed" || c.Outcome != "not_proven" || c.Appeal != "overturned" {
		t.Fatalf("after the appeal: %+v", c)
	}
	want(as["noah"].get("/api/v1/me"), http.StatusOK).decode(t, &me)
	if me.Memberships[0].Status != "active" {
		t.Fatalf("Noah is %s", me.Memberships[0].Status)
	}
	var list caseList
	want(as["olga"].get("/api/v1/units/"+s.riverside+"/cases"), http.StatusOK).decode(t, &list)
	if list.Stats == nil || list.Stats.Opened != 2 || list.Stats.NotProven != 1 || list.Stats.Overturned != 1 {
		t.Fatalf("statistics %+v", list.Stats)
	}
	var brought memberCaseList
	olga := memberByEmail(t, s.app, northEmail).ID.String()
	want(as["noah"].get("/api/v1/members/"+olga+"/cases"), http.StatusOK).decode(t, &brought)
	if len(brought.Cases) != 1 || brought.Cases[0].AppealOutcome != "overturned" {
		t.Fatalf("the cases Olga brought: %+v", brought)
	}
}
