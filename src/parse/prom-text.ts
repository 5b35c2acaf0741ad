// Saved Prometheus scrapes (`curl …/metrics` of etcd or the kubelet): the text exposition format
// (`# HELP`, `# TYPE`, `name{label="value",…} value [timestamp]`, also OpenMetrics' `# EOF`), and
// what an etcd scrape says about its member: DB sizes, quota, id, leadership, and p99 latencies
// estimated from the cumulative histogram buckets (everything observed since the process started).
import { hostOf } from '../collect/prometheus/attribute.js';
import type { EtcdMemberStatus, EvidenceRef } from '../types.js';

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Unix milliseconds, when the line carries a timestamp. */
  timestampMs?: number;
  line: number;
  text: string;
}

export interface PromScrape {
  samples: PromSample[];
  /** `# TYPE` per metric family. */
  types: Map<string, string>;
  /** Lines that are neither comments nor samples. */
  bad: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function parseValue(s: string): number | undefined {
  if (/^[+]?Inf$/i.test(s)) return Infinity;
  if (/^-Inf$/i.test(s)) return -Infinity;
  if (/^NaN$/i.test(s)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** One sample line, or undefined when the line is not one. */
export function parseSampleLine(text: string, line = 0): PromSample | undefined {
  const s = text.trim();
  const name = NAME.exec(s)?.[0];
  if (!name) return undefined;
  let i = name.length;
  const labels: Record<string, string> = {};
  if (s[i] === '{') {
    i++;
    for (;;) {
      while (s[i] === ' ' || s[i] === ',') i++;
      if (s[i] === '}') {
        i++;
        break;
      }
      const key = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(s.slice(i))?.[0];
      if (!key) return undefined;
      i += key.length;
      while (s[i] === ' ') i++;
      if (s[i] !== '=' || s[i + 1] !== '"') return undefined;
      i += 2;
      let value = '';
      for (; i < s.length && s[i] !== '"'; i++) {
        if (s[i] === '\\' && i + 1 < s.length) {
          const c = s[++i];
          value += c === 'n' ? '\n' : c;
        } else value += s[i];
      }
      if (s[i] !== '"') return undefined;
      i++;
      labels[key] = value;
    }
  }
  const rest = s.slice(i);
  if (!/^\s/.test(rest)) return undefined;
  const parts = rest.trim().split(/\s+/);
  if (parts.length < 1 || parts.length > 2) return undefined;
  const value = parseValue(parts[0]);
  if (value === undefined) return undefined;
  let timestampMs: number | undefined;
  if (parts[1] !== undefined) {
    const t = Number(parts[1]);
    if (!Number.isFinite(t)) return undefined;
    // Prometheus text gives milliseconds, OpenMetrics seconds (possibly fractional).
    timestampMs = parts[1].includes('.') || Math.abs(t) < 1e11 ? Math.round(t * 1000) : t;
  }
  return { name, labels, value, timestampMs, line, text: s };
}

const META = /^#\s*(HELP|TYPE|UNIT)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\s+(.*))?$/;

/** Whether lines (a file's or section's head) are a Prometheus text scrape. */
export function looksLikePromText(lines: string[]): boolean {
  const content = lines.map((l) => l.trim()).filter((l) => l !== '');
  if (!content.length) return false;
  if (META.test(content[0])) return true;
  // Samples only (`… | grep ^etcd_`): every line of the head is one, and they look like metrics.
  const head = content.slice(0, 10).filter((l) => !l.startsWith('#'));
  if (!head.length) return false;
  const samples = head.map((l) => parseSampleLine(l));
  return samples.every((s) => s !== undefined) && samples.some((s) => s!.name.includes('_') && (s!.name.length > 8 || Object.keys(s!.labels).length > 0));
}

/**
 * Reads a scrape. `keep` picks metric names before their labels are read: a kubelet's cAdvisor
 * scrape holds hundreds of thousands of series nobody asked for.
 */
export function parsePromText(lines: string[], firstLine = 1, keep?: (name: string) => boolean): PromScrape {
  const out: PromScrape = { samples: [], types: new Map(), bad: 0 };
  lines.forEach((raw, i) => {
    const l = raw.trim();
    if (!l) return;
    if (l.startsWith('#')) {
      const m = META.exec(l);
      if (m && m[1] === 'TYPE' && m[3]) out.types.set(m[2], m[3].trim());
      return;
    }
    if (keep) {
      const name = NAME.exec(l)?.[0];
      if (name && !keep(name)) return;
    }
    const s = parseSampleLine(l, firstLine + i);
    if (s) out.samples.push(s);
    else out.bad++;
  });
  return out;
}

/** `{a="1",b="2"}` without the labels named, in a stable order: the identity of a series. */
export function labelKey(labels: Record<string, string>, without: string[] = []): string {
  return Object.keys(labels)
    .filter((k) => !without.includes(k))
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
}

export interface Histogram {
  family: string;
  /** Labels without `le`. */
  labels: Record<string, string>;
  /** Cumulative counts by upper bound, ascending, +Inf last when present. */
  buckets: Array<{ le: number; count: number }>;
  sum?: number;
  count?: number;
  /** Line of the first bucket. */
  line: number;
  timestampMs?: number;
}

/** Every histogram series of a family (`<family>_bucket{le=…}`, `_sum`, `_count`). */
export function histograms(scrape: PromScrape, family: string): Histogram[] {
  const byKey = new Map<string, Histogram>();
  const get = (labels: Record<string, string>, line: number): Histogram => {
    const key = labelKey(labels, ['le']);
    let h = byKey.get(key);
    if (!h) {
      const rest = { ...labels };
      delete rest.le;
      h = { family, labels: rest, buckets: [], line };
      byKey.set(key, h);
    }
    return h;
  };
  for (const s of scrape.samples) {
    if (s.name === `${family}_bucket` && s.labels.le !== undefined) {
      const le = parseValue(s.labels.le);
      if (le === undefined || Number.isNaN(le)) continue;
      const h = get(s.labels, s.line);
      h.buckets.push({ le, count: s.value });
      if (s.timestampMs !== undefined) h.timestampMs = Math.max(h.timestampMs ?? 0, s.timestampMs);
    } else if (s.name === `${family}_sum`) get(s.labels, s.line).sum = s.value;
    else if (s.name === `${family}_count`) get(s.labels, s.line).count = s.value;
  }
  const out = [...byKey.values()].filter((h) => h.buckets.length > 0);
  for (const h of out) h.buckets.sort((a, b) => a.le - b.le);
  return out;
}

/**
 * The q-quantile of cumulative buckets, as PromQL's histogram_quantile computes it: linear
 * interpolation inside the bucket the rank falls in (from 0 for the first), the highest finite
 * bound when it falls in +Inf. Undefined without observations or without a +Inf bucket.
 */
export function histogramQuantile(q: number, buckets: Array<{ le: number; count: number }>): number | undefined {
  if (buckets.length < 2 || buckets[buckets.length - 1].le !== Infinity) return undefined;
  // Counts must not fall from one bucket to the next (scrapes race observations): keep the running maximum.
  const b = buckets.map((x) => ({ ...x }));
  for (let i = 1; i < b.length; i++) if (b[i].count < b[i - 1].count) b[i].count = b[i - 1].count;
  const total = b[b.length - 1].count;
  if (!(total > 0)) return undefined;
  const rank = q * total;
  let i = b.findIndex((x) => x.count >= rank);
  if (i < 0) i = b.length - 1;
  if (i === b.length - 1) return b[b.length - 2].le;
  if (i === 0 && b[0].le <= 0) return b[0].le;
  const start = i === 0 ? 0 : b[i - 1].le;
  const below = i === 0 ? 0 : b[i - 1].count;
  const inBucket = b[i].count - below;
  return inBucket > 0 ? start + (b[i].le - start) * ((rank - below) / inBucket) : b[i].le;
}

// ---------------------------------------------------------------------------------------------
// etcd

/** Histograms of an etcd scrape and the query ids (src/collect/prometheus/queries.ts) their p99 stands for. */
export const ETCD_HISTOGRAMS: Array<{ family: string; query: string }> = [
  { family: 'etcd_disk_wal_fsync_duration_seconds', query: 'etcd-wal-fsync-p99' },
  { family: 'etcd_disk_backend_commit_duration_seconds', query: 'etcd-backend-commit-p99' },
  { family: 'etcd_network_peer_round_trip_time_seconds', query: 'etcd-peer-rtt-p99' },
];

export interface EtcdScrapeQuantile {
  query: string;
  family: string;
  labels: Record<string, string>;
  p99: number;
  observations: number;
  line: number;
  timestampMs?: number;
}

/** What one etcd member's scrape says (one per `instance` label, or one for a plain curl). */
export interface EtcdScrape {
  instance?: string;
  member: EtcdMemberStatus;
  quantiles: EtcdScrapeQuantile[];
  leaderChanges?: number;
  /** process_start_time_seconds, as unix ms: the histograms count from then. */
  processStartMs?: number;
  /** Latest explicit sample timestamp, when the lines carry them. */
  timestampMs?: number;
}

const DB_SIZE = ['etcd_mvcc_db_total_size_in_bytes', 'etcd_debugging_mvcc_db_total_size_in_bytes'];

/** The metric names etcdFromScrape reads (for parsePromText's `keep`). */
export const isEtcdScrapeMetric = (name: string): boolean => name.startsWith('etcd_') || name === 'process_start_time_seconds';
const DB_IN_USE = 'etcd_mvcc_db_total_size_in_use_in_bytes';

/**
 * The etcd members of a scrape: one per `instance` label (a plain `curl …/metrics` has none, so
 * one member). A group is a member when it has the DB size, the server id or leadership gauges.
 */
export function etcdFromScrape(scrape: PromScrape, ref: (line: number, excerpt: string) => EvidenceRef, where: { node?: string; endpoint?: string } = {}): EtcdScrape[] {
  const groups = new Map<string, PromSample[]>();
  for (const s of scrape.samples) {
    const key = s.labels.instance ?? '';
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  const out: EtcdScrape[] = [];
  for (const [instance, samples] of groups) {
    const first = (names: string | string[]): PromSample | undefined => {
      const want = Array.isArray(names) ? names : [names];
      for (const n of want) {
        const hit = samples.find((s) => s.name === n);
        if (hit) return hit;
      }
      return undefined;
    };
    const size = first(DB_SIZE);
    const inUse = first(DB_IN_USE);
    const idSample = samples.find((s) => s.name === 'etcd_server_id' && s.labels.server_id && s.value === 1) ?? first('etcd_server_id');
    const isLeader = first('etcd_server_is_leader');
    const hasLeader = first('etcd_server_has_leader');
    if (!size && !idSample?.labels.server_id && !isLeader && !hasLeader) continue;
    const quota = first('etcd_server_quota_backend_bytes');
    const learner = first('etcd_server_is_learner');
    const version = samples.find((s) => s.name === 'etcd_server_version' && s.labels.server_version)?.labels.server_version;
    const id = idSample?.labels.server_id ? naturalHex(idSample.labels.server_id) : undefined;
    const host = instance ? hostOf(instance) : undefined;
    const node = where.node ?? nodeLabel(samples) ?? (host && !isLoopback(host) ? host : undefined);
    const cited = [size, inUse].filter((s): s is PromSample => !!s);
    const anchor = cited[0] ?? idSample ?? isLeader ?? hasLeader!;
    const excerpt = (cited.length ? cited : [anchor]).map((s) => s.text).join('; ');
    const errors: string[] = [];
    if (hasLeader && hasLeader.value === 0) errors.push('etcdserver: no leader (etcd_server_has_leader 0)');
    const member: EtcdMemberStatus = {
      name: id ?? node ?? (instance || 'etcd'),
      id,
      node,
      endpoint: where.endpoint,
      reachable: true,
      dbSize: finite(size?.value),
      dbSizeInUse: finite(inUse?.value),
      leaderId: isLeader?.value === 1 ? id : undefined,
      isLeader: isLeader ? isLeader.value === 1 : undefined,
      isLearner: learner ? learner.value === 1 : undefined,
      errors,
      version,
      quotaBytes: finite(quota?.value),
      ref: ref(anchor.line, excerpt),
    };
    const own = { samples, types: scrape.types, bad: 0 };
    const quantiles: EtcdScrapeQuantile[] = [];
    for (const { family, query } of ETCD_HISTOGRAMS) {
      for (const h of histograms(own, family)) {
        const p99 = histogramQuantile(0.99, h.buckets);
        const observations = h.buckets[h.buckets.length - 1].count;
        if (p99 === undefined) continue;
        quantiles.push({ query, family, labels: h.labels, p99, observations, line: h.line, timestampMs: h.timestampMs });
      }
    }
    const start = first('process_start_time_seconds');
    const stamps = samples.map((s) => s.timestampMs).filter((t): t is number => t !== undefined);
    out.push({
      instance: instance || undefined,
      member,
      quantiles,
      leaderChanges: finite(first('etcd_server_leader_changes_seen_total')?.value),
      processStartMs: start && Number.isFinite(start.value) ? Math.round(start.value * 1000) : undefined,
      timestampMs: stamps.length ? Math.max(...stamps) : undefined,
    });
  }
  return out;
}

const finite = (v: number | undefined): number | undefined => (v !== undefined && Number.isFinite(v) ? v : undefined);

/** Hex member id as etcd prints it (%x), without leading zeros. */
function naturalHex(s: string): string {
  const h = s.toLowerCase();
  return /^[0-9a-f]{1,16}$/.test(h) ? BigInt(`0x${h}`).toString(16) : h;
}

function nodeLabel(samples: PromSample[]): string | undefined {
  for (const s of samples) {
    const n = s.labels.node ?? s.labels.nodename ?? s.labels.kubernetes_node;
    if (n) return n;
  }
  return undefined;
}

export const isLoopback = (host: string): boolean => /^(localhost|127\.\d+\.\d+\.\d+|::1|0\.0\.0\.0)$/i.test(host);
