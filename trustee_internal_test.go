package plenum

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"plenum/crypto/dkg"
	"plenum/i18n"
)

// Every reason the key ceremony gives for going on without a trustee has
// its words in each language.
func TestAbsentPhrase(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	es := b.Localizer(language.Spanish)
	for reason, want := range map[string]string{
		dkg.ReasonNoKeys:                 "no participó: no envió claves",
		dkg.ReasonNoDeal:                 "no participó: no repartió partes",
		"sent two different commitments": "envió dos compromisos distintos",
		"no valid commitment":            "ningún compromiso válido",
		fmt.Sprintf("did not answer trustee %d's complaint with a valid share", 3): "no respondió a la queja del custodio 3 con una parte válida",
		"":               "",
		"another reason": "",
	} {
		if got := absentPhrase(reason).In(es); got != want {
			t.Errorf("%q says %q, want %q", reason, got, want)
		}
	}
}

// Each step's phrases, with and without a deadline or too few trustees,
// say the names, and the deadline to the minute, in each language.
func TestCeremonyPhrases(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 2, 15, 4, 0, 0, time.UTC)
	for _, l := range []*i18n.Localizer{b.Localizer(language.English), b.Localizer(language.Spanish)} {
		for _, step := range []string{StepKeys, StepDeal, StepComplaints, StepReveals, StepMix} {
			ps := []Phrase{{Key: "ceremony.wait." + step, Args: []any{"Ana Ruiz (2)"}},
				{Key: "ceremony.wait." + step + "_until", Args: []any{"Ana Ruiz (2)", at, 2}}}
			if step != StepComplaints && step != StepReveals {
				ps = append(ps, Phrase{Key: "ceremony.wait." + step + "_few", Args: []any{"Ana Ruiz (2)", 1, 2}})
			}
			for i, p := range ps {
				got := p.In(l)
				if !strings.Contains(got, "Ana Ruiz (2)") || strings.Contains(got, "%!") || i == 1 && !strings.Contains(got, "2026, 15:04 UTC") {
					t.Errorf("%s says %q", p.Key, got)
				}
			}
		}
	}
}

func TestParseTrusteeReplacement(t *testing.T) {
	if p, err := parseTrusteeReplacement([]byte(`{"election": 7, "trustee": 2, "member": 31}`)); err != nil || *p != (trusteeReplacement{Election: 7, Trustee: 2, Member: 31}) {
		t.Fatalf("%+v, %v", p, err)
	}
	for raw, field := range map[string]string{
		`[]`: "payload",
		`{"election": 7, "trustee": 2, "member": 31, "x": 1}`: "payload",
		`{"election": "7"}`:                          "payload",
		`{"trustee": 2, "member": 31}`:               "payload.election",
		`{"election": 7, "member": 31}`:              "payload.trustee",
		`{"election": 7, "trustee": -1}`:             "payload.trustee",
		`{"election": 7, "trustee": 1}`:              "payload.member",
		`{"election": 7, "trustee": 1, "member": 0}`: "payload.member",
	} {
		_, err := parseTrusteeReplacement([]byte(raw))
		if e, ok := err.(*Error); !ok || e.Kind != Invalid || e.Field != field {
			t.Errorf("%s: %v, want field %s", raw, err, field)
		}
	}
}

func FuzzParseTrusteeReplacement(f *testing.F) {
	f.Add(`{"election": 7, "trustee": 2, "member": 31, "replaces": 4}`)
	f.Add(`{"election": 1}`)
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := parseTrusteeReplacement([]byte(raw))
		if err != nil {
			if ErrorKind(err) != Invalid {
				t.Fatalf("%q: %v", raw, err)
			}
			return
		}
		if p.Election <= 0 || p.Trustee <= 0 || p.Member <= 0 {
			t.Fatalf("%q: accepted %+v", raw, p)
		}
	})
}
