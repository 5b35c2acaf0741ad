// Talos-side files of the support bundle: service logs (machined, containerd, cri, apid, ...),
// service .state files, controller-runtime.log, dmesg.log, processes, io, mounts, devices, summary.
import { Rng, LogBuf, goLogTime, isoMilli, rfc3339Nano, goDuration, humanizeBytes, tabwrite, columnize, parseIso, SEC, MIN, MS, HOUR } from './lib.mjs';
import { T, NODES, byName, VERSIONS, ETCD } from './scenario.mjs';
import { STATIC, OSD2, PG_BACKUP, NODE_EXPORTER, podsOn, cid } from './pods.mjs';

const ESC = '\x1b';
const LEVEL_COLOR = { DEBUG: `${ESC}[35mDEBUG${ESC}[0m`, INFO: `${ESC}[34mINFO${ESC}[0m`, WARN: `${ESC}[33mWARN${ESC}[0m`, ERROR: `${ESC}[31mERROR${ESC}[0m` };

// zap console encoder fields: {"k": "v", "k2": "v2"}
function zfields(obj) {
  return '{' + Object.entries(obj).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ') + '}';
}

export const SERVICES = ['apid', 'auditd', 'containerd', 'cri', 'dashboard', 'etcd', 'kubelet', 'machined', 'syslogd', 'trustd', 'udevd'];

// ----------------------------------------------------------------------------- machined / controller-runtime / dmesg
export function genMachined(nodeName, tl) {
  const rng = new Rng(0x3ac + nodeName.charCodeAt(6));
  const node = byName[nodeName];
  const machined = new LogBuf(`${node.ip}/service-logs/machined.log`);
  const cr = new LogBuf(`${node.ip}/controller-runtime.log`);
  const dmesg = new LogBuf(`${node.ip}/dmesg.log`);
  const m = (t, msg, tag) => machined.add(t, `${goLogTime(t)} [talos] ${msg}`, tag);
  const k = (t, fac, prio, msg, tag) => dmesg.add(t, `${fac}: ${prio.padStart(7, ' ')}: [${rfc3339Nano(t)}]: ${msg}`, tag);
  const talosK = (t, msg, tag) => k(t, 'user', 'warning', `[talos] ${msg}`, tag);
  const crl = (t, level, msg, fields, tag) => {
    cr.add(t, `${isoMilli(t)} ${LEVEL_COLOR[level]} ${msg} ${zfields({ component: 'controller-runtime', ...fields })}`, tag);
    if (level !== 'DEBUG') {
      m(t + 20, `${msg} ${zfields({ component: 'controller-runtime', ...fields })}`);
      talosK(t + 25, `${msg} ${zfields({ component: 'controller-runtime', ...fields })}`);
    }
  };

  // ---- boot (kernel + early talos) ; the kernel ring buffer still holds the boot on talos02 only
  const b = node.boot;
  const bootKernel = [
    ['kern', 'notice', `Linux version ${VERSIONS.kernel} (@buildkitsandbox) (gcc (GCC) 15.2.0, GNU ld (GNU Binutils) 2.45) #1 SMP PREEMPT_DYNAMIC`],
    ['kern', 'info', 'Command line: talos.platform=metal console=tty0 init_on_alloc=1 slab_nomerge pti=on consoleblank=0 nvme_core.io_timeout=4294967295 printk.devkmsg=on selinux=1 module.sig_enforce=1'],
    ['kern', 'info', 'DMI: Intel(R) Client Systems NUC12WSKi5/NUC12WSBi5, BIOS WSADL357.0088.2023.0505.1623 05/05/2023'],
    ['kern', 'info', 'Memory: 65413120K/66857268K available (26624K kernel code, 4210K rwdata, 15088K rodata, 5196K init, 5764K bss, 1420884K reserved, 0K cma-reserved)'],
    ['kern', 'info', 'smpboot: CPU0: 12th Gen Intel(R) Core(TM) i5-1240P (family: 0x6, model: 0x9a, stepping: 0x3)'],
    ['kern', 'info', 'nvme nvme0: pci function 0000:01:00.0'],
    ['kern', 'info', 'nvme nvme0: 12/0/0 default/read/poll queues'],
    ['kern', 'info', ' nvme0n1: p1 p2 p3 p4 p5 p6 p7'],
    ['kern', 'info', 'igc 0000:57:00.0 enp87s0: NIC Link is Up 2500 Mbps Full Duplex, Flow Control: RX/TX'],
    ['kern', 'info', 'Run /init as init process'],
  ];
  let tb = b + 300 * MS;
  if (nodeName === 'talos02') {
    for (const [f, p, msg] of bootKernel) {
      k(tb, f, p, msg);
      tb += rng.int(1, 400) * MS;
    }
    for (const msg of ['[talos] proceeding with sequence "boot"', 'service[machined](Running): Service started as goroutine', 'service[udevd](Running): Process Process(["/sbin/udevd" "--resolve-names=never"]) started with PID 1012', 'service[containerd](Running): Process Process(["/bin/containerd" "--address" "/system/run/containerd/containerd.sock" "--state" "/system/run/containerd" "--root" "/system/var/lib/containerd"]) started with PID 1702', `service[cri](Running): Process Process(["/bin/containerd" "--address" "/run/containerd/containerd.sock" "--config" "/etc/cri/containerd.toml"]) started with PID 2051`, 'service[etcd](Running): Started task etcd (PID 2644) for container etcd', `service[kubelet](Running): Started task kubelet (PID ${node.kubeletPid}) for container kubelet`, 'service[kubelet](Running): Health check successful', 'service[etcd](Running): Health check successful']) {
      tb += rng.int(100, 4000) * MS;
      talosK(tb, msg.replace(/^\[talos\] /, ''));
    }
  }
  // ---- controller-runtime steady state
  for (let t = T.busyStart - 30 * MIN + rng.int(0, 59999) * MS + rng.int(0, 999); t < T.collect; t += rng.int(14, 40) * MIN + rng.int(0, 59999) * MS + rng.int(0, 999)) {
    crl(t, 'DEBUG', 'reconcile succeeded', { controller: rng.pick(['network.AddressStatusController', 'network.LinkStatusController', 'runtime.KmsgLogDeliveryController', 'k8s.NodenameController', 'time.SyncController']) });
  }
  if (nodeName === 'talos02') {
    // Talos reads static pod status from the kubelet; the kubelet is slow to answer
    for (const hms of ['08:51:59', '09:14:33', '09:48:07', '10:02:38', '10:21:05', '10:37:24']) {
      const t = parseIso(`2026-02-22T${hms}Z`) + rng.int(0, 999999);
      crl(t, 'ERROR', 'controller failed', { controller: 'k8s.KubeletStaticPodController', error: 'error refreshing pod status: error fetching pod status: Get "https://127.0.0.1:10250/pods/?timeout=30s": context deadline exceeded' }, 'talos-static-pod-status-timeout');
    }
    // kubelet health check failures (service runner logs them through the std logger -> machined log + kmsg)
    for (const h of tl.kubeletHealth) {
      const msgF = 'service[kubelet](Running): Health check failed: Get "http://127.0.0.1:10248/healthz": context deadline exceeded';
      m(h.fail, msgF, 'talos-kubelet-healthz-failed');
      talosK(h.fail + 30, msgF, 'talos-kubelet-healthz-failed-dmesg');
      m(h.ok, 'service[kubelet](Running): Health check successful');
      talosK(h.ok + 30, 'service[kubelet](Running): Health check successful');
    }
    // kernel: rbd devices mapped for the stuck pods' volumes, osd restart
    let dev = 6;
    for (const p of podsOn('talos02').filter((x) => x.state === 'creating' && x.pvcs)) {
      for (const pvc of p.pvcs) {
        const t = p.created + rng.int(8, 40) * SEC + rng.int(0, 999999);
        k(t, 'kern', 'info', `rbd: rbd${dev}: capacity ${pvc.sizeGi * 1073741824} features 0x3d`, 'dmesg-rbd-map');
        k(t + rng.int(200, 900) * MS, 'kern', 'info', `EXT4-fs (rbd${dev}): mounted filesystem ${cid().slice(0, 8)}-${cid().slice(0, 4)}-${cid().slice(0, 4)}-${cid().slice(0, 4)}-${cid().slice(0, 12)} r/w with ordered data mode. Quota mode: none.`, 'dmesg-ext4-mount');
        dev++;
      }
    }
    const tq = parseIso('2026-02-22T09:51:31.882Z');
    k(tq, 'kern', 'warning', 'INFO: task bstore_kv_sync:94211 blocked for more than 122 seconds.', 'dmesg-hung-task');
    k(tq + 50, 'kern', 'warning', `      Not tainted ${VERSIONS.kernel} #1`);
    k(tq + 90, 'kern', 'warning', '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.');
  }
  if (nodeName !== 'talos02') {
    for (const hms of ['09:12:40', '10:04:51']) {
      const t = parseIso(`2026-02-22T${hms}Z`) + rng.int(0, 999999);
      crl(t, 'INFO', 'adjusting time (slew)', { controller: 'time.SyncController', delta: `${rng.int(-900, 900)}.${rng.digits(6)}µs`.replace(/^(-?)0*/, '$1'), server: 'time.cloudflare.com', local_time: '', remote_time: '' });
    }
  }
  // first line of the ring-buffered machined log is cut
  return { machined, cr, dmesg };
}

