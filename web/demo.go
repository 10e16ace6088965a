package web

import (
	"net/http"
	"strconv"
	"time"

	"plenum"
)

// The demo's clock: serve --demo lets anyone logged in move its time
// forward to the next date of an election, so that a newcomer runs an
// election from nominations to certification in one sitting. These routes
// exist only when the server has a demo clock.

// demoPage is the demo clock's page; where the clock stands is the
// layout's (Layout.Demo), as on every page of the demo.
type demoPage struct {
	Dates  []demoDate
	CanSet bool // the viewer may move the clock: anyone logged in
}

// demoDate is an election's next date, to skip to.
type demoDate struct {
	electionRef
	Unit unitRef
	Next string // the status it moves to
	At   time.Time
}

// demoDates is how many upcoming dates the page offers.
const demoDates = 12

func (s *Server) demoPage(r *http.Request, v *plenum.Viewer) (*demoPage, error) {
	dates, err := s.deps.App.UpcomingElectionDates(r.Context(), demoDates)
	if err != nil {
		return nil, err
	}
	out := &demoPage{CanSet: !v.IsVisitor()}
	for _, d := range dates {
		p, err := s.deps.App.ElectionPage(r.Context(), d.Election.ID)
		if err != nil {
			return nil, err
		}
		out.Dates = append(out.Dates, demoDate{electionRef: electionRefOf(p.Election, p.Office), Unit: unitRefOf(p.Unit),
			Next: string(d.Next), At: d.At})
	}
	return out, nil
}

func demoFrame(*demoPage) Layout { return Layout{Title: "demo.title", Nav: "demo"} }

// demoSkip moves the demo's clock to the form's time ("to", RFC 3339) or
// by its number of days ("days"), then shows the clock's page again.
func (s *Server) demoSkip(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.loggedIn(w, r); !ok {
		return
	}
	to, err := demoTarget(r, s.cfg.Demo.Now())
	if err == nil {
		if err = s.cfg.Demo.SkipTo(r.Context(), to); err != nil {
			err = plenum.Errorf(plenum.Invalid, demoOp, "%v", err)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/demo", http.StatusSeeOther)
}

const demoOp = "skip the demo's clock"

// demoTarget reads where the form moves the clock.
func demoTarget(r *http.Request, now time.Time) (time.Time, error) {
	if days := r.PostFormValue("days"); days != "" {
		n, err := strconv.Atoi(days)
		if err != nil || n < 1 || n > 366 {
			return time.Time{}, plenum.FieldErrorf(plenum.Invalid, demoOp, "days", "%q is not a number of days from 1 to 366", days)
		}
		return now.AddDate(0, 0, n), nil
	}
	to, err := time.Parse(time.RFC3339, r.PostFormValue("to"))
	if err != nil {
		return time.Time{}, plenum.FieldErrorf(plenum.Invalid, demoOp, "to", "%q is not a time such as 2026-12-10T00:00:00Z", r.PostFormValue("to"))
	}
	return to, nil
}
