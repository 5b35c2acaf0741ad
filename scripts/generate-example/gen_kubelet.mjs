// kubelet v1.35 component-base JSON logs (Talos runs kubelet with logging format json, verbosity 0).
import { Rng, LogBuf, epochMillis, goTimeString, isoSec, SEC, MIN, MS, goDuration } from './lib.mjs';
import { T, byName } from './scenario.mjs';
import { STATIC, NODE_EXPORTER, PG_BACKUP, PROBE_CMD, STUCK, podsOn } from './pods.mjs';

// caller strings (zap ShortCallerEncoder: last directory + file:line)
const C = {
  execSync: 'internal/log.go:32', // k8s.io/cri-client/pkg/internal/log.go (v0.35.0), logger.Error
  npo: 'nestedpendingoperations/nestedpendingoperations.go:348',
  podWorkers: 'kubelet/pod_workers.go:1301',
  ownStart: 'volume/volume_linux.go:96',
  ownProgress: 'volume/volume_linux.go:147',
  removeContainer: 'topologymanager/scope.go:117',
  startup: 'util/pod_startup_latency_tracker.go:104',
  eventRejected: 'record/event.go:359',
  verify: 'reconciler/reconciler_common.go:251',
  mountDevice: 'operationexecutor/operation_generator.go:557',
  lease: 'lease/controller.go:145',
  housekeeping: 'kubelet/kubelet.go:2680',
  secret: 'secret/secret.go:189',
  admit: 'topologymanager/topology_manager.go:215',
  noSandbox: 'util/util.go:30',
};

function jline(t, caller, msg, rest) {
  // {"ts":<float>,"caller":...,"msg":...,<rest>}
  const head = `{"ts":${epochMillis(t)},"caller":${JSON.stringify(caller)},"msg":${JSON.stringify(msg)}`;
  const body = JSON.stringify(rest);
  return body === '{}' ? head + '}' : head + ',' + body.slice(1);
}
function info(t, caller, msg, fields = {}) {
  return jline(t, caller, msg, { v: 0, ...fields });
}
function error(t, caller, msg, err, fields = {}) {
  return jline(t, caller, msg, err === null ? fields : { err, ...fields });
}
const podRef = (p) => ({ name: p.name, namespace: p.ns });

function eventName(p, t) {
  return `${p.name}.${Math.round(t * 1000).toString(16)}`;
}

function kubeletEvent(p, node, t, reason, message, type = 'Warning') {
  return {
    metadata: { name: eventName(p, t), namespace: p.ns, creationTimestamp: null },
    involvedObject: { kind: 'Pod', namespace: p.ns, name: p.name, uid: p.uid, apiVersion: 'v1', resourceVersion: String(p.rv || 152030000 + (p.name.length * 7919) % 90000) },
    reason,
    message,
    source: { component: 'kubelet', host: node },
    firstTimestamp: isoSec(t),
    lastTimestamp: isoSec(t),
    count: 1,
    type,
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: node,
  };
}

function uniqueProjected(p) {
  return `kubernetes.io/projected/${p.uid}-${p.tokenName}`;
}
function uniqueCsi(pvc) {
  return `kubernetes.io/csi/rook-ceph.rbd.csi.ceph.com^${pvc.handle}`;
}

function monotonic(node, t) {
  // m=+<seconds since kubelet start>
  const start = node.boot + 31 * SEC + 412345;
  return ((t - start) / SEC).toFixed(6) + String((Math.imul(Math.round(t) | 0, 2246822519) >>> 0) % 1000).padStart(3, '0');
}

