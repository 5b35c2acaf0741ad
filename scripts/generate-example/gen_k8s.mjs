// kube-system container logs as Talos collects them: raw CRI log lines
// (<RFC3339Nano> stderr F <line>) in <node>/kubernetes-logs/kube-system/<container>[-exited].log
import { Rng, LogBuf, jitter, rfc3339Nano, klogHeader, isoMicro, isoSec, parseIso, goDuration, klogKV, SEC, MIN, MS, HOUR } from './lib.mjs';
import { T, NODES, byName, VERSIONS } from './scenario.mjs';
import { STUCK, STATIC, PG_BACKUP } from './pods.mjs';

function cri(buf, rng, t, text, tag, stream = 'stderr') {
  // the runtime stamps the line when it reads it from the container's stderr, a little after the component
  const tc = jitter(t) + 87;
  buf.add(tc, `${rfc3339Nano(tc, rng.digits(3))} ${stream} F ${text}`, tag);
}
function klog(level, t, caller, msg, kv = null) {
  // structured (msg quoted) when kv given or msg starts with '"'
  return klogHeader(level, t, 1, caller) + msg + (kv ? ' ' + klogKV(kv) : '');
}
function q(s) {
  return JSON.stringify(s);
}

const ETCD_CLIENT_CALLER = 'v3@v3.6.5/retry_interceptor.go:65';

