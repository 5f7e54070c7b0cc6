package web

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
)

// contentSecurityPolicy allows only this site's scripts (no inline
// script); inline style attributes carry the shift colours of the grid.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// cookieName is the session cookie.
const cookieName = "rotaguard_session"

// call is one request as a handler sees it: the signed-in user (zero on
// public routes without a session) and the session.
type call struct {
	User    roster.User
	Session roster.Session
	api     bool
}

// handlerFunc is a route handler: it writes a response, or returns an
// error for wrap to turn into one.
type handlerFunc func(w http.ResponseWriter, r *http.Request, c *call) error

// statusOf is the one place roster.Error codes become HTTP status codes.
func statusOf(err error) int {
	var lim *auth.LimitedError
	if errors.As(err, &lim) {
		return http.StatusTooManyRequests
	}
	switch roster.ErrorCode(err) {
	case roster.Invalid:
		return http.StatusBadRequest
	case roster.NotFound:
		return http.StatusNotFound
	case roster.Conflict:
		return http.StatusConflict
	case roster.Forbidden:
		return http.StatusForbidden
	case roster.Unauthorized:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// statusWriter remembers the status for the log line.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// wrap runs a route: loads the session (unless public), checks the CSRF
// token on unsafe methods, puts the actor in the context for the audit
// log, runs the handler and turns its error into a response and one log line.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w0 http.ResponseWriter, r *http.Request) {
		start := time.Now()
		w := &statusWriter{ResponseWriter: w0}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "same-origin")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		c := &call{api: isAPI(r)}
		var err error
		if !rt.anon {
			err = s.authenticate(w, r, c, rt.public)
		}
		if err == nil {
			if c.User.ID != 0 {
				r = r.WithContext(roster.WithActor(r.Context(), roster.Actor{UserID: c.User.ID, Username: c.User.Username}))
			}
			err = rt.h(w, r, c)
		}
		if err != nil {
			s.writeError(w, r, c, err)
		}
		attrs := []any{"method", r.Method, "path", r.URL.Path, "status", w.status,
			"ms", float64(time.Since(start).Microseconds()) / 1000}
		if c.User.ID != 0 {
			attrs = append(attrs, "user", c.User.Username)
		}
		switch {
		case err != nil && statusOf(err) >= 500:
			s.log.Error("request", append(attrs, "err", err)...)
		case err != nil:
			s.log.Info("request", append(attrs, "err", roster.ErrorMessage(err))...)
		default:
			s.log.Info("request", attrs...)
		}
	})
}

// authenticate loads the session named by the cookie into c. On a
// non-public route a missing session is Unauthorized, and an unsafe
// method needs the session's CSRF token (form field csrf_token or header
// X-CSRF-Token).
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, c *call, public bool) error {
	ck, _ := r.Cookie(cookieName)
	if ck == nil || ck.Value == "" {
		if public {
			return nil
		}
		return roster.Errorf(roster.Unauthorized, "please sign in")
	}
	sess, err := s.sessions.Lookup(r.Context(), ck.Value)
	if err != nil {
		if public && roster.IsCode(err, roster.Unauthorized) {
			return nil
		}
		return err
	}
	// Sliding (idle) expiry: extend the session and its cookie.
	if touched, ok, err := s.sessions.Touch(r.Context(), sess); err != nil {
		s.log.Warn("extending a session", "err", err)
	} else if ok {
		sess = touched
		s.setSessionCookie(w, r, ck.Value, sess.ExpiresAt)
	}
	u, err := s.st.GetUser(r.Context(), sess.UserID)
	if err != nil {
		if roster.IsCode(err, roster.NotFound) {
			return roster.Errorf(roster.Unauthorized, "please sign in")
		}
		return err
	}
	if u.Disabled {
		return roster.Errorf(roster.Unauthorized, "this account is disabled")
	}
	c.User, c.Session = u, sess
	if !public && unsafeMethod(r.Method) {
		tok := r.Header.Get("X-CSRF-Token")
		if tok == "" && !c.api {
			tok = r.PostFormValue("csrf_token")
		}
		if !auth.CheckCSRF(sess, tok) {
			if c.api {
				return roster.Errorf(roster.Forbidden, "missing or wrong CSRF token: send the csrf_token of POST /api/v1/session or GET /api/v1/me in the X-CSRF-Token header")
			}
			return roster.Errorf(roster.Forbidden, "the form has expired or came from another site: reload the page and try again")
		}
	}
	return nil
}

