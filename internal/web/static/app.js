// rotaguard: draws the small charts on the overview (data in data-chart).
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") return;
  document.querySelectorAll("canvas[data-chart]").forEach(function (c) {
    var d = JSON.parse(c.dataset.chart);
    new Chart(c, {
      type: "bar",
      data: { labels: d.labels, datasets: [{ data: d.values, backgroundColor: "#005eb8" }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  });
});
