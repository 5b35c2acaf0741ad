// What kubesleuth asks Prometheus: etcd's own metrics (names and etcd-mixin alert expressions as in
// shared/spec/signals.md) and, where node-exporter / cAdvisor / process-exporter are scraped, the
// node's disk time and the pods and processes writing to it. Each answer becomes MetricSeries with
// the query's id as its name.

export type MetricUnit = 'bytes' | 'seconds' | 'count' | 'ratio' | 'bytes/s' | 'bool' | 'id';

export interface QueryDef {
  id: string;
  /** PromQL; `w` is the rate window (e.g. `5m`), `range` the whole range (e.g. `6h`). */
  promql: (w: string, range: string) => string;
  /** `range`: a range query over the whole range; `summary`: one instant query at its end over the whole range. */
  mode: 'range' | 'summary';
  /** An etcd member's series (attributed to a member as well as a node). */
  etcd: boolean;
  unit: MetricUnit;
  /** Words for excerpts. */
  what: string;
}

const EXCLUDED_DEVICES = 'device!~"(loop|ram|sr|fd|nbd|zram)[0-9].*"';

export const QUERIES: QueryDef[] = [
  { id: 'etcd-server-id', promql: () => 'etcd_server_id', mode: 'range', etcd: true, unit: 'id', what: 'member id' },
  { id: 'etcd-db-total-bytes', promql: () => 'etcd_mvcc_db_total_size_in_bytes', mode: 'range', etcd: true, unit: 'bytes', what: 'DB size' },
  { id: 'etcd-db-in-use-bytes', promql: () => 'etcd_mvcc_db_total_size_in_use_in_bytes', mode: 'range', etcd: true, unit: 'bytes', what: 'DB in use' },
  { id: 'etcd-quota-bytes', promql: () => 'etcd_server_quota_backend_bytes', mode: 'range', etcd: true, unit: 'bytes', what: 'space quota' },
  {
    id: 'etcd-wal-fsync-p99',
    promql: (w) => `histogram_quantile(0.99, rate(etcd_disk_wal_fsync_duration_seconds_bucket[${w}]))`,
    mode: 'range',
    etcd: true,
    unit: 'seconds',
    what: 'WAL fsync p99',
  },
  {
    id: 'etcd-backend-commit-p99',
    promql: (w) => `histogram_quantile(0.99, rate(etcd_disk_backend_commit_duration_seconds_bucket[${w}]))`,
    mode: 'range',
    etcd: true,
    unit: 'seconds',
    what: 'backend commit p99',
  },
  {
    id: 'etcd-peer-rtt-p99',
    promql: (w) => `histogram_quantile(0.99, rate(etcd_network_peer_round_trip_time_seconds_bucket[${w}]))`,
    mode: 'range',
    etcd: true,
    unit: 'seconds',
    what: 'peer round-trip p99',
  },
  { id: 'etcd-leader-changes', promql: () => 'etcd_server_leader_changes_seen_total', mode: 'range', etcd: true, unit: 'count', what: 'leader changes seen' },
  { id: 'etcd-has-leader', promql: () => 'etcd_server_has_leader', mode: 'range', etcd: true, unit: 'bool', what: 'has a leader' },
  { id: 'etcd-is-leader', promql: () => 'etcd_server_is_leader', mode: 'range', etcd: true, unit: 'bool', what: 'is the leader' },
  { id: 'etcd-slow-applies', promql: () => 'etcd_server_slow_apply_total', mode: 'range', etcd: true, unit: 'count', what: 'slow applies' },
  { id: 'etcd-slow-read-indexes', promql: () => 'etcd_server_slow_read_indexes_total', mode: 'range', etcd: true, unit: 'count', what: 'slow read indexes' },
  {
    id: 'etcd-heartbeat-failures',
    promql: () => 'etcd_server_heartbeat_send_failures_total',
    mode: 'range',
    etcd: true,
    unit: 'count',
    what: 'heartbeat send failures',
  },
  // node-exporter: the fraction of time each disk was busy.
  {
    id: 'node-disk-busy',
    promql: (w) => `rate(node_disk_io_time_seconds_total{${EXCLUDED_DEVICES}}[${w}])`,
    mode: 'range',
    etcd: false,
    unit: 'ratio',
    what: 'disk busy',
  },
  // cAdvisor (kubelet): who writes, averaged over the whole range; containers only (not the pod cgroup).
  {
    id: 'pod-fs-writes',
    promql: (_w, range) =>
      `topk(20, sum by (namespace, pod, node, instance) (rate(container_fs_writes_bytes_total{container!="", container!="POD", pod!=""}[${range}])))`,
    mode: 'summary',
    etcd: false,
    unit: 'bytes/s',
    what: 'pod writes',
  },
  {
    id: 'pod-fs-io-time',
    promql: (_w, range) =>
      `topk(20, sum by (namespace, pod, node, instance) (rate(container_fs_io_time_seconds_total{container!="", container!="POD", pod!=""}[${range}])))`,
    mode: 'summary',
    etcd: false,
    unit: 'ratio',
    what: 'pod disk time',
  },
  // process-exporter, where it runs.
  {
    id: 'process-writes',
    promql: (_w, range) => `topk(20, sum by (groupname, node, instance) (rate(namedprocess_namegroup_write_bytes_total[${range}])))`,
    mode: 'summary',
    etcd: false,
    unit: 'bytes/s',
    what: 'process writes',
  },
];

export const queryDef = (id: string): QueryDef | undefined => QUERIES.find((q) => q.id === id);

/** Prometheus duration text for seconds: 90 → "90s", 300 → "5m", 21600 → "6h". */
export function promDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}
