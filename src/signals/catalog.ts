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

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * etcd peer-link lines (3.5+ zap and 3.4 capnslog): the remote peer, the error, the prober's RTT.
 *   zap:      "prober detected unhealthy status" "remote-peer-id":"…","rtt":"0s","error":"dial tcp …: i/o timeout"
 *   capnslog: "health check for peer 8211f1d0f64f3269 could not connect: dial tcp …: i/o timeout"
 *             "lost the TCP streaming connection with peer 8211f1d0f64f3269 (stream MsgApp v2 reader)"
 */
const peerLink = (rec: LogRecord, line: string): SignalExtract => {
  const fields: Record<string, string | number> = {};
  const peer = str(rec.fields['remote-peer-id']) ?? /peer ([0-9a-f]{6,16})\b|\b([0-9a-f]{6,16}) on stream|to ([0-9a-f]{6,16}) since/.exec(rec.msg)?.slice(1).find(Boolean);
  if (peer) fields.peer = peer;
  const error = str(rec.fields.error) ?? /could not connect: (.*)$/.exec(rec.msg)?.[1] ?? /on stream [^(]*\((.*)\)\s*$/.exec(rec.msg)?.[1];
  if (error) fields.error = error;
  const rtt = parseGoDuration(str(rec.fields.rtt));
  if (rtt !== undefined) fields.rttMs = rtt;
  if (/sending buffer is full/.test(line)) fields.error = fields.error ?? 'sending buffer is full';
  return { fields, ...(rtt ? { durationMs: rtt } : {}) };
};

/**
 * Clock drift between members. 3.4: "the clock difference against peer X is too high [12.4s > 1s]";
 * 3.5 zap: "prober found high clock drift" with `clock-drift` and `rtt` — some 3.5 builds swap the two
 * fields, and etcd logs only drift above 1s, so the larger of them is the drift.
 */
const clockDrift = (rec: LogRecord): SignalExtract => {
  const fields: Record<string, string | number> = {};
  const peer = str(rec.fields['remote-peer-id']) ?? /against peer ([0-9a-f]+)/.exec(rec.msg)?.[1];
  if (peer) fields.peer = peer;
  const bracket = /too high \[([^\s\]]+) >/.exec(rec.msg)?.[1];
  const candidates = [parseGoDuration(bracket), parseGoDuration(str(rec.fields['clock-drift'])), parseGoDuration(str(rec.fields.rtt))].filter((x): x is number => x !== undefined);
  const drift = candidates.length ? Math.max(...candidates) : undefined;
  return drift === undefined ? { fields } : { fields, durationMs: drift };
};

/** "x509: certificate has expired or is not yet valid: current time 2026-02-22T01:05:00Z is after 2026-02-21T09:00:00Z". */
const certTimes = (_rec: LogRecord, line: string): SignalExtract => {
  const fields: Record<string, string | number> = {};
  const m = /current time (\S+) is (after|before) ([^\s"\\,;)\]]+)/.exec(line);
  if (m) {
    fields.currentTime = m[1];
    fields[m[2] === 'after' ? 'notAfter' : 'notBefore'] = m[3];
  }
  const kubelet = /certificate in (\S+) is expired: ([^"\\]+?)(?:\\?"|$)/.exec(line);
  if (kubelet) {
    fields.file = kubelet[1];
    fields.notAfter = kubelet[2].trim();
  }
  if (/not yet valid/.test(line) && !/expired or is not yet valid/.test(line)) fields.notYetValid = 1;
  return { fields };
};

/** A row of `kubeadm certs check-expiration`: "apiserver   Feb 20, 2026 09:12 UTC   <invalid>   ca   no". */
const KUBEADM_ROW = /^\s*(\S+)\s+([A-Z][a-z]{2} \d{1,2}, \d{4} \d\d:\d\d UTC)\s+(<invalid>|\d+[a-z][\w]*)\s/;
const kubeadmCert = (_rec: LogRecord, line: string): SignalExtract => {
  const m = KUBEADM_ROW.exec(line);
  return m ? { fields: { cert: m[1], expires: m[2], residual: m[3], expired: m[3] === '<invalid>' ? 1 : 0 } } : {};
};

/** `failed calling webhook "validate.kyverno.svc-fail": … context deadline exceeded`, failing open or closed. */
const webhook = (_rec: LogRecord, line: string): SignalExtract => {
  const fields: Record<string, string | number> = {};
  const name = /failed calling (?:admission )?webhook,? (?:failing (?:open|closed) )?\\*"?([\w.-]+[\w])\\*"?/i.exec(line)?.[1];
  if (name && !/^failing$/i.test(name)) fields.webhook = name;
  const policy = /failing (open|closed)/.exec(line)?.[1];
  if (policy) fields.policy = policy;
  return { fields };
};

/** "PLEG is not healthy: pleg was last seen active 3m5.3s ago; threshold is 3m0s". */
const plegAge = (_rec: LogRecord, line: string): SignalExtract => {
  const ms = parseGoDuration(/last seen active (\S+) ago/.exec(line)?.[1]);
  return ms === undefined ? {} : { durationMs: ms };
};

/** The image of a pull failure: `image "nginx:typo"`, `image="nginx:typo"`, `PullImage \"nginx:typo\"`. */
const pulledImage = (rec: LogRecord, line: string): SignalExtract => {
  const image = str(rec.fields.image) ?? /(?:image|PullImage) \\*"([^"\\]+)\\*"/.exec(line)?.[1] ?? /(?:ErrImagePull|ImagePullBackOff)[^"]*?image \\*"([^"\\]+)/.exec(line)?.[1];
  return image ? { fields: { image } } : {};
};

