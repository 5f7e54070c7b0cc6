package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// TestBrowserBreachConfirm signs in as the department lead, sets a fifth
// night in a row in the grid, sees the breach and that nothing was saved,
// confirms with "Save anyway" and sees the row redrawn with the night
// marked and the doctor's count.
func TestBrowserBreachConfirm(t *testing.T) {
	ctx := newBrowser(t)
	f := newFixture(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	for d := 19; d <= 22; d++ {
		f.newAssignment(t, f.docA2, f.night, roster.Date{Year: 2026, Month: 10, Day: d})
	}
	fri := roster.Date{Year: 2026, Month: 10, Day: 23}
	cellSel := `#c-` + id(f.docA2.ID) + `-` + fri.String()
	must(t, signIn(ctx, ts.URL, "lead"))
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/departments/"+id(f.deptA.ID)+"/rota?from=2026-10-19"),
		chromedp.WaitVisible(css(`table.rota`)),
		htmxReady(cellSel),
		chromedp.Click(css(cellSel)),
		chromedp.WaitVisible(css(cellSel+` select[name=shift_type]`)),
		htmxReady(cellSel+` form`),
		chromedp.SetValue(css(cellSel+` select[name=shift_type]`), id(f.night.ID)),
		chromedp.Click(css(cellSel+` button[type=submit]`)),
		chromedp.WaitVisible(css(cellSel+` .breachwarn`)),
	))
	if warn := text(t, ctx, cellSel+` .breachwarn`); !strings.Contains(warn, "Not saved") || !strings.Contains(warn, "TCS2016-NIGHTS-MAX4") {
		t.Errorf("warning in the cell: %q", warn)
	}
	if n := len(dayAssignments(t, f, f.docA2.ID, fri)); n != 0 {
		t.Fatalf("saved before confirming: %d", n)
	}
	must(t, chromedp.Do(ctx,
		htmxReady(cellSel+` form`),
		chromedp.Click(css(cellSel+` button.danger`)),
		chromedp.WaitVisible(css(cellSel+`.breach span.shift`)),
	))
	if got := text(t, ctx, cellSel+` span.shift`); got != "N" {
		t.Errorf("saved cell shows %q", got)
	}
	if got := text(t, ctx, `#r-`+id(f.docA2.ID)+` .ccount.breach`); !strings.Contains(got, "breach") {
		t.Errorf("row count %q", got)
	}
	if n := len(dayAssignments(t, f, f.docA2.ID, fri)); n != 1 {
		t.Fatalf("saved after confirming: %d", n)
	}
	if a := confirmAudits(t, f); len(a) != 1 || !strings.Contains(a[0].Note, "TCS2016-NIGHTS-MAX4") {
		t.Errorf("audit %+v", a)
	}
	screenshot(t, ctx, "compliance-confirm.png", false)
}
