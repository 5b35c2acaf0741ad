// A large, realistic `talosctl support` bundle for the benchmark and the perf equality test.
//
// The bundled example (examples/talos02-containercreating: a real incident, 3 nodes) is the
// skeleton: every file is copied as is, and its busy logs (etcd, kubelet, cri, kube-apiserver and
// the other control-plane and system containers) get ordinary lines woven in between their own
// lines, each in its file's real format (etcd zap JSON, kubelet component-base JSON, containerd
// logfmt, CRI-framed klog/logfmt/JSON), with times between its neighbours' so the files stay in
// time order and keep their first and last times. The example's own lines (among them every
// signal line) stay in the same order, so a bundle of any size holds the same signals, only
// rarer: findings must not depend on the size (test/perf). The ordinary lines are deterministic
// (seeded), carry no signal needle and no error level; some are warnings (for `jq`).
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface BundleSpec {
  /** Output folder (emptied first). */
  out: string;
  /** The example bundle used as skeleton. */
  example: string;
  /** Approximate total size of the bundle in bytes (at least the example's size). */
  bytes: number;
  seed?: number;
}

export interface Bundle {
  dir: string;
  bytes: number;
  /** Files that got ordinary lines, relative to dir. */
  grown: string[];
  /** JSON-lines logs (etcd zap, kubelet component-base), relative to dir: what a user feeds to jq. */
  jsonLogs: string[];
  /** Per grown file: line number (1-based) in the output of each line of the example's file. */
  lineMaps: Record<string, number[]>;
}

type Template = (r: Rng, ms: number) => string;
type Kind = 'etcd' | 'kubelet' | 'cri' | 'apiserver' | 'controller-manager' | 'scheduler' | 'coredns' | 'cilium' | 'metrics-server';

/** Which example files grow, by how much (relative weight per node), and in what format. */
const GROWN: Array<{ file: string; kind: Kind; weight: number }> = [
  { file: 'service-logs/etcd.log', kind: 'etcd', weight: 36 },
  { file: 'service-logs/kubelet.log', kind: 'kubelet', weight: 26 },
  { file: 'kubernetes-logs/kube-system/kube-apiserver.log', kind: 'apiserver', weight: 20 },
  { file: 'service-logs/cri.log', kind: 'cri', weight: 6 },
  { file: 'kubernetes-logs/kube-system/kube-controller-manager.log', kind: 'controller-manager', weight: 4 },
  { file: 'kubernetes-logs/kube-system/cilium-agent.log', kind: 'cilium', weight: 3 },
  { file: 'kubernetes-logs/kube-system/kube-scheduler.log', kind: 'scheduler', weight: 2 },
  { file: 'kubernetes-logs/kube-system/coredns.log', kind: 'coredns', weight: 2 },
  { file: 'kubernetes-logs/kube-system/metrics-server.log', kind: 'metrics-server', weight: 1 },
];

