package web

import (
	"net"
	"net/http"

	"plenum"
)

// shareRequest is the "email this article" form and API body.
type shareRequest struct {
	To   string `json:"to"`
	Note string `json:"note"`
}

// share emails the article of the path. The client's address keys the
// visitors' throttle: an IPv6 client counts by its /64, which one host
// usually holds whole, so that it cannot rotate addresses around the limit.
func (s *Server) share(r *http.Request, v *plenum.Viewer, req shareRequest) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	return s.deps.App.EmailArticle(r.Context(), v, plenum.ArticleShare{Article: plenum.ArticleID(id), To: req.To, Note: req.Note,
		Client: clientKey(r), Lang: s.localizer(r, v).Lang()})
}

// clientKey is the throttle key of the request's client address.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil || ip.To4() != nil {
		return host
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

func (s *Server) shareSubmit(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req := shareRequest{To: r.PostFormValue("to"), Note: r.PostFormValue("note")}
	err = s.share(r, v, req)
	av, aerr := s.articlePage(r, v)
	if aerr != nil {
		s.fail(w, r, aerr)
		return
	}
	status := http.StatusOK
	if err != nil {
		p := s.problemOf(r, err)
		if p.Status >= 500 || p.Status == http.StatusNotFound {
			s.fail(w, r, err)
			return
		}
		status, av.Error, av.To, av.Note = p.Status, p.Message, req.To, req.Note
	} else {
		av.Sent = req.To
	}
	renderPage(s, w, r, v, status, "article", articleFrame(av), av)
}

func (s *Server) apiShare(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req shareRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.share(r, v, req); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}
