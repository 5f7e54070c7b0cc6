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

// TestCellHTMLMarks: a cell in a breach has the class, the mark and the
// escaped messages in its title and in hidden text for screen readers.
func TestCellHTMLMarks(t *testing.T) {
	for _, tc := range []struct {
		mark  int8
		class string
		icon  string
	}{
		{markBreach, "cell breach", `<span class="cmark" aria-hidden="true">!</span>`},
		{markWarning, "cell warn", `<span class="cmark" aria-hidden="true">?</span>`},
	} {
		cl := &cell{Dept: 3, Doctor: 7, Date: roster.Date{Year: 2026, Month: 10, Day: 21}, Title: "Night 21:00–09:30",
			Mark: tc.mark, Notes: []string{`Breach R-1: a < b & "c"`, "Warning R-2: near"}}
		got := string(cl.HTML())
		want := `<td class="` + tc.class + `" id="c-7-2026-10-21" title="Night 21:00–09:30&#10;Breach R-1: a &lt; b &amp; &#34;c&#34;&#10;Warning R-2: near">` +
			tc.icon + `<span class="vh">Breach R-1: a &lt; b &amp; &#34;c&#34;; Warning R-2: near</span></td>`
		if got != want {
			t.Errorf("cell HTML\n got %s\nwant %s", got, want)
		}
	}
}
