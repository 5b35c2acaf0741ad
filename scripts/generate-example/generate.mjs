#!/usr/bin/env node
// Deterministic generator for examples/talos02-containercreating/ (no dependencies).
// Usage: node scripts/generate-example/generate.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng, MIN, SEC, parseIso } from './lib.mjs';
import { T, NODES, byName, VERSIONS, ETCD, SCHED } from './scenario.mjs';
import { STUCK, VOLSYNC, PODS, STATIC, COREDNS } from './pods.mjs';
import { buildTimeline } from './timeline.mjs';
import { genEtcd } from './gen_etcd.mjs';
import { genKubelet } from './gen_kubelet.mjs';
import { genApiserver, genApiserverExited, genSchedulerTalos02, genSchedulerOther, genControllerManager, genMetricsServer, genCilium, genCiliumInit, genSimple } from './gen_k8s.mjs';
import { genMachined, genContainerd, genCri, genSmallServices, genStates, bundleProcesses, talosctlProcesses, ioStats, mounts, devices, summary, SERVICES } from './gen_talos.mjs';
import { nodesYaml, systemPodsYaml, getPodsYaml, eventsTable, ciliumNodesYaml, volumeAttachmentsYaml, etcdStatusText, topNodesText } from './gen_objects.mjs';
import { writeReadme } from './readme.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(here, '../../examples/talos02-containercreating');

const files = new Map(); // rel -> { text, tags: Map<tag, number[]> }

function tagMap(list) {
  const m = new Map();
  for (const { tag, line } of list) {
    if (!m.has(tag)) m.set(tag, []);
    m.get(tag).push(line);
  }
  return m;
}
function putText(rel, text, tags = []) {
  files.set(rel, { text, tags: tagMap(tags) });
}
function putBuf(rel, buf, { ring = false } = {}) {
  let prefixLine = null;
  // nothing after the moment the bundle was taken
  buf.entries = buf.entries.filter((e) => e.t < T.collect);
  if (ring && buf.entries.length > 1) {
    // Talos keeps service logs in a ~1 MiB ring buffer: older lines are gone and the oldest
    // surviving line is usually cut in the middle.
    const CAP = 1040000;
    const sorted = buf.sorted();
    let k = sorted.length;
    let total = 0;
    while (k > 0 && total + sorted[k - 1].text.length + 1 <= CAP) {
      total += sorted[k - 1].text.length + 1;
      k--;
    }
    const victim = k > 0 ? sorted[k - 1] : sorted[0];
    const keep = new Set(sorted.slice(k > 0 ? k : 1));
    buf.entries = buf.entries.filter((e) => keep.has(e));
    prefixLine = victim.text.slice(Math.floor(victim.text.length * 0.58));
  }
  const r = buf.render({ prefixLine });
  files.set(rel, { text: r.text, tags: r.tags });
}

const tl = buildTimeline();
const rngMain = new Rng(0x6e6);