/**
 * OOM lines: the kernel's `invoked oom-killer`, `oom-kill:constraint=…,oom_memcg=…pod<uid>…,task=java,pid=…`
 * and `(Memory cgroup o|O)ut of memory: Killed process 1234 (java)`; kubelet's `System OOM encountered`;
 * containerd's `TaskOOM`; and the OOMKilled reason of a container.
 */
const oom = (_rec: LogRecord, line: string): SignalExtract => {
  const fields: Record<string, string | number> = {};
  if (/Killed process \d+/.test(line)) fields.kind = 'killed';
  else if (/oom-kill:/.test(line)) fields.kind = 'constraint';
  else if (/invoked oom-killer/.test(line)) fields.kind = 'invoked';
  else if (/System OOM encountered/.test(line)) fields.kind = 'system';
  else if (/TaskOOM/.test(line)) fields.kind = 'task';
  else fields.kind = 'status';
  const pid = /Killed process (\d+)|[,\s]pid[=:] ?(\d+)/.exec(line);
  if (pid) fields.pid = Number(pid[1] ?? pid[2]);
  const proc = /Killed process \d+ \(([^)]+)\)|task=([^,\s]+)|victim process: ([^,\s]+)|(\S+) invoked oom-killer/.exec(line);
  const name = proc?.slice(1).find(Boolean);
  if (name) fields.process = name;
  const uid = /pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})/.exec(line)?.[1];
  if (uid) fields.podUid = uid.replace(/_/g, '-');
  if (/CONSTRAINT_NONE/.test(line) || (fields.kind === 'killed' && /(^|[^y] )Out of memory: Killed/.test(line)) || fields.kind === 'system') fields.system = 1;
  return { fields };
};