// ----------------------------------------------------------------------------- containerd (system) and cri (pods)
function lr(t, level, msg, fields = {}, ns3) {
  const kv = Object.keys(fields)
    .sort()
    .map((key) => {
      const v = String(fields[key]);
      return `${key}=${/[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v}`;
    });
  return `time="${rfc3339Nano(t, ns3)}" level=${level} msg=${JSON.stringify(msg)}${kv.length ? ' ' + kv.join(' ') : ''}`;
}

export function genContainerd(nodeName) {
  const rng = new Rng(0xc0d + nodeName.charCodeAt(6));
  const node = byName[nodeName];
  const buf = new LogBuf(`${node.ip}/service-logs/containerd.log`);
  let t = node.boot + 3400 * MS;
  const add = (level, msg, f = {}) => {
    buf.add(t, lr(t, level, msg, f, rng.digits(3)), `containerd-startup-${nodeName}`);
    t += rng.int(50, 3000);
  };
  add('info', 'starting containerd', { revision: 'ccb6ad7e6d4f9b5b0d9c2a6b6bb1f4a2f2b9c3d1', version: VERSIONS.containerd });
  const plugins = [
    ['io.containerd.content.v1.content', 'io.containerd.content.v1'],
    ['io.containerd.snapshotter.v1.native', 'io.containerd.snapshotter.v1'],
    ['io.containerd.snapshotter.v1.overlayfs', 'io.containerd.snapshotter.v1'],
    ['io.containerd.event.v1.exchange', 'io.containerd.event.v1'],
    ['io.containerd.monitor.task.v1.cgroups', 'io.containerd.monitor.task.v1'],
    ['io.containerd.metadata.v1.bolt', 'io.containerd.metadata.v1'],
    ['io.containerd.gc.v1.scheduler', 'io.containerd.gc.v1'],
    ['io.containerd.differ.v1.walking', 'io.containerd.differ.v1'],
    ['io.containerd.lease.v1.manager', 'io.containerd.lease.v1'],
    ['io.containerd.service.v1.containers-service', 'io.containerd.service.v1'],
    ['io.containerd.service.v1.content-service', 'io.containerd.service.v1'],
    ['io.containerd.service.v1.images-service', 'io.containerd.service.v1'],
    ['io.containerd.service.v1.snapshots-service', 'io.containerd.service.v1'],
    ['io.containerd.service.v1.tasks-service', 'io.containerd.service.v1'],
    ['io.containerd.runtime.v2.task', 'io.containerd.runtime.v2'],
    ['io.containerd.shim.v1.manager', 'io.containerd.shim.v1'],
    ['io.containerd.grpc.v1.containers', 'io.containerd.grpc.v1'],
    ['io.containerd.grpc.v1.content', 'io.containerd.grpc.v1'],
    ['io.containerd.grpc.v1.events', 'io.containerd.grpc.v1'],
    ['io.containerd.grpc.v1.images', 'io.containerd.grpc.v1'],
    ['io.containerd.grpc.v1.namespaces', 'io.containerd.grpc.v1'],
    ['io.containerd.grpc.v1.snapshots', 'io.containerd.grpc.v1'],
    ['io.containerd.grpc.v1.tasks', 'io.containerd.grpc.v1'],
    ['io.containerd.grpc.v1.version', 'io.containerd.grpc.v1'],
  ];
  for (const [id, type] of plugins) add('info', 'loading plugin', { id, type });
  add('info', 'serving...', { address: '/system/run/containerd/containerd.sock.ttrpc' });
  add('info', 'serving...', { address: '/system/run/containerd/containerd.sock' });
  add('info', 'containerd successfully booted in 0.041237s');
  return buf;
}

