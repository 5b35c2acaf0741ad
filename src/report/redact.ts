// Secrets never reach a report: every quoted excerpt (warnings are kubesleuth's own words) passes the bundle redactor (tokens, keys,
// passwords, credential-valued fields) before any reporter sees it. Offline inputs are the
// user's own files, but reports get pasted into tickets and chats.
import { Redactor } from '../collect/bundle/redact.js';
import type { EvidenceRef, Report } from '../types.js';

export function redactReport(report: Report): Report {
  const r = new Redactor();
  const seen = new Set<EvidenceRef>();
  const fix = (refs: EvidenceRef[] | undefined): void => {
    for (const ref of refs ?? []) {
      if (seen.has(ref)) continue;
      seen.add(ref);
      ref.excerpt = r.line(ref.excerpt);
    }
  };
  for (const s of report.symptoms) fix(s.evidence);
  for (const c of report.rootCauses) fix(c.evidence);
  for (const e of report.eliminated) fix(e.evidence);
  for (const f of report.findings) fix(f.evidence);
  fix(report.timeline.map((p) => p.ref));
  return report;
}
