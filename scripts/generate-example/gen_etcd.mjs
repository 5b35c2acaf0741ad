// etcd 3.6.7 zap JSON logs (service-logs/etcd.log) for the three members.
import { Rng, LogBuf, isoMicro, goDuration, humanizeBytes, SEC, MIN, MS } from './lib.mjs';
import { NODES, T, ETCD } from './scenario.mjs';

// callers (etcd v3.6.7, zap ShortCallerEncoder = line of the logger call)
const C = {
  apply: 'txn/util.go:93',
  readIndex: 'etcdserver/v3_server.go:911',
  compaction: 'mvcc/kvstore_compaction.go:70',
  treeIndex: 'mvcc/index.go:194',
  hash: 'mvcc/hash.go:157',
  fdatasync: 'wal/wal.go:845',
  trace: 'traceutil/trace.go:172',
  snapTrigger: 'etcdserver/server.go:2201',
  snapSaved: 'etcdserver/server.go:2246',
  purge: 'fileutil/purge.go:88',
};

function line(obj) {
  // zap JSON: keys in insertion order
  return JSON.stringify(obj);
}

function rev(t) {
  return Math.floor(ETCD.rev0 + ((t - T.winStart) / SEC) * ETCD.revRate);
}
function raftIdx(t) {
  return Math.floor(ETCD.raft0 + ((t - T.winStart) / SEC) * ETCD.raftRate);
}

const LEASE_KEYS = (node) => [
  `/registry/leases/kube-node-lease/${node}`,
  '/registry/leases/kube-system/kube-scheduler',
  '/registry/leases/kube-system/kube-controller-manager',
  '/registry/leases/kube-system/apiserver-' + 'x',
  '/registry/leases/rook-ceph/external-attacher-leader-rook-ceph-rbd-csi-ceph-com',
  '/registry/leases/rook-ceph/rook-ceph.rbd.csi.ceph.com',
  '/registry/leases/rook-ceph/external-resizer-rook-ceph-rbd-csi-ceph-com',
  '/registry/leases/flux-system/kustomize-controller-leader-election',
  '/registry/leases/flux-system/helm-controller-leader-election',
  '/registry/leases/cert-manager/cert-manager-controller',
  '/registry/leases/volsync-system/f9bce35d.backube',
  '/registry/leases/kube-system/cilium-operator-resource-lock',
];

const RANGE_READS = [
  ['/registry/leases/kube-node-lease/talos02', '', 1, 534],
  ['/registry/leases/kube-system/kube-scheduler', '', 1, 489],
  ['/registry/leases/kube-system/kube-controller-manager', '', 1, 512],
  ['/registry/serviceaccounts/media/volsync-src-photoprism', '', 1, 301],
  ['/registry/serviceaccounts/media/default', '', 1, 247],
  ['/registry/serviceaccounts/downloads/default', '', 1, 251],
  ['/registry/serviceaccounts/monitoring/grafana', '', 1, 412],
  ['/registry/pods/media/volsync-src-photoprism-gsvtg', '', 1, 4412],
  ['/registry/pods/media/jellyseerr-6c9d7b8f5d-k2x7q', '', 1, 3921],
  ['/registry/configmaps/kube-system/extension-apiserver-authentication', '', 1, 3214],
  ['/registry/minions/talos02', '', 1, 6183],
  ['/registry/health', '', 0, 0],
  ['/registry/masterleases/', '/registry/masterleases0', 2, 226],
  ['/registry/pods/rook-ceph/', '/registry/pods/rook-ceph0', 31, 287114],
  ['/registry/secrets/media/volsync-photoprism', '', 1, 1033],
  ['/registry/persistentvolumeclaims/', '/registry/persistentvolumeclaims0', 0, 0, true],
  ['/registry/pods/', '/registry/pods0', 0, 0, true],
  ['/registry/ciliumendpoints.cilium.io/', '/registry/ciliumendpoints.cilium.io0', 0, 0, true],
];

function rangeReq(k, e, countOnly, limit) {
  let s = `key:"${k}" `;
  if (e) s += `range_end:"${e}" `;
  if (limit) s += `limit:${limit} `;
  if (countOnly) s += 'count_only:true ';
  return s;
}