// ---------------------------------------------------------------------------------------------
// Deterministic randomness and the pieces lines are made of.

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  /** mulberry32 */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += ((this.next() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
    return s.slice(0, n);
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
  ms(max: number): string {
    return `${(this.next() * max).toFixed(3 + this.int(4))}ms`;
  }
}

const PODS: ReadonlyArray<[string, string]> = [
  ['kube-system', 'coredns-7c65d6cfc9-x2lqk'], ['kube-system', 'cilium-operator-6d8f7c9b5-qp4mz'], ['kube-system', 'kube-scheduler-talos02'],
  ['media', 'jellyfin-0'], ['media', 'sonarr-6f8d9c7b54-8fjzr'], ['media', 'radarr-5b7c8d9f66-wq2kc'], ['media', 'photoprism-0'],
  ['monitoring', 'prometheus-kube-prometheus-stack-prometheus-0'], ['monitoring', 'grafana-7c9d8b6f54-h5mlv'],
  ['monitoring', 'kube-prometheus-stack-operator-5f7b8c9d6d-9kqwn'], ['monitoring', 'loki-0'], ['rook-ceph', 'rook-ceph-osd-1-7d9f8b6c5-2xkqp'],
  ['rook-ceph', 'rook-ceph-mon-b-6c8d9f7b5-lq8wz'], ['rook-ceph', 'csi-rbdplugin-provisioner-7f9c8b6d5-zx2kq'], ['flux-system', 'kustomize-controller-6b8f9c7d54-pq2wl'],
  ['flux-system', 'helm-controller-5d9c8b7f66-xk4mz'], ['home', 'home-assistant-0'], ['home', 'esphome-0'], ['downloads', 'qbittorrent-7f6b9c5d48-wz8rn'],
  ['default', 'homepage-5d8f7c6b9-tq4jx'], ['database', 'postgres-0'], ['database', 'redis-master-0'],
];
const RESOURCES = ['pods', 'leases', 'configmaps', 'secrets', 'services/endpoints', 'endpointslices', 'events', 'serviceaccounts', 'deployments', 'replicasets'];
const VERBS = ['GET', 'GET', 'GET', 'LIST', 'WATCH', 'PUT', 'PATCH', 'POST'];
const AGENTS = [
  'kubelet/v1.35.0 (linux/amd64) kubernetes/66452049', 'kube-controller-manager/v1.35.0 (linux/amd64) kubernetes/66452049/leader-election',
  'kube-scheduler/v1.35.0 (linux/amd64) kubernetes/66452049', 'cilium-agent/1.18.4', 'kustomize-controller/v1.7.3', 'Go-http-client/2.0',
  'prometheus/3.5.0', 'rook/v1.18.6 (linux/amd64)',
];
const CONTAINERS = ['app', 'sidecar', 'exporter', 'config-reloader', 'manager', 'csi-rbdplugin', 'liveness-prometheus'];
const IMAGES = ['ghcr.io/onedr0p/sonarr:4.0.15', 'quay.io/prometheus/prometheus:v3.5.0', 'docker.io/grafana/grafana:12.2.1', 'quay.io/ceph/ceph:v19.2.3', 'registry.k8s.io/pause:3.10'];
const DNS = ['grafana.monitoring.svc.cluster.local.', 'postgres.database.svc.cluster.local.', 'kubernetes.default.svc.cluster.local.', 'loki.monitoring.svc.cluster.local.', 'api.github.com.', 'ghcr.io.'];

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
/** zap / RFC 3339 with microseconds: 2026-02-22T08:21:47.986689Z */
const iso6 = (ms: number, r: Rng): string => `${new Date(ms).toISOString().slice(0, 23)}${pad(r.int(1000), 3)}Z`;
/** Go RFC3339Nano as the CRI writes it (trailing zeros dropped). */
const iso9 = (ms: number, r: Rng): string => `${new Date(ms).toISOString().slice(0, 23)}${pad(r.int(1_000_000), 6)}`.replace(/\.?0+$/, '') + 'Z';
/** klog header: I0222 08:18:51.772097       1 */
const klog = (lvl: string, ms: number, r: Rng): string => {
  const d = new Date(ms);
  return `${lvl}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)} ${d.toISOString().slice(11, 23)}${pad(r.int(1000), 3)}       1`;
};
/** component-base JSON ts: epoch milliseconds with a fraction. */
const epoch = (ms: number, r: Rng): string => `${Math.floor(ms)}.${pad(r.int(10000), 4)}`.replace(/0+$/, '').replace(/\.$/, '');
const cri = (ms: number, r: Rng, stream = 'stderr'): string => `${iso9(ms, r)} ${stream} F`;
const podJson = ([ns, name]: readonly [string, string]): string => `{"name":"${name}","namespace":"${ns}"}`;

function weighted(parts: Array<[number, Template]>): Template {
  const total = parts.reduce((n, [w]) => n + w, 0);
  return (r, ms) => {
    let x = r.next() * total;
    for (const [w, t] of parts) if ((x -= w) < 0) return t(r, ms);
    return parts[parts.length - 1][1](r, ms);
  };
}

const etcdTrace = (r: Rng, ms: number): string => {
  const n = r.int(2_147_483_647);
  const [ns, name] = r.pick(PODS);
  const total = r.next() * 90 + 10;
  return `{"level":"info","ts":"${iso6(ms, r)}","caller":"traceutil/trace.go:172","msg":"trace[${n}] range","detail":"{range_begin:/registry/${r.pick(RESOURCES)}/${ns}/${name}; range_end:; response_count:1; response_revision:${151_800_000 + r.int(400_000)}; }","duration":"${total.toFixed(6)}ms","start":"${iso6(ms - total, r)}","end":"${iso6(ms, r)}","steps":["trace[${n}] 'range keys from in-memory index tree'  (duration: ${r.ms(5)})","trace[${n}] 'range keys from bolt db'  (duration: ${r.ms(total)})"],"step_count":2}`;
};

const TEMPLATES: Record<Kind, Template> = {
  etcd: weighted([
    [50, etcdTrace],
    [22, (r, ms) => {
      const n = r.int(2_147_483_647);
      const total = r.next() * 90 + 10;
      return `{"level":"info","ts":"${iso6(ms, r)}","caller":"traceutil/trace.go:172","msg":"trace[${n}] transaction","detail":"{read_only:false; response_revision:${151_800_000 + r.int(400_000)}; number_of_response:1; }","duration":"${total.toFixed(6)}ms","start":"${iso6(ms - total, r)}","end":"${iso6(ms, r)}","steps":["trace[${n}] 'process raft request'  (duration: ${r.ms(total)})","trace[${n}] 'compare'  (duration: ${r.ms(3)})"],"step_count":2}`;
    }],
    [12, (r, ms) => {
      const n = r.int(2_147_483_647);
      const idx = 187_400_000 + r.int(300_000);
      return `{"level":"info","ts":"${iso6(ms, r)}","caller":"traceutil/trace.go:172","msg":"trace[${n}] linearizableReadLoop","detail":"{readStateIndex:${idx}; appliedIndex:${idx - r.int(3)}; }","duration":"${r.ms(400)}","start":"${iso6(ms - 400, r)}","end":"${iso6(ms, r)}","steps":["trace[${n}] 'read index received'  (duration: ${r.ms(400)})","trace[${n}] 'applied index is now lower than readState.Index'  (duration: ${r.ms(3)})"],"step_count":2}`;
    }],
    [10, (r, ms) => `{"level":"warn","ts":"${iso6(ms, r)}","caller":"embed/config_logging.go:170","msg":"rejected connection on client endpoint","remote-addr":"127.0.0.1:${30000 + r.int(30000)}","server-name":"","error":"EOF"}`],
    [4, (r, ms) => `{"level":"warn","ts":"${iso6(ms, r)}","caller":"etcdserver/v3_server.go:897","msg":"ignored out-of-date read index response; local node read indexes queueing up and waiting to be in sync with leader","sent-request-id":${9246453553775000000 + r.int(900000)},"received-request-id":${9246453553775000000 + r.int(900000)}}`],
    [2, (r, ms) => `{"level":"info","ts":"${iso6(ms, r)}","caller":"mvcc/index.go:214","msg":"compact tree index","revision":${151_800_000 + r.int(400_000)}}`],
  ]),
  kubelet: weighted([
    [30, (r, ms) => {
      const p = r.pick(PODS);
      return `{"ts":${epoch(ms, r)},"caller":"kubelet/kubelet.go:2544","msg":"SyncLoop (PLEG): event for pod","v":0,"pod":${podJson(p)},"event":{"ID":"${r.uuid()}","Type":"${r.pick(['ContainerStarted', 'ContainerDied'])}","Data":"${r.hex(64)}"}}`;
    }],
    [20, (r, ms) => {
      const p = r.pick(PODS);
      const uid = r.uuid();
      const vol = `kube-api-access-${r.hex(5)}`;
      return `{"ts":${epoch(ms, r)},"caller":"operationexecutor/operation_generator.go:614","msg":"MountVolume.SetUp succeeded for volume \\"${vol}\\" (UniqueName: \\"kubernetes.io/projected/${uid}-${vol}\\") pod \\"${p[1]}\\" (UID: \\"${uid}\\") ","v":0,"pod":${podJson(p)}}`;
    }],
    [15, (r, ms) => `{"ts":${epoch(ms, r)},"caller":"kubelet/kubelet.go:2469","msg":"SyncLoop UPDATE","v":0,"source":"api","pods":["${r.pick(PODS).join('/')}"]}`],
    [12, (r, ms) => {
      const p = r.pick(PODS);
      return `{"ts":${epoch(ms, r)},"caller":"prober/prober.go:107","msg":"Probe failed","v":0,"probeType":"Readiness","pod":"${p.join('/')}","podUID":"${r.uuid()}","containerName":"${r.pick(CONTAINERS)}","probeResult":"failure","output":"HTTP probe failed with statuscode: 503"}`;
    }],
    [10, (r, ms) => `{"ts":${epoch(ms, r)},"caller":"topologymanager/scope.go:117","msg":"RemoveContainer","v":0,"containerID":"${r.hex(64)}"}`],
    [8, (r, ms) => {
      const p = r.pick(PODS);
      return `{"ts":${epoch(ms, r)},"caller":"util/pod_startup_latency_tracker.go:104","msg":"Observed pod startup duration","v":0,"pod":${podJson(p)},"podStartSLOduration":${(r.next() * 9).toFixed(6)},"podStartE2EDuration":"${(r.next() * 9).toFixed(8)}s","podCreationTimestamp":"2026-02-22 09:00:00.000005 +0000 UTC","firstStartedPulling":"0001-01-01 00:00:00 +0000 UTC","lastFinishedPulling":"0001-01-01 00:00:00 +0000 UTC"}`;
    }],
    [5, (r, ms) => {
      const p = r.pick(PODS);
      const uid = r.uuid();
      return `{"ts":${epoch(ms, r)},"caller":"reconciler/reconciler_common.go:251","msg":"operationExecutor.VerifyControllerAttachedVolume started for volume \\"kube-api-access-${r.hex(5)}\\" (UniqueName: \\"kubernetes.io/projected/${uid}-kube-api-access\\") pod \\"${p[1]}\\" (UID: \\"${uid}\\") ","v":0,"pod":${podJson(p)}}`;
    }],
  ]),
  cri: weighted([
    [25, (r, ms) => `time="${iso9(ms, r)}" level=info msg="StartContainer for \\"${r.hex(64)}\\" returns successfully"`],
    [20, (r, ms) => `time="${iso9(ms, r)}" level=info msg="shim disconnected" id=${r.hex(64)} namespace=k8s.io`],
    [15, (r, ms) => `time="${iso9(ms, r)}" level=warning msg="cleaning up after shim disconnected" id=${r.hex(64)} namespace=k8s.io`],
    [15, (r, ms) => `time="${iso9(ms, r)}" level=info msg="CreateContainer within sandbox \\"${r.hex(64)}\\" for container &ContainerMetadata{Name:${r.pick(CONTAINERS)},Attempt:${r.int(600)},}"`],
    [15, (r, ms) => `time="${iso9(ms, r)}" level=info msg="ImageCreate event name:\\"${r.pick(IMAGES)}\\" labels:{key:\\"io.cri-containerd.image\\" value:\\"managed\\"}"`],
    [10, (r, ms) => `time="${iso9(ms, r)}" level=info msg="cleaning up dead shim" namespace=k8s.io`],
  ]),
  apiserver: weighted([
    [70, (r, ms) => {
      const [ns, name] = r.pick(PODS);
      return `${cri(ms, r)} ${klog('I', ms, r)} httplog.go:134] "HTTP" verb="${r.pick(VERBS)}" URI="/api/v1/namespaces/${ns}/${r.pick(RESOURCES)}/${name}" latency="${r.ms(40)}" userAgent="${r.pick(AGENTS)}" audit-ID="${r.uuid()}" srcIP="10.20.0.${14 + r.int(3)}:${30000 + r.int(30000)}" resp=200`;
    }],
    [12, (r, ms) => `${cri(ms, r)} ${klog('W', ms, r)} warnings.go:70] Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice`],
    [10, (r, ms) => `${cri(ms, r)} ${klog('I', ms, r)} controller.go:615] quota admission added evaluator for: ${r.pick(['leases.coordination.k8s.io', 'endpoints', 'events.events.k8s.io', 'replicasets.apps'])}`],
    [8, (r, ms) => `${cri(ms, r)} ${klog('I', ms, r)} cidrallocator.go:277] updated ClusterIP allocator for Service CIDR 10.96.0.0/12`],
  ]),
  'controller-manager': weighted([
    [60, (r, ms) => {
      const [ns, name] = r.pick(PODS);
      return `${cri(ms, r)} ${klog('I', ms, r)} event.go:389] "Event occurred" object="${ns}/${name}" fieldPath="" kind="Pod" apiVersion="v1" type="Normal" reason="SuccessfulCreate" message="Created pod: ${name}"`;
    }],
    [40, (r, ms) => `${cri(ms, r)} ${klog('I', ms, r)} replica_set.go:679] "Finished syncing" logger="replicaset-controller" kind="ReplicaSet" key="${r.pick(PODS).join('/')}" duration="${(r.next() * 900).toFixed(1)}µs"`],
  ]),
  scheduler: (r, ms) => `${cri(ms, r)} ${klog('I', ms, r)} schedule_one.go:314] "Successfully bound pod to node" pod="${r.pick(PODS).join('/')}" node="talos0${1 + r.int(3)}" evaluatedNodes=3 feasibleNodes=${1 + r.int(3)}`,
  coredns: (r, ms) => `${cri(ms, r, 'stdout')} [INFO] 10.244.${r.int(4)}.${r.int(250)}:${30000 + r.int(30000)} - ${r.int(65536)} "A IN ${r.pick(DNS)} udp 52 false 512" NOERROR qr,aa,rd 110 0.000${100 + r.int(900)}s`,
  cilium: weighted([
    [70, (r, ms) => `${cri(ms, r)} time=${new Date(ms).toISOString().slice(0, 19)}Z level=info msg="Conntrack garbage collector interval recalculated" deleteRatio=0.0${r.int(99999)} newInterval=${1 + r.int(9)}m0s module=agent.datapath.maps.ctmap-gc`],
    [30, (r, ms) => `${cri(ms, r)} time=${new Date(ms).toISOString().slice(0, 19)}Z level=warn msg="Unable to update ipcache map entry on pod add" error="ipcache entry owned by kvstore or agent" hostIP=10.20.0.${14 + r.int(3)} k8sNamespace=${r.pick(PODS)[0]} module=agent.controlplane.ipcache`],
  ]),
  'metrics-server': (r, ms) => `${cri(ms, r)} ${klog('I', ms, r)} server.go:144] "Scraping metrics from nodes" nodes=3 duration="${r.ms(90)}"`,
};

// ---------------------------------------------------------------------------------------------

const TIME = [
  /^(\d{4}-\d\d-\d\dT[\d:.]+Z) /, // CRI
  /^time="([^"]+)"/, // logfmt
  /"ts":"([^"]+)"/, // zap
];
const EPOCH = /^\{"ts":([\d.]+)/;

/** A line's own time in epoch ms, when it shows one. */
function lineTime(line: string): number | undefined {
  const e = EPOCH.exec(line);
  if (e) return Number(e[1]);
  for (const re of TIME) {
    const m = re.exec(line);
    if (m) {
      const t = Date.parse(m[1]);
      if (Number.isFinite(t)) return t;
    }
  }
  return undefined;
}

class Writer {
  private parts: string[] = [];
  private size = 0;
  bytes = 0;
  lines = 0;
  constructor(private readonly fd: number) {}
  line(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    this.lines++;
    if (this.size > 1 << 22) this.flush();
  }
  flush(): void {
    if (!this.parts.length) return;
    const buf = Buffer.from(`${this.parts.join('\n')}\n`);
    writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.parts = [];
    this.size = 0;
  }
}

function folderBytes(dir: string): number {
  let n = 0;
  const walk = (d: string): void => {
    for (const name of readdirSorted(d)) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else n += st.size;
    }
  };
  walk(dir);
  return n;
}

