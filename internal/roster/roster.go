// Package roster holds rotaguard's domain types: organisations, sites,
// departments, doctors and their contracts, shift types, rota templates,
// assignments and leave, users and the audit log. It imports no database
// and no HTTP; the store and web packages build on it.
package roster

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ID identifies a stored entity. Zero means "not yet stored".
type ID = int64

// Organisation is an NHS trust (or another employer).
type Organisation struct {
	ID      ID     `json:"id"`
	Code    string `json:"code"` // e.g. the ODS code "RXX"
	Name    string `json:"name"`
	Region  string `json:"region"` // NHS England region, e.g. "London"
	Version int64  `json:"version"`
}

// Site is a hospital site of an organisation.
type Site struct {
	ID      ID     `json:"id"`
	OrgID   ID     `json:"org_id"`
	Name    string `json:"name"`
	Version int64  `json:"version"`
}

// Department is a department or specialty team at a site, the unit that
// owns a rota.
type Department struct {
	ID        ID     `json:"id"`
	OrgID     ID     `json:"org_id"`
	SiteID    ID     `json:"site_id"`
	Name      string `json:"name"`
	Specialty string `json:"specialty"`
	Version   int64  `json:"version"`
}

// Grade is a doctor's grade.
type Grade string

// Grades, in order of seniority.
const (
	FY1 Grade = "FY1"
	FY2 Grade = "FY2"
	CT1 Grade = "CT1"
	CT2 Grade = "CT2"
	CT3 Grade = "CT3"
	ST1 Grade = "ST1"
	ST2 Grade = "ST2"
	ST3 Grade = "ST3"
	ST4 Grade = "ST4"
	ST5 Grade = "ST5"
	ST6 Grade = "ST6"
	ST7 Grade = "ST7"
	ST8 Grade = "ST8"
	// SAS is a specialty, associate specialist or specialist doctor.
	SAS        Grade = "SAS"
	Consultant Grade = "Consultant"
)

// Grades lists every grade in order of seniority.
var Grades = []Grade{FY1, FY2, CT1, CT2, CT3, ST1, ST2, ST3, ST4, ST5, ST6, ST7, ST8, SAS, Consultant}

// ParseGrade accepts a grade name in any letter case ("st4", "Consultant").
func ParseGrade(s string) (Grade, error) {
	for _, g := range Grades {
		if strings.EqualFold(string(g), strings.TrimSpace(s)) {
			return g, nil
		}
	}
	return "", fmt.Errorf("unknown grade %q (one of FY1, FY2, CT1–CT3, ST1–ST8, SAS, Consultant)", s)
}

// InTraining reports whether the grade is a resident (junior) doctor in training.
func (g Grade) InTraining() bool { return g != SAS && g != Consultant && g != "" }

// DefaultNodalPoint is the 2016-terms nodal point for a grade (§6.1 of the
// spec): FY1→1, FY2→2, CT1–2/ST1–2→3, CT3/ST3–5→4, ST6–8→5. Zero for grades
// outside the 2016 terms.
func (g Grade) DefaultNodalPoint() int {
	switch g {
	case FY1:
		return 1
	case FY2:
		return 2
	case CT1, CT2, ST1, ST2:
		return 3
	case CT3, ST3, ST4, ST5:
		return 4
	case ST6, ST7, ST8:
		return 5
	}
	return 0
}

// ContractKind is the set of terms a doctor is employed on.
type ContractKind string

// Contract kinds. The names are the ones used in CSV files and on the CLI.
const (
	TCS2016     ContractKind = "tcs2016"     // 2016 terms and conditions (resident doctors, England)
	NewDeal2002 ContractKind = "newdeal2002" // 2002 terms with New Deal hours and banding
	ConsultantC ContractKind = "consultant"  // consultant contract (not checked by the resident-doctor rules)
	SASC        ContractKind = "sas"         // specialty and specialist contracts
)

// ParseContractKind accepts the CSV/CLI names and a few common spellings.
func ParseContractKind(s string) (ContractKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "tcs2016", "2016", "tcs":
		return TCS2016, nil
	case "newdeal2002", "2002", "newdeal", "nd2002":
		return NewDeal2002, nil
	case "consultant":
		return ConsultantC, nil
	case "sas":
		return SASC, nil
	}
	return "", fmt.Errorf("unknown contract %q (one of tcs2016, newdeal2002, consultant, sas)", s)
}

