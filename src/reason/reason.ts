// From findings to a diagnosis: symptoms, chains to root causes (ranked), what was ruled out,
// what could not be checked.
import { failureMode } from '../model/failure-modes.js';
import type { ChainLink, Eliminated, Finding, Refutation, RootCause, Subject, SymptomEntry, Unchecked } from '../types.js';
import { walkUp, type Step, type Walk } from './chains.js';
import { collate } from '../util/collate.js';

export interface Diagnosis {
  symptoms: SymptomEntry[];
  rootCauses: RootCause[];
  eliminated: Eliminated[];
  unchecked: Unchecked[];
  /** The symptom the ranking puts first (the trigger). */
  primary?: Finding;
}

/** Which symptom a user most likely came with, when they did not say. */
const SYMPTOM_ORDER = ['pod-stuck-containercreating', 'apiserver-unavailable', 'node-not-ready', 'pod-crashloop', 'metrics-unavailable'];
const SYMPTOM_WORDS: Record<string, RegExp> = {
  'pod-stuck-containercreating': /containercreating|stuck|pending|won'?t start|never start/i,
  'pod-crashloop': /crash|restart|backoff|crashloop/i,
  'node-not-ready': /notready|not ready|node.*down/i,
  'apiserver-unavailable': /api ?server|kubectl.*(hang|time)|timeout/i,
  'metrics-unavailable': /top|metrics|unknown/i,
};

const link = (f: Finding): ChainLink => ({ failureMode: f.failureMode, subject: f.subject });
const key = (failureModeId: string, s: Subject): string => `${failureModeId}|${s.kind}|${s.namespace ?? ''}|${s.name}`;

export function pickPrimary(symptoms: Finding[], symptomText?: string): Finding | undefined {
  const rank = (f: Finding): number => {
    const order = SYMPTOM_ORDER.indexOf(f.failureMode);
    const said = symptomText && SYMPTOM_WORDS[f.failureMode]?.test(symptomText) ? -100 : 0;
    const named = symptomText && (symptomText.includes(f.subject.name) || (f.pods ?? []).some((p) => symptomText.includes(p.split('/')[1]))) ? -50 : 0;
    const severe = f.severity === 'critical' ? -5 : 0;
    return order + said + named + severe;
  };
  return [...symptoms].sort((a, b) => rank(a) - rank(b) || (b.count ?? 0) - (a.count ?? 0))[0];
}

interface RootAcc {
  finding: Finding;
  chains: Step[][];
  explains: Map<string, Finding>;
  viaCluster: boolean;
}

export function reason(findings: Finding[], refutations: Refutation[], symptomText?: string): Diagnosis {
  const symptomFindings = findings.filter((f) => failureMode(f.failureMode).kind === 'symptom');
  const primary = pickPrimary(symptomFindings, symptomText);
  const roots = new Map<string, RootAcc>();
  const walks: Walk[] = [];
  const inChains = new Set<Finding>();

  const record = (walk: Walk, symptom: Finding | undefined): void => {
    walks.push(walk);
    for (const chain of walk.chains) {
      for (const s of chain) inChains.add(s.finding);
      const root = chain[chain.length - 1].finding;
      if (symptom && root === symptom) continue; // an unexplained symptom is not its own root cause
      if (!symptom && root.severity === 'info') continue; // informational and explaining nothing: a finding, not a root cause
      const k = key(root.failureMode, root.subject);
      const acc: RootAcc = roots.get(k) ?? { finding: root, chains: [], explains: new Map(), viaCluster: false };
      acc.chains.push(chain);
      if (symptom) acc.explains.set(key(symptom.failureMode, symptom.subject), symptom);
      if (chain.some((s) => s.via && (s.via.when === 'reaches' || s.via.when === 'cluster') && s.finding.node !== symptom?.node)) acc.viaCluster = true;
      roots.set(k, acc);
    }
  };

  for (const s of symptomFindings) record(walkUp(s, findings, refutations), s);
  // Findings no symptom reached still deserve explaining (e.g. only an etcd log was given).
  const orphans = findings.filter((f) => !inChains.has(f) && failureMode(f.failureMode).kind !== 'symptom');
  const explainedElsewhere = new Set<Finding>();
  for (const o of orphans) {
    const w = walkUp(o, findings, refutations);
    for (const c of w.chains) for (const s of c.slice(1)) explainedElsewhere.add(s.finding);
  }
  for (const o of orphans) {
    if (explainedElsewhere.has(o) && failureMode(o.failureMode).kind !== 'cause') continue;
    if (inChains.has(o) && failureMode(o.failureMode).kind !== 'cause') continue;
    record(walkUp(o, findings, refutations), undefined);
  }

  const rootCauses = rank([...roots.values()], primary).map((acc) => toRootCause(acc, primary, walks));
  return {
    symptoms: symptomFindings.map((f) => ({ failureMode: f.failureMode, subject: f.subject, summary: f.message, evidence: f.evidence })),
    rootCauses,
    eliminated: eliminatedOf(walks),
    unchecked: uncheckedOf(walks, findings),
    primary,
  };
}

