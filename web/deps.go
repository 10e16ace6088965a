package web

import (
	"context"
	"crypto/ed25519"
	"errors"
)

// Deps are what the server needs of the rest of plenum.
type Deps struct {
	// Ping checks the database for /healthz.
	Ping func(context.Context) error
	// RecordKey is the instance's public key, published at /record/key.
	RecordKey ed25519.PublicKey
}

func (d *Deps) validate() error {
	if d.Ping == nil {
		return errors.New("web: Deps.Ping is nil")
	}
	if len(d.RecordKey) != ed25519.PublicKeySize {
		return errors.New("web: Deps.RecordKey is not an ed25519 public key")
	}
	return nil
}

// domainProblem maps an error of the domain to what users see; nil if err is
// not one.
func domainProblem(err error) *problem { return nil }
