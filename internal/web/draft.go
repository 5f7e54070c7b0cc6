package web

// Draft rotas: a department lead generates a draft rota for a period from
// the department's cover requirements and the doctors' contracts, leave
// and requests (internal/draft runs the solver and the rules engine in a
// background job, at most maxDraftJobs at once and one per department),
// watches its progress, reviews the grid, cover and findings, and accepts
// it (its assignments replace the department's work and on-call in the
// period, in one transaction, refused if the rota changed meanwhile) or
// discards it.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/draft"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// draftRoutes registers this capability's pages and API routes.
func (s *Server) draftRoutes() []route {
	rts := []route{
		{pattern: "GET /departments/{id}/drafts", h: s.draftsPage},
		{pattern: "POST /departments/{id}/drafts", h: s.draftCreate},
		{pattern: "GET /drafts/{id}", h: s.draftPage},
		{pattern: "GET /drafts/{id}/progress", h: s.draftProgress},
		{pattern: "POST /drafts/{id}/accept", h: s.draftAccept},
		{pattern: "POST /drafts/{id}/discard", h: s.draftDiscard},
		{pattern: "POST /api/v1/departments/{id}/drafts", h: s.apiDraftCreate},
		{pattern: "GET /api/v1/drafts/{id}", h: s.apiDraftGet},
		{pattern: "POST /api/v1/drafts/{id}/accept", h: s.apiDraftAccept},
		{pattern: "POST /api/v1/drafts/{id}/discard", h: s.apiDraftDiscard},
	}
	return append(rts, s.draftPlanRoutes()...)
}

const (
	// maxDraftJobs is how many drafts may be generated at once in this
	// process (each solver run uses one core).
	maxDraftJobs = 2
	// Time limits a user may choose, in seconds.
	draftMinSeconds     = 5
	draftMaxSeconds     = 120
	draftDefaultSeconds = 20
	draftMaxWeeks       = 12
	draftDefaultWeeks   = 4
)

// draftState is the Server's draft jobs, set up on first use: that first
// use marks drafts left running by an earlier process as failed.
type draftState struct {
	once sync.Once
	r    *draftRunner
	err  error
}

// draftRunner runs draft jobs in the background.
type draftRunner struct {
	mu     sync.Mutex
	jobs   map[roster.ID]*draftJob // running, by draft id
	depts  map[roster.ID]roster.ID // department → running draft
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed bool
	// opts, when set (tests), replaces the solver options from the time limit.
	opts func(limit time.Duration) draft.Options
	// inline (tests) runs each job before startDraft returns.
	inline bool
}

type draftJob struct {
	id, dept roster.ID
	started  time.Time
	limit    time.Duration
	cancel   context.CancelFunc
	mu       sync.Mutex
	prog     draft.Progress
}

func (j *draftJob) progress() draft.Progress {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.prog
}

// runner returns the draft runner, starting it on first use.
func (s *Server) runner(ctx context.Context) (*draftRunner, error) {
	s.drafts.once.Do(func() {
		rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		s.drafts.r = &draftRunner{jobs: map[roster.ID]*draftJob{}, depts: map[roster.ID]roster.ID{}, ctx: rctx, cancel: cancel}
		n, err := s.st.FailRunningDrafts(roster.WithActor(rctx, roster.Actor{Username: "system"}), "interrupted: the server stopped while it ran")
		if err != nil {
			s.drafts.err = err
			return
		}
		if n > 0 {
			s.log.Info("drafts interrupted by a restart marked failed", "drafts", n)
		}
	})
	return s.drafts.r, s.drafts.err
}

// CloseDrafts cancels the running draft jobs, marks them failed and waits
// for them to stop. The serve command calls it on shutdown.
func (s *Server) CloseDrafts() {
	r := s.drafts.r
	if r == nil {
		return
	}
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.cancel()
	r.wg.Wait()
}

// draftView is a draft with its live progress and its result.
type draftView struct {
	roster.Draft
	Progress *draft.Progress `json:"progress,omitempty"`
	Result   *draft.Result   `json:"result,omitempty"`
	// LimitSeconds and ElapsedSeconds drive the progress bar.
	ElapsedSeconds float64 `json:"elapsed_seconds"`
}

func draftTarget(d roster.Department) auth.Target { return deptTarget(d) }

