// Builders for rule tests, in two styles:
//  - hand-built evidence (node, pod, member, proc, logStat, event, signal) for edge cases, shaped
//    exactly as the parsers and intake produce it;
//  - real-format text (zap JSON, klog, component-base JSON, talosctl/kubectl tables, Kubernetes
//    YAML) written to a temporary folder and read back through the real intake (`intake`).
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { emptyEvidence } from '../../src/intake/builder.js';
import { collectOffline } from '../../src/intake/collect.js';
import { DEFAULT_THRESHOLDS } from '../../src/model/thresholds.js';
import { parseRecord } from '../../src/parse/record.js';
import { unwrapLine } from '../../src/parse/unwrap.js';
import { matchSignals, podOf } from '../../src/signals/match.js';
import type {
  ContainerState, EtcdMemberStatus, EventInfo, EvidenceRef, EvidenceSet, KubeObject, LogStat, NodeCondition, NodeInfo, PodInfo, ProcessInfo, Rule,
  RuleResult, SignalEvent, Thresholds,
} from '../../src/types.js';

export { emptyEvidence };

/** An evidence set with the given parts, the rest empty. */
export function evidence(parts: Partial<EvidenceSet> = {}): EvidenceSet {
  return { ...emptyEvidence(), ...parts };
}

export function run(rule: Rule, ev: EvidenceSet, thresholds: Partial<Thresholds> = {}): RuleResult {
  return rule.run({ evidence: ev, thresholds: { ...DEFAULT_THRESHOLDS, ...thresholds } });
}

export function ref(source: string, line?: number, excerpt = `${source}:${line ?? ''}`): EvidenceRef {
  return { source, ...(line !== undefined ? { line } : {}), excerpt };
}

// ---------------------------------------------------------------------------------------------
// Hand-built evidence

/** A log line through the real unwrapper, parser and signal catalogue, as the intake would keep it. */
export function signal(
  line: string,
  opts: { node?: string; component?: string; source?: string; line?: number; id?: string; pod?: string } = {},
): SignalEvent {
  const u = unwrapLine(line);
  const rec = parseRecord(u.payload);
  const m = matchSignals(u.payload, rec).find((x) => opts.id === undefined || x.def.id === opts.id);
  assert.ok(m, `no signal${opts.id ? ` ${opts.id}` : ''} in ${line}`);
  const time = rec.time ?? u.time;
  const node = u.node ?? opts.node;
  return {
    signal: m.def.id,
    component: opts.component ?? m.def.component,
    node,
    pod: m.extract.pod ?? podOf(rec, u.payload) ?? opts.pod,
    time,
    durationMs: m.extract.durationMs,
    fields: m.extract.fields ?? {},
    ref: { source: opts.source ?? `${node ?? 'unknown'}/${opts.component ?? m.def.component}.log`, line: opts.line ?? 1, time, excerpt: u.payload },
  };
}

/** Several lines of one stream as signals, numbered from 1. */
export function signals(lines: string[], opts: { node?: string; component?: string; source?: string } = {}): SignalEvent[] {
  return lines.map((l, i) => signal(l, { ...opts, line: i + 1 }));
}

export function node(
  name: string,
  opts: { ready?: 'True' | 'False' | 'Unknown'; conditions?: Record<string, string>; addresses?: string[]; reason?: string; message?: string } = {},
): NodeInfo {
  const conditions: NodeCondition[] = Object.entries(opts.conditions ?? {}).map(([type, status]) => ({ type, status }));
  if (opts.ready) conditions.push({ type: 'Ready', status: opts.ready, ...(opts.reason ? { reason: opts.reason } : {}), ...(opts.message ? { message: opts.message } : {}) });
  return { name, addresses: opts.addresses ?? [], conditions, roles: [], ref: { source: 'nodes.yaml', line: 1, object: `Node/${name}`, excerpt: `Node/${name}` } };
}

/** The three pressure conditions, all False unless overridden. */
export const noPressure = (over: Record<string, string> = {}): Record<string, string> => ({ MemoryPressure: 'False', DiskPressure: 'False', PIDPressure: 'False', ...over });

export function container(name: string, extra: Partial<ContainerState> = {}): ContainerState {
  return { name, restartCount: 0, init: false, ...extra };
}

/** A pod by "namespace/name" (namespace default when omitted). */
export function pod(key: string, extra: Partial<PodInfo> = {}): PodInfo {
  const [namespace, name] = key.includes('/') ? key.split('/', 2) : ['default', key];
  return {
    namespace, name, containers: [container('app', { ready: true, running: true })], volumes: [], labels: {},
    ref: { source: 'pods.yaml', line: 1, object: `Pod/${namespace}/${name}`, excerpt: `Pod/${namespace}/${name}` },
    ...extra,
  };
}

export function member(name: string, extra: Partial<EtcdMemberStatus> = {}): EtcdMemberStatus {
  return {
    name, id: extra.id, node: name, reachable: true, errors: [],
    ref: { source: 'etcd-status.txt', line: 2, excerpt: `${name} member status` },
    ...extra,
  };
}

