// The timeline: one chart per node/member. Signals with durations (slow applies, fdatasync, ReadIndex waits …)
// are plotted on a log-scale duration axis; signals without (restarts, defrags, leader changes …) get a row of ticks.
// All lanes share one time axis and one duration axis, so nodes can be compared at a glance.

import type { Report, TimelinePoint } from '../../types.js';
import { escapeHtml } from './escape.js';
import {
  evidenceLocation,
  formatClock,
  formatDay,
  formatDuration,
  formatTime,
  humanize,
  parseTime,
} from './format.js';
import { textWidth } from './wrap.js';

export const TIMELINE = {
  width: 1000,
  left: 178,
  right: 16,
  top: 10,
  plotHeight: 150,
  rowHeight: 20,
  axisHeight: 34,
  gapAfterPlot: 8,
};

/** Colour-blind-friendly palette (Okabe–Ito, darkened for white backgrounds), then extras. */
export const PALETTE = ['#d55e00', '#0072b2', '#009e73', '#cc79a7', '#b8860b', '#56b4e9', '#7b3294', '#555555', '#e69f00', '#1b7837'];
export const SHAPES = ['circle', 'square', 'diamond', 'triangle'] as const;
export type Shape = (typeof SHAPES)[number];

/** Colours that mean the same thing in every report, by what a signal id mentions. First match wins. */
const SIGNAL_HUES: Array<[RegExp, string]> = [
  [/defrag/i, '#009e73'],
  [/fdatasync|fsync|wal|disk/i, '#d55e00'],
  [/read-?index|linearized/i, '#7b3294'],
  [/compact/i, '#56b4e9'],
  [/apply|took-too-long|slow-request/i, '#0072b2'],
  [/restart|crash|backoff|exited|not-synced/i, '#555555'],
  [/heartbeat|leader|election/i, '#b8860b'],
  [/token/i, '#e69f00'],
  [/timeout|deadline/i, '#cc79a7'],
];

/** Colour and marker shape per signal: a meaningful colour where the id suggests one, else the next free one. */
export function signalStyles(signals: string[]): Map<string, { color: string; shape: Shape }> {
  const sorted = [...new Set(signals)].sort();
  const used = new Set<string>();
  const color = new Map<string, string>();
  for (const s of sorted) {
    const hue = SIGNAL_HUES.find(([re, c]) => re.test(s) && !used.has(c))?.[1];
    if (hue) {
      color.set(s, hue);
      used.add(hue);
    }
  }
  let next = 0;
  const style = new Map<string, { color: string; shape: Shape }>();
  sorted.forEach((s, i) => {
    let c = color.get(s);
    if (!c) {
      const free = PALETTE.filter((p) => !used.has(p));
      c = free.length ? free[0] : PALETTE[next++ % PALETTE.length];
      used.add(c);
    }
    style.set(s, { color: c, shape: SHAPES[i % SHAPES.length] });
  });
  return style;
}

export interface PlacedPoint {
  /** Index into report.timeline. */
  index: number;
  point: TimelinePoint;
  t: number;
  x: number;
  y: number;
  /** 'duration' when plotted on the log axis, else 'event' (row of ticks). */
  kind: 'duration' | 'event';
}

export interface Lane {
  /** Node/member name, or `cluster` for points without a node. */
  key: string;
  label: string;
  height: number;
  /** Signals with duration points in this lane (global signal order). */
  durationSignals: string[];
  /** Signals drawn as event rows, in row order. */
  eventSignals: string[];
  points: PlacedPoint[];
  plotTop: number;
  plotBottom: number;
  rowsTop: number;
  axisTop: number;
}

export interface TimelineLayout {
  t0: number;
  t1: number;
  /** log10 of the duration axis ends, in ms. */
  logMin: number;
  logMax: number;
  hasDurations: boolean;
  signals: string[];
  style: Map<string, { color: string; shape: Shape }>;
  lanes: Lane[];
  ticks: Array<{ t: number; label: string; day?: string }>;
  /** Points whose time did not parse (not drawn). */
  skipped: number;
}

/** Natural order: talos2 before talos10. */
export function naturalCompare(a: string, b: string): number {
  const ax = a.match(/\d+|\D+/g) ?? [];
  const bx = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ax.length, bx.length); i++) {
    const p = ax[i];
    const q = bx[i];
    if (p === q) continue;
    const pn = /^\d/.test(p);
    const qn = /^\d/.test(q);
    if (pn && qn && Number(p) !== Number(q)) return Number(p) - Number(q);
    return p < q ? -1 : 1;
  }
  return ax.length - bx.length || (a < b ? -1 : a > b ? 1 : 0);
}

