// After every source is read: map node addresses to node names, place records whose node
// came only from a folder name, give etcd members their names, complete year-less timestamps,
// and turn Kubernetes events into signals like log lines.
import type { EvidenceSet, SignalEvent } from '../types.js';
import { matchSignals } from '../signals/match.js';
import { hasNoYear, withYear } from '../util/time.js';
import { parseRecord } from '../parse/record.js';
import { placeScrapedSeries } from './structured.js';

/** The node of records that nothing places. */
export const UNPLACED_NODE = 'unknown-node';

/** Components that run on a node (their logs belong to one), as opposed to clients. */
const NODE_COMPONENTS = new Set(['etcd', 'kubelet', 'containerd', 'kube-apiserver', 'kube-scheduler', 'kube-controller-manager', 'kube-proxy', 'kernel', 'cni', 'cilium', 'k3s', 'machined', 'unknown']);

export interface Deferred {
  record: { node?: string };
  candidates: string[];
}

export function aliasMap(ev: EvidenceSet): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of ev.nodes) {
    m.set(n.name, n.name);
    m.set(n.name.toLowerCase(), n.name);
    for (const a of n.addresses) m.set(a, n.name);
  }
  return m;
}

export function resolveEvidence(ev: EvidenceSet, deferred: Deferred[], now: Date, liveNodes: Iterable<string> = []): void {
  const alias = aliasMap(ev);
  const known = new Set<string>([...alias.keys(), ...ev.etcdMembers.flatMap((m) => [m.node ?? '', m.name]).filter(Boolean), ...liveNodes]);
  // Logs, process lists and disk stats with no node in their layout or lines: a parent folder
  // named like a known node places them; else the cluster's only node if it has one; else one
  // shared "unknown node" (pasted excerpts of one machine still link to each other).
  const onlyNode = ev.nodes.length === 1 ? ev.nodes[0].name : undefined;
  const unplaced: Deferred[] = [];
  for (const d of deferred) {
    if (d.record.node) continue;
    const hit = d.candidates.find((c) => known.has(c) || alias.has(c.toLowerCase()));
    if (hit) d.record.node = hit;
    else unplaced.push(d);
  }
  placeByPod(ev);
  for (const d of unplaced) {
    const r = d.record as { node?: string; component?: string };
    // Only what runs on a node gets one; a client's output pasted from a terminal stays cluster-wide.
    if (!r.node && (r.component === undefined || NODE_COMPONENTS.has(r.component))) r.node = onlyNode ?? UNPLACED_NODE;
  }
  const name = (n: string | undefined): string | undefined => (n === undefined ? undefined : (alias.get(n) ?? alias.get(n.toLowerCase()) ?? n));
  for (const list of [ev.signals, ev.logStats, ev.processes, ev.diskIo, ev.nodeMetrics, ev.pods, ev.events, ev.objects, ev.etcdMembers] as Array<Array<{ node?: string }>>) {
    for (const r of list) if (r.node) r.node = name(r.node);
  }
  for (const s of ev.sources) s.nodes = [...new Set(s.nodes.map((n) => name(n) ?? n))];
  dedupeObjects(ev);
  nameEtcdMembers(ev);
  addEventSignals(ev);
  completeYears(ev, now);
  placeScrapedSeries(ev, now);
}

/** Log lines that name their pod (a cluster-info dump's logs.txt) run on that pod's node. */
function placeByPod(ev: EvidenceSet): void {
  const podNode = new Map(ev.pods.map((p) => [`${p.namespace}/${p.name}`, p.node]));
  for (const s of ev.signals) if (!s.node && s.pod) s.node = podNode.get(s.pod);
}

/**
 * The same pod or node read from several files (a bundle's systemPods.yaml and a saved
 * `kubectl get pods -A -o yaml`): keep one, the one in the worst observed state, since that is
 * the state a diagnosis has to explain; between equals, the one read first.
 */
