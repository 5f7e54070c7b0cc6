package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

const auditPageSize = 100

func auditFilter(q url.Values) (store.AuditFilter, error) {
	f := store.AuditFilter{Entity: q.Get("entity"), Limit: auditPageSize}
	var errs []error
	id, err := optID(q.Get("entity_id"), "entity_id")
	if err != nil {
		errs = append(errs, err)
	}
	f.EntityID = id
	if f.ActorID, err = optID(q.Get("actor_id"), "actor_id"); err != nil {
		errs = append(errs, err)
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			errs = append(errs, roster.FieldErrorf("offset", "%q must be a whole number", v))
		}
		f.Offset = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			errs = append(errs, roster.FieldErrorf("limit", "%q must be 1 to 1000", v))
		}
		f.Limit = n
	}
	return f, joinErrors(errs)
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := authorize(c.User, auth.ViewAudit, auth.Target{}); err != nil {
		return err
	}
	q := r.URL.Query()
	f, err := auditFilter(q)
	if err != nil {
		return err
	}
	rows, err := s.st.ListAudit(r.Context(), f)
	if err != nil {
		return err
	}
	data := map[string]any{"Rows": rows, "Entity": f.Entity, "EntityID": q.Get("entity_id")}
	if f.Offset > 0 {
		data["Prev"] = listURL("/audit", q, max(0, f.Offset-f.Limit))
	}
	if len(rows) == f.Limit {
		data["Next"] = listURL("/audit", q, f.Offset+f.Limit)
	}
	s.render(w, r, c, http.StatusOK, "audit", "Audit log", data)
	return nil
}
