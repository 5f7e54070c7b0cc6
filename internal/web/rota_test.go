package web

import (
	"testing"

	"github.com/rotaguard/rotaguard/internal/roster"
)

func TestAppendDate(t *testing.T) {
	d := roster.Date{Year: 2026, Month: 1, Day: 1}
	for range 800 {
		if got, want := string(appendDate(nil, d)), d.String(); got != want {
			t.Fatalf("appendDate(%v) = %q, want %q", d, got, want)
		}
		d = d.AddDays(1)
	}
}

func TestCellHTMLEscapes(t *testing.T) {
	cl := &cell{Dept: 3, Doctor: 7, Date: roster.Date{Year: 2026, Month: 10, Day: 24}, Editable: true,
		Items: []cellItem{{Code: `<b>`, Colour: `red;background:url(x)`}}, Title: `"quoted" & <tag>`, Err: "<script>"}
	got := string(cl.HTML())
	want := `<td class="cell we" id="c-7-2026-10-24" hx-get="/departments/3/rota/cell?doctor=7&amp;date=2026-10-24" hx-trigger="click" hx-target="this" hx-swap="outerHTML" tabindex="0"` +
		` title="&#34;quoted&#34; &amp; &lt;tag&gt;"><span class="shift" style="background: #dddddd; color: #000">&lt;b&gt;</span><span class="cellerr">&lt;script&gt;</span></td>`
	if got != want {
		t.Errorf("cell HTML\n got %s\nwant %s", got, want)
	}
}
