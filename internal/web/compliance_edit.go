package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
	"github.com/rotaguard/rotaguard/internal/store"
)

// editContextDays is how far either side of an edited shift the doctor's
// rota is checked before and after the edit.
const editContextDays = 28

// editBreaches returns the breaches that replacing remove with add in a
// doctor's assignments (current) would newly create: breaches of the
// edited rota with no breach of the same rule over an overlapping or
// touching window before the edit. Making an existing breach worse (a
// longer run, a higher average) is not new. Warnings are not considered.
func editBreaches(cc *compChecker, doc roster.Doctor, current, remove, add []roster.Assignment) []rules.Finding {
	rep := cc.check(doc, current)
	if len(rep.Violations) == 0 && len(add) == 0 {
		return nil // removing shifts cannot create a breach where there is none
	}
	before := append([]rules.Finding(nil), rep.Violations...)
	after := cc.as[:0]
	for _, a := range current {
		if !containsAssignment(remove, a.ID) {
			after = append(after, a)
		}
	}
	after = append(after, add...)
	cc.as = after
	rep = cc.check(doc, after)
	var out []rules.Finding
	for _, f := range rep.Violations {
		if !matchesAny(f, before) {
			out = append(out, f)
		}
	}
	return out
}

func containsAssignment(as []roster.Assignment, id roster.ID) bool {
	if id == 0 {
		return false
	}
	for _, a := range as {
		if a.ID == id {
			return true
		}
	}
	return false
}

// matchesAny reports whether a finding of the same rule over an
// overlapping or touching window is among list.
func matchesAny(f rules.Finding, list []rules.Finding) bool {
	for _, b := range list {
		if b.Rule == f.Rule && !b.From.After(f.To) && !f.From.After(b.To) {
			return true
		}
	}
	return false
}

// newBreaches loads the doctor's assignments around the edit (all
// departments) and returns the breaches the edit would newly create.
func (s *Server) newBreaches(ctx context.Context, tx store.Tx, doc roster.Doctor, remove, add []roster.Assignment) ([]rules.Finding, error) {
	var lo, hi time.Time
	for _, list := range [][]roster.Assignment{remove, add} {
		for _, a := range list {
			if lo.IsZero() || a.Start.Before(lo) {
				lo = a.Start
			}
			if hi.IsZero() || a.End.After(hi) {
				hi = a.End
			}
		}
	}
	if lo.IsZero() {
		return nil, nil
	}
	from := dayStart(roster.DateOf(lo.In(roster.London)).AddDays(-editContextDays))
	to := dayStart(roster.DateOf(hi.In(roster.London)).AddDays(editContextDays + 1))
	as, err := tx.ListAssignments(ctx, store.AssignmentFilter{DoctorID: doc.ID, From: from, To: to})
	if err != nil {
		return nil, err
	}
	return editBreaches(newCompChecker(), doc, as, remove, add), nil
}

// confirmed reports whether the user asked to save despite breaches
// (form field or query parameter confirm=1).
func confirmed(r *http.Request) bool {
	v := r.URL.Query().Get("confirm")
	if v == "" && r.Method == http.MethodPost {
		v = r.PostFormValue("confirm")
	}
	return v == "1" || v == "true"
}

// breachSummary is a one-line list of breaches for people.
func breachSummary(bs []rules.Finding) string {
	parts := make([]string, len(bs))
	for i, f := range bs {
		parts[i] = f.Rule + ": " + f.Message
	}
	return strings.Join(parts, " ")
}

// auditBreaches records, in the transaction of the save, that an
// assignment was saved despite the named breaches.
func auditBreaches(ctx context.Context, tx store.Tx, assignmentID roster.ID, bs []rules.Finding) error {
	if len(bs) == 0 {
		return nil
	}
	ids := make([]string, len(bs))
	for i, f := range bs {
		ids[i] = f.Rule
	}
	after, err := json.Marshal(map[string]any{"breaches": bs})
	if err != nil {
		return err
	}
	n := strconv.Itoa(len(bs)) + " new breach"
	if len(bs) != 1 {
		n += "es"
	}
	return tx.AddAudit(ctx, roster.AuditEntry{Action: "confirm_breach", Entity: "assignment", EntityID: assignmentID,
		After: string(after),
		Note:  "saved despite " + n + " (" + strings.Join(ids, ", ") + "): " + breachSummary(bs)})
}

// breachConflict is the API's 409 body for an edit that would create
// new breaches.
type breachConflict struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	Breaches []rules.Finding `json:"breaches"`
}

func writeBreachConflict(w http.ResponseWriter, bs []rules.Finding) {
	var body breachConflict
	body.Error.Code = string(roster.Conflict)
	body.Error.Message = "not saved: this change would create " + strconv.Itoa(len(bs)) + " new breach(es) of the contract rules; send it again with ?confirm=1 to save it anyway (the audit log records that)"
	body.Breaches = bs
	writeJSON(w, http.StatusConflict, body)
}

// breachView is a breach for the confirmation templates.
type breachView struct {
	Rule, Message, When string
}

func breachViews(bs []rules.Finding) []breachView {
	out := make([]breachView, len(bs))
	for i, f := range bs {
		out[i] = breachView{Rule: f.Rule, Message: f.Message, When: findingRow{F: f}.When()}
	}
	return out
}
