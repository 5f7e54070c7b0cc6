package solve

// model is a Problem compiled into flat arrays for the search.
type model struct {
	p       *Problem
	H, S, E int
	X       int        // S+1: assignment codes, 0 = off, s+1 = shift s
	pen     [][]int32  // [e][d*X+x] request penalty of code x on day d
	allow   [][]bool   // [e][d*X+x] whether code x is allowed on day d (days off, pins, zero limits)
	choices [][][]int8 // [e][d]: the codes allowed
	dayPen  []int32    // [(d*E+e)*X+x]: pen by day
	dayCh   [][]int8   // [d*E+e]: choices by day
	req     []int32    // [d*S+s]
	wu, wo  []int32
	forb    []bool // [s*S+t]: t must not follow s
	minutes []int
	wk      []int // weekend of day, -1 on weekdays
	nWk     int
	// wkLo, wkHi: the days [wkLo[k], wkHi[k]) of weekend k.
	wkLo, wkHi []int
	unit       int // length of the shortest shift, the unit of minute violations
}

func compile(p *Problem) *model {
	m := &model{p: p, H: p.Days, S: len(p.Shifts), E: len(p.Employees)}
	m.X = m.S + 1
	H, S, X := m.H, m.S, m.X
	m.minutes = make([]int, S)
	m.unit = 0
	for s, sh := range p.Shifts {
		m.minutes[s] = sh.Minutes
		if m.unit == 0 || sh.Minutes < m.unit {
			m.unit = sh.Minutes
		}
	}
	m.forb = make([]bool, S*S)
	for s, sh := range p.Shifts {
		for _, t := range sh.Forbidden {
			m.forb[s*S+t] = true
		}
	}
	m.wk = make([]int, H)
	for d := range m.wk {
		m.wk[d] = p.WeekendOf(d)
	}
	m.nWk = p.Weekends()
	m.wkLo, m.wkHi = make([]int, m.nWk+1), make([]int, m.nWk+1)
	for d := H - 1; d >= 0; d-- {
		if k := m.wk[d]; k >= 0 {
			m.wkLo[k] = d
		}
	}
	for d := 0; d < H; d++ {
		if k := m.wk[d]; k >= 0 {
			m.wkHi[k] = d + 1
		}
	}
	m.req = make([]int32, H*S)
	m.wu = make([]int32, H*S)
	m.wo = make([]int32, H*S)
	for _, c := range p.Cover {
		i := c.Day*S + c.Shift
		m.req[i], m.wu[i], m.wo[i] = int32(c.Requirement), int32(c.WeightUnder), int32(c.WeightOver)
	}
	m.pen = make([][]int32, m.E)
	m.allow = make([][]bool, m.E)
	m.choices = make([][][]int8, m.E)
	for e, emp := range p.Employees {
		pen := make([]int32, H*X)
		allow := make([]bool, H*X)
		for d := 0; d < H; d++ {
			allow[d*X] = true
			for s := 0; s < S; s++ {
				allow[d*X+s+1] = emp.MaxShifts[s] > 0
			}
		}
		for _, d := range emp.DaysOff {
			for s := 0; s < S; s++ {
				allow[d*X+s+1] = false
			}
		}
		m.pen[e], m.allow[e] = pen, allow
	}
	for _, pin := range p.Pins {
		for x := 0; x < X; x++ {
			m.allow[pin.Emp][pin.Day*X+x] = x == pin.Shift+1
		}
	}
	for _, q := range p.OnRequests {
		for x := 0; x < X; x++ {
			if x != q.Shift+1 {
				m.pen[q.Emp][q.Day*X+x] += int32(q.Weight)
			}
		}
	}
	for _, q := range p.OffRequests {
		m.pen[q.Emp][q.Day*X+q.Shift+1] += int32(q.Weight)
	}
	// The choices of all employees on a day lie together, as dayPen's
	// penalties do, for dayOpt, which reads every employee's on one day.
	n := 0
	for e := range m.choices {
		m.choices[e] = make([][]int8, H)
		for d := 0; d < H; d++ {
			for x := 0; x < X; x++ {
				if m.allow[e][d*X+x] {
					n++
				}
			}
		}
	}
	all := make([]int8, 0, n)
	m.dayPen = make([]int32, H*m.E*X)
	m.dayCh = make([][]int8, H*m.E)
	for d := 0; d < H; d++ {
		for e := range m.choices {
			k := len(all)
			for x := 0; x < X; x++ {
				if m.allow[e][d*X+x] {
					all = append(all, int8(x))
				}
			}
			m.choices[e][d] = all[k:len(all):len(all)]
			m.dayCh[d*m.E+e] = m.choices[e][d]
			copy(m.dayPen[(d*m.E+e)*X:(d*m.E+e+1)*X], m.pen[e][d*X:(d+1)*X])
		}
	}
	return m
}

