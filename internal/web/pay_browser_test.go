package web

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rotaguard/rotaguard/internal/demo"
)

// TestBrowserPayPages signs in to a small demo trust as the workforce
// manager, opens the pay overview and checks that the three charts are
// drawn (Chart.js under the Content-Security-Policy, data from the JSON
// block) and that on a phone-sized screen the page itself does not
// scroll sideways (wide tables scroll inside their wrappers); then the
// doctor user opens their own pay page. With ROTAGUARD_TEST_SCREENSHOTS
// set to a directory, it saves screenshots there.
func TestBrowserPayPages(t *testing.T) {
	skipUnlessBrowser(t)
	pd := newPayDemo(t)
	ts := httptest.NewServer(pd.srv)
	defer ts.Close()
	ctx := newBrowser(t)
	signInAs := func(user string) {
		t.Helper()
		must(t, chromedp.Do(ctx,
			chromedp.Navigate(ts.URL+"/signin"),
			chromedp.WaitVisible(css(`input[name=username]`)),
			chromedp.SendKeys(css(`input[name=username]`), user),
			chromedp.SendKeys(css(`input[name=password]`), demo.Password(3, user)),
			chromedp.Click(css(`form[action="/signin"] button[type=submit]`)),
			chromedp.WaitVisible(css(`header.top nav`)),
		))
	}
	save := func(name string) { t.Helper(); screenshot(t, ctx, name, true) }

	signInAs("workforce")
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/pay?from=2026-08-10&impose=2026-09-01&protect=6&uplift=3&uplift_from=2027-01-01"),
		chromedp.WaitVisible(css(`canvas[data-pay-chart=projection]`)),
	))
	drawn, err := chromedp.Run(ctx, chromedp.Poll[bool](`["histogram", "transition", "projection"].every(function (n) {
			var c = document.querySelector("canvas[data-pay-chart=" + n + "]");
			var ch = c && window.Chart && Chart.getChart(c);
			return !!ch && ch.data.datasets.length > 0 && ch.data.labels.length > 0;
		})`))
	must(t, err)
	if !drawn {
		t.Fatal("the pay charts were not drawn")
	}
	nProjection, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Chart.getChart(document.querySelector("canvas[data-pay-chart=projection]")).data.datasets.length`))
	must(t, err)
	if nProjection != 3 {
		t.Errorf("projection chart has %d lines, want 3 scenarios", nProjection)
	}
	save("pay-overview.png")
	for _, n := range []string{"histogram", "transition", "projection"} {
		if dir := os.Getenv("ROTAGUARD_TEST_SCREENSHOTS"); dir != "" {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[any](`document.querySelector("canvas[data-pay-chart=`+n+`]").scrollIntoView()`))
			must(t, err)
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			must(t, err)
			must(t, os.WriteFile(filepath.Join(dir, "pay-chart-"+n+".png"), png, 0o644))
		}
	}

	// A phone: the page does not scroll sideways.
	must(t, chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Reload(),
		chromedp.WaitVisible(css(`canvas[data-pay-chart=projection]`)),
	))
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	must(t, err)
	if overflow {
		t.Error("on a 390 px screen the pay overview scrolls sideways")
	}
	save("pay-overview-phone.png")

	// The doctor's own pay page, from their doctor page's link.
	must(t, chromedp.Do(ctx,
		chromedp.EmulateViewport(1600, 1000),
		chromedp.Click(css(`form.signout button`)),
		chromedp.WaitVisible(css(`input[name=username]`)),
	))
	signInAs("doctor")
	must(t, chromedp.Do(ctx,
		chromedp.WaitVisible(css(`section.pay`)),
		chromedp.Click(css(`section.pay a[href*="/pay?from="]`)),
		chromedp.WaitVisible(css(`table.pay-elements`)),
	))
	if h := text(t, ctx, `main h1`); len(h) < 10 {
		t.Errorf("pay page heading %q", h)
	}
	save("pay-doctor.png")
}
