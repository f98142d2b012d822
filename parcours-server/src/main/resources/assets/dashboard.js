// The dashboard's few lines of script. The pages work without it (every touchpoint has its own
// page, every chart its CSV); it adds the panel beside the map, and draws the charts with ECharts.
(function () {
  'use strict';
  var csrf = document.querySelector('meta[name="csrf-token"]');

  // htmx requests that change something carry the session's CSRF token, as forms do.
  document.addEventListener('htmx:configRequest', function (event) {
    if (csrf && csrf.content) {
      event.detail.headers['X-CSRF-Token'] = csrf.content;
    }
  });

  // A touchpoint of the drawing opens its panel, by a click or by Enter or Space on it.
  function openPanel(touchpoint) {
    var drawing = touchpoint.closest('[data-panel-base]');
    var panel = document.getElementById('panel');
    if (!drawing || !panel || !window.htmx) {
      window.location.href = (drawing ? drawing.getAttribute('data-panel-base') : '') +
          encodeURIComponent(touchpoint.getAttribute('data-touchpoint'));
      return;
    }
    document.querySelectorAll('.touchpoint.selected').forEach(function (other) { other.classList.remove('selected'); });
    touchpoint.classList.add('selected');
    panel.hidden = false;
    window.htmx.ajax('GET', drawing.getAttribute('data-panel-base') +
        encodeURIComponent(touchpoint.getAttribute('data-touchpoint')), { target: '#panel', swap: 'innerHTML' });
  }

  document.addEventListener('click', function (event) {
    var touchpoint = event.target.closest && event.target.closest('g[data-touchpoint]');
    if (touchpoint) {
      openPanel(touchpoint);
      return;
    }
    if (event.target.closest && event.target.closest('[data-close-panel]')) {
      var panel = document.getElementById('panel');
      panel.hidden = true;
      panel.innerHTML = '';
      var selected = document.querySelector('.touchpoint.selected');
      if (selected) {
        selected.classList.remove('selected');
        selected.focus();
      }
    }
  });
  document.addEventListener('keydown', function (event) {
    var touchpoint = event.target.closest && event.target.closest('g[data-touchpoint]');
    if (touchpoint && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      openPanel(touchpoint);
    }
  });

  // After the panel arrives: move the focus to its title, and draw its charts.
  document.addEventListener('htmx:afterSwap', function (event) {
    if (event.detail.target && event.detail.target.id === 'panel') {
      var title = document.getElementById('panel-title');
      if (title) {
        title.focus();
      }
    }
    drawCharts(event.detail.target);
  });
  document.addEventListener('DOMContentLoaded', function () { drawCharts(document); });

  function loadECharts(then) {
    if (window.echarts) {
      then();
      return;
    }
    var script = document.createElement('script');
    script.src = document.body.getAttribute('data-echarts');
    script.onload = then;
    document.head.appendChild(script);
  }

  function drawCharts(root) {
    var charts = (root || document).querySelectorAll('[data-chart]');
    if (charts.length === 0) {
      return;
    }
    loadECharts(function () {
      charts.forEach(function (element) {
        var data = JSON.parse(element.getAttribute('data-chart'));
        var option = data.kind === 'scores' ? scoresOption(data) : data.option;
        if (!option) {
          return;
        }
        var chart = window.echarts.init(element, null, { renderer: 'svg' });
        chart.setOption(option);
        window.addEventListener('resize', function () { chart.resize(); });
      });
    });
  }

  // Each survey score as a line, with its 95% interval as a band around it and its target dashed.
  function scoresOption(data) {
    var series = [];
    data.series.forEach(function (one, index) {
      var lows = one.lows.map(function (v) { return v; });
      var widths = one.highs.map(function (high, i) { return high === null || lows[i] === null ? null : high - lows[i]; });
      series.push({ name: one.name + ' low', type: 'line', data: lows, stack: 'band' + index, lineStyle: { opacity: 0 },
        symbol: 'none', silent: true, tooltip: { show: false } });
      series.push({ name: one.name + ' 95%', type: 'line', data: widths, stack: 'band' + index, lineStyle: { opacity: 0 },
        areaStyle: { opacity: 0.18 }, symbol: 'none', silent: true, tooltip: { show: false } });
      var line = { name: one.name, type: 'line', data: one.values, connectNulls: false, symbolSize: 6 };
      if (one.target !== undefined) {
        line.markLine = { symbol: 'none', lineStyle: { type: 'dashed' }, data: [{ yAxis: one.target, name: 'target' }] };
      }
      series.push(line);
    });
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { data: data.series.map(function (one) { return one.name; }) },
      grid: { left: 40, right: 20, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: data.weeks },
      yAxis: { type: 'value', scale: true },
      series: series
    };
  }
})();
