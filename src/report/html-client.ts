// The report page's own script, as text: it reads the JSON data block and draws the charts with the
// inlined chart.js (window.Chart), for the total first; the endpoint picker (a <select>, present when
// the run has more than one endpoint) swaps the charts' data for another endpoint's. With History, a
// fourth chart shows p50/p95/p99 over main's recent runs and this run. Plain ES2020 with
// no template literals, so it can sit in a TS string. Endpoint names reach the page only as text
// (option labels built by html.ts, chart titles drawn on canvas). Runs only in the browser that opens
// report.html; html.ts places it in the page.

export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var css = getComputedStyle(document.documentElement);
  function color(name) { return css.getPropertyValue(name).trim(); }
  var ink = color('--ink'), grid = color('--grid'), shade = color('--shade');
  var palette = { p50: color('--c1'), p95: color('--c2'), p99: color('--c3'), base: color('--c4'), err: color('--c5') };
  Chart.defaults.color = ink;
  Chart.defaults.borderColor = grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;

  // Shades the seconds outside the steady window, which the analysis trimmed.
  var trimShade = {
    id: 'trimShade',
    beforeDatasetsDraw: function (chart, args, options) {
      if (!options || options.seconds === undefined) return;
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = shade;
      var left = x.getPixelForValue(0), start = x.getPixelForValue(options.start);
      var end = x.getPixelForValue(options.end), right = x.getPixelForValue(options.seconds);
      if (start > left) ctx.fillRect(left, area.top, start - left, area.bottom - area.top);
      if (right > end) ctx.fillRect(end, area.top, right - end, area.bottom - area.top);
      ctx.restore();
    }
  };
  Chart.register(trimShade);

  function line(label, points, colour, dashed) {
    return { label: label, data: points, borderColor: colour, backgroundColor: colour, borderWidth: 1.5,
      pointRadius: 0, spanGaps: false, borderDash: dashed ? [5, 4] : [], tension: 0 };
  }
  function secondsAxis(max) {
    return { type: 'linear', min: 0, max: max, title: { display: true, text: 'seconds since start' }, grid: { color: grid } };
  }
  function shadeOptions(run) {
    return { start: run.steadyStartSec, end: run.steadyEndSec, seconds: run.seconds };
  }
  function msTick(value) { return value >= 1000 ? (value / 1000) + ' s' : value + ' ms'; }

  var qLabels = { 1: '0 %', 10: '90 %', 100: '99 %', 1000: '99.9 %', 10000: '99.99 %', 100000: '99.999 %', 1000000: '99.9999 %' };
  function latencySets(cur, base) {
    var sets = [line('p50', cur.p50, palette.p50), line('p95', cur.p95, palette.p95), line('p99', cur.p99, palette.p99)];
    if (base) sets.push(line('main p95', base.p95, palette.base, true));
    return sets;
  }
  function rateSets(cur, base) {
    var sets = [line('requests/s', cur.requestsPerSec, palette.p50), line('errors/s', cur.errorsPerSec, palette.err)];
    if (base) sets.push(line('main requests/s', base.requestsPerSec, palette.base, true));
    return sets;
  }
  function spectrumSets(cur, base) {
    var sets = [line('this run', cur.spectrum, palette.p95)];
    if (base) sets.push(line('main', base.spectrum, palette.base, true));
    return sets;
  }
  var maxSeconds = 0;
  data.series.forEach(function (entry) {
    maxSeconds = Math.max(maxSeconds, entry.current.seconds, entry.baseline ? entry.baseline.seconds : 0);
  });

  var first = data.series[0];
  var charts = [];
  charts.push(new Chart(document.getElementById('chart-latency'), {
    type: 'line',
    data: { datasets: latencySets(first.current, first.baseline) },
    options: { parsing: false, scales: { x: secondsAxis(maxSeconds), y: { beginAtZero: true, title: { display: true, text: 'latency' }, ticks: { callback: msTick } } },
      plugins: { trimShade: shadeOptions(first.current), title: { display: true, text: 'Latency per second (shaded: trimmed warm-up and tail)' } } }
  }));
  charts.push(new Chart(document.getElementById('chart-throughput'), {
    type: 'line',
    data: { datasets: rateSets(first.current, first.baseline) },
    options: { parsing: false, scales: { x: secondsAxis(maxSeconds), y: { beginAtZero: true, title: { display: true, text: 'per second' } } },
      plugins: { trimShade: shadeOptions(first.current), title: { display: true, text: 'Throughput and errors per second' } } }
  }));
  charts.push(new Chart(document.getElementById('chart-spectrum'), {
    type: 'line',
    data: { datasets: spectrumSets(first.current, first.baseline) },
    options: { parsing: false,
      scales: {
        x: { type: 'logarithmic', min: 1, title: { display: true, text: 'percentile' },
          ticks: { autoSkip: false, maxRotation: 0, callback: function (value) { return qLabels[value] || ''; } },
          grid: { color: function (context) { return context.tick && qLabels[context.tick.value] ? grid : 'transparent'; } } },
        y: { beginAtZero: true, title: { display: true, text: 'latency' }, ticks: { callback: msTick } }
      },
      plugins: { title: { display: true, text: 'Latency by percentile over the steady window' },
        tooltip: { callbacks: { title: function (items) { var x = items[0].parsed.x; return 'p' + (100 * (1 - 1 / x)).toPrecision(6).replace(/\.?0+$/, ''); } } } } }
  }));
  function trendSets(trend) {
    if (!trend) return [];
    function points(values) { return values.map(function (y, x) { return { x: x, y: y }; }); }
    return [line('p50', points(trend.p50), palette.p50), line('p95', points(trend.p95), palette.p95), line('p99', points(trend.p99), palette.p99)];
  }
  // The trend's x axis is the run's position; its labels (short commit SHAs) change with the endpoint.
  var trendLabels = first.trend ? first.trend.labels : [];
  var trendCanvas = document.getElementById('chart-trend');
  var trendChart = trendCanvas ? new Chart(trendCanvas, {
    type: 'line',
    data: { datasets: trendSets(first.trend) },
    options: { parsing: false,
      scales: {
        x: { type: 'linear', min: 0, max: Math.max(1, trendLabels.length - 1), title: { display: true, text: 'main runs, oldest first, then this run' },
          ticks: { stepSize: 1, autoSkip: true, maxRotation: 60, callback: function (value) { return trendLabels[value] || ''; } } },
        y: { beginAtZero: true, title: { display: true, text: 'latency' }, ticks: { callback: msTick } }
      },
      plugins: { title: { display: true, text: 'Steady-state percentiles: main\u2019s recent runs and this run' },
        tooltip: { callbacks: { title: function (items) { return trendLabels[items[0].parsed.x] || ''; } } } } }
  }) : undefined;
  var titles = charts.map(function (chart) { return chart.options.plugins.title.text; });
  var trendTitle = trendChart ? trendChart.options.plugins.title.text : '';
  function named(text, index, entry) { return index === 0 ? text : text + ' \u2014 ' + entry.name; }

  function show(index) {
    var entry = data.series[index];
    if (!entry) return;
    var builders = [latencySets, rateSets, spectrumSets];
    charts.forEach(function (chart, i) {
      chart.data.datasets = builders[i](entry.current, entry.baseline);
      chart.options.plugins.title.text = named(titles[i], index, entry);
      chart.update();
    });
    if (trendChart) {
      trendLabels = entry.trend ? entry.trend.labels : [];
      trendChart.data.datasets = trendSets(entry.trend);
      trendChart.options.scales.x.max = Math.max(1, trendLabels.length - 1);
      trendChart.options.plugins.title.text = named(trendTitle, index, entry);
      trendChart.update();
    }
  }
  var picker = document.getElementById('endpoint-picker');
  if (picker) picker.addEventListener('change', function () { show(Number(picker.value)); });
  window.perfReportCharts = trendChart ? charts.concat([trendChart]) : charts;
})();
`;
