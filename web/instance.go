package web

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"time"

	"plenum"
)

// healthz answers 200 when the database answers a small query within two
// seconds, 503 otherwise; load balancers take a node out on the latter.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if _, err := s.deps.App.Orgs(ctx); err != nil {
		s.log.Error("health check", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

// recordKey is the instance's public key in the forms people check it with.
type recordKey struct {
	Algorithm string `json:"algorithm"`
	Key       string `json:"key"` // base64, as in the header of a record export
	PEM       string `json:"pem"`
}

func (s *Server) recordKey() (*recordKey, error) {
	pub := s.deps.App.PublicKey()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	return &recordKey{
		Algorithm: "ed25519",
		Key:       base64.StdEncoding.EncodeToString(pub),
		PEM:       string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})),
	}, nil
}

func (s *Server) recordKeyView(r *http.Request, v *plenum.Viewer) (*recordKey, error) {
	return s.recordKey()
}

func recordKeyFrame(*recordKey) Layout { return Layout{Title: "key.title", Nav: "record"} }
