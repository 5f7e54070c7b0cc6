package web

// complianceAccessCases are the role × route cases of complianceRoutes.
// The report is a rota view: admin, workforce (own organisation) and the
// department's lead; never a doctor or a national viewer.
func complianceAccessCases() []accessCase {
	q := "?from=2026-10-19&to=2026-11-15"
	return []accessCase{
		{pattern: "GET /departments/{id}/compliance", req: get(func(f *fixture) string { return "/departments/" + id(f.deptA.ID) + "/compliance" }), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /departments/{id}/compliance", name: "department B", req: get(func(f *fixture) string { return "/departments/" + id(f.deptB.ID) + "/compliance" + q }), want: want("AW", 200, "LDN", 403)},
		{pattern: "GET /departments/{id}/compliance", name: "other organisation", req: get(func(f *fixture) string { return "/departments/" + id(f.deptC.ID) + "/compliance" }), want: want("A", 200, "WLDN", 403)},
		{pattern: "GET /departments/{id}/compliance.csv", req: get(func(f *fixture) string { return "/departments/" + id(f.deptA.ID) + "/compliance.csv" + q }), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /departments/{id}/compliance.csv", name: "department B", req: get(func(f *fixture) string { return "/departments/" + id(f.deptB.ID) + "/compliance.csv" }), want: want("AW", 200, "LDN", 403)},
		{pattern: "GET /api/v1/departments/{id}/compliance", req: get(func(f *fixture) string { return "/api/v1/departments/" + id(f.deptA.ID) + "/compliance" + q }), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /api/v1/departments/{id}/compliance", name: "department B", req: get(func(f *fixture) string { return "/api/v1/departments/" + id(f.deptB.ID) + "/compliance" }), want: want("AW", 200, "LDN", 403)},
		{pattern: "GET /api/v1/departments/{id}/compliance", name: "other organisation", req: get(func(f *fixture) string { return "/api/v1/departments/" + id(f.deptC.ID) + "/compliance" }), want: want("A", 200, "WLDN", 403)},
	}
}
