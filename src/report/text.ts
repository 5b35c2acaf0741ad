// The terminal summary: what is wrong, why, what was ruled out, what to do.
import { failureMode } from '../model/failure-modes.js';
import type { Report, Subject } from '../types.js';
import { formatBytes } from '../util/bytes.js';
import { chainText, cite } from './session-content.js';

const subj = (s: Subject): string => (s.kind === 'Pod' ? `Pod ${s.namespace ?? 'default'}/${s.name}` : s.kind === 'Cluster' ? 'cluster' : `${s.kind} ${s.name}`);

export function renderText(report: Report): string {
  const out: string[] = [];
  const h = (t: string): void => void out.push('', t, '-'.repeat(t.length));
  out.push(`kubesleuth diagnosis${report.evidenceTime ? ` (evidence up to ${report.evidenceTime})` : ''}`);
  out.push(`sources: ${report.sources.map((s) => `${s.location} [${s.kind}${s.nodes.length ? `: ${s.nodes.join(', ')}` : ''}]`).join('; ') || 'none'}`);
  for (const s of report.sources) for (const w of s.warnings) out.push(`warning: ${w}`);

  h('Symptoms');
  if (!report.symptoms.length) out.push('none found');
  for (const s of report.symptoms) out.push(`• ${s.failureMode} on ${subj(s.subject)}: ${s.summary}`);

  h('Root causes');
  if (!report.rootCauses.length) {
    out.push(report.symptoms.length ? 'none found: no supported cause explains the symptoms; see what could not be checked below' : 'none: nothing in the evidence points to a fault');
  }
  report.rootCauses.forEach((r, i) => {
    out.push(`${i + 1}. ${failureMode(r.failureMode).title} — ${subj(r.subject)} [${r.failureMode}, confidence ${r.confidence}]`);
    out.push(`   ${r.summary}`);
    out.push(`   chain: ${chainText(r)}`);
    for (const e of r.evidence.slice(0, 3)) out.push(`   ↳ ${cite(e)}: ${e.excerpt.slice(0, 160)}`);
  });

  if (report.etcdMembers.length) {
    h('etcd members');
    for (const m of report.etcdMembers) {
      const size = m.dbSize !== undefined ? `${formatBytes(m.dbSize)} / ${m.dbSizeInUse !== undefined ? formatBytes(m.dbSizeInUse) : '?'} in use${m.inUseRatio !== undefined ? ` (${Math.round(m.inUseRatio * 100)}%)` : ''}` : '';
      out.push(`${m.name}${m.id ? ` (${m.id})` : ''}${m.isLeader ? ' LEADER' : ''}${m.reachable ? '' : ' UNREACHABLE'} ${size}${m.raftTerm !== undefined ? ` term ${m.raftTerm}` : ''}`);
    }
  }

  h('Ruled out');
  if (!report.eliminated.length) out.push('nothing');
  for (const e of report.eliminated) out.push(`✗ ${e.failureMode} on ${subj(e.subject)}: ${e.reason} (${e.evidence.slice(0, 2).map(cite).join(', ')})`);
  if (report.unchecked.length) {
    out.push('', `Not checkable from this evidence: ${report.unchecked.map((u) => `${u.failureMode}${u.subject.kind === 'Cluster' ? '' : ` (${u.subject.name})`}`).join(', ')}`);
  }

  h('What to do');
  if (!report.remediation.length) out.push('nothing');
  for (const r of report.remediation) {
    out.push(`▸ ${r.title}`);
    for (const s of r.steps) out.push(`    ${s}`);
    if (r.command) out.push(`    $ ${r.command}`);
    out.push(`    risk: ${r.risk}`);
  }
  return `${out.join('\n')}\n`;
}