// apiError is the JSON error body.
type apiError struct {
	Error struct {
		Code    string       `json:"code"`
		Message string       `json:"message"`
		Details []fieldError `json:"details,omitempty"`
	} `json:"error"`
}

type fieldError struct {
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// formErrors splits a form's error for redisplay: the message of each
// field (the first, when a field has several) and the summary line at the
// top of the form — the errors that name no field, or else a request to
// correct the fields marked.
func formErrors(err error) (byField map[string]string, summary string) {
	byField = map[string]string{}
	var general []string
	for _, fe := range fieldErrors(err) {
		if fe.Field == "" {
			general = append(general, fe.Message)
		} else if _, dup := byField[fe.Field]; !dup {
			byField[fe.Field] = fe.Message
		}
	}
	if len(general) > 0 {
		return byField, strings.Join(general, "; ")
	}
	return byField, "Please correct the fields marked below."
}

// fieldErrors flattens joined roster.Errors.
func fieldErrors(err error) []fieldError {
	var out []fieldError
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var re *roster.Error
		if errors.As(e, &re) {
			out = append(out, fieldError{Field: re.Field, Message: re.Message})
			return
		}
		out = append(out, fieldError{Message: "internal error"})
	}
	walk(err)
	return out
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, c *call, err error) {
	status := statusOf(err)
	code := roster.ErrorCode(err)
	msg := roster.ErrorMessage(err)
	if status >= 500 {
		msg = "something went wrong on the server; it has been logged"
	}
	if c.api {
		var body apiError
		body.Error.Code, body.Error.Message = string(code), msg
		if code == roster.Invalid {
			body.Error.Details = fieldErrors(err)
		}
		writeJSON(w, status, body)
		return
	}
	if status == http.StatusUnauthorized && r.Method == http.MethodGet && r.Header.Get("HX-Request") == "" {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_ = s.views.fragment(w, "error_fragment", msg)
		return
	}
	s.render(w, r, c, status, "error", "Error", map[string]any{"Status": status, "Message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// readJSON decodes a request body into v; unknown fields are refused.
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &roster.Error{Code: roster.Invalid, Message: "the request body is not valid JSON for this resource: " + err.Error()}
	}
	return nil
}

// pathID parses the {id} path value.
func pathID(r *http.Request) (roster.ID, error) {
	return parseID(r.PathValue("id"), "id")
}

func parseID(s, field string) (roster.ID, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, roster.FieldErrorf(field, "%q is not an id", s)
	}
	return id, nil
}

// optID parses an optional id ("" = 0).
func optID(s, field string) (roster.ID, error) {
	if s == "" {
		return 0, nil
	}
	return parseID(s, field)
}

// clientAddr is the client's address for rate limiting (the direct peer:
// a proxy in front should be the only peer anyway).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// setSessionCookie starts the browser side of a session.
func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{
		Name:     cookieName,
		Value:    token,
		Path:     "/",
		Expires:  expires,
		MaxAge:   int(expires.Sub(s.now()).Seconds()), // Max-Age wins over Expires in browsers
		HttpOnly: true,
		Secure:   s.secure || r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure || r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// signIn checks credentials and starts a session.
func (s *Server) signIn(ctx context.Context, w http.ResponseWriter, r *http.Request, username, password string) (roster.User, roster.Session, error) {
	u, err := auth.SignIn(ctx, s.st, s.limiter, username, password, clientAddr(r))
	if err != nil {
		return roster.User{}, roster.Session{}, err
	}
	token, sess, err := s.sessions.Create(ctx, u.ID)
	if err != nil {
		return roster.User{}, roster.Session{}, err
	}
	s.setSessionCookie(w, r, token, sess.ExpiresAt)
	return u, sess, nil
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, c *call) error {
	return errNotFound("there is no page at " + r.URL.Path)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request, c *call) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

// joinErrors joins field errors so that every one is reported (nil if none).
func joinErrors(errs []error) error { return errors.Join(errs...) }
