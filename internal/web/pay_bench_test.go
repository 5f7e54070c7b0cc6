package web

import (
	"net/http/httptest"
	"testing"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// payBenchQuery is the overview the benchmarks ask for: the demo trust's
// rota weeks from 19 October 2026, an imposition from 1 February 2027
// with 6 months of protection and a negotiated 3% from 1 April 2027.
const payBenchQuery = "from=2026-10-19&impose=2027-02-01&protect=6&months=12&uplift=3&uplift_from=2027-04-01"

// BenchmarkPayOverviewCompute computes the pay overview of the whole
// demo trust (about 1,000 doctors) without the cache: two queries, every
// resident paid under both contracts, the distribution and three
// 12-month scenarios.
func BenchmarkPayOverviewCompute(b *testing.B) {
	d := sharedDemo(b)
	r := httptest.NewRequest("GET", "/pay?"+payBenchQuery, nil)
	p, err := d.srv.payParams(r)
	if err != nil {
		b.Fatal(err)
	}
	var doctors int
	for b.Loop() {
		o, err := d.srv.computePayOverview(r.Context(), d.org, p)
		if err != nil {
			b.Fatal(err)
		}
		doctors = len(o.Paid)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/overview")
	b.ReportMetric(float64(doctors), "doctors")
}

// BenchmarkPayOverviewPage is GET /pay as the workforce manager with the
// cache warm (the data does not change between requests).
func BenchmarkPayOverviewPage(b *testing.B) {
	benchPages(b, roster.RoleWorkforce, func(int) string { return "/pay?" + payBenchQuery })
}

// BenchmarkDoctorPayPage is a doctor's pay page, cycling through doctors.
func BenchmarkDoctorPayPage(b *testing.B) {
	d := sharedDemo(b)
	doc := d.users[roster.RoleDoctor].DoctorID
	benchPages(b, roster.RoleAdmin, func(i int) string {
		return "/doctors/" + id(doc+roster.ID(i%50)) + "/pay?from=2026-10-19"
	})
}
