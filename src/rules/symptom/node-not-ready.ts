// Nodes whose Ready condition is not True.
import type { Finding, Refutation, Rule } from '../../types.js';
import { nodeSubject } from '../lib.js';

const rule: Rule = {
  id: 'symptom/node-not-ready',
  failureMode: 'node-not-ready',
  description: "Nodes whose Ready condition is False or Unknown.",
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    for (const n of evidence.nodes) {
      const ready = n.conditions.find((c) => c.type === 'Ready');
      if (!ready) continue;
      if (ready.status === 'True') {
        refutations.push({ rule: rule.id, failureMode: rule.failureMode, subject: nodeSubject(n.name), node: n.name, reason: `${n.name} is Ready`, evidence: [n.ref] });
        continue;
      }
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: nodeSubject(n.name),
        node: n.name,
        severity: 'critical',
        message: `node ${n.name} is ${ready.status === 'False' ? 'NotReady' : 'Unknown'}${ready.reason ? ` (${ready.reason}${ready.message ? `: ${ready.message}` : ''})` : ''}`,
        evidence: [n.ref],
      });
    }
    return { findings, refutations };
  },
};

export default rule;