function dedupeObjects(ev: EvidenceSet): void {
  const trouble = (p: EvidenceSet['pods'][number]): number =>
    p.containers.filter((c) => c.waitingReason).length * 1000 + p.containers.length;
  const pods = new Map<string, EvidenceSet['pods'][number]>();
  for (const p of ev.pods) {
    const k = `${p.namespace}/${p.name}`;
    const prev = pods.get(k);
    if (!prev || trouble(p) > trouble(prev)) pods.set(k, prev ? { ...p, uid: p.uid ?? prev.uid, node: p.node ?? prev.node } : p);
  }
  ev.pods.splice(0, ev.pods.length, ...pods.values());
  const nodes = new Map<string, EvidenceSet['nodes'][number]>();
  for (const n of ev.nodes) {
    const prev = nodes.get(n.name);
    if (!prev || (n.conditions.length > prev.conditions.length)) nodes.set(n.name, prev ? { ...n, addresses: [...new Set([...prev.addresses, ...n.addresses])] } : n);
  }
  ev.nodes.splice(0, ev.nodes.length, ...nodes.values());
}

/** A member known only by hex id takes the name of the node it runs on (Talos/kubeadm name members after the host). */
function nameEtcdMembers(ev: EvidenceSet): void {
  const byId = new Map<string, string>();
  for (const m of ev.etcdMembers) if (m.id && m.name && m.name !== m.id) byId.set(m.id, m.name);
  for (const m of ev.etcdMembers) {
    if (m.name === m.id || !m.name) m.name = (m.id && byId.get(m.id)) ?? m.node ?? m.name;
    if (!m.node && m.name !== m.id) m.node = m.name;
  }
  // The same member reported by several sources: keep the most complete, latest one.
  const seen = new Map<string, number>();
  const kept: typeof ev.etcdMembers = [];
  for (const m of ev.etcdMembers) {
    const key = m.id || m.name;
    const i = seen.get(key);
    if (i === undefined) {
      seen.set(key, kept.length);
      kept.push(m);
    } else if ((m.dbSize !== undefined && kept[i].dbSize === undefined) || m.ref.source.startsWith('etcd-api')) {
      kept[i] = m;
    }
  }
  ev.etcdMembers.splice(0, ev.etcdMembers.length, ...kept);
  const leaders = new Set(ev.etcdMembers.map((m) => m.leaderId).filter(Boolean));
  for (const m of ev.etcdMembers) if (m.isLeader === undefined && m.id) m.isLeader = leaders.has(m.id);
}

function addEventSignals(ev: EvidenceSet): void {
  const podNode = new Map(ev.pods.map((p) => [`${p.namespace}/${p.name}`, p.node]));
  for (const e of ev.events) {
    const pod = e.objectKind === 'Pod' && e.objectName ? `${e.namespace ?? 'default'}/${e.objectName}` : undefined;
    if (!e.node && pod) e.node = podNode.get(pod);
    const text = `${e.reason} ${e.message}`;
    const rec = parseRecord(e.message);
    for (const m of matchSignals(text, rec)) {
      const s: SignalEvent = {
        signal: m.def.id,
        component: m.def.component,
        node: e.node,
        pod,
        time: e.lastSeen ?? e.firstSeen,
        durationMs: m.extract.durationMs,
        fields: { ...(m.extract.fields ?? {}), event: e.reason, ...(e.count ? { count: e.count } : {}) },
        ref: e.ref,
      };
      ev.signals.push(s);
    }
  }
}

/** klog and syslog lines carry no year: take it from the evidence's full timestamps (else the clock). */
function completeYears(ev: EvidenceSet, now: Date): void {
  let latest: string | undefined;
  const consider = (t: string | undefined): void => {
    if (t && !hasNoYear(t) && (!latest || t > latest)) latest = t;
  };
  for (const s of ev.signals) consider(s.time);
  for (const s of ev.logStats) consider(s.lastTime);
  const year = latest ? Number(latest.slice(0, 4)) : now.getUTCFullYear();
  const fix = (t: string | undefined): string | undefined => (t && hasNoYear(t) ? withYear(t, year) : t);
  for (const s of ev.signals) {
    s.time = fix(s.time);
    if (s.ref.time) s.ref.time = fix(s.ref.time);
  }
  for (const s of ev.logStats) {
    s.firstTime = fix(s.firstTime);
    s.lastTime = fix(s.lastTime);
    for (const r of s.errorSamples) r.time = fix(r.time);
  }
}
