package auth

import (
	"testing"

	"github.com/rotaguard/rotaguard/internal/roster"
)

func TestCan(t *testing.T) {
	const org, other = 1, 2
	const deptA, deptB = 10, 11
	const me, colleague = 100, 101
	users := map[string]roster.User{
		"admin":     {ID: 1, Role: roster.RoleAdmin},
		"workforce": {ID: 2, Role: roster.RoleWorkforce, OrgID: org},
		"wf-union":  {ID: 3, Role: roster.RoleWorkforce, OrgID: org, CanSeeUnion: true},
		"lead":      {ID: 4, Role: roster.RoleLead, OrgID: org, DepartmentIDs: []roster.ID{deptA}, CanSeeUnion: true},
		"doctor":    {ID: 5, Role: roster.RoleDoctor, OrgID: org, DoctorID: me, CanSeeUnion: true},
		"national":  {ID: 6, Role: roster.RoleNational, CanSeeUnion: true},
		"disabled":  {ID: 7, Role: roster.RoleAdmin, Disabled: true},
		"nobody":    {Role: roster.RoleAdmin}, // no ID: not signed in
		"no-org-wf": {ID: 8, Role: roster.RoleWorkforce},
		"unknown":   {ID: 9, Role: "superuser"},
	}
	inA := Target{OrgID: org, DepartmentID: deptA, DoctorID: colleague}
	mine := Target{OrgID: org, DepartmentID: deptA, DoctorID: me}
	inB := Target{OrgID: org, DepartmentID: deptB, DoctorID: 102}
	elsewhere := Target{OrgID: other, DepartmentID: 20, DoctorID: 200}
	orgOnly := Target{OrgID: org}
	tests := []struct {
		user string
		act  Action
		t    Target
		want bool
	}{
		{"admin", ViewAudit, Target{}, true},
		{"admin", DeleteDoctor, elsewhere, true},
		{"admin", ViewUnion, elsewhere, false}, // admin without CanSeeUnion
		{"disabled", ViewAggregates, orgOnly, false},
		{"nobody", ViewAggregates, orgOnly, false},
		{"unknown", ViewAggregates, orgOnly, false},

		{"workforce", ListDoctors, orgOnly, true},
		{"workforce", EditDoctor, inB, true},
		{"workforce", DeleteDoctor, inA, true},
		{"workforce", ManageDepartment, orgOnly, true},
		{"workforce", ViewRota, elsewhere, false},
		{"workforce", ViewDoctor, elsewhere, false},
		{"workforce", ViewAudit, Target{}, false},
		{"workforce", ViewUnion, inA, false},
		{"wf-union", ViewUnion, inA, true},
		{"wf-union", EditUnion, inB, true},
		{"wf-union", ViewUnion, elsewhere, false},
		{"no-org-wf", ListDoctors, orgOnly, false},

		{"lead", ViewAggregates, orgOnly, true},
		{"lead", ListDepartments, orgOnly, true},
		{"lead", ListDoctors, orgOnly, false}, // must name a department
		{"lead", ListDoctors, Target{OrgID: org, DepartmentID: deptA}, true},
		{"lead", ListDoctors, Target{OrgID: org, DepartmentID: deptB}, false},
		{"lead", ViewDoctor, inA, true},
		{"lead", EditDoctor, inA, true},
		{"lead", CreateDoctor, Target{OrgID: org, DepartmentID: deptA}, true},
		{"lead", DeleteDoctor, inA, false},
		{"lead", ViewRota, inB, false},
		{"lead", EditAssignment, inA, true},
		{"lead", EditAssignment, inB, false},
		{"lead", EditDepartment, Target{OrgID: org, DepartmentID: deptA}, false},
		{"lead", ManageDepartment, orgOnly, false},
		{"lead", ViewAggregates, elsewhere, false},
		{"lead", ViewUnion, inA, true},
		{"lead", ViewUnion, inB, false},
		{"lead", ViewAudit, Target{}, false},

		{"doctor", ViewDoctor, mine, true},
		{"doctor", ViewAssignment, mine, true},
		{"doctor", ViewDoctor, inA, false},
		{"doctor", ViewAssignment, inA, false},
		{"doctor", EditAssignment, mine, false},
		{"doctor", EditDoctor, mine, false},
		{"doctor", ViewRota, mine, false},
		{"doctor", ListDoctors, Target{OrgID: org, DepartmentID: deptA}, false},
		{"doctor", ViewAggregates, orgOnly, false},
		{"doctor", ViewUnion, mine, true},
		{"doctor", ViewUnion, inA, false},

		{"national", ViewAggregates, Target{}, true},
		{"national", ViewAggregates, orgOnly, true},
		{"national", ListDoctors, orgOnly, false},
		{"national", ViewDoctor, inA, false},
		{"national", ListDepartments, orgOnly, false},
		{"national", ViewUnion, inA, false}, // never, even with CanSeeUnion
		{"national", ViewAudit, Target{}, false},

		{"admin", ViewPay, elsewhere, true},
		{"admin", ViewPayBill, Target{OrgID: other}, true},
		{"workforce", ViewPay, inB, true},
		{"workforce", ViewPay, elsewhere, false},
		{"workforce", ViewPayBill, orgOnly, true},
		{"workforce", ViewPayBill, Target{OrgID: other}, false},
		{"lead", ViewPay, inA, true},
		{"lead", ViewPay, inB, false},
		{"lead", ViewPayBill, orgOnly, false},
		{"doctor", ViewPay, mine, true},
		{"doctor", ViewPay, inA, false},
		{"doctor", ViewPayBill, orgOnly, false},
		{"national", ViewPay, inA, false},
		{"national", ViewPayBill, orgOnly, false},
		{"national", ViewPayBill, Target{}, false},

		{"admin", DraftRota, elsewhere, true},
		{"workforce", DraftRota, inB, true},
		{"workforce", DraftRota, elsewhere, false},
		{"lead", DraftRota, inA, true},
		{"lead", DraftRota, inB, false},
		{"lead", DraftRota, orgOnly, false},
		{"doctor", DraftRota, mine, false},
		{"national", DraftRota, inA, false},
	}
	for _, tt := range tests {
		if got := Can(users[tt.user], tt.act, tt.t); got != tt.want {
			t.Errorf("Can(%s, %s, %+v) = %v, want %v", tt.user, tt.act, tt.t, got, tt.want)
		}
	}
}

func TestSeesPersonalData(t *testing.T) {
	for _, r := range roster.Roles {
		if got, want := SeesPersonalData(roster.User{Role: r}), r != roster.RoleNational; got != want {
			t.Errorf("SeesPersonalData(%s) = %v, want %v", r, got, want)
		}
	}
}