// coverCost is the cover penalty of n employees on cell i (= d*S+s).
func (m *model) coverCost(i int, n int32) int32 {
	r := m.req[i]
	if n < r {
		return m.wu[i] * (r - n)
	}
	return m.wo[i] * (n - r)
}

// lineScratch is per-worker scratch space for evalLine.
type lineScratch struct {
	counts []int
}

// evalLine returns the hard-constraint violation units and the request
// penalty of employee e's line of codes (0 off, s+1 shift s).
func (m *model) evalLine(e int, line []int8, sc *lineScratch) (hard, soft int) {
	emp := &m.p.Employees[e]
	pen := m.pen[e]
	X, S, H := m.X, m.S, m.H
	counts := sc.counts
	for i := range counts {
		counts[i] = 0
	}
	mins := 0
	weekends := 0
	lastWk := -1
	prev := int8(0)
	runStart := 0
	for d := 0; d < H; d++ {
		x := line[d]
		soft += int(pen[d*X+int(x)])
		if x > 0 {
			s := int(x) - 1
			counts[s]++
			mins += m.minutes[s]
			if prev > 0 && m.forb[(int(prev)-1)*S+s] {
				hard++
			}
			if w := m.wk[d]; w >= 0 && w != lastWk {
				weekends++
				lastWk = w
			}
		}
		if d > 0 && (x > 0) != (prev > 0) {
			hard += m.runViolation(emp, prev > 0, runStart, d-1)
			runStart = d
		}
		prev = x
	}
	hard += m.runViolation(emp, prev > 0, runStart, H-1)
	for s, c := range counts {
		if c > emp.MaxShifts[s] {
			hard += c - emp.MaxShifts[s]
		}
	}
	if mins < emp.MinMinutes {
		hard += (emp.MinMinutes - mins + m.unit - 1) / m.unit
	} else if mins > emp.MaxMinutes {
		hard += (mins - emp.MaxMinutes + m.unit - 1) / m.unit
	}
	if weekends > emp.MaxWeekends {
		hard += weekends - emp.MaxWeekends
	}
	return hard, soft
}

// runViolation returns the violation units of the maximal run [a, b].
func (m *model) runViolation(emp *Employee, work bool, a, b int) int {
	n := b - a + 1
	inner := a > 0 && b < m.H-1
	if work {
		v := 0
		if n > emp.MaxConsecutive {
			v += n - emp.MaxConsecutive
		}
		if inner && n < emp.MinConsecutive {
			v += emp.MinConsecutive - n
		}
		return v
	}
	if inner && n < emp.MinConsecutiveOff {
		return emp.MinConsecutiveOff - n
	}
	return 0
}

// mostDaysWorked bounds the days emp can work in any r consecutive days:
// runs of at most MaxConsecutive days separated by at least the minimum
// rest (at least a day).
func mostDaysWorked(emp *Employee, r int) int {
	c := emp.MaxConsecutive
	period := c + max(emp.MinConsecutiveOff, 1)
	return (r/period)*c + min(r%period, c)
}

// fullDays marks the days of the full weeks: the 7 days ending on the
// last day of a weekend whose cover asks for more shifts than the staff
// can work in any 7 days (mostDaysWorked). Such a week is short
// whatever the roster, and it makes no difference which of its days are:
// a weekend worked there could as well be weekdays, and its short cells
// are not worth searching from as much as others. (Instance24 of the
// benchmark: its last week asks for 974 shifts of 150 staff who can work
// at most 750.)
func (m *model) fullDays() []bool {
	full := make([]bool, m.H)
	capWeek := 0
	for e := range m.p.Employees {
		capWeek += mostDaysWorked(&m.p.Employees[e], 7)
	}
	for k := 0; k < m.nWk; k++ {
		end := m.wkHi[k]
		if end < 7 {
			continue
		}
		dem := 0
		for i := (end - 7) * m.S; i < end*m.S; i++ {
			dem += int(m.req[i])
		}
		if dem > capWeek {
			for d := end - 7; d < end; d++ {
				full[d] = true
			}
		}
	}
	return full
}
