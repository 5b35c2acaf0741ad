/** ISO 8601 timestamps as used in debug-session documents (`2026-02-22T01:00:00Z`). */

export interface ParsedTimestamp {
  date: Date;
  /** True when the text carries `Z` or an offset; timestamps without one are ambiguous. */
  hasZone: boolean;
  /** True for a bare date such as `2026-02-22`. */
  dateOnly: boolean;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

/** Parses an ISO 8601 date or date-time; returns null for anything else (including impossible dates). */
export function parseIsoTimestamp(text: string): ParsedTimestamp | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  if (h === undefined) {
    return { date: new Date(Date.UTC(year, month - 1, day)), hasZone: false, dateOnly: true };
  }
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 60) return null;
  const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  let offsetMinutes = 0;
  if (sign !== undefined) {
    const offH = Number(oh);
    const offM = Number(om);
    if (offH > 23 || offM > 59) return null;
    offsetMinutes = (sign === '-' ? -1 : 1) * (offH * 60 + offM);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return { date: new Date(utc), hasZone: z !== undefined || sign !== undefined, dateOnly: false };
}

/** `2026-02-22T01:00:00Z` — UTC, whole seconds (milliseconds are dropped). */
export function formatIsoUtc(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
