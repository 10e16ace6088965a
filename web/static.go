package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// The WebAssembly of the booth (cmd/booth) and of the trustees' page
// (cmd/trustee) is built and gzipped into static/, with the JavaScript that
// runs it from the same toolchain; TestWasmAssets fails when they are stale.
//go:generate sh -c "GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o static/booth.wasm ../cmd/booth && GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o static/trustee.wasm ../cmd/trustee && gzip -9nf static/booth.wasm static/trustee.wasm && chmod 644 static/booth.wasm.gz static/trustee.wasm.gz && cp \"$(go env GOROOT)/lib/wasm/wasm_exec.js\" static/wasm_exec.js"

//go:embed static
var staticFS embed.FS

// staticFiles serves the embedded assets under names that carry a hash of
// their content ("style.3f2a9c1b.css"), so that browsers may keep them for a
// year: a changed file gets a new name.
type staticFiles struct {
	urls  map[string]string     // "style.css" -> "/static/style.3f2a9c1b.css"
	files map[string]staticFile // "style.3f2a9c1b.css" -> content
}

type staticFile struct {
	data  []byte
	ctype string
	gzip  bool // data is gzipped: a file committed as NAME.gz is served as NAME
}

func loadStatic() (*staticFiles, error) {
	st := &staticFiles{urls: map[string]string{}, files: map[string]staticFile{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name, gz := strings.CutSuffix(strings.TrimPrefix(p, "static/"), ".gz")
		if gz {
			if err := checkGzip(data); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		st.urls[name] = "/static/" + hashed
		st.files[hashed] = staticFile{data: data, ctype: mime.TypeByExtension(ext), gzip: gz}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load static files: %w", err)
	}
	return st, nil
}

func checkGzip(data []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err == nil {
		_, err = io.Copy(io.Discard, zr)
	}
	return err
}

// url returns the hashed URL of a static file; templates call it as
// {{static "style.css"}}, and a name that does not exist fails the template.
func (st *staticFiles) url(name string) (string, error) {
	u, ok := st.urls[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return u, nil
}

func (st *staticFiles) serve(w http.ResponseWriter, r *http.Request) {
	f, ok := st.files[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	if f.gzip {
		w.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r) {
			// Every browser takes gzip; a client that does not gets the
			// file decompressed.
			zr, _ := gzip.NewReader(bytes.NewReader(f.data)) // checked by loadStatic
			io.Copy(w, zr)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, h := range r.Header.Values("Accept-Encoding") {
		for e := range strings.SplitSeq(h, ",") {
			name, q, _ := strings.Cut(strings.TrimSpace(e), ";")
			if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
				return true
			}
		}
	}
	return false
}
