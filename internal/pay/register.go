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
	if d.Contract.Kind == roster.TCS2016 && in.ScalePoint == 0 {
		in.ScalePoint = AssumedScalePoint(d.Grade)
		in.ScalePointAssumed = in.ScalePoint != 0
	}
	if d.LTFTPercent > 0 && d.LTFTPercent < 100 {
		in.LTFT = big.NewRat(int64(d.LTFTPercent), 100)
	}
	return in
}

// AssumedScalePoint is the 2002 incremental point a doctor on the 2016
// terms is taken to be on when their 2002 pay is estimated and the
// register holds no 2002 scale point for them: one increment a year of
// training, as the 2002 scales ran (FY1 and FY2 on the first point of
// their scales; CT1/ST1 on the first StR point, CT2/ST2 the second, and so
// on to ST8 on the eighth). It is an estimate: a doctor's real 2002 point
// also counted previous service, which the register does not hold.
func AssumedScalePoint(g roster.Grade) int {
	switch g {
	case roster.CT1, roster.ST1:
		return 0
	case roster.CT2, roster.ST2:
		return 1
	case roster.CT3, roster.ST3:
		return 2
	case roster.ST4:
		return 3
	case roster.ST5:
		return 4
	case roster.ST6:
		return 5
	case roster.ST7:
		return 6
	case roster.ST8:
		return 7
	}
	return 0
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
