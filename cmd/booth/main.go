//go:build js && wasm

// Command booth is the voting booth's cryptography, compiled to WebAssembly
// and run in the voter's browser: the ballot is encrypted and signed on the
// voter's device, so that the server only ever sees ciphertexts. It is
// plenum's own code (package secretballot), the very code the verifier
// runs, not a second implementation in JavaScript.
//
// It sets the global object plenumBooth with three functions, which take and
// return strings (JSON, which the page parses):
//
//	plenumBooth.encrypt(params, credential, choices) -> {ballot, tracker, audit, opening}
//	plenumBooth.checkAudit(params, audit) -> {tracker, credential, choices}
//	plenumBooth.newCredential(params) -> {secret, public}
//
// params is what GET /api/v1/elections/{id}/booth answers; choices is one
// list of option indexes per question (on a ranked question, from the first
// preference down). newCredential makes a voter's own credential, which
// needs only the manifest: the secret stays with the voter, the public one
// is registered. Each function returns {error} when its input is wrong.
package main

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"syscall/js"

	"plenum/secretballot"
)

func main() {
	js.Global().Set("plenumBooth", js.ValueOf(map[string]any{
		"encrypt":       js.FuncOf(func(_ js.Value, args []js.Value) any { return call(args, 3, encrypt) }),
		"checkAudit":    js.FuncOf(func(_ js.Value, args []js.Value) any { return call(args, 2, checkAudit) }),
		"newCredential": js.FuncOf(func(_ js.Value, args []js.Value) any { return call(args, 1, newCredential) }),
	}))
	select {} // the functions live as long as the page
}

// call runs f on its string arguments and returns its answer, or the error,
// as JSON text.
func call(args []js.Value, n int, f func(a []string) (any, error)) any {
	if len(args) != n {
		return errorJSON(fmt.Sprintf("want %d arguments", n))
	}
	s := make([]string, n)
	for i, a := range args {
		if a.Type() != js.TypeString {
			return errorJSON("every argument is a string")
		}
		s[i] = a.String()
	}
	v, err := f(s)
	if err != nil {
		return errorJSON(err.Error())
	}
	out, err := json.Marshal(v)
	if err != nil {
		return errorJSON(err.Error())
	}
	return string(out)
}

func errorJSON(msg string) string {
	out, _ := json.Marshal(map[string]string{"error": msg})
	return string(out)
}

// encrypt encrypts and signs the voter's choices with their credential.
// The audit line is what the voter may publish instead of casting the
// ballot: the ballot with its opening, which anyone can check.
func encrypt(a []string) (any, error) {
	e, err := secretballot.ParseBooth([]byte(a[0]))
	if err != nil {
		return nil, err
	}
	cred, err := secretballot.ParseSecretCredential(a[1])
	if err != nil {
		return nil, err
	}
	var choices []secretballot.Choice
	if err := json.Unmarshal([]byte(a[2]), &choices); err != nil {
		return nil, err
	}
	line, op, err := e.EncryptBallot(rand.Reader, cred, choices)
	if err != nil {
		return nil, err
	}
	audit, err := secretballot.AuditLine(line, op)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"ballot":  string(line),
		"tracker": secretballot.Tracker(line),
		"audit":   string(audit),
		"opening": op,
	}, nil
}

// checkAudit checks an audited ballot as an independent tool would, and
// says what it opens to.
func checkAudit(a []string) (any, error) {
	e, err := secretballot.ParseBooth([]byte(a[0]))
	if err != nil {
		return nil, err
	}
	b, tracker, choices, err := e.CheckAudit([]byte(a[1]))
	if err != nil {
		return nil, err
	}
	return map[string]any{"tracker": tracker, "credential": b.Credential, "choices": choices}, nil
}

// newCredential draws a credential for the election of the manifest in
// params: the voter keeps the secret, and registers the public one.
func newCredential(a []string) (any, error) {
	var b secretballot.Booth
	if err := json.Unmarshal([]byte(a[0]), &b); err != nil {
		return nil, err
	}
	if err := b.Manifest.Validate(); err != nil {
		return nil, err
	}
	fp, err := b.Manifest.Fingerprint()
	if err != nil {
		return nil, err
	}
	s, err := secretballot.NewCredential(rand.Reader)
	if err != nil {
		return nil, err
	}
	return map[string]any{"secret": s.String(), "public": s.Public(fp)}, nil
}
