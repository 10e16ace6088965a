package web

import (
	"time"

	"plenum"
)

// The views below are what pages and the API show. They are the web's own
// types, filled from the domain's answers, so that the JSON API stays stable
// when the domain's types change; their JSON tags are the API's fields.

type orgRef struct {
	Slug string       `json:"slug"`
	Name string       `json:"name"`
	id   plenum.OrgID // for the header, which offers members their own organization's directory
}

type unitRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Path string `json:"path"`
}

type memberRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type officeRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// instanceHome lists the organizations an instance hosts.
type instanceHome struct {
	Organizations []orgRef `json:"organizations"`
}

// orgHome is an organization's front page: its root unit's page and the
// latest entries of its record.
type orgHome struct {
	Organization orgRef        `json:"organization"`
	Root         *unitView     `json:"root"`
	Recent       []recordEntry `json:"recent_record"`
	Articles     []articleRef  `json:"latest_articles"` // public ones, from every unit
}

// unitNode is one unit in the tree, with its children.
type unitNode struct {
	unitRef
	Children []*unitNode `json:"children,omitempty"`
}

type unitsTree struct {
	Organization orgRef      `json:"organization"`
	Units        []*unitNode `json:"units"`
}

// unitView is a unit's page: where it sits, its bodies and offices with their
// current holders, and its sub-units.
type unitView struct {
	Organization orgRef       `json:"organization"`
	Unit         unitRef      `json:"unit"`
	Ancestors    []unitRef    `json:"ancestors"`
	Bodies       []bodyView   `json:"bodies"`
	Offices      []officeView `json:"offices"`
	Children     []unitRef    `json:"children"`
	// Directory says whether the viewer may list the unit's members.
	Directory bool `json:"directory"`
}

type bodyView struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Seats      int        `json:"seats"`
	AllMembers bool       `json:"all_members"`
	Method     string     `json:"method"`
	Office     *officeRef `json:"office,omitempty"` // the office of its seats
	Holders    []termView `json:"holders"`
}

type officeView struct {
	ID               string     `json:"id"`
	Name             string     `json:"name"`
	Organization     *orgRef    `json:"organization,omitempty"`
	Unit             unitRef    `json:"unit"`
	Ancestors        []unitRef  `json:"ancestors,omitempty"`
	Body             string     `json:"body,omitempty"` // the body whose seats these are`
	Seats            int        `json:"seats"`
	Method           string     `json:"method"`
	TermMonths       int        `json:"term_months"`
	TermLimit        int        `json:"term_limit"`
	Pay              *payView   `json:"pay,omitempty"`
	IncompatibleWith []string   `json:"incompatible_with"`
	Holders          []termView `json:"holders"`
	// PayHistory is the office's pay over time, on its own page only.
	PayHistory []payChange `json:"pay_history,omitempty"`
}

type payView struct {
	Minor    int64  `json:"amount_minor"` // in cents
	Currency string `json:"currency"`
	Period   string `json:"period"`
}

// termView is one holder's term of an office.
type termView struct {
	Member   memberRef `json:"member"`
	Office   officeRef `json:"office"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`      // the instant the term ends
	LastDay  time.Time `json:"-"`        // the day pages show as its last
	Founding bool      `json:"founding"` // a founding mandate (rule R1)
}

type memberView struct {
	ID     string    `json:"id"`
	Name   string    `json:"name"`
	Email  string    `json:"email"`
	Number string    `json:"number,omitempty"`
	Units  []unitRef `json:"units,omitempty"` // on the profile only
}

// directory is a page of the member directory of a unit's subtree.
type directory struct {
	Organization orgRef       `json:"organization"`
	Unit         unitRef      `json:"unit"`
	Query        string       `json:"q"`
	Members      []memberView `json:"members"`
	Next         string       `json:"next,omitempty"` // cursor of the next page
	// Invite says whether the viewer is an officer who may invite these members.
	Invite bool `json:"can_invite"`
	// Limit is the page size asked for, kept in the page's links.
	Limit string `json:"-"`
}

type profile struct {
	Organization orgRef           `json:"organization"`
	Member       memberView       `json:"member"`
	Memberships  []membershipView `json:"memberships"`
	Terms        []termView       `json:"terms"`
}

type membershipView struct {
	Unit   unitRef   `json:"unit"`
	Status string    `json:"status"`
	Since  time.Time `json:"since"`
}

type recordEntry struct {
	Seq      int64          `json:"seq"`
	Time     time.Time      `json:"time"`
	Type     string         `json:"type"`
	Actor    string         `json:"actor"`
	Org      string         `json:"org,omitempty"`
	Unit     string         `json:"unit,omitempty"`
	Internal bool           `json:"internal"`
	Payload  map[string]any `json:"payload"`
	Hash     string         `json:"hash"`
}

type recordPage struct {
	Org     string        `json:"org,omitempty"`
	Unit    string        `json:"unit,omitempty"`
	Type    string        `json:"type,omitempty"`
	Before  string        `json:"before,omitempty"`
	After   string        `json:"after,omitempty"`
	Entries []recordEntry `json:"entries"`
	Next    string        `json:"next,omitempty"` // cursor of the next, older page: pass it as before
	Prev    string        `json:"prev,omitempty"` // cursor of the previous, newer page: pass it as after
	// Units offers the unit filter as a list, when an organization is chosen.
	Units []unitRef            `json:"-"`
	org   *plenum.Organization // the organization of the filter, if any

}
