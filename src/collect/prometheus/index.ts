// Prometheus as a source: the history of etcd's metrics (DB sizes, WAL fsync and backend commit
// p99, leader changes, slow applies and read indexes, peer round trips, quota) and of the nodes'
// disks (node-exporter, cAdvisor, process-exporter) over a range ending now. Every answer becomes
// MetricSeries evidence that the etcd rules read next to log lines, attributed to the same members
// and nodes. A Prometheus that cannot be asked (unreachable, refusing the credentials, not a
// Prometheus API) or that holds no etcd series is a warning of the source, and the diagnosis goes
// on with the other sources; only when it is the only source is that an error (exit 2).
import type { EvidenceSet, MetricSeries, SourceInfo } from '../../types.js';
import { UserError } from '../../intake/errors.js';
import { attributeFromLabels, attributeMetrics } from './attribute.js';
import { PromCallError, PromClient, type PromSeries } from './client.js';
import { isEtcdSeries, isoOf } from './evidence.js';
import { promDuration, QUERIES, type QueryDef } from './queries.js';

export { PromCallError } from './client.js';
export { QUERIES } from './queries.js';

export const DEFAULT_SINCE_MS = 6 * 3_600_000;
/** About this many points per series over the range. */
const POINTS = 240;
const CONCURRENCY = 4;
const ALWAYS_EXPORTED = new Set(['etcd-db-total-bytes', 'etcd-db-in-use-bytes', 'etcd-leader-changes', 'etcd-has-leader']);

export interface PrometheusConnection {
  /** Base URL of the Prometheus (or Thanos, VictoriaMetrics, Mimir) HTTP API; user:password@ is sent as Basic auth. */
  url: string;
  /** Request headers, e.g. { Authorization: 'Bearer …' } (from --prometheus-header K=V). */
  headers?: Record<string, string>;
  /** How far back to look (default 6 h). */
  sinceMs?: number;
  /** End of the range (default now). */
  end?: Date;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Step of range queries (default: the range / 240, at least 1 s). */
  stepSeconds?: number;
  /** Window of rate() under the p99s (default 4 steps, at least 1 min: several scrapes at any usual interval). */
  rateWindowSeconds?: number;
  /** Throw PrometheusUnusableError rather than warn when nothing could be asked (Prometheus is the only source). */
  required?: boolean;
}

/** Prometheus could not be asked at all, and it was the only source. */
export class PrometheusUnusableError extends UserError {
  readonly userMessage: string;

  constructor(userMessage: string, options?: { cause?: unknown }) {
    super(userMessage, options);
    this.name = 'PrometheusUnusableError';
    this.userMessage = userMessage;
  }
}

export interface PrometheusEvidence {
  source: SourceInfo;
  metrics: MetricSeries[];
  /** Completes attribution once every source is read (Node addresses, etcd members). */
  resolve(ev: EvidenceSet): void;
}

/** `--prometheus-header K=V` (or `K: V`) values as headers. */
export function parseHeaders(items: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const m = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*[=:]\s*(.*)$/.exec(item);
    if (!m) throw new UserError(`--prometheus-header takes NAME=VALUE (e.g. Authorization='Bearer TOKEN'), not: ${item}`);
    out[m[1]] = m[2].trim();
  }
  return out;
}

/** `--since`: 90s, 30m, 6h, 2d, 1h30m, or plain seconds. */
export function parseSince(text: string | undefined, fallbackMs = DEFAULT_SINCE_MS): number {
  if (text === undefined) return fallbackMs;
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  let total = 0;
  let rest = t;
  for (let m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/.exec(rest); m; m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/.exec(rest)) {
    total += Number(m[1]) * unit[m[2]];
    rest = rest.slice(m[0].length);
  }
  if (rest !== '' || !(total > 0)) throw new UserError(`--since: not a duration: ${text} (use e.g. 30m, 6h or 2d)`);
  return total;
}

