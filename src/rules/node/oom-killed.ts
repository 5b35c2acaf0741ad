// Out-of-memory kills: containers whose last termination was OOMKilled, and the kernel's OOM
// killer in dmesg/journald (`invoked oom-killer`, `oom-kill:…oom_memcg=…pod<uid>…`, `Memory
// cgroup out of memory: Killed process 1234 (java)`; a system-wide OOM has no memcg constraint).
// Kills are counted once each (by pid), attributed to their pod through the memcg's pod UID.
// A container that last exited for another reason, and a clean kernel log, rule it out.
import type { EvidenceRef, Finding, PodInfo, Refutation, Rule, SignalEvent } from '../../types.js';
import { clusterSubject, nodeSubject, podSubject, signalsOf, summarise } from '../lib.js';

/** Kernel log lines needed to say a node saw no OOM kill. */
const MIN_CLEAN_KERNEL_LINES = 20;
/** Restarts after which repeated OOM kills are a warning even when the container runs again. */
const RESTARTS_WARNING = 3;

interface Group {
  podKey?: string;
  pod?: PodInfo;
  node?: string;
  events: SignalEvent[];
}

const rule: Rule = {
  id: 'node/oom-killed',
  failureMode: 'oom-killed',
  description: 'Containers last terminated OOMKilled and kernel OOM kills (dmesg), per pod where the memcg names it, else per node.',
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const key = (p: PodInfo): string => `${p.namespace}/${p.name}`;
    const byUid = new Map(evidence.pods.filter((p) => p.uid).map((p) => [p.uid as string, p]));
    const byKey = new Map(evidence.pods.map((p) => [key(p), p]));
    const groups = new Map<string, Group>();
    const groupFor = (k: string, init: Group): Group => {
      const g = groups.get(k) ?? init;
      groups.set(k, g);
      return g;
    };
    for (const p of evidence.pods) {
      if (p.displayStatus === 'OOMKilled' || p.containers.some((c) => c.lastTerminatedReason === 'OOMKilled')) groupFor(`pod:${key(p)}`, { podKey: key(p), pod: p, node: p.node, events: [] });
    }
    const ooms = signalsOf(evidence, 'kubelet.oom-killed');
    // The kernel names the memcg (so the pod) on the `oom-kill:` line only: its pid ties the `Killed process` line to it.
    const podOfPid = new Map<string, string>();
    for (const s of ooms) {
      const p = typeof s.fields.podUid === 'string' ? byUid.get(s.fields.podUid) : undefined;
      if (p && s.fields.pid !== undefined) podOfPid.set(`${s.node ?? ''}|${s.fields.pid}`, key(p));
    }
    const killNodes = new Set(ooms.filter((s) => s.fields.kind === 'killed' || s.fields.kind === 'constraint').map((s) => s.node ?? ''));
    for (const s of ooms) {
      // `invoked oom-killer` opens each kill the other lines describe; alone it still says the killer ran.
      if (s.fields.kind === 'invoked' && killNodes.has(s.node ?? '')) continue;
      const viaUid = typeof s.fields.podUid === 'string' ? byUid.get(s.fields.podUid) : undefined;
      const podKey = viaUid ? key(viaUid) : (s.fields.pid !== undefined ? podOfPid.get(`${s.node ?? ''}|${s.fields.pid}`) : undefined) ?? s.pod;
      const g = podKey
        ? groupFor(`pod:${podKey}`, { podKey, pod: byKey.get(podKey), node: byKey.get(podKey)?.node ?? s.node, events: [] })
        : groupFor(`node:${s.node ?? ''}`, { node: s.node, events: [] });
      g.events.push(s);
      g.node ??= s.node;
    }
    for (const g of groups.values()) {
      const kills = killsOf(g.events);
      const system = g.events.some((e) => e.fields.system === 1);
      const oomContainers = g.pod?.containers.filter((c) => c.lastTerminatedReason === 'OOMKilled') ?? [];
      const restarts = Math.max(0, ...oomContainers.map((c) => c.restartCount));
      const looping = g.pod?.containers.some((c) => c.lastTerminatedReason === 'OOMKilled' && (c.waitingReason === 'CrashLoopBackOff' || c.ready === false)) ?? false;
      const processes = [...new Set(g.events.map((e) => e.fields.process).filter((p): p is string => typeof p === 'string'))];
      const s = summarise(g.events);
      const severity = system ? 'critical' : looping || restarts >= RESTARTS_WARNING || kills > 1 || g.events.length > 0 ? 'warning' : 'info';
      const who = g.podKey ? `${g.podKey}${oomContainers.length ? ` (${oomContainers.map((c) => c.name).filter((n) => n !== '*').join(', ') || 'container'})` : ''}` : `node ${g.node ?? '?'}`;
      const parts = [
        oomContainers.length || g.pod?.displayStatus === 'OOMKilled' ? `last terminated OOMKilled${restarts ? ` (${restarts} restarts)` : ''}` : '',
        kills ? `${kills} ${system ? 'system-wide ' : ''}OOM kill(s) by the kernel${processes.length ? ` of ${processes.slice(0, 4).join(', ')}` : ''}` : '',
        !kills && g.events.length ? `${s.count} OOM report(s)` : '',
      ].filter(Boolean);
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: g.podKey ? podSubject(g.podKey) : g.node ? nodeSubject(g.node) : clusterSubject(),
        node: g.node,
        severity,
        message: `${who} ran out of memory: ${parts.join(', ')}${system ? ' — the node itself ran out of memory' : ''}`,
        count: Math.max(1, kills || s.count),
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: [...(g.pod ? [g.pod.ref] : []), ...s.evidence],
        pods: g.podKey ? [g.podKey] : [],
        data: { kills, system, processes, restarts },
      });
    }
    // Healthy: containers that restarted for another reason; nodes whose kernel log has no OOM kill.
    for (const p of evidence.pods) {
      if (groups.has(`pod:${key(p)}`)) continue;
      const exited = p.containers.filter((c) => c.lastTerminatedReason && c.lastTerminatedReason !== 'OOMKilled');
      if (!exited.length) continue;
      refutations.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: podSubject(key(p)),
        node: p.node,
        reason: `${key(p)}: ${exited.map((c) => `${c.name} last exited ${c.lastTerminatedReason}${c.lastTerminatedExitCode !== undefined ? ` (code ${c.lastTerminatedExitCode})` : ''}`).join(', ')}, not OOMKilled`,
        evidence: [p.ref],
      });
    }
    const oomNodes = new Set([...groups.values()].filter((g) => g.events.length).map((g) => g.node));
    for (const stat of evidence.logStats) {
      if (stat.component !== 'kernel' || !stat.node || oomNodes.has(stat.node) || stat.lines < MIN_CLEAN_KERNEL_LINES) continue;
      const ref: EvidenceRef = { source: stat.source, excerpt: `${stat.lines} kernel lines, no OOM killer` };
      refutations.push({ rule: rule.id, failureMode: rule.failureMode, subject: nodeSubject(stat.node), node: stat.node, reason: `no OOM kill in ${stat.lines} lines of ${stat.node}'s kernel log`, evidence: [ref] });
    }
    return { findings, refutations };
  },
};

/** One kill per pid (the kernel logs `invoked oom-killer`, `oom-kill:` and `Killed process` for each), else per kill line. */
function killsOf(events: SignalEvent[]): number {
  const kernel = events.filter((e) => e.fields.kind === 'killed' || e.fields.kind === 'constraint' || e.fields.kind === 'system');
  const pids = new Set(kernel.map((e) => e.fields.pid).filter((p) => p !== undefined));
  if (pids.size) return pids.size;
  const killed = events.filter((e) => e.fields.kind === 'killed' || e.fields.kind === 'system').length;
  return killed || events.filter((e) => e.fields.kind === 'invoked').length;
}

export default rule;
