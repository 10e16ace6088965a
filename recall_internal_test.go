package plenum

import (
	"testing"
	"time"
)

func TestVoteRule(t *testing.T) {
	for _, tt := range []struct {
		rule            VoteRule
		yes, no, voters int
		want            bool
	}{
		{VoteRule{Majority: "majority"}, 6, 5, 100, true},
		{VoteRule{Majority: "majority"}, 5, 5, 100, false}, // a tie keeps the holder
		{VoteRule{Majority: "majority"}, 0, 0, 100, false},
		{VoteRule{Majority: "majority", Turnout: 3000}, 7, 0, 22, true},  // 30% of 22 is 6.6: 7 votes are enough
		{VoteRule{Majority: "majority", Turnout: 3000}, 6, 0, 22, false}, // just below the turnout
		{VoteRule{Majority: "two-thirds"}, 20, 10, 100, true},
		{VoteRule{Majority: "two-thirds"}, 19, 10, 100, false},
	} {
		if got := tt.rule.passes(tt.yes, tt.no, tt.voters); got != tt.want {
			t.Errorf("%+v: %d yes, %d no of %d: passes = %v", tt.rule, tt.yes, tt.no, tt.voters, got)
		}
	}
}

var fixedTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