export function genCri(nodeName, tl) {
  const rng = new Rng(0xc1 + nodeName.charCodeAt(6) * 7);
  const node = byName[nodeName];
  const buf = new LogBuf(`${node.ip}/service-logs/cri.log`);
  const L = (t, level, msg, f, tag) => buf.add(t, lr(t, level, msg, f, rng.digits(3)), tag);
  const containerLifecycle = (tStart, tEnd, sandbox, name, attempt, id, exitCode, pid, removeId) => {
    let t = tStart;
    if (removeId) {
      L(t - 800 * MS, 'info', `RemoveContainer for "${removeId}"`);
      L(t - 760 * MS, 'info', `RemoveContainer for "${removeId}" returns successfully`);
    }
    L(t, 'info', `CreateContainer within sandbox "${sandbox}" for container &ContainerMetadata{Name:${name},Attempt:${attempt},}`);
    t += rng.int(20, 200) * MS;
    L(t, 'info', `CreateContainer within sandbox "${sandbox}" for &ContainerMetadata{Name:${name},Attempt:${attempt},} returns container id "${id}"`);
    L(t + 2 * MS, 'info', `StartContainer for "${id}"`);
    L(t + 8 * MS, 'info', `connecting to shim ${id}`, { address: `unix:///run/containerd/s/${rng.hex(64)}`, namespace: 'k8s.io', protocol: 'ttrpc', version: 3 });
    L(t + rng.int(60, 300) * MS, 'info', `StartContainer for "${id}" returns successfully`, {}, `cri-start-ok-${nodeName}`);
    if (tEnd) {
      L(tEnd - 120 * MS, 'info', `StopContainer for "${id}" with timeout 30 (s)`);
      L(tEnd - 118 * MS, 'info', `Stop container "${id}" with signal terminated`);
      const secs = Math.floor(tEnd / SEC);
      L(tEnd, 'info', `received exit event container_id:"${id}" id:"${id}" pid:${pid} exit_status:${exitCode} exited_at:{seconds:${secs} nanos:${rng.int(1, 999999999)}}`);
      L(tEnd + 2 * MS, 'info', `TaskExit event in podsandbox handler container_id:"${id}" id:"${id}" pid:${pid} exit_status:${exitCode} exited_at:{seconds:${secs} nanos:${rng.int(1, 999999999)}}`);
      L(tEnd + 40 * MS, 'info', 'shim disconnected', { id, namespace: 'k8s.io' });
      L(tEnd + 41 * MS, 'warning', 'cleaning up after shim disconnected', { id, namespace: 'k8s.io' });
      L(tEnd + 42 * MS, 'info', 'cleaning up dead shim', { namespace: 'k8s.io' });
      L(tEnd + 60 * MS, 'info', `StopContainer for "${id}" returns successfully`);
    }
  };
  if (nodeName === 'talos02') {
    for (const f of tl.execFailures) {
      L(f.t - rng.int(2, 25) * MS, 'error', `ExecSync for "${f.containerId}" failed`, { error: 'rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 5s exceeded: context deadline exceeded' }, 'cri-execsync-timeout');
    }
    const all = [...tl.schedCycles, tl.schedCurrent];
    all.forEach((c, i) => {
      containerLifecycle(c.start, c.end, tl.schedSandbox, 'kube-scheduler', c.attempt, c.id, 1, 90000 + i * 37, i >= 2 ? all[i - 2].id : null);
    });
    // ceph-osd.2: liveness failed three times, container restarted
    const osd = OSD2.containers[0];
    L(tl.osdRestart, 'info', `StopContainer for "${osd.prevId}" with timeout 30 (s)`, {}, 'cri-osd-restart');
    L(tl.osdRestart + 2 * MS, 'info', `Stop container "${osd.prevId}" with signal terminated`);
    L(tl.osdRestart + 2100 * MS, 'info', `received exit event container_id:"${osd.prevId}" id:"${osd.prevId}" pid:46113 exit_status:0 exited_at:{seconds:${Math.floor((tl.osdRestart + 2100 * MS) / SEC)} nanos:${rng.int(1, 999999999)}}`);
    L(tl.osdRestart + 2150 * MS, 'info', 'shim disconnected', { id: osd.prevId, namespace: 'k8s.io' });
    L(tl.osdRestart + 2160 * MS, 'info', `StopContainer for "${osd.prevId}" returns successfully`);
    containerLifecycle(tl.osdNewStart - 300 * MS, null, rng.hex(64), 'osd', 2, osd.id, 0, 93688, null);
    // pg-dump job pod: sandbox, image pull, run, exit
    const pg = tl.pgDump;
    const p = PG_BACKUP;
    let t = pg.mounted + 600 * MS;
    L(t, 'info', `RunPodSandbox for &PodSandboxMetadata{Name:${p.name},Uid:${p.uid},Namespace:${p.ns},Attempt:0,}`);
    t += 1400 * MS;
    L(t, 'info', `RunPodSandbox for &PodSandboxMetadata{Name:${p.name},Uid:${p.uid},Namespace:${p.ns},Attempt:0,} returns sandbox id "${pg.sandbox}"`, {}, 'cri-sandbox-ok');
    const img = 'ghcr.io/cloudnative-pg/postgresql:17.7-standard-trixie';
    const imgId = `sha256:${rng.hex(64)}`;
    t += 200 * MS;
    L(t, 'info', `PullImage "${img}"`);
    t += 14.9 * SEC;
    L(t, 'info', `ImageCreate event name:"${img}" labels:{key:"io.cri-containerd.image" value:"managed"}`);
    L(t + 3 * MS, 'info', `stop pulling image ${img}: active requests=0, bytes read=164320671`);
    L(t + 5 * MS, 'info', `Pulled image "${img}" with image id "${imgId}", repo tag "${img}", repo digest "ghcr.io/cloudnative-pg/postgresql@sha256:${rng.hex(64)}", size "164318902" in 14.912455871s`, {}, 'cri-image-pulled');
    L(t + 6 * MS, 'info', `PullImage "${img}" returns image reference "${imgId}"`);
    containerLifecycle(pg.started - 300 * MS, null, pg.sandbox, 'pg-dump', 0, p.containers[0].id, 0, 77912, null);
    const secs = Math.floor(pg.finished / SEC);
    L(pg.finished, 'info', `received exit event container_id:"${p.containers[0].id}" id:"${p.containers[0].id}" pid:77912 exit_status:0 exited_at:{seconds:${secs} nanos:${rng.int(1, 999999999)}}`);
    L(pg.finished + 50 * MS, 'info', 'shim disconnected', { id: p.containers[0].id, namespace: 'k8s.io' });
    L(pg.finished + 1400 * MS, 'info', `StopPodSandbox for "${pg.sandbox}"`);
    L(pg.finished + 1900 * MS, 'info', `TearDown network for sandbox "${pg.sandbox}" successfully`);
    L(pg.finished + 1910 * MS, 'info', `StopPodSandbox for "${pg.sandbox}" returns successfully`);
  }
  if (nodeName === 'talos03') {
    const sb = rng.hex(64);
    let prev = null;
    let prev2 = null;
    for (let t = T.busyStart + 17 * SEC; t < T.collect; t += 311 * SEC) {
      const id = rng.hex(64);
      containerLifecycle(t, t + 1100 * MS, sb, 'node-exporter', 9000 + Math.floor((t - T.busyStart) / (311 * SEC)), id, 1, 40000 + rng.int(0, 9999), prev2);
      prev2 = prev;
      prev = id;
    }
  }
  // periodic image GC / housekeeping chatter on every node
  for (let t = T.busyStart + rng.int(0, 300) * SEC; t < T.collect; t += rng.int(25, 55) * MIN) {
    L(t, 'info', 'garbage collection of images started');
  }
  return buf;
}

