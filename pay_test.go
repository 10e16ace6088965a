package plenum_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"plenum"
)

// proposePay puts a pay decision for office to the vote of body as Ana.
func (r *rtu) proposePay(t *testing.T, body *plenum.Body, office *plenum.Office, payload string) (*plenum.Decision, error) {
	t.Helper()
	return r.app.ProposeDecision(ctx, r.v["ana"], plenum.ProposeDecision{Body: body.ID, Kind: "pay",
		Title: "Pay of the " + office.Name, Payload: json.RawMessage(payload)})
}

func (r *rtu) payHistory(t *testing.T, office *plenum.Office) []*plenum.PayChange {
	t.Helper()
	p, err := r.app.Office(ctx, office.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p.PayHistory
}

func TestPayOnlyByDecision(t *testing.T) {
	r := newRTU(t, 0)
	sec := r.office(t, r.root, "Secretary")
	council := r.body(t, r.root, "Council")
	// The constitution's pay is the first entry.
	h := r.payHistory(t, sec)
	if len(h) != 1 || h[0].Pay == nil || h[0].Pay.Minor != 120000 || h[0].Decision != 0 || !h[0].Since.Equal(r.org.Created) {
		t.Fatalf("founding pay history: %+v", h)
	}
	raise := `{"office": ` + sec.ID.String() + `, "pay": {"amount_minor": 130000, "currency": "EUR", "period": "month"},
		"allowances": [{"name": "Travel", "amount_minor": 5000, "currency": "EUR", "period": "month"}]}`

	// Refused: a body of another unit, a bad payload, no such office.
	_, err := r.proposePay(t, r.body(t, r.north, "Branch assembly"), sec, raise)
	wantErr(t, err, plenum.Forbidden, "not a body of the unit or of a unit above it")
	_, err = r.proposePay(t, council, sec, `{"office": `+sec.ID.String()+`, "pay": {"amount_minor": 1, "currency": "euro", "period": "month"}}`)
	wantErr(t, err, plenum.Invalid, "three-letter currency code")
	_, err = r.proposePay(t, council, sec, `{"office": 999999, "pay": null}`)
	wantErr(t, err, plenum.Invalid, "no such office")

	// A rejected decision changes nothing.
	d, err := r.proposePay(t, council, sec, raise)
	if err != nil || d.Subject != "office:"+sec.ID.String() {
		t.Fatalf("propose: %+v, %v", d, err)
	}
	r.vote(t, d, map[string]string{"ana": "no", "grace": "no", "lena": "no", "marek": "yes"})
	r.clock.t = d.Deadline
	if d, err = r.app.CloseDecision(ctx, r.v["ana"], d.ID); err != nil || d.Status != plenum.DecisionRejected {
		t.Fatalf("close: %+v, %v", d, err)
	}
	if h := r.payHistory(t, sec); len(h) != 1 {
		t.Fatalf("a rejected decision changed the pay: %+v", h)
	}

	// An adopted one is the new pay, from its adoption, naming the decision.
	d, err = r.proposePay(t, council, sec, raise)
	if err != nil {
		t.Fatal(err)
	}
	r.vote(t, d, map[string]string{"ana": "yes", "grace": "yes", "lena": "yes", "marek": "no"})
	r.clock.t = d.Deadline
	if d, err = r.app.CloseDecision(ctx, r.v["ana"], d.ID); err != nil || d.Status != plenum.DecisionAdopted {
		t.Fatalf("close: %+v, %v", d, err)
	}
	h = r.payHistory(t, sec)
	if len(h) != 2 || h[1].Pay.Minor != 130000 || h[1].Decision != d.ID || !h[1].Since.Equal(r.clock.t) ||
		len(h[1].Allowances) != 1 || h[1].Allowances[0].Name != "Travel" || h[1].Allowances[0].Minor != 5000 {
		t.Fatalf("pay history after the decision: %+v", h)
	}
	if p, _ := r.app.Office(ctx, sec.ID); p.Office.Pay == nil || p.Office.Pay.Minor != 130000 {
		t.Errorf("current pay: %+v", p.Office.Pay)
	}
	if got := recorded(t, r.app)["office.pay"]; got != 1 {
		t.Errorf("%d office.pay entries", got)
	}

	// Nothing else sets pay: no method of App does.
	app := reflect.TypeOf(r.app)
	for i := range app.NumMethod() {
		if name := app.Method(i).Name; strings.Contains(name, "Pay") {
			t.Errorf("App.%s: pay changes only by a decision of kind pay", name)
		}
	}
}
