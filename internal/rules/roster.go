package rules

import (
	"strconv"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// ProfileOf returns the Profile of a doctor in the register. The doctor
// identifier in findings is the register ID.
func ProfileOf(d roster.Doctor) Profile {
	return Profile{
		Doctor:     strconv.FormatInt(d.ID, 10),
		Contract:   d.Contract.Kind,
		TCSVersion: d.Contract.TCSVersion,
		OptOut:     d.Contract.OptOut,
		Grade:      d.Grade,
		LTFT:       d.LTFT(),
	}
}

// AppendAssignments appends a doctor's stored assignments to dst as
// periods (the web app and the solver check what they hold without a
// CSV round trip). Line is 0; assignments carry no break.
func AppendAssignments(dst []Period, doctor string, as []roster.Assignment) []Period {
	for _, a := range as {
		dst = append(dst, Period{Doctor: doctor, Start: a.Start.UTC(), End: a.End.UTC(), Kind: a.Kind})
	}
	return dst
}
