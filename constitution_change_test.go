package plenum_test

import (
	"testing"

	"plenum"
)

func TestUnifiedDiff(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\n"
	b := "a\nb\nc\nd\nE\nf\ng\nh\n"
	want := "...\n  c\n  d\n- e\n+ E\n  f\n  g\n...\n"
	if got := plenum.UnifiedDiff(a, b); got != want {
		t.Errorf("UnifiedDiff = %q, want %q", got, want)
	}
	if got := plenum.UnifiedDiff("x\n", "x\n"); got != "...\n" {
		t.Errorf("no change: %q", got)
	}
}
