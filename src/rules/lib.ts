// Shared helpers for rules: selecting signals, summarising them into finding fields, subjects.
import type { EtcdMemberStatus, EvidenceRef, EvidenceSet, Finding, SignalEvent, Subject, Thresholds } from '../types.js';
import { maxIso, minIso } from '../util/time.js';
import { collate } from '../util/collate.js';

export const MAX_REFS = 6;

/** Per evidence set: the positions of each signal id's events (rules ask for them many times). */
const signalIndex = new WeakMap<EvidenceSet, { list: SignalEvent[]; length: number; at: Map<string, number[]> }>();

/** The events of these signal ids, in evidence order (a new array each time). */
export function signalsOf(ev: EvidenceSet, ...ids: string[]): SignalEvent[] {
  let index = signalIndex.get(ev);
  if (!index || index.list !== ev.signals || index.length !== ev.signals.length) {
    const at = new Map<string, number[]>();
    ev.signals.forEach((s, i) => pushTo(at, s.signal, i));
    index = { list: ev.signals, length: ev.signals.length, at };
    signalIndex.set(ev, index);
  }
  const lists = [...new Set(ids)].map((id) => index.at.get(id) ?? []).filter((l) => l.length);
  const positions = lists.length === 1 ? lists[0] : lists.flat().sort((a, b) => a - b);
  return positions.map((i) => ev.signals[i]);
}

/** Appends v to m's list at k (a list made on first use). */
export function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function groupBy<T>(items: T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === undefined) continue;
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

export interface SignalSummary {
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  maxMs?: number;
  minMs?: number;
  evidence: EvidenceRef[];
}

/** Count, time span, duration range, and a few citations: the first, the slowest, the last. */
export function summarise(events: SignalEvent[], maxRefs = MAX_REFS): SignalSummary {
  let first: string | undefined;
  let last: string | undefined;
  let maxMs: number | undefined;
  let minMs: number | undefined;
  let slowest: SignalEvent | undefined;
  for (const e of events) {
    first = minIso(first, e.time);
    last = maxIso(last, e.time);
    if (e.durationMs !== undefined) {
      if (maxMs === undefined || e.durationMs > maxMs) {
        maxMs = e.durationMs;
        slowest = e;
      }
      if (minMs === undefined || e.durationMs < minMs) minMs = e.durationMs;
    }
  }
  const sorted = [...events].sort((a, b) => collate(a.time ?? '', b.time ?? ''));
  const picks: SignalEvent[] = [];
  const add = (e: SignalEvent | undefined): void => {
    if (e && !picks.includes(e) && picks.length < maxRefs) picks.push(e);
  };
  add(sorted[0]);
  add(slowest);
  add(sorted[sorted.length - 1]);
  for (const e of sorted) add(e);
  const count = events.reduce((n, e) => n + (typeof e.fields.count === 'number' ? e.fields.count : 1), 0);
  return { count, firstSeen: first, lastSeen: last, maxMs, minMs, evidence: picks.map((e) => e.ref) };
}

/**
 * The text a signal was matched in, for rules that look further into it. Signals made from
 * Kubernetes events cite the event object (excerpt "Event/ns/name"), so theirs is the event's
 * reason and message; a log line's is its excerpt.
 */
export function signalText(ev: EvidenceSet): (s: SignalEvent) => string {
  const byRef = new Map<EvidenceRef, string>();
  const byObject = new Map<string, string>();
  for (const e of ev.events) {
    const text = `${e.reason} ${e.message}`;
    byRef.set(e.ref, text);
    if (e.ref.object) byObject.set(`${e.ref.source}|${e.ref.object}`, text);
  }
  return (s) => byRef.get(s.ref) ?? (s.ref.object ? byObject.get(`${s.ref.source}|${s.ref.object}`) : undefined) ?? s.message ?? s.ref.excerpt;
}

/** Late heartbeats alone (no slow fdatasync) name a slow disk only from this many on: a burst of CPU load also delays a few. */
export const MIN_HEARTBEATS_ALONE = 3;

/**
 * Slow-disk lines of etcd: `slow fdatasync` that took longer than the threshold (etcd warns only
 * above 1s; a line without a duration is taken at its word) and heartbeats late "likely from slow disk".
 */
