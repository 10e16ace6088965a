package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

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
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		st.urls[name] = "/static/" + hashed
		st.files[hashed] = staticFile{data: data, ctype: mime.TypeByExtension(ext)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load static files: %w", err)
	}
	return st, nil
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
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}