// ----------------------------------------------------------------------------- small service logs
export function genSmallServices(nodeName) {
  const rng = new Rng(0x5a + nodeName.charCodeAt(6));
  const node = byName[nodeName];
  const out = {};
  const apid = new LogBuf(`${node.ip}/service-logs/apid.log`);
  // the support bundle collection itself shows up as API calls
  const calls = ['/machine.MachineService/Version', '/machine.MachineService/Containers', '/machine.MachineService/ServiceList', '/machine.MachineService/Processes', '/machine.MachineService/DiskStats', '/machine.MachineService/Mounts', '/machine.MachineService/Read', '/inspect.InspectService/ControllerRuntimeDependencies', '/cosi.resource.State/List'];
  let t = T.collect - 40 * SEC;
  if (nodeName === 'talos02') {
    apid.add(T.processes, `${goLogTime(T.processes)} OK [/machine.MachineService/Processes] ${goDuration(rng.float(30, 90) * 1e6)} unary Success (:authority=10.20.0.15:50000;content-type=application/grpc;nodes=10.20.0.15;user-agent=talosctl/${VERSIONS.talos} (darwin/arm64) grpc-go/1.76.0)`);
  }
  for (const c of [T.etcdStatus]) {
    apid.add(c, `${goLogTime(c)} OK [/machine.MachineService/EtcdStatus] ${goDuration(rng.float(8, 300) * 1e6)} unary Success (:authority=${node.ip}:50000;content-type=application/grpc;nodes=10.20.0.14,10.20.0.15,10.20.0.16;user-agent=talosctl/${VERSIONS.talos} (darwin/arm64) grpc-go/1.76.0)`);
  }
  for (const c of calls) {
    t += rng.int(100, 3000) * MS;
    apid.add(t, `${goLogTime(t)} OK [${c}] ${goDuration(rng.float(0.5, 400) * 1e6)} unary Success (:authority=${node.ip}:50000;content-type=application/grpc;nodes=${node.ip};user-agent=talosctl/${VERSIONS.talos} (darwin/arm64) grpc-go/1.76.0)`);
  }
  out.apid = apid;
  const trustd = new LogBuf(`${node.ip}/service-logs/trustd.log`);
  trustd.add(node.boot + 9 * SEC, `${goLogTime(node.boot + 9 * SEC)} trustd.go:177: trustd listening on [::]:50001`);
  out.trustd = trustd;
  const udevd = new LogBuf(`${node.ip}/service-logs/udevd.log`);
  udevd.add(node.boot + 2 * SEC, 'starting version 3.2.14');
  udevd.add(node.boot + 2 * SEC + 400, 'specified group \'input\' unknown');
  out.udevd = udevd;
  for (const s of ['auditd', 'syslogd', 'dashboard']) out[s] = new LogBuf(`${node.ip}/service-logs/${s}.log`);
  out.dnsResolveCache = new LogBuf(`${node.ip}/dns-resolve-cache.log`);
  return out;
}

// ----------------------------------------------------------------------------- .state files
function ago(t) {
  const d = Math.round((T.collect + 12 * SEC - t) / SEC) * 1e9;
  return goDuration(d);
}

export function genStates(nodeName, tl) {
  const rng = new Rng(0x57 + nodeName.charCodeAt(6));
  const node = byName[nodeName];
  const b = node.boot;
  const files = {};
  const lifecycle = {
    machined: [['Starting', 'Starting service'], ['Preparing', 'Running pre state'], ['Preparing', 'Creating service runner'], ['Running', 'Service started as goroutine']],
    udevd: [['Starting', 'Starting service'], ['Preparing', 'Running pre state'], ['Preparing', 'Creating service runner'], ['Running', 'Process Process(["/sbin/udevd" "--resolve-names=never"]) started with PID 1012'], ['Running', 'Health check successful']],
    containerd: [['Starting', 'Starting service'], ['Preparing', 'Running pre state'], ['Preparing', 'Creating service runner'], ['Running', 'Process Process(["/bin/containerd" "--address" "/system/run/containerd/containerd.sock" "--state" "/system/run/containerd" "--root" "/system/var/lib/containerd"]) started with PID 1702'], ['Running', 'Health check successful']],
    cri: [['Waiting', 'Waiting for network'], ['Preparing', 'Running pre state'], ['Preparing', 'Creating service runner'], ['Running', 'Process Process(["/bin/containerd" "--address" "/run/containerd/containerd.sock" "--config" "/etc/cri/containerd.toml"]) started with PID 2051'], ['Running', 'Health check successful']],
    apid: [['Waiting', 'Waiting for service "containerd" to be "up", api certificates'], ['Preparing', 'Running pre state'], ['Preparing', 'Creating service runner'], ['Running', 'Started task apid (PID 2140) for container apid'], ['Running', 'Health check successful']],
    trustd: [['Waiting', 'Waiting for service "containerd" to be "up", time sync, network, trustd certificates'], ['Preparing', 'Running pre state'], ['Preparing', 'Creating service runner'], ['Running', 'Started task trustd (PID 2162) for container trustd'], ['Running', 'Health check successful']],
    etcd: [['Waiting', 'Waiting for service "cri" to be "up", time sync, network, etcd spec'], ['Preparing', 'Running pre state'], ['Preparing', 'Creating service runner'], ['Running', 'Started task etcd (PID 2644) for container etcd'], ['Running', 'Health check successful']],
    kubelet: [['Waiting', 'Waiting for service "cri" to be "up"'], ['Preparing', 'Running pre state'], ['Preparing', 'Creating service runner'], ['Running', `Started task kubelet (PID ${node.kubeletPid}) for container kubelet`], ['Running', 'Health check successful']],
    auditd: [['Starting', 'Starting service'], ['Preparing', 'Running pre state'], ['Preparing', 'Creating service runner'], ['Running', 'Service started as goroutine']],
    syslogd: [['Starting', 'Starting service'], ['Preparing', 'Running pre state'], ['Preparing', 'Creating service runner'], ['Running', 'Service started as goroutine']],
    dashboard: [['Starting', 'Starting service'], ['Preparing', 'Running pre state'], ['Preparing', 'Creating service runner'], ['Running', 'Process Process(["/sbin/dashboard"]) started with PID 2201']],
  };
  const offsets = { machined: 0.4, udevd: 1.1, containerd: 3.2, auditd: 0.9, syslogd: 0.8, dashboard: 9.6, cri: 7.4, apid: 8.8, trustd: 9.1, etcd: 14.2, kubelet: 21.7 };
  for (const svc of SERVICES) {
    let events = [];
    let t = b + offsets[svc] * SEC;
    for (const [state, msg] of lifecycle[svc]) {
      events.push({ t, state, msg });
      t += rng.int(5, 900) * MS;
    }
    let health = 'OK';
    if (svc === 'machined' || svc === 'auditd' || svc === 'syslogd' || svc === 'dashboard') health = '?';
    if (svc === 'kubelet' && nodeName === 'talos02') {
      // health flaps since the node joined; only the newest 64 events are kept
      let tf = b + 20 * MIN;
      const early = [];
      while (tf < T.winStart - 15 * MIN) {
        tf += rng.int(9, 28) * MIN;
        early.push({ fail: tf, ok: tf + rng.int(1, 4) * 5 * SEC });
      }
      for (const h of [...early, ...tl.kubeletHealth]) {
        events.push({ t: h.fail, state: 'Running', msg: 'Health check failed: Get "http://127.0.0.1:10248/healthz": context deadline exceeded', tag: h.fail >= T.winStart ? 'state-kubelet-healthz-failed' : undefined });
        events.push({ t: h.ok, state: 'Running', msg: 'Health check successful' });
      }
      events = events.slice(-64);
    }
    const rows = [['ID', svc], ['STATE', svc === 'machined' || svc === 'auditd' || svc === 'syslogd' || svc === 'dashboard' ? 'Running' : 'Running'], ['HEALTH', health]];
    const tagLines = [];
    let label = 'EVENTS';
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      rows.push([label, `[${e.state}]: ${e.msg} (${ago(e.t)} ago)`]);
      if (e.tag) tagLines.push({ tag: e.tag, line: rows.length });
      label = '';
    }
    files[svc] = { text: tabwrite(rows), tags: tagLines };
  }
  return files;
}