export function slowDiskSignals(ev: EvidenceSet, thresholds: Thresholds): SignalEvent[] {
  const syncs = signalsOf(ev, 'etcd.slow-fdatasync').filter((s) => s.durationMs === undefined || s.durationMs > thresholds.slowFdatasyncMs);
  const beats = signalsOf(ev, 'etcd.heartbeat-slow');
  const syncNodes = new Set(syncs.map((s) => s.node));
  const beatCount = new Map<string | undefined, number>();
  for (const b of beats) beatCount.set(b.node, (beatCount.get(b.node) ?? 0) + 1);
  return [...syncs, ...beats.filter((b) => syncNodes.has(b.node) || (beatCount.get(b.node) ?? 0) >= MIN_HEARTBEATS_ALONE)];
}

/** The distinct pods (namespace/name) a list of signals names. */
export function podsNamed(events: SignalEvent[]): string[] {
  return [...new Set(events.map((e) => e.pod).filter((p): p is string => !!p))];
}

/** Signals without a node take the node of the pod they name (events about a pod, pod-scoped log lines). */
export function placedOnPodNode(ev: EvidenceSet, events: SignalEvent[]): SignalEvent[] {
  const podNode = new Map(ev.pods.map((p) => [`${p.namespace}/${p.name}`, p.node]));
  return events.map((s) => (s.node || !s.pod ? s : { ...s, node: podNode.get(s.pod) }));
}

export const nodeSubject = (name: string): Subject => ({ kind: 'Node', name });
export const clusterSubject = (): Subject => ({ kind: 'Cluster', name: 'cluster' });

export function podSubject(ref: string): Subject {
  const [namespace, name] = ref.includes('/') ? ref.split('/', 2) : ['default', ref];
  return { kind: 'Pod', name, namespace };
}

export function memberSubject(m: EtcdMemberStatus): Subject {
  return { kind: 'EtcdMember', name: m.name, ...(m.id ? { id: m.id } : {}) };
}

/** The etcd member that runs on a node, if the evidence knows it. */
export function memberOnNode(ev: EvidenceSet, node: string | undefined): EtcdMemberStatus | undefined {
  if (!node) return undefined;
  return ev.etcdMembers.find((m) => m.node === node || m.name === node);
}

/** A member for etcd log lines of a node: the known member, else a stand-in named after the node. */
export function memberForNode(ev: EvidenceSet, node: string): { subject: Subject; member?: EtcdMemberStatus } {
  const m = memberOnNode(ev, node);
  return m ? { subject: memberSubject(m), member: m } : { subject: { kind: 'EtcdMember', name: node } };
}

/** The current leader: from member status, else from the latest leader election in the logs. */
export function currentLeader(ev: EvidenceSet): { member?: EtcdMemberStatus; id?: string; node?: string; evidence: EvidenceRef[] } {
  const byStatus = ev.etcdMembers.find((m) => m.isLeader && m.reachable);
  if (byStatus) return { member: byStatus, id: byStatus.id, node: byStatus.node, evidence: [byStatus.ref] };
  const elections = signalsOf(ev, 'etcd.leader-elected', 'etcd.became-leader')
    .filter((s) => s.time)
    .sort((a, b) => collate(a.time as string, b.time as string));
  const last = elections[elections.length - 1];
  if (!last) return { evidence: [] };
  const id = String(last.signal === 'etcd.became-leader' ? (last.fields.member ?? '') : (last.fields.leader ?? '')) || undefined;
  const member = id ? ev.etcdMembers.find((m) => m.id === id) : undefined;
  // Followers log `elected leader <id>` after the winner logs `became leader`, so the latest line
  // names only the id; the node is the one whose `became leader` carries that id.
  const became = last.signal === 'etcd.became-leader' ? last : elections.filter((s) => s.signal === 'etcd.became-leader' && s.node && id && s.fields.member === id).pop();
  const node = member?.node ?? became?.node;
  return { member, id, node, evidence: became && became !== last ? [last.ref, became.ref] : [last.ref] };
}

export function finding(f: Omit<Finding, 'evidence'> & { evidence: EvidenceRef[] }): Finding {
  return f;
}

export const fmtMs = (ms: number | undefined): string => (ms === undefined ? '?' : ms >= 1000 ? `${(ms / 1000).toFixed(2)}s` : `${Math.round(ms)}ms`);
