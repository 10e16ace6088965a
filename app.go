package plenum

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"plenum/i18n"
	"plenum/record"
)

// App is the domain service the web layer and the CLI call. Every method
// checks what its caller may do, runs in one transaction, and appends what it
// changes to the record in that same transaction.
type App struct {
	Store  Store
	Key    ed25519.PrivateKey // the instance key that signs the record
	Now    func() time.Time
	Rand   io.Reader
	Argon2 Argon2Params
	Logins *LoginLimiter
	// I18n holds the catalogs email is written from; Mail says where its
	// links point; Shares throttles "email this article".
	I18n   *i18n.Bundle
	Mail   Mailing
	Shares *ShareLimits

	dummyOnce sync.Once
	dummy     string
	boards    boardCache
}

// NewApp returns an App on store with the real clock and randomness.
func NewApp(store Store, key ed25519.PrivateKey) *App {
	// The catalogs are embedded and tested; should they fail to load, email
	// is not written (see Mailing) and the error shows then.
	bundle, _ := i18n.New()
	return &App{
		I18n:   bundle,
		Shares: NewShareLimits(),
		Store:  store,
		Key:    key,
		Now:    time.Now,
		Rand:   rand.Reader,
		Argon2: DefaultArgon2,
		Logins: NewLoginLimiter(5, 15*time.Minute),
	}
}

func (a *App) now() time.Time { return a.Now().UTC().Truncate(time.Microsecond) }

// PublicKey is the key the record is signed with, published at /record/key.
func (a *App) PublicKey() ed25519.PublicKey { return a.Key.Public().(ed25519.PublicKey) }

// CheckRecordKey makes sure the instance key is the one the record was begun
// with, so that a lost or swapped key file is noticed at start, not when a
// verification fails later.
func (a *App) CheckRecordKey(ctx context.Context) error {
	const op = "check record key"
	return a.Store.View(ctx, func(tx Tx) error {
		key, ok, err := tx.RecordKey(ctx)
		if err != nil {
			return internalError(op, err)
		}
		if ok && !key.Equal(a.PublicKey()) {
			return Errorf(Internal, op, "the record was signed with another key than this instance's key file holds")
		}
		return nil
	})
}

// Actor names who made a change, in the record: "member:ID",
// "operator:ID" or "system".
type Actor string

// System is the actor of changes made by plenum itself or by the command line.
const System Actor = "system"

func memberActor(id MemberID) Actor    { return Actor("member:" + id.String()) }
func operatorActor(id AccountID) Actor { return Actor("operator:" + id.String()) }

// change is one state change to append to the record.
type change struct {
	Type     string
	Actor    Actor
	Org      OrgID
	Unit     UnitID
	Internal bool
	Payload  any
}

// appendRecord seals c as the next entry of the record inside tx.
func (a *App) appendRecord(ctx context.Context, tx Tx, c change) (*record.Entry, error) {
	payload, err := json.Marshal(c.Payload)
	if err != nil {
		return nil, fmt.Errorf("record %s: %w", c.Type, err)
	}
	head, ok, err := tx.RecordHead(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		if err := tx.SetRecordKey(ctx, a.PublicKey()); err != nil {
			return nil, err
		}
		head = nil
	}
	e := record.Entry{Time: a.now(), Type: c.Type, Actor: string(c.Actor), Internal: c.Internal, Payload: payload}
	if c.Org != 0 {
		e.Org = c.Org.String()
	}
	if c.Unit != 0 {
		e.Unit = c.Unit.String()
	}
	next, err := record.Next(head, e, a.Key)
	if err != nil {
		return nil, err
	}
	if err := tx.AppendEntry(ctx, &next); err != nil {
		return nil, err
	}
	return &next, nil
}