const TICK_STEPS = [
  1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 2 * 60e3, 5 * 60e3, 10 * 60e3, 15 * 60e3, 30 * 60e3, 3600e3, 2 * 3600e3,
  3 * 3600e3, 6 * 3600e3, 12 * 3600e3, 24 * 3600e3, 2 * 24 * 3600e3, 7 * 24 * 3600e3,
];

function timeTicks(t0: number, t1: number, plotWidth: number): TimelineLayout['ticks'] {
  const target = Math.max(3, Math.floor(plotWidth / 110));
  const span = t1 - t0;
  const step = TICK_STEPS.find((s) => span / s <= target) ?? Math.ceil(span / target / 86400e3) * 86400e3;
  const first = Math.ceil(t0 / step) * step;
  const ticks: TimelineLayout['ticks'] = [];
  let prevDay = '';
  for (let t = first; t <= t1; t += step) {
    const day = formatDay(t);
    // The first day is named in the margin; ticks name the day only when it changes.
    ticks.push({ t, label: formatClock(t, step < 60e3), day: prevDay !== '' && day !== prevDay ? day : undefined });
    prevDay = day;
  }
  return ticks;
}

/** Lay out the timeline of a report. Pure and deterministic. */
export function layoutTimeline(report: Report): TimelineLayout {
  const pts: Array<{ index: number; point: TimelinePoint; t: number }> = [];
  let skipped = 0;
  report.timeline.forEach((point, index) => {
    const t = parseTime(point.time);
    if (t === undefined) skipped++;
    else pts.push({ index, point, t });
  });

  const signals = [...new Set(pts.map((p) => p.point.signal))].sort();
  const style = signalStyles(signals);

  let t0 = Math.min(...pts.map((p) => p.t));
  let t1 = Math.max(...pts.map((p) => p.t));
  if (!pts.length) t0 = t1 = 0;
  if (t1 - t0 < 60e3) {
    const mid = (t0 + t1) / 2;
    t0 = mid - 30e3;
    t1 = mid + 30e3;
  }
  const padT = (t1 - t0) * 0.02;
  t0 -= padT;
  t1 += padT;

  const isDuration = (p: TimelinePoint) => p.durationMs !== undefined && Number.isFinite(p.durationMs) && p.durationMs > 0;
  const durations = pts.filter((p) => isDuration(p.point)).map((p) => p.point.durationMs!);
  const hasDurations = durations.length > 0;
  let logMin = hasDurations ? Math.floor(Math.log10(Math.min(...durations))) : 1;
  let logMax = hasDurations ? Math.ceil(Math.log10(Math.max(...durations))) : 4;
  if (logMax - logMin < 2) {
    logMax = Math.max(logMax, logMin + 1);
    logMin = logMax - 2;
  }

  const L = TIMELINE;
  const plotW = L.width - L.left - L.right;
  const xOf = (t: number) => L.left + ((t - t0) / (t1 - t0)) * plotW;

  const byLane = new Map<string, typeof pts>();
  for (const p of pts) {
    const key = p.point.node ?? 'cluster';
    let arr = byLane.get(key);
    if (!arr) byLane.set(key, (arr = []));
    arr.push(p);
  }
  const laneKeys = [...byLane.keys()].sort((a, b) => (a === 'cluster' ? 1 : b === 'cluster' ? -1 : naturalCompare(a, b)));

  const lanes: Lane[] = laneKeys.map((key) => {
    const lp = byLane.get(key)!;
    const durationSignals = signals.filter((s) => lp.some((p) => p.point.signal === s && isDuration(p.point)));
    const eventSignals = signals.filter((s) => lp.some((p) => p.point.signal === s && !isDuration(p.point)));
    const plotTop = L.top;
    const plotBottom = durationSignals.length ? plotTop + L.plotHeight : plotTop;
    const rowsTop = plotBottom + (durationSignals.length ? L.gapAfterPlot : 0);
    const axisTop = rowsTop + eventSignals.length * L.rowHeight;
    const yOf = (ms: number) =>
      plotBottom - ((Math.log10(ms) - logMin) / (logMax - logMin)) * (plotBottom - plotTop);
    const points: PlacedPoint[] = lp
      .slice()
      .sort((a, b) => a.t - b.t || a.index - b.index)
      .map((p) => {
        if (isDuration(p.point)) {
          const ms = Math.min(Math.max(p.point.durationMs!, 10 ** logMin), 10 ** logMax);
          return { index: p.index, point: p.point, t: p.t, x: xOf(p.t), y: yOf(ms), kind: 'duration' as const };
        }
        const row = eventSignals.indexOf(p.point.signal);
        return {
          index: p.index,
          point: p.point,
          t: p.t,
          x: xOf(p.t),
          y: rowsTop + row * L.rowHeight + L.rowHeight / 2,
          kind: 'event' as const,
        };
      });
    return {
      key,
      label: key === 'cluster' ? 'cluster-wide' : key,
      height: axisTop + L.axisHeight,
      durationSignals,
      eventSignals,
      points,
      plotTop,
      plotBottom,
      rowsTop,
      axisTop,
    };
  });

  return { t0, t1, logMin, logMax, hasDurations, signals, style, lanes, ticks: timeTicks(t0, t1, plotW), skipped };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

function marker(shape: Shape, x: number, y: number, size: number): { tag: string; geom: string } {
  const s = size;
  switch (shape) {
    case 'circle':
      return { tag: 'circle', geom: `cx="${r1(x)}" cy="${r1(y)}" r="${s}"` };
    case 'square':
      return { tag: 'rect', geom: `x="${r1(x - s * 0.85)}" y="${r1(y - s * 0.85)}" width="${r1(s * 1.7)}" height="${r1(s * 1.7)}"` };
    case 'diamond':
      return {
        tag: 'path',
        geom: `d="M${r1(x)},${r1(y - s * 1.2)} L${r1(x + s * 1.2)},${r1(y)} L${r1(x)},${r1(y + s * 1.2)} L${r1(x - s * 1.2)},${r1(y)} Z"`,
      };
    case 'triangle':
      return {
        tag: 'path',
        geom: `d="M${r1(x)},${r1(y - s * 1.2)} L${r1(x + s * 1.1)},${r1(y + s * 0.9)} L${r1(x - s * 1.1)},${r1(y + s * 0.9)} Z"`,
      };
  }
}

/** Legend swatch as a tiny inline SVG. */
export function legendSwatch(color: string, shape: Shape): string {
  const m = marker(shape, 7, 7, 4.5);
  return `<svg class="swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><${m.tag} ${m.geom} fill="${color}"/></svg>`;
}

function laneSummary(lane: Lane): string {
  const parts: string[] = [];
  for (const s of [...new Set(lane.points.map((p) => p.point.signal))].sort()) {
    const ps = lane.points.filter((p) => p.point.signal === s);
    const ds = ps.filter((p) => p.kind === 'duration').map((p) => p.point.durationMs!);
    let part = `${humanize(s)} ×${ps.length}`;
    if (ds.length) part += ` (${formatDuration(Math.min(...ds))} to ${formatDuration(Math.max(...ds))})`;
    parts.push(part);
  }
  const first = lane.points[0];
  const last = lane.points[lane.points.length - 1];
  return `${lane.label}: ${lane.points.length} signal points from ${formatTime(first?.point.time)} to ${formatTime(last?.point.time)}: ${parts.join('; ')}.`;
}

function truncateLabel(text: string, maxWidth: number, size: number): string {
  if (textWidth(text, { size }) <= maxWidth) return text;
  let t = text;
  while (t.length > 1 && textWidth(t + '…', { size }) > maxWidth) t = t.slice(0, -1);
  return t + '…';
}

/** One lane's SVG. */
export function renderLaneSvg(layout: TimelineLayout, lane: Lane, laneIndex: number): string {
  const L = TIMELINE;
  const W = L.width;
  const plotW = W - L.left - L.right;
  const xOf = (t: number) => L.left + ((t - layout.t0) / (layout.t1 - layout.t0)) * plotW;
  const out: string[] = [];
  const titleId = `lane-${laneIndex}-title`;
  out.push(
    `<svg class="lane-chart" viewBox="0 0 ${W} ${lane.height}" width="${W}" height="${lane.height}" role="img" ` +
      `aria-labelledby="${titleId}" aria-describedby="lane-${laneIndex}-desc" data-lane="${escapeHtml(lane.key)}" xmlns="http://www.w3.org/2000/svg">`,
  );
  out.push(`<desc id="lane-${laneIndex}-desc">${escapeHtml(laneSummary(lane))}</desc>`);

  // Vertical grid at time ticks (behind everything).
  out.push('<g class="tl-grid" aria-hidden="true">');
  for (const tk of layout.ticks) {
    const x = r1(xOf(tk.t));
    out.push(`<line x1="${x}" y1="${lane.plotTop}" x2="${x}" y2="${lane.axisTop}"/>`);
  }
  out.push('</g>');

  if (lane.durationSignals.length) {
    const yOf = (lg: number) =>
      lane.plotBottom - ((lg - layout.logMin) / (layout.logMax - layout.logMin)) * (lane.plotBottom - lane.plotTop);
    out.push('<g class="tl-yaxis" aria-hidden="true">');
    out.push(
      `<rect class="tl-plot" x="${L.left}" y="${lane.plotTop}" width="${plotW}" height="${lane.plotBottom - lane.plotTop}"/>`,
    );
    for (let lg = layout.logMin; lg <= layout.logMax; lg++) {
      const y = r1(yOf(lg));
      out.push(`<line class="tl-hgrid" x1="${L.left}" y1="${y}" x2="${W - L.right}" y2="${y}"/>`);
      out.push(`<text class="tl-ylabel" x="${L.left - 6}" y="${r1(y + 4)}">${escapeHtml(formatDuration(10 ** lg))}</text>`);
    }
    out.push(
      `<text class="tl-axisname" x="12" y="${r1((lane.plotTop + lane.plotBottom) / 2)}">duration</text>` +
        `<text class="tl-axisname sub" x="12" y="${r1((lane.plotTop + lane.plotBottom) / 2 + 14)}">(log scale)</text>`,
    );
    out.push('</g>');
  }

  if (lane.eventSignals.length) {
    out.push('<g class="tl-rows" aria-hidden="true">');
    lane.eventSignals.forEach((s, i) => {
      const y = lane.rowsTop + i * L.rowHeight;
      out.push(`<rect class="tl-row${i % 2 ? ' odd' : ''}" x="${L.left}" y="${y}" width="${plotW}" height="${L.rowHeight}"/>`);
      out.push(
        `<text class="tl-rowlabel" x="${L.left - 6}" y="${y + L.rowHeight / 2 + 4}">${escapeHtml(truncateLabel(humanize(s), L.left - 14, 11))}</text>`,
      );
    });
    out.push('</g>');
  }

  // Marker lines for defragmentation events across the whole lane: they are the turning points of etcd incidents.
  const defrags = lane.points.filter((p) => /defrag/i.test(p.point.signal));
  if (defrags.length) {
    out.push('<g class="tl-defrag" aria-hidden="true">');
    for (const p of defrags) {
      out.push(`<line x1="${r1(p.x)}" y1="${lane.plotTop}" x2="${r1(p.x)}" y2="${lane.axisTop}"/>`);
    }
    out.push('</g>');
  }

  // Time axis.
  out.push('<g class="tl-xaxis" aria-hidden="true">');
  out.push(`<line x1="${L.left}" y1="${lane.axisTop}" x2="${W - L.right}" y2="${lane.axisTop}"/>`);
  for (const tk of layout.ticks) {
    const x = r1(xOf(tk.t));
    out.push(`<line x1="${x}" y1="${lane.axisTop}" x2="${x}" y2="${lane.axisTop + 4}"/>`);
    out.push(`<text class="tl-xlabel" x="${x}" y="${lane.axisTop + 16}">${escapeHtml(tk.label)}</text>`);
    if (tk.day) out.push(`<text class="tl-xday" x="${x}" y="${lane.axisTop + 29}">${escapeHtml(tk.day)}</text>`);
  }
  out.push(`<text class="tl-utc" x="12" y="${lane.axisTop + 16}">UTC, ${escapeHtml(formatDay(layout.t0))}</text>`);
  out.push('</g>');

  // Points last, on top.
  out.push('<g class="tl-points">');
  for (const p of lane.points) {
    const st = layout.style.get(p.point.signal)!;
    const tip =
      `${humanize(p.point.signal)} (${p.point.component}) at ${formatTime(p.point.time)}` +
      (p.point.durationMs !== undefined ? `, ${formatDuration(p.point.durationMs)}` : '') +
      `\n${evidenceLocation(p.point.ref)}` +
      (p.point.ref.excerpt ? `\n${p.point.ref.excerpt.length > 300 ? p.point.ref.excerpt.slice(0, 300) + '…' : p.point.ref.excerpt}` : '');
    const common =
      `class="tl-point ${p.kind}" data-index="${p.index}" data-signal="${escapeHtml(p.point.signal)}" ` +
      `data-time="${escapeHtml(p.point.time)}" data-node="${escapeHtml(lane.key)}" data-component="${escapeHtml(p.point.component)}"` +
      (p.point.durationMs !== undefined ? ` data-duration-ms="${p.point.durationMs}"` : '') +
      ` fill="${st.color}"`;
    if (p.kind === 'duration') {
      const m = marker(st.shape, p.x, p.y, 3.6);
      out.push(`<${m.tag} ${common} ${m.geom}><title>${escapeHtml(tip)}</title></${m.tag}>`);
    } else {
      const x = r1(p.x);
      const y = r1(p.y);
      out.push(
        `<rect ${common} x="${r1(x - 1.5)}" y="${r1(y - 7)}" width="3" height="14" rx="1"><title>${escapeHtml(tip)}</title></rect>`,
      );
    }
  }
  out.push('</g>');
  out.push('</svg>');
  return out.join('');
}

function pointsTable(lane: Lane): string {
  return (
    '<table class="data"><thead><tr><th scope="col">Time (UTC)</th><th scope="col">Signal</th><th scope="col">Component</th>' +
    '<th scope="col" class="num">Duration</th><th scope="col">Source</th></tr></thead><tbody>' +
    lane.points
      .map(
        (p) =>
          `<tr><td>${escapeHtml(formatTime(p.point.time))}</td><td>${escapeHtml(p.point.signal)}</td>` +
          `<td>${escapeHtml(p.point.component)}</td><td class="num">${p.point.durationMs !== undefined ? escapeHtml(formatDuration(p.point.durationMs)) : ''}</td>` +
          `<td><code>${escapeHtml(evidenceLocation(p.point.ref))}</code></td></tr>`,
      )
      .join('') +
    '</tbody></table>'
  );
}

/** The timeline section body: legend, then one figure per node/member. */
export function renderTimelineSection(report: Report): string {
  if (!report.timeline.length) return '<p class="empty">No timed signals in the evidence.</p>';
  const layout = layoutTimeline(report);
  const counts = new Map<string, number>();
  for (const lane of layout.lanes) for (const p of lane.points) counts.set(p.point.signal, (counts.get(p.point.signal) ?? 0) + 1);
  const legend =
    '<ul class="timeline-legend" aria-label="Signals: press to show or hide">' +
    layout.signals
      .map((s) => {
        const st = layout.style.get(s)!;
        return (
          `<li><button type="button" data-action="toggle-signal" data-signal="${escapeHtml(s)}" aria-pressed="true">` +
          `${legendSwatch(st.color, st.shape)}<span>${escapeHtml(humanize(s))}</span><span class="n">${counts.get(s) ?? 0}</span></button></li>`
        );
      })
      .join('') +
    '</ul>';
  const lanes = layout.lanes
    .map((lane, i) => {
      const first = lane.points[0];
      const last = lane.points[lane.points.length - 1];
      return (
        `<figure class="lane" data-lane="${escapeHtml(lane.key)}" aria-labelledby="lane-${i}-title">` +
        `<figcaption><h3 id="lane-${i}-title">${escapeHtml(lane.label)}</h3>` +
        `<span class="lane-meta">${lane.points.length} signal point${lane.points.length === 1 ? '' : 's'}, ` +
        `${escapeHtml(formatTime(first?.point.time))} – ${escapeHtml(formatTime(last?.point.time))}</span></figcaption>` +
        renderLaneSvg(layout, lane, i) +
        `<details class="lane-data"><summary>Data table for ${escapeHtml(lane.label)}</summary>${pointsTable(lane)}</details>` +
        `</figure>`
      );
    })
    .join('');
  const skipped = layout.skipped
    ? `<p class="note">${layout.skipped} signal point${layout.skipped === 1 ? '' : 's'} without a readable time not drawn.</p>`
    : '';
  return legend + lanes + skipped;
}
