// Peel the wrappers that transports put around a component's own log line: the Talos node
// prefix, CRI container-log framing, docker JSON logs, journald/syslog headers.
import { isIP } from 'node:net';
import { isoFromRfc3339, isoFromSyslog } from '../util/time.js';

export interface Unwrapped {
  payload: string;
  node?: string;
  time?: string;
  /** Process name from a journald/syslog header (kubelet, etcd, k3s, containerd …). */
  ident?: string;
}

const TALOS_IP_PREFIX = /^((?:\d{1,3}\.){3}\d{1,3}|\[?[0-9a-fA-F]*:[0-9a-fA-F:]+\]?): /;
const TALOS_HOST_PREFIX = /^([a-zA-Z0-9][a-zA-Z0-9.-]{0,62}): (?=\{)/;
const CRI = /^(\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)) (stdout|stderr) ([FP]) ?(.*)$/;
const JOURNAL_SHORT = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d) (\S+) ([^\s[:]+)(?:\[\d+\])?: (.*)$/;
const JOURNAL_ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) (\S+) ([^\s[:]+)(?:\[\d+\])?: (.*)$/;

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * isoFromRfc3339 for its commonest input, a UTC clock "2026-02-22T08:15:35.605102Z", without a
 * Date (the same string for every valid date and time); anything else goes to isoFromRfc3339.
 */
export function isoFromUtcClock(s: string): string | undefined {
  const n = s.length;
  if (n >= 20 && s.charCodeAt(n - 1) === 90 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58) {
    let ok = true;
    for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) ok = false;
    }
    let frac = '000';
    if (ok && n > 20) {
      if (s.charCodeAt(19) !== 46 || n === 21) ok = false;
      for (let i = 20; ok && i < n - 1; i++) {
        const c = s.charCodeAt(i);
        if (c < 48 || c > 57) ok = false;
      }
      if (ok) frac = s.slice(20, Math.min(23, n - 1)).padEnd(3, '0');
    }
    if (ok) {
      const y = Number(s.slice(0, 4));
      const mo = Number(s.slice(5, 7));
      const d = Number(s.slice(8, 10));
      const h = Number(s.slice(11, 13));
      const mi = Number(s.slice(14, 16));
      const sec = Number(s.slice(17, 19));
      const dim = mo === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : DAYS[mo];
      if (mo >= 1 && mo <= 12 && d >= 1 && d <= dim && h <= 23 && mi <= 59 && sec <= 59) return `${s.slice(0, 19)}.${frac}Z`;
    }
  }
  return isoFromRfc3339(s);
}

export function unwrapLine(raw: string): Unwrapped {
  let payload = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const out: Unwrapped = { payload };
  // The address pattern is loose ("01:05:00" fits it): only a real IP counts as a node.
  let m = TALOS_IP_PREFIX.exec(payload);
  if (m && !isIP(m[1].replace(/^\[|\]$/g, ''))) m = null;
  m ??= TALOS_HOST_PREFIX.exec(payload);
  if (m) {
    out.node = m[1].replace(/^\[|\]$/g, '');
    payload = payload.slice(m[0].length);
  }
  const c0 = payload.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    m = CRI.exec(payload);
    if (m) {
      out.time = isoFromUtcClock(m[1]);
      payload = m[4];
    } else if ((m = JOURNAL_ISO.exec(payload))) {
      out.time = isoFromRfc3339(m[1]);
      out.node ??= m[2];
      out.ident = m[3];
      payload = m[4];
    }
  } else if (c0 >= 65 && c0 <= 90 && (m = JOURNAL_SHORT.exec(payload))) {
    out.time = isoFromSyslog(m[1], m[2], m[3]);
    out.node ??= m[4];
    out.ident = m[5];
    payload = m[6];
  } else if (payload.startsWith('{"log":')) {
    try {
      const o = JSON.parse(payload) as { log?: unknown; time?: unknown };
      if (typeof o.log === 'string') {
        payload = o.log.replace(/\n$/, '');
        if (typeof o.time === 'string') out.time = isoFromRfc3339(o.time);
      }
    } catch {
      /* not docker JSON after all */
    }
  }
  out.payload = payload;
  return out;
}