// loadDraft reads the draft named by the path and its department, after
// checking the user may work on the department's drafts.
func (s *Server) loadDraft(ctx context.Context, r *http.Request, u roster.User) (roster.Draft, roster.Department, error) {
	id, err := pathID(r)
	if err != nil {
		return roster.Draft{}, roster.Department{}, err
	}
	if _, err := s.runner(ctx); err != nil {
		return roster.Draft{}, roster.Department{}, err
	}
	d, err := s.st.GetDraft(ctx, id)
	if err != nil {
		return d, roster.Department{}, err
	}
	dept, err := s.st.GetDepartment(ctx, d.DepartmentID)
	if err != nil {
		return d, dept, err
	}
	return d, dept, authorize(u, auth.DraftRota, draftTarget(dept))
}

// view adds the live progress (running) or the decoded result.
func (s *Server) draftView(d roster.Draft) (draftView, error) {
	v := draftView{Draft: d}
	if d.Status == roster.DraftRunning {
		if r := s.drafts.r; r != nil {
			r.mu.Lock()
			j := r.jobs[d.ID]
			r.mu.Unlock()
			if j != nil {
				p := j.progress()
				v.Progress = &p
				v.ElapsedSeconds = time.Since(j.started).Seconds()
			}
		}
		return v, nil
	}
	if d.Result != "" {
		var res draft.Result
		if err := json.Unmarshal([]byte(d.Result), &res); err != nil {
			return v, fmt.Errorf("draft %d: reading its result: %w", d.ID, err)
		}
		v.Result = &res
	}
	return v, nil
}

// draftRequest is what a user asks for: a period and a time limit.
type draftRequest struct {
	From         roster.Date `json:"from"`
	Weeks        int         `json:"weeks"`
	TimeLimitSec int         `json:"time_limit_seconds"`
	Keep         bool        `json:"keep_existing"`
}

func (q *draftRequest) validate() error {
	var errs []error
	if q.From.IsZero() {
		errs = append(errs, roster.FieldErrorf("from", "the first day of the draft is needed"))
	}
	if q.Weeks == 0 {
		q.Weeks = draftDefaultWeeks
	}
	if q.Weeks < 1 || q.Weeks > draftMaxWeeks {
		errs = append(errs, roster.FieldErrorf("weeks", "%d weeks: a draft covers 1 to %d weeks", q.Weeks, draftMaxWeeks))
	}
	if q.TimeLimitSec == 0 {
		q.TimeLimitSec = draftDefaultSeconds
	}
	if q.TimeLimitSec < draftMinSeconds || q.TimeLimitSec > draftMaxSeconds {
		errs = append(errs, roster.FieldErrorf("time_limit_seconds", "%d s: the time limit is %d to %d seconds", q.TimeLimitSec, draftMinSeconds, draftMaxSeconds))
	}
	return joinErrors(errs)
}

// draftInputs reads everything a department's draft is built from, in
// a handful of queries (none per doctor), and whether the requirements
// were derived from the rota templates.
func (s *Server) draftInputs(ctx context.Context, q store.Tx, dept roster.Department, from, to roster.Date, keep bool) (draft.Input, bool, error) {
	in := draft.Input{Department: dept, From: from, To: to, Keep: keep}
	var err error
	if in.Shifts, err = q.ListShiftTypes(ctx, dept.ID); err != nil {
		return in, false, err
	}
	if in.Doctors, err = q.ListDoctors(ctx, store.DoctorFilter{DepartmentID: dept.ID}); err != nil {
		return in, false, err
	}
	derived := false
	if in.Requirements, err = q.ListRequirements(ctx, dept.ID); err != nil {
		return in, false, err
	}
	if len(in.Requirements) == 0 {
		tpls, err := q.ListTemplates(ctx, dept.ID)
		if err != nil {
			return in, false, err
		}
		in.Requirements = draft.DefaultRequirements(dept.ID, in.Shifts, tpls)
		derived = true
	}
	if in.Requests, err = q.ListRequests(ctx, store.RequestFilter{DepartmentID: dept.ID, From: from, To: to}); err != nil {
		return in, false, err
	}
	if in.Existing, err = q.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: dept.ID, From: dayStart(from.AddDays(-1)), To: dayStart(to)}); err != nil {
		return in, false, err
	}
	return in, derived, nil
}

