/**
 * `session verify`: comparing the root causes and symptoms a session recorded with a fresh diagnosis, and the
 * ✅/❌ lines, status and Current Focus that follow from it. Pure: recorded items and the new diagnosis (as plain
 * labels and messages) in, verdicts out; the CLI (src/cli/session-file.ts) runs the sources and writes the file.
 *
 * Each recorded item is
 *   - present   (❌ still present) when the new diagnosis has a finding with the same failure mode and subject;
 *   - gone      (✅ no longer found) when it has none and the subject appears in the new evidence — with the reason a
 *               rule gave for ruling it out when there is one (e.g. "not fragmented: 57 MB allocated, …");
 *   - unchecked (❌ not verified) when the subject does not appear in the new evidence at all, so its absence says
 *               nothing (a bundle from other nodes, a missing status table).
 * Root causes and symptoms the new diagnosis finds that were never recorded are listed as `new` (❌).
 * Status: `investigating` when anything is present or new, `verifying` when something could not be checked,
 * `resolved` otherwise.
 */
import type { EvidenceSet, Subject } from '../types.js';
import { type RecordedItem, type RecordedKind, itemLabel } from './verify-record.js';

export interface CurrentItem {
  failureMode: string;
  subject: string;
  message: string;
}

export interface CurrentDiagnosis {
  findings: CurrentItem[];
  rootCauses: CurrentItem[];
  symptoms: CurrentItem[];
  /** Rules' reasons for ruling a failure mode out on a subject (message = reason). */
  refutations: CurrentItem[];
  /** Names the new evidence mentions (nodes, members, pods …); see `evidenceNames`. */
  seen: ReadonlySet<string>;
}

export type Outcome = 'gone' | 'present' | 'unchecked' | 'new';

export interface ItemVerdict {
  kind: RecordedKind;
  failureMode: string;
  subject: string;
  outcome: Outcome;
  detail: string;
  /** The ✅/❌ line. */
  line: string;
}

export type VerifiedStatus = 'resolved' | 'investigating' | 'verifying';

export interface Verification {
  verdicts: ItemVerdict[];
  status: VerifiedStatus;
  counts: Record<Outcome, number>;
}

const MAX_DETAIL = 220;

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_DETAIL ? `${one.slice(0, MAX_DETAIL - 1)}…` : one;
}

const same = (a: { failureMode: string; subject: string }, b: { failureMode: string; subject: string }): boolean =>
  a.failureMode === b.failureMode && a.subject === b.subject;

/** True when the subject is named anywhere in the new evidence (`the cluster` always is). */
export function subjectSeen(subject: string, seen: ReadonlySet<string>): boolean {
  return subject === 'the cluster' || seen.has(subject);
}

export function compareDiagnosis(recorded: readonly RecordedItem[], current: CurrentDiagnosis): Verification {
  const verdicts: ItemVerdict[] = [];
  for (const item of recorded) {
    const label = itemLabel(item);
    const found = current.findings.find((f) => same(f, item)) ?? [...current.rootCauses, ...current.symptoms].find((f) => same(f, item));
    if (found) {
      const detail = short(found.message);
      verdicts.push({ ...item, outcome: 'present', detail, line: `❌ ${label}: still present: ${detail}` });
      continue;
    }
    const refuted = current.refutations.find((r) => same(r, item));
    if (refuted) {
      const detail = short(refuted.message);
      verdicts.push({ ...item, outcome: 'gone', detail, line: `✅ ${label}: no longer found (${detail})` });
    } else if (subjectSeen(item.subject, current.seen)) {
      const detail = `no ${item.failureMode} finding for ${item.subject} in the new evidence`;
      verdicts.push({ ...item, outcome: 'gone', detail, line: `✅ ${label}: no longer found (${detail})` });
    } else {
      const detail = `${item.subject} does not appear in the new evidence, so its absence proves nothing`;
      verdicts.push({ ...item, outcome: 'unchecked', detail, line: `❌ ${label}: not verified: ${detail}` });
    }
  }
  const fresh: Array<[RecordedKind, CurrentItem]> = [
    ...current.rootCauses.map((r): [RecordedKind, CurrentItem] => ['root cause', r]),
    ...current.symptoms.map((s): [RecordedKind, CurrentItem] => ['symptom', s]),
  ];
  for (const [kind, f] of fresh) {
    if (recorded.some((r) => same(r, f)) || verdicts.some((v) => same(v, f))) continue;
    const detail = short(f.message);
    verdicts.push({ kind, failureMode: f.failureMode, subject: f.subject, outcome: 'new', detail, line: `❌ ${itemLabel(f)}: new since the recorded diagnosis (${kind}): ${detail}` });
  }
  const counts: Record<Outcome, number> = { gone: 0, present: 0, unchecked: 0, new: 0 };
  for (const v of verdicts) counts[v.outcome] += 1;
  const status: VerifiedStatus = counts.present + counts.new > 0 ? 'investigating' : counts.unchecked > 0 ? 'verifying' : 'resolved';
  return { verdicts, status, counts };
}

/** One line: `3 of 4 recorded root causes and symptoms gone, 1 still present, 1 new`. */
export function verdictSummary(v: Verification): string {
  const recorded = v.verdicts.length - v.counts.new;
  const parts = [`${v.counts.gone} of ${recorded} recorded root cause(s) and symptom(s) gone`];
  if (v.counts.present) parts.push(`${v.counts.present} still present`);
  if (v.counts.unchecked) parts.push(`${v.counts.unchecked} not verifiable from these sources`);
  if (v.counts.new) parts.push(`${v.counts.new} new`);
  return parts.join(', ');
}