function explainsPrimary(acc: RootAcc, primary: Finding | undefined): boolean {
  return !!primary && acc.explains.has(key(primary.failureMode, primary.subject));
}

function rank(accs: RootAcc[], primary: Finding | undefined): RootAcc[] {
  const score = (a: RootAcc): number[] => [
    explainsPrimary(a, primary) ? 1 : 0,
    a.explains.size > 0 ? 1 : 0,
    a.viaCluster || a.finding.data?.isLeader === true ? 1 : 0,
    a.explains.size,
    failureMode(a.finding.failureMode).kind === 'cause' ? 1 : 0,
    a.finding.severity === 'critical' ? 1 : 0,
  ];
  return accs.sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sb[i] - sa[i];
    const ta = a.finding.firstSeen ?? '9999';
    const tb = b.finding.firstSeen ?? '9999';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return collate(key(a.finding.failureMode, a.finding.subject), key(b.finding.failureMode, b.finding.subject));
  });
}

function toRootCause(acc: RootAcc, primary: Finding | undefined, walks: Walk[]): RootCause {
  // Chains are walked symptom → cause; the report reads the same way. The first chain shown is
  // the one from the primary symptom, else the longest.
  const chains = [...acc.chains].sort((a, b) => {
    const pa = primary && a[0].finding === primary ? 1 : 0;
    const pb = primary && b[0].finding === primary ? 1 : 0;
    return pb - pa || b.length - a.length;
  });
  const kind = failureMode(acc.finding.failureMode).kind;
  const linked = acc.explains.size > 0;
  const openUpstream = walks.some((w) => w.unchecked.some((u) => u.effect === acc.finding));
  let confidence = kind === 'cause' ? 0.85 : 0.55;
  if (linked) confidence += 0.05;
  if (explainsPrimary(acc, primary)) confidence += 0.05;
  if (!linked) confidence -= 0.25;
  if (kind !== 'cause' && openUpstream) confidence -= 0.1;
  if (acc.finding.severity === 'info') confidence -= 0.1;
  confidence = Math.round(Math.min(0.97, Math.max(0.1, confidence)) * 100) / 100;
  const chain = chains[0].map((s) => link(s.finding));
  const explained = [...acc.explains.values()];
  const summary = linked
    ? `${acc.finding.message} — explains ${explained.map((s) => `${s.failureMode} on ${s.subject.name}`).join(', ')}`
    : `${acc.finding.message} (not linked to an observed symptom)`;
  const evidence = [...acc.finding.evidence];
  return {
    failureMode: acc.finding.failureMode,
    subject: acc.finding.subject,
    confidence,
    summary,
    chain,
    chains: chains.map((c) => c.map((s) => link(s.finding))),
    explains: explained.map(link),
    evidence,
    remediation: failureMode(acc.finding.failureMode).remediation,
  };
}

function eliminatedOf(walks: Walk[]): Eliminated[] {
  const out = new Map<string, Eliminated>();
  for (const w of walks) {
    for (const { refutation: r } of w.refuted) {
      const k = key(r.failureMode, r.subject);
      if (!out.has(k)) out.set(k, { failureMode: r.failureMode, subject: r.subject, reason: r.reason, evidence: r.evidence });
    }
  }
  return [...out.values()];
}

function uncheckedOf(walks: Walk[], findings: Finding[]): Unchecked[] {
  const out = new Map<string, Unchecked>();
  for (const w of walks) {
    for (const u of w.unchecked) {
      if (findings.some((f) => f.failureMode === u.failureMode)) continue;
      const where: Subject = u.link.when === 'cluster' || !u.effect.node ? { kind: 'Cluster', name: 'cluster' } : { kind: 'Node', name: u.effect.node };
      const k = key(u.failureMode, where);
      if (!out.has(k)) out.set(k, { failureMode: u.failureMode, subject: where, reason: `could explain ${u.effect.failureMode} on ${u.effect.subject.name}, but the evidence holds nothing to confirm or rule it out` });
    }
  }
  return [...out.values()];
}
