// `diagnose --session FILE` and `session verify FILE`: create, extend and verify a debug-session document.
//
// Every `diagnose --session` run appends a run record to Evidence (see src/session/verify-record.ts): `checked`
// holds the re-runnable command `kubesleuth diagnose <paths as given> [analysis flags]`, `found` lists the root
// causes and symptoms it found. `session verify` re-runs the latest recorded command (or --paths), compares with
// every recorded root cause and symptom (src/session/verify.ts) and writes the ✅/❌ lines, status, focus and a run
// record of its own. Relative paths are stored as given and resolved against the current directory at verify time.
import { existsSync, statSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../intake/errors.js';
import { DEFAULT_THRESHOLDS } from '../model/thresholds.js';
import type { Report } from '../types.js';
import {
  type SessionDocument,
  type Symptoms,
  appendEliminated,
  appendEvidence,
  createSession,
  getSection,
  parseSession,
  sectionFields,
  sectionValue,
  setCurrentFocus,
  setResolution,
  setStatus,
  setSymptoms,
  valueText,
  writeSession,
} from '../session/index.js';
import { type RecordedItem, formatDiagnoseCommand, formatItemList, itemLabel, recordedCommand, recordedItems } from '../session/verify-record.js';
import { type CurrentDiagnosis, compareDiagnosis, evidenceNames, subjectLabel, verdictSummary, verificationFocus, verificationText } from '../session/verify.js';
import { sessionContent } from '../report/session-content.js';
import { DIAGNOSE_OPTIONS, diagnoseOptionsFrom, parseDiagnoseArgs } from './diagnose.js';
import { writeFileAtomic, type Io } from './io.js';

export interface SessionRun {
  paths: string[];
  argv: string[];
  symptom?: string;
}

/** Where `--session` writes when given an empty value (`--session=`). */
export const DEFAULT_SESSION_FOLDER = path.join('.planning', 'debug');

/** Lower-case words of the trigger joined by `-`, cut at a word boundary (at most 60 characters). */
export function slugOf(trigger: string): string {
  const words = trigger.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  let slug = '';
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > 60) break;
    slug = next;
  }
  return slug || words[0]?.slice(0, 60) || 'investigation';
}

/**
 * The document a `--session` value names: an existing file, or a path ending in `.md`/`.markdown`, is the file;
 * an existing folder, or any other path (created when missing), holds `<slug-of-trigger>.md`; an empty value means
 * `.planning/debug/`.
 */
export function sessionPath(target: string, trigger: string): string {
  if (target === '') return path.join(DEFAULT_SESSION_FOLDER, `${slugOf(trigger)}.md`);
  if (existsSync(target)) return statSync(target).isDirectory() ? path.join(target, `${slugOf(trigger)}.md`) : target;
  if (/\.(md|markdown)$/i.test(target) || target.endsWith('.txt')) return target;
  return path.join(target, `${slugOf(trigger)}.md`);
}

// ---------------------------------------------------------------------------------------------------------------
// The recorded command

// Output flags are not worth re-running; request headers may hold credentials, which never go into a document.
const NOT_RECORDED = new Set(['output', 'out', 'session', 'debug', 'prometheus-header', 'quiet']);
const LIVE_SOURCE = new Set(['etcd-endpoints', 'cacert', 'cert', 'key', 'timeout', 'kubeconfig', 'context', 'talosconfig', 'nodes', 'prometheus', 'prometheus-header', 'since', 'tail']);

/**
 * The diagnose arguments worth re-running: paths as given, then the flags that choose sources or change the
 * analysis (`--symptom`, `--threshold`, `--etcd-endpoints` and its TLS flags); output flags are left out.
 */
export function recordedArgs(argv: readonly string[]): string[] {
  const { tokens } = parseArgs({ args: [...argv], options: DIAGNOSE_OPTIONS, allowPositionals: true, strict: true, tokens: true });
  const paths: string[] = [];
  const flags: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') paths.push(t.value);
    else if (t.kind === 'option' && !NOT_RECORDED.has(t.name)) flags.push(`--${t.name}`, ...(t.value !== undefined ? [t.value] : []));
  }
  return paths.some((p) => p.startsWith('-')) ? [...flags, '--', ...paths] : [...paths, ...flags];
}

/** The same arguments with the sources replaced by `paths` (live-source flags dropped, analysis flags kept). */
export function withPaths(args: readonly string[], paths: readonly string[]): string[] {
  const { tokens } = parseArgs({ args: [...args], options: DIAGNOSE_OPTIONS, allowPositionals: true, strict: true, tokens: true });
  const flags: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'option' && !NOT_RECORDED.has(t.name) && !LIVE_SOURCE.has(t.name)) flags.push(`--${t.name}`, ...(t.value !== undefined ? [t.value] : []));
  }
  return paths.some((p) => p.startsWith('-')) ? [...flags, '--', ...paths] : [...paths, ...flags];
}

