// The signal catalogue: which log lines (and event messages) mean something, and what to keep
// of them. Data, not code paths: a line is kept only when it contains one of a definition's
// needles (a cheap substring test), then confirmed and measured on the parsed record.
import type { LogRecord } from '../parse/record.js';
import { parseGoDuration } from '../util/duration.js';

export interface SignalDef {
  id: string;
  /** The component that prints it. */
  component: string;
  /** At least one must occur in the line. */
  needles: string[];
  /** Each of these must occur too. */
  all?: string[];
  /** Extra facts from the parsed record. */
  extract?: (rec: LogRecord, line: string) => SignalExtract;
}

export interface SignalExtract {
  durationMs?: number;
  fields?: Record<string, string | number>;
  pod?: string;
}

const took = (rec: LogRecord): SignalExtract => {
  const t = rec.fields.took ?? rec.fields.duration;
  const ms = typeof t === 'string' ? parseGoDuration(t) : undefined;
  return ms === undefined ? {} : { durationMs: ms };
};

const compaction = (rec: LogRecord): SignalExtract => {
  const fields: Record<string, number> = {};
  for (const k of ['current-db-size-bytes', 'current-db-size-in-use-bytes', 'compact-revision']) {
    const v = Number(rec.fields[k]);
    if (Number.isFinite(v) && rec.fields[k] !== undefined) fields[k] = v;
  }
  return { ...took(rec), fields };
};

const STEP_DURATION = /'agreement among raft nodes before linearized reading'\s*\(duration: ([^)]+)\)/;
const linearized = (rec: LogRecord, line: string): SignalExtract => {
  const m = STEP_DURATION.exec(line);
  const step = m ? parseGoDuration(m[1]) : undefined;
  const total = took(rec).durationMs;
  return { durationMs: step ?? total, fields: total !== undefined ? { totalMs: total } : {} };
};

const IPS = /\[([^\]]*)\]/;
const endpointReset = (rec: LogRecord, line: string): SignalExtract => {
  const m = IPS.exec(rec.msg.includes('[') ? rec.msg : line);
  return m ? { fields: { endpoints: m[1].trim().split(/[\s,]+/).filter(Boolean).join(' ') } } : {};
};

const OWNERSHIP = /Setting volume ownership for (\S+?),? .*?processed (\d+) files/;
const ownership = (rec: LogRecord, line: string): SignalExtract => {
  const m = OWNERSHIP.exec(line);
  const path = /Setting volume ownership for (\S+?)[,\s]/.exec(line)?.[1];
  const fields: Record<string, string | number> = {};
  if (path) fields.path = path;
  if (m) fields.files = Number(m[2]);
  return { fields };
};

const RAFT_TERM = /at term (\d+)/;
const raftTerm = (rec: LogRecord): SignalExtract => {
  const m = RAFT_TERM.exec(rec.msg);
  const fields: Record<string, string | number> = {};
  if (m) fields.term = Number(m[1]);
  const ids = /([0-9a-f]{6,16}) (?:elected leader|changed leader from [0-9a-f]+ to|became leader) ([0-9a-f]{6,16})?/.exec(rec.msg);
  const elected = /elected leader ([0-9a-f]+)|changed leader from [0-9a-f]+ to ([0-9a-f]+)/.exec(rec.msg);
  if (ids) fields.member = ids[1];
  if (elected) fields.leader = elected[1] ?? elected[2];
  return { fields };
};

const execTarget = (rec: LogRecord): SignalExtract => {
  const cmd = rec.fields.cmd;
  const fields: Record<string, string | number> = {};
  if (Array.isArray(cmd)) fields.cmd = cmd.join(' ');
  else if (typeof cmd === 'string') fields.cmd = cmd;
  return { fields };
};

const alarm = (rec: LogRecord): SignalExtract => {
  const fields: Record<string, string | number> = {};
  for (const k of ['alarm', 'from']) if (typeof rec.fields[k] === 'string' || typeof rec.fields[k] === 'number') fields[k] = rec.fields[k] as string | number;
  return { fields };
};

const quota = (rec: LogRecord): SignalExtract => {
  const v = Number(rec.fields['quota-size-bytes']);
  return Number.isFinite(v) && rec.fields['quota-size-bytes'] !== undefined ? { fields: { quotaBytes: v } } : {};
};

