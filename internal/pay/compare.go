package pay

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// Comparison is one doctor's annual pay under both contracts.
type Comparison struct {
	Doctor  string    `json:"doctor"`
	TCS2016 Statement `json:"tcs2016"`
	ND2002  Statement `json:"newdeal2002"`
	// Difference is 2016 pay minus 2002 pay: positive means the doctor
	// would gain on the 2016 terms.
	Difference Money `json:"difference"`
}

// Compare returns in's annual pay under both contracts with the tables
// in force on d.
func Compare(ts *Tables, d roster.Date, in Input) (Comparison, error) {
	a, errA := Calculate(ts, d, roster.TCS2016, in)
	b, errB := Calculate(ts, d, roster.NewDeal2002, in)
	if err := joinErrs([]error{errA, errB}); err != nil {
		return Comparison{}, err
	}
	return Comparison{Doctor: in.Doctor, TCS2016: a, ND2002: b, Difference: a.Total.Sub(b.Total)}, nil
}

// Bucket is one bar of a distribution of gains and losses: doctors whose
// difference d satisfies From <= d < To.
type Bucket struct {
	From    Money `json:"from"`
	To      Money `json:"to"`
	Doctors int   `json:"doctors"`
}

// Summary describes how pay changes across doctors moving to the 2016 terms.
type Summary struct {
	Doctors int   `json:"doctors"`
	Gain    int   `json:"gain"`
	Lose    int   `json:"lose"`
	Same    int   `json:"same"`
	Min     Money `json:"min"`
	Median  Money `json:"median"`
	Max     Money `json:"max"`
	// Total is the change in the annual pay bill.
	Total   Money    `json:"total"`
	Buckets []Bucket `json:"buckets"`
}

// Distribution summarises differences (2016 − 2002, as in Comparison)
// in buckets of the given width, aligned on multiples of it. The median
// of an even count is the mean of the middle two.
func Distribution(diffs []Money, width Money) (Summary, error) {
	var s Summary
	if width.Sign() <= 0 {
		return s, roster.FieldErrorf("width", "bucket width %s must be positive", width)
	}
	if len(diffs) == 0 {
		return s, nil
	}
	ds := append([]Money(nil), diffs...)
	sort.Slice(ds, func(i, j int) bool { return ds[i].Cmp(ds[j]) < 0 })
	s.Doctors = len(ds)
	s.Min, s.Max = ds[0], ds[len(ds)-1]
	if n := len(ds); n%2 == 1 {
		s.Median = ds[n/2]
	} else {
		s.Median = ds[n/2-1].Add(ds[n/2]).Mul(big.NewRat(1, 2))
	}
	s.Total = Sum(ds...)
	for _, d := range ds {
		switch d.Sign() {
		case 1:
			s.Gain++
		case -1:
			s.Lose++
		default:
			s.Same++
		}
	}
	idx := func(m Money) int64 {
		q := new(big.Rat).Quo(m.rat(), width.rat())
		f := new(big.Int).Div(q.Num(), q.Denom()) // Euclidean: floor for a positive denominator
		if !f.IsInt64() {
			return 0
		}
		return f.Int64()
	}
	lo, hi := idx(s.Min), idx(s.Max)
	if hi-lo > 10000 {
		return s, roster.FieldErrorf("width", "bucket width %s makes more than 10,000 buckets", width.Display())
	}
	for k := lo; k <= hi; k++ {
		s.Buckets = append(s.Buckets, Bucket{From: width.Mul(big.NewRat(k, 1)), To: width.Mul(big.NewRat(k+1, 1))})
	}
	for _, d := range ds {
		s.Buckets[idx(d)-lo].Doctors++
	}
	return s, nil
}

// String describes a summary in one line.
func (s Summary) String() string {
	return fmt.Sprintf("%d doctors: %d gain, %d lose, %d unchanged; change from %s to %s, median %s; pay bill change %s a year",
		s.Doctors, s.Gain, s.Lose, s.Same, s.Min.Display(), s.Max.Display(), s.Median.Display(), s.Total.Display())
}