// ----------------------------------------------------------------------------- processes
export function processTable(nodeName, at) {
  const rng = new Rng(0x9ce + nodeName.charCodeAt(6));
  const node = byName[nodeName];
  const upS = (at - node.boot) / SEC;
  const scale = upS / ((T.processes - byName.talos02.boot) / SEC);
  const P = [];
  const add = (pid, state, threads, cpu, vmem, rss, label, exe, args) => P.push({ pid, state, threads, cpu, vmem, rss, label, exe, args });
  const G = 1e9;
  const M = 1e6;
  const grow = (base) => base * (1 + ((at - T.processes) / SEC) * 0.00002);
  add(1, 'S', 12, grow(2012.41 * scale), 1.62 * G, 181 * M, 'system_u:system_r:init_t:s0', '/sbin/init', '/sbin/init');
  add(2, 'S', 1, 0, 0, 0, 'system_u:system_r:kernel_t:s0', '', 'kthreadd');
  add(1012, 'S', 1, grow(211.3 * scale), 27 * M, 9.8 * M, 'system_u:system_r:udev_t:s0', '/sbin/udevd', '/sbin/udevd --resolve-names=never');
  add(1702, 'S', 17, grow(412.5 * scale), 2.1 * G, 52 * M, 'system_u:system_r:sys_containerd_t:s0', '/bin/containerd', '/bin/containerd --address /system/run/containerd/containerd.sock --state /system/run/containerd --root /system/var/lib/containerd');
  add(2051, 'S', 38, grow(35218.77 * scale), 4.9 * G, 212 * M, 'system_u:system_r:pod_containerd_t:s0', '/bin/containerd', '/bin/containerd --address /run/containerd/containerd.sock --config /etc/cri/containerd.toml');
  add(2140, 'S', 13, grow(388.1 * scale), 1.43 * G, 61 * M, 'system_u:system_r:apid_t:s0', '/apid', '/apid');
  add(2162, 'S', 10, grow(17.9 * scale), 1.31 * G, 29 * M, 'system_u:system_r:trustd_t:s0', '/trustd', '/trustd');
  add(2201, 'S', 11, grow(902.4 * scale), 1.39 * G, 74 * M, 'system_u:system_r:dashboard_t:s0', '/sbin/dashboard', '/sbin/dashboard');
  const etcdCpu = nodeName === 'talos02' ? 67193.52 : nodeName === 'talos01' ? 183311.2 * 1.0 : 121004.8;
  add(2644, 'S', 26, grow(nodeName === 'talos02' ? etcdCpu : etcdCpu), 12.6 * G, (nodeName === 'talos02' ? 624 : 1140) * M, 'system_u:system_r:etcd_t:s0', '/usr/local/bin/etcd', `/usr/local/bin/etcd --name=${nodeName} --auto-tls=false --peer-auto-tls=false --data-dir=/var/lib/etcd --listen-peer-urls=https://0.0.0.0:2380 --listen-client-urls=https://0.0.0.0:2379 --client-cert-auth=true --cert-file=/system/secrets/etcd/server.crt --key-file=/system/secrets/etcd/server.key --trusted-ca-file=/system/secrets/etcd/ca.crt --peer-client-cert-auth=true --peer-cert-file=/system/secrets/etcd/peer.crt --peer-key-file=/system/secrets/etcd/peer.key --peer-trusted-ca-file=/system/secrets/etcd/ca.crt --experimental-initial-corrupt-check=true --experimental-watch-progress-notify-interval=5s --experimental-compact-hash-check-enabled=true --listen-metrics-urls=http://0.0.0.0:2381 --advertise-client-urls=https://${node.ip}:2379`);
  add(node.kubeletPid, 'S', 41, grow(nodeName === 'talos02' ? 24871.3 : 61230.4), 3.1 * G, (nodeName === 'talos02' ? 236 : 181) * M, 'system_u:system_r:kubelet_t:s0', '/usr/local/bin/kubelet', `/usr/local/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubeconfig --cert-dir=/var/lib/kubelet/pki --config=/etc/kubernetes/kubelet.yaml --hostname-override=${nodeName} --kubeconfig=/etc/kubernetes/kubeconfig-kubelet --node-ip=${node.ip}`);
  const shim = (pid) => add(pid, 'S', rng.int(10, 13), rng.float(5, 90), 1.25 * G, rng.int(11, 19) * M, 'system_u:system_r:pod_containerd_t:s0', '/bin/containerd-shim-runc-v2', '/bin/containerd-shim-runc-v2 -namespace k8s.io -id ' + rng.hex(64) + ' -address /run/containerd/containerd.sock');
  if (nodeName === 'talos02') {
    for (const pid of [3011, 3046, 3310, 5120, 5187, 6201, 6544, 7121, 74018, 74529, 76321, 93570]) shim(pid);
    add(3102, 'S', 9, 0.91, 1.05 * G, 1.1 * M, 'system_u:system_r:pod_t:s0', '/pause', '/pause');
    add(7356, 'S', 44, grow(43884.06), 2.31 * G, 412 * M, 'system_u:system_r:pod_t:s0', '/usr/bin/cilium-agent', 'cilium-agent --config-dir=/tmp/cilium/config-map');
    add(7402, 'S', 31, grow(3121.77), 2.62 * G, 96 * M, 'system_u:system_r:pod_t:s0', '/usr/bin/cilium-envoy', '/usr/bin/cilium-envoy --base-id 0 --log-level info');
    add(41210, 'S', 29, grow(37402.9), 3.9 * G, 1.84 * G, 'system_u:system_r:pod_t:s0', '/usr/local/bin/kube-apiserver', `/usr/local/bin/kube-apiserver --admission-control-config-file=/system/config/kubernetes/kube-apiserver/admission-control-config.yaml --advertise-address=${node.ip} --allow-privileged=true --api-audiences=https://10.20.0.10:6443 --authorization-mode=Node,RBAC --bind-address=0.0.0.0 --client-ca-file=/system/secrets/kubernetes/kube-apiserver/ca.crt --enable-admission-plugins=NodeRestriction --etcd-servers=https://localhost:2379 --secure-port=6443 --service-cluster-ip-range=10.96.0.0/12`);
    add(52077, 'S', 14, grow(1876.5), 1.39 * G, 118 * M, 'system_u:system_r:pod_t:s0', '/usr/local/bin/kube-controller-manager', '/usr/local/bin/kube-controller-manager --allocate-node-cidrs=false --bind-address=127.0.0.1 --cloud-provider= --cluster-cidr=10.244.0.0/16 --leader-elect=true --kubeconfig=/system/secrets/kubernetes/kube-controller-manager/kubeconfig');
    add(6658, 'S', 12, grow(9174.33), 1.71 * G, 88 * M, 'system_u:system_r:pod_t:s0', '/usr/bin/ceph-exporter', 'ceph-exporter --sock-dir /run/ceph --port 9926 --prio-limit 5 --stats-period 5');
    add(6702, 'S', 24, grow(7804.2), 1.98 * G, 1.06 * G, 'system_u:system_r:pod_t:s0', '/usr/bin/ceph-mon', 'ceph-mon --fsid=4c8e6b2a-9d1f-4e7b-8a3c-5f2d1e9b7a60 --keyring=/etc/ceph/keyring-store/keyring --default-log-to-stderr=true --default-err-to-stderr=true --default-mon-cluster-log-to-stderr=true --default-log-stderr-prefix=debug --default-log-to-file=false --default-mon-cluster-log-to-file=false --mon-host=$(ROOK_CEPH_MON_HOST) --mon-initial-members=$(ROOK_CEPH_MON_INITIAL_MEMBERS) --id=c --setuser=ceph --setgroup=ceph --foreground --public-addr=10.104.7.211 --setuser-match-path=/var/lib/ceph/mon/ceph-c/store.db --public-bind-addr=$(ROOK_POD_IP)');
    add(93688, 'D', 67, grow(875.12), 5.62 * G, 3.41 * G, 'system_u:system_r:pod_t:s0', '/usr/bin/ceph-osd', 'ceph-osd --foreground --id 2 --fsid 4c8e6b2a-9d1f-4e7b-8a3c-5f2d1e9b7a60 --setuser ceph --setgroup ceph --crush-location=root=default host=talos02 --default-log-to-stderr=true --default-err-to-stderr=true --default-mon-cluster-log-to-stderr=true --default-log-stderr-prefix=debug --default-log-to-file=false --default-mon-cluster-log-to-file=false --ms-learn-addr-from-peer=false');
    add(93651, 'S', 1, 0.02, 4.3 * M, 1.6 * M, 'system_u:system_r:pod_t:s0', '/usr/bin/tini', 'tini -- ceph-osd --foreground --id 2');
    add(76478, 'S', 22, grow(1439.08), 7.41 * G, 2.02 * G, 'system_u:system_r:pod_t:s0', '/bin/prometheus', '/bin/prometheus --config.file=/etc/prometheus/config_out/prometheus.env.yaml --web.enable-lifecycle --web.external-url=http://prometheus.home.arpa --web.route-prefix=/ --storage.tsdb.retention.time=14d --storage.tsdb.retention.size=45GB --storage.tsdb.path=/prometheus --storage.tsdb.wal-compression --web.config.file=/etc/prometheus/web_config/web-config.yaml');
    add(76502, 'S', 11, grow(41.7), 1.27 * G, 27 * M, 'system_u:system_r:pod_t:s0', '/bin/prometheus-config-reloader', '/bin/prometheus-config-reloader --listen-address=:8080 --reload-url=http://127.0.0.1:9090/-/reload --config-file=/etc/prometheus/config/prometheus.yaml.gz --config-envsubst-file=/etc/prometheus/config_out/prometheus.env.yaml --watched-dir=/etc/prometheus/rules/prometheus-kube-prometheus-stack-prometheus-rulefiles-0');
    add(74120, 'S', 19, grow(955.41), 2.12 * G, 214 * M, 'system_u:system_r:pod_t:s0', '/usr/bin/promtail', '/usr/bin/promtail -config.file=/etc/promtail/promtail.yaml');
    add(74561, 'S', 47, grow(9412.6), 8.73 * G, 1.12 * G, 'system_u:system_r:pod_t:s0', '/usr/bin/python3', 'python3 -u -m frigate');
    add(74623, 'S', 9, grow(666.18), 1.12 * G, 96 * M, 'system_u:system_r:pod_t:s0', '/usr/lib/ffmpeg/7.0/bin/ffmpeg', '/usr/lib/ffmpeg/7.0/bin/ffmpeg -hide_banner -loglevel warning -threads 2 -hwaccel_flags allow_profile_mismatch -hwaccel vaapi -hwaccel_device /dev/dri/renderD128 -hwaccel_output_format vaapi -avoid_negative_ts make_zero -fflags +genpts+discardcorrupt -rtsp_transport tcp -use_wallclock_as_timestamps 1 -timeout 5000000 -i rtsp://127.0.0.1:8554/driveway -f segment -segment_time 10 -segment_format mp4 -reset_timestamps 1 -strftime 1 -c copy -an /tmp/cache/driveway@%Y%m%d%H%M%S%z.mp4');
    add(74640, 'S', 9, grow(6120.4), 1.14 * G, 104 * M, 'system_u:system_r:pod_t:s0', '/usr/lib/ffmpeg/7.0/bin/ffmpeg', '/usr/lib/ffmpeg/7.0/bin/ffmpeg -hide_banner -loglevel warning -threads 2 -hwaccel vaapi -hwaccel_device /dev/dri/renderD128 -i rtsp://127.0.0.1:8554/garden -f segment -segment_time 10 -segment_format mp4 -reset_timestamps 1 -strftime 1 -c copy -an /tmp/cache/garden@%Y%m%d%H%M%S%z.mp4');
    add(74655, 'S', 9, grow(6398.9), 1.14 * G, 101 * M, 'system_u:system_r:pod_t:s0', '/usr/lib/ffmpeg/7.0/bin/ffmpeg', '/usr/lib/ffmpeg/7.0/bin/ffmpeg -hide_banner -loglevel warning -threads 2 -hwaccel vaapi -hwaccel_device /dev/dri/renderD128 -i rtsp://127.0.0.1:8554/frontdoor -f segment -segment_time 10 -segment_format mp4 -reset_timestamps 1 -strftime 1 -c copy -an /tmp/cache/frontdoor@%Y%m%d%H%M%S%z.mp4');
    add(74671, 'S', 13, grow(7012.3), 1.31 * G, 188 * M, 'system_u:system_r:pod_t:s0', '/usr/lib/ffmpeg/7.0/bin/ffmpeg', '/usr/lib/ffmpeg/7.0/bin/ffmpeg -hide_banner -loglevel warning -threads 2 -hwaccel vaapi -hwaccel_device /dev/dri/renderD128 -i rtsp://127.0.0.1:8554/driveway_sub -r 5 -vf fps=5,scale_vaapi=w=1280:h=720:format=nv12,hwdownload,format=nv12,format=yuv420p -f rawvideo -pix_fmt yuv420p pipe:');
    add(74566, 'S', 21, grow(1611.7), 1.94 * G, 77 * M, 'system_u:system_r:pod_t:s0', '/usr/local/go2rtc/bin/go2rtc', '/usr/local/go2rtc/bin/go2rtc');
    add(5301, 'S', 14, grow(612.9), 1.29 * G, 38 * M, 'system_u:system_r:pod_t:s0', '/usr/local/bin/cephcsi', '/usr/local/bin/cephcsi --nodeid=talos02 --endpoint=unix:///csi/csi.sock --v=0 --type=rbd --nodeserver=true --drivername=rook-ceph.rbd.csi.ceph.com --pidlimit=-1 --metricsport=9090 --csi-addons-endpoint=unix:///csi/csi-addons.sock --stagingpath=/var/lib/kubelet/plugins/kubernetes.io/csi/');
    add(5266, 'S', 10, grow(18.2), 1.24 * G, 19 * M, 'system_u:system_r:pod_t:s0', '/csi-node-driver-registrar', '/csi-node-driver-registrar --v=0 --csi-address=/csi/csi.sock --kubelet-registration-path=/var/lib/kubelet/plugins/rook-ceph.rbd.csi.ceph.com/csi.sock');
    add(6722, 'S', 9, grow(112.3), 1.21 * G, 42 * M, 'system_u:system_r:pod_t:s0', '/usr/bin/ceph-crash', '/usr/bin/python3.12 -s /usr/bin/ceph-crash');
    add(5408, 'S', 9, grow(1290.4), 1.26 * G, 33 * M, 'system_u:system_r:pod_t:s0', '/bin/node_exporter', '/bin/node_exporter --path.procfs=/host/proc --path.sysfs=/host/sys --path.rootfs=/host/root --path.udev.data=/host/root/run/udev/data --web.listen-address=[10.20.0.15]:9100');
    for (const [pid, name] of [[14, 'ksoftirqd/0'], [94211, 'kworker/u48:3+flush-259:0'], [94344, 'kworker/3:1H-kblockd'], [1544, 'jbd2/nvme0n1p6-8'], [7789, 'jbd2/rbd2-8'], [8811, 'rbd'], [8812, 'rbd0-tasks']]) add(pid, pid === 94211 ? 'D' : 'I', 1, rng.float(0, 900), 0, 0, 'system_u:system_r:kernel_t:s0', '', name);
  } else {
    for (const pid of [3021, 3107, 3340, 5230, 6110]) shim(pid);
    add(7102, 'S', 40, grow(nodeName === 'talos01' ? 98112.4 : 91233.7), 2.28 * G, 398 * M, 'system_u:system_r:pod_t:s0', '/usr/bin/cilium-agent', 'cilium-agent --config-dir=/tmp/cilium/config-map');
    add(3390, 'S', 31, grow(nodeName === 'talos01' ? 88012.2 : 61233.9), 3.7 * G, 1.61 * G, 'system_u:system_r:pod_t:s0', '/usr/local/bin/kube-apiserver', `/usr/local/bin/kube-apiserver --advertise-address=${node.ip} --etcd-servers=https://localhost:2379 --secure-port=6443`);
    add(6001, 'D', 61, grow(24102.7), 5.4 * G, 3.3 * G, 'system_u:system_r:pod_t:s0', '/usr/bin/ceph-osd', `ceph-osd --foreground --id ${nodeName === 'talos01' ? 0 : 1} --setuser ceph --setgroup ceph`);
    add(5911, 'S', 24, grow(11804.2), 1.98 * G, 980 * M, 'system_u:system_r:pod_t:s0', '/usr/bin/ceph-mon', `ceph-mon --id=${nodeName === 'talos01' ? 'a' : 'b'} --setuser=ceph --setgroup=ceph --foreground`);
  }
  return P.sort((a, b) => a.pid - b.pid);
}