// rotaHash fingerprints the department's assignments in [from, to): a
// draft records it, and accepting compares it with the rota of then.
func rotaHash(as []roster.Assignment, from, to roster.Date) (string, []roster.Assignment) {
	a, b := dayStart(from), dayStart(to)
	var in []roster.Assignment
	for _, x := range as {
		if x.Start.Before(b) && x.End.After(a) {
			in = append(in, x)
		}
	}
	slices.SortFunc(in, func(x, y roster.Assignment) int { return int(x.ID - y.ID) })
	h := sha256.New()
	for _, x := range in {
		fmt.Fprintf(h, "%d:%d;", x.ID, x.Version)
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), in
}

// startDraft creates a running draft and its background job.
func (s *Server) startDraft(ctx context.Context, u roster.User, dept roster.Department, q draftRequest) (roster.Draft, error) {
	if err := authorize(u, auth.DraftRota, draftTarget(dept)); err != nil {
		return roster.Draft{}, err
	}
	if err := q.validate(); err != nil {
		return roster.Draft{}, err
	}
	run, err := s.runner(ctx)
	if err != nil {
		return roster.Draft{}, err
	}
	to := q.From.AddDays(7 * q.Weeks)
	in, _, err := s.draftInputs(ctx, s.st, dept, q.From, to, q.Keep)
	if err != nil {
		return roster.Draft{}, err
	}
	m, err := draft.Build(in)
	if err != nil {
		return roster.Draft{}, err
	}
	hash, _ := rotaHash(in.Existing, q.From, to)
	d := roster.Draft{DepartmentID: dept.ID, From: q.From, To: to, Status: roster.DraftRunning, CreatedBy: u.ID,
		TimeLimitSec: q.TimeLimitSec, BaseHash: hash, CreatedAt: s.now().UTC()}
	limit := time.Duration(q.TimeLimitSec) * time.Second
	run.mu.Lock()
	defer run.mu.Unlock()
	if run.closed {
		return d, roster.Errorf(roster.Conflict, "the server is shutting down; try again in a minute")
	}
	if other, ok := run.depts[dept.ID]; ok {
		return d, roster.Errorf(roster.Conflict, "draft %d of %s is still being generated: wait for it to finish (or discard it) first", other, dept.Name)
	}
	if len(run.jobs) >= maxDraftJobs {
		return d, roster.Errorf(roster.Conflict, "%d drafts are being generated already, the most this server runs at once: try again when one finishes", len(run.jobs))
	}
	if err := s.st.CreateDraft(ctx, &d); err != nil {
		return d, err
	}
	jctx, cancel := context.WithCancel(run.ctx)
	j := &draftJob{id: d.ID, dept: dept.ID, started: time.Now(), limit: limit, cancel: cancel,
		prog: draft.Progress{Shortfall: -1, Breaches: -1}}
	run.jobs[d.ID] = j
	run.depts[dept.ID] = d.ID
	opt := draft.Options{TimeLimit: limit, Workers: 1, Seed: uint64(d.ID)}
	if run.opts != nil {
		opt = run.opts(limit)
	}
	opt.Progress = func(p draft.Progress) {
		j.mu.Lock()
		j.prog = p
		j.mu.Unlock()
	}
	actor := roster.ActorFrom(ctx)
	job := func() {
		defer cancel()
		s.finishDraft(roster.WithActor(jctx, actor), d, m, opt)
		run.mu.Lock()
		delete(run.jobs, d.ID)
		delete(run.depts, dept.ID)
		run.mu.Unlock()
	}
	if run.inline {
		run.mu.Unlock()
		job()
		run.mu.Lock()
		return s.st.GetDraft(ctx, d.ID)
	}
	run.wg.Add(1)
	go func() {
		defer run.wg.Done()
		job()
	}()
	return d, nil
}