export async function collectPrometheus(opts: PrometheusConnection): Promise<PrometheusEvidence> {
  const warnings: string[] = [];
  const metrics: MetricSeries[] = [];
  const source: SourceInfo = { kind: 'prometheus', location: opts.url, nodes: [], warnings };
  const done = (): PrometheusEvidence => ({
    source,
    metrics,
    resolve(ev) {
      attributeMetrics(ev, isEtcdSeries);
      source.nodes = [...new Set(metrics.map((m) => m.node).filter((n): n is string => n !== undefined))].sort();
    },
  });
  const fail = (message: string, cause?: unknown): PrometheusEvidence => {
    if (opts.required) throw new PrometheusUnusableError(message, { cause });
    warnings.push(`${message}; diagnosed without metrics`);
    return done();
  };

  let client: PromClient;
  try {
    client = new PromClient({ url: opts.url, headers: opts.headers, timeoutMs: opts.timeoutMs ?? 10_000 });
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err), err);
  }
  source.location = client.display;

  const sinceMs = opts.sinceMs ?? DEFAULT_SINCE_MS;
  // Rounded up to the second: the last evaluation includes every sample scraped until now.
  const endMs = Math.ceil((opts.end ?? new Date()).getTime() / 1000) * 1000;
  const startMs = endMs - sinceMs;
  const step = opts.stepSeconds ?? Math.max(1, Math.ceil(sinceMs / 1000 / POINTS));
  const window = promDuration(opts.rateWindowSeconds ?? Math.max(60, 4 * step));
  const range = promDuration(sinceMs / 1000);
  const start = isoOf(startMs);
  const end = isoOf(endMs);

  const ask = async (q: QueryDef): Promise<PromSeries[]> => {
    const promql = q.promql(window, range);
    return q.mode === 'range' ? client.queryRange(promql, startMs / 1000, endMs / 1000, step) : client.query(promql, endMs / 1000);
  };
  const keep = (q: QueryDef, rows: PromSeries[]): void => {
    for (const r of rows) {
      const samples = r.values
        .map(([t, v]): [number, number] => [Math.round(Number(t) * 1000), Number(v)])
        .filter(([, v]) => Number.isFinite(v));
      if (samples.length === 0) continue;
      const { __name__: _name, ...labels } = r.metric;
      const s: MetricSeries = {
        name: q.id,
        labels,
        instance: labels.instance,
        samples,
        query: q.promql(window, range),
        start,
        end,
        stepSeconds: q.mode === 'range' ? step : 0,
        ref: { source: 'prometheus', query: q.promql(window, range), excerpt: '' },
      };
      const lbl = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
      s.ref.excerpt = `${q.what} {${lbl}}: ${samples.length} sample${samples.length === 1 ? '' : 's'}, ${s.stepSeconds ? `range ${start} to ${end}, step ${step}s` : `over ${start} to ${end}`}`;
      metrics.push(s);
    }
  };

  // The first query tells whether Prometheus can be asked at all.
  const [first, ...rest] = QUERIES;
  try {
    keep(first, await ask(first));
  } catch (err) {
    if (err instanceof PromCallError && err.fatal) return fail(err.message, err);
    warnings.push(`query ${first.promql(window, range)} failed: ${(err as Error).message}`);
  }
  const failed: string[] = [];
  let fatal: PromCallError | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < rest.length && !fatal) {
      const q = rest[next++];
      try {
        keep(q, await ask(q));
      } catch (err) {
        if (err instanceof PromCallError && err.fatal) fatal = err;
        else failed.push(`query ${q.promql(window, range)} failed: ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (fatal) warnings.push(`${fatal.message} (part way through; the metrics read before are kept)`);
  warnings.push(...failed);

  const etcdAsked = QUERIES.filter((q) => q.etcd);
  const etcdFound = new Set(metrics.filter((m) => isEtcdSeries(m)).map((m) => m.name));
  if (etcdFound.size === 0) {
    warnings.push(
      `Prometheus at ${client.display} holds no etcd series from ${start} to ${end} (asked etcd_mvcc_db_total_size_in_bytes, ` +
        `etcd_disk_wal_fsync_duration_seconds_bucket and ${etcdAsked.length - 2} more): is etcd scraped, and does --since reach back far enough?`,
    );
  } else {
    // Gauges and counters every etcd 3.4+ member exports (a p99 is absent just when nothing was synced).
    const missing = etcdAsked.filter((q) => ALWAYS_EXPORTED.has(q.id) && !etcdFound.has(q.id));
    if (missing.length) warnings.push(`no series for ${missing.map((q) => q.promql(window, range)).join(', ')} from ${start} to ${end}`);
  }
  attributeFromLabels(metrics, isEtcdSeries);
  source.nodes = [...new Set(metrics.map((m) => m.node).filter((n): n is string => n !== undefined))].sort();
  return done();
}
