package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// loadBatch is how many assignments go to the store per CreateAssignments.
const loadBatch = 10000

// Load writes the trust into st in one transaction: the organisation,
// sites, departments, shift types, templates, doctors, union memberships,
// assignments and demo users (passwords hashed with argon2id). Either all
// of it is stored or, on any error, none. progress, if not nil, is called
// with the work done so far and the total. On success the IDs in t are
// still the local ones; the store's can be found by GMC number, username
// and name.
func Load(ctx context.Context, st store.Store, t *Trust, progress func(done, total int)) error {
	if progress == nil {
		progress = func(int, int) {}
	}
	if roster.ActorFrom(ctx).UserID == 0 {
		ctx = roster.WithActor(ctx, roster.Actor{Username: "demo"})
	}
	total := 1 + len(t.Sites) + len(t.Departments) + len(t.ShiftTypes) + len(t.Templates) +
		len(t.Doctors) + len(t.Unions) + len(t.Assignments) + len(t.Users) + len(t.Requirements) + len(t.Requests)
	done := 0
	step := func(n int) {
		done += n
		progress(done, total)
	}
	// Hash outside the transaction: argon2id is deliberately slow.
	hashes := make([]string, len(t.Users))
	for i, u := range t.Users {
		h, err := auth.HashPassword(u.Password)
		if err != nil {
			return fmt.Errorf("demo: hashing the password of %s: %w", u.Username, err)
		}
		hashes[i] = h
	}
	return st.InTx(ctx, func(tx store.Tx) error {
		done = 0
		org := t.Org
		org.ID = 0
		if err := tx.CreateOrganisation(ctx, &org); err != nil {
			return fmt.Errorf("demo: organisation: %w", err)
		}
		step(1)
		siteID := map[roster.ID]roster.ID{}
		for _, s := range t.Sites {
			local := s.ID
			s.ID, s.OrgID = 0, org.ID
			if err := tx.CreateSite(ctx, &s); err != nil {
				return fmt.Errorf("demo: site %s: %w", s.Name, err)
			}
			siteID[local] = s.ID
		}
		step(len(t.Sites))
		deptID := map[roster.ID]roster.ID{}
		for _, d := range t.Departments {
			local := d.ID
			d.ID, d.OrgID, d.SiteID = 0, org.ID, siteID[d.SiteID]
			if err := tx.CreateDepartment(ctx, &d); err != nil {
				return fmt.Errorf("demo: department %s: %w", d.Name, err)
			}
			deptID[local] = d.ID
		}
		step(len(t.Departments))
		shiftID := map[roster.ID]roster.ID{}
		for _, s := range t.ShiftTypes {
			local := s.ID
			s.ID, s.DepartmentID = 0, deptID[s.DepartmentID]
			if err := tx.CreateShiftType(ctx, &s); err != nil {
				return fmt.Errorf("demo: shift type %s: %w", s.Code, err)
			}
			shiftID[local] = s.ID
		}
		step(len(t.ShiftTypes))
		for _, tpl := range t.Templates {
			tpl.ID, tpl.DepartmentID = 0, deptID[tpl.DepartmentID]
			if err := tx.CreateTemplate(ctx, &tpl); err != nil {
				return fmt.Errorf("demo: template %s: %w", tpl.Name, err)
			}
		}
		step(len(t.Templates))
		doctorID := make(map[roster.ID]roster.ID, len(t.Doctors))
		for i, d := range t.Doctors {
			local := d.ID
			d.ID, d.OrgID, d.DepartmentID = 0, org.ID, deptID[d.DepartmentID]
			if err := tx.CreateDoctor(ctx, &d); err != nil {
				return fmt.Errorf("demo: doctor %s: %w", d.GMC, err)
			}
			doctorID[local] = d.ID
			if i%100 == 99 {
				step(100)
			}
		}
		step(len(t.Doctors) % 100)
		for _, m := range t.Unions {
			m.DoctorID = doctorID[m.DoctorID]
			if err := tx.SetUnionMembership(ctx, &m); err != nil {
				return fmt.Errorf("demo: union membership: %w", err)
			}
		}
		step(len(t.Unions))
		batch := make([]roster.Assignment, 0, loadBatch)
		for lo := 0; lo < len(t.Assignments); lo += loadBatch {
			batch = batch[:0]
			for _, a := range t.Assignments[lo:min(lo+loadBatch, len(t.Assignments))] {
				a.ID = 0
				a.DoctorID, a.DepartmentID, a.ShiftTypeID = doctorID[a.DoctorID], deptID[a.DepartmentID], shiftID[a.ShiftTypeID]
				batch = append(batch, a)
			}
			if err := tx.CreateAssignments(ctx, batch); err != nil {
				return fmt.Errorf("demo: assignments: %w", err)
			}
			step(len(batch))
		}
		byDept := map[roster.ID][]roster.Requirement{}
		var order []roster.ID
		for _, q := range t.Requirements {
			dept := deptID[q.DepartmentID]
			if _, ok := byDept[dept]; !ok {
				order = append(order, dept)
			}
			q.ID, q.DepartmentID, q.ShiftTypeID = 0, dept, shiftID[q.ShiftTypeID]
			byDept[dept] = append(byDept[dept], q)
		}
		for _, dept := range order {
			if err := tx.SetRequirements(ctx, dept, byDept[dept]); err != nil {
				return fmt.Errorf("demo: cover requirements: %w", err)
			}
		}
		step(len(t.Requirements))
		for _, q := range t.Requests {
			q.ID, q.DoctorID, q.ShiftTypeID = 0, doctorID[q.DoctorID], shiftID[q.ShiftTypeID]
			if err := tx.CreateRequest(ctx, &q); err != nil {
				return fmt.Errorf("demo: request: %w", err)
			}
		}
		step(len(t.Requests))
		for i, u := range t.Users {
			ru := u.User
			ru.ID, ru.PasswordHash = 0, hashes[i]
			if ru.OrgID != 0 {
				ru.OrgID = org.ID
			}
			ru.DoctorID = doctorID[ru.DoctorID]
			ru.DepartmentIDs = slices.Clone(ru.DepartmentIDs)
			for j, d := range ru.DepartmentIDs {
				ru.DepartmentIDs[j] = deptID[d]
			}
			if err := tx.CreateUser(ctx, &ru); err != nil {
				return fmt.Errorf("demo: user %s: %w", ru.Username, err)
			}
		}
		step(len(t.Users))
		return nil
	})
}

// Status says whether a store already holds a demo trust.
type Status int

// Statuses returned by Find.
const (
	Absent    Status = iota // no demo trust: Load one
	Present                 // the demo trust of this seed: reuse it
	OtherSeed               // a demo trust made with another seed
)

// Find looks for the demo trust (organisation code OrgCode) in st and
// checks, through the admin user's password, that it was made with seed.
func Find(ctx context.Context, st store.Store, seed int64) (roster.Organisation, Status, error) {
	orgs, err := st.ListOrganisations(ctx)
	if err != nil {
		return roster.Organisation{}, Absent, err
	}
	for _, o := range orgs {
		if o.Code != OrgCode {
			continue
		}
		u, err := st.GetUserByUsername(ctx, "admin")
		if roster.IsCode(err, roster.NotFound) {
			return o, OtherSeed, nil
		}
		if err != nil {
			return o, Absent, err
		}
		ok, err := auth.CheckPassword(u.PasswordHash, Password(seed, "admin"))
		if err != nil {
			return o, Absent, err
		}
		if !ok {
			return o, OtherSeed, nil
		}
		return o, Present, nil
	}
	return roster.Organisation{}, Absent, nil
}
