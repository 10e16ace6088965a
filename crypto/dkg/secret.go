package dkg

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
)

// SealSecret encrypts a trustee's secret (the JSON of an Identity, a
// Participant or a KeyShare) under a passphrase, as an age file with an
// scrypt recipient. workFactor is scrypt's log2(N); 0 means age's default
// (18, about a second), which is what a trustee's file should use.
func SealSecret(secret []byte, passphrase string, workFactor int) ([]byte, error) {
	if passphrase == "" {
		return nil, errors.New("dkg: empty passphrase")
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, fmt.Errorf("dkg: seal: %w", err)
	}
	if workFactor > 0 {
		r.SetWorkFactor(workFactor)
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return nil, fmt.Errorf("dkg: seal: %w", err)
	}
	if _, err := w.Write(secret); err != nil {
		return nil, fmt.Errorf("dkg: seal: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("dkg: seal: %w", err)
	}
	return buf.Bytes(), nil
}

// OpenSecret decrypts what SealSecret produced.
func OpenSecret(sealed []byte, passphrase string) ([]byte, error) {
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, fmt.Errorf("dkg: open: %w", err)
	}
	r, err := age.Decrypt(bytes.NewReader(sealed), id)
	if err != nil {
		return nil, fmt.Errorf("dkg: open (wrong passphrase or damaged file?): %w", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("dkg: open: %w", err)
	}
	return out, nil
}