export interface VerificationContext {
  /** When verify ran (ISO). */
  at: string;
  /** The command that was re-run. */
  command: string;
  evidenceTime?: string;
}

/** The Resolution `verification` block: a heading line, the ✅/❌ lines, the result. */
export function verificationText(v: Verification, ctx: VerificationContext): string {
  const head =
    v.status === 'resolved'
      ? 'VERIFIED'
      : v.status === 'verifying'
        ? 'INCOMPLETE VERIFICATION'
        : v.counts.gone > 0
          ? 'PARTIAL VERIFICATION'
          : 'FAILED VERIFICATION';
  const lines = [
    `${head} (kubesleuth session verify at ${ctx.at}; re-ran: ${ctx.command}${ctx.evidenceTime ? `; evidence up to ${ctx.evidenceTime}` : ''}):`,
    ...v.verdicts.map((d) => d.line),
    '',
    `${verdictSummary(v)} → status ${v.status}`,
  ];
  return lines.join('\n');
}

export interface FocusContext extends VerificationContext {
  /** The session file as the user named it (for commands in next_action). */
  file: string;
  /** The folder open sessions live in (where a new one would go). */
  openFolder: string;
  /** The first remediation step or command the new diagnosis proposes, if any. */
  nextFix?: string;
}

/** Current Focus after a verification: what is still wrong and the next concrete action. */
export function verificationFocus(v: Verification, ctx: FocusContext): { hypothesis: string; test: string; expecting: string; next_action: string } {
  const test = `kubesleuth session verify re-ran ${ctx.command} at ${ctx.at}: ${verdictSummary(v)}`;
  const present = v.verdicts.filter((d) => d.outcome === 'present' || d.outcome === 'new');
  const unchecked = v.verdicts.filter((d) => d.outcome === 'unchecked');
  const rerun = `kubesleuth session verify ${ctx.file}`;
  if (v.status === 'resolved') {
    return {
      hypothesis: `Fixed: every recorded root cause and symptom is gone (${v.verdicts.length} checked)`,
      test,
      expecting: 'No recurrence; the ✅ lines under Resolution verification keep holding',
      next_action: `Nothing open. If the problem returns, capture new evidence and open a new session: kubesleuth diagnose <capture> --session ${ctx.openFolder}`,
    };
  }
  if (present.length) {
    const first = present[0];
    const more = present.length > 1 ? ` (and ${present.slice(1).map((d) => itemLabel(d)).join(', ')})` : '';
    return {
      hypothesis: `${itemLabel(first)} ${first.outcome === 'new' ? 'appeared' : 'persists'} after the fix${more}: ${first.detail}`,
      test,
      expecting: `Once ${itemLabel(first)} is fixed, ${rerun} shows every item ✅`,
      next_action: ctx.nextFix ?? `Look at ${first.subject} for the cause of ${first.failureMode} (capture its kubelet, containerd and apiserver logs and events), then run: ${ctx.command} --session ${ctx.file}`,
    };
  }
  const uncovered = [...new Set(unchecked.map((d) => d.subject))].join(', ');
  return {
    hypothesis: v.counts.gone
      ? `Partly verified: ${v.counts.gone} item(s) gone, but ${unchecked.map((d) => itemLabel(d)).join(', ')} could not be checked: the new evidence does not cover ${uncovered}`
      : `Not verified: the new evidence does not cover ${uncovered}, so none of the recorded root causes and symptoms could be checked`,
    test,
    expecting: 'Evidence that covers those subjects shows them gone too',
    next_action: `Capture evidence that includes ${uncovered}, then run: ${rerun} --paths <new capture>`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What the new evidence covers

/** Every node, etcd member, pod and object name the evidence mentions. */
export function evidenceNames(ev: EvidenceSet): Set<string> {
  const names = new Set<string>();
  const add = (...xs: Array<string | undefined>): void => {
    for (const x of xs) if (x) names.add(x);
  };
  for (const s of ev.sources) add(...s.nodes);
  for (const n of ev.nodes) add(n.name);
  for (const m of ev.etcdMembers) add(m.name, m.id, m.node, m.endpoint);
  for (const p of ev.pods) {
    add(p.node, `${p.namespace}/${p.name}`);
  }
  for (const e of ev.events) add(e.node, e.objectKind === 'Pod' && e.objectName ? `${e.namespace ?? 'default'}/${e.objectName}` : undefined);
  for (const p of ev.processes) add(p.node);
  for (const d of ev.diskIo) add(d.node);
  for (const m of ev.nodeMetrics) add(m.node);
  for (const o of ev.objects) add(o.node, o.name, o.namespace ? `${o.namespace}/${o.name}` : undefined);
  for (const s of ev.signals) add(s.node, s.pod);
  for (const l of ev.logStats) add(l.node);
  return names;
}

/** The subject as kubesleuth writes it (see src/report/session-content.ts). */
export function subjectLabel(s: Subject): string {
  return s.kind === 'Pod' ? `${s.namespace ?? 'default'}/${s.name}` : s.kind === 'Cluster' ? 'the cluster' : s.name;
}
