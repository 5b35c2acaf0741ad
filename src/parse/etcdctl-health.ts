// `etcdctl endpoint health` in its three shapes (etcdctl/ctlv3/command/ep_command.go and the
// printers): plain lines
//   https://10.0.0.11:2379 is healthy: successfully committed proposal: took = 9.412873ms
//   https://10.0.0.13:2379 is unhealthy: failed to commit proposal: context deadline exceeded
// a table (`-w table`: ENDPOINT | HEALTH | TOOK | ERROR) and JSON (`-w json`:
// [{"endpoint":…,"health":false,"took":…,"error":…}]), and the line `endpoint status` prints to
// stderr for an endpoint that did not answer:
//   Failed to get the status of endpoint https://10.0.0.13:2379 (context deadline exceeded)
// Each becomes an EtcdMemberStatus known by its endpoint: reachable, or not with the reason.
import type { EtcdMemberStatus, EvidenceRef } from '../types.js';
import { parseBorderedTable } from './table.js';

type Ref = (line: number, excerpt: string) => EvidenceRef;

export const HEALTH_LINE = /^\s*(\S+) is (healthy|unhealthy): (.*?)\s*$/;
export const STATUS_FAILED_LINE = /^\s*Failed to get the status of endpoint (\S+) \((.*)\)\s*$/;
/** The endpoint of a health line: a URL or host:port (not prose that happens to say "is healthy"). */
const ENDPOINT = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\[[0-9a-f:.]+\]|[\w.-]+):\d+\/?$/i;

/**
 * Errors after which the member still answered: an alarm (NOSPACE, CORRUPT), the alarm list, no
 * leader, permissions. Everything else (deadline, refused, EOF) means it did not answer.
 */
const ANSWERED = /Active Alarm|alarm list|no leader|permission denied|too many requests/i;
/** The client could not even talk to it (certificates, authentication): says nothing about the member. */
const CLIENT_SIDE = /x509:|tls:|authentication handshake failed|invalid auth token|user name is empty|certificate/i;

export interface EndpointProbe {
  endpoint: string;
  healthy: boolean;
  error?: string;
  took?: string;
  line: number;
  text: string;
}

/** A health line or a failed-status line, else undefined. */
export function probeOf(text: string, line = 0): EndpointProbe | undefined {
  const h = HEALTH_LINE.exec(text);
  if (h && ENDPOINT.test(h[1])) {
    const healthy = h[2] === 'healthy';
    const took = /took = (\S+)/.exec(h[3])?.[1];
    const error = healthy ? undefined : h[3].replace(/^failed to (?:commit proposal|connect):\s*/, '') || h[3];
    return { endpoint: h[1], healthy, error, took, line, text: text.trim() };
  }
  const f = STATUS_FAILED_LINE.exec(text);
  if (f) return { endpoint: f[1], healthy: false, error: f[2], line, text: text.trim() };
  return undefined;
}

/** etcdctl's own client log lines (zap JSON on stderr) and its exit line: noise around its output. */
export function isEtcdctlNoise(text: string): boolean {
  const t = text.trim();
  if (/^Error: (unhealthy cluster|context deadline exceeded)/.test(t)) return true;
  return t.startsWith('{"level":') && /retry_interceptor\.go|"logger":"(etcd-)?client"|"caller":"(clientv3|v3@)/.test(t);
}

export function memberFromProbe(p: EndpointProbe, ref: Ref): EtcdMemberStatus | undefined {
  if (p.error && CLIENT_SIDE.test(p.error)) return undefined;
  const host = hostOfEndpoint(p.endpoint);
  const answered = p.healthy || (p.error !== undefined && ANSWERED.test(p.error));
  return {
    name: host,
    node: host,
    endpoint: p.endpoint,
    reachable: answered,
    unreachableReason: answered ? undefined : p.error,
    errors: answered && p.error ? [p.error] : [],
    ref: ref(p.line, p.text),
  };
}

