// Which etcd member and node a series is about, the way log lines are attributed: first what the
// series' labels say (a `node` label, a kubeadm static pod `etcd-<node>`), then, once every source
// is read, the etcd member with the id etcd_server_id gives or the client URL the instance is, a
// Node object with the instance's address (or name), and last the instance's host itself (with
// its port when several etcd members share a host, as on a test machine).
import type { EvidenceSet, MetricSeries } from '../../types.js';

const NODE_LABELS = ['node', 'nodename', 'kubernetes_node', 'kubernetes_io_hostname', 'hostname'];
/** Namespaces whose pods `etcd-<node>` are control-plane static pods (kubeadm, OpenShift). */
const STATIC_POD_NAMESPACES = new Set(['kube-system', 'openshift-etcd']);

/** The host of an instance label: `10.0.0.1:2381` → `10.0.0.1`, `[fd00::1]:2379` → `fd00::1`, `https://h:2379` → `h`. */
export function hostOf(instance: string): string {
  let s = instance.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '');
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (v6) return v6[1];
  if ((s.match(/:/g) ?? []).length === 1) s = s.replace(/:\d+$/, '');
  return s;
}

/** host:port of a URL or instance, for comparing an instance with an etcd client URL. */
export function hostPortOf(text: string): string {
  return text.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
}

const hasPort = (instance: string): boolean => /:\d+$/.test(instance.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, ''));
const isIp = (host: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');

/** What the labels alone say about the node. */
export function nodeFromLabels(labels: Record<string, string>, etcd: boolean): string | undefined {
  for (const l of NODE_LABELS) if (labels[l]) return labels[l];
  const pod = labels.pod;
  if (etcd && pod && pod.startsWith('etcd-') && pod.length > 5 && (!labels.namespace || STATIC_POD_NAMESPACES.has(labels.namespace))) {
    return pod.slice(5);
  }
  return undefined;
}

/** Hex member id per instance (and per instance and job), from etcd_server_id{server_id="…"} (latest sample wins). */
export function memberIds(metrics: MetricSeries[]): Map<string, string> {
  const ids = new Map<string, { id: string; at: number }>();
  for (const s of metrics) {
    if (s.name !== 'etcd-server-id' || !s.labels.server_id || !s.instance) continue;
    const at = s.samples[s.samples.length - 1]?.[0] ?? 0;
    for (const key of [`${s.instance}|${s.labels.job ?? ''}`, s.instance]) {
      const prev = ids.get(key);
      if (!prev || at >= prev.at) ids.set(key, { id: s.labels.server_id.toLowerCase().replace(/^0+(?=.)/, ''), at });
    }
  }
  return new Map([...ids].map(([k, v]) => [k, v.id]));
}

/** Labels-only attribution, done while collecting (no other evidence yet). */
export function attributeFromLabels(metrics: MetricSeries[], isEtcd: (s: MetricSeries) => boolean): void {
  const ids = memberIds(metrics);
  for (const s of metrics) {
    const etcd = isEtcd(s);
    s.node ??= nodeFromLabels(s.labels, etcd);
    if (etcd && s.instance && !s.memberId) s.memberId = ids.get(`${s.instance}|${s.labels.job ?? ''}`) ?? ids.get(s.instance);
  }
}

/**
 * Completes node and member once every source is read: etcd members (by id, then by client URL),
 * Node objects (by address, then by name), then the instance itself.
 */
export function attributeMetrics(ev: EvidenceSet, isEtcd: (s: MetricSeries) => boolean): void {
  const metrics = ev.metrics ?? [];
  const byAddress = new Map<string, string>();
  for (const n of ev.nodes) {
    byAddress.set(n.name.toLowerCase(), n.name);
    for (const a of n.addresses) byAddress.set(a.toLowerCase(), n.name);
  }
  // etcd instances per host: on one host (a test machine, a single-node lab), the port tells members apart.
  const etcdInstancesByHost = new Map<string, Set<string>>();
  for (const s of metrics) {
    if (!isEtcd(s) || !s.instance) continue;
    const h = hostOf(s.instance).toLowerCase();
    const set = etcdInstancesByHost.get(h) ?? new Set<string>();
    set.add(s.instance);
    etcdInstancesByHost.set(h, set);
  }
  for (const s of metrics) {
    const etcd = isEtcd(s);
    if (etcd) {
      const m =
        (s.memberId ? ev.etcdMembers.find((x) => x.id === s.memberId) : undefined) ??
        (s.instance ? ev.etcdMembers.find((x) => x.endpoint && hostPortOf(x.endpoint) === hostPortOf(s.instance as string)) : undefined) ??
        (s.node ? ev.etcdMembers.find((x) => x.node === s.node || x.name === s.node) : undefined);
      if (m) {
        s.member = m.name;
        s.memberId ??= m.id;
        s.node ??= m.node;
      }
    }
    if (!s.node && s.instance) {
      const host = hostOf(s.instance);
      const known = byAddress.get(host.toLowerCase());
      if (known) s.node = known;
      else if (!hasPort(s.instance) && !isIp(host)) s.node = host; // kube-prometheus sets instance to the node name
      else if (etcd && (etcdInstancesByHost.get(host.toLowerCase())?.size ?? 0) > 1) s.node = s.instance;
      else s.node = host;
    }
    if (etcd) s.member ??= s.node ?? s.memberId ?? s.instance;
  }
}