// Contract is the contract a doctor holds now.
type Contract struct {
	Kind ContractKind `json:"kind"`
	// TCSVersion is the version of the 2016 terms: "2016-08" or "2019-08" (default).
	TCSVersion string `json:"tcs_version,omitempty"`
	// NodalPoint (1–5) for the 2016 terms.
	NodalPoint int `json:"nodal_point,omitempty"`
	// Band for the 2002 contract: "1A", "1B", "1C", "2A", "2B", "3" or "" (unbanded).
	Band string `json:"band,omitempty"`
	// ScalePoint is the incremental point on the 2002 pay scale (0-based).
	ScalePoint int `json:"scale_point,omitempty"`
	// OptOut records a signed Working Time Regulations opt-out (56 h cap).
	OptOut bool `json:"opt_out,omitempty"`
}

// EmploymentStatus of a doctor.
type EmploymentStatus string

// Employment statuses.
const (
	Active  EmploymentStatus = "active"
	OnLeave EmploymentStatus = "on_leave" // long-term leave (parental, sick)
	Left    EmploymentStatus = "left"
)

// Doctor is a doctor in the register. Union membership is not here: it
// is special-category data, held apart (see UnionMembership).
type Doctor struct {
	ID           ID       `json:"id"`
	OrgID        ID       `json:"org_id"`
	DepartmentID ID       `json:"department_id"`
	GMC          string   `json:"gmc"` // 7-digit GMC reference number, unique
	GivenName    string   `json:"given_name"`
	FamilyName   string   `json:"family_name"`
	Email        string   `json:"email"`
	Grade        Grade    `json:"grade"`
	Specialty    string   `json:"specialty"`
	Contract     Contract `json:"contract"`
	// LTFTPercent is the less-than-full-time percentage: 100 = full time.
	LTFTPercent   int              `json:"ltft_percent"`
	RotationStart Date             `json:"rotation_start"`
	RotationEnd   Date             `json:"rotation_end"`
	RenewalDate   Date             `json:"renewal_date"` // when the current contract renews
	Status        EmploymentStatus `json:"status"`
	Version       int64            `json:"version"`
}

// Name returns "Given Family".
func (d Doctor) Name() string { return strings.TrimSpace(d.GivenName + " " + d.FamilyName) }

// LTFT returns the less-than-full-time fraction (1.0 = full time).
func (d Doctor) LTFT() float64 {
	if d.LTFTPercent <= 0 {
		return 1
	}
	return float64(d.LTFTPercent) / 100
}

// Validate checks a doctor's fields, returning every problem joined.
func (d Doctor) Validate() error {
	var errs []error
	if strings.TrimSpace(d.GivenName) == "" && strings.TrimSpace(d.FamilyName) == "" {
		errs = append(errs, FieldErrorf("name", "a doctor needs a name"))
	}
	if !validGMC(d.GMC) {
		errs = append(errs, FieldErrorf("gmc", "GMC number %q must be 7 digits", d.GMC))
	}
	if _, err := ParseGrade(string(d.Grade)); err != nil {
		errs = append(errs, FieldErrorf("grade", "%v", err))
	}
	if _, err := ParseContractKind(string(d.Contract.Kind)); err != nil {
		errs = append(errs, FieldErrorf("contract", "%v", err))
	}
	if d.Contract.Kind == TCS2016 && (d.Contract.NodalPoint < 1 || d.Contract.NodalPoint > 5) {
		errs = append(errs, FieldErrorf("nodal_point", "nodal point %d must be 1 to 5 for the 2016 terms", d.Contract.NodalPoint))
	}
	if d.Contract.Kind == NewDeal2002 && !validBand(d.Contract.Band) {
		errs = append(errs, FieldErrorf("band", "band %q must be one of 1A, 1B, 1C, 2A, 2B, 3 or empty", d.Contract.Band))
	}
	if d.LTFTPercent < 1 || d.LTFTPercent > 100 {
		errs = append(errs, FieldErrorf("ltft_percent", "less-than-full-time percentage %d must be 1 to 100", d.LTFTPercent))
	}
	if !d.RotationStart.IsZero() && !d.RotationEnd.IsZero() && d.RotationEnd.Before(d.RotationStart) {
		errs = append(errs, FieldErrorf("rotation_end", "rotation ends (%s) before it starts (%s)", d.RotationEnd, d.RotationStart))
	}
	switch d.Status {
	case Active, OnLeave, Left:
	default:
		errs = append(errs, FieldErrorf("status", "unknown employment status %q (active, on_leave, left)", d.Status))
	}
	return joinErrs(errs)
}

