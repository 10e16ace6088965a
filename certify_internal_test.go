package plenum

import (
	"encoding/json"
	"testing"

	"plenum/secretballot"
)

func TestParseCertifyProposal(t *testing.T) {
	head := secretballot.Hash{1, 2, 3}
	raw, _ := json.Marshal(certifyProposal{Election: 7, Head: head})
	if p, err := parseCertifyProposal("certify", raw); err != nil || p.Election != 7 || p.Head != head {
		t.Fatalf("%s: %+v, %v", raw, p, err)
	}
	for raw, field := range map[string]string{
		`[]`:                                "payload",
		`{"election": 7, "x": 1}`:           "payload",
		`{"election": 7, "head": 3}`:        "payload",
		`{"head": "` + head.String() + `"}`: "payload.election",
		`{"election": -1}`:                  "payload.election",
	} {
		_, err := parseCertifyProposal("certify", []byte(raw))
		if e, ok := err.(*Error); !ok || e.Kind != Invalid || e.Field != field {
			t.Errorf("%s: %v, want field %s", raw, err, field)
		}
	}
}

func FuzzParseCertifyProposal(f *testing.F) {
	f.Add(`{"election": 7, "head": "` + secretballot.Hash{9}.String() + `"}`)
	f.Add(`{"election": 1}`)
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := parseCertifyProposal("certify", []byte(raw))
		if err != nil {
			if ErrorKind(err) != Invalid {
				t.Fatalf("%q: %v", raw, err)
			}
			return
		}
		if p.Election <= 0 {
			t.Fatalf("%q: accepted %+v", raw, p)
		}
	})
}