function argsOf(p) {
  if (p.exe === '') return p.args;
  const first = p.args.split(/\s+/)[0];
  const base = p.exe.split('/').pop();
  if (p.args && first === base) return p.args.replace(first, p.exe);
  return p.args;
}

export function bundleProcesses(nodeName) {
  const P = processTable(nodeName, T.collect - 20 * SEC);
  const rows = [['PID', 'STATE', 'THREADS', 'CPU-TIME', 'VIRTMEM', 'RESMEM', 'COMMAND']];
  for (const p of P) rows.push([String(p.pid).padStart(6), p.state.padStart(1), String(p.threads).padStart(4), p.cpu.toFixed(2).padStart(8), humanizeBytes(Math.round(p.vmem)).padStart(7), humanizeBytes(Math.round(p.rss)).padStart(7), argsOf(p)]);
  return tabwrite(rows);
}

export function talosctlProcesses() {
  const P = processTable('talos02', T.processes).sort((a, b) => b.cpu - a.cpu);
  const lines = ['NODE | PID | STATE | THREADS | CPU-TIME | VIRTMEM | RESMEM | LABEL | COMMAND'];
  for (const p of P) {
    const args = argsOf(p).replace(/[^\x20-\x7e]/g, ' ');
    lines.push(`${'10.20.0.15'.padStart(12)} | ${String(p.pid).padStart(6)} | ${p.state.padStart(1)} | ${String(p.threads).padStart(4)} | ${p.cpu.toFixed(2).padStart(8)} | ${humanizeBytes(Math.round(p.vmem)).padStart(7)} | ${humanizeBytes(Math.round(p.rss)).padStart(7)} | ${p.label.padStart(64)} | ${args}`);
  }
  return columnize(lines) + '\n';
}

