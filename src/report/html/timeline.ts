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

/** Colour-blind-friendly palette (Okabe–Ito, darkened for white backgrounds), then extras for busy reports. */
export const PALETTE = [
  '#d55e00', '#0072b2', '#009e73', '#cc79a7', '#b8860b', '#56b4e9', '#7b3294', '#555555', '#e69f00', '#1b7837',
  '#8c564b', '#17becf', '#9e9a1a', '#1f3a93', '#e7298a', '#66a61e', '#a6761d', '#6a51a3',
];
export const SHAPES = ['circle', 'square', 'diamond', 'triangle'] as const;
export type Shape = (typeof SHAPES)[number];

/** Colours that mean the same thing in every report, by what a signal id mentions. First match wins. */
const SIGNAL_HUES: Array<[RegExp, string, Shape]> = [
  [/defrag/i, '#009e73', 'triangle'],
  [/fdatasync|fsync|wal|disk/i, '#d55e00', 'diamond'],
  [/read-?index|linearized/i, '#7b3294', 'circle'],
  [/compact/i, '#56b4e9', 'square'],
  [/apply|took-too-long|slow-request/i, '#0072b2', 'circle'],
  [/restart|crash|backoff|exited|not-synced/i, '#555555', 'square'],
  [/heartbeat|leader|election/i, '#b8860b', 'diamond'],
  [/token/i, '#e69f00', 'triangle'],
  [/timeout|deadline/i, '#cc79a7', 'circle'],
];

