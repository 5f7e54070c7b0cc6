// rotaguard's small page behaviours (no inline scripts: the pages are
// served with a Content-Security-Policy that forbids them).
document.addEventListener("DOMContentLoaded", function () {
  // Overview charts: data in data-chart on a canvas (Chart.js is loaded by that page only).
  if (typeof Chart !== "undefined") {
    document.querySelectorAll("canvas[data-chart]").forEach(function (c) {
      var d = JSON.parse(c.dataset.chart);
      new Chart(c, {
        type: "bar",
        data: { labels: d.labels, datasets: [{ data: d.values, backgroundColor: "#005eb8" }] },
        options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    });
  }
  // Forms that ask before deleting.
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.confirm(f.dataset.confirm)) e.preventDefault();
    });
  });
  // Selects that submit their form when changed.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
});