// ----------------------------------------------------------------------------- io, mounts, devices, summary
export function ioStats(nodeName) {
  const rng = new Rng(0x10 + nodeName.charCodeAt(6));
  const node = byName[nodeName];
  const upMs = Math.round((T.collect - node.boot) / 1000);
  const rows = [['NAME', 'IO_TIME', 'IO_TIME_WEIGHTED', 'DISK_WRITE_SECTORS', 'DISK_READ_SECTORS']];
  const busy = nodeName === 'talos02' ? 0.913 : nodeName === 'talos01' ? 0.262 : 0.148;
  const disk = { io: Math.round(upMs * busy), w: Math.round(upMs * (nodeName === 'talos02' ? 16.4 : 5.1)), r: Math.round(upMs * (nodeName === 'talos02' ? 7.2 : 2.3)) };
  disk.iow = Math.round(disk.io * (nodeName === 'talos02' ? 17.8 : 2.4));
  for (let i = 0; i < 8; i++) rows.push([`loop${i}`, String(i === 0 ? rng.int(300, 900) : i < 3 ? rng.int(1, 40) : 0), String(i === 0 ? rng.int(400, 1500) : i < 3 ? rng.int(1, 60) : 0), '0', String(i === 0 ? rng.int(180000, 240000) : i < 3 ? rng.int(500, 3000) : 0)]);
  rows.push(['nvme0n1', String(disk.io), String(disk.iow), String(disk.w), String(disk.r)]);
  const parts = [
    ['nvme0n1p1', 0.0001, 0.00001, 0.0004],
    ['nvme0n1p2', 0, 0, 0.00001],
    ['nvme0n1p3', 0.00004, 0.000001, 0.0008],
    ['nvme0n1p4', 0.00001, 0.0000002, 0.00002],
    ['nvme0n1p5', 0.0002, 0.00003, 0.00002],
    ['nvme0n1p6', nodeName === 'talos02' ? 0.41 : 0.71, nodeName === 'talos02' ? 0.31 : 0.62, nodeName === 'talos02' ? 0.22 : 0.55],
    ['nvme0n1p7', nodeName === 'talos02' ? 0.66 : 0.4, nodeName === 'talos02' ? 0.69 : 0.38, nodeName === 'talos02' ? 0.78 : 0.45],
  ];
  for (const [n, io, w, r] of parts) rows.push([n, String(Math.round(disk.io * io)), String(Math.round(disk.iow * io * 1.1)), String(Math.round(disk.w * w)), String(Math.round(disk.r * r))]);
  const nRbd = nodeName === 'talos02' ? 11 : 6;
  for (let i = 0; i < nRbd; i++) {
    const io = rng.int(1000, 900000);
    rows.push([`rbd${i}`, String(io), String(io * rng.int(2, 40)), String(rng.int(1000, 90000000)), String(rng.int(1000, 60000000))]);
  }
  return tabwrite(rows);
}

