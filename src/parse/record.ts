// One component log line parsed into level, time, message and fields, whatever its format:
// zap JSON (etcd, etcd-client), component-base JSON (kubelet on Talos), klog text,
// logfmt (containerd, k3s), capnslog (etcd 3.4 default) or plain text.
import { isoFromEpoch, isoFromKlog, isoFromRfc3339 } from '../util/time.js';
import { parseKlogMessage } from './klog.js';
import { parseLogfmt } from './logfmt.js';
import { isoFromUtcClock } from './unwrap.js';

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'fatal';
export type LogFormat = 'zap' | 'component-base' | 'klog' | 'logfmt' | 'capnslog' | 'text';

export interface LogRecord {
  format: LogFormat;
  level?: Level;
  time?: string;
  msg: string;
  fields: Record<string, unknown>;
  /** klog/zap caller "file.go:123" — a hint of the component. */
  caller?: string;
}

const KLOG = /^([IWEF])(\d{4}) (\d\d:\d\d:\d\d\.\d+)\s+\d+ ([^\]\s]+)\] ?(.*)$/;
const CAPNSLOG = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) ([DINWEC]) \| ([\w./-]+): (.*)$/;
const KLOG_LEVEL: Record<string, Level> = { I: 'info', W: 'warn', E: 'error', F: 'fatal' };
const CAPNS_LEVEL: Record<string, Level> = { D: 'debug', I: 'info', N: 'info', W: 'warn', E: 'error', C: 'fatal' };

export function normaliseLevel(s: unknown): Level | undefined {
  if (typeof s !== 'string') return undefined;
  const l = s.toLowerCase();
  if (l.startsWith('warn')) return 'warn';
  if (l === 'error' || l === 'err') return 'error';
  if (l === 'fatal' || l === 'panic' || l === 'dpanic' || l === 'critical') return 'fatal';
  if (l === 'debug' || l === 'trace') return 'debug';
  if (l === 'info' || l === 'notice') return 'info';
  return undefined;
}

export function parseRecord(payload: string): LogRecord {
  const first = payload.charCodeAt(0);
  if (first === 123 /* { */) {
    try {
      const o = JSON.parse(payload) as Record<string, unknown>;
      if (o && typeof o === 'object' && typeof o.msg === 'string') return fromJson(o);
    } catch {
      // A cut JSON line (writer died, CRI split a long line) is still text worth matching: keep its level and time.
      return cutJson(payload);
    }
  }
  let m = KLOG.exec(payload);
  if (m) {
    const { msg, fields } = parseKlogMessage(m[5]);
    return { format: 'klog', level: KLOG_LEVEL[m[1]], time: isoFromKlog(m[2], m[3]), msg, fields, caller: m[4] };
  }
  if (payload.startsWith('time=') || payload.startsWith('level=')) {
    const f = parseLogfmt(payload);
    const { time, level, msg, ...rest } = f;
    if (msg !== undefined || level !== undefined) {
      return { format: 'logfmt', level: normaliseLevel(level), time: time ? isoFromRfc3339(time) : undefined, msg: msg ?? '', fields: rest };
    }
  }
  m = CAPNSLOG.exec(payload);
  if (m) {
    return { format: 'capnslog', level: CAPNS_LEVEL[m[2]], time: isoFromRfc3339(m[1]), msg: m[4], fields: { package: m[3] }, caller: m[3] };
  }
  return { format: 'text', msg: payload, fields: {} };
}

const CUT_LEVEL = /"level":"(\w+)"/;
const CUT_TS = /"(?:ts|time)":(?:"([^"]+)"|(\d+(?:\.\d+)?)[,}])/;

function cutJson(payload: string): LogRecord {
  const ts = CUT_TS.exec(payload);
  const time = ts ? (ts[1] !== undefined ? isoFromRfc3339(ts[1]) : isoFromEpoch(Number(ts[2]))) : undefined;
  return { format: 'text', level: normaliseLevel(CUT_LEVEL.exec(payload)?.[1]), time, msg: payload, fields: {} };
}

function fromJson(o: Record<string, unknown>): LogRecord {
  const { msg, level, ts, time, caller, ...fields } = o;
  let iso: string | undefined;
  if (typeof ts === 'number') iso = isoFromEpoch(ts);
  else if (typeof ts === 'string') iso = isoFromUtcClock(ts) ?? (Number.isFinite(Number(ts)) ? isoFromEpoch(Number(ts)) : undefined);
  else if (typeof time === 'string') iso = isoFromRfc3339(time);
  let lvl = normaliseLevel(level);
  // component-base JSON has no level: errors carry "err", info lines carry "v".
  if (lvl === undefined && level === undefined) lvl = 'err' in fields ? 'error' : 'info';
  return {
    format: level !== undefined ? 'zap' : 'component-base',
    level: lvl,
    time: iso,
    msg: msg as string,
    fields,
    caller: typeof caller === 'string' ? caller : undefined,
  };
}

/** Cheap level check on an unparsed payload, for counting error and warning lines of every stream. */
export function quickLevel(p: string): Level | undefined {
  const c = p.charCodeAt(0);
  if (c === 123 /* { */) {
    const i = p.indexOf('"level":"');
    if (i >= 0) return normaliseLevel(p.slice(i + 9, p.indexOf('"', i + 9)));
    if (p.includes('"err":')) return 'error';
    // Only log lines count: other JSON objects (API objects, package.json …) have no level.
    return p.includes('"msg":') ? 'info' : undefined;
  }
  if ((c === 69 /* E */ || c === 87 /* W */ || c === 70 /* F */ || c === 73 /* I */) && p.charCodeAt(1) >= 48 && p.charCodeAt(1) <= 57 && p.charCodeAt(5) === 32) {
    return KLOG_LEVEL[p[0]];
  }
  const i = p.indexOf('level=');
  if (i >= 0 && i < 64) return normaliseLevel(/^level=([a-z]+)/.exec(p.slice(i))?.[1]);
  // capnslog: "2026-02-22 01:05:01.044022 W | wal: …" (microsecond clock, level at 27, bar at 29).
  if (p.length > 30 && p.charCodeAt(29) === 124 /* | */ && p.charCodeAt(4) === 45 /* - */) return CAPNS_LEVEL[p[27]];
  return undefined;
}
