package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

//go:embed templates
var templateFS embed.FS

// viewNames are the pages; each is templates/<name>.html defining
// "content", rendered inside templates/layout.html. parseViews fails if
// any is missing, so a typo stops the server at start-up, not a user.
var viewNames = []string{
	"signin", "overview", "doctors", "doctor", "doctor_form", "departments",
	"department_form", "rota", "assignment_form", "audit", "error",
	"pay_doctor", "pay_overview",
	"compliance",
	"drafts", "draft", "requirements",
}

// fragmentNames are partial templates (templates/partials.html) that htmx
// requests receive on their own.
var fragmentNames = []string{"rota_cell", "rota_cell_form", "error_fragment", "rota_row", "rota_cell_confirm"}

type views struct {
	pages map[string]*template.Template
}

var colourRe = regexp.MustCompile(`^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$`)

func funcs(sf *staticFiles) template.FuncMap {
	return template.FuncMap{
		"static": sf.url,
		"date":   func(d roster.Date) string { return d.String() },
		"local":  roster.FormatLocal,
		"hm":     func(t time.Time) string { return t.In(roster.London).Format("15:04") },
		"day": func(d roster.Date) string {
			return d.In(roster.London).Format("Mon 2 Jan")
		},
		"wd": func(d roster.Date) string { return d.In(roster.London).Format("Mon") },
		"dm": func(d roster.Date) string { return d.In(roster.London).Format("2 Jan") },
		"when": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(roster.London).Format("2 Jan 2006 15:04")
		},
		// colour returns a CSS colour that is safe in a style attribute.
		"colour": func(c string) template.CSS {
			if colourRe.MatchString(c) {
				return template.CSS(c)
			}
			return template.CSS("#dddddd")
		},
		// ink picks black or white text for a background colour.
		"ink": inkFor,
		// fe pairs a form's error map with a field name for the "ferr" partial.
		"fe": func(errs map[string]string, field string) map[string]any {
			return map[string]any{"E": errs, "F": field}
		},
		"eq":  func(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) },
		"add": func(a, b int) int { return a + b },
		"weekend": func(d roster.Date) bool {
			wd := d.Weekday()
			return wd == time.Saturday || wd == time.Sunday
		},
	}
}

// inkFor picks black or white text for a background colour.
func inkFor(c string) template.CSS {
	if !colourRe.MatchString(c) {
		return "#000"
	}
	c = strings.TrimPrefix(c, "#")
	if len(c) == 3 {
		c = string([]byte{c[0], c[0], c[1], c[1], c[2], c[2]})
	}
	n, _ := strconv.ParseUint(c, 16, 32)
	r, g, b := int(n>>16), int(n>>8&0xff), int(n&0xff)
	if 299*r+587*g+114*b > 150000 {
		return "#000"
	}
	return "#fff"
}

// parseViews parses every view once and checks each exists.
func parseViews(sf *staticFiles) (*views, error) {
	base, err := template.New("layout.html").Funcs(funcs(sf)).ParseFS(templateFS, "templates/layout.html", "templates/partials.html",
		"templates/compliance_partials.html")
	if err != nil {
		return nil, fmt.Errorf("parsing templates: %w", err)
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, name := range viewNames {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFS, "templates/"+name+".html"); err != nil {
			return nil, fmt.Errorf("view %q: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("view %q defines no content", name)
		}
		v.pages[name] = t
	}
	for _, name := range fragmentNames {
		if base.Lookup(name) == nil {
			return nil, fmt.Errorf("fragment %q is missing from templates/partials.html", name)
		}
	}
	v.pages["_fragments"] = base
	return v, nil
}

// fragment renders a partial on its own (htmx responses).
func (v *views) fragment(w io.Writer, name string, data any) error {
	return v.pages["_fragments"].ExecuteTemplate(w, name, data)
}

// pageData is what every page template receives.
type pageData struct {
	Title string
	User  roster.User
	CSRF  string
	Nav   nav
	D     any
}

// nav says which top-level links the user may follow.
type nav struct {
	Doctors, Departments, Pay, Audit bool
	MyPage                           roster.ID
}

// render writes a full page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, c *call, status int, view, title string, d any) {
	t, ok := s.views.pages[view]
	if !ok {
		s.log.Error("render: no such view", "view", view)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	pd := pageData{Title: title, User: c.User, CSRF: c.Session.CSRFToken, D: d, Nav: s.navFor(c.User)}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", pd); err != nil {
		s.log.Error("render", "view", view, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// renderFragment writes a partial (htmx).
func (s *Server) renderFragment(w http.ResponseWriter, status int, name string, d any) error {
	var buf bytes.Buffer
	if err := s.views.fragment(&buf, name, d); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}