export function proc(nodeName: string, pid: number, command: string, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return { node: nodeName, pid, command, ref: { source: `${nodeName}/processes`, line: pid % 1000, excerpt: `${pid} S ${command}` }, ...extra };
}

export function logStat(nodeName: string, component: string, lines: number, extra: Partial<LogStat> = {}): LogStat {
  return { source: `${nodeName}/service-logs/${component}.log`, node: nodeName, component, lines, errorLines: 0, warnLines: 0, errorSamples: [], ...extra };
}

export function event(podKey: string, reason: string, message: string, extra: Partial<EventInfo> = {}): EventInfo {
  const [namespace, name] = podKey.includes('/') ? podKey.split('/', 2) : ['default', podKey];
  return { namespace, objectKind: 'Pod', objectName: name, type: 'Normal', reason, message, ref: { source: 'events.yaml', line: 1, object: `Event/${namespace}/${name}.${reason}`, excerpt: `${reason}: ${message}` }, ...extra };
}

export function object(kind: string, name: string, body: Record<string, unknown>, extra: Partial<KubeObject> = {}): KubeObject {
  return { kind, name, body, ref: { source: `${kind}.yaml`, line: 1, object: `${kind}/${name}`, excerpt: `${kind}/${name}` }, ...extra };
}

// ---------------------------------------------------------------------------------------------
// Real-format text

/** An etcd (zap JSON) line. */
export function zap(ts: string, level: 'info' | 'warn' | 'error', caller: string, msg: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ level, ts, caller, msg, ...fields });
}

/** A klog text line: `E0222 01:05:00.123456     899 file.go:12] "msg" key="value"`. */
export function klog(level: 'I' | 'W' | 'E', ts: string, caller: string, msg: string, kv: Record<string, string | number> = {}): string {
  const d = new Date(ts);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const head = `${level}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000`;
  const pairs = Object.entries(kv).map(([k, v]) => ` ${k}=${typeof v === 'number' ? v : JSON.stringify(v)}`).join('');
  return `${head}     899 ${caller}] ${JSON.stringify(msg)}${pairs}`;
}

/** A component-base JSON line (kubelet on Talos): epoch-ms `ts`, no level, `err` on errors. */
export function cbJson(ts: string, caller: string, msg: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ ts: new Date(ts).getTime() + 0.123, caller, msg, ...fields });
}

/** A column-aligned table as tabwriter prints it (three spaces between columns). */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 3))).join('').trimEnd()).join('\n') + '\n';
}

export interface EtcdStatusRow {
  node: string;
  member: string;
  dbSize: string;
  inUse: string;
  leader: string;
  term?: number;
  errors?: string;
}

/** `talosctl etcd status`. */
export function talosEtcdStatus(rows: EtcdStatusRow[]): string {
  return table(
    ['NODE', 'MEMBER', 'DB SIZE', 'IN USE', 'LEADER', 'RAFT INDEX', 'RAFT TERM', 'RAFT APPLIED INDEX', 'LEARNER', 'ERRORS'],
    rows.map((r) => [r.node, r.member, r.dbSize, r.inUse, r.leader, 53391, r.term ?? 195, 53391, 'false', r.errors ?? '']),
  );
}

/** `talosctl processes` on one node as the support bundle stores it. */
export function processTable(rows: Array<{ pid: number; cpu: number; rss: string; command: string }>): string {
  return table(['PID', 'STATE', 'THREADS', 'CPU-TIME', 'VIRTMEM', 'RESMEM', 'COMMAND'], rows.map((r) => [r.pid, 'S', 20, r.cpu.toFixed(2), '4.0 GB', r.rss, r.command]));
}

/** A Kubernetes object list as `kubectl get … -o yaml` prints it. */
export function listYaml(items: object[]): string {
  return stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } });
}

export interface NodeSpec {
  name: string;
  ip: string;
  ready?: 'True' | 'False' | 'Unknown';
  /** Condition type → status; the three pressure conditions default to False. */
  conditions?: Record<string, string>;
  /** Condition type → reason, where the default is not what the component sets (e.g. Cilium's CiliumIsUp). */
  reasons?: Record<string, string>;
}

export function nodeObject(n: NodeSpec): object {
  const conds = { MemoryPressure: 'False', DiskPressure: 'False', PIDPressure: 'False', ...(n.conditions ?? {}), Ready: n.ready ?? 'True' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name, 'node-role.kubernetes.io/control-plane': '' } },
    spec: { podCIDR: '10.244.0.0/24' },
    status: {
      addresses: [{ address: n.ip, type: 'InternalIP' }, { address: n.name, type: 'Hostname' }],
      conditions: Object.entries(conds).map(([type, status]) => ({
        type, status, lastHeartbeatTime: '2026-02-22T10:00:00Z', lastTransitionTime: '2026-02-20T10:00:00Z',
        reason: n.reasons?.[type] ?? (type === 'Ready' ? (status === 'True' ? 'KubeletReady' : status === 'False' ? 'KubeletNotReady' : 'NodeStatusUnknown') : status === 'Unknown' ? 'NodeStatusUnknown' : `KubeletHas${status === 'True' ? '' : 'No'}${type}`),
        message: status === 'Unknown' ? 'Kubelet stopped posting node status.' : `kubelet ${type} ${status}`,
      })),
      nodeInfo: { kubeletVersion: 'v1.31.1', containerRuntimeVersion: 'containerd://2.0.0' },
    },
  };
}

