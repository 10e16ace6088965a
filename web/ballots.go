package web

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"plenum"
	"plenum/count"
	"plenum/crypto/dkg"
	"plenum/secretballot"
)

// The secret ballot's API: the booth, casting and auditing ballots,
// trackers and turnout, the trustees' steps, certification and the
// election's record. Ballots and trustees' messages are taken as the
// client wrote them: they are signed, and the record keeps their bytes.

// maxBallot bounds a ballot or an audited ballot; maxTrustee what a
// trustee sends (a mix or the decryption of ranked ballots grows with the
// number of voters).
const (
	maxBallot  = 1 << 20
	maxTrustee = 256 << 20
)

// boothView is what a voter's device needs to encrypt a ballot.
type boothView struct {
	Election     electionRef      `json:"election"`
	Organization orgRef           `json:"organization"`
	Manifest     any              `json:"manifest"`
	Fingerprint  string           `json:"fingerprint"`
	ElectionKey  json.RawMessage  `json:"election_key"` // the election-key event's payload; null before the key ceremony is complete
	Explanation  string           `json:"explanation"`
	Candidates   []boothCandidate `json:"candidates"` // in this voter's order
	Open         bool             `json:"open"`       // the vote is open now
	Revote       bool             `json:"revote"`     // a voter may vote again, the last ballot counting
	Voter        voterView        `json:"voter"`
	Turnout      turnoutView      `json:"turnout"`
	motion       *plenum.Motion   // a referendum's, for a member of its unit
	decision     *plenum.Decision // a secret decision's, for whoever may see it
}

// boothCandidate is a candidate on the ballot: Option is their index in
// the manifest's options, which the ballot's choices use.
type boothCandidate struct {
	Option    int       `json:"option"`
	Name      string    `json:"name"`
	Member    memberRef `json:"member"`
	Statement string    `json:"statement"`
}

// voterView is what the viewer alone sees of their vote.
type voterView struct {
	OnRoll           bool       `json:"on_roll"`
	Credential       string     `json:"credential,omitempty"` // the secret credential plenum issued
	OwnCredential    bool       `json:"own_credential"`       // registered from the voter's device
	PublicCredential string     `json:"public_credential,omitempty"`
	Voted            bool       `json:"voted"`
	VotedAt          *time.Time `json:"voted_at,omitempty"`
	Ballots          int        `json:"ballots"`
	CanCast          bool       `json:"can_cast"`
}

type turnoutView struct {
	Voters int `json:"voters"`
	Voted  int `json:"voted"`
}

func (s *Server) booth(r *http.Request, v *plenum.Viewer) (*boothView, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	b, err := s.deps.App.Booth(r.Context(), v, plenum.ElectionID(id))
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), b.Election.Org)
	if err != nil {
		return nil, err
	}
	e := b.Election
	now := s.deps.App.Now()
	out := &boothView{Election: electionRefOf(e, b.Office), Organization: orgRefOf(org), Manifest: b.Manifest,
		Fingerprint: b.Fingerprint.String(), ElectionKey: b.Record,
		Explanation: s.localizer(r, v).T(explanation(e)),
		Open:        e.Status == plenum.ElectionVoting && now.Before(e.Timeline.VotingClose), Revote: e.Revote,
		Turnout: turnoutView{b.Turnout.Voters, b.Turnout.Voted}, Candidates: []boothCandidate{}, motion: b.Motion, decision: b.Decision}
	for _, i := range b.Order {
		c := b.Candidates[i]
		out.Candidates = append(out.Candidates, boothCandidate{Option: i, Name: c.Name,
			Member: memberRef{ID: c.Nominee.String(), Name: c.Name}, Statement: c.Statement})
	}
	if e.YesNo() {
		// A recall vote or a referendum: the options are yes and no.
		for i, name := range b.Manifest.Questions[0].Options {
			out.Candidates = append(out.Candidates, boothCandidate{Option: i, Name: name})
		}
	}
	if b.OnRoll {
		vv := &out.Voter
		vv.OnRoll, vv.Credential, vv.OwnCredential, vv.Ballots = true, b.Credential, b.Own, b.Ballots
		vv.PublicCredential, vv.Voted = base64.RawURLEncoding.EncodeToString(b.Public[:]), !b.Voted.IsZero()
		if vv.Voted {
			vv.VotedAt = &b.Voted
		}
		vv.CanCast = out.Open && (!vv.Voted || e.Revote)
	}
	return out, nil
}

