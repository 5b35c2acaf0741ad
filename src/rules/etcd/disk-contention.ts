// Slow etcd disk explained by neighbours: a node whose etcd syncs slowly (or whose daemons'
// exec health checks time out) also runs I/O-heavy workloads — Ceph, TSDBs, databases, video
// recorders, backups. Needs the node's process list; without one the contention is not judged.
import type { Finding, ProcessInfo, Refutation, Rule } from '../../types.js';
import { ioHeavyKind } from '../../model/io-heavy.js';
import { formatBytes } from '../../util/bytes.js';
import { fmtMs, groupBy, nodeSubject, signalsOf, slowDiskSignals, summarise } from '../lib.js';

const rule: Rule = {
  id: 'etcd/disk-contention',
  failureMode: 'etcd-disk-contention',
  description: "A node with slow etcd disk syncs that also runs I/O-heavy processes (Ceph, Prometheus, databases, recorders).",
  run({ evidence, thresholds }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const slow = slowDiskSignals(evidence, thresholds);
    const slowByNode = groupBy(slow, (s) => s.node);
    const procsByNode = groupBy(evidence.processes, (p) => p.node);
    for (const [node, events] of slowByNode) {
      const procs = procsByNode.get(node);
      if (!procs) continue;
      const heavy = heaviest(procs);
      const s = summarise(events, 3);
      if (!heavy.length) {
        refutations.push({
          rule: rule.id,
          failureMode: rule.failureMode,
          subject: nodeSubject(node),
          node,
          reason: `no I/O-heavy process in ${node}'s process list (${procs.length} processes) besides etcd`,
          evidence: [procs[0].ref],
        });
        continue;
      }
      const kinds = [...new Set(heavy.map((p) => ioHeavyKind(p.command)?.what))].filter(Boolean);
      const names = heavy.slice(0, 8).map((p) => `${p.command.split('/').pop()} (pid ${p.pid}${p.resMemBytes ? `, ${formatBytes(p.resMemBytes)} RSS` : ''})`);
      const busy = evidence.diskIo.filter((d) => d.node === node).sort((a, b) => (b.ioTimeMs ?? 0) - (a.ioTimeMs ?? 0))[0];
      const probes = signalsOf(evidence, 'kubelet.execsync-timeout').filter((p) => p.node === node);
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: nodeSubject(node),
        node,
        severity: 'critical',
        message: `etcd on ${node} shares the node's disk with I/O-heavy workloads (${kinds.join(', ')}): ${names.join(', ')}; fdatasync took up to ${fmtMs(s.maxMs)}${probes.length ? `; ${probes.length} exec health checks timed out` : ''}`,
        count: s.count,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: [...s.evidence, ...heavy.slice(0, 5).map((p) => p.ref), ...(busy ? [busy.ref] : [])],
        data: { processes: heavy.map((p) => ({ command: p.command, pid: p.pid, kind: ioHeavyKind(p.command)?.what })) },
      });
    }
    return { findings, refutations };
  },
};

/** I/O-heavy processes, one per command name, busiest (by CPU time) first. */
function heaviest(procs: ProcessInfo[]): ProcessInfo[] {
  const best = new Map<string, ProcessInfo>();
  for (const p of procs) {
    if (!ioHeavyKind(p.command)) continue;
    const prev = best.get(p.command);
    if (!prev || (p.cpuSeconds ?? 0) > (prev.cpuSeconds ?? 0)) best.set(p.command, p);
  }
  return [...best.values()].sort((a, b) => (b.cpuSeconds ?? 0) - (a.cpuSeconds ?? 0));
}

export default rule;
