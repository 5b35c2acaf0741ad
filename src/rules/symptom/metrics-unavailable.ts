// `kubectl top nodes` showing <unknown>, or metrics-server failing to scrape a node's kubelet.
import type { EvidenceRef, Finding, Rule } from '../../types.js';
import { nodeSubject, signalsOf, summarise, pushTo } from '../lib.js';

const rule: Rule = {
  id: 'symptom/metrics-unavailable',
  failureMode: 'metrics-unavailable',
  description: 'Nodes whose metrics show <unknown> in kubectl top, or that metrics-server fails to scrape.',
  run({ evidence }) {
    const byNode = new Map<string, { refs: EvidenceRef[]; count: number; first?: string; last?: string }>();
    for (const m of evidence.nodeMetrics) {
      if (!m.unknown) continue;
      byNode.set(m.node, { refs: [m.ref], count: 1 });
    }
    const scrapes = signalsOf(evidence, 'metrics.scrape-failed');
    const scrapedNode = (excerpt: string): string | undefined => /node="?([\w.-]+)"?/.exec(excerpt)?.[1];
    const groups = new Map<string, typeof scrapes>();
    for (const s of scrapes) {
      const n = typeof s.fields.node === 'string' ? s.fields.node : scrapedNode(s.ref.excerpt);
      if (n) pushTo(groups, n, s);
    }
    for (const [n, list] of groups) {
      const node = evidence.nodes.find((x) => x.name === n || x.addresses.includes(n))?.name ?? n;
      const s = summarise(list);
      const cur = byNode.get(node) ?? { refs: [], count: 0 };
      byNode.set(node, { refs: [...cur.refs, ...s.evidence], count: cur.count + s.count, first: s.firstSeen, last: s.lastSeen });
    }
    const findings: Finding[] = [...byNode].map(([node, v]) => ({
      rule: rule.id,
      failureMode: rule.failureMode,
      subject: nodeSubject(node),
      node,
      severity: 'warning',
      message: `metrics for node ${node} are unavailable (kubectl top shows <unknown> or metrics-server cannot scrape its kubelet)`,
      count: v.count,
      firstSeen: v.first,
      lastSeen: v.last,
      evidence: v.refs,
    }));
    return { findings, refutations: [] };
  },
};

export default rule;