// finishDraft runs the solver and writes the outcome.
func (s *Server) finishDraft(ctx context.Context, d roster.Draft, m *draft.Model, opt draft.Options) {
	res, err := draft.Run(ctx, m, opt)
	// Write with a context that outlives a cancelled job.
	wctx := context.WithoutCancel(ctx)
	cur, gerr := s.st.GetDraft(wctx, d.ID)
	if gerr != nil {
		s.log.Error("draft: reading it back", "draft", d.ID, "err", gerr)
		return
	}
	if cur.Status != roster.DraftRunning {
		return // discarded while it ran
	}
	cur.FinishedAt = s.now().UTC()
	switch {
	case ctx.Err() != nil:
		cur.Status, cur.Message = roster.DraftFailed, "interrupted: the server stopped while it ran"
	case err != nil || res == nil:
		cur.Status, cur.Message = roster.DraftFailed, "the solver failed: "+roster.ErrorMessage(err)
		s.log.Error("draft: solver", "draft", d.ID, "err", err)
	default:
		b, jerr := json.Marshal(res)
		if jerr != nil {
			cur.Status, cur.Message = roster.DraftFailed, "internal error"
			s.log.Error("draft: encoding", "draft", d.ID, "err", jerr)
			break
		}
		cur.Status, cur.Result = roster.DraftDone, string(b)
		cur.Objective, cur.Feasible, cur.Shortfall = res.Objective, res.Feasible, res.Shortfall
		cur.Violations, cur.Warnings = res.Violations, res.Warnings
	}
	if err := s.st.UpdateDraft(wctx, &cur); err != nil {
		s.log.Error("draft: writing the result", "draft", d.ID, "err", err)
	}
}

// acceptDraft writes a done draft's assignments into the rota.
func (s *Server) acceptDraft(ctx context.Context, d roster.Draft, dept roster.Department) (roster.Draft, error) {
	if d.Status != roster.DraftDone {
		return d, roster.Errorf(roster.Conflict, "draft %d is %s: only a finished draft can be accepted", d.ID, d.Status)
	}
	v, err := s.draftView(d)
	if err != nil {
		return d, err
	}
	if v.Result == nil {
		return d, roster.Errorf(roster.Conflict, "draft %d holds no rota", d.ID)
	}
	res := v.Result
	docs := map[roster.ID]bool{}
	for _, doc := range res.Doctors {
		docs[doc.ID] = true
	}
	kept := map[roster.ID]bool{}
	for _, id := range res.KeptIDs {
		kept[id] = true
	}
	var add []roster.Assignment
	for _, a := range res.Assigned {
		if a.ID != 0 {
			kept[a.ID] = true
			continue
		}
		a.Note = fmt.Sprintf("draft %d", d.ID)
		add = append(add, a)
	}
	err = s.st.InTx(ctx, func(tx store.Tx) error {
		cur, err := tx.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: dept.ID, From: dayStart(d.From), To: dayStart(d.To)})
		if err != nil {
			return err
		}
		hash, inPeriod := rotaHash(cur, d.From, d.To)
		if hash != d.BaseHash {
			return roster.Errorf(roster.Conflict, "the rota of %s for %s to %s has changed since draft %d was generated: generate a new draft (nothing was written)",
				dept.Name, d.From, d.To.AddDays(-1), d.ID)
		}
		a, b := dayStart(d.From), dayStart(d.To)
		var del []roster.Assignment
		for _, x := range inPeriod {
			if x.Kind == roster.Leave || kept[x.ID] || !docs[x.DoctorID] || x.Start.Before(a) || !x.Start.Before(b) {
				continue
			}
			del = append(del, x)
		}
		if err := tx.ReplaceAssignments(ctx, del, add, fmt.Sprintf("draft %d accepted: %d assignments replaced by %d", d.ID, len(del), len(add))); err != nil {
			return err
		}
		d.Status = roster.DraftAccepted
		d.Message = fmt.Sprintf("accepted: %d assignments written, %d replaced", len(add), len(del))
		return tx.UpdateDraft(ctx, &d)
	})
	return d, err
}

// discardDraft marks a draft discarded (stopping its job if running).
func (s *Server) discardDraft(ctx context.Context, d roster.Draft) (roster.Draft, error) {
	switch d.Status {
	case roster.DraftAccepted, roster.DraftDiscarded:
		return d, roster.Errorf(roster.Conflict, "draft %d is already %s", d.ID, d.Status)
	}
	if r := s.drafts.r; r != nil {
		r.mu.Lock()
		j := r.jobs[d.ID]
		r.mu.Unlock()
		if j != nil {
			j.cancel()
		}
	}
	d.Status, d.Message = roster.DraftDiscarded, "discarded"
	if d.FinishedAt.IsZero() {
		d.FinishedAt = s.now().UTC()
	}
	err := s.st.UpdateDraft(ctx, &d)
	if roster.IsCode(err, roster.Conflict) {
		// The job finished meanwhile: discard what it wrote.
		cur, gerr := s.st.GetDraft(ctx, d.ID)
		if gerr != nil {
			return d, gerr
		}
		if cur.Status == roster.DraftDone || cur.Status == roster.DraftFailed {
			cur.Status, cur.Message = roster.DraftDiscarded, "discarded"
			return cur, s.st.UpdateDraft(ctx, &cur)
		}
	}
	return d, err
}

