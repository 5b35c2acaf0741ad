// MemoryPressure / DiskPressure / PIDPressure conditions and kubelet evictions.
import type { Finding, Refutation, Rule } from '../../types.js';
import { nodeSubject, signalsOf, summarise } from '../lib.js';

const PRESSURES = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];

const rule: Rule = {
  id: 'node/node-pressure',
  failureMode: 'node-pressure',
  description: 'Node pressure conditions and evictions; all pressure conditions False rules it out.',
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const evictions = signalsOf(evidence, 'kubelet.eviction');
    for (const n of evidence.nodes) {
      const conds = n.conditions.filter((c) => PRESSURES.includes(c.type));
      const on = conds.filter((c) => c.status === 'True');
      const ev = evictions.filter((e) => e.node === n.name);
      if (on.length || ev.length) {
        const s = summarise(ev);
        findings.push({
          rule: rule.id,
          failureMode: rule.failureMode,
          subject: nodeSubject(n.name),
          node: n.name,
          severity: 'critical',
          message: `${n.name} is under pressure: ${[...on.map((c) => c.type), ev.length ? `${ev.length} eviction messages` : ''].filter(Boolean).join(', ')}`,
          count: on.length + ev.length,
          firstSeen: s.firstSeen,
          lastSeen: s.lastSeen,
          evidence: [n.ref, ...s.evidence],
        });
      } else if (PRESSURES.every((t) => conds.some((c) => c.type === t && c.status === 'False'))) {
        // Only False rules pressure out: Unknown means the kubelet stopped reporting, not that all is well.
        refutations.push({
          rule: rule.id,
          failureMode: rule.failureMode,
          subject: nodeSubject(n.name),
          node: n.name,
          reason: `${n.name} reports ${PRESSURES.map((p) => `${p}=False`).join(', ')}`,
          evidence: [n.ref],
        });
      }
    }
    return { findings, refutations };
  },
};

export default rule;
