// The charts of the analytics pages, drawn by Apache ECharts (loaded just before this script from
// its WebJar) from the JSON data island next to each chart (<script type="application/json">, read
// as data, never run). The pages work without this script: every chart has its data as a table and
// as CSV. The process map also gets its frequency slider here, which hides the transitions seen
// fewer times than chosen.
(function () {
  'use strict';

  function dataOf(element) {
    var island = document.getElementById(element.getAttribute('data-source'));
    return island ? JSON.parse(island.textContent) : null;
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll('[data-analytics-chart]').forEach(function (element) {
      var data = dataOf(element);
      if (!data) {
        return;
      }
      var chart = window.echarts.init(element);
      var kind = element.getAttribute('data-analytics-chart');
      if (kind === 'bars') {
        chart.setOption(barsOption(data));
      } else if (kind === 'sankey') {
        chart.setOption(sankeyOption(data));
      } else if (kind === 'graph') {
        processMap(element, chart, data);
      }
      element.setAttribute('data-drawn', 'true');
      window.addEventListener('resize', function () { chart.resize(); });
    });
  });

  // Bars: one category per row of the table, one series per column (grouped side by side).
  function barsOption(data) {
    var format = data.percent ? function (value) { return value + ' %'; } : null;
    var categoryAxis = { type: 'category', data: data.categories, axisLabel: { interval: 0, width: 140, overflow: 'truncate' } };
    var whole = data.series.every(function (one) {
      return one.values.every(function (value) { return value === null || Number.isInteger(value); });
    });
    var valueAxis = { type: 'value', minInterval: whole ? 1 : 0, axisLabel: format ? { formatter: '{value} %' } : {} };
    return {
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: format || undefined },
      legend: data.series.length > 1 ? { type: 'scroll', top: 0 } : undefined,
      grid: { left: data.horizontal ? 160 : 50, right: 30, top: data.series.length > 1 ? 40 : 20, bottom: 60,
        containLabel: false },
      xAxis: data.horizontal ? valueAxis : categoryAxis,
      yAxis: data.horizontal ? Object.assign({}, categoryAxis, { inverse: true }) : valueAxis,
      series: data.series.map(function (one) {
        return { name: one.name, type: 'bar', data: one.values,
          label: { show: data.series.length === 1, position: data.horizontal ? 'right' : 'top', formatter: format
            ? function (p) { return p.value + ' %'; } : undefined } };
      })
    };
  }

  // The paths as a Sankey diagram: a node per step at each position, named "position:step".
  function sankeyOption(data) {
    return {
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: function (p) {
          if (p.dataType === 'edge') {
            return text(labelOf(data, p.data.source)) + ' → ' + text(labelOf(data, p.data.target)) + ': ' + p.data.value;
          }
          return text(p.data.label) + ': ' + p.data.value;
        }
      },
      series: [{
        type: 'sankey', left: 10, right: 140, top: 10, bottom: 10, nodeAlign: 'left', draggable: false,
        emphasis: { focus: 'adjacency' },
        data: data.nodes,
        links: data.links,
        label: { formatter: function (p) { return p.data.label; } },
        lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 }
      }]
    };
  }

  // A tooltip's formatter returns markup: what customers named their steps goes in as text.
  function text(value) {
    return window.echarts.format.encodeHTML(String(value));
  }

  function labelOf(data, name) {
    for (var i = 0; i < data.nodes.length; i++) {
      if (data.nodes[i].name === name) {
        return data.nodes[i].label;
      }
    }
    return name;
  }

  // The directly-follows graph, laid out left to right: each step in the column of its shortest
  // distance from the start, the most frequent at the top of its column.
  var START = '\u0000start';
  var END = '\u0000end';

  function processMap(element, chart, data) {
    var edges = data.edges.map(function (edge) {
      return { source: edge.source === '' ? START : edge.source, target: edge.target === '' ? END : edge.target,
        count: edge.count };
    });
    var nodes = [{ id: START, label: data.start, count: 0, special: true }]
        .concat(data.nodes)
        .concat([{ id: END, label: data.end, count: 0, special: true }]);
    var column = layers(nodes, edges);
    var highest = edges.reduce(function (most, edge) { return Math.max(most, edge.count); }, 1);
    var rows = {};
    nodes.slice().sort(function (a, b) { return b.count - a.count; }).forEach(function (node) {
      var x = column[node.id];
      rows[x] = (rows[x] || 0) + 1;
      node.x = x * 200;
      node.y = rows[x] * 90;
    });
    var slider = document.querySelector('input[type=range][data-graph="' + element.id + '"]');
    function draw(threshold) {
      var shownEdges = edges.filter(function (edge) { return edge.count >= threshold; });
      var used = {};
      shownEdges.forEach(function (edge) { used[edge.source] = true; used[edge.target] = true; });
      var shownNodes = nodes.filter(function (node) { return used[node.id]; });
      chart.setOption({
        animation: false,
        tooltip: {
          formatter: function (p) {
            if (p.dataType === 'edge') {
              return text(nameOf(nodes, p.data.source)) + ' → ' + text(nameOf(nodes, p.data.target)) + ': ' + p.data.value;
            }
            return p.data.special ? text(p.data.label) : text(p.data.label) + ': ' + p.data.value;
          }
        },
        series: [{
          type: 'graph', layout: 'none', roam: true, edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 8,
          label: { show: true, position: 'bottom', formatter: function (p) { return p.data.label; } },
          edgeLabel: { show: true, formatter: function (p) { return String(p.data.value); }, fontSize: 11 },
          data: shownNodes.map(function (node) {
            return { name: node.id, label: node.label, value: node.count, special: !!node.special, x: node.x, y: node.y,
              symbol: node.special ? 'diamond' : 'roundRect', symbolSize: node.special ? 18 : [26, 18],
              itemStyle: { color: node.special ? '#555' : '#2f6f8f' } };
          }),
          links: shownEdges.map(function (edge) {
            var span = column[edge.target] - column[edge.source];
            // Forward one column: straight; skipping columns or going back: curved, clear of the others.
            var curveness = edge.back || span <= 0 ? 0.3 : span > 1 ? 0.2 : 0.02;
            return { source: edge.source, target: edge.target, value: edge.count,
              lineStyle: { width: 1 + 5 * Math.log(1 + edge.count) / Math.log(1 + highest), curveness: curveness,
                opacity: 0.7, color: '#6b7c8a' } };
          })
        }]
      }, { replaceMerge: ['series'] });
      element.setAttribute('data-shown', String(shownEdges.length));
      return shownEdges.length;
    }
    var shown = draw(1);
    if (!slider) {
      return;
    }
    var output = document.getElementById(slider.id.replace('frequency-', 'value-'));
    var status = document.getElementById(slider.getAttribute('aria-describedby'));
    var template = status.getAttribute('data-template');
    function update() {
      var threshold = Number(slider.value);
      shown = draw(threshold);
      output.textContent = String(threshold);
      var text = template.replace('{0}', String(shown)).replace('{1}', String(edges.length));
      slider.setAttribute('aria-valuetext', String(threshold) + ' · ' + text);
      status.textContent = text;
    }
    slider.addEventListener('input', update);
    slider.addEventListener('change', update);
  }

  function nameOf(nodes, id) {
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].id === id) {
        return nodes[i].label;
      }
    }
    return id;
  }

  // The column of each node, left to right: the loops are broken first (a depth-first walk from the
  // start, most frequent transitions first, marks each transition back to a step on its way), then
  // each step goes one column after the furthest step that leads to it; the end comes last.
  function layers(nodes, edges) {
    var out = {};
    nodes.forEach(function (node) { out[node.id] = []; });
    edges.forEach(function (edge) { out[edge.source].push(edge); });
    Object.keys(out).forEach(function (id) { out[id].sort(function (a, b) { return b.count - a.count; }); });
    var state = {};
    function walk(id) {
      state[id] = 'open';
      out[id].forEach(function (edge) {
        if (state[edge.target] === 'open') {
          edge.back = true;
        } else if (!state[edge.target]) {
          walk(edge.target);
        }
      });
      state[id] = 'done';
    }
    walk(START);
    nodes.forEach(function (node) {
      if (!state[node.id]) {
        walk(node.id);
      }
    });
    var column = {};
    nodes.forEach(function (node) { column[node.id] = 0; });
    for (var round = 0; round < nodes.length; round++) {
      var moved = false;
      edges.forEach(function (edge) {
        if (!edge.back && edge.target !== END && column[edge.target] < column[edge.source] + 1) {
          column[edge.target] = column[edge.source] + 1;
          moved = true;
        }
      });
      if (!moved) {
        break;
      }
    }
    var last = 0;
    nodes.forEach(function (node) {
      if (node.id !== END) {
        last = Math.max(last, column[node.id]);
      }
    });
    column[END] = last + 1;
    return column;
  }
})();