// explanation is the catalog key of the booth's explanation of how to
// vote in e.
func explanation(e *plenum.Election) string {
	if e.Motion != 0 {
		return "referendum.explain"
	}
	if e.Decides != 0 {
		return "secretdecision.explain"
	}
	return "ballot.explain." + e.Method
}

// receiptView is what casting or auditing a ballot returns.
type receiptView struct {
	Tracker string    `json:"tracker"`
	Event   int       `json:"event"` // the height of the record's event that holds it
	At      time.Time `json:"at"`
	Audit   bool      `json:"audit"`
}

func receiptOf(rc *plenum.Receipt) receiptView {
	return receiptView{Tracker: rc.Tracker.String(), Event: rc.Height, At: rc.At, Audit: rc.Audit}
}

// rawBody reads a request's body, at most limit bytes, without its final
// newline.
func rawBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return nil, invalid("", fmt.Sprintf("the body could not be read or is larger than %d bytes", limit))
	}
	b = bytes.TrimSuffix(bytes.TrimSuffix(b, []byte("\n")), []byte("\r"))
	if len(b) == 0 {
		return nil, invalid("", "the body is empty")
	}
	return b, nil
}

// apiBallot casts (or audits) the ballot in the body: its canonical line.
func (s *Server) apiBallot(audit bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.viewerOf(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		id, err := idParam(r, "id")
		if err == nil {
			var line []byte
			if line, err = rawBody(w, r, maxBallot); err == nil {
				var rc *plenum.Receipt
				if audit {
					rc, err = s.deps.App.Audit(r.Context(), v, plenum.ElectionID(id), line)
				} else {
					rc, err = s.deps.App.Cast(r.Context(), v, plenum.ElectionID(id), line)
				}
				if err == nil {
					writeJSON(w, http.StatusCreated, receiptOf(rc))
					return
				}
			}
		}
		s.fail(w, r, forVisitor(v, err))
	}
}

// credentialRequest registers a credential made on the voter's device.
type credentialRequest struct {
	Credential string `json:"credential"` // the public credential, base64url
}

