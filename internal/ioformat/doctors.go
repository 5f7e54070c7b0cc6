package ioformat

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// doctorColumns are the columns of a doctors file, in export order.
var doctorColumns = []column{
	{"gmc", true},
	{"given_name", true},
	{"family_name", true},
	{"email", false},
	{"grade", true},
	{"specialty", false},
	{"department", true},
	{"contract", true},
	{"tcs_version", false},
	{"nodal_point", false},
	{"band", false},
	{"scale_point", false},
	{"opt_out", false},
	{"ltft_percent", false},
	{"rotation_start", false},
	{"rotation_end", false},
	{"renewal_date", false},
	{"status", false},
}

// DoctorRecord is one row of a doctors file: the doctor and the
// department as written (a name, or a numeric ID). Doctor.DepartmentID
// and OrgID are set only once the record is resolved against a store.
type DoctorRecord struct {
	Line       int
	Department string
	Doctor     roster.Doctor
}

// ParseDoctors reads a doctors CSV file. It checks every row on its own
// (formats, grades, contracts, dates, duplicate GMC numbers in the file)
// and returns every problem joined; the records are returned only when
// there is none.
func ParseDoctors(r io.Reader, file string) ([]DoctorRecord, error) {
	el := &errorList{file: file}
	rows, ok := readRows(r, file, doctorColumns, el)
	if !ok {
		return nil, el.err()
	}
	var out []DoctorRecord
	firstLine := map[string]int{}
	for _, rw := range rows {
		rec, errs := parseDoctorRow(rw, el)
		if g := rec.Doctor.GMC; g != "" && !errs["gmc"] {
			if l, dup := firstLine[g]; dup {
				el.add(rw.line, "gmc", "duplicate doctor: GMC number %s is also on line %d", g, l)
			} else {
				firstLine[g] = rw.line
			}
		}
		out = append(out, rec)
	}
	if len(el.errs) > 0 {
		return nil, el.err()
	}
	return out, nil
}

func parseDoctorRow(rw row, el *errorList) (DoctorRecord, map[string]bool) {
	reported := map[string]bool{}
	bad := func(field, format string, args ...any) {
		reported[field] = true
		el.add(rw.line, field, format, args...)
	}
	d := roster.Doctor{
		GMC:        rw.get("gmc"),
		GivenName:  rw.get("given_name"),
		FamilyName: rw.get("family_name"),
		Email:      rw.get("email"),
		Specialty:  rw.get("specialty"),
	}
	rec := DoctorRecord{Line: rw.line, Department: rw.get("department")}
	if rec.Department == "" {
		bad("department", "a doctor needs a department")
	}
	if d.Email != "" && (!strings.Contains(d.Email, "@") || strings.ContainsAny(d.Email, " ,;<>")) {
		bad("email", "%q is not an email address", d.Email)
	}
	if g, err := roster.ParseGrade(rw.get("grade")); err != nil {
		bad("grade", "%v", err)
		reported["nodal_point"] = true // no default to check
	} else {
		d.Grade = g
	}
	if k, err := roster.ParseContractKind(rw.get("contract")); err != nil {
		bad("contract", "%v", err)
	} else {
		d.Contract.Kind = k
	}
	d.Contract.TCSVersion = rw.get("tcs_version")
	if d.Contract.Kind == roster.TCS2016 {
		switch d.Contract.TCSVersion {
		case "":
			d.Contract.TCSVersion = "2019-08"
		case "2016-08", "2019-08":
		default:
			bad("tcs_version", "unknown version %q of the 2016 terms (2016-08 or 2019-08)", d.Contract.TCSVersion)
		}
	} else if d.Contract.TCSVersion != "" && d.Contract.Kind != "" {
		bad("tcs_version", "a version of the 2016 terms is only for the tcs2016 contract, not %s", d.Contract.Kind)
	}
	if s := rw.get("nodal_point"); s != "" {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil:
			bad("nodal_point", "%q is not a whole number", s)
		case d.Contract.Kind != roster.TCS2016 && d.Contract.Kind != "":
			bad("nodal_point", "a nodal point is only for the tcs2016 contract, not %s", d.Contract.Kind)
		default:
			d.Contract.NodalPoint = n
		}
	} else if d.Contract.Kind == roster.TCS2016 {
		d.Contract.NodalPoint = d.Grade.DefaultNodalPoint()
		if d.Contract.NodalPoint == 0 && d.Grade != "" {
			bad("nodal_point", "grade %s has no default nodal point: give one (1 to 5)", d.Grade)
		}
	}
	d.Contract.Band = strings.ToUpper(rw.get("band"))
	if d.Contract.Band != "" && d.Contract.Kind != roster.NewDeal2002 && d.Contract.Kind != "" {
		bad("band", "a band is only for the newdeal2002 contract, not %s", d.Contract.Kind)
	}
	if s := rw.get("scale_point"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 20 {
			bad("scale_point", "%q is not a pay scale point (0 to 20)", s)
		}
		d.Contract.ScalePoint = n
	}
	switch s := strings.ToLower(rw.get("opt_out")); s {
	case "", "no", "n", "false", "0":
	case "yes", "y", "true", "1":
		d.Contract.OptOut = true
	default:
		bad("opt_out", "%q is not yes or no", s)
	}
	d.LTFTPercent = 100
	if s := strings.TrimSuffix(rw.get("ltft_percent"), "%"); s != "" {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			bad("ltft_percent", "%q is not a whole percentage (1 to 100)", rw.get("ltft_percent"))
		}
		d.LTFTPercent = n
	}
	for _, c := range []struct {
		name string
		dst  *roster.Date
	}{{"rotation_start", &d.RotationStart}, {"rotation_end", &d.RotationEnd}, {"renewal_date", &d.RenewalDate}} {
		v, err := roster.ParseDate(rw.get(c.name))
		if err != nil {
			bad(c.name, "%v", err)
		}
		*c.dst = v
	}
	d.Status = roster.EmploymentStatus(strings.ToLower(rw.get("status")))
	if d.Status == "" {
		d.Status = roster.Active
	}
	// The domain's own checks, for what the column checks above left.
	reported["name"] = reported["given_name"]
	for _, e := range flatten(d.Validate()) {
		el.addAll(rw.line, renameField(e, "name", "given_name"), reported)
	}
	rec.Doctor = d
	return rec, reported
}

