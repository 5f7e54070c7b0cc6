package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// TestBrowserDraft signs in as the lead, generates a draft from the
// drafts page, watches the progress fragment (htmx polling) give way to
// the review page, and accepts it. With ROTAGUARD_TEST_SCREENSHOTS=dir it
// writes dir/draft-review.png.
func TestBrowserDraft(t *testing.T) {
	ctx := newBrowser(t)
	f := newFixture(t)
	t.Cleanup(f.srv.CloseDrafts)
	backgroundDrafts(t, f)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	must(t, signIn(ctx, ts.URL, "lead"))
	// Waits on the drafts pages are WaitReady (the element is in the
	// page): WaitVisible stalls in this chromedp on some pages.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/departments/"+id(f.deptA.ID)+"/drafts"),
		chromedp.WaitReady(css(`form.draft-form`)),
		chromedp.SetValue(css(`form.draft-form input[name=from]`), draftFrom.String()),
		chromedp.SetValue(css(`form.draft-form select[name=weeks]`), "2"),
		chromedp.Click(css(`form.draft-form button[type=submit]`)),
		chromedp.WaitReady(css(`table.draft-grid`)),
	))
	if got := text(t, ctx, `dl.draft-summary`); !strings.Contains(got, "Cover short") {
		t.Errorf("summary reads %q", got)
	}
	screenshot(t, ctx, "draft-review.png", false)
	must(t, chromedp.Do(ctx,
		chromedp.Click(css(`form[action$="/accept"] button[type=submit]`)),
		chromedp.WaitReady(css(`table.rota:not(.draft-grid)`)),
	))
	as, err := f.st.ListAssignments(sysCtx(t), store.AssignmentFilter{DepartmentID: f.deptA.ID,
		From: dayStart(draftFrom), To: dayStart(draftFrom.AddDays(14))})
	must(t, err)
	drafted := 0
	for _, a := range as {
		if strings.HasPrefix(a.Note, "draft ") && a.Kind == roster.Work {
			drafted++
		}
	}
	if drafted != 10 {
		t.Errorf("%d drafted shifts in the rota after accepting, want 10 (an early shift each weekday)", drafted)
	}
}
