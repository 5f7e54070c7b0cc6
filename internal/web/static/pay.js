// Pay overview charts (templates/pay_overview.html). The data is in a
// <script type="application/json" id="pay-charts"> block: the
// Content-Security-Policy forbids inline script, not data.
document.addEventListener("DOMContentLoaded", function () {
  var src = document.getElementById("pay-charts");
  if (!src || typeof Chart === "undefined") return;
  var charts = JSON.parse(src.textContent);
  var palette = ["#005eb8", "#e07b00", "#009639", "#7c2855", "#00a9ce", "#ae2573", "#ffb81c", "#425563",
    "#330072", "#78be20", "#8a1538", "#41b6e6", "#ed8b00", "#006747", "#768692", "#aa9f00"];
  var pounds = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });
  document.querySelectorAll("canvas[data-pay-chart]").forEach(function (c) {
    var d = charts[c.dataset.payChart];
    if (!d) return;
    var datasets = (d.datasets || []).map(function (s, i) {
      var colour = palette[i % palette.length];
      return { label: s.label, data: s.data, backgroundColor: colour, borderColor: colour, fill: false, tension: 0.1 };
    });
    var y = { beginAtZero: !d.money, stacked: d.stacked, ticks: d.money ? { callback: function (v) { return pounds.format(v); } } : { precision: 0 } };
    new Chart(c, {
      type: d.type,
      data: { labels: d.labels || [], datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: datasets.length > 1, position: "bottom" },
          tooltip: d.money ? { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + pounds.format(ctx.parsed.y); } } } : {}
        },
        scales: { x: { stacked: d.stacked }, y: y }
      }
    });
  });
});
