// Shared event timeline for talos02, so that kubelet, containerd, scheduler logs and events agree.
import { Rng, parseIso, SEC, MIN, MS } from './lib.mjs';
import { T, SCHED } from './scenario.mjs';
import { STUCK, OSD2, MONC, PG_BACKUP, VOLSYNC, STATIC, cid } from './pods.mjs';

export function buildTimeline() {
  const rng = new Rng(0x71e11e);
  const tl = {};

  // ---- kube-scheduler-talos02 crash loop: instances (start, end) going backwards from the last exited one
  const cycles = [];
  let s = parseIso('2026-02-22T10:32:18.402311Z');
  let e = parseIso('2026-02-22T10:33:29.087402Z');
  let attempt = SCHED.restarts - 1; // attempt number of the exited instance (0-based: restarts before it)
  while (e > T.busyStart - 10 * MIN) {
    cycles.unshift({ start: s, end: e, attempt, id: cid(), synced: rng.chance(0.35) });
    const run = rng.int(62, 128) * SEC + rng.int(0, 999999);
    const gap = rng.int(300, 395) * SEC + rng.int(0, 999999);
    e = s - gap;
    s = e - run;
    attempt -= 1;
  }
  cycles[cycles.length - 1].synced = false; // the exited instance: handlers never synced (see README)
  // the last exited instance is the container the pod status points at
  cycles[cycles.length - 1].id = STATIC['sched-talos02'].containers[0].id;
  // the instance started after the operator's `kubectl get pods` (running at bundle time)
  const cur = { start: parseIso('2026-02-22T10:39:58.611904Z'), end: null, attempt: SCHED.restarts, id: cid(), synced: false };
  tl.schedCycles = cycles;
  tl.schedCurrent = cur;
  tl.schedSandbox = rng.hex(64);

  // ---- exec probe failures (ceph-osd.2 status, ceph-mon.c mon_status), period 10s, timeout 5s
  const osdRestart = parseIso('2026-02-22T09:51:37.204113Z');
  tl.osdRestart = osdRestart;
  tl.osdNewStart = parseIso('2026-02-22T09:51:40.733021Z');
  const probes = [];
  for (const [which, pod, pFail, phase] of [
    ['osd2', OSD2, 0.27, 3.1],
    ['monc', MONC, 0.21, 7.4],
  ]) {
    let consecutive = 0;
    for (let t0 = T.busyStart + phase * SEC; t0 < T.collect - 6 * SEC; t0 += 10 * SEC + rng.int(-40, 40) * MS) {
      if (which === 'osd2' && t0 > osdRestart - 1 * SEC && t0 < tl.osdNewStart + 10 * SEC) continue;
      const load = t0 >= T.stuckFrom ? 1.25 : 1;
      let fail = rng.chance(pFail * load);
      // forced: three consecutive liveness failures on the old osd container before 09:51:37
      if (which === 'osd2' && t0 > osdRestart - 31 * SEC && t0 < osdRestart) fail = true;
      else if (fail && consecutive >= 2) fail = false;
      consecutive = fail ? consecutive + 1 : 0;
      if (!fail) continue;
      const container = pod.containers[0];
      const containerId = which === 'osd2' && t0 < osdRestart ? container.prevId : container.id;
      probes.push({ which, pod, t: t0 + 5 * SEC + rng.int(1, 60) * MS, containerId });
    }
  }
  tl.execFailures = probes.sort((a, b) => a.t - b.t);

  // ---- token fetch attempts for the stuck pods (each attempt times out after ~60s at the apiserver)
  const backoff = [0.5, 1, 2, 4, 8, 16, 32, 64, 122];
  tl.tokenFailures = [];
  tl.podSyncErrors = [];
  for (const p of STUCK) {
    const added = p.created + rng.int(300, 900) * MS; // scheduled -> kubelet SyncLoop ADD
    p.kubeletAdded = added;
    let t0 = added + rng.int(50, 200) * MS;
    let k = 0;
    while (true) {
      const tFail = t0 + rng.float(59.95, 60.4) * SEC;
      if (tFail > T.collect - 2 * SEC) break;
      const d = backoff[Math.min(k, backoff.length - 1)];
      tl.tokenFailures.push({ pod: p, t: tFail, retryAfter: d, k });
      t0 = tFail + d * SEC + rng.int(5, 900) * MS;
      k++;
    }
    // pod worker: waits 2m3s for volumes, then logs and retries
    for (let ts = added + 123 * SEC + rng.int(0, 500) * MS; ts < T.collect - 2 * SEC; ts += 123 * SEC + rng.int(0, 3000) * MS) {
      tl.podSyncErrors.push({ pod: p, t: ts });
    }
  }
  tl.tokenFailures.sort((a, b) => a.t - b.t);

  // ---- the 09:30 pg-dump job: one failed token fetch, then started
  tl.pgDump = { added: parseIso('2026-02-22T09:30:00.612331Z'), fail: parseIso('2026-02-22T09:31:00.901245Z'), mounted: parseIso('2026-02-22T09:31:02.118874Z'), sandbox: rng.hex(64), started: parseIso('2026-02-22T09:31:19.402775Z'), finished: parseIso('2026-02-22T09:33:02.550123Z') };

  // ---- fsGroup recursive ownership change on the volsync data volume
  const data = VOLSYNC.pvcs.find((v) => v.volName === 'data');
  const chownStart = parseIso('2026-02-22T10:00:52.381907Z');
  tl.chown = { pod: VOLSYNC, pvc: data, start: chownStart, first: chownStart + 30 * SEC, progress: [] };
  const total = 565718;
  const nProgress = 38; // 10:02:22 .. 10:39:22
  let acc = 0;
  const weights = Array.from({ length: nProgress }, () => rng.float(0.7, 1.3));
  const wsum = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < nProgress; i++) {
    acc += (weights[i] / wsum) * total;
    const n = i === nProgress - 1 ? total : Math.round(acc);
    tl.chown.progress.push({ t: chownStart + 30 * SEC + (i + 1) * 60 * SEC + rng.int(0, 4000), files: n });
  }

  // ---- kubelet health check failures seen by Talos (machined, 500ms timeout every 5s)
  tl.kubeletHealth = [];
  const healthTimes = ['08:31:46', '08:52:11', '09:14:36', '09:33:02', '09:47:55', '10:02:41', '10:09:18', '10:21:07', '10:28:44', '10:37:26'];
  for (const hms of healthTimes) {
    const tf = parseIso(`2026-02-22T${hms}Z`) + rng.int(0, 999999);
    const ts = tf + rng.int(1, 4) * 5 * SEC + rng.int(0, 99999);
    tl.kubeletHealth.push({ fail: tf, ok: ts });
  }
  return tl;
}
