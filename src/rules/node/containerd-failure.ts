// Container runtime trouble: kubelet reporting the runtime down, or error lines in the
// containerd log. A containerd log read without errors eliminates it.
import type { Finding, Refutation, Rule } from '../../types.js';
import { groupBy, nodeSubject, signalsOf, summarise } from '../lib.js';

const rule: Rule = {
  id: 'node/containerd-failure',
  failureMode: 'containerd-failure',
  description: 'Runtime-down reports from kubelet and error lines in containerd logs; a clean containerd log rules it out.',
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const down = groupBy(signalsOf(evidence, 'kubelet.runtime-down'), (s) => s.node);
    // ExecSync timeouts are logged at error level by containerd but are the probed process's slowness.
    const execTimeouts = groupBy(signalsOf(evidence, 'containerd.exec-timeout'), (s) => s.node);
    const stats = groupBy(evidence.logStats.filter((s) => s.component === 'containerd' && s.node), (s) => s.node);
    const nodes = new Set([...down.keys(), ...stats.keys()]);
    for (const node of nodes) {
      const d = down.get(node) ?? [];
      const st = stats.get(node) ?? [];
      const attributed = (execTimeouts.get(node) ?? []).length;
      const errors = Math.max(0, st.reduce((n, s) => n + s.errorLines, 0) - attributed);
      const lines = st.reduce((n, s) => n + s.lines, 0);
      if (d.length || errors) {
        const s = summarise(d);
        findings.push({
          rule: rule.id,
          failureMode: rule.failureMode,
          subject: nodeSubject(node),
          node,
          severity: d.length ? 'critical' : 'warning',
          message: `container runtime on ${node}: ${[d.length ? `kubelet reported the runtime down ${d.length} time(s)` : '', errors ? `${errors} error lines in containerd's log` : ''].filter(Boolean).join(', ')}`,
          count: d.length + errors,
          firstSeen: s.firstSeen,
          lastSeen: s.lastSeen,
          evidence: [...s.evidence, ...st.flatMap((x) => x.errorSamples).slice(0, 4)],
        });
      } else if (lines > 0) {
        refutations.push({
          rule: rule.id,
          failureMode: rule.failureMode,
          subject: nodeSubject(node),
          node,
          reason: `containerd log is clean: ${lines} lines${span(st)}, no runtime errors${attributed ? ` (only ${attributed} exec calls timing out in the probed containers)` : ''}, and kubelet never reported the runtime down`,
          evidence: st.map((x) => ({ source: x.source, excerpt: `${x.lines} lines, ${x.errorLines} errors, ${x.warnLines} warnings` })),
        });
      }
    }
    return { findings, refutations };
  },
};

function span(stats: Array<{ firstTime?: string; lastTime?: string }>): string {
  const first = stats.map((x) => x.firstTime).filter((t): t is string => !!t).sort()[0];
  const last = stats.map((x) => x.lastTime).filter((t): t is string => !!t).sort().at(-1);
  return first && last ? ` from ${first} to ${last}` : '';
}

export default rule;
