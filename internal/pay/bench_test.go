package pay

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// syntheticTrust builds a deterministic trust of n doctors, each with an
// 8-week rota cycle of day, long-day, night and on-call periods.
func syntheticTrust(n int) ([]Input, [][]Period) {
	rng := rand.New(rand.NewPCG(2026, 11))
	grades := []roster.Grade{roster.FY1, roster.FY2, roster.CT1, roster.ST2, roster.ST4, roster.ST6}
	bands := []string{"1A", "1B", "1C", "2A", "2B", ""}
	monday := time.Date(2026, 9, 7, 0, 0, 0, 0, roster.London)
	at := func(day, hour int) time.Time { return monday.AddDate(0, 0, day).Add(time.Duration(hour) * time.Hour) }
	ins := make([]Input, n)
	rotas := make([][]Period, n)
	for i := range n {
		g := grades[rng.IntN(len(grades))]
		in := Input{Doctor: fmt.Sprintf("D%04d", i), Grade: g, Band: bands[rng.IntN(len(bands))]}
		switch g {
		case roster.FY1, roster.FY2:
			in.ScalePoint = rng.IntN(3)
		default:
			in.ScalePoint = rng.IntN(10)
		}
		if rng.IntN(5) == 0 {
			in.LTFT = big.NewRat(int64(5+rng.IntN(4)), 10)
		}
		var ps []Period
		for w := range 8 {
			for d := range 5 {
				switch rng.IntN(6) {
				case 0: // off
				case 1: // night
					ps = append(ps, Period{Start: at(7*w+d, 21), End: at(7*w+d+1, 9), Kind: roster.Work})
				case 2: // long day
					ps = append(ps, Period{Start: at(7*w+d, 8), End: at(7*w+d, 20), Kind: roster.Work})
				case 3: // on call with expected work
					ps = append(ps, Period{Start: at(7*w+d, 17), End: at(7*w+d+1, 9), Kind: roster.OnCall, ExpectedWorkMinutes: 120})
				default:
					ps = append(ps, Period{Start: at(7*w+d, 9), End: at(7*w+d, 17), Kind: roster.Work})
				}
			}
			if rng.IntN(3) == 0 {
				ps = append(ps, Period{Start: at(7*w+5, 8), End: at(7*w+5, 20), Kind: roster.Work})
			}
		}
		ins[i], rotas[i] = in, ps
	}
	return ins, rotas
}

// BenchmarkTrustAnnualPay computes the annual pay of a 1,000-doctor trust
// under both contracts, measuring each rota first.
func BenchmarkTrustAnnualPay(b *testing.B) {
	const n = 1000
	ins, rotas := syntheticTrust(n)
	ts := Builtin()
	d := roster.Date{Year: 2026, Month: 9, Day: 1}
	var bill Money
	for b.Loop() {
		total := new(big.Rat)
		for i := range ins {
			in := ins[i]
			in.Measures = Measure(rotas[i], 8, MeasureOptions{LateFinish2019: true})
			for _, c := range []roster.ContractKind{roster.TCS2016, roster.NewDeal2002} {
				s, err := Calculate(ts, d, c, in)
				if err != nil {
					b.Fatal(err)
				}
				total.Add(total, s.Total.rat())
			}
		}
		bill = moneyOf(total)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/doctor")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/trust")
	if bill.Sign() <= 0 {
		b.Fatal("no pay")
	}
}