// Pages.

func (s *Server) draftsPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	dept, err := s.planDepartment(r, c.User)
	if err != nil {
		return err
	}
	if _, err := s.runner(ctx); err != nil {
		return err
	}
	return s.renderDrafts(w, r, c, dept, http.StatusOK, draftRequest{}, nil)
}

func (s *Server) renderDrafts(w http.ResponseWriter, r *http.Request, c *call, dept roster.Department, status int, q draftRequest, formErr error) error {
	ctx := r.Context()
	list, err := s.st.ListDrafts(ctx, dept.ID, 30)
	if err != nil {
		return err
	}
	types, err := s.st.ListShiftTypes(ctx, dept.ID)
	if err != nil {
		return err
	}
	reqs, err := s.st.ListRequirements(ctx, dept.ID)
	if err != nil {
		return err
	}
	derived := false
	if len(reqs) == 0 {
		tpls, err := s.st.ListTemplates(ctx, dept.ID)
		if err != nil {
			return err
		}
		reqs, derived = draft.DefaultRequirements(dept.ID, types, tpls), true
	}
	today := mondayOf(roster.DateOf(s.now().In(roster.London)))
	requests, err := s.st.ListRequests(ctx, store.RequestFilter{DepartmentID: dept.ID, From: today, To: today.AddDays(26 * 7)})
	if err != nil {
		return err
	}
	doctors, err := s.st.ListDoctors(ctx, store.DoctorFilter{DepartmentID: dept.ID, Status: roster.Active})
	if err != nil {
		return err
	}
	names := map[roster.ID]string{}
	for _, d := range doctors {
		names[d.ID] = d.Name()
	}
	codes := map[roster.ID]string{}
	var work []roster.ShiftType
	for _, t := range types {
		codes[t.ID] = t.Code
		if t.Kind != roster.Leave {
			work = append(work, t)
		}
	}
	type requestRow struct {
		roster.Request
		Doctor, Shift string
	}
	var rrows []requestRow
	for _, q := range requests {
		rrows = append(rrows, requestRow{Request: q, Doctor: names[q.DoctorID], Shift: codes[q.ShiftTypeID]})
	}
	if q.From.IsZero() {
		q.From = today.AddDays(7)
	}
	if q.Weeks == 0 {
		q.Weeks = draftDefaultWeeks
	}
	if q.TimeLimitSec == 0 {
		q.TimeLimitSec = draftDefaultSeconds
	}
	errs := map[string]string{}
	msg := ""
	if formErr != nil {
		for _, fe := range fieldErrors(formErr) {
			if fe.Field != "" {
				errs[fe.Field] = fe.Message
			} else {
				msg = fe.Message
			}
		}
		if msg == "" && len(errs) == 0 {
			msg = roster.ErrorMessage(formErr)
		}
	}
	s.render(w, r, c, status, "drafts", dept.Name+" draft rotas", map[string]any{
		"Dept": dept, "Drafts": list, "Req": q, "Errs": errs, "Msg": msg,
		"Cover": coverTable(types, reqs), "Derived": derived,
		"Requests": rrows, "Doctors": doctors, "WorkTypes": work, "Today": today,
		"WeekOptions": []int{1, 2, 3, 4, 5, 6, 7, 8, 10, 12}, "MinSec": draftMinSeconds, "MaxSec": draftMaxSeconds,
	})
	return nil
}

// coverRow is one shift type's requirements, Monday to Sunday.
type coverRow struct {
	Shift roster.ShiftType
	Days  [7]string
}

func coverTable(types []roster.ShiftType, reqs []roster.Requirement) []coverRow {
	var rows []coverRow
	for _, st := range types {
		if st.Kind == roster.Leave {
			continue
		}
		row := coverRow{Shift: st}
		any := false
		for _, q := range reqs {
			if q.ShiftTypeID != st.ID {
				continue
			}
			v := strconv.Itoa(q.Min)
			if q.Max > 0 && q.Max != q.Min {
				v += "–" + strconv.Itoa(q.Max)
			}
			row.Days[(int(q.Weekday)+6)%7] = v
			any = true
		}
		if any {
			rows = append(rows, row)
		}
	}
	return rows
}