/** A failed name lookup: `lookup db.prod.svc.cluster.local on 10.96.0.10:53: … i/o timeout`. */
const lookup = (_rec: LogRecord, line: string): SignalExtract => {
  const fields: Record<string, string | number> = {};
  const m = /lookup (\S+?) on (\[?[\w.:]+\]?:53)/.exec(line) ?? /getaddrinfo EAI_AGAIN (\S+)/.exec(line);
  if (m) fields.host = m[1].replace(/[":,]+$/, '');
  const server = m?.[2] ?? /(?:dial udp|->)\s?(\[?[\d.:a-f]+\]?:53)\b/.exec(line)?.[1];
  if (server) fields.server = server;
  return { fields };
};

/** The apiserver endpoint a client failed to reach: `dial tcp 10.0.0.1:6443`, `server 10.0.0.1:6443`, `https://host:6443/…`. */
const apiEndpoint = (_rec: LogRecord, line: string): SignalExtract => {
  const m = /(?:dial tcp |server |https:\/\/)(\[[0-9a-fA-F:]+\]|[\w.-]+):(\d+)/.exec(line);
  return m ? { fields: { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) } } : {};
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
  { id: 'etcd.clock-drift', component: 'etcd', needles: ['clock difference against peer is too high', 'clock difference against peer', 'prober found high clock drift'], extract: clockDrift },
  { id: 'etcd.peer-unhealthy', component: 'etcd', needles: ['prober detected unhealthy status', 'health check for peer'], extract: peerLink },
  { id: 'etcd.peer-stream-lost', component: 'etcd', needles: ['lost TCP streaming connection', 'lost the TCP streaming connection'], extract: peerLink },
  { id: 'etcd.peer-send-failed', component: 'etcd', needles: ['peer became inactive', 'sending buffer is full', 'failed to reach the peer URL', 'on stream MsgApp', 'on stream Message'], extract: peerLink },

  // kube-apiserver
  { id: 'apiserver.handler-timeout', component: 'kube-apiserver', needles: ['Timeout or abort while handling', 'timeout or abort while handling'] },
  { id: 'apiserver.json-write-timeout', component: 'kube-apiserver', needles: ['apiserver was unable to write a JSON response'] },
  { id: 'apiserver.etcd-deadline', component: 'kube-apiserver', needles: ['retrying of unary invoker failed'], all: ['DeadlineExceeded'] },
  { id: 'apiserver.endpoint-reset', component: 'kube-apiserver', needles: ['Resetting endpoints for master service'], extract: endpointReset },
  { id: 'apiserver.cert-expired', component: 'kube-apiserver', needles: ['certificate has expired or is not yet valid', 'certificate has expired', 'certificate is not yet valid'], extract: certTimes },
  { id: 'apiserver.webhook-failed', component: 'kube-apiserver', needles: ['failed calling webhook', 'Failed calling webhook', 'failed calling admission webhook'], extract: webhook },
  // readiness of the apiserver itself: only checks that name etcd (informer-sync fails for seconds at every start)
  { id: 'apiserver.readyz-failed', component: 'kube-apiserver', needles: ['check failed: readyz', 'check failed: livez', '[-]etcd failed'], all: ['etcd'] },

  // API clients (kubectl, kubelet, controllers) failing to reach the apiserver
  {
    id: 'client.apiserver-unavailable',
    component: 'kubectl',
    needles: [
      'Unable to connect to the server', 'The connection to the server', 'the server was unable to return a response in the time allotted',
      'net/http: TLS handshake timeout', 'the server is currently unable to handle the request', 'etcdserver: request timed out',
      'Error updating node status', 'Failed to ensure lease exists', ':6443: connect: connection refused', ':6443: i/o timeout', ':6443: connect: no route to host',
    ],
    extract: apiEndpoint,
  },
  { id: 'kubeadm.cert-row', component: 'kubeadm', needles: [' UTC   '], all: [', 20'], extract: kubeadmCert },

  // kubelet (log lines and the events it records)
  { id: 'kubelet.token-fetch-failed', component: 'kubelet', needles: ['failed to fetch token'] },
  { id: 'kubelet.fsgroup-ownership', component: 'kubelet', needles: ['Setting volume ownership for', 'VolumePermissionChangeInProgress'], extract: ownership },
  { id: 'kubelet.execsync-timeout', component: 'kubelet', needles: ['ExecSync cmd from runtime service failed'], all: ['DeadlineExceeded'], extract: execTarget },
  { id: 'kubelet.probe-errored', component: 'kubelet', needles: ['Probe errored', 'probe errored'] },
  { id: 'kubelet.liveness-failed', component: 'kubelet', needles: ['Liveness probe failed'] },
  { id: 'kubelet.pleg-unhealthy', component: 'kubelet', needles: ['PLEG is not healthy'], extract: plegAge },
  { id: 'kubelet.client-cert-expired', component: 'kubelet', needles: ['bootstrap client certificate in'], all: ['is expired'], extract: certTimes },
  { id: 'kubelet.healthz-timeout', component: 'kubelet', needles: ['10248/healthz'], all: ['deadline exceeded'] },
  { id: 'kubelet.runtime-down', component: 'kubelet', needles: ['container runtime is down', 'container runtime not ready', 'Container runtime not ready', 'ContainerRuntimeNotReady', 'containerd.sock: connect: connection refused', 'container runtime status check may not have completed yet'] },
  { id: 'kubelet.cni-not-ready', component: 'kubelet', needles: ['network plugin is not ready', 'cni plugin not initialized', 'NetworkPluginNotReady', 'no network config found in /etc/cni/net.d', 'cni config uninitialized'] },
  { id: 'kubelet.sandbox-network-failed', component: 'kubelet', needles: ['failed to setup network for sandbox', 'failed to set up sandbox container'] },
  { id: 'kubelet.csi-failure', component: 'kubelet', needles: ['FailedAttachVolume', 'Multi-Attach error', 'not found in the list of registered CSI drivers', 'MountVolume.MountDevice failed', 'AttachVolume.Attach failed'] },
  { id: 'kubelet.image-pull-failed', component: 'kubelet', needles: ['ErrImagePull', 'ImagePullBackOff', 'Failed to pull image', 'PullImage from image service failed', 'Back-off pulling image', 'InvalidImageName', 'ErrImageNeverPull'], extract: pulledImage },
  { id: 'kubelet.backoff-restart', component: 'kubelet', needles: ['Back-off restarting failed container'] },
  { id: 'kubelet.eviction', component: 'kubelet', needles: ['eviction manager: attempting to reclaim', 'Eviction manager: attempting to reclaim', 'The node was low on resource'] },
  { id: 'kubelet.oom-killed', component: 'kubelet', needles: ['OOMKilled', 'Out of memory: Killed process', 'invoked oom-killer', 'oom-kill:', 'out of memory: Killed process', 'System OOM encountered', 'TaskOOM event'], extract: oom },

  // containerd: image pulls it could not complete (`msg="PullImage \"nginx:typo\" failed"`)
  { id: 'containerd.pull-failed', component: 'containerd', needles: ['PullImage \\"'], all: ['failed'], extract: pulledImage },
  // containerd: exec calls that time out are the probed process's slowness, not the runtime's
  { id: 'containerd.exec-timeout', component: 'containerd', needles: ['ExecSync for'], all: ['DeadlineExceeded'] },

  // control-plane clients
  { id: 'controlplane.handlers-not-synced', component: 'kube-scheduler', needles: ['handlers are not fully synchronized'] },
  { id: 'controlplane.leaderelection-lost', component: 'kube-scheduler', needles: ['leaderelection lost', 'Leader election lost', 'failed to renew lease'] },

  // metrics-server
  { id: 'metrics.scrape-failed', component: 'metrics-server', needles: ['Failed to scrape node'], extract: (rec) => (typeof rec.fields.node === 'string' ? { fields: { node: rec.fields.node } } : {}) },

  // cluster DNS: failed lookups as clients print them, and CoreDNS not ready or failing
  {
    id: 'dns.lookup-failed',
    component: 'app',
    needles: [
      ':53: i/o timeout', 'server misbehaving', 'Temporary failure in name resolution', 'EAI_AGAIN', 'no servers could be reached',
      'status: SERVFAIL', ':53: connect: connection refused', ':53: read: connection refused',
    ],
    extract: lookup,
  },
  { id: 'coredns.unhealthy', component: 'coredns', needles: ['plugin/ready: Still waiting on', 'plugin/loop: Loop', 'plugin/errors: '], extract: lookup },

  // kernel
  { id: 'kernel.io-error', component: 'kernel', needles: ['I/O error'] },
  { id: 'kernel.hung-task', component: 'kernel', needles: ['blocked for more than'] },
];

/** The distinct needles of every definition, for a one-pass prefilter. */
export const ALL_NEEDLES: string[] = [...new Set(SIGNALS.flatMap((s) => s.needles))];

export function signalById(id: string): SignalDef | undefined {
  return SIGNALS.find((s) => s.id === id);
}
