// Package auth holds rotaguard's accounts and access control: password
// hashing (argon2id, password.go), sessions, sign-in rate limiting and the
// one authorization policy used by every page and API route.
package auth

import (
	"slices"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// Action is something a user may try to do.
type Action string

// Actions checked by Can. Every route of the web app names exactly one.
const (
	ViewAggregates   Action = "view_aggregates"   // counts by grade, contract, department: no personal data
	ListDoctors      Action = "list_doctors"      // the doctors list (names) of an organisation or department
	ViewDoctor       Action = "view_doctor"       // one doctor's record and rota
	CreateDoctor     Action = "create_doctor"     // add a doctor to a department
	EditDoctor       Action = "edit_doctor"       // change a doctor's record
	DeleteDoctor     Action = "delete_doctor"     // remove a doctor
	ViewUnion        Action = "view_union"        // union membership: special-category data
	EditUnion        Action = "edit_union"        // record union membership
	ListDepartments  Action = "list_departments"  // department names of an organisation
	ViewRota         Action = "view_rota"         // a department's rota grid (names and shifts)
	EditDepartment   Action = "edit_department"   // rename a department, change its specialty
	ManageDepartment Action = "manage_department" // create or delete departments
	ViewAssignment   Action = "view_assignment"   // one doctor's shifts
	EditAssignment   Action = "edit_assignment"   // create, change or delete an assignment
	ViewAudit        Action = "view_audit"        // the audit log (before/after of every change)
	ViewPay          Action = "view_pay"          // one doctor's pay under both contracts, with the working
	ViewPayBill      Action = "view_pay_bill"     // an organisation's pay: gains and losses, transition, pay bill
	DraftRota        Action = "draft_rota"        // generate, review, accept or discard a department's draft rota
)

// Target is what an action is done to. Zero fields are "not applicable":
// for ListDoctors with no DepartmentID, the whole organisation.
type Target struct {
	OrgID        roster.ID
	DepartmentID roster.ID
	DoctorID     roster.ID
}

// Can reports whether u may do a to t. It is the only place in rotaguard
// that decides access; pages and API both call it (through web's
// authorize), so the role × route test covers every decision.
//
//   - admin: everything, in every organisation.
//   - workforce: everything about people and rotas in their own
//     organisation (not the audit log).
//   - lead: doctors, rotas and assignments in the departments they lead;
//     may see the names of the organisation's departments; may add doctors
//     to their departments but not delete them or manage departments.
//   - doctor: their own record and their own assignments, read only.
//   - national: aggregates only, never a name.
//
// Pay: ViewPay (one doctor's pay) follows ViewDoctor; ViewPayBill (the
// organisation's pay distribution, transition and pay bill) is for admin
// and workforce only, since small groups in it identify people.
//
// Union membership additionally needs User.CanSeeUnion and is never shown
// to national viewers.
func Can(u roster.User, a Action, t Target) bool {
	if u.ID == 0 || u.Disabled {
		return false
	}
	if a == ViewUnion || a == EditUnion {
		if !u.CanSeeUnion || u.Role == roster.RoleNational {
			return false
		}
		base := ViewDoctor
		if a == EditUnion {
			base = EditDoctor
		}
		return Can(u, base, t)
	}
	switch u.Role {
	case roster.RoleAdmin:
		return true
	case roster.RoleWorkforce:
		if a == ViewAudit {
			return false
		}
		return u.OrgID != 0 && (t.OrgID == 0 || t.OrgID == u.OrgID)
	case roster.RoleLead:
		if t.OrgID != 0 && t.OrgID != u.OrgID {
			return false
		}
		switch a {
		case ViewAggregates, ListDepartments:
			return true
		case ListDoctors, ViewDoctor, CreateDoctor, EditDoctor, ViewRota, ViewAssignment, EditAssignment, ViewPay, DraftRota:
			// A department must be named, and be one the lead leads.
			return t.DepartmentID != 0 && slices.Contains(u.DepartmentIDs, t.DepartmentID)
		}
		return false
	case roster.RoleDoctor:
		switch a {
		case ViewDoctor, ViewAssignment, ViewPay:
			return u.DoctorID != 0 && t.DoctorID == u.DoctorID
		}
		return false
	case roster.RoleNational:
		return a == ViewAggregates
	}
	return false
}

// SeesPersonalData reports whether u ever sees individual doctors.
func SeesPersonalData(u roster.User) bool { return u.Role != roster.RoleNational }
