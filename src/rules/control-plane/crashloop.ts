// kube-scheduler / kube-controller-manager restarting because their API calls, leader election
// or /livez time out: a crash-looping control-plane pod plus the timeout lines that explain it.
import type { Finding, PodInfo, Rule } from '../../types.js';
import { podSubject, signalText, signalsOf, summarise } from '../lib.js';

const COMPONENT = /^(kube-scheduler|kube-controller-manager|cloud-controller-manager)(-|$)/;
const TIMEOUT_SIGNALS = ['controlplane.handlers-not-synced', 'controlplane.leaderelection-lost', 'kubelet.liveness-failed'];

const componentOf = (p: PodInfo): string | undefined => COMPONENT.exec(p.labels.component ?? p.name)?.[1];

const rule: Rule = {
  id: 'control-plane/crashloop',
  failureMode: 'control-plane-crashloop',
  description: 'Crash-looping kube-scheduler/controller-manager pods whose logs or probes show API timeouts.',
  run({ evidence, thresholds }) {
    const findings: Finding[] = [];
    const text = signalText(evidence);
    for (const p of evidence.pods) {
      const component = componentOf(p);
      if (!component) continue;
      const restarts = Math.max(0, ...p.containers.map((c) => c.restartCount));
      const looping = p.containers.some((c) => c.waitingReason === 'CrashLoopBackOff') || p.displayStatus === 'CrashLoopBackOff' || restarts >= thresholds.crashloopRestarts;
      if (!looping) continue;
      const key = `${p.namespace}/${p.name}`;
      const signals = signalsOf(evidence, ...TIMEOUT_SIGNALS).filter(
        (s) => (s.pod === key || (s.node === p.node && s.component === component)) && (s.signal !== 'kubelet.liveness-failed' || /deadline exceeded|timeout/i.test(text(s))),
      );
      if (!signals.length) continue;
      const s = summarise(signals);
      const what = [...new Set(signals.map((x) => x.signal.split('.')[1]))].join(', ');
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: podSubject(key),
        node: p.node,
        severity: 'warning',
        message: `${component} on ${p.node ?? '?'} restarts (${restarts} restarts) on API timeouts: ${what}`,
        count: restarts,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: [p.ref, ...s.evidence],
        pods: [key],
      });
    }
    return { findings, refutations: [] };
  },
};

export default rule;
