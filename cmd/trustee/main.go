//go:build js && wasm

// Command trustee is a trustee's work compiled to WebAssembly and run in
// their page in the browser: the key ceremony, the mix of ranked ballots
// and the decryption of the tally, by plenum's own code (package trustee,
// which `plenum trustee run` runs too). The trustee's state is sealed with
// their passphrase on their device, kept by the page in the browser and
// offered to them as a file; the server only ever receives public, signed
// messages.
//
// It sets the global object plenumTrustee with one function:
//
//	plenumTrustee.run(config, save, report) -> Promise
//
// config is JSON: {"election": ID, "passphrase": "...", "state": "..."},
// the state sealed (an age file, base64) or "" for a trustee who starts.
// run takes every step due, and keeps looking every few seconds until the
// trustee's part of the current phase is done; the promise then resolves,
// or rejects with the error's text. save(state) is called with the sealed
// state (base64) before the server hears of a step that changed it;
// report(json) with {"sent": step} for each step sent and
// {"wait", "detail", "done"} after each look.
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"syscall/js"
	"time"

	"plenum/trustee"
)

// poll is how often run looks again while the trustee's part waits for
// the others.
const poll = 5 * time.Second

func main() {
	js.Global().Set("plenumTrustee", js.ValueOf(map[string]any{
		"run": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) != 3 || args[0].Type() != js.TypeString {
				return promise(func() error { return errors.New("want run(config, save, report)") })
			}
			return promise(func() error { return run(args[0].String(), args[1], args[2]) })
		}),
	}))
	select {} // the functions live as long as the page
}

type config struct {
	Election   int64  `json:"election"`
	Passphrase string `json:"passphrase"`
	State      string `json:"state"`
	WorkFactor int    `json:"work_factor"` // scrypt's cost for the sealed state; 0: the default
}

func run(cfg string, save, report js.Value) error {
	var c config
	if err := json.Unmarshal([]byte(cfg), &c); err != nil {
		return err
	}
	if c.Passphrase == "" {
		return errors.New("no passphrase")
	}
	t := &trustee.Client{API: fetchAPI{}, Election: c.Election,
		Save: func(st *trustee.State) error {
			sealed, err := st.Seal(c.Passphrase, c.WorkFactor)
			if err == nil {
				save.Invoke(base64.StdEncoding.EncodeToString(sealed))
			}
			return err
		},
		Sent: func(step string) { reportJSON(report, map[string]any{"sent": step}) }}
	if c.State != "" {
		sealed, err := base64.StdEncoding.DecodeString(c.State)
		if err != nil {
			return err
		}
		if t.State, err = trustee.Open(sealed, c.Passphrase); err != nil {
			return err
		}
	}
	for {
		p, err := t.Pass(context.Background())
		if err != nil {
			return err
		}
		reportJSON(report, map[string]any{"wait": p.Wait, "detail": p.Detail, "done": p.Done})
		if p.Done {
			return nil
		}
		time.Sleep(poll)
	}
}

func reportJSON(report js.Value, v any) {
	b, _ := json.Marshal(v)
	report.Invoke(string(b))
}

// promise runs f in a goroutine (it may wait for the page's fetches) and
// returns a Promise of its end.
func promise(f func() error) js.Value {
	return js.Global().Get("Promise").New(js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		go func() {
			if err := f(); err != nil {
				reject.Invoke(js.Global().Get("Error").New(err.Error()))
				return
			}
			resolve.Invoke()
		}()
		return nil
	}))
}

// fetchAPI calls the server's API with the page's fetch: same origin, with
// the trustee's session cookie.
type fetchAPI struct{}

func (fetchAPI) Do(_ context.Context, method, path string, body []byte) ([]byte, error) {
	headers := map[string]any{"Accept": "application/json"}
	opts := map[string]any{"method": method, "credentials": "same-origin", "headers": headers}
	if body != nil {
		headers["Content-Type"] = "application/json"
		buf := js.Global().Get("Uint8Array").New(len(body))
		js.CopyBytesToJS(buf, body)
		opts["body"] = buf
	}
	resp, err := await(js.Global().Call("fetch", path, opts))
	if err != nil {
		return nil, err
	}
	ab, err := await(resp.Call("arrayBuffer"))
	if err != nil {
		return nil, err
	}
	view := js.Global().Get("Uint8Array").New(ab)
	out := make([]byte, view.Get("length").Int())
	js.CopyBytesToGo(out, view)
	if status := resp.Get("status").Int(); status >= 300 {
		return nil, trustee.ResponseError(method, path, status, resp.Get("statusText").String(), out)
	}
	return out, nil
}

// await waits for a Promise.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any { ch <- result{v: args[0]}; return nil })
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: errors.New(args[0].Call("toString").String())}
		return nil
	})
	defer then.Release()
	defer catch.Release()
	p.Call("then", then, catch)
	r := <-ch
	return r.v, r.err
}