function putTxn(rng, key, t) {
  const id = rng.u64dec();
  const mr = rev(t) - rng.int(40, 900);
  return `header:<ID:${id} > txn:<compare:<target:MOD key:"${key}" mod_revision:${mr} > success:<request_put:<key:"${key}" value_size:${rng.int(380, 560)} >> failure:<request_range:<key:"${key}" > >>`;
}

export function genEtcd(node, nodes, { rng }) {
  const buf = new LogBuf(`${node.ip}/service-logs/etcd.log`);
  const self = node.name;
  const isLeader = self === ETCD.leader;
  const start = T.busyStart;
  const end = T.collect - 2 * SEC;
  const add = (t, obj, tag) => buf.add(t, line({ level: obj.level, ts: isoMicro(t), caller: obj.caller, msg: obj.msg, ...obj.f }), tag);
  // request id generator (idutil: member-id prefix)
  let reqId = BigInt('0x' + node.etcdId.slice(-4)) << 48n;
  reqId += BigInt(Math.floor((T.busyStart / 1000) % 2 ** 32)) << 8n;

  // ---- compactions every 5 minutes (apiserver --etcd-compaction-interval default 5m)
  const compactBase = Date.parse('2026-02-22T08:21:47Z') * 1000;
  const hashes = nodes.compHashes;
  let prevRev = null;
  const status = ETCD.status[self];
  for (let k = 0, tc = compactBase; tc < end; k++, tc += 5 * MIN) {
    const compactRev = rev(tc - 5 * MIN);
    const tRecv = tc + rng.int(1, 40) * MS;
    if (!hashes[k]) hashes[k] = rng.int(100000000, 4294967295);
    let took;
    if (self === 'talos01') took = rng.float(780, 1690) * 1e6;
    else if (self === 'talos03') took = rng.float(240, 610) * 1e6;
    else took = rng.float(410, 1470) * 1e6;
    let tag = `etcd-compaction-${self}`;
    if (self === 'talos02' && k === 15) {
      took = 2281734512; // the 2.28 s compaction of the reference document
      tag = ['etcd-compaction-talos02', 'etcd-compaction-2.28s'];
    }
    let size = status.dbSize;
    if (self === 'talos02') {
      const frac = Math.max(0, Math.min(0.999, (tc - start) / (T.collect - start)));
      const steps = [80871424, 82837504, 84803584, 85852160, 87035904];
      size = steps[Math.min(steps.length - 1, Math.floor(frac * steps.length))];
    }
    const inUse = status.inUse + rng.int(-900, 900) * 4096;
    add(tRecv, { level: 'info', caller: C.treeIndex, msg: 'compact tree index', f: { revision: compactRev } });
    const tDone = tRecv + took / 1000;
    add(tDone, { level: 'info', caller: C.compaction, msg: 'finished scheduled compaction', f: { 'compact-revision': compactRev, took: goDuration(took), hash: hashes[k], 'current-db-size-bytes': size, 'current-db-size': humanizeBytes(size), 'current-db-size-in-use-bytes': inUse, 'current-db-size-in-use': humanizeBytes(inUse) } }, tag);
    add(tDone + rng.int(20, 300), { level: 'info', caller: C.hash, msg: 'storing new hash', f: { hash: hashes[k], revision: compactRev, 'compact-revision': prevRev ?? compactRev - rng.int(7000, 8200) } });
    prevRev = compactRev;
  }

  // ---- snapshots every ~10000 applied entries (3.6 default --snapshot-count=10000)
  const snapEvery = (10000 / ETCD.raftRate) * SEC;
  let snapIndex = raftIdx(start) - rng.int(1000, 9000);
  for (let ts = start + rng.int(10, 200) * SEC + rng.int(0, 999999); ts < end; ts += Math.round(snapEvery * rng.float(0.97, 1.03))) {
    const applied = raftIdx(ts);
    add(ts, { level: 'info', caller: C.snapTrigger, msg: 'triggering snapshot', f: { 'local-member-id': node.etcdId, 'local-member-applied-index': applied, 'local-member-snapshot-index': snapIndex, 'local-member-snapshot-count': 10000, 'snapshot-forced': false } });
    const saveDur = (self === 'talos02' ? rng.float(40, 900) : self === 'talos01' ? rng.float(15, 160) : rng.float(6, 40)) * MS;
    add(ts + saveDur, { level: 'info', caller: C.snapSaved, msg: 'saved snapshot to disk', f: { 'snapshot-index': applied } });
    const oldSnap = `/var/lib/etcd/member/snap/${ETCD.term.toString(16).padStart(16, '0')}-${(applied - 50000).toString(16).padStart(16, '0')}.snap`;
    add(ts + rng.int(2, 29) * SEC + rng.int(0, 999999), { level: 'info', caller: C.purge, msg: 'purged', f: { path: oldSnap } });
    snapIndex = applied;
  }

  // ---- slow requests
  const perMin = { talos01: [1.5, 4.5], talos02: [3.5, 8], talos03: [0.15, 0.6] }[self];
  for (let tm = start; tm < end; tm += MIN) {
    const after10 = tm >= T.stuckFrom;
    const n = Math.round(rng.float(perMin[0], perMin[1]) * (after10 && self !== 'talos03' ? 1.3 : 1));
    for (let i = 0; i < n; i++) {
      const t0 = tm + rng.int(0, 59999) * MS + rng.int(0, 999);
      let tookMs;
      if (self === 'talos02') tookMs = rng.chance(0.12) ? rng.float(600, 960) : rng.float(144, 590);
      else if (self === 'talos01') tookMs = rng.chance(0.1) ? rng.float(400, 620) : rng.float(104, 380);
      else tookMs = rng.float(101, 240);
      const took = tookMs * 1e6 + rng.int(0, 999999);
      const isRead = rng.chance(self === 'talos01' ? 0.45 : 0.7);
      const tEnd = t0 + took / 1000;
      if (isRead) {
        const [k, e, cnt, size, countOnly] = rng.pick(RANGE_READS.map((r) => (r[0].includes('talos02') ? [r[0].replace('talos02', self === 'talos02' ? 'talos02' : rng.pick(['talos01', 'talos02', 'talos03'])), ...r.slice(1)] : r)));
        const req = rangeReq(k, e, countOnly, !countOnly && e ? 500 : 0);
        const resp = countOnly ? `range_response_count:0 size:${rng.int(7, 9)}` : `range_response_count:${cnt} size:${size + rng.int(0, 40)}`;
        const tag = self === 'talos02' ? 'etcd-apply-slow-talos02' : `etcd-apply-slow-${self}`;
        // ReadIndex waits only on followers whose reads need the leader (talos02 much slower)
        let agreement;
        if (self === 'talos02') agreement = Math.min(took * 0.97, rng.float(26, 467) * 1e6);
        else if (self === 'talos03') agreement = took * rng.float(0.05, 0.5);
        else agreement = took * rng.float(0.02, 0.25); // the leader confirms its leadership with a heartbeat round
        if (self === 'talos02' && agreement > 500e6) {
          // not reached: agreement capped below 467ms
        }
        add(tEnd, { level: 'warn', caller: C.apply, msg: 'apply request took too long', f: { took: goDuration(took), 'expected-duration': '100ms', prefix: 'read-only range ', request: req, response: resp } }, tag);
        // range trace (LogIfLong(100ms)): steps longer than 100ms/(steps+1) are printed
        const traceNum = rng.int(10000000, 2147483647);
        const steps = [];
        const agreeNs = agreement;
        const boltNs = self === 'talos01' ? took - agreeNs - rng.float(0.1, 2) * 1e6 : self === 'talos02' ? rng.float(0.2, 1) * (took - agreeNs) : rng.float(0.1, 0.6) * (took - agreeNs);
        const thr = 100e6 / 7;
        if (agreeNs > thr) steps.push(`trace[${traceNum}] 'agreement among raft nodes before linearized reading'  (duration: ${goDuration(agreeNs)})`);
        if (boltNs > thr) steps.push(`trace[${traceNum}] 'range keys from bolt db'  (duration: ${goDuration(boltNs)})`);
        const detail = `{range_begin:${k}; range_end:${e}; ${countOnly ? '' : ''}response_count:${cnt}; response_revision:${rev(tEnd)}; }`;
        const traceTags = [];
        if (self === 'talos02' && agreeNs > thr) traceTags.push('etcd-trace-agreement-talos02');
        add(tEnd + rng.int(5, 60), { level: 'info', caller: C.trace, msg: `trace[${traceNum}] range`, f: { detail, duration: goDuration(took + rng.int(1000, 90000)), start: isoMicro(t0), end: isoMicro(tEnd), steps, step_count: steps.length } }, traceTags.length ? traceTags : undefined);
      } else {
        const key = rng.pick(LEASE_KEYS(rng.pick(['talos01', 'talos02', 'talos03']))).replace('apiserver-x', `apiserver-${rng.hex(26)}`);
        add(tEnd, { level: 'warn', caller: C.apply, msg: 'apply request took too long', f: { took: goDuration(took), 'expected-duration': '100ms', prefix: '', request: putTxn(rng, key, t0), response: 'size:20' } }, `etcd-apply-slow-${self}`);
      }
    }
  }

  // ---- follower-only: ReadIndex retries + linearizableReadLoop traces (talos02 mostly)
  if (!isLeader) {
    const rate = self === 'talos02' ? [2, 7] : [0, 0.08];
    for (let tm = start; tm < end; tm += MIN) {
      const n = Math.round(rng.float(rate[0], rate[1]) * (tm >= T.stuckFrom ? 1.25 : 1));
      for (let i = 0; i < n; i++) {
        const tSend = tm + rng.int(0, 59000) * MS + rng.int(0, 999);
        reqId += BigInt(rng.int(1, 4000));
        const retries = rng.chance(0.2) ? 2 : 1;
        for (let r = 1; r <= retries; r++) {
          add(tSend + r * 500 * MS + rng.int(0, 2500), { level: 'warn', caller: C.readIndex, msg: 'waiting for ReadIndex response took too long, retrying', f: { 'sent-request-id': { raw: reqId.toString() }, 'retry-timeout': '500ms' } }, `etcd-readindex-${self}`);
        }
        const total = (retries * 500 + rng.float(30, 460)) * 1e6;
        const tDone = tSend + total / 1000;
        const traceNum = rng.int(10000000, 2147483647);
        const confirmed = raftIdx(tDone);
        const received = total - rng.float(0.05, 3) * 1e6;
        add(tDone, { level: 'info', caller: C.trace, msg: `trace[${traceNum}] linearizableReadLoop`, f: { detail: `{readStateIndex:${confirmed}; appliedIndex:${confirmed - rng.int(0, 3)}; }`, duration: goDuration(total), start: isoMicro(tSend), end: isoMicro(tDone), steps: [`trace[${traceNum}] 'read index received'  (duration: ${goDuration(received)})`, `trace[${traceNum}] 'applied index is now lower than readState.Index'  (duration: ${goDuration(total - received)})`], step_count: 2 } }, self === 'talos02' ? 'etcd-readloop-trace-talos02' : undefined);
      }
    }
  }

  // ---- talos02: slow fdatasync (its own disk is shared with ceph-osd/mon, prometheus, frigate)
  if (self === 'talos02') {
    const times = ['08:47:13', '09:08:51', '09:29:37', '09:51:22', '10:06:44', '10:23:09', '10:34:58'];
    for (const hms of times) {
      const t0 = Date.parse(`2026-02-22T${hms}Z`) * 1000 + rng.int(0, 999999);
      const took = rng.float(1.0, 1.31) * 1e9;
      add(t0, { level: 'warn', caller: C.fdatasync, msg: 'slow fdatasync', f: { took: goDuration(took), 'expected-duration': '1s' } }, 'etcd-slow-fdatasync-talos02');
    }
  }

  // raw JSON numbers for request ids (uint64 > 2^53): post-process
  for (const e of buf.entries) e.text = e.text.replace(/\{"raw":"(\d+)"\}/g, '$1');
  return buf;
}