// ------------------------------------------------------------------ per node
const compHashes = {};
for (const n of NODES) {
  const dir = n.ip;
  // service logs
  putBuf(`${dir}/service-logs/etcd.log`, genEtcd(n, { compHashes }, { rng: new Rng(0xe7cd + n.name.charCodeAt(6)) }), { ring: true });
  const kub = genKubelet(n.name, tl);
  putBuf(`${dir}/service-logs/kubelet.log`, kub.buf, { ring: n.name !== 'talos03' });
  const mach = genMachined(n.name, tl);
  putBuf(`${dir}/service-logs/machined.log`, mach.machined, { ring: true });
  putBuf(`${dir}/controller-runtime.log`, mach.cr, { ring: true });
  putBuf(`${dir}/dmesg.log`, mach.dmesg, { ring: false });
  putBuf(`${dir}/service-logs/containerd.log`, genContainerd(n.name));
  putBuf(`${dir}/service-logs/cri.log`, genCri(n.name, tl), { ring: n.name !== 'talos01' });
  const small = genSmallServices(n.name);
  for (const s of ['apid', 'trustd', 'udevd', 'auditd', 'syslogd', 'dashboard']) putBuf(`${dir}/service-logs/${s}.log`, small[s]);
  putBuf(`${dir}/dns-resolve-cache.log`, small.dnsResolveCache);
  const states = genStates(n.name, tl);
  for (const svc of SERVICES) putText(`${dir}/service-logs/${svc}.state`, states[svc].text, states[svc].tags);
  // kubernetes logs (kube-system only)
  const kl = `${dir}/kubernetes-logs/kube-system`;
  putBuf(`${kl}/kube-apiserver.log`, genApiserver(n.name, tl));
  putBuf(`${kl}/kube-controller-manager.log`, genControllerManager(n.name));
  if (n.name === 'talos02') {
    putBuf(`${kl}/kube-apiserver-exited.log`, genApiserverExited(new Rng(0xe1)));
    const s = genSchedulerTalos02(tl);
    putBuf(`${kl}/kube-scheduler.log`, s.cur);
    putBuf(`${kl}/kube-scheduler-exited.log`, s.ex);
  } else {
    putBuf(`${kl}/kube-scheduler.log`, genSchedulerOther(n.name));
  }
  putBuf(`${kl}/cilium-agent.log`, genCilium(n.name));
  const inits = genCiliumInit(n.name);
  for (const [name, b] of Object.entries(inits)) putBuf(`${kl}/${name}-exited.log`, b);
  putBuf(`${kl}/cilium-envoy.log`, genSimple(n.name, 'cilium-envoy', [
    `[${'2026-02-14 09:12:01.233'}][7][info][main] [external/envoy/source/server/server.cc:436] initializing epoch 0 (base id=0, hot restart version=11.104)`,
    `[2026-02-14 09:12:01.233][7][info][main] [external/envoy/source/server/server.cc:438] statically linked extensions:`,
    `[2026-02-14 09:12:01.301][7][info][main] [external/envoy/source/server/server.cc:1009] starting main dispatch loop`,
    `[2026-02-14 09:12:01.344][7][info][upstream] [external/envoy/source/common/upstream/cluster_manager_impl.cc:248] cm init: all clusters initialized`,
    `[2026-02-14 09:12:01.344][7][info][main] [external/envoy/source/server/server.cc:990] all clusters initialized. initializing init manager`,
  ].map((l) => (n.name === 'talos02' ? l.replace(/2026-02-14 09:12/g, '2026-02-20 05:03') : l)), n.name === 'talos02' ? n.boot + 62 * SEC : n.boot + 45 * SEC));
  if (n.name === 'talos01') putBuf(`${kl}/metrics-server.log`, genMetricsServer());
  if (n.name === 'talos03') putBuf(`${kl}/cilium-operator.log`, genSimple('talos03', 'cilium-operator', [
    (t) => `time=${new Date(t / 1000).toISOString().replace(/\.\d+Z$/, 'Z')} level=info msg="Cilium Operator" version="1.18.6 8a2d3c1 2026-01-21T14:02:11+00:00 go version go1.24.11 linux/amd64"`,
    (t) => `time=${new Date(t / 1000).toISOString().replace(/\.\d+Z$/, 'Z')} level=info msg="Establishing connection to apiserver" module=operator.infra.k8s-client host=https://localhost:7445`,
    (t) => `time=${new Date(t / 1000).toISOString().replace(/\.\d+Z$/, 'Z')} level=info msg="Connected to apiserver" module=operator.infra.k8s-client`,
    (t) => `time=${new Date(t / 1000).toISOString().replace(/\.\d+Z$/, 'Z')} level=info msg="Leader election lock acquired" module=operator.leader-election`,
  ], parseIso('2026-02-14T09:27:20Z')));
  for (const cd of COREDNS.filter((p) => p.node === n.name)) {
    putBuf(`${kl}/coredns.log`, genSimple(n.name, 'coredns', ['maxprocs: Leaving GOMAXPROCS=16: CPU quota undefined', '.:53', '[INFO] plugin/reload: Running configuration SHA512 = 1b226df79860026c6a52e67daa10d7f0d57ec5b023288ec00c5e05f93523c894564e15b91770d3a07ae1cfbe861d15b37d4a0027e69c546ab112970993a3b03b', `CoreDNS-${VERSIONS.coredns}`, 'linux/amd64, go1.25.4, 1db4568'], cd.created + 6 * SEC));
  }
  // snapshots
  putText(`${dir}/processes`, bundleProcesses(n.name));
  putText(`${dir}/io`, ioStats(n.name));
  putText(`${dir}/mounts`, mounts(n.name));
  putText(`${dir}/devices`, devices());
  putText(`${dir}/summary`, summary());
}

// ------------------------------------------------------------------ cluster-wide
putText('kubernetesResources/nodes.yaml', nodesYaml());
putText('kubernetesResources/systemPods.yaml', systemPodsYaml(tl));
putText('kubectl-get-pods.yaml', getPodsYaml());
const ev = eventsTable(tl);
putText('kubectl-get-events.txt', ev.text, ev.tags);
putText('ciliumnodes.yaml', ciliumNodesYaml());
putText('volumeattachments.yaml', volumeAttachmentsYaml());
putText('talosctl-etcd-status.txt', etcdStatusText());
putText('kubectl-top-nodes.txt', topNodesText());
putText('talosctl-processes-talos02.txt', talosctlProcesses());

// ------------------------------------------------------------------ write
fs.rmSync(OUT, { recursive: true, force: true });
for (const [rel, f] of [...files.entries()].sort()) {
  const p = path.join(OUT, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, f.text);
}
writeReadme(OUT, files, tl);

let total = 0;
for (const [, f] of files) total += Buffer.byteLength(f.text);
console.log(`wrote ${files.size} files, ${(total / 1e6).toFixed(2)} MB to ${path.relative(process.cwd(), OUT)}`);

if (process.env.DUMP_TAGS) {
  const all = new Map();
  for (const [rel, f] of files) for (const [tag, lines] of f.tags) all.set(`${tag}  @ ${rel}`, lines.length);
  for (const k of [...all.keys()].sort()) console.log(all.get(k), k);
}
