package web

import (
	"bytes"
	"encoding/csv"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// fileSafe turns a name into something safe in a download's file name.
func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "export"
	}
	return out
}

func attachment(w http.ResponseWriter, contentType, name string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "no-store")
}

// writeCSV sends rows (the first is the header) as a CSV download.
func writeCSV(w http.ResponseWriter, name string, rows [][]string) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	attachment(w, "text/csv; charset=utf-8", name)
	_, err := buf.WriteTo(w)
	return err
}

// sheet is one worksheet of an XLSX export: rows with a header first;
// cells of MoneyCols (0-based) hold decimal pounds ("46480.28") and are
// written as numbers shown with two places, the others as text (or
// numbers where IntCols says so).
type sheet struct {
	Name      string
	Rows      [][]string
	MoneyCols []int
	IntCols   []int
}

func hasCol(cols []int, i int) bool {
	for _, c := range cols {
		if c == i {
			return true
		}
	}
	return false
}

// writeXLSX sends the sheets as one workbook.
func writeXLSX(w http.ResponseWriter, name string, sheets []sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return err
	}
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sh.Name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(sh.Name)
		if err != nil {
			return err
		}
		for r, row := range sh.Rows {
			cells := make([]any, len(row))
			for c, v := range row {
				switch {
				case r == 0:
					cells[c] = excelize.Cell{StyleID: bold, Value: v}
				case v != "" && hasCol(sh.MoneyCols, c):
					x, err := strconv.ParseFloat(v, 64)
					if err != nil {
						cells[c] = v
						continue
					}
					cells[c] = excelize.Cell{StyleID: money, Value: x}
				case v != "" && hasCol(sh.IntCols, c):
					n, err := strconv.Atoi(v)
					if err != nil {
						cells[c] = v
						continue
					}
					cells[c] = n
				default:
					cells[c] = v
				}
			}
			cell, err := excelize.CoordinatesToCellName(1, r+1)
			if err != nil {
				return err
			}
			if err := sw.SetRow(cell, cells); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	attachment(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name)
	_, err = buf.WriteTo(w)
	return err
}
