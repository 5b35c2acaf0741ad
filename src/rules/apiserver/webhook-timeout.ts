// Admission webhooks the apiserver cannot call: `failed calling webhook "<name>": failed to call
// webhook: Post "https://<svc>.<ns>.svc:443/…?timeout=10s": context deadline exceeded` in the
// apiserver's log (`Failed calling webhook, failing open|closed …`), in clients' errors and in
// controllers' FailedCreate events. One finding per webhook. A kube-apiserver log with no such
// line rules it out.
import type { Finding, Refutation, Rule, SignalEvent } from '../../types.js';
import { clusterSubject, signalText, signalsOf, summarise, pushTo } from '../lib.js';

const TIMEOUT = /deadline exceeded|timeout|timed out|Client\.Timeout/i;
/** kube-apiserver log lines needed to say no webhook failed. */
const MIN_CLEAN_LINES = 20;

const rule: Rule = {
  id: 'apiserver/webhook-timeout',
  failureMode: 'webhook-timeout',
  description: 'Admission webhook calls that fail or time out, per webhook, from apiserver logs, client errors and events.',
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const text = signalText(evidence);
    const failed = signalsOf(evidence, 'apiserver.webhook-failed');
    const byHook = new Map<string, SignalEvent[]>();
    for (const s of failed) {
      const name = typeof s.fields.webhook === 'string' ? s.fields.webhook : '(unnamed webhook)';
      pushTo(byHook, name, s);
    }
    for (const [hook, events] of byHook) {
      const s = summarise(events);
      // The webhook URL carries its own `?timeout=10s`: not a timeout that happened.
      const texts = events.map((e) => text(e).replace(/[?&]timeout=\w+/g, ''));
      const timeouts = texts.filter((t) => TIMEOUT.test(t)).length;
      const closed = events.some((e) => e.fields.policy === 'closed') || texts.some((t) => /Internal error occurred: failed calling webhook/.test(t));
      const open = events.some((e) => e.fields.policy === 'open');
      const service = /Post \\*"?https:\/\/([\w.-]+)(?::\d+)?\//.exec(texts.join('\n'))?.[1];
      const causes = [...new Set(texts.map(causeOf).filter((c): c is string => !!c))];
      const nodes = [...new Set(events.map((e) => e.node).filter((n): n is string => !!n))];
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: hook === '(unnamed webhook)' ? clusterSubject() : { kind: 'Cluster', name: hook },
        node: nodes.length === 1 ? nodes[0] : undefined,
        severity: closed || timeouts > 0 ? 'critical' : 'warning',
        message:
          `admission webhook ${hook}${service ? ` (${service})` : ''} fails: ${s.count} failed call(s)${timeouts ? `, ${timeouts} timed out` : ''}` +
          `${causes.length ? ` (${causes.join(', ')})` : ''}; ${closed ? 'failing closed: matching requests are rejected' : open ? 'failing open: matching requests wait for the timeout, then pass' : 'requests that need it fail'}`,
        count: s.count,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: s.evidence,
        data: { webhook: hook, service, timeouts, failurePolicy: closed ? 'Fail' : open ? 'Ignore' : undefined, causes },
      });
    }
    if (findings.length) return { findings, refutations };
    const logs = evidence.logStats.filter((l) => l.component === 'kube-apiserver' && l.lines >= MIN_CLEAN_LINES);
    if (logs.length) {
      const lines = logs.reduce((n, l) => n + l.lines, 0);
      refutations.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: clusterSubject(),
        reason: `no failed webhook call in ${lines} lines of kube-apiserver log${logs.length > 1 ? ` (${logs.length} apiservers)` : ''}`,
        evidence: logs.slice(0, 3).map((l) => ({ source: l.source, excerpt: `${l.lines} lines, no "failed calling webhook"` })),
      });
    }
    return { findings, refutations };
  },
};

function causeOf(t: string): string | undefined {
  if (/deadline exceeded|timeout|timed out/i.test(t)) return 'timeout';
  if (/no endpoints available for service/.test(t)) return 'no endpoints behind the service';
  if (/connection refused/.test(t)) return 'connection refused';
  if (/x509|certificate/.test(t)) return 'TLS certificate error';
  if (/no such host|lookup /.test(t)) return 'service name does not resolve';
  if (/Service Unavailable|503/.test(t)) return 'service unavailable';
  return undefined;
}

export default rule;