async function diagnoseOptionsOf(args: readonly string[], file: string, given: boolean, io: Io): Promise<import('../diagnose.js').DiagnoseOptions> {
  let parsed;
  try {
    parsed = parseDiagnoseArgs(args);
  } catch (e) {
    throw new UserError(`${file}: the recorded command does not parse (${(e as Error).message.split('\n')[0]}); pass the sources with --paths`);
  }
  const { values, positionals } = parsed;
  for (const p of positionals) {
    if (existsSync(p)) continue;
    throw new UserError(
      given
        ? `--paths: no such file or folder: ${p}`
        : `${file}: recorded source ${p} not found (recorded paths resolve from the current directory, ${process.cwd()}; run from where the session was written, or pass --paths)`,
    );
  }
  const { hasSource, ...options } = await diagnoseOptionsFrom(values, positionals, io);
  if (!hasSource) throw new UserError(`${file}: the recorded command names no sources; pass them with --paths`);
  return options;
}

// ---------------------------------------------------------------------------------------------------------------
// diagnose --session

const stamp = (iso: string): string => iso.replace(/\.\d{3}Z$/, 'Z');

function runFound(report: Report): string {
  const roots = report.rootCauses.map((r) => itemLabel({ failureMode: r.failureMode, subject: subjectLabel(r.subject) }));
  const symptoms = report.symptoms.map((s) => itemLabel({ failureMode: s.failureMode, subject: subjectLabel(s.subject) }));
  return [
    formatItemList('root cause', [...new Set(roots)]),
    formatItemList('symptom', [...new Set(symptoms)]),
    `${report.findings.length} finding(s), ${report.eliminated.length} eliminated${report.evidenceTime ? `, evidence up to ${stamp(report.evidenceTime)}` : ''}`,
  ].join('; ');
}

/** Fills Symptoms fields that are still empty (the section is written while gathering, then left alone). */
function fillEmptySymptoms(doc: SessionDocument, symptoms: Symptoms): SessionDocument {
  const fields = sectionFields(getSection(doc, 'Symptoms'));
  const missing: Partial<Symptoms> = {};
  for (const [k, v] of Object.entries(symptoms) as Array<[keyof Symptoms, string]>) {
    const f = fields.find((x) => x.key === k);
    if (v && (!f || (valueText(f.value) ?? '').trim() === '')) missing[k] = v;
  }
  return Object.keys(missing).length ? setSymptoms(doc, missing).doc : doc;
}

/**
 * Creates the session document (status `diagnosed` with a root cause, else `investigating`) or updates it: status,
 * Current Focus and Resolution overwritten, empty Symptoms fields filled, new Evidence and Eliminated items appended
 * (never one already present), `trigger`/`created` kept, `updated` bumped. Returns the file written.
 */
export async function updateSessionFile(target: string, report: Report, run: SessionRun): Promise<string> {
  const c = sessionContent(report, run.symptom);
  const file = sessionPath(target, c.trigger);
  const now = stamp(report.generatedAt);
  const exists = existsSync(file);
  let doc: SessionDocument;
  if (exists) {
    doc = parseSession(await readFile(file, 'utf8'));
    if (!doc.frontMatter) throw new UserError(`${file} is not a debug-session document (no --- front matter); give another --session FILE`);
    doc = setStatus(doc, c.status, now).doc;
    doc = setCurrentFocus(doc, c.currentFocus).doc;
    doc = fillEmptySymptoms(doc, c.symptoms);
    // files_changed is a person's list: never overwritten by a diagnosis.
    // A run that finds no root cause does not undo one found earlier: root_cause and fix stay until a run finds one.
    const { files_changed: _kept, root_cause, fix, verification } = c.resolution;
    const known = (sectionValue(doc, 'Resolution', 'root_cause') ?? '').trim() !== '';
    doc = setResolution(doc, report.rootCauses.length || !known ? { root_cause, fix, verification } : { verification }).doc;
  } else {
    doc = createSession({
      trigger: c.trigger, created: now, updated: now, status: c.status, currentFocus: c.currentFocus, symptoms: c.symptoms, resolution: c.resolution,
    });
  }
  // Entries are dated when this run checked them (the evidence's own times are in `found`).
  doc = appendEvidence(doc, {
    timestamp: now,
    checked: formatDiagnoseCommand(recordedArgs(run.argv)),
    found: runFound(report),
    implication:
      'Sources of this session, paths as given (relative ones resolve from the directory kubesleuth runs in); kubesleuth session verify re-runs this command and checks every root cause and symptom listed',
  }).doc;
  for (const e of c.eliminated) doc = appendEliminated(doc, { ...e, timestamp: now }).doc;
  for (const e of c.evidence) doc = appendEvidence(doc, { ...e, timestamp: now }).doc;
  await writeFileAtomic(file, writeSession(doc));
  return file;
}

// ---------------------------------------------------------------------------------------------------------------
// session verify

