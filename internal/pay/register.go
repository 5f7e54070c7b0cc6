package pay

import (
	"math/big"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// InputFor returns the pay input for a doctor of the register, with
// measures from their rota. The 2002 band is the register's; a caller
// with a New Deal banding from the rules engine may set Band and
// BandReason afterwards.
func InputFor(d roster.Doctor, m Measures) Input {
	in := Input{
		Doctor:     doctorLabel(d),
		Grade:      d.Grade,
		NodalPoint: d.Contract.NodalPoint,
		ScalePoint: d.Contract.ScalePoint,
		Band:       d.Contract.Band,
		OptOut:     d.Contract.OptOut,
		Measures:   m,
	}
	if d.LTFTPercent > 0 && d.LTFTPercent < 100 {
		in.LTFT = big.NewRat(int64(d.LTFTPercent), 100)
	}
	return in
}

// PeriodsOf converts stored assignments (of one doctor) to pay periods.
func PeriodsOf(as []roster.Assignment) []Period {
	ps := make([]Period, 0, len(as))
	for _, a := range as {
		ps = append(ps, Period{Start: a.Start, End: a.End, Kind: a.Kind})
	}
	return ps
}

// MeasureOptionsFor returns the measure options of a contract: the 2019
// late-finish enhancement unless the doctor is on the 2016-08 version.
func MeasureOptionsFor(c roster.Contract) MeasureOptions {
	return MeasureOptions{LateFinish2019: c.TCSVersion != "2016-08"}
}
