// Timestamps from every log format, normalised to ISO 8601 UTC. Formats without a year
// (klog, journald) get the placeholder year 0000, replaced once the evidence set knows its year.
export const NO_YEAR = '0000';
const MONTHS: Record<string, string> = { Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12' };

export function isoFromDate(d: Date): string | undefined {
  const t = d.getTime();
  return Number.isFinite(t) ? d.toISOString() : undefined;
}

/** RFC 3339 / zap ts: "2024-04-22T17:18:03.213763+0800", "2026-02-22T01:05:00.123456789Z", "2026-02-22 01:05:00". */
export function isoFromRfc3339(s: string): string | undefined {
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)?$/.exec(s.trim());
  if (!m) return undefined;
  const frac = m[3] ? m[3].slice(0, 4).padEnd(4, '0') : '.000';
  let zone = m[4] ?? 'Z';
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return isoFromDate(new Date(`${m[1]}T${m[2]}${frac}${zone}`));
}

/** component-base JSON "ts": epoch milliseconds (float) — or seconds in some builds. */
export function isoFromEpoch(n: number): string | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined;
  const ms = n > 1e11 ? n : n * 1000;
  return isoFromDate(new Date(ms));
}

/** klog header "0222 01:05:00.123456" (MMDD hh:mm:ss.uuuuuu), no year. */
export function isoFromKlog(mmdd: string, clock: string): string {
  const frac = (clock.split('.')[1] ?? '').slice(0, 3).padEnd(3, '0');
  return `${NO_YEAR}-${mmdd.slice(0, 2)}-${mmdd.slice(2, 4)}T${clock.slice(0, 8)}.${frac}Z`;
}

/** syslog/journald "Feb 22 01:05:00", no year. */
export function isoFromSyslog(mon: string, day: string, clock: string): string | undefined {
  const mm = MONTHS[mon];
  if (!mm) return undefined;
  return `${NO_YEAR}-${mm}-${day.padStart(2, '0')}T${clock.slice(0, 8)}.000Z`;
}

export function hasNoYear(iso: string | undefined): boolean {
  return iso !== undefined && iso.startsWith(NO_YEAR);
}

export function withYear(iso: string, year: number): string {
  return `${String(year).padStart(4, '0')}${iso.slice(4)}`;
}

export function minIso(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}

export function maxIso(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
