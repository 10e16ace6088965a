package plenum_test

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestImportDirection holds the direction of imports of STYLE.md, in the
// manner of the Go tree's go/build deps_test.go: cmd -> web, worker, sqlstore
// -> the domain (the root package) -> constitution, secretballot, record ->
// count, crypto -> the standard library. Test files are not counted.
func TestImportDirection(t *testing.T) {
	deps := projectImports(t)
	rules := []struct {
		pkg    string   // a package, or a prefix ending in "/..."
		forbid []string // project packages (prefixes ending in "/...") or standard ones it may not reach
	}{
		// The domain knows no storage, web or command, and does no I/O of that sort.
		{"plenum", []string{"plenum/sqlstore", "plenum/storetest", "plenum/web/...", "plenum/worker/...", "plenum/cmd/...", "database/sql", "net/http"}},
		// Counting and cryptography import nothing of the project (crypto only itself).
		{"plenum/count/...", []string{"plenum/..."}},
		{"plenum/crypto/...", []string{"plenum/...!plenum/crypto/..."}},
		// Leaf libraries under the domain know nothing above them.
		{"plenum/record", []string{"plenum/...!plenum/crypto/..."}},
		{"plenum/constitution", []string{"plenum/...!plenum/count/..."}},
		{"plenum/textdiff", []string{"plenum/..."}},
		// A trustee's client runs in the browser too: it knows the protocol,
		// not the domain, and talks to the server through its API.
		{"plenum/trustee", []string{"plenum", "plenum/web/...", "plenum/cmd/...", "plenum/sqlstore", "net/http"}},
		// Storage serves the domain and knows no web or command.
		{"plenum/sqlstore", []string{"plenum/web/...", "plenum/cmd/...", "plenum/worker/..."}},
		{"plenum/web/...", []string{"plenum/cmd/...", "plenum/sqlstore", "plenum/storetest"}},
	}
	for _, r := range rules {
		for pkg, reach := range deps {
			if !match(r.pkg, pkg) {
				continue
			}
			for _, dep := range reach {
				for _, f := range r.forbid {
					if match(f, dep) {
						t.Errorf("%s imports %s (directly or not), against the direction of STYLE.md", pkg, dep)
					}
				}
			}
		}
	}
}

// match reports whether pkg is pattern, or lies under a pattern "p/...";
// "a!b" is a but not b.
func match(pattern, pkg string) bool {
	if p, not, ok := strings.Cut(pattern, "!"); ok {
		return match(p, pkg) && !match(not, pkg)
	}
	if p, ok := strings.CutSuffix(pattern, "/..."); ok {
		return pkg == p || strings.HasPrefix(pkg, p+"/")
	}
	return pkg == pattern
}

// projectImports returns, for each package of the module, every package it
// reaches through the imports of its non-test files: the project's and the
// standard library's.
func projectImports(t *testing.T) map[string][]string {
	t.Helper()
	direct := map[string][]string{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != "." && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		p, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files here
		}
		name := "plenum"
		if path != "." {
			name += "/" + filepath.ToSlash(path)
		}
		direct[name] = p.Imports
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	reach := map[string][]string{}
	for pkg := range direct {
		seen := map[string]bool{}
		var walk func(string)
		walk = func(p string) {
			for _, d := range direct[p] {
				if !seen[d] {
					seen[d] = true
					walk(d)
				}
			}
		}
		walk(pkg)
		for d := range seen {
			reach[pkg] = append(reach[pkg], d)
		}
		sort.Strings(reach[pkg])
	}
	if len(reach["plenum/sqlstore"]) == 0 {
		t.Fatal("found no imports of plenum/sqlstore: run the test from the module's root")
	}
	return reach
}