export interface VerifyOptions {
  /** Sources to use instead of the recorded ones (e.g. a bundle captured after the fix). */
  paths?: string[];
}

/** Where the document belongs after verification: `resolved/` beside it when resolved, out of `resolved/` otherwise. */
export function placeAfterVerify(file: string, resolved: boolean): string {
  const dir = path.dirname(file);
  const inResolved = path.basename(path.resolve(dir)) === 'resolved';
  if (resolved && !inResolved) return path.join(dir, 'resolved', path.basename(file));
  if (!resolved && inResolved) return path.join(path.dirname(dir), path.basename(file));
  return file;
}

function freePath(wanted: string, current: string): string {
  if (wanted === current || !existsSync(wanted)) return wanted;
  const ext = path.extname(wanted);
  const stem = wanted.slice(0, wanted.length - ext.length);
  for (let n = 2; ; n++) if (!existsSync(`${stem}-${n}${ext}`)) return `${stem}-${n}${ext}`;
}

export async function verifySessionFile(file: string, io: Io, opts: VerifyOptions = {}): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`cannot read ${file}`);
  }
  let doc = parseSession(text);
  if (!doc.frontMatter) throw new UserError(`${file} is not a debug-session document (no --- front matter)`);

  const lookup = recordedCommand(doc);
  let args: string[];
  if (opts.paths?.length) {
    args = withPaths(lookup.ok ? lookup.command.args : [], opts.paths);
  } else if (lookup.ok) {
    args = lookup.command.args;
  } else {
    throw new UserError(`${file}: ${lookup.reason}${lookup.line ? ` (line ${lookup.line})` : ''}; give the sources with --paths P…`);
  }
  const recorded: RecordedItem[] = recordedItems(doc);
  if (!recorded.length) {
    throw new UserError(
      `${file}: nothing to verify: no root cause or symptom is recorded in kubesleuth's "<failure-mode> on <subject>" form (a hand-written session?); record a diagnosis first: kubesleuth diagnose PATH… --session ${file}`,
    );
  }
  const options = await diagnoseOptionsOf(args, file, !!opts.paths?.length, io);
  const command = formatDiagnoseCommand(args);

  const [{ collectEvidence }, { analyse, runRules }, { loadRules }] = await Promise.all([
    import('../diagnose.js'),
    import('../analyse.js'),
    import('../rules/registry.js'),
  ]);
  const evidence = await collectEvidence(options);
  const rules = await loadRules();
  const { refutations } = runRules(rules, evidence, { ...DEFAULT_THRESHOLDS, ...options.thresholds });
  const report = analyse(evidence, rules, options);

  const item = (failureMode: string, subject: Parameters<typeof subjectLabel>[0], message: string) => ({ failureMode, subject: subjectLabel(subject), message });
  const current: CurrentDiagnosis = {
    findings: report.findings.map((f) => item(f.failureMode, f.subject, f.message)),
    rootCauses: report.rootCauses.map((r) => item(r.failureMode, r.subject, r.summary)),
    symptoms: report.symptoms.map((s) => item(s.failureMode, s.subject, s.summary)),
    refutations: refutations.map((r) => item(r.failureMode, r.subject, r.reason)),
    seen: evidenceNames(evidence),
  };
  const v = compareDiagnosis(recorded, current);

  const now = stamp(report.generatedAt);
  const ctx = { at: now, command, evidenceTime: report.evidenceTime ? stamp(report.evidenceTime) : undefined };
  const next = sessionContent(report);
  const nextFix = report.rootCauses.length ? next.currentFocus.next_action : undefined;
  doc = setStatus(doc, v.status, now).doc;
  const dest = freePath(placeAfterVerify(file, v.status === 'resolved'), file);
  const openFolder = `${path.dirname(placeAfterVerify(file, false))}${path.sep}`;
  doc = setCurrentFocus(doc, verificationFocus(v, { ...ctx, file: dest, openFolder, nextFix })).doc;
  doc = setResolution(doc, { verification: verificationText(v, ctx) }).doc;
  doc = appendEvidence(doc, {
    timestamp: now,
    checked: `kubesleuth session verify, re-running ${command}`,
    found: runFound(report),
    implication: `${verdictSummary(v)}: ${v.status === 'resolved' ? 'resolved' : v.status === 'verifying' ? 'not verifiable yet' : `not resolved (${v.verdicts.filter((d) => d.outcome === 'present' || d.outcome === 'new').map(itemLabel).join(', ')}), back to investigating`}`,
  }).doc;

  await writeFileAtomic(dest, writeSession(doc));
  if (dest !== file) await unlink(file);

  for (const d of v.verdicts) io.stdout(`${d.line}\n`);
  io.stdout(`${verdictSummary(v)} → status ${v.status}\n`);
  if (dest !== file) io.stdout(`session moved to ${dest}\n`);
  else io.stdout(`session updated: ${dest}\n`);
  return v.status === 'resolved' ? 0 : 1;
}
