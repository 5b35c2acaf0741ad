// Containers that keep restarting: CrashLoopBackOff, or a restart count past the threshold while not ready.
import type { Finding, Rule } from '../../types.js';
import { podSubject, signalsOf, summarise, pushTo } from '../lib.js';

const rule: Rule = {
  id: 'symptom/pod-crashloop',
  failureMode: 'pod-crashloop',
  description: 'Containers in CrashLoopBackOff or restarting past the threshold, and back-off events.',
  run({ evidence, thresholds }) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const windowStart = evidenceStart(evidence);
    for (const p of evidence.pods) {
      const looping = p.containers.filter(
        (c) => c.waitingReason === 'CrashLoopBackOff' || (c.restartCount >= thresholds.crashloopRestarts && c.ready === false),
      );
      if (p.displayStatus === 'CrashLoopBackOff' && !looping.length) looping.push(...p.containers);
      if (!looping.length) continue;
      const key = `${p.namespace}/${p.name}`;
      seen.add(key);
      const restarts = Math.max(...looping.map((c) => c.restartCount));
      const names = looping.map((c) => c.name).filter((n) => n !== '*');
      const last = looping.find((c) => c.lastTerminatedReason)?.lastTerminatedReason;
      // A pod created long before the evidence begins has been looping since before it: likely unrelated to a new incident.
      const days = p.createdAt && windowStart ? (Date.parse(windowStart) - Date.parse(p.createdAt)) / 86_400_000 : undefined;
      const preexisting = days !== undefined && days >= PREEXISTING_DAYS;
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: podSubject(key),
        node: p.node,
        severity: 'warning',
        message: `${key}${names.length ? ` (${names.join(', ')})` : ''} is crash-looping: ${restarts} restarts${last ? `, last exit ${last}` : ''}${preexisting ? `; pre-existing: the pod is ${Math.floor(days as number)} days older than the evidence` : ''}`,
        count: restarts,
        evidence: [p.ref],
        pods: [key],
        data: { restarts, containers: names, ...(preexisting ? { preexistingDays: Math.floor(days as number) } : {}) },
      });
    }
    for (const [pod, events] of groupByPod(signalsOf(evidence, 'kubelet.backoff-restart'))) {
      if (seen.has(pod)) continue;
      const s = summarise(events);
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: podSubject(pod),
        node: events.find((e) => e.node)?.node,
        severity: 'warning',
        message: `${pod} is crash-looping: kubelet backed off restarting it ${s.count} time(s)`,
        count: s.count,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: s.evidence,
        pods: [pod],
      });
    }
    return { findings, refutations: [] };
  },
};

/** Pods created this long before the evidence begins count as pre-existing trouble. */
const PREEXISTING_DAYS = 7;

function evidenceStart(ev: Parameters<Rule['run']>[0]['evidence']): string | undefined {
  let first: string | undefined;
  for (const s of ev.logStats) if (s.firstTime && (!first || s.firstTime < first)) first = s.firstTime;
  return first;
}

function groupByPod<T extends { pod?: string }>(items: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) if (i.pod) pushTo(m, i.pod, i);
  return m;
}

export default rule;
