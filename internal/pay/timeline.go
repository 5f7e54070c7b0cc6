package pay

import (
	"fmt"
	"math/big"
	"sort"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// TimelineDoctor is a doctor in an imposition timeline: the register
// entry (contract, grade, rotation and renewal dates, status) and the
// pay input computed from their rota.
type TimelineDoctor struct {
	Doctor roster.Doctor
	Input  Input
}

// Scenario is one way the next months could go.
type Scenario struct {
	Name string `json:"name"`
	// Tables are the pay tables of the scenario: the built-in set, or it
	// plus negotiated terms entered as a new version.
	Tables *Tables `json:"-"`
	// ImposeFrom is the date from which the 2016 terms are imposed; zero
	// means no imposition. A doctor on the 2002 contract keeps it until
	// the first of their contract renewal, rotation start or the day after
	// their rotation end that falls on or after ImposeFrom (a new post or
	// a renewed contract is on the new terms), or LongStop if earlier.
	ImposeFrom roster.Date `json:"impose_from,omitempty"`
	// LongStop, if set, is the date by which every remaining 2002 doctor
	// moves; without it a doctor with no such date in view keeps 2002 terms.
	LongStop roster.Date `json:"long_stop,omitempty"`
	// ProtectMonths is how long a doctor moved by the imposition keeps a
	// cash floor equal to their 2002 pay (basic + band, band capped at
	// 80%) on the day they move; 0 means no protection.
	ProtectMonths int `json:"protect_months,omitempty"`
	// ProtectIncrements lets the protected floor progress one scale point
	// a year.
	ProtectIncrements bool `json:"protect_increments,omitempty"`
}

// Transfer is one doctor moving from the 2002 contract to the 2016 terms.
type Transfer struct {
	Doctor         string      `json:"doctor"`
	Date           roster.Date `json:"date"`
	Reason         string      `json:"reason"`
	ProtectedUntil roster.Date `json:"protected_until,omitempty"`
}

// MonthBill is one month of a timeline.
type MonthBill struct {
	// Month is the first day of the month.
	Month roster.Date `json:"month"`
	// Counts is the number of doctors on each contract on the first day.
	Counts map[roster.ContractKind]int `json:"counts"`
	// Transfers is the number of doctors moving during the month.
	Transfers int `json:"transfers"`
	// Bill is the month's pay bill: each doctor's annual pay ÷ 12 for the
	// days on each contract and pay table, pro rata to calendar days.
	Bill Money `json:"bill"`
	// Protection is the part of Bill that is pay protection.
	Protection Money `json:"protection"`
}

// Timeline is a scenario's month-by-month contracts and pay bill.
type Timeline struct {
	Scenario  Scenario    `json:"scenario"`
	Months    []MonthBill `json:"months"`
	Transfers []Transfer  `json:"transfers"`
	// Total is the exact sum of the monthly bills.
	Total Money `json:"total"`
}

// TransferDate returns when a doctor on the 2002 contract moves to the
// 2016 terms under sc, and why; ok is false if they keep 2002 terms.
func (sc Scenario) TransferDate(d roster.Doctor) (date roster.Date, reason string, ok bool) {
	if sc.ImposeFrom.IsZero() || d.Contract.Kind != roster.NewDeal2002 {
		return roster.Date{}, "", false
	}
	cands := []struct {
		d      roster.Date
		reason string
	}{
		{d.RenewalDate, "contract renewal"},
		{d.RotationStart, "rotation start"},
	}
	if !d.RotationEnd.IsZero() {
		cands = append(cands, struct {
			d      roster.Date
			reason string
		}{d.RotationEnd.AddDays(1), "next rotation after " + d.RotationEnd.String()})
	}
	for _, c := range cands {
		if c.d.IsZero() || c.d.Before(sc.ImposeFrom) {
			continue
		}
		if !ok || c.d.Before(date) {
			date, reason, ok = c.d, c.reason, true
		}
	}
	if !sc.LongStop.IsZero() && (!ok || sc.LongStop.Before(date)) {
		ls := sc.LongStop
		if ls.Before(sc.ImposeFrom) {
			ls = sc.ImposeFrom
		}
		date, reason, ok = ls, "long-stop date", true
	}
	return date, reason, ok
}

// BuildTimeline returns, for each month from the month of from to the
// month of to, the number of doctors on each contract and the monthly
// pay bill under sc. Doctors who have left, and doctors on contracts
// other than the 2016 terms and the 2002 contract, are not included.
func BuildTimeline(doctors []TimelineDoctor, sc Scenario, from, to roster.Date) (Timeline, error) {
	if sc.Tables == nil {
		sc.Tables = Builtin()
	}
	tl := Timeline{Scenario: sc, Transfers: []Transfer{}}
	first := roster.Date{Year: from.Year, Month: from.Month, Day: 1}
	last := roster.Date{Year: to.Year, Month: to.Month, Day: 1}
	if last.Before(first) {
		return tl, roster.FieldErrorf("months", "the timeline ends (%s) before it starts (%s)", to, from)
	}
	if n := (last.Year-first.Year)*12 + int(last.Month-first.Month) + 1; n > 600 {
		return tl, roster.FieldErrorf("months", "a timeline of %d months is too long (at most 600)", n)
	}
	type doc struct {
		td       TimelineDoctor
		transfer roster.Date
		moves    bool
		prot     *Protection
	}
	var docs []doc
	var errs []error
	for _, td := range doctors {
		if td.Doctor.Status == roster.Left {
			continue
		}
		k := td.Doctor.Contract.Kind
		if k != roster.TCS2016 && k != roster.NewDeal2002 {
			continue
		}
		if td.Input.Doctor == "" {
			td.Input.Doctor = doctorLabel(td.Doctor)
		}
		dc := doc{td: td}
		if date, reason, ok := sc.TransferDate(td.Doctor); ok {
			dc.transfer, dc.moves = date, true
			tr := Transfer{Doctor: td.Input.Doctor, Date: date, Reason: reason}
			if sc.ProtectMonths > 0 {
				dc.prot = &Protection{
					From: date, Until: AddMonths(date, sc.ProtectMonths).AddDays(-1),
					ScalePoint: td.Input.ScalePoint, Band: td.Input.Band, Increments: sc.ProtectIncrements,
				}
				tr.ProtectedUntil = dc.prot.Until
			}
			tl.Transfers = append(tl.Transfers, tr)
		}
		docs = append(docs, dc)
	}
	sort.SliceStable(tl.Transfers, func(i, j int) bool { return tl.Transfers[i].Date.Before(tl.Transfers[j].Date) })

	type key struct {
		i       int
		kind    roster.ContractKind
		version string
	}
	cache := map[key]Money{}
	annual := func(i int, kind roster.ContractKind, d roster.Date) (Money, Money, error) {
		dc := docs[i]
		in := dc.td.Input
		t, err := sc.Tables.At(d)
		if err != nil {
			return Money{}, Money{}, err
		}
		if kind == roster.TCS2016 && dc.prot.Covers(d) {
			in.Protection = dc.prot
			s, err := Calculate(sc.Tables, d, kind, in)
			if err != nil {
				return Money{}, Money{}, err
			}
			e, _ := s.Element(ElemProtection)
			return s.Total, e.Amount, nil
		}
		k := key{i, kind, t.Version}
		if v, ok := cache[k]; ok {
			return v, Money{}, nil
		}
		in.Protection = nil
		s, err := Calculate(sc.Tables, d, kind, in)
		if err != nil {
			return Money{}, Money{}, err
		}
		cache[k] = s.Total
		return s.Total, Money{}, nil
	}
	failed := map[int]bool{}
	for m := first; !m.After(last); m = AddMonths(m, 1) {
		next := AddMonths(m, 1)
		mdays := int64(m.DaysUntil(next))
		mb := MonthBill{Month: m, Counts: map[roster.ContractKind]int{}}
		bill, prot := new(big.Rat), new(big.Rat)
		for i, dc := range docs {
			kindOn := func(d roster.Date) roster.ContractKind {
				if dc.moves && !d.Before(dc.transfer) {
					return roster.TCS2016
				}
				return dc.td.Doctor.Contract.Kind
			}
			mb.Counts[kindOn(m)]++
			if dc.moves && !dc.transfer.Before(m) && dc.transfer.Before(next) {
				mb.Transfers++
			}
			// Split the month where the contract, the pay table or the
			// protection changes.
			cuts := []roster.Date{m, next}
			if dc.moves && dc.transfer.After(m) && dc.transfer.Before(next) {
				cuts = append(cuts, dc.transfer)
			}
			for c := sc.Tables.nextChange(m); !c.IsZero() && c.Before(next); c = sc.Tables.nextChange(c) {
				cuts = append(cuts, c)
			}
			if dc.prot != nil {
				for _, c := range []roster.Date{dc.prot.Until.AddDays(1)} {
					if c.After(m) && c.Before(next) {
						cuts = append(cuts, c)
					}
				}
				if dc.prot.Increments {
					for y := dc.prot.From.Year + 1; y <= next.Year; y++ {
						c := roster.Date{Year: y, Month: dc.prot.From.Month, Day: dc.prot.From.Day}
						if c.After(m) && c.Before(next) {
							cuts = append(cuts, c)
						}
					}
				}
			}
			sort.Slice(cuts, func(a, b int) bool { return cuts[a].Before(cuts[b]) })
			for j := 0; j+1 < len(cuts); j++ {
				a, b := cuts[j], cuts[j+1]
				if !a.Before(b) {
					continue
				}
				total, p, err := annual(i, kindOn(a), a)
				if err != nil {
					if !failed[i] {
						errs = append(errs, err)
						failed[i] = true
					}
					continue
				}
				share := big.NewRat(int64(a.DaysUntil(b)), 12*mdays)
				bill.Add(bill, new(big.Rat).Mul(total.rat(), share))
				prot.Add(prot, new(big.Rat).Mul(p.rat(), share))
			}
		}
		mb.Bill, mb.Protection = moneyOf(bill), moneyOf(prot)
		tl.Total = tl.Total.Add(mb.Bill)
		tl.Months = append(tl.Months, mb)
	}
	if len(errs) > 0 {
		return Timeline{}, joinErrs(errs)
	}
	return tl, nil
}

func doctorLabel(d roster.Doctor) string {
	if n := d.Name(); n != "" {
		return n
	}
	if d.GMC != "" {
		return d.GMC
	}
	return fmt.Sprint(d.ID)
}

func daysIn(y, m int) int { return time.Date(y, time.Month(m)+1, 0, 12, 0, 0, 0, time.UTC).Day() }

func monthOf(m int) time.Month { return time.Month(m) }
