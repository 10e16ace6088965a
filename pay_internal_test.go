package plenum

import (
	"strings"
	"testing"
)

func TestParsePayProposal(t *testing.T) {
	p, err := parsePayProposal("pay", []byte(`{"office": 4, "pay": {"amount_minor": 130050, "currency": "EUR", "period": "month"},
		"allowances": [{"name": " Travel ", "amount_minor": 4000, "currency": "EUR", "period": "month"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	c := p.change(fixedTime, 9)
	if c.Office != 4 || c.Pay.Minor != 130050 || len(c.Allowances) != 1 || c.Allowances[0].Name != "Travel" || c.Decision != 9 {
		t.Errorf("change = %+v", c)
	}
	if p, err := parsePayProposal("pay", []byte(`{"office": 4, "pay": null}`)); err != nil || p.Pay != nil {
		t.Errorf("unpaid: %+v, %v", p, err)
	}
	for raw, field := range map[string]string{
		`[]`:                    "payload",
		`{"office": 4, "x": 1}`: "payload",
		`{"pay": null}`:         "payload.office",
		`{"office": 4, "pay": {"amount_minor": -1, "currency": "EUR", "period": "month"}}`:                      "payload.pay.amount_minor",
		`{"office": 4, "pay": {"amount_minor": 1, "currency": "eur", "period": "month"}}`:                       "payload.pay.currency",
		`{"office": 4, "pay": {"amount_minor": 1, "currency": "EUR", "period": "decade"}}`:                      "payload.pay.period",
		`{"office": 4, "allowances": [{"name": "", "amount_minor": 1, "currency": "EUR", "period": "month"}]}`:  "payload.allowances[0].name",
		`{"office": 4, "allowances": [{"name": "Phone", "amount_minor": 1, "currency": "EUR", "period": "x"}]}`: "payload.allowances[0].period",
	} {
		_, err := parsePayProposal("pay", []byte(raw))
		if e, ok := err.(*Error); !ok || e.Kind != Invalid || e.Field != field {
			t.Errorf("%s: %v, want field %s", raw, err, field)
		}
	}
}

func FuzzParsePayProposal(f *testing.F) {
	f.Add(`{"office": 4, "pay": {"amount_minor": 130050, "currency": "EUR", "period": "month"}, "allowances": []}`)
	f.Add(`{"office": 1, "pay": null}`)
	f.Add(`{"office": 1, "allowances": [{"name": "x", "amount_minor": 0, "currency": "USD", "period": "year"}]}`)
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := parsePayProposal("pay", []byte(raw))
		if err != nil {
			if ErrorKind(err) != Invalid {
				t.Fatalf("%q: %v", raw, err)
			}
			return
		}
		c := p.change(fixedTime, 1)
		if c.Office <= 0 || len(c.Allowances) > MaxAllowances || c.Pay != nil && (c.Pay.Minor < 0 || len(c.Pay.Currency) != 3) {
			t.Fatalf("%q: accepted %+v", raw, c)
		}
		for _, a := range c.Allowances {
			if strings.TrimSpace(a.Name) == "" || a.Minor < 0 {
				t.Fatalf("%q: accepted allowance %+v", raw, a)
			}
		}
	})
}
