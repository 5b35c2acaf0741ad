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
      out.time = isoFromRfc3339(m[1]);
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