func validGMC(s string) bool {
	if len(s) != 7 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func validBand(b string) bool {
	switch b {
	case "", "1A", "1B", "1C", "2A", "2B", "3":
		return true
	}
	return false
}

// UnionMembership is special-category personal data (trade union
// membership, UK GDPR art. 9). It is stored apart from the doctor, shown
// only to roles allowed to see it, and every read is audited.
type UnionMembership struct {
	DoctorID   ID        `json:"doctor_id"`
	Union      string    `json:"union"` // e.g. "BMA", "HCSA"; "" = not a member
	Member     bool      `json:"member"`
	RecordedAt time.Time `json:"recorded_at"`
	Version    int64     `json:"version"`
}

// Kind of a rostered period.
type Kind string

// Period kinds, as used in rota CSV files.
const (
	Work   Kind = "work"   // a rostered shift (resident, on site)
	OnCall Kind = "oncall" // non-resident on-call availability
	Leave  Kind = "leave"  // annual, study or other leave
)

// ParseKind accepts work, oncall or leave.
func ParseKind(s string) (Kind, error) {
	switch Kind(strings.ToLower(strings.TrimSpace(s))) {
	case Work:
		return Work, nil
	case OnCall, "on-call", "on_call":
		return OnCall, nil
	case Leave:
		return Leave, nil
	}
	return "", fmt.Errorf("unknown kind %q (one of work, oncall, leave)", s)
}

// ShiftType is a named shift of a department: "LD" long day 08:00 for 12 h 30 min.
type ShiftType struct {
	ID           ID     `json:"id"`
	DepartmentID ID     `json:"department_id"`
	Code         string `json:"code"` // short code shown in the rota grid, e.g. "N"
	Name         string `json:"name"`
	// StartMinute is the local start time in minutes after midnight.
	StartMinute int `json:"start_minute"`
	// LengthMinutes is the nominal (wall-clock) length.
	LengthMinutes int    `json:"length_minutes"`
	Kind          Kind   `json:"kind"`
	Colour        string `json:"colour"` // CSS colour for the grid, e.g. "#1f77b4"
	Version       int64  `json:"version"`
}

// On returns the real start and end instants of the shift type worked on
// local date d. The end is start + length in wall-clock terms, so a
// 21:00–09:00 night over the October change lasts 13 h and over the
// March change 11 h (spec C-1).
func (s ShiftType) On(d Date) (start, end time.Time) {
	start = time.Date(d.Year, d.Month, d.Day, 0, s.StartMinute, 0, 0, London)
	end = time.Date(d.Year, d.Month, d.Day, 0, s.StartMinute+s.LengthMinutes, 0, 0, London)
	return start.UTC(), end.UTC()
}

// RotaTemplate is an N-week pattern of lines; each line is one doctor's
// sequence of shift codes, one per day starting on a Monday ("" = off).
// Doctors rotate through the lines week by week.
type RotaTemplate struct {
	ID           ID         `json:"id"`
	DepartmentID ID         `json:"department_id"`
	Name         string     `json:"name"`
	Weeks        int        `json:"weeks"`
	Lines        [][]string `json:"lines"` // len(Lines[i]) == 7*Weeks
	Version      int64      `json:"version"`
}

// Assignment is one rostered period for one doctor: a shift, an on-call
// period or leave, as real instants (stored UTC, half-open [Start, End)).
type Assignment struct {
	ID           ID        `json:"id"`
	DoctorID     ID        `json:"doctor_id"`
	DepartmentID ID        `json:"department_id"`
	ShiftTypeID  ID        `json:"shift_type_id,omitempty"` // 0 = ad hoc
	Kind         Kind      `json:"kind"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	Note         string    `json:"note,omitempty"`
	Version      int64     `json:"version"`
}

// Minutes returns the elapsed length of the assignment.
func (a Assignment) Minutes() int64 { return Minutes(a.End.Sub(a.Start)) }

// Validate checks that an assignment has a kind and a positive length.
func (a Assignment) Validate() error {
	var errs []error
	if _, err := ParseKind(string(a.Kind)); err != nil {
		errs = append(errs, FieldErrorf("kind", "%v", err))
	}
	if a.Start.IsZero() || a.End.IsZero() {
		errs = append(errs, FieldErrorf("start", "an assignment needs a start and an end"))
	} else if !a.End.After(a.Start) {
		errs = append(errs, FieldErrorf("end", "end %s is not after start %s", FormatLocal(a.End), FormatLocal(a.Start)))
	}
	if a.DoctorID == 0 {
		errs = append(errs, FieldErrorf("doctor_id", "an assignment needs a doctor"))
	}
	return joinErrs(errs)
}

// Overlaps reports whether two half-open periods overlap.
func (a Assignment) Overlaps(b Assignment) bool {
	return a.Start.Before(b.End) && b.Start.Before(a.End)
}

func joinErrs(errs []error) error { return errors.Join(errs...) }
