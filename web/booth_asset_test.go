package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestWasmAssets rebuilds the WebAssembly of the booth and of the
// trustees' page and fails if the committed static/NAME.wasm.gz or
// static/wasm_exec.js is not what this source and toolchain give (builds
// with -trimpath are reproducible): the code voters and trustees run must
// be the code in the repository.
func TestWasmAssets(t *testing.T) {
	for _, name := range []string{"booth", "trustee"} {
		out := filepath.Join(t.TempDir(), name+".wasm")
		build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "../cmd/"+name)
		build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=")
		if msg, err := build.CombinedOutput(); err != nil {
			t.Fatalf("build the %s: %v\n%s", name, err, msg)
		}
		want, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if got := gunzipFile(t, "static/"+name+".wasm.gz"); !bytes.Equal(got, want) {
			t.Errorf("static/%s.wasm.gz is stale (%d bytes, the build gives %d): run go generate ./web", name, len(got), len(want))
		}
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	wantJS, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile("static/wasm_exec.js"); !bytes.Equal(got, wantJS) {
		t.Error("static/wasm_exec.js is not the toolchain's: run go generate ./web")
	}
}

func gunzipFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStaticGzip: the gzipped wasm is served compressed, with its own type,
// to a browser, and decompressed to a client that takes no gzip.
func TestStaticGzip(t *testing.T) {
	s := newTestServer(t, Config{})
	u, err := s.srv.static.url("booth.wasm")
	if err != nil {
		t.Fatal(err)
	}
	want := gunzipFile(t, "static/booth.wasm.gz")
	for _, enc := range []string{"gzip, deflate, br", "identity"} {
		req, _ := http.NewRequest("GET", s.ts.URL+u, nil)
		req.Header.Set("Accept-Encoding", enc)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Header.Get("Content-Type") != "application/wasm" {
			t.Errorf("%s: Content-Type %q", enc, resp.Header.Get("Content-Type"))
		}
		if gz := resp.Header.Get("Content-Encoding") == "gzip"; gz {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			body, _ = io.ReadAll(zr)
		} else if strings.Contains(enc, "gzip") {
			t.Errorf("%s: not gzipped", enc)
		}
		if !bytes.Equal(body, want) {
			t.Errorf("%s: %d bytes, want the booth's %d", enc, len(body), len(want))
		}
	}
}