func (s *Server) apiCredential(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := idParam(r, "id")
	var req credentialRequest
	if err == nil {
		err = decodeJSON(w, r, &req)
	}
	if err == nil {
		err = s.deps.App.RegisterCredential(r.Context(), v, plenum.ElectionID(id), req.Credential)
	}
	if err != nil {
		s.fail(w, r, forVisitor(v, err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) tracker(r *http.Request, v *plenum.Viewer) (*receiptView, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	h, ok := parseTracker(r.PathValue("tracker"))
	if !ok {
		return nil, errNotFound
	}
	rc, err := s.deps.App.TrackBallot(r.Context(), plenum.ElectionID(id), h)
	if err != nil {
		return nil, err
	}
	out := receiptOf(rc)
	return &out, nil
}

func (s *Server) turnout(r *http.Request, v *plenum.Viewer) (*turnoutView, error) {
	t, err := byID(r, s.deps.App.ElectionTurnout)
	if err != nil {
		return nil, err
	}
	return &turnoutView{t.Voters, t.Voted}, nil
}

// ceremonyView is where the trustees' work stands.
type ceremonyView struct {
	Election  string        `json:"election"`
	Status    string        `json:"status"`
	Hold      string        `json:"hold"`
	Threshold int           `json:"threshold"`
	Trustees  []trusteeView `json:"trustees"`
	Waiting   string        `json:"waiting"` // what the key ceremony waits for; "" once the key is set
	// Decryption is what the result waits for after the close: the
	// trustees' mixes and decryptions; "" before, and once the result is in.
	Decryption string `json:"decryption"`
	// The page says these and the hold in the reader's language.
	WaitingPhrase, DecryptionPhrase, HoldPhrase plenum.Phrase `json:"-"`
	Key                                         bool          `json:"key"`
	Events                                      int           `json:"events"` // events in the election's record
	Head                                        string        `json:"head"`   // hash of the last one
	// Complaints are the trustees' complaints about shares, for the
	// accused to answer (step reveals).
	Complaints []*dkg.Complaint `json:"complaints"`
	// Step is the trustees' step under way ("" if none), which closes at
	// Deadline without those who have not taken it.
	Step     string     `json:"step"`
	Deadline *time.Time `json:"deadline"`
	// NoBallots: the vote closed without a ballot counted, so there was
	// nothing to mix or decrypt: the result followed the tally.
	NoBallots bool `json:"no_ballots"`
}

type trusteeView struct {
	Index  int       `json:"index"`
	Member memberRef `json:"member"`
	Sent   []string  `json:"sent"`
	Absent string    `json:"absent"` // why the election goes on without them; "" while they take part
	// AbsentPhrase is Absent in words the page translates.
	AbsentPhrase plenum.Phrase `json:"-"`
}

func ceremonyViewOf(c *plenum.Ceremony) *ceremonyView {
	out := &ceremonyView{Election: c.Election.ID.String(), Status: string(c.Election.Status), Hold: c.Election.Hold,
		Threshold: c.Threshold, Waiting: c.Waiting, Decryption: c.Decryption, Key: c.Key, Events: c.Events, Head: c.Head.String(), Trustees: []trusteeView{}, Complaints: c.Complaints,
		Step: c.Step, NoBallots: c.NoBallots, WaitingPhrase: c.WaitingPhrase, DecryptionPhrase: c.DecryptionPhrase, HoldPhrase: c.Election.HoldPhrase}
	if !c.Deadline.IsZero() {
		out.Deadline = &c.Deadline
	}
	if out.Complaints == nil {
		out.Complaints = []*dkg.Complaint{}
	}
	for _, t := range c.Trustees {
		sent := t.Sent
		if sent == nil {
			sent = []string{}
		}
		out.Trustees = append(out.Trustees, trusteeView{Index: t.Index, Member: memberRef{ID: t.Member.String(), Name: t.Name}, Sent: sent, Absent: t.Absent, AbsentPhrase: t.AbsentPhrase})
	}
	return out
}

func (s *Server) ceremony(r *http.Request, v *plenum.Viewer) (*ceremonyView, error) {
	c, err := byID(r, s.deps.App.Ceremony)
	if err != nil {
		return nil, err
	}
	return ceremonyViewOf(c), nil
}

// apiTrustee takes a trustee's step: a JSON message, or for "mix" the
// event file of their mix.
func (s *Server) apiTrustee(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := idParam(r, "id")
	index, ierr := strconv.Atoi(r.PathValue("index"))
	if err == nil && ierr != nil {
		err = errNotFound
	}
	var c *plenum.Ceremony
	if err == nil {
		var body []byte
		if body, err = rawBody(w, r, maxTrustee); err == nil {
			if step := r.PathValue("step"); step == "mix" {
				c, err = s.deps.App.SubmitMix(r.Context(), v, plenum.ElectionID(id), index, append(body, '\n'))
			} else {
				c, err = s.deps.App.SubmitTrustee(r.Context(), v, plenum.ElectionID(id), index, step, body)
			}
		}
	}
	if err != nil {
		s.fail(w, r, forVisitor(v, err))
		return
	}
	writeJSON(w, http.StatusOK, ceremonyViewOf(c))
}

// proposeCertification puts the certification of the election's result
// to its commission's vote again; the answer is the decision.
func (s *Server) proposeCertification(r *http.Request, v *plenum.Viewer, _ func(any) error) (plenum.DecisionID, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return 0, err
	}
	d, err := s.deps.App.ProposeCertification(r.Context(), v, plenum.ElectionID(id))
	if err != nil {
		return 0, err
	}
	return d.ID, nil
}

// replaceRequest names a replacement for a trustee of an election.
type replaceRequest struct {
	Trustee int    `json:"trustee"` // the index of the trustee replaced
	Member  string `json:"member"`  // the member ID of the replacement
}

// replaceTrustee proposes to the election's commission that a member
// replace one of its trustees; the answer is the decision.
func (s *Server) replaceTrustee(r *http.Request, v *plenum.Viewer, in func(any) error) (plenum.DecisionID, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return 0, err
	}
	var req replaceRequest
	if err := in(&req); err != nil {
		return 0, err
	}
	m, err := strconv.ParseInt(req.Member, 10, 64)
	if err != nil || m <= 0 {
		return 0, invalid("member", "Give the member ID of the replacement.")
	}
	d, err := s.deps.App.ReplaceTrustee(r.Context(), v, plenum.ElectionID(id), req.Trustee, plenum.MemberID(m))
	if err != nil {
		return 0, err
	}
	return d.ID, nil
}

// electionAgain shows an election's page again with a refusal.
func (s *Server) electionAgain(w http.ResponseWriter, r *http.Request, v *plenum.Viewer, status int, msg string) {
	showAgain(s, w, r, v, status, "election", s.electionPage, electionFrame, func(page *electionView) { page.Error = msg })
}

// electionRecord sends election id's record as a gzipped tar of its
// event files, in a directory named after the election: what `plenum
// verify` checks once unpacked.
func (s *Server) electionRecord(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var evs []*plenum.BallotEvent
	if err == nil {
		evs, err = s.deps.App.BallotRecord(r.Context(), plenum.ElectionID(id))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dir := fmt.Sprintf("election-%d", id)
	w.Header().Set("Content-Type", "application/gzip")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.tar.gz"`, dir))
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	for _, ev := range evs {
		hdr := &tar.Header{Name: dir + "/" + secretballot.EventFileName(ev.Height, ev.Type), Mode: 0o644, Size: int64(len(ev.File)), ModTime: time.Unix(0, 0)}
		if tw.WriteHeader(hdr) != nil {
			return
		}
		if _, err := tw.Write(ev.File); err != nil {
			return
		}
	}
	tw.Close()
	gz.Close()
}

// resultView is an election's published result.
type resultView struct {
	Elected []memberRef     `json:"elected"`
	Result  any             `json:"result"`  // the record's result event: totals and who is elected, by question
	Reports []*count.Report `json:"reports"` // each question's count, round by round
	Head    string          `json:"head"`    // the hash of the record's last event
	// NoBallots: the vote closed without a ballot counted; every total is
	// zero, nothing was decrypted, no one is elected and a yes/no vote is
	// not carried.
	NoBallots bool `json:"no_ballots"`
	YesNo     bool `json:"-"` // a recall vote or a referendum
}

// ballotOfPage adds the secret ballot to an election's page.
func (s *Server) ballotOfPage(r *http.Request, v *plenum.Viewer, out *electionView, e *plenum.Election) error {
	ctx := r.Context()
	c, err := s.deps.App.Ceremony(ctx, e.ID)
	if err != nil {
		return err
	}
	out.Hold, out.HoldPhrase, out.Ceremony = e.Hold, e.HoldPhrase, ceremonyViewOf(c)
	if c.Events == 0 {
		return nil
	}
	out.Record = "/elections/" + e.ID.String() + "/record"
	out.Trustee = s.trusteeHelpFor(r, v, e, c)
	if out.MayReplace, err = s.deps.App.MayReplaceTrustee(ctx, v, e.ID); err != nil {
		return err
	}
	if e.Status != plenum.ElectionCampaign {
		t, err := s.deps.App.ElectionTurnout(ctx, e.ID)
		if err != nil {
			return err
		}
		out.Turnout = &turnoutView{t.Voters, t.Voted}
	}
	if v.Member != nil && c.Key {
		b, err := s.booth(r, v)
		if err != nil {
			return err
		}
		if b.Voter.OnRoll {
			out.Voter = &b.Voter
		}
	}
	res, err := s.deps.App.Result(ctx, e.ID)
	if err != nil || res == nil {
		return err
	}
	rv := &resultView{Result: res.Result, Reports: res.Reports, Head: res.Head.String(), Elected: []memberRef{},
		NoBallots: c.NoBallots, YesNo: e.YesNo()}
	for i, m := range res.Elected {
		rv.Elected = append(rv.Elected, memberRef{ID: m.String(), Name: res.Result.Questions[0].Elected[i]})
	}
	out.Result = rv
	cert, err := s.deps.App.Certification(ctx, v, e.ID)
	if err != nil {
		return err
	}
	out.Certifications, out.MayCertify, out.CommissionVacant = []decisionRef{}, cert.MayPropose, cert.Vacant
	if cert.Commission != nil {
		b := bodyRefOf(cert.Commission)
		out.Commission = &b
	}
	for _, d := range cert.Decisions {
		out.Certifications = append(out.Certifications, decisionRefOf(d))
	}
	return nil
}
