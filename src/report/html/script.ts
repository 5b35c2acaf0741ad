// The page's small script: progressive enhancement only (the page reads fine without it).
// - "Expand all / Collapse all" for findings; opens a <details> when a link targets it or something inside it.
// - Opens every <details> for printing (except the timeline's data tables, which repeat the charts) and restores them after.
// - Highlights the chains through a graph node on hover/focus.
// - Legend buttons show/hide a signal in the timeline charts.

export const SCRIPT = String.raw`
(function () {
  'use strict';
  var doc = document;
  function all(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }

  doc.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!t || !t.closest) return;
    var b = t.closest('button[data-action]');
    if (!b) return;
    var action = b.getAttribute('data-action');
    if (action === 'expand-findings' || action === 'collapse-findings') {
      all('details.finding').forEach(function (d) { d.open = action === 'expand-findings'; });
    } else if (action === 'toggle-signal') {
      var signal = b.getAttribute('data-signal');
      var shown = b.getAttribute('aria-pressed') !== 'false';
      b.setAttribute('aria-pressed', shown ? 'false' : 'true');
      all('.tl-point').forEach(function (p) {
        if (p.getAttribute('data-signal') === signal) p.classList.toggle('hidden', shown);
      });
    }
  });

  function openTarget() {
    var id = '';
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    if (!id) return;
    var el = doc.getElementById(id);
    for (var n = el; n; n = n.parentElement) {
      if (n.tagName === 'DETAILS') n.open = true;
    }
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();

  var openedForPrint = [];
  window.addEventListener('beforeprint', function () {
    all('details:not([open]):not(.lane-data)').forEach(function (d) { d.open = true; openedForPrint.push(d); });
  });
  window.addEventListener('afterprint', function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });

  var svg = doc.getElementById('causal-graph-svg');
  if (svg) {
    var edges = all('.edge', svg);
    var walk = function (start, fromAttr, toAttr, seen) {
      var queue = [start];
      while (queue.length) {
        var id = queue.shift();
        edges.forEach(function (e) {
          if (e.getAttribute(fromAttr) === id) {
            e.classList.add('hl');
            var next = e.getAttribute(toAttr);
            if (!seen[next]) { seen[next] = true; queue.push(next); }
          }
        });
      }
    };
    var clear = function () {
      svg.classList.remove('highlighting');
      all('.hl', svg).forEach(function (n) { n.classList.remove('hl'); });
    };
    var highlight = function (ev) {
      var node = ev.target && ev.target.closest ? ev.target.closest('.node[data-node-id]') : null;
      if (!node) return;
      clear();
      var id = node.getAttribute('data-node-id');
      var seen = {};
      seen[id] = true;
      walk(id, 'data-from', 'data-to', seen);
      walk(id, 'data-to', 'data-from', seen);
      all('.node[data-node-id]', svg).forEach(function (n) {
        if (seen[n.getAttribute('data-node-id')]) n.classList.add('hl');
      });
      svg.classList.add('highlighting');
    };
    svg.addEventListener('mouseover', highlight);
    svg.addEventListener('focusin', highlight);
    svg.addEventListener('mouseleave', clear);
    svg.addEventListener('focusout', clear);
  }
})();
`;
