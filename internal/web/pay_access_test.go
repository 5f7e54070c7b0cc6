package web

// payAccessCases are the role × route cases of payRoutes. A doctor's pay
// follows ViewPay (as the doctor's record: themselves, their lead, their
// organisation's workforce, admin); the organisation's pay overview is
// for admin and workforce only (ViewPayBill), never a national viewer.
func payAccessCases() []accessCase {
	docPay := func(suffix string) func(f *fixture) string {
		return func(f *fixture) string { return "/doctors/" + id(f.docA2.ID) + suffix }
	}
	ownPay := func(suffix string) func(f *fixture) string {
		return func(f *fixture) string { return "/doctors/" + id(f.docA1.ID) + suffix }
	}
	var cases []accessCase
	for _, p := range []string{"/pay", "/pay.csv", "/pay.xlsx"} {
		pattern := "GET /doctors/{id}" + p
		cases = append(cases,
			accessCase{pattern: pattern, req: get(docPay(p)), want: want("AWL", 200, "DN", 403)},
			accessCase{pattern: pattern, name: "own pay", req: get(ownPay(p)), want: want("AWLD", 200, "N", 403)},
			accessCase{pattern: pattern, name: "department B", req: get(func(f *fixture) string { return "/doctors/" + id(f.docB1.ID) + p }), want: want("AW", 200, "LDN", 403)},
			accessCase{pattern: pattern, name: "other organisation", req: get(func(f *fixture) string { return "/doctors/" + id(f.docC1.ID) + p }), want: want("A", 200, "WLDN", 403)},
		)
	}
	for _, p := range []string{"/pay", "/pay/distribution.csv", "/pay/timeline.csv", "/pay/projection.csv", "/pay/report.xlsx"} {
		cases = append(cases, accessCase{pattern: "GET " + p, req: get(func(f *fixture) string { return p }), want: want("AW", 200, "LDN", 403)})
	}
	cases = append(cases,
		accessCase{pattern: "GET /pay", name: "other organisation", req: get(func(f *fixture) string { return "/pay?org=" + id(f.org2.ID) }), want: want("AW", 200, "LDN", 403)},
		accessCase{pattern: "GET /api/v1/doctors/{id}/pay", req: get(func(f *fixture) string { return "/api/v1/doctors/" + id(f.docA2.ID) + "/pay" }), want: want("AWL", 200, "DN", 403)},
		accessCase{pattern: "GET /api/v1/doctors/{id}/pay", name: "own pay", req: get(func(f *fixture) string { return "/api/v1/doctors/" + id(f.docA1.ID) + "/pay" }), want: want("AWLD", 200, "N", 403)},
		accessCase{pattern: "GET /api/v1/doctors/{id}/pay", name: "other organisation", req: get(func(f *fixture) string { return "/api/v1/doctors/" + id(f.docC1.ID) + "/pay" }), want: want("A", 200, "WLDN", 403)},
		accessCase{pattern: "GET /api/v1/pay/overview", req: get(func(f *fixture) string { return "/api/v1/pay/overview" }), want: want("AW", 200, "LDN", 403)},
	)
	return cases
}