function readdirSorted(d: string): string[] {
  return readdirSync(d).sort();
}

/** Writes the bundle; returns where the example's lines went. */
export function generateBundle(spec: BundleSpec): Bundle {
  const r = new Rng(spec.seed ?? 20260222);
  rmSync(spec.out, { recursive: true, force: true });
  mkdirSync(path.dirname(path.resolve(spec.out)), { recursive: true });
  cpSync(spec.example, spec.out, { recursive: true, filter: (src) => path.basename(src) !== 'README.md' });
  const base = folderBytes(spec.out);
  const nodes = readdirSorted(spec.out).filter((n) => /^\d+\.\d+\.\d+\.\d+$/.test(n));
  const targets = nodes.flatMap((node) => GROWN.map((g) => ({ ...g, rel: `${node}/${g.file}` }))).filter((t) => existsSync(path.join(spec.out, t.rel)));
  const totalWeight = targets.reduce((n, t) => n + t.weight, 0);
  const extra = Math.max(0, spec.bytes - base);
  const lineMaps: Record<string, number[]> = {};
  const grown: string[] = [];
  for (const t of targets) {
    const file = path.join(spec.out, t.rel);
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    if (lines.length < 2) continue;
    // Times of the example's lines; lines without one take their neighbour's.
    const times: Array<number | undefined> = lines.map(lineTime);
    let last = times.find((x) => x !== undefined);
    if (last === undefined) continue;
    for (let i = 0; i < times.length; i++) times[i] = last = times[i] ?? last;
    const budget = (extra * t.weight) / totalWeight;
    const gaps = lines.length - 1;
    const perGap = budget / gaps;
    const template = TEMPLATES[t.kind];
    let avgLen = 0;
    for (let k = 0; k < 200; k++) avgLen += template(new Rng(k + 1), times[0] as number).length + 1;
    avgLen /= 200;
    const fd = openSync(file, 'w');
    const w = new Writer(fd);
    const map: number[] = [];
    let owed = 0;
    try {
      for (let i = 0; i < lines.length; i++) {
        w.line(lines[i]);
        map.push(w.lines);
        if (i === gaps) break;
        const a = times[i] as number;
        const b = times[i + 1] as number;
        const lo = Math.min(a, b);
        const span = Math.max(a, b) - lo;
        // Ordinary lines in this gap, at times rising between the two neighbours.
        owed += perGap;
        const count = Math.max(0, Math.round(owed / avgLen));
        for (let k = 0; k < count; k++) {
          const l = template(r, lo + Math.floor((span * (k + 1)) / (count + 1)));
          w.line(l);
          owed -= l.length + 1;
        }
      }
      w.flush();
    } finally {
      closeSync(fd);
    }
    lineMaps[t.rel] = map;
    grown.push(t.rel);
  }
  const jsonLogs = grown.filter((g) => /service-logs\/(etcd|kubelet)\.log$/.test(g));
  return { dir: spec.out, bytes: folderBytes(spec.out), grown, jsonLogs, lineMaps };
}

/** The ordinary lines of every format, a few of each, for tests that check they carry no signal. */
export function sampleOrdinaryLines(n = 200, seed = 7): Array<{ kind: string; line: string }> {
  const r = new Rng(seed);
  const out: Array<{ kind: string; line: string }> = [];
  for (const [kind, t] of Object.entries(TEMPLATES)) for (let i = 0; i < n; i++) out.push({ kind, line: t(r, Date.UTC(2026, 1, 22, 9, 0, 0) + i * 1000) });
  return out;
}
