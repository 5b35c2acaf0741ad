// The diagnosis as a debug-session document (shared/spec/debug-session-format.md).
import type { Report } from '../types.js';
import { appendEliminated, appendEvidence, createSession, writeSession } from '../session/index.js';
import { sessionContent } from './session-content.js';

export function renderMarkdown(report: Report, trigger?: string): string {
  const c = sessionContent(report, trigger);
  const created = report.generatedAt;
  let doc = createSession({
    trigger: c.trigger,
    created,
    updated: created,
    status: c.status,
    currentFocus: c.currentFocus,
    symptoms: c.symptoms,
    resolution: c.resolution,
  });
  for (const e of c.eliminated) doc = appendEliminated(doc, e).doc;
  for (const e of c.evidence) doc = appendEvidence(doc, e).doc;
  return writeSession(doc);
}