export function mounts(nodeName) {
  const rng = new Rng(0x3a + nodeName.charCodeAt(6));
  const rows = [['FILESYSTEM', 'SIZE(GB)', 'USED(GB)', 'AVAILABLE(GB)', 'PERCENT USED', 'MOUNTED ON']];
  const r = (fs, size, used, on) => rows.push([fs, size.toFixed(2), used.toFixed(2), (size - used).toFixed(2), `${(100 - (100 * (size - used)) / size).toFixed(2)}%`, on]);
  r('devtmpfs', 33.43, 0, '/dev');
  r('tmpfs', 33.46, 0.0, '/dev/shm');
  r('tmpfs', 33.46, 0.02, '/run');
  r('tmpfs', 33.46, 0.0, '/system');
  r('tmpfs', 0.07, 0.0, '/tmp');
  r('/dev/loop0', 0.08, 0.08, '/');
  r('/dev/nvme0n1p5', 0.1, 0.01, '/system/state');
  const varSize = 512.05;
  const varUsed = nodeName === 'talos02' ? 118.41 : nodeName === 'talos01' ? 96.22 : 88.73;
  r('/dev/nvme0n1p6', varSize, varUsed, '/var');
  for (const on of ['/etc/cni', '/etc/kubernetes', '/usr/libexec/kubernetes', '/opt']) r('overlay', varSize, varUsed, on);
  for (const on of ['/var/lib/kubelet/pods', '/run/containerd/io.containerd.runtime.v2.task/k8s.io']) r('tmpfs', 33.46, rng.float(0.0, 0.02), on);
  return tabwrite(rows);
}

export function devices() {
  const rows = [
    ['0000', '80864641', '0', '00000000', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', ''],
    ['0010', '808646a6', '197', '6000000004', '0', '4000000000c', '0', '0000f001', '0', '0', '0', '1000000', '0', '10000000', '0', '40', '0', '0', 'i915'],
    ['00a0', '808651ed', '137', '6001100004', '0', '0', '0', '0', '0', '0', '0', '10000', '0', '0', '0', '0', '0', '0', 'xhci_hcd'],
    ['00b8', '808651e8', '0', '6001124004', '0', '0', '0', '0', '0', '0', '0', '1000', '0', '0', '0', '0', '0', '0', 'intel-lpss'],
    ['00f8', '808651a3', '0', '6001127004', '0', '0', '0', '0', '0', '0', '0', '1000', '0', '0', '0', '0', '0', '0', ''],
    ['0100', '144d5a18', '16', '6001000004', '0', '0', '0', '0', '0', '0', '0', '4000', '0', '0', '0', '0', '0', '0', 'nvme'],
    ['5700', '8086125c', '17', '60000000', '0', '0', '60100000', '0', '0', '0', '0', '100000', '0', '0', '4000', '0', '0', '0', 'igc'],
  ];
  return rows.map((r) => r.join('\t')).join('\n') + '\n';
}

export function summary() {
  const block = (os) => `\tTag:         ${VERSIONS.talos}\n\tSHA:         ${VERSIONS.talosSha}\n\tBuilt:       \n\tGo version:  ${VERSIONS.go}\n\tOS/Arch:     ${os}\n`;
  return `Client:\n${block('darwin/arm64')}Server:\n${block('linux/amd64')}`;
}
