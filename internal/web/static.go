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

// staticFiles are the embedded assets with their content hashes: the URL
// of an asset is /static/<hash>/<path>, so it can be cached for a year and
// a new build changes the URL.
type staticFiles struct {
	hash  map[string]string // path → first 12 hex digits of SHA-256
	files map[string][]byte
}

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{hash: map[string]string{}, files: map[string][]byte{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		h := sha256.Sum256(b)
		sf.hash[name] = hex.EncodeToString(h[:])[:12]
		sf.files[name] = b
		return nil
	})
	return sf, err
}

// url is the content-hashed URL of an asset.
func (sf *staticFiles) url(name string) (string, error) {
	h, ok := sf.hash[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return "/static/" + h + "/" + name, nil
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request, c *call) error {
	name := path.Clean(r.PathValue("path"))
	b, ok := s.static.files[name]
	if !ok {
		return errNotFound("no such file")
	}
	if r.PathValue("hash") != s.static.hash[name] {
		// An old URL after an upgrade: send the browser to the current one.
		u, _ := s.static.url(name)
		http.Redirect(w, r, u, http.StatusFound)
		return nil
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
	return nil
}
