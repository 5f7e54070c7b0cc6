package web

import (
	"net/http/httptest"
	"testing"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
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

// BenchmarkDemoTrustAnnualPay is issue #6's "annual pay under both
// contracts for the demo trust": one query for the doctors, one for the
// 8 weeks of assignments, and every resident doctor measured and paid
// under the 2016 terms and the 2002 contract.
func BenchmarkDemoTrustAnnualPay(b *testing.B) {
	d := sharedDemo(b)
	r := httptest.NewRequest("GET", "/pay?"+payBenchQuery, nil)
	p, err := d.srv.payParams(r)
	if err != nil {
		b.Fatal(err)
	}
	ctx := r.Context()
	var n int
	for b.Loop() {
		docs, err := d.st.ListDoctors(ctx, store.DoctorFilter{OrgID: d.org.ID})
		if err != nil {
			b.Fatal(err)
		}
		byDoctor, err := d.srv.orgAssignments(ctx, d.org.ID, p.From, p.From.AddDays(7*payWeeks))
		if err != nil {
			b.Fatal(err)
		}
		n = 0
		for _, dp := range payAll(docs, byDoctor, p) {
			if dp.Cmp != nil {
				n++
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/trust")
	b.ReportMetric(float64(n), "doctors")
}
