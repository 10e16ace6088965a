package web

import (
	"strings"
	"testing"

	"plenum/i18n"
)

// The scripts' messages come whole, in every language, with their holes
// as the placeholders the scripts fill.
func TestScriptText(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range b.Languages() {
		l := b.Localizer(tag)
		for area, text := range map[string]map[string]string{"booth": boothText(l, false), "booth answers": boothText(l, true),
			"trustee": trusteeText(l)} {
			area, _, _ = strings.Cut(area, " ")
			for name, msg := range text {
				if strings.Contains(msg, "%!") || strings.HasPrefix(msg, area+".js.") {
					t.Errorf("%s: %s.js.%s is %q", tag, area, name, msg)
				}
			}
		}
		for _, answers := range []bool{false, true} {
			if got := boothText(l, answers)["count"]; strings.Count(got, "%d") != 2 {
				t.Errorf("%s: the booth's count %q (answers %v)", tag, got, answers)
			}
		}
		if l.Lang() == "es" && !strings.Contains(trusteeText(l)["wait.mix"], "(%s hechas)") {
			t.Errorf("es: the trustee's wait.mix %q", trusteeText(l)["wait.mix"])
		}
	}
}