/** Colour and marker shape per signal: a meaningful pair where the id suggests one, else the next free colour. */
export function signalStyles(signals: string[]): Map<string, { color: string; shape: Shape }> {
  const sorted = [...new Set(signals)].sort();
  const used = new Set<string>();
  const known = new Map<string, { color: string; shape: Shape }>();
  for (const s of sorted) {
    const hit = SIGNAL_HUES.find(([re, c]) => re.test(s) && !used.has(c));
    if (hit) {
      known.set(s, { color: hit[1], shape: hit[2] });
      used.add(hit[1]);
    }
  }
  let next = 0;
  const style = new Map<string, { color: string; shape: Shape }>();
  sorted.forEach((s, i) => {
    let st = known.get(s);
    if (!st) {
      const free = PALETTE.filter((p) => !used.has(p));
      const color = free.length ? free[0] : PALETTE[next++ % PALETTE.length];
      used.add(color);
      st = { color, shape: SHAPES[i % SHAPES.length] };
    }
    style.set(s, st);
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
  /** The time axis: one segment, or several with quiet gaps cut out between them. */
  segments: TimeSegment[];
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

/** A stretch of time drawn linearly between x0 and x1. Long quiet gaps between stretches are cut out. */
export interface TimeSegment {
  t0: number;
  t1: number;
  x0: number;
  x1: number;
}

/** Width of the break drawn where a quiet gap is cut out of the time axis. */
export const BREAK_WIDTH = 26;
const MIN_SEGMENT_WIDTH = 84;
const MAX_SEGMENTS = 5;

/**
 * Split the time axis where nothing happens for long (more than an eighth of the span and 20 minutes), so that
 * bursts hours apart each get room. Each stretch gets a minimum width plus a share weighted by its points and length.
 */
export function timeSegments(times: number[], left: number, right: number): TimeSegment[] {
  const all = [...times].sort((a, b) => a - b);
  const ts = [...new Set(all)];
  if (!ts.length) ts.push(0);
  const span = ts[ts.length - 1] - ts[0];
  const gapMin = Math.max(span / 8, 20 * 60e3);
  let clusters: Array<[number, number]> = [];
  for (const t of ts) {
    const last = clusters[clusters.length - 1];
    if (last && t - last[1] <= gapMin) last[1] = t;
    else clusters.push([t, t]);
  }
  // Too many bursts: close the smallest gaps first.
  while (clusters.length > MAX_SEGMENTS) {
    let best = 0;
    for (let i = 1; i < clusters.length - 1; i++) {
      if (clusters[i + 1][0] - clusters[i][1] < clusters[best + 1][0] - clusters[best][1]) best = i;
    }
    clusters = [...clusters.slice(0, best), [clusters[best][0], clusters[best + 1][1]], ...clusters.slice(best + 2)];
  }
  const shown = clusters.reduce((n, [a, b]) => n + (b - a), 0);
  const pad = Math.max(shown * 0.02, 30e3);
  const ranges = clusters.map(([a, b]) => {
    let t0 = a - pad;
    let t1 = b + pad;
    if (t1 - t0 < 120e3) {
      const mid = (a + b) / 2;
      t0 = mid - 60e3;
      t1 = mid + 60e3;
    }
    return [t0, t1] as [number, number];
  });
  const n = ranges.length;
  const avail = right - left - BREAK_WIDTH * (n - 1);
  const total = ranges.reduce((m, [a, b]) => m + (b - a), 0);
  const count = ranges.map(([a, b]) => all.filter((t) => t >= a && t <= b).length);
  const minW = n === 1 ? avail : Math.min(MIN_SEGMENT_WIDTH, avail / n);
  const segments: TimeSegment[] = [];
  let x = left;
  for (const [i, [t0, t1]] of ranges.entries()) {
    // Room goes mostly where the points are, partly to how long the stretch is.
    const share = 0.25 * ((t1 - t0) / total) + 0.75 * (count[i] / Math.max(1, all.length));
    const w = n === 1 ? avail : minW + (avail - n * minW) * share;
    segments.push({ t0, t1, x0: x, x1: x + w });
    x += w + BREAK_WIDTH;
  }
  segments[segments.length - 1].x1 = right;
  return segments;
}

/** x of a time on a segmented axis (times between segments snap to the nearer edge). */
export function timeX(segments: TimeSegment[], t: number): number {
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (t <= s.t1 || i === segments.length - 1) {
      if (t < s.t0) return i === 0 ? s.x0 : t - segments[i - 1].t1 < s.t0 - t ? segments[i - 1].x1 : s.x0;
      return s.x0 + ((Math.min(t, s.t1) - s.t0) / (s.t1 - s.t0)) * (s.x1 - s.x0);
    }
  }
  return segments[0].x0;
}

function timeTicks(segments: TimeSegment[]): TimelineLayout['ticks'] {
  const ticks: TimelineLayout['ticks'] = [];
  let prevDay = '';
  for (const seg of segments) {
    const target = Math.max(1, Math.floor((seg.x1 - seg.x0) / 100));
    const span = seg.t1 - seg.t0;
    const step = TICK_STEPS.find((s) => span / s <= target) ?? Math.ceil(span / target / 86400e3) * 86400e3;
    for (let t = Math.ceil(seg.t0 / step) * step; t <= seg.t1; t += step) {
      const day = formatDay(t);
      // The first tick names its day, later ones only when the day changes.
      ticks.push({ t, label: formatClock(t, step < 60e3), day: day !== prevDay ? day : undefined });
      prevDay = day;
    }
  }
  return ticks;
}

/** `8h`, `45m`, `3d`: a gap's length in the few pixels of the axis break. */
function gapShort(ms: number): string {
  const min = Math.round(ms / 60e3);
  if (min < 60) return `${min}m`;
  const h = Math.round(min / 60);
  return h < 48 ? `${h}h` : `${Math.round(h / 24)}d`;
}

/** `3 h 10 min` for a gap cut out of the axis. */
function gapLabel(ms: number): string {
  const min = Math.round(ms / 60e3);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h >= 48) return `${Math.round(h / 24)} d`;
  return min % 60 && h < 10 ? `${h} h ${min % 60} min` : `${h} h`;
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
  const segments = timeSegments(
    pts.map((p) => p.t),
    L.left,
    L.width - L.right,
  );
  const xOf = (t: number) => timeX(segments, t);

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

  return {
    t0: segments[0].t0,
    t1: segments[segments.length - 1].t1,
    segments,
    logMin,
    logMax,
    hasDurations,
    signals,
    style,
    lanes,
    ticks: timeTicks(segments),
    skipped,
  };
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
  const xOf = (t: number) => timeX(layout.segments, t);
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

  // Quiet gaps cut out of the time axis.
  if (layout.segments.length > 1) {
    out.push('<g class="tl-breaks">');
    for (let i = 1; i < layout.segments.length; i++) {
      const a = layout.segments[i - 1];
      const b = layout.segments[i];
      const gap = gapLabel(b.t0 - a.t1);
      const zig = (x: number) => {
        let d = `M${r1(x)},${lane.plotTop}`;
        for (let y = lane.plotTop, k = 0; y < lane.axisTop; y += 6, k++) d += ` L${r1(x + (k % 2 ? -2 : 2))},${Math.min(y + 6, lane.axisTop)}`;
        return d;
      };
      out.push(
        `<g class="tl-break"><title>${escapeHtml(`${gap} without signals, cut out`)}</title>` +
          `<rect x="${r1(a.x1 + 1)}" y="${lane.plotTop - 2}" width="${r1(b.x0 - a.x1 - 2)}" height="${lane.axisTop - lane.plotTop + 8}"/>` +
          `<path d="${zig(a.x1 + 3)}"/><path d="${zig(b.x0 - 3)}"/>` +
          `<text x="${r1((a.x1 + b.x0) / 2)}" y="${lane.axisTop + 29}">${escapeHtml(gapShort(b.t0 - a.t1))}</text></g>`,
      );
    }
    out.push('</g>');
  }

  // Time axis (one line per stretch of time).
  out.push('<g class="tl-xaxis" aria-hidden="true">');
  for (const seg of layout.segments) {
    out.push(`<line x1="${r1(seg.x0)}" y1="${lane.axisTop}" x2="${r1(seg.x1)}" y2="${lane.axisTop}"/>`);
  }
  for (const tk of layout.ticks) {
    const x = r1(xOf(tk.t));
    out.push(`<line x1="${x}" y1="${lane.axisTop}" x2="${x}" y2="${lane.axisTop + 4}"/>`);
    out.push(`<text class="tl-xlabel" x="${x}" y="${lane.axisTop + 16}">${escapeHtml(tk.label)}</text>`);
    if (tk.day) out.push(`<text class="tl-xday" x="${x}" y="${lane.axisTop + 29}">${escapeHtml(tk.day)}</text>`);
  }
  out.push(`<text class="tl-utc" x="12" y="${lane.axisTop + 16}">time (UTC)</text>`);
  out.push('</g>');

  // Points last, on top.
  out.push('<g class="tl-points">');
  for (const p of lane.points) {
    const st = layout.style.get(p.point.signal)!;
    const tip =
      `${humanize(p.point.signal)} (${p.point.component}) at ${formatTime(p.point.time)}` +
      (p.point.durationMs !== undefined ? `, ${formatDuration(p.point.durationMs)}` : '') +
      `\n${evidenceLocation(p.point.ref)}` +
      (p.point.ref.excerpt ? `\n${p.point.ref.excerpt.length > 140 ? p.point.ref.excerpt.slice(0, 140) + '…' : p.point.ref.excerpt}` : '');
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