func (s *Server) draftCreate(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	dept, err := s.planDepartment(r, c.User)
	if err != nil {
		return err
	}
	var q draftRequest
	var errs []error
	if q.From, err = roster.ParseDate(r.PostFormValue("from")); err != nil {
		errs = append(errs, roster.FieldErrorf("from", "%v", err))
	}
	for _, f := range []struct {
		name string
		dst  *int
	}{{"weeks", &q.Weeks}, {"time_limit_seconds", &q.TimeLimitSec}} {
		if v := r.PostFormValue(f.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, roster.FieldErrorf(f.name, "%q is not a whole number", v))
			}
			*f.dst = n
		}
	}
	q.Keep = r.PostFormValue("keep_existing") != ""
	err = joinErrors(errs)
	var d roster.Draft
	if err == nil {
		d, err = s.startDraft(ctx, c.User, dept, q)
	}
	if err != nil {
		if st := statusOf(err); st == http.StatusBadRequest || st == http.StatusConflict {
			return s.renderDrafts(w, r, c, dept, st, q, err)
		}
		return err
	}
	http.Redirect(w, r, "/drafts/"+strconv.FormatInt(d.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) draftPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, dept, err := s.loadDraft(ctx, r, c.User)
	if err != nil {
		return err
	}
	v, err := s.draftView(d)
	if err != nil {
		return err
	}
	data := map[string]any{"Dept": dept, "V": v}
	if v.Result != nil {
		data["Rows"] = draftRows(v.Result)
		data["Short"] = shortDays(v.Result)
	}
	s.render(w, r, c, http.StatusOK, "draft", fmt.Sprintf("Draft %d · %s", d.ID, dept.Name), data)
	return nil
}

// draftProgress is the progress fragment htmx polls every second while a
// draft runs; when it has finished, it tells htmx to reload the page.
func (s *Server) draftProgress(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, _, err := s.loadDraft(ctx, r, c.User)
	if err != nil {
		return err
	}
	if d.Status != roster.DraftRunning {
		w.Header().Set("HX-Refresh", "true")
	}
	v, err := s.draftView(d)
	if err != nil {
		return err
	}
	t := s.views.pages["draft"]
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	return t.ExecuteTemplate(w, "draft_progress", map[string]any{"V": v})
}

func (s *Server) draftAccept(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, dept, err := s.loadDraft(ctx, r, c.User)
	if err != nil {
		return err
	}
	if _, err := s.acceptDraft(ctx, d, dept); err != nil {
		return err
	}
	http.Redirect(w, r, "/departments/"+strconv.FormatInt(dept.ID, 10)+"/rota?from="+mondayOf(d.From).String(), http.StatusSeeOther)
	return nil
}

func (s *Server) draftDiscard(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, dept, err := s.loadDraft(ctx, r, c.User)
	if err != nil {
		return err
	}
	if _, err := s.discardDraft(ctx, d); err != nil {
		return err
	}
	http.Redirect(w, r, "/departments/"+strconv.FormatInt(dept.ID, 10)+"/drafts", http.StatusSeeOther)
	return nil
}

// API.

func (s *Server) apiDraftCreate(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	dept, err := s.planDepartment(r, c.User)
	if err != nil {
		return err
	}
	var q draftRequest
	if err := readJSON(r, &q); err != nil {
		return err
	}
	d, err := s.startDraft(ctx, c.User, dept, q)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/drafts/"+strconv.FormatInt(d.ID, 10))
	v, err := s.draftView(d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, v)
	return nil
}

func (s *Server) apiDraftGet(w http.ResponseWriter, r *http.Request, c *call) error {
	d, _, err := s.loadDraft(r.Context(), r, c.User)
	if err != nil {
		return err
	}
	v, err := s.draftView(d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) apiDraftAccept(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, dept, err := s.loadDraft(ctx, r, c.User)
	if err != nil {
		return err
	}
	if d, err = s.acceptDraft(ctx, d, dept); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, draftView{Draft: d})
	return nil
}

func (s *Server) apiDraftDiscard(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, _, err := s.loadDraft(ctx, r, c.User)
	if err != nil {
		return err
	}
	if d, err = s.discardDraft(ctx, d); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, draftView{Draft: d})
	return nil
}