export const SIGNALS: SignalDef[] = [
  // etcd
  { id: 'etcd.slow-apply', component: 'etcd', needles: ['apply request took too long'], extract: took },
  { id: 'etcd.slow-fdatasync', component: 'etcd', needles: ['slow fdatasync'], extract: took },
  { id: 'etcd.readindex-wait', component: 'etcd', needles: ['waiting for ReadIndex response took too long'] },
  { id: 'etcd.readindex-timeout', component: 'etcd', needles: ['timed out waiting for read index response'] },
  { id: 'etcd.linearized-read-trace', component: 'etcd', needles: ['agreement among raft nodes before linearized reading'], extract: linearized },
  { id: 'etcd.compaction', component: 'etcd', needles: ['finished scheduled compaction'], extract: compaction },
  { id: 'etcd.defrag-start', component: 'etcd', needles: ['"msg":"defragmenting"', 'starting defragment'] },
  { id: 'etcd.defrag-done', component: 'etcd', needles: ['finished defragmenting directory', '"msg":"defragmented"', 'finished defragment'], extract: took },
  { id: 'etcd.heartbeat-slow', component: 'etcd', needles: ['failed to send out heartbeat on time'] },
  { id: 'etcd.leader-elected', component: 'etcd', needles: ['elected leader', 'changed leader from'], extract: raftTerm },
  { id: 'etcd.leader-lost', component: 'etcd', needles: ['lost leader'], extract: raftTerm },
  { id: 'etcd.became-leader', component: 'etcd', needles: ['became leader at term'], extract: raftTerm },
  { id: 'etcd.nospace', component: 'etcd', needles: ['database space exceeded', 'exceeded backend quota', 'etcdserver: no space'] },
  { id: 'etcd.alarm-raised', component: 'etcd', needles: ['alarm raised'], extract: alarm },
  { id: 'etcd.quota-enabled', component: 'etcd', needles: ['enabled backend quota'], extract: quota },
  { id: 'etcd.clock-drift', component: 'etcd', needles: ['clock difference against peer is too high'] },
  { id: 'etcd.peer-unhealthy', component: 'etcd', needles: ['prober detected unhealthy status'] },
  { id: 'etcd.peer-stream-lost', component: 'etcd', needles: ['lost TCP streaming connection', 'lost the TCP streaming connection'] },

  // kube-apiserver
  { id: 'apiserver.handler-timeout', component: 'kube-apiserver', needles: ['Timeout or abort while handling', 'timeout or abort while handling'] },
  { id: 'apiserver.json-write-timeout', component: 'kube-apiserver', needles: ['apiserver was unable to write a JSON response'] },
  { id: 'apiserver.etcd-deadline', component: 'kube-apiserver', needles: ['retrying of unary invoker failed'], all: ['DeadlineExceeded'] },
  { id: 'apiserver.endpoint-reset', component: 'kube-apiserver', needles: ['Resetting endpoints for master service'], extract: endpointReset },
  { id: 'apiserver.cert-expired', component: 'kube-apiserver', needles: ['certificate has expired or is not yet valid'] },
  { id: 'apiserver.webhook-failed', component: 'kube-apiserver', needles: ['failed calling webhook'] },

  // kubelet (log lines and the events it records)
  { id: 'kubelet.token-fetch-failed', component: 'kubelet', needles: ['failed to fetch token'] },
  { id: 'kubelet.fsgroup-ownership', component: 'kubelet', needles: ['Setting volume ownership for', 'VolumePermissionChangeInProgress'], extract: ownership },
  { id: 'kubelet.execsync-timeout', component: 'kubelet', needles: ['ExecSync cmd from runtime service failed'], all: ['DeadlineExceeded'], extract: execTarget },
  { id: 'kubelet.probe-errored', component: 'kubelet', needles: ['Probe errored', 'probe errored'] },
  { id: 'kubelet.liveness-failed', component: 'kubelet', needles: ['Liveness probe failed'] },
  { id: 'kubelet.pleg-unhealthy', component: 'kubelet', needles: ['PLEG is not healthy'] },
  { id: 'kubelet.healthz-timeout', component: 'kubelet', needles: ['10248/healthz'], all: ['deadline exceeded'] },
  { id: 'kubelet.runtime-down', component: 'kubelet', needles: ['container runtime is down', 'container runtime not ready', 'ContainerRuntimeNotReady'] },
  { id: 'kubelet.cni-not-ready', component: 'kubelet', needles: ['network plugin is not ready', 'cni plugin not initialized', 'NetworkPluginNotReady'] },
  { id: 'kubelet.sandbox-network-failed', component: 'kubelet', needles: ['failed to setup network for sandbox', 'failed to set up sandbox container'] },
  { id: 'kubelet.csi-failure', component: 'kubelet', needles: ['FailedAttachVolume', 'Multi-Attach error', 'not found in the list of registered CSI drivers', 'MountVolume.MountDevice failed', 'AttachVolume.Attach failed'] },
  { id: 'kubelet.image-pull-failed', component: 'kubelet', needles: ['ErrImagePull', 'ImagePullBackOff', 'Failed to pull image'] },
  { id: 'kubelet.backoff-restart', component: 'kubelet', needles: ['Back-off restarting failed container'] },
  { id: 'kubelet.eviction', component: 'kubelet', needles: ['eviction manager: attempting to reclaim', 'The node was low on resource'] },
  { id: 'kubelet.oom-killed', component: 'kubelet', needles: ['OOMKilled', 'Out of memory: Killed process', 'invoked oom-killer', 'oom-kill:'] },

  // containerd: exec calls that time out are the probed process's slowness, not the runtime's
  { id: 'containerd.exec-timeout', component: 'containerd', needles: ['ExecSync for'], all: ['DeadlineExceeded'] },

  // control-plane clients
  { id: 'controlplane.handlers-not-synced', component: 'kube-scheduler', needles: ['handlers are not fully synchronized'] },
  { id: 'controlplane.leaderelection-lost', component: 'kube-scheduler', needles: ['leaderelection lost', 'Leader election lost', 'failed to renew lease'] },

  // metrics-server
  { id: 'metrics.scrape-failed', component: 'metrics-server', needles: ['Failed to scrape node'], extract: (rec) => (typeof rec.fields.node === 'string' ? { fields: { node: rec.fields.node } } : {}) },

  // kernel
  { id: 'kernel.io-error', component: 'kernel', needles: ['I/O error'] },
  { id: 'kernel.hung-task', component: 'kernel', needles: ['blocked for more than'] },
];

/** The distinct needles of every definition, for a one-pass prefilter. */
export const ALL_NEEDLES: string[] = [...new Set(SIGNALS.flatMap((s) => s.needles))];

export function signalById(id: string): SignalDef | undefined {
  return SIGNALS.find((s) => s.id === id);
}
