// What a diagnosis says in the debug-session format: the trigger, the current focus, symptoms
// with verbatim error lines, eliminated hypotheses, evidence entries citing file and line, and
// the resolution. Pure: report in, field values out (markdown.ts and --session write them).
import { failureMode } from '../model/failure-modes.js';
import { CAUSAL_LINKS } from '../model/causal-links.js';
import type { EvidenceRef, Report, ReportFinding, RootCause, Subject } from '../types.js';
import type { CurrentFocus, EliminatedInput, EvidenceInput, ResolutionInput, Symptoms } from '../session/index.js';

export interface SessionContent {
  trigger: string;
  status: 'diagnosed' | 'investigating';
  currentFocus: CurrentFocus;
  symptoms: Symptoms;
  eliminated: EliminatedInput[];
  evidence: EvidenceInput[];
  resolution: ResolutionInput;
}

const subj = (s: Subject): string => (s.kind === 'Pod' ? `${s.namespace ?? 'default'}/${s.name}` : s.kind === 'Cluster' ? 'the cluster' : s.name);

export function cite(ref: EvidenceRef): string {
  if (ref.line !== undefined) return `${ref.source}:${ref.line}`;
  if (ref.object) return `${ref.source} ${ref.object}`;
  if (ref.query) return `${ref.source} ${ref.query}`;
  return ref.source;
}

const citeAll = (refs: EvidenceRef[], max = 3): string => {
  const uniq = [...new Set(refs.map(cite))];
  return uniq.slice(0, max).join(', ') + (uniq.length > max ? ` (+${uniq.length - max} more)` : '');
};