// renameField maps a domain field name to its CSV column.
func renameField(err error, from, to string) error {
	if re, ok := err.(*roster.Error); ok && re.Field == from {
		c := *re
		c.Field = to
		return &c
	}
	return err
}

// doctorRow renders a doctor as a row of the doctors file.
func doctorRow(d roster.Doctor, department string) []string {
	itoa := func(n int, show bool) string {
		if !show {
			return ""
		}
		return strconv.Itoa(n)
	}
	optOut := "no"
	if d.Contract.OptOut {
		optOut = "yes"
	}
	tcs := d.Contract.Kind == roster.TCS2016
	nd := d.Contract.Kind == roster.NewDeal2002
	tcsVersion := ""
	if tcs {
		tcsVersion = d.Contract.TCSVersion
	}
	return []string{
		d.GMC, d.GivenName, d.FamilyName, d.Email, string(d.Grade), d.Specialty, department,
		string(d.Contract.Kind), tcsVersion, itoa(d.Contract.NodalPoint, tcs), d.Contract.Band,
		itoa(d.Contract.ScalePoint, nd), optOut, strconv.Itoa(d.LTFTPercent),
		d.RotationStart.String(), d.RotationEnd.String(), d.RenewalDate.String(), string(d.Status),
	}
}

// WriteDoctors writes records as a doctors CSV file (the import format).
func WriteDoctors(w io.Writer, recs []DoctorRecord) error {
	return writeCSV(w, doctorTable(recs))
}

func doctorTable(recs []DoctorRecord) table {
	t := table{sheet: "Doctors", header: headerOf(doctorColumns)}
	for _, r := range recs {
		t.rows = append(t.rows, doctorRow(r.Doctor, r.Department))
	}
	return t
}

// String describes a record for messages.
func (r DoctorRecord) String() string {
	return fmt.Sprintf("%s %s (GMC %s)", r.Doctor.GivenName, r.Doctor.FamilyName, r.Doctor.GMC)
}
