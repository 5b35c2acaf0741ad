// Fixed facts of the reconstructed cluster (talos02 ContainerCreating incident, 2026-02-22).
import { Rng, parseIso, SEC, MIN, HOUR } from './lib.mjs';

export const SEED = 20260222;
export const idRng = new Rng(SEED ^ 0x5eed);

export const T = {
  // the operator ran `talosctl support` at this time
  collect: parseIso('2026-02-22T10:40:30Z'),
  // extra command outputs saved just before
  etcdStatus: parseIso('2026-02-22T10:39:02Z'),
  topNodes: parseIso('2026-02-22T10:38:05Z'),
  processes: parseIso('2026-02-22T10:38:41Z'),
  getPods: parseIso('2026-02-22T10:39:40Z'),
  getEvents: parseIso('2026-02-22T10:39:48Z'),
  // log window
  winStart: parseIso('2026-02-22T08:40:00Z'),
  busyStart: parseIso('2026-02-22T08:22:00Z'), // ring-buffered service logs start a little earlier, mid-line
  stuckFrom: parseIso('2026-02-22T10:00:00Z'),
};

export const VERSIONS = {
  talos: 'v1.12.4',
  talosSha: 'fc8e600b',
  go: 'go1.25.7',
  kernel: '6.18.9-talos',
  k8s: 'v1.35.0',
  etcd: '3.6.7',
  etcdStorage: '3.6.0',
  containerd: 'v2.1.6',
  cilium: 'v1.18.6',
  coredns: '1.13.2',
};

export const CLUSTER_ID_HEX = 'c3a8e5f2d1b07946';

export const NODES = [
  {
    name: 'talos01',
    ip: '10.20.0.14',
    etcdId: '25e10c575a763da7',
    boot: parseIso('2026-02-14T09:11:05.418273Z'),
    created: parseIso('2025-11-02T15:20:11Z'),
    podCIDR: '10.244.0.0/24',
    ciliumHostIp: '10.244.0.12',
    healthIp: '10.244.0.77',
    mac: '58:47:ca:7a:19:03',
    machineId: idRng.hex(32),
    bootId: idRng.uuid(),
    systemUUID: '03000200-0400-0500-0006-000700080009',
    kubeletPid: 2318,
    threadBase: 1,
  },
  {
    name: 'talos02',
    ip: '10.20.0.15',
    etcdId: '9b3d7e1f4a6c8052',
    boot: parseIso('2026-02-20T05:02:10.733918Z'),
    created: parseIso('2026-02-20T05:04:40Z'),
    podCIDR: '10.244.3.0/24',
    ciliumHostIp: '10.244.3.161',
    healthIp: '10.244.3.45',
    mac: '58:47:ca:7a:1c:b1',
    machineId: idRng.hex(32),
    bootId: idRng.uuid(),
    systemUUID: '03000200-0400-0500-0006-00070008000a',
    kubeletPid: 2693,
  },
  {
    name: 'talos03',
    ip: '10.20.0.16',
    etcdId: '6f4c2a8e1d9b3570',
    boot: parseIso('2026-02-14T09:24:40.092145Z'),
    created: parseIso('2025-11-02T15:27:52Z'),
    podCIDR: '10.244.1.0/24',
    ciliumHostIp: '10.244.1.203',
    healthIp: '10.244.1.18',
    mac: '58:47:ca:7a:18:5e',
    machineId: idRng.hex(32),
    bootId: idRng.uuid(),
    systemUUID: '03000200-0400-0500-0006-00070008000b',
    kubeletPid: 2401,
  },
];
export const byName = Object.fromEntries(NODES.map((n) => [n.name, n]));

export const ETCD = {
  term: 195,
  leader: 'talos01',
  // revision / raft index at winStart and rates per second
  rev0: 151882317,
  revRate: 26.3,
  raft0: 187402941,
  raftRate: 31.2,
  // sizes reported by `talosctl etcd status` at 10:39
  status: {
    talos01: { dbSize: 467189760, inUse: 55013376 },
    talos02: { dbSize: 87035904, inUse: 56016896 },
    talos03: { dbSize: 467300352, inUse: 55152640 },
  },
};

export const SCHED = {
  // kube-scheduler-talos02 restart count as shown by `kubectl get pods` at 10:39:40
  restarts: 585,
};

export { SEC, MIN, HOUR };
