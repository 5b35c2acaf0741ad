// kubelet cannot fetch projected service-account tokens because the TokenRequest times out:
// `MountVolume.SetUp failed for volume "kube-api-access-…" : failed to fetch token: Timeout`.
import type { Finding, Rule } from '../../types.js';
import { groupBy, nodeSubject, signalText, signalsOf, summarise, placedOnPodNode, podsNamed } from '../lib.js';

// kubelet's own "Server rejected event" lines quote the failure they tried to report: echoes, not failures.
const ECHO = /Server rejected event|Unable to write event/;
const TIMEOUT = /Timeout|deadline exceeded|timed out|i\/o timeout/i;

const rule: Rule = {
  id: 'kubelet/sa-token-fetch-timeout',
  failureMode: 'sa-token-fetch-timeout',
  description: 'Projected service-account token volumes failing to mount because the token request times out.',
  run({ evidence }) {
    const text = signalText(evidence);
    const fails = placedOnPodNode(evidence, signalsOf(evidence, 'kubelet.token-fetch-failed'))
      .filter((s) => TIMEOUT.test(text(s)) && !ECHO.test(s.ref.excerpt));
    const findings: Finding[] = [];
    for (const [node, events] of groupBy(fails, (s) => s.node ?? '')) {
      const s = summarise(events);
      const pods = podsNamed(events);
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: node ? nodeSubject(node) : { kind: 'Cluster', name: 'cluster' },
        node: node || undefined,
        severity: 'critical',
        message: `kubelet${node ? ` on ${node}` : ''} cannot fetch service-account tokens (TokenRequest timed out ${s.count} time(s))${pods.length ? ` for ${pods.length} pod(s): ${pods.slice(0, 5).join(', ')}${pods.length > 5 ? ', …' : ''}` : ''}`,
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
