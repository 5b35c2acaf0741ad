// Exec probes and ExecSync calls that time out: the runtime or the probed daemon cannot answer.
import type { Finding, Rule } from '../../types.js';
import { groupBy, nodeSubject, signalText, signalsOf, summarise, podsNamed } from '../lib.js';

const rule: Rule = {
  id: 'kubelet/exec-probe-timeouts',
  failureMode: 'kubelet-exec-probe-timeouts',
  description: 'ExecSync DeadlineExceeded and errored exec probes, per node.',
  run({ evidence }) {
    const text = signalText(evidence);
    const events = [
      ...signalsOf(evidence, 'kubelet.execsync-timeout'),
      ...signalsOf(evidence, 'kubelet.probe-errored').filter((s) => /DeadlineExceeded|deadline exceeded|timed out|timeout/i.test(text(s))),
    ];
    const findings: Finding[] = [];
    for (const [node, list] of groupBy(events, (s) => s.node)) {
      const s = summarise(list);
      const cmds = [...new Set(list.map((e) => e.fields.cmd).filter((c): c is string => typeof c === 'string'))];
      const pods = podsNamed(list);
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: nodeSubject(node),
        node,
        severity: s.count >= 10 ? 'critical' : 'warning',
        message: `kubelet on ${node}: ${s.count} exec calls/probes timed out${cmds.length ? ` (${cmds.slice(0, 4).map((c) => `"${c}"`).join(', ')})` : ''}${pods.length ? ` in ${pods.slice(0, 4).join(', ')}` : ''}`,
        count: s.count,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: s.evidence,
        pods,
      });
    }
    return { findings, refutations: [] };
  },
};

export default rule;
