// `diagnose --session FILE` and `session verify FILE`: create or extend a debug-session document.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '../types.js';
import {
  appendEliminated, appendEvidence, createSession, parseSession, setCurrentFocus, setResolution, setStatus, writeSession,
} from '../session/index.js';
import { sessionContent } from '../report/session-content.js';
import { writeFileAtomic, type Io } from './io.js';

export interface SessionRun {
  paths: string[];
  argv: string[];
  symptom?: string;
}

export function slugOf(trigger: string): string {
  return trigger.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'investigation';
}

/** FILE may be a document path or a folder (then .planning/debug style: <folder>/<slug>.md). */
export async function updateSessionFile(target: string, report: Report, run: SessionRun): Promise<string> {
  const c = sessionContent(report, run.symptom);
  const file = target.endsWith('.md') ? target : path.join(target, `${slugOf(c.trigger)}.md`);
  const now = report.generatedAt;
  const sourcesLine = `kubesleuth diagnose ${run.argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`;
  let doc = existsSync(file)
    ? parseSession(await readFile(file, 'utf8'))
    : createSession({ trigger: c.trigger, created: now, updated: now, status: c.status, currentFocus: c.currentFocus, symptoms: c.symptoms, resolution: c.resolution });
  if (existsSync(file)) {
    doc = setStatus(doc, c.status, now).doc;
    doc = setCurrentFocus(doc, c.currentFocus).doc;
    doc = setResolution(doc, c.resolution).doc;
  }
  doc = appendEvidence(doc, { timestamp: now, checked: `sources: ${sourcesLine}`, found: `${report.findings.length} findings, ${report.rootCauses.length} root cause(s), ${report.eliminated.length} eliminated`, implication: 'Re-run with the same command to refresh this session' }, { ignoreKeys: ['timestamp'] }).doc;
  for (const e of c.eliminated) doc = appendEliminated(doc, e, { ignoreKeys: ['timestamp'] }).doc;
  for (const e of c.evidence) doc = appendEvidence(doc, e, { ignoreKeys: ['timestamp'] }).doc;
  await writeFileAtomic(file, writeSession(doc));
  return file;
}

export async function verifySessionFile(file: string, io: Io): Promise<number> {
  io.stderr(`session verify: ${file}: not implemented yet\n`);
  return 2;
}