/** Health and failed-status lines anywhere in lines (other lines are ignored). */
export function parseEtcdctlProbeLines(lines: string[], ref: Ref, firstLine = 1): EtcdMemberStatus[] {
  const out: EtcdMemberStatus[] = [];
  lines.forEach((l, i) => {
    const p = probeOf(l, firstLine + i);
    const m = p && memberFromProbe(p, ref);
    if (m) out.push(m);
  });
  return out;
}

/** `etcdctl endpoint health -w table`. */
export function parseEtcdctlHealthTable(lines: string[], ref: Ref, firstLine = 1): EtcdMemberStatus[] {
  const t = parseBorderedTable(lines, firstLine);
  const out: EtcdMemberStatus[] = [];
  for (const { cells, line } of t.rows) {
    if (!cells.ENDPOINT) continue;
    const healthy = cells.HEALTH?.toLowerCase() === 'true';
    const m = memberFromProbe({ endpoint: cells.ENDPOINT, healthy, error: cells.ERROR || (healthy ? undefined : 'unhealthy'), took: cells.TOOK, line, text: lines[line - firstLine] }, ref);
    if (m) out.push(m);
  }
  return out;
}

interface HealthJson {
  endpoint?: string;
  health?: boolean | string;
  took?: string;
  error?: string;
}

/** `etcdctl endpoint health -w json`: one JSON array (or one object per line). */
export function parseEtcdctlHealthJson(lines: string[], ref: Ref, firstLine = 1): EtcdMemberStatus[] {
  const out: EtcdMemberStatus[] = [];
  const take = (e: HealthJson, line: number): void => {
    if (!e || typeof e.endpoint !== 'string' || !('health' in e)) return;
    const healthy = e.health === true || e.health === 'true';
    const m = memberFromProbe({ endpoint: e.endpoint, healthy, error: e.error || (healthy ? undefined : 'unhealthy'), took: e.took, line, text: JSON.stringify(e) }, ref);
    if (m) out.push(m);
  };
  lines.forEach((l, i) => {
    const t = l.trim();
    if (!t.startsWith('[') && !t.startsWith('{')) return;
    try {
      const v = JSON.parse(t) as HealthJson | HealthJson[];
      for (const e of Array.isArray(v) ? v : [v]) take(e, firstLine + i);
    } catch {
      // Pretty-printed or cut: tried whole below.
    }
  });
  if (out.length) return out;
  const start = lines.findIndex((l) => /^\s*\[/.test(l));
  if (start < 0) return out;
  try {
    const v = JSON.parse(lines.slice(start).join('\n')) as HealthJson[];
    if (Array.isArray(v)) for (const e of v) take(e, firstLine + start);
  } catch {
    // Not JSON after all.
  }
  return out;
}

/** Any shape of `endpoint health` output, and failed-status lines, in one section. */
export function parseEtcdctlHealth(lines: string[], ref: Ref, firstLine = 1): EtcdMemberStatus[] {
  const content = lines.filter((l) => l.trim() && !isEtcdctlNoise(l));
  const out = parseEtcdctlProbeLines(lines, ref, firstLine);
  if (content.some((l) => l.trim().startsWith('|'))) out.push(...parseEtcdctlHealthTable(lines, ref, firstLine));
  if (content.some((l) => /"endpoint"\s*:/.test(l))) out.push(...parseEtcdctlHealthJson(lines, ref, firstLine));
  return out;
}

export function hostOfEndpoint(endpoint: string): string {
  const m = /^(?:\w+:\/\/)?\[?([^\]/]+?)\]?(?::\d+)?(?:\/.*)?$/.exec(endpoint.trim());
  return m?.[1] ?? endpoint;
}

/** host:port of an endpoint, lower case, for telling whether two lines speak of one member. */
export const endpointKey = (endpoint: string): string =>
  endpoint.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
