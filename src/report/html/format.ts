// Plain-text formatting shared by the HTML report's parts. Everything here is deterministic (UTC, fixed locale).

import type { EvidenceRef, Subject } from '../../types.js';

/** A stable key for a subject: `Kind/name` or `Kind/namespace/name`. Used in data-subject attributes. */
export function subjectKey(subject: Subject): string {
  return subject.namespace ? `${subject.kind}/${subject.namespace}/${subject.name}` : `${subject.kind}/${subject.name}`;
}

/** What a person reads for a subject: `EtcdMember cp1`, `Pod media/app-0`. */
export function subjectLabel(subject: Subject): string {
  const name = subject.namespace ? `${subject.namespace}/${subject.name}` : subject.name;
  return `${subject.kind} ${name}`;
}

/** The identity of a causal-graph node: failure mode at a subject. */
export function linkKey(failureMode: string, subject: Subject): string {
  return `${failureMode}@${subjectKey(subject)}`;
}

/** `etcd-db-fragmentation` → `etcd db fragmentation` (ids stay visible elsewhere). */
export function humanize(id: string): string {
  return id.replace(/[-_/.]+/g, ' ').trim();
}

/** Bytes in SI units as talosctl and etcdctl print them: `467 MB`, `57 MB`, `1.2 GB`. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = Math.abs(bytes);
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  const digits = u === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  const text = v.toFixed(digits).replace(/\.0+$|(\.\d*?)0+$/, '$1');
  return `${bytes < 0 ? '-' : ''}${text} ${units[u]}`;
}

/** Milliseconds as `850 ms`, `1.88 s`, `2 min 5 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${trimNum(ms, 3)} ms`;
  if (ms < 1000) return `${trimNum(ms, ms < 10 ? 2 : ms < 100 ? 1 : 0)} ms`;
  if (ms < 60_000) return `${trimNum(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
  const totalS = Math.round(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  if (h > 0) return `${h} h ${m} min`;
  return s ? `${m} min ${s} s` : `${m} min`;
}

function trimNum(v: number, digits: number): string {
  const t = v.toFixed(digits);
  return t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t;
}

/** A percentage with no more precision than it deserves. */
export function formatPercent(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return '—';
  const p = ratio * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}

/** Milliseconds since epoch for an ISO time, or undefined when it does not parse. */
export function parseTime(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** `2026-02-22 10:39:00 UTC` (seconds kept; milliseconds when present). Falls back to the input when unparseable. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const t = parseTime(iso);
  if (t === undefined) return iso;
  const d = new Date(t);
  const ms = d.getUTCMilliseconds();
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms ? '.' + pad(ms, 3) : ''} UTC`
  );
}

/** `HH:MM` or `HH:MM:SS` in UTC for axis ticks. */
export function formatClock(t: number, withSeconds: boolean): string {
  const d = new Date(t);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return withSeconds ? `${hm}:${pad(d.getUTCSeconds())}` : hm;
}

/** `Feb 22` in UTC. */
export function formatDay(t: number): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const d = new Date(t);
  return `${months[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** Where evidence came from, as one line: `cp2/service-logs/etcd.log:123` or `kubernetes-api Pod/ns/name`. */
export function evidenceLocation(ref: EvidenceRef): string {
  let loc = ref.source;
  if (ref.line !== undefined) loc += `:${ref.line}`;
  if (ref.object) loc += ` ${ref.object}`;
  return loc;
}

/** `2026-02-22 09:51:57 – 10:33:45 UTC` (date once when both ends share it), to the second. */
export function formatTimeRange(first: string | undefined, last: string | undefined): string {
  const a = parseTime(first);
  const b = parseTime(last);
  const fmt = (t: number) => {
    const d = new Date(t);
    return {
      day: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
      clock: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    };
  };
  if (a === undefined && b === undefined) return [first, last].filter(Boolean).join(' – ');
  if (a === undefined || b === undefined || a === b) {
    const f = fmt((a ?? b)!);
    return `${f.day} ${f.clock} UTC`;
  }
  const fa = fmt(a);
  const fb = fmt(b);
  return fa.day === fb.day
    ? `${fa.day} ${fa.clock} – ${fb.clock} UTC`
    : `${fa.day} ${fa.clock} – ${fb.day} ${fb.clock} UTC`;
}
