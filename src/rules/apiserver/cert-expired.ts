// Expired (or not yet valid) certificates, in any component's log: Go's "x509: certificate has
// expired or is not yet valid: current time … is after …", kubelet's "part of the existing
// bootstrap client certificate in … is expired", and `kubeadm certs check-expiration` rows whose
// residual time is <invalid>. The same table with every residual time positive rules it out.
import type { EvidenceRef, Finding, Refutation, Rule, SignalEvent } from '../../types.js';
import { clusterSubject, groupBy, nodeSubject, signalsOf, summarise } from '../lib.js';

const rule: Rule = {
  id: 'apiserver/cert-expired',
  failureMode: 'apiserver-cert-expired',
  description: 'x509 "certificate has expired or is not yet valid" in any log, expired kubelet client certificates, <invalid> rows of kubeadm certs check-expiration.',
  run({ evidence }) {
    const findings: Finding[] = [];
    const refutations: Refutation[] = [];
    const rows = signalsOf(evidence, 'kubeadm.cert-row').filter((s) => typeof s.fields.cert === 'string');
    const expiredRows = rows.filter((s) => s.fields.expired === 1);
    const failures = [...signalsOf(evidence, 'apiserver.cert-expired', 'kubelet.client-cert-expired'), ...expiredRows];
    for (const [key, events] of groupBy(failures, (s) => `${s.node ?? ''}|${s.component}`)) {
      const [node, component] = key.split('|');
      const s = summarise(events);
      const notAfter = latest(events, 'notAfter');
      const now = latest(events, 'currentTime');
      const notYet = events.some((e) => e.fields.notYetValid === 1 || e.fields.notBefore !== undefined);
      const certs = [...new Set(events.map((e) => e.fields.cert ?? e.fields.file).filter((c): c is string => typeof c === 'string'))];
      const what = certs.length ? `certificate(s) ${certs.slice(0, 6).join(', ')}` : 'a certificate';
      findings.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: node ? nodeSubject(node) : clusterSubject(),
        node: node || undefined,
        severity: 'critical',
        message:
          `${component}${node ? ` on ${node}` : ''}: ${what} ${notYet ? 'not yet valid (is a clock behind?)' : 'expired'}` +
          `${notAfter ? ` — valid until ${notAfter}` : ''}${now ? `, checked at ${now}` : ''}; ${s.count} TLS failure(s)`,
        count: s.count,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        evidence: s.evidence,
        data: { notAfter, certs, notYetValid: notYet },
      });
    }
    if (!failures.length && rows.length) {
      const soonest = [...rows].sort((a, b) => residualDays(a) - residualDays(b))[0];
      refutations.push({
        rule: rule.id,
        failureMode: rule.failureMode,
        subject: soonest.node ? nodeSubject(soonest.node) : clusterSubject(),
        node: soonest.node,
        reason: `kubeadm certs check-expiration lists ${rows.length} certificates, all valid; the first to expire is ${soonest.fields.cert} in ${soonest.fields.residual} (${soonest.fields.expires})`,
        evidence: rows.slice(0, 4).map((r): EvidenceRef => r.ref),
      });
    }
    return { findings, refutations };
  },
};

function latest(events: SignalEvent[], field: string): string | undefined {
  const v = events.map((e) => e.fields[field]).filter((x): x is string => typeof x === 'string');
  return v.sort().pop();
}

/** kubeadm residual times: "226d", "9y", "23h". */
function residualDays(s: SignalEvent): number {
  const m = /^(\d+)([ydhms])/.exec(String(s.fields.residual));
  if (!m) return 0;
  const n = Number(m[1]);
  return n * ({ y: 365, d: 1, h: 1 / 24, m: 1 / 1440, s: 1 / 86400 } as Record<string, number>)[m[2]];
}

export default rule;