function etcdClientRetry(t, target, method) {
  return JSON.stringify({ level: 'warn', ts: isoMicro(t), logger: 'etcd-client', caller: ETCD_CLIENT_CALLER, msg: 'retrying of unary invoker failed', target, method, attempt: 0, error: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded' });
}

const GET_URIS = [
  '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler?timeout=5s',
  '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s',
  '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/talos02?timeout=10s',
  '/api/v1/nodes/talos02?resourceVersion=0&timeout=10s',
  '/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication',
  '/apis/coordination.k8s.io/v1/namespaces/rook-ceph/leases/rook-ceph.rbd.csi.ceph.com',
  '/apis/coordination.k8s.io/v1/namespaces/flux-system/leases/kustomize-controller-leader-election',
  '/api/v1/namespaces/rook-ceph/configmaps/rook-ceph-mon-endpoints',
  '/apis/ceph.rook.io/v1/namespaces/rook-ceph/cephclusters/rook-ceph',
  '/api/v1/namespaces/monitoring/pods/prometheus-kube-prometheus-stack-prometheus-0',
  '/apis/cilium.io/v2/ciliumnodes/talos02',
];

function timeoutBundle(buf, rng, t, method, uri, tag) {
  const audit = rng.uuid();
  cri(buf, rng, t, klog('E', t, 'wrap.go:53', '"Timeout or abort while handling"', ['logger', 'UnhandledError', 'method', method, 'URI', uri, 'auditID', audit]), tag ? [tag, 'apiserver-timeout-abort'] : 'apiserver-timeout-abort');
  const t2 = t + rng.int(20, 400);
  cri(buf, rng, t2, klog('E', t2, 'timeout.go:140', '"Post-timeout activity"', ['logger', 'UnhandledError', 'timeElapsed', goDuration(rng.int(4000, 9000000)), 'method', method, 'path', uri.split('?')[0], 'result', { raw: 'null' }]));
  const t3 = t2 + rng.int(50, 900);
  cri(buf, rng, t3, klog('E', t3, 'writers.go:123', '"Unhandled Error"', ['err', 'apiserver was unable to write a JSON response: http: Handler timeout', 'logger', 'UnhandledError']), 'apiserver-handler-timeout');
  const t4 = t3 + rng.int(200, 1500);
  cri(buf, rng, t4, klog('E', t4, 'status.go:71', '"Unhandled Error"', ['err', 'apiserver received an error that is not an metav1.Status: &errors.errorString{s:"http: Handler timeout"}: http: Handler timeout', 'logger', 'UnhandledError']));
  if (rng.chance(0.4)) {
    const t5 = t4 + rng.int(300, 2000);
    cri(buf, rng, t5, klog('E', t5, 'writers.go:136', '"Unhandled Error"', ['err', 'apiserver was unable to write a fallback JSON response: http: Handler timeout', 'logger', 'UnhandledError']));
  }
}

// ------------------------------------------------------------------------------- kube-apiserver
export function genApiserver(nodeName, tl) {
  const rng = new Rng(0xa915 + nodeName.charCodeAt(6));
  const buf = new LogBuf(`${byName[nodeName].ip}/kubernetes-logs/kube-system/kube-apiserver.log`);
  const start = T.winStart - 25 * MIN;
  const end = T.collect;
  const target = `etcd-endpoints://0xc000${rng.hex(6)}/localhost:2379`;
  // periodic
  for (let t = parseIso('2026-02-22T08:18:51Z') + rng.int(0, 900000); t < end; t += 10 * MIN + rng.int(0, 2000) * MS / 1000) {
    cri(buf, rng, t, klog('I', t, 'cidrallocator.go:277', 'updated ClusterIP allocator for Service CIDR 10.96.0.0/12'));
  }
  // endpoint reconciler flapping: talos02 (stale view) drops itself, the others put it back
  const flaps = ['08:27:40', '08:49:13', '09:06:55', '09:31:28', '09:52:04', '10:03:37', '10:14:22', '10:26:49', '10:35:10'];
  for (const hms of flaps) {
    const tb = parseIso(`2026-02-22T${hms}Z`);
    if (nodeName === 'talos02') {
      const t = tb + rng.int(0, 999999);
      cri(buf, rng, t, klogHeader('W', t, 1, 'lease.go:265') + 'Resetting endpoints for master service "kubernetes" to [10.20.0.14 10.20.0.16]', 'apiserver-reset-endpoints-drop-talos02');
    } else if ((nodeName === 'talos01') === (hms.charCodeAt(4) % 2 === 0)) {
      const t = tb + rng.int(3, 9) * SEC + rng.int(0, 999999);
      cri(buf, rng, t, klogHeader('W', t, 1, 'lease.go:265') + 'Resetting endpoints for master service "kubernetes" to [10.20.0.14 10.20.0.15 10.20.0.16]', 'apiserver-reset-endpoints-readd');
    }
  }
  if (nodeName === 'talos02') {
    // etcd client deadline errors and handler timeouts
    for (let tm = start; tm < end; tm += MIN) {
      const after = tm >= T.stuckFrom;
      const nRetry = rng.int(after ? 6 : 3, after ? 14 : 8);
      for (let i = 0; i < nRetry; i++) {
        const t = tm + rng.int(0, 59999) * MS + rng.int(0, 999);
        cri(buf, rng, t, etcdClientRetry(t, target, rng.chance(0.8) ? '/etcdserverpb.KV/Range' : '/etcdserverpb.KV/Txn'), 'apiserver-etcd-deadline');
      }
      const nTo = rng.int(after ? 1 : 0, after ? 3 : 2);
      for (let i = 0; i < nTo; i++) {
        const t = tm + rng.int(0, 59999) * MS;
        timeoutBundle(buf, rng, t, 'GET', rng.pick(GET_URIS));
      }
      if (rng.chance(0.15)) {
        const t = tm + rng.int(0, 59999) * MS;
        cri(buf, rng, t, klog('E', t, 'authentication.go:75', '"Unable to authenticate the request"', ['err', '[invalid bearer token, context deadline exceeded]']));
      }
    }
    // the token requests of the stuck pods time out here
    for (const f of tl.tokenFailures) {
      const p = f.pod;
      const sa = p.sa || 'default';
      const t = f.t - rng.int(20, 120) * MS;
      timeoutBundle(buf, rng, t, 'POST', `/api/v1/namespaces/${p.ns}/serviceaccounts/${sa}/token`, 'apiserver-token-timeout');
    }
    {
      const t = tl.pgDump.fail - 60 * MS;
      timeoutBundle(buf, rng, t, 'POST', `/api/v1/namespaces/${PG_BACKUP.ns}/serviceaccounts/default/token`, 'apiserver-token-timeout');
    }
  } else {
    // the other apiservers see the slow leader too, but rarely time out
    for (let tm = start; tm < end; tm += MIN) {
      if (rng.chance(nodeName === 'talos01' ? 0.3 : 0.18)) {
        const t = tm + rng.int(0, 59999) * MS;
        cri(buf, rng, t, etcdClientRetry(t, target, '/etcdserverpb.KV/Range'), `apiserver-etcd-deadline-${nodeName}`);
      }
    }
    const t = parseIso('2026-02-22T09:30:00.118Z');
    if (nodeName === 'talos03') cri(buf, rng, t, klog('I', t, 'alloc.go:328', '"allocated clusterIPs"', ['service', 'home/esphome-dashboard', 'clusterIPs', { raw: '{"IPv4":"10.101.23.187"}' }]));
  }
  return buf;
}

export function genApiserverExited(rng) {
  const buf = new LogBuf('10.20.0.15/kubernetes-logs/kube-system/kube-apiserver-exited.log');
  const target = `etcd-endpoints://0xc000${rng.hex(6)}/localhost:2379`;
  let t = parseIso('2026-02-21T03:10:02.114Z');
  const end = parseIso('2026-02-21T03:12:19.402Z');
  while (t < end) {
    if (rng.chance(0.6)) cri(buf, rng, t, etcdClientRetry(t, target, '/etcdserverpb.KV/Range'));
    else timeoutBundle(buf, rng, t, 'GET', rng.pick(GET_URIS));
    t += rng.int(3, 20) * SEC;
  }
  const lines = [
    ['genericapiserver.go:549', '"[graceful-termination] shutdown event" name="ShutdownInitiated"'],
    ['genericapiserver.go:552', '"[graceful-termination] shutdown event" name="AfterShutdownDelayDuration"'],
    ['genericapiserver.go:616', '"[graceful-termination] shutdown event" name="NotAcceptingNewRequest"'],
    ['genericapiserver.go:650', '"[graceful-termination] not going to wait for active watch request(s) to drain"'],
    ['controller.go:128', 'Shutting down kubernetes service endpoint reconciler'],
    ['controller.go:157', 'Shutting down quota evaluator'],
    ['apf_controller.go:389', 'Shutting down API Priority and Fairness config worker'],
    ['cluster_authentication_trust_controller.go:467', 'Shutting down cluster_authentication_trust_controller controller'],
    ['crdregistration_controller.go:145', 'Shutting down crd-autoregister controller'],
    ['autoregister_controller.go:168', 'Shutting down autoregister controller'],
    ['dynamic_serving_content.go:149', '"Shutting down controller" name="serving-cert::/system/secrets/kubernetes/kube-apiserver/apiserver.crt::/system/secrets/kubernetes/kube-apiserver/apiserver.key"'],
    ['secure_serving.go:258', 'Stopped listening on [::]:6443'],
    ['genericapiserver.go:599', '"[graceful-termination] shutdown event" name="HTTPServerStoppedListening"'],
  ];
  t = end;
  for (const [c, m] of lines) {
    cri(buf, rng, t, klogHeader('I', t, 1, c) + m);
    t += rng.int(30, 900);
  }
  t += 28 * SEC;
  cri(buf, rng, t, etcdClientRetry(t, target, '/etcdserverpb.KV/Txn'));
  return buf;
}

// ------------------------------------------------------------------------------- kube-scheduler
function schedStartup(buf, rng, t0, opts = {}) {
  let t = t0 + rng.int(400, 700) * MS;
  cri(buf, rng, t, klog('I', t, 'serving.go:386', 'Generated self-signed cert in-memory'), opts.tag);
  t += rng.int(2, 7) * SEC;
  cri(buf, rng, t, klog('I', t, 'server.go:177', '"Starting Kubernetes Scheduler"', ['version', VERSIONS.k8s]));
  cri(buf, rng, t + 40, klog('I', t + 40, 'server.go:179', '"Golang settings"', ['GOGC', '', 'GOMAXPROCS', '', 'GOTRACEBACK', '']));
  t += 5 * MS;
  const ctl = [
    ['requestheader_controller.go:180', 'Starting RequestHeaderAuthRequestController'],
    ['shared_informer.go:349', '"Waiting for caches to sync" controller="RequestHeaderAuthRequestController"'],
    ['configmap_cafile_content.go:205', '"Starting controller" name="client-ca::kube-system::extension-apiserver-authentication::client-ca-file"'],
    ['shared_informer.go:349', '"Waiting for caches to sync" controller="client-ca::kube-system::extension-apiserver-authentication::client-ca-file"'],
    ['configmap_cafile_content.go:205', '"Starting controller" name="client-ca::kube-system::extension-apiserver-authentication::requestheader-client-ca-file"'],
    ['shared_informer.go:349', '"Waiting for caches to sync" controller="client-ca::kube-system::extension-apiserver-authentication::requestheader-client-ca-file"'],
    ['secure_serving.go:211', 'Serving securely on 127.0.0.1:10259'],
    ['tlsconfig.go:243', '"Starting DynamicServingCertificateController"'],
  ];
  for (const [c, m] of ctl) {
    cri(buf, rng, t, klogHeader('I', t, 1, c) + m);
    t += rng.int(20, 400);
  }
  t += rng.int(3, 12) * SEC;
  for (const c of ['client-ca::kube-system::extension-apiserver-authentication::requestheader-client-ca-file', 'RequestHeaderAuthRequestController', 'client-ca::kube-system::extension-apiserver-authentication::client-ca-file']) {
    cri(buf, rng, t, klogHeader('I', t, 1, 'shared_informer.go:356') + `"Caches are synced" controller=${q(c)}`, opts.syncTag);
    t += rng.int(30, 900);
  }
  return t;
}

export function genSchedulerTalos02(tl) {
  const rng = new Rng(0x5c4ed);
  const cur = new LogBuf('10.20.0.15/kubernetes-logs/kube-system/kube-scheduler.log');
  const ex = new LogBuf('10.20.0.15/kubernetes-logs/kube-system/kube-scheduler-exited.log');
  // exited instance
  const c = tl.schedCycles[tl.schedCycles.length - 1];
  let t = schedStartup(ex, rng, c.start, { tag: 'scheduler-start', syncTag: 'scheduler-caches-synced' });
  for (const typ of [['*v1.Pod', 'pods'], ['*v1.PersistentVolumeClaim', 'persistentvolumeclaims'], ['*v1.CSIStorageCapacity', 'csistoragecapacities.storage.k8s.io']]) {
    const tt = c.start + rng.float(61.2, 64.5) * SEC;
    cri(ex, rng, tt, klogHeader('E', tt, 1, 'reflector.go:205') + `"Failed to watch" err="failed to list ${typ[0]}: the server was unable to return a response in the time allotted, but may still be processing the request (get ${typ[1]})" logger="UnhandledError" reflector="k8s.io/client-go/informers/factory.go:160" type=${q(typ[0])}`, 'scheduler-list-timeout');
  }
  t = c.end - rng.int(30, 90) * MS;
  cri(ex, rng, t, klogHeader('E', t, 1, 'server.go:266') + '"handlers are not fully synchronized" err="context canceled"', 'scheduler-handlers-not-synced');
  t += rng.int(100, 600);
  cri(ex, rng, t, klogHeader('I', t, 1, 'leaderelection.go:257') + 'attempting to acquire leader lease kube-system/kube-scheduler...', 'scheduler-leader-attempt');
  for (const [cl, m] of [
    ['requestheader_controller.go:194', 'Shutting down RequestHeaderAuthRequestController'],
    ['configmap_cafile_content.go:226', '"Shutting down controller" name="client-ca::kube-system::extension-apiserver-authentication::requestheader-client-ca-file"'],
    ['configmap_cafile_content.go:226', '"Shutting down controller" name="client-ca::kube-system::extension-apiserver-authentication::client-ca-file"'],
    ['tlsconfig.go:258', '"Shutting down DynamicServingCertificateController"'],
    ['secure_serving.go:258', 'Stopped listening on 127.0.0.1:10259'],
  ]) {
    t += rng.int(20, 300);
    cri(ex, rng, t, klogHeader('I', t, 1, cl) + m);
  }
  t += rng.int(100, 900);
  cri(ex, rng, t, klogHeader('E', t, 1, 'run.go:72') + '"command failed" err="lost lease"', 'scheduler-command-failed');
  // current instance
  schedStartup(cur, rng, tl.schedCurrent.start, { tag: 'scheduler-start-current', syncTag: 'scheduler-caches-synced-current' });
  return { cur, ex };
}

export function genSchedulerOther(nodeName) {
  const rng = new Rng(0x5c + nodeName.charCodeAt(6));
  const node = byName[nodeName];
  const buf = new LogBuf(`${node.ip}/kubernetes-logs/kube-system/kube-scheduler.log`);
  const t0 = node.boot + 4 * MIN + rng.int(0, 900) * MS;
  let t = schedStartup(buf, rng, t0);
  t += rng.int(50, 300) * MS;
  cri(buf, rng, t, klogHeader('I', t, 1, 'leaderelection.go:257') + 'attempting to acquire leader lease kube-system/kube-scheduler...');
  if (nodeName === 'talos01') {
    t += rng.int(9, 14) * SEC;
    cri(buf, rng, t, klogHeader('I', t, 1, 'leaderelection.go:271') + 'successfully acquired lease kube-system/kube-scheduler', 'scheduler-leader-talos01');
    for (const hms of ['08:36:12', '09:02:47', '09:40:19', '10:07:53', '10:29:31']) {
      const tt = parseIso(`2026-02-22T${hms}Z`) + rng.int(0, 999999);
      cri(buf, rng, tt, klogHeader('E', tt, 1, 'leaderelection.go:429') + 'Failed to update lock optimistically: Put "https://localhost:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler?timeout=5s": context deadline exceeded, falling back to slow path');
    }
  }
  return buf;
}

// ------------------------------------------------------------------------------- kube-controller-manager
export function genControllerManager(nodeName) {
  const rng = new Rng(0xcc + nodeName.charCodeAt(6));
  const node = byName[nodeName];
  const pod = STATIC[`cm-${nodeName}`];
  const c = pod.containers[0];
  const buf = new LogBuf(`${node.ip}/kubernetes-logs/kube-system/kube-controller-manager.log`);
  let t = c.startedAt + 600 * MS;
  cri(buf, rng, t, klogHeader('I', t, 1, 'serving.go:386') + 'Generated self-signed cert in-memory');
  t += rng.int(1, 3) * SEC;
  cri(buf, rng, t, klogHeader('I', t, 1, 'controllermanager.go:195') + `"Starting" version="${VERSIONS.k8s}"`);
  cri(buf, rng, t + 30, klogHeader('I', t + 30, 1, 'controllermanager.go:197') + '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""');
  t += 60;
  cri(buf, rng, t, klogHeader('I', t, 1, 'secure_serving.go:211') + 'Serving securely on 127.0.0.1:10257');
  t += rng.int(1, 4) * SEC;
  cri(buf, rng, t, klogHeader('I', t, 1, 'leaderelection.go:257') + 'attempting to acquire leader lease kube-system/kube-controller-manager...');
  if (nodeName === 'talos03') {
    t += rng.int(10, 30) * SEC;
    cri(buf, rng, t, klogHeader('I', t, 1, 'leaderelection.go:271') + 'successfully acquired lease kube-system/kube-controller-manager');
    for (const hms of ['08:45:00', '09:00:00', '09:15:00', '09:30:00', '09:45:00', '10:00:00', '10:15:00', '10:30:00']) {
      const tt = parseIso(`2026-02-22T${hms}Z`) + rng.int(5000, 400000);
      if (rng.chance(0.5)) cri(buf, rng, tt, klogHeader('E', tt, 1, 'leaderelection.go:429') + 'Failed to update lock optimistically: Put "https://localhost:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager?timeout=5s": context deadline exceeded, falling back to slow path');
    }
  }
  return buf;
}

// ------------------------------------------------------------------------------- metrics-server (talos01)
export function genMetricsServer() {
  const rng = new Rng(0x3e7);
  const buf = new LogBuf('10.20.0.14/kubernetes-logs/kube-system/metrics-server.log');
  let t = parseIso('2026-02-14T09:15:02.331Z');
  const start = [
    ['serving.go:380', 'Generated self-signed cert in-memory'],
    ['handler.go:288', 'Adding GroupVersion metrics.k8s.io v1beta1 to ResourceManager'],
    ['requestheader_controller.go:180', 'Starting RequestHeaderAuthRequestController'],
    ['shared_informer.go:349', '"Waiting for caches to sync" controller="RequestHeaderAuthRequestController"'],
    ['secure_serving.go:211', 'Serving securely on [::]:10250'],
    ['tlsconfig.go:243', '"Starting DynamicServingCertificateController"'],
    ['shared_informer.go:356', '"Caches are synced" controller="RequestHeaderAuthRequestController"'],
  ];
  for (const [c, m] of start) {
    cri(buf, rng, t, klogHeader('I', t, 1, c) + m);
    t += rng.int(10, 900) * MS;
  }
  for (let ts = T.winStart - 20 * MIN + 7 * SEC; ts < T.collect; ts += 15 * SEC) {
    const failP = ts >= T.stuckFrom ? 1 : 0.8;
    if (rng.chance(failP)) {
      const te = ts + 10 * SEC + rng.int(0, 20) * MS;
      cri(buf, rng, te, klogHeader('E', te, 1, 'scraper.go:149') + `"Failed to scrape node" err="Get \\"https://10.20.0.15:10250/metrics/resource\\": context deadline exceeded" node="talos02"`, 'metrics-server-scrape-talos02');
    }
  }
  return buf;
}

// ------------------------------------------------------------------------------- cilium
function slog(t, msg, kv, level = 'info') {
  const parts = [`time=${isoSec(t)}`, `level=${level}`, `msg=${/[\s"=]/.test(msg) ? q(msg) : msg}`];
  for (let i = 0; i < kv.length; i += 2) {
    const v = String(kv[i + 1]);
    parts.push(`${kv[i]}=${/[\s"=]/.test(v) || v === '' ? q(v) : v}`);
  }
  return parts.join(' ');
}

export function genCilium(nodeName) {
  const rng = new Rng(0xc111 + nodeName.charCodeAt(6));
  const node = byName[nodeName];
  const buf = new LogBuf(`${node.ip}/kubernetes-logs/kube-system/cilium-agent.log`);
  const t0 = nodeName === 'talos02' ? node.boot + 64 * SEC : node.boot + 47 * SEC;
  let t = t0;
  const boot = [
    ['Memory available for map entries (0.003% of 67108864000B): 167772160B', ['module', 'agent.infra.config']],
    ['Starting hive', []],
    ['Started gops server', ['address', '127.0.0.1:9890', 'module', 'agent.infra.gops']],
    ['Establishing connection to apiserver', ['module', 'agent.infra.k8s-client', 'host', 'https://localhost:7445']],
    ['Connected to apiserver', ['module', 'agent.infra.k8s-client']],
    ['Detected devices', ['module', 'agent.datapath.devices', 'devices', '[enp1s0]']],
    ['Serving prometheus metrics on :9962', ['module', 'agent.infra.metrics']],
    ['Using autogenerated IPv4 allocation range', ['module', 'agent.controlplane.node-manager', 'v4Prefix', node.podCIDR]],
    ['Initializing node addressing', ['module', 'agent.controlplane.node-manager']],
    ['Restored router address from node_config', ['module', 'agent.datapath.node-address', 'ipv4', node.ciliumHostIp]],
    ['Validating configured node address ranges', []],
    ['Starting connection tracking garbage collector', ['module', 'agent.datapath.ct-gc']],
    ['Initial scan of connection tracking completed', ['module', 'agent.datapath.ct-gc']],
    ['Waiting until all pre-existing resources have been received', ['module', 'agent.controlplane.k8s-synced']],
    ['All pre-existing resources have been received; continuing', ['module', 'agent.controlplane.k8s-synced']],
    ['Regenerating restored endpoints', ['module', 'agent.controlplane.endpoint-restorer', 'numRestored', '0']],
    ['Launching Cilium health daemon', ['module', 'agent.controlplane.cilium-health']],
    ['Launching Cilium health endpoint', ['module', 'agent.controlplane.cilium-health']],
    ['Daemon initialization completed', ['module', 'agent', 'bootstrapTime', '5.412338201s']],
    ['Initializing Cilium API', ['module', 'agent.controlplane.api']],
    ['Serving cilium API at unix:///var/run/cilium/cilium.sock', ['module', 'agent.controlplane.api']],
  ];
  for (const [m, kv] of boot) {
    cri(buf, rng, t, slog(t, m, kv));
    t += rng.int(30, 900) * MS;
  }
  // steady state: a few lines per hour
  for (let tm = T.winStart - 40 * MIN; tm < T.collect; tm += rng.int(9, 24) * MIN) {
    cri(buf, rng, tm, slog(tm, 'Conntrack garbage collector interval recalculated', ['module', 'agent.datapath.ct-gc', 'expectedPrevInterval', '7m30s', 'actualPrevInterval', '7m30.001298s', 'newInterval', '11m15s', 'deleteRatio', '0.0017']));
  }
  if (nodeName === 'talos02') {
    // endpoint of the 09:30 pg-dump pod (the only new pod that got a sandbox in the window)
    const p = PG_BACKUP;
    let te = parseIso('2026-02-22T09:31:03.201Z');
    const epId = rng.int(100, 3999);
    for (const [m, kv] of [
      ['Create endpoint request', ['module', 'agent.controlplane.endpoint-api', 'addressing', '&{10.244.3.97  fe80::a8f1:2cff:fe1b:71e5  }', 'containerID', rng.hex(64), 'containerInterface', '', 'datapathConfiguration', '&{false false false false false <nil>}', 'interface', `lxc${rng.hex(12)}`, 'k8sPodName', `${p.ns}/${p.name}`, 'k8sUID', p.uid, 'labels', '[]', 'sync-build', 'true']],
      ['New endpoint', ['module', 'agent.controlplane.endpoint-manager', 'ciliumEndpointName', `${p.ns}/${p.name}`, 'ipv4', '10.244.3.97', 'endpointID', String(epId), 'k8sPodName', `${p.ns}/${p.name}`]],
      ['Resolving identity labels (blocking)', ['module', 'agent.controlplane.endpoint-manager', 'endpointID', String(epId), 'identityLabels', 'k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=database,k8s:io.kubernetes.pod.namespace=database,k8s:job-name=pg-dump-29529690']],
      ['Reusing existing global key', ['module', 'agent.controlplane.identity.cache', 'key', 'k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=database;k8s:io.kubernetes.pod.namespace=database;']],
      ['Identity of endpoint changed', ['module', 'agent.controlplane.endpoint-manager', 'endpointID', String(epId), 'identity', '31877', 'oldIdentity', 'no identity']],
      ['Waiting for endpoint to be generated', ['module', 'agent.controlplane.endpoint-api', 'endpointID', String(epId)]],
      ['Rewrote endpoint BPF program', ['module', 'agent.datapath.loader', 'endpointID', String(epId)]],
      ['Successful endpoint creation', ['module', 'agent.controlplane.endpoint-api', 'endpointID', String(epId)]],
    ]) {
      cri(buf, rng, te, slog(te, m, kv), 'cilium-endpoint-created-talos02');
      te += rng.int(5, 400) * MS;
    }
    te = parseIso('2026-02-22T09:33:04.118Z');
    for (const [m, kv] of [
      ['Delete endpoint request', ['module', 'agent.controlplane.endpoint-api', 'containerID', rng.hex(12), 'endpointID', String(epId)]],
      ['Releasing key', ['module', 'agent.controlplane.identity.cache', 'key', '[k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=database k8s:io.kubernetes.pod.namespace=database]']],
      ['Removed endpoint', ['module', 'agent.controlplane.endpoint-manager', 'endpointID', String(epId), 'ipv4', '10.244.3.97']],
    ]) {
      cri(buf, rng, te, slog(te, m, kv));
      te += rng.int(5, 400) * MS;
    }
  }
  return buf;
}

export function genCiliumInit(nodeName) {
  const rng = new Rng(0xc1 + nodeName.charCodeAt(6));
  const node = byName[nodeName];
  const t0 = nodeName === 'talos02' ? node.boot + 52 * SEC : node.boot + 36 * SEC;
  const out = {};
  const mk = (name, lines, stream = 'stdout') => {
    const b = new LogBuf(`${node.ip}/kubernetes-logs/kube-system/${name}-exited.log`);
    let t = t0 + Object.keys(out).length * 1200 * MS;
    for (const l of lines) {
      cri(b, rng, t, l, undefined, stream);
      t += rng.int(1, 40) * MS;
    }
    out[name] = b;
  };
  mk('config', [
    slog(t0, 'Running', ['module', 'build-config']),
    slog(t0, 'Establishing connection to apiserver', ['module', 'build-config', 'host', 'https://localhost:7445']),
    slog(t0, 'Connected to apiserver', ['module', 'build-config']),
    slog(t0, 'Reading configuration from config-map:kube-system/cilium-config', ['module', 'build-config', 'configSource', 'config-map:kube-system/cilium-config']),
    slog(t0, 'Got 118 config pairs from source', ['module', 'build-config', 'configSource', 'config-map:kube-system/cilium-config']),
    slog(t0, 'Reading configuration from cilium-node-config:kube-system/', ['module', 'build-config', 'configSource', 'cilium-node-config:kube-system/']),
    slog(t0, 'Got 0 config pairs from source', ['module', 'build-config', 'configSource', 'cilium-node-config:kube-system/']),
  ], 'stderr');
  mk('mount-cgroup', []);
  mk('apply-sysctl-overwrites', []);
  mk('mount-bpf-fs', ['bpf on /sys/fs/bpf type bpf (rw,nosuid,nodev,noexec,relatime,mode=700)']);
  mk('clean-cilium-state', []);
  mk('install-cni-binaries', [`Installing cilium-cni to /host/opt/cni/bin/ ...`, 'wrote /host/opt/cni/bin/cilium-cni']);
  return out;
}

export function genSimple(nodeName, container, lines, startT) {
  const rng = new Rng(0xe0 + container.length + nodeName.charCodeAt(6));
  const node = byName[nodeName];
  const b = new LogBuf(`${node.ip}/kubernetes-logs/kube-system/${container}.log`);
  let t = startT;
  for (const l of lines) {
    cri(b, rng, t, typeof l === 'function' ? l(t) : l, undefined, 'stdout');
    t += rng.int(1, 300) * MS;
  }
  return b;
}
