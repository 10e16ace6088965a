package web

import (
	"testing"
	"time"
)

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		p    payView
		want string
	}{
		{payView{120000, "EUR", "month"}, "EUR 1,200.00 a month"},
		{payView{30050, "EUR", "month"}, "EUR 300.50 a month"},
		{payView{123456789, "GBP", "year"}, "GBP 1,234,567.89 a year"},
		{payView{5, "USD", ""}, "USD 0.05"},
		{payView{-150, "EUR", "meeting"}, "EUR -1.50 a meeting"},
	} {
		if got := money(&tc.p); got != tc.want {
			t.Errorf("money(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		e    recordEntry
		want string
	}{
		{recordEntry{Type: "org.founded", Payload: map[string]any{"name": "Riverside Tenants' Union", "slug": "x"}}, "Organization founded: Riverside Tenants' Union"},
		{recordEntry{Type: "term.founding", Payload: map[string]any{"office_name": "Secretary", "holder_name": "Ana Ribeiro", "end": "2027-07-01"}}, "Founding mandate: Secretary, Ana Ribeiro"},
		{recordEntry{Type: "members.imported", Payload: map[string]any{"file": "members.csv", "count": 40.0, "sha256": "ab"}}, "Members imported: members.csv, 40"},
		{recordEntry{Type: "motion.put_to_vote", Payload: map[string]any{}}, "Motion put to vote"},
		{recordEntry{Type: "", Payload: nil}, ""},
	} {
		if got := describe(tc.e); got != tc.want {
			t.Errorf("describe(%s) = %q, want %q", tc.e.Type, got, tc.want)
		}
	}
}

func TestQueryLeavesOutEmptyValues(t *testing.T) {
	if got := query("q", "", "after", "a b", "limit", "15"); got != "after=a+b&limit=15" {
		t.Errorf("query = %q", got)
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{"/units/2": "/units/2", "//evil.example": "", "/\\evil.example": "", "https://evil.example/": "", "": ""} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	d := time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)
	if formatDate(d) != "1 Jul 2027" || formatDateTime(d) != "1 Jul 2027 00:00 UTC" || formatDate(time.Time{}) != "" {
		t.Errorf("%q %q", formatDate(d), formatDateTime(d))
	}
}