export function genKubelet(nodeName, tl) {
  const node = byName[nodeName];
  const rng = new Rng(0x1ab3 + nodeName.charCodeAt(6));
  const buf = new LogBuf(`${node.ip}/service-logs/kubelet.log`);
  const end = T.collect - 1 * SEC;

  // ------------------------------------------------------------ talos02 specifics
  if (nodeName === 'talos02') {
    // exec probe timeouts (ceph admin sockets)
    for (const f of tl.execFailures) {
      buf.add(f.t, error(f.t, C.execSync, 'ExecSync cmd from runtime service failed', 'rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 5s exceeded: context deadline exceeded', { containerID: f.containerId, cmd: PROBE_CMD[f.which] }), f.which === 'osd2' ? 'kubelet-execsync-osd2' : 'kubelet-execsync-monc');
    }
    // kube-scheduler crash loop
    const sched = STATIC['sched-talos02'];
    const all = [...tl.schedCycles, tl.schedCurrent];
    for (let i = 0; i < all.length; i++) {
      const c = all[i];
      if (i >= 2) buf.add(c.start + rng.int(200, 900) * MS, info(c.start + 500 * MS, C.removeContainer, 'RemoveContainer', { containerID: all[i - 2].id }));
      if (!c.end) continue;
      const next = all[i + 1] ? all[i + 1].start : end;
      const backoffMsg = `back-off 5m0s restarting failed container=kube-scheduler pod=kube-scheduler-talos02_kube-system(${sched.uid})`;
      for (let ts = c.end + rng.int(900, 2500) * MS; ts < next - 2 * SEC && ts < end; ts += rng.int(38, 75) * SEC + rng.int(0, 999999)) {
        buf.add(ts, error(ts, C.podWorkers, 'Error syncing pod, skipping', `failed to "StartContainer" for "kube-scheduler" with CrashLoopBackOff: "${backoffMsg}"`, { pod: podRef(sched), podUID: sched.uid }), 'kubelet-sched-crashloop');
      }
    }
    // osd-2 restarted after three failed liveness probes at 09:51
    // (the kill itself is logged at -v=2 only; the new container shows up through the probes and containerd)
    // stuck pods: volume reconciler, CSI staging, token failures, pod worker timeouts
    for (const p of STUCK) {
      const t0 = p.kubeletAdded;
      buf.add(t0 + 3 * MS, info(t0 + 3 * MS, C.admit, 'Topology Admit Handler', { podUID: p.uid, podNamespace: p.ns, podName: p.name }), 'kubelet-pod-admitted');
      const vols = [];
      for (const pvc of p.pvcs || []) vols.push({ name: pvc.pv, unique: uniqueCsi(pvc), pvc });
      for (const v of p.extraVolumes || []) vols.push({ name: v.name, unique: v.secret ? `kubernetes.io/secret/${p.uid}-${v.name}` : `kubernetes.io/empty-dir/${p.uid}-${v.name}` });
      vols.push({ name: p.tokenName, unique: uniqueProjected(p) });
      vols.forEach((v, i) => {
        const tv = t0 + (40 + i * 3) * MS + rng.int(0, 900);
        buf.add(tv, info(tv, C.verify, `operationExecutor.VerifyControllerAttachedVolume started for volume "${v.name}" (UniqueName: "${v.unique}") pod "${p.name}" (UID: "${p.uid}") `, { pod: podRef(p) }), 'kubelet-verify-attached');
      });
      for (const v of vols.filter((x) => x.pvc)) {
        const tm = t0 + rng.int(9, 44) * SEC + rng.int(0, 999999);
        const dmp = `/var/lib/kubelet/plugins/kubernetes.io/csi/rook-ceph.rbd.csi.ceph.com/${v.pvc.globalHash}/globalmount`;
        buf.add(tm, info(tm, C.mountDevice, `MountVolume.MountDevice succeeded for volume "${v.name}" (UniqueName: "${v.unique}") pod "${p.name}" (UID: "${p.uid}") device mount path "${dmp}"`, { pod: podRef(p) }), 'kubelet-mountdevice-ok');
      }
      if (p.extraVolumes && p.extraVolumes.some((v) => v.secret)) {
        const ts = t0 + 2 * MIN + 1 * SEC + rng.int(0, 999999);
        buf.add(ts, error(ts, C.secret, `Couldn't get secret ${p.ns}/volsync-photoprism: failed to sync secret cache: timed out waiting for the condition`, null));
      }
    }
    for (const f of tl.tokenFailures) {
      const p = f.pod;
      const retryAt = f.t + f.retryAfter * SEC;
      const retryStr = f.retryAfter >= 60 ? goDuration(f.retryAfter * 1e9) : goDuration(f.retryAfter * 1e9);
      const errText = `MountVolume.SetUp failed for volume "${p.tokenName}" (UniqueName: "${uniqueProjected(p)}") pod "${p.name}" (UID: "${p.uid}") : failed to fetch token: Timeout: request did not complete within requested timeout - context deadline exceeded`;
      const msg = `Operation for "{volumeName:${uniqueProjected(p)} podName:${p.uid} nodeName:}" failed. No retries permitted until ${goTimeString(retryAt, rng.digits(3))} m=+${monotonic(node, retryAt)} (durationBeforeRetry ${retryStr}). Error: ${errText}`;
      buf.add(f.t, error(f.t, C.npo, msg, null), ['kubelet-sa-token-timeout', `kubelet-sa-token-timeout:${p.name}`]);
      // the FailedMount event cannot be written either
      if (rng.chance(0.8)) {
        const te = f.t + rng.float(60.0, 60.5) * SEC;
        if (te < end) {
          const ev = kubeletEvent(p, nodeName, f.t, 'FailedMount', `MountVolume.SetUp failed for volume "${p.tokenName}" : failed to fetch token: Timeout: request did not complete within requested timeout - context deadline exceeded`);
          buf.add(te, error(te, C.eventRejected, 'Server rejected event (will not retry!)', 'Timeout: request did not complete within requested timeout - context deadline exceeded', { event: ev }), 'kubelet-event-rejected');
        }
      }
    }
    for (const s of tl.podSyncErrors) {
      const p = s.pod;
      const unmounted = [...(p.pvcs || []).filter((v) => v.big).map((v) => v.volName), p.tokenName].sort();
      buf.add(s.t, error(s.t, C.podWorkers, 'Error syncing pod, skipping', `unmounted volumes=[${unmounted.join(' ')}], unattached volumes=[], failed to process volumes=[]: context deadline exceeded`, { pod: podRef(p), podUID: p.uid }), 'kubelet-pod-sync-timeout');
    }
    // fsGroup recursive chown of the volsync data volume
    const ch = tl.chown;
    const full = `/var/lib/kubelet/pods/${ch.pod.uid}/volumes/kubernetes.io~csi/${ch.pvc.pv}/mount`;
    const rel = `${ch.pod.uid}/volumes/kubernetes.io~csi/${ch.pvc.pv}/mount`;
    buf.add(ch.first, info(ch.first, C.ownStart, `Setting volume ownership for ${full} and fsGroup set. If the volume has a lot of files then setting volume ownership could be slow, see https://github.com/kubernetes/kubernetes/issues/69699`), 'kubelet-chown-start');
    for (const pr of ch.progress) {
      buf.add(pr.t, info(pr.t, C.ownProgress, `Setting volume ownership for ${rel}, processed ${pr.files} files.`), pr.files === 565718 ? ['kubelet-chown-progress', 'kubelet-chown-565718'] : 'kubelet-chown-progress');
    }
    // the 09:30 pg-dump job: first token request timed out, second one worked
    const pg = tl.pgDump;
    const p = PG_BACKUP;
    buf.add(pg.added + 3 * MS, info(pg.added + 3 * MS, C.admit, 'Topology Admit Handler', { podUID: p.uid, podNamespace: p.ns, podName: p.name }));
    buf.add(pg.mounted + 410 * MS, info(pg.mounted + 410 * MS, C.noSandbox, 'No sandbox for pod can be found. Need to start a new one', { pod: podRef(p) }));
    buf.add(pg.added + 40 * MS, info(pg.added + 40 * MS, C.verify, `operationExecutor.VerifyControllerAttachedVolume started for volume "${p.tokenName}" (UniqueName: "${uniqueProjected(p)}") pod "${p.name}" (UID: "${p.uid}") `, { pod: podRef(p) }));
    {
      const retryAt = pg.fail + 500 * MS;
      const msg = `Operation for "{volumeName:${uniqueProjected(p)} podName:${p.uid} nodeName:}" failed. No retries permitted until ${goTimeString(retryAt, '417')} m=+${monotonic(node, retryAt)} (durationBeforeRetry 500ms). Error: MountVolume.SetUp failed for volume "${p.tokenName}" (UniqueName: "${uniqueProjected(p)}") pod "${p.name}" (UID: "${p.uid}") : failed to fetch token: Timeout: request did not complete within requested timeout - context deadline exceeded`;
      buf.add(pg.fail, error(pg.fail, C.npo, msg, null), ['kubelet-sa-token-timeout', 'kubelet-sa-token-timeout-pgdump']);
    }
    const tObs = pg.started + 310 * MS;
    buf.add(tObs, info(tObs, C.startup, 'Observed pod startup duration', { pod: podRef(p), podStartSLOduration: 79.218431, podStartE2EDuration: '1m19.712883411s', podCreationTimestamp: goTimeString(p.created), firstStartedPulling: `${goTimeString(pg.mounted + 3 * SEC, '221')} m=+${monotonic(node, pg.mounted + 3 * SEC)}`, lastFinishedPulling: `${goTimeString(pg.started - 1 * SEC, '904')} m=+${monotonic(node, pg.started - SEC)}`, observedRunningTime: `${goTimeString(pg.started + 200 * MS, '118')} m=+${monotonic(node, pg.started + 200 * MS)}`, watchObservedRunningTime: `${goTimeString(tObs, '337')} m=+${monotonic(node, tObs)}` }), 'kubelet-pgdump-started');
    // node lease / housekeeping hiccups
    for (const hms of ['08:44:31', '09:12:05', '09:49:58', '10:05:41', '10:19:12', '10:31:37']) {
      const tt = Date.parse(`2026-02-22T${hms}Z`) * 1000 + rng.int(0, 999999);
      buf.add(tt, error(tt, C.lease, 'Failed to update lease', `Put "https://127.0.0.1:7445/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/talos02?timeout=10s": context deadline exceeded`), 'kubelet-lease-timeout');
    }
    for (const hms of ['08:58:20', '09:26:47', '09:51:33', '10:12:50', '10:27:03', '10:36:15']) {
      const tt = Date.parse(`2026-02-22T${hms}Z`) * 1000 + rng.int(0, 999999);
      buf.add(tt, error(tt, C.housekeeping, 'Housekeeping took longer than expected', null, { expected: '1s', actual: goDuration(rng.float(1.4, 3.9) * 1e9).replace(/(\.\d{3})\d+s$/, '$1s') }));
    }
  }

  // ------------------------------------------------------------ talos03: node-exporter crash loop (pre-existing)
  if (nodeName === 'talos03') {
    const ne = NODE_EXPORTER.talos03;
    const backoffMsg = `back-off 5m0s restarting failed container=node-exporter pod=${ne.name}_monitoring(${ne.uid})`;
    let ts = T.busyStart + 17 * SEC;
    let n = 0;
    while (ts < end) {
      // a restart every ~5m10s, exit after ~1s
      const start = ts;
      buf.add(start + 300 * MS, info(start + 300 * MS, C.removeContainer, 'RemoveContainer', { containerID: rng.hex(64) }));
      for (let t2 = start + 2 * SEC; t2 < start + 305 * SEC && t2 < end; t2 += rng.int(35, 80) * SEC) {
        buf.add(t2, error(t2, C.podWorkers, 'Error syncing pod, skipping', `failed to "StartContainer" for "node-exporter" with CrashLoopBackOff: "${backoffMsg}"`, { pod: podRef(ne), podUID: ne.uid }), 'kubelet-nodeexporter-crashloop');
      }
      ts = start + rng.int(305, 318) * SEC;
      n++;
    }
  }

  // ------------------------------------------------------------ ordinary chatter on every node
  // CronJob pods that ran and completed (talos01/talos03)
  if (nodeName !== 'talos02') {
    const jobs = nodeName === 'talos01' ? ['09:00:00', '10:00:00'] : ['08:45:00', '09:15:00', '09:45:00', '10:15:00'];
    for (const hms of jobs) {
      const t0 = Date.parse(`2026-02-22T${hms}Z`) * 1000 + rng.int(300, 900) * MS;
      const uid = rng.uuid();
      const name = nodeName === 'talos01' ? `descheduler-${29529660 + (hms === '10:00:00' ? 60 : 0)}-${rng.k8sSuffix(5)}` : `pg-wal-check-${29529645 + jobs.indexOf(hms) * 30}-${rng.k8sSuffix(5)}`;
      const ns = nodeName === 'talos01' ? 'kube-system' : 'database';
      const tokenName = `kube-api-access-${rng.k8sSuffix(5)}`;
      const pod = { name, ns, uid, tokenName };
      const tv = t0 + 41 * MS;
      buf.add(tv, info(tv, C.verify, `operationExecutor.VerifyControllerAttachedVolume started for volume "${tokenName}" (UniqueName: "kubernetes.io/projected/${uid}-${tokenName}") pod "${name}" (UID: "${uid}") `, { pod: podRef(pod) }));
      const ts = t0 + rng.float(2.1, 3.8) * SEC;
      const created = Date.parse(`2026-02-22T${hms}Z`) * 1000;
      buf.add(ts, info(ts, C.startup, 'Observed pod startup duration', { pod: podRef(pod), podStartSLOduration: +((ts - created) / SEC - 0.3).toFixed(6), podStartE2EDuration: goDuration((ts - created) * 1000), podCreationTimestamp: goTimeString(created), firstStartedPulling: '0001-01-01 00:00:00 +0000 UTC', lastFinishedPulling: '0001-01-01 00:00:00 +0000 UTC', observedRunningTime: `${goTimeString(ts - 150 * MS, rng.digits(3))} m=+${monotonic(node, ts - 150 * MS)}`, watchObservedRunningTime: `${goTimeString(ts, rng.digits(3))} m=+${monotonic(node, ts)}` }));
      const tr = t0 + rng.int(20, 70) * SEC;
      buf.add(tr, info(tr, C.removeContainer, 'RemoveContainer', { containerID: rng.hex(64) }));
    }
  }

  // partial first line: the Talos service log is a ring buffer of ~1 MiB
  const sorted = buf.sorted();
  const first = sorted[0];
  const cut = first.text.slice(Math.floor(first.text.length * 0.63));
  return { buf, prefixLine: nodeName === 'talos03' ? null : cut.replace(/^[^,]*,/, '') };
}