export interface ContainerSpec {
  name: string;
  ready?: boolean;
  restarts?: number;
  waiting?: string;
  running?: boolean;
  lastTerminated?: string;
}

export interface PodSpec {
  namespace?: string;
  name: string;
  node?: string;
  uid?: string;
  phase?: string;
  labels?: Record<string, string>;
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
  fsGroup?: number;
  fsGroupChangePolicy?: string;
  volumes?: object[];
  owner?: { kind: string; name: string };
}

function containerStatus(c: ContainerSpec): object {
  const state = c.waiting ? { waiting: { reason: c.waiting } } : c.running === false ? { terminated: { reason: 'Completed', exitCode: 0 } } : { running: { startedAt: '2026-02-22T09:00:00Z' } };
  return {
    name: c.name, image: `registry.example/${c.name}:1`, ready: c.ready ?? (!c.waiting && c.running !== false), restartCount: c.restarts ?? 0, started: !c.waiting,
    state, ...(c.lastTerminated ? { lastState: { terminated: { reason: c.lastTerminated, exitCode: c.lastTerminated === 'OOMKilled' ? 137 : 1 } } } : { lastState: {} }),
  };
}

/** A Pod object as the API serves it (kubectl get pods -o yaml). */
export function podObject(p: PodSpec): object {
  const containers = p.containers ?? [{ name: 'app' }];
  const anyWaiting = containers.some((c) => c.waiting);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name, namespace: p.namespace ?? 'default', uid: p.uid ?? '00000000-0000-4000-8000-000000000000', labels: p.labels ?? {},
      creationTimestamp: '2026-02-22T09:00:00Z', ...(p.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: p.owner.kind, name: p.owner.name, uid: '1', controller: true }] } : {}),
    },
    spec: {
      ...(p.node ? { nodeName: p.node } : {}),
      ...(p.fsGroup !== undefined ? { securityContext: { fsGroup: p.fsGroup, ...(p.fsGroupChangePolicy ? { fsGroupChangePolicy: p.fsGroupChangePolicy } : {}) } } : {}),
      containers: containers.map((c) => ({ name: c.name, image: `registry.example/${c.name}:1` })),
      ...(p.initContainers ? { initContainers: p.initContainers.map((c) => ({ name: c.name, image: `registry.example/${c.name}:1` })) } : {}),
      volumes: p.volumes ?? [{ name: 'kube-api-access-8xk2p', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } }],
    },
    status: {
      phase: p.phase ?? (anyWaiting ? 'Pending' : 'Running'),
      conditions: [{ type: 'PodScheduled', status: 'True' }],
      ...(p.initContainers ? { initContainerStatuses: p.initContainers.map(containerStatus) } : {}),
      containerStatuses: containers.map(containerStatus),
    },
  };
}

/** An Event object (core/v1) about a pod. */
export function eventObject(podKey: string, reason: string, message: string, extra: { type?: string; count?: number; host?: string; last?: string; name?: string } = {}): object {
  const [namespace, name] = podKey.includes('/') ? podKey.split('/', 2) : ['default', podKey];
  return {
    apiVersion: 'v1', kind: 'Event',
    metadata: { name: extra.name ?? `${name}.${reason.toLowerCase()}`, namespace },
    involvedObject: { kind: 'Pod', namespace, name, apiVersion: 'v1' },
    reason, message, type: extra.type ?? 'Warning', count: extra.count ?? 1,
    firstTimestamp: '2026-02-22T01:00:00Z', lastTimestamp: extra.last ?? '2026-02-22T01:05:00Z',
    source: extra.host ? { component: 'kubelet', host: extra.host } : { component: 'default-scheduler' },
  };
}

/** Writes `files` (relative path → text) into a fresh folder, reads it through the real intake, removes it. */
export async function intake(files: Record<string, string>): Promise<EvidenceSet> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kubesleuth-rule-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), text.endsWith('\n') ? text : `${text}\n`);
    }
    const ev = await collectOffline([dir], { now: new Date('2026-02-22T12:00:00Z') });
    for (const s of ev.sources) assert.deepEqual(s.warnings, [], `intake warnings: ${s.warnings.join('; ')}`);
    return ev;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Lines joined into a file's text. */
export const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

/** Evidence refs point into the inputs: each names a source, and log citations a line. */
export function assertCites(refs: EvidenceRef[], pattern?: RegExp): void {
  assert.ok(refs.length > 0, 'no evidence cited');
  for (const r of refs) {
    assert.ok(r.source, `evidence without source: ${JSON.stringify(r)}`);
    assert.ok(r.excerpt, `evidence without excerpt: ${JSON.stringify(r)}`);
  }
  if (pattern) assert.ok(refs.some((r) => pattern.test(r.excerpt)), `no evidence matches ${pattern}: ${refs.map((r) => r.excerpt).join(' | ')}`);
}