/** A readable error line from an excerpt: the message and error of a JSON log line, else the text. */
export function errorLine(ref: EvidenceRef): string {
  const t = ref.excerpt.trim();
  if (t.startsWith('{')) {
    let o: Record<string, unknown> | undefined;
    try {
      o = JSON.parse(t) as Record<string, unknown>;
    } catch {
      // A cut JSON line: take the fields it still holds whole.
      o = {};
      for (const k of ['msg', 'err', 'error', 'took']) {
        const m = new RegExp(`"${k}":"((?:[^"\\\\]|\\\\.)*)"`).exec(t);
        if (m) o[k] = m[1].replace(/\\"/g, '"');
      }
    }
    const parts = [o.msg, o.err ?? o.error, o.took !== undefined ? `took ${o.took}` : undefined].filter((x) => typeof x === 'string' && x);
    if (parts.length) return parts.join(': ').slice(0, 240);
  }
  return t.slice(0, 240);
}

/** The component a cited file belongs to: its service or container name. */
export function componentOfSource(source: string): string | undefined {
  const m = /(?:service-logs|kubernetes-logs\/[^/]+)\/([\w.-]+?)(?:-exited)?\.log$/.exec(source);
  return m?.[1];
}

const EXPECTED: Record<string, (s: Subject) => string> = {
  'pod-stuck-containercreating': (s) => `Pods scheduled to ${subj(s)} should start normally, pull images, and reach Running state`,
  'pod-crashloop': (s) => `${subj(s)} should run without restarting`,
  'node-not-ready': (s) => `${subj(s)} should report Ready`,
  'apiserver-unavailable': () => 'API requests should answer within their timeout',
  'metrics-unavailable': (s) => `kubectl top should show CPU and memory for ${subj(s)}`,
};

const REPRODUCTION: Record<string, (s: Subject) => string> = {
  'pod-stuck-containercreating': (s) => `Schedule any pod to ${subj(s)}; it does not leave ContainerCreating`,
  'pod-crashloop': (s) => `Watch ${subj(s)}: kubectl get pod -w shows the restart count climbing`,
  'node-not-ready': (s) => `kubectl get node ${subj(s)}`,
  'apiserver-unavailable': () => 'kubectl get --raw /readyz?verbose',
  'metrics-unavailable': () => 'kubectl top nodes',
};

function findingsOf(report: Report, chainMode: string, s: Subject): ReportFinding[] {
  return report.findings.filter((f) => f.failureMode === chainMode && f.subject.kind === s.kind && f.subject.name === s.name && (f.subject.namespace ?? '') === (s.namespace ?? ''));
}

/** Findings along the primary root cause's chains, then every other root cause's, in chain order. */
function chainFindings(report: Report): ReportFinding[] {
  const out: ReportFinding[] = [];
  const add = (f: ReportFinding): void => {
    if (!out.includes(f)) out.push(f);
  };
  for (const root of report.rootCauses) for (const chain of root.chains ?? [root.chain]) for (const l of chain) for (const f of findingsOf(report, l.failureMode, l.subject)) add(f);
  for (const f of report.findings) if (f.severity === 'critical') add(f);
  return out;
}

function implication(report: Report, f: ReportFinding): string {
  const root = report.rootCauses.find((r) => r.failureMode === f.failureMode && subj(r.subject) === subj(f.subject));
  if (root && report.rootCauses.indexOf(root) === 0) return `ROOT CAUSE (confidence ${root.confidence}): ${chainText(root)}`;
  if (root) return `Root cause #${report.rootCauses.indexOf(root) + 1} (confidence ${root.confidence}): ${chainText(root)}`;
  for (const r of report.rootCauses) {
    for (const chain of r.chains ?? [r.chain]) {
      const i = chain.findIndex((l) => l.failureMode === f.failureMode && subj(l.subject) === subj(f.subject));
      if (i > 0) {
        const effect = chain[i - 1];
        const link = CAUSAL_LINKS.find((x) => x.cause === f.failureMode && x.effect === effect.failureMode);
        return `Causes ${effect.failureMode} on ${subj(effect.subject)}${link ? `: ${link.because}` : ''}`;
      }
      if (i === 0 && chain.length > 1) {
        const what = failureMode(f.failureMode).kind === 'symptom' ? 'Symptom' : 'Observed effect';
        return `${what}; explained by ${r.failureMode} on ${subj(r.subject)}`;
      }
    }
  }
  const kind = failureMode(f.failureMode).kind;
  return kind === 'symptom' ? 'Symptom with no supported cause in the evidence' : 'Not linked to an observed symptom';
}

export function chainText(r: RootCause): string {
  return r.chain.map((l) => `${l.failureMode} (${subj(l.subject)})`).join(' → ');
}

export function sessionContent(report: Report, trigger?: string): SessionContent {
  const when = report.evidenceTime ?? report.generatedAt;
  // Items are dated when they were checked (this run), as a person dates their notes; when the
  // signals happened is in the text.
  const ts = (_t: string | undefined): string => report.generatedAt.replace(/\.\d{3}Z$/, 'Z');
  const primarySym = report.symptoms[0] && pickPrimarySymptom(report);
  const top = report.rootCauses[0];
  const topRem = top ? report.remediation.find((r) => top.remediation.includes(r.id)) : undefined;
  const chained = chainFindings(report);

  const errors: string[] = [];
  for (const f of chained) {
    // Verbatim log lines only (they carry a time), warnings and errors first; table rows and objects are cited in Evidence.
    const logLines = f.evidence.filter((e) => e.line !== undefined && e.time !== undefined);
    const line = logLines.find((e) => /"level":"(warn|error)"|level=(warn|error)|"err":|^[EW]\d{4} /.test(e.excerpt)) ?? logLines[0];
    const comp = line ? (componentOfSource(line.source) ?? f.rule.split('/')[0]) : '';
    const text = line && `${comp}: ${errorLine(line)}`;
    if (text && !errors.includes(text)) errors.push(text);
    if (errors.length >= 12) break;
  }

  const evidence: EvidenceInput[] = chained.map((f) => ({
    timestamp: ts(f.lastSeen),
    checked: `${f.rule} — ${citeAll(f.evidence, 2)}`,
    found: `${f.message}${f.count && f.count > 1 ? ` (${f.count} occurrences${f.firstSeen ? `, ${f.firstSeen} to ${f.lastSeen}` : ''})` : ''}; cited: ${citeAll(f.evidence)}`,
    implication: implication(report, f),
  }));

  const eliminated: EliminatedInput[] = report.eliminated.map((e) => ({
    hypothesis: `${failureMode(e.failureMode).title} on ${subj(e.subject)} (${e.failureMode})`,
    evidence: `${e.reason}; cited: ${citeAll(e.evidence)}`,
    timestamp: ts(undefined),
  }));

  const started = chained.map((f) => f.firstSeen).filter((t): t is string => !!t).sort()[0];
  const symptoms: Symptoms = {
    expected: primarySym ? (EXPECTED[primarySym.failureMode]?.(primarySym.subject) ?? '') : 'No symptom found in the evidence',
    actual: report.symptoms.map((s) => s.summary).join('; ') || 'none observed',
    errors: errors.join('\n'),
    reproduction: primarySym ? (REPRODUCTION[primarySym.failureMode]?.(primarySym.subject) ?? '') : '',
    started: started ? `${started} (earliest signal of the chain in the evidence)` : 'unknown',
  };

  const rootLines = report.rootCauses.map(
    (r, i) => `${i + 1}. ${r.failureMode} on ${subj(r.subject)} (confidence ${r.confidence}): ${r.summary}\n   chain: ${chainText(r)}`,
  );
  const fixLines = report.remediation.flatMap((r) => [`${r.title}`, ...r.steps.map((s) => (/^\d+\. /.test(s) ? `  ${s}` : `  - ${s}`)), ...(r.command ? [`  command: ${r.command}`] : []), `  risk: ${r.risk}`]);
  const verify = [
    ...report.symptoms.map((s) => `❌ ${s.failureMode} on ${subj(s.subject)}: still present at ${when}`),
    ...report.rootCauses.map((r) => `❌ ${r.failureMode} on ${subj(r.subject)}: not yet fixed`),
    'Re-run: kubesleuth session verify <this file>',
  ];

  return {
    trigger: trigger ?? report.trigger ?? primarySym?.summary ?? top?.summary ?? 'kubesleuth diagnosis: nothing wrong found',
    status: top ? 'diagnosed' : 'investigating',
    currentFocus: {
      hypothesis: top ? `${top.summary}` : 'No root cause supported by the evidence',
      test: top
        ? `${chainText(top)}: ${(top.chains ?? [top.chain]).length} chain(s), ${report.eliminated.length} alternative(s) eliminated, ${report.unchecked.length} not checkable from this evidence`
        : `Checked ${report.findings.length} findings from ${report.sources.length} source(s)`,
      expecting: top ? `After ${topRem?.title ?? 'fixing the root cause'}, ${primarySym ? `${primarySym.failureMode} on ${subj(primarySym.subject)} clears` : 'the findings stop'}` : 'More evidence narrows the search',
      next_action: topRem?.command ?? topRem?.steps[0] ?? (top ? `Fix ${top.failureMode} on ${subj(top.subject)}` : 'Collect more evidence: kubesleuth collect --out bundle.zip'),
    },
    symptoms,
    eliminated,
    evidence,
    resolution: {
      root_cause: rootLines.join('\n') || 'not found',
      fix: fixLines.join('\n') || 'none proposed',
      verification: verify.join('\n'),
      files_changed: [],
    },
  };
}

function pickPrimarySymptom(report: Report): { failureMode: string; subject: Subject; summary: string } {
  const top = report.rootCauses[0];
  const first = top?.chain[0];
  return (first && report.symptoms.find((s) => s.failureMode === first.failureMode && subj(s.subject) === subj(first.subject))) ?? report.symptoms[0];
}
