// Evidence in, report out: run every rule (one failing rule does not stop the rest), reason
// over the findings, attach remediation, the member table and the timeline.
import { DEFAULT_THRESHOLDS } from './model/thresholds.js';
import { failureMode } from './model/failure-modes.js';
import { remediationsFor } from './model/remediations.js';
import { reason } from './reason/reason.js';
import { redactReport } from './report/redact.js';
import type { EtcdMemberRow, EvidenceSet, Finding, Refutation, Report, Rule, Thresholds, TimelinePoint } from './types.js';
import { maxIso } from './util/time.js';
import { collate } from './util/collate.js';
import { pushTo } from './rules/lib.js';

export interface AnalyseOptions {
  thresholds?: Partial<Thresholds>;
  symptom?: string;
  now?: Date;
}

export const MAX_TIMELINE_POINTS = 4000;

export function runRules(rules: Rule[], evidence: EvidenceSet, thresholds: Thresholds): { findings: Finding[]; refutations: Refutation[]; errors: string[] } {
  const findings: Finding[] = [];
  const refutations: Refutation[] = [];
  const errors: string[] = [];
  for (const rule of rules) {
    try {
      const r = rule.run({ evidence, thresholds });
      findings.push(...r.findings);
      refutations.push(...r.refutations);
    } catch (e) {
      errors.push(`rule ${rule.id} failed: ${(e as Error).message}`);
    }
  }
  return { findings, refutations, errors };
}

export function analyse(evidence: EvidenceSet, rules: Rule[], opts: AnalyseOptions = {}): Report {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...opts.thresholds };
  const { findings, refutations, errors } = runRules(rules, evidence, thresholds);
  if (errors.length) {
    if (!evidence.sources.length) evidence.sources.push({ kind: 'folder', location: '(none)', nodes: [], warnings: [] });
    evidence.sources[0].warnings.push(...errors);
  }
  const d = reason(findings, refutations, opts.symptom);
  const remediation = remediationsFor(d.rootCauses, findings, evidence);
  return redactReport({
    schemaVersion: 1,
    generatedAt: (opts.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    evidenceTime: evidenceTime(evidence),
    trigger: opts.symptom ?? (d.primary ? headline(d.primary) : undefined),
    sources: evidence.sources,
    symptoms: d.symptoms,
    rootCauses: d.rootCauses,
    eliminated: d.eliminated,
    unchecked: d.unchecked,
    findings: findings.map(({ rule, failureMode, subject, severity, message, count, firstSeen, lastSeen, evidence: ev, data }) => ({
      rule, failureMode, subject, severity, message, count, firstSeen, lastSeen, evidence: ev, data,
    })),
    remediation,
    etcdMembers: memberRows(evidence),
    timeline: timeline(evidence),
  });
}

/** A short statement of a symptom, as a person would first report it. */
function headline(f: Finding): string {
  const where = f.subject.kind === 'Pod' ? `${f.subject.namespace ?? 'default'}/${f.subject.name}` : f.subject.name;
  const n = f.pods && f.pods.length > 1 ? ` (${f.pods.length} pods)` : '';
  return `${failureMode(f.failureMode).title} on ${where}${n}`;
}

function evidenceTime(ev: EvidenceSet): string | undefined {
  let t: string | undefined;
  for (const s of ev.logStats) t = maxIso(t, s.lastTime);
  for (const s of ev.signals) t = maxIso(t, s.time);
  return t;
}

function memberRows(ev: EvidenceSet): EtcdMemberRow[] {
  return ev.etcdMembers.map((m) => ({
    name: m.name,
    id: m.id,
    node: m.node,
    endpoint: m.endpoint,
    reachable: m.reachable,
    dbSize: m.dbSize,
    dbSizeInUse: m.dbSizeInUse,
    inUseRatio: m.dbSize && m.dbSizeInUse !== undefined ? Math.round((m.dbSizeInUse / m.dbSize) * 1000) / 1000 : undefined,
    isLeader: m.isLeader,
    raftTerm: m.raftTerm,
  }));
}

/** Signal points over time, thinned evenly per (signal, node) when there are too many. */
function timeline(ev: EvidenceSet): TimelinePoint[] {
  const timed = ev.signals.filter((s) => s.time);
  const groups = new Map<string, typeof timed>();
  for (const s of timed) {
    const k = `${s.signal}|${s.node ?? ''}`;
    pushTo(groups, k, s);
  }
  const budget = Math.max(50, Math.floor(MAX_TIMELINE_POINTS / Math.max(1, groups.size)));
  const out: TimelinePoint[] = [];
  for (const list of groups.values()) {
    const step = list.length > budget ? list.length / budget : 1;
    for (let i = 0; i < list.length && out.length < MAX_TIMELINE_POINTS; i += step) {
      const s = list[Math.floor(i)];
      out.push({ signal: s.signal, node: s.node, component: s.component, time: s.time as string, durationMs: s.durationMs, ref: s.ref });
    }
  }
  return out.sort((a, b) => collate(a.time, b.time) || collate(a.signal, b.signal));
}
