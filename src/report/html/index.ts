// HTML report: one self-contained page (inline CSS, JS and SVG; loads nothing) with the causal graph, the signal
// timeline per node, the etcd member table, every finding with its evidence, and the remediation steps.
// renderHtml is pure: the same report gives the same bytes.

import type { Report } from '../../types.js';
import { escapeHtml } from './escape.js';
import { richText, subjectHtml, timeHtml } from './evidence.js';
import { formatPercent, linkKey } from './format.js';
import { layoutCausalGraph, renderCausalGraphSvg, type GraphAnchors } from './graph.js';
import { renderPage, type PageSection } from './page.js';
import {
  anchorFor,
  eliminatedSection,
  etcdMembersSection,
  findingsSection,
  remediationSection,
  rootCausesSection,
  sourcesSection,
  symptomsSection,
  uncheckedSection,
} from './tables.js';
import { renderTimelineSection } from './timeline.js';

export { escapeHtml, jsonForScript } from './escape.js';
export { layoutCausalGraph } from './graph.js';
export type { GraphLayout, GraphNode, GraphEdge, EliminatedNode } from './graph.js';
export { layoutTimeline } from './timeline.js';
export type { TimelineLayout, Lane, PlacedPoint } from './timeline.js';

/** Where each graph node links to: its root cause card, its symptom, or the first finding about it. */
function graphAnchors(report: Report): GraphAnchors {
  const map = new Map<string, string>();
  report.rootCauses.forEach((rc, i) => {
    const k = linkKey(rc.failureMode, rc.subject);
    if (!map.has(k)) map.set(k, anchorFor.rootCause(i));
  });
  report.symptoms.forEach((s, i) => {
    const k = linkKey(s.failureMode, s.subject);
    if (!map.has(k)) map.set(k, anchorFor.symptom(i));
  });
  report.findings.forEach((f, i) => {
    const k = linkKey(f.failureMode, f.subject);
    if (!map.has(k)) map.set(k, anchorFor.finding(i));
  });
  const byMode = new Map<string, string>();
  report.findings.forEach((f, i) => {
    if (!byMode.has(f.failureMode)) byMode.set(f.failureMode, anchorFor.finding(i));
  });
  return {
    node: (id) => map.get(id) ?? byMode.get(id.slice(0, id.indexOf('@'))),
    eliminated: (i) => anchorFor.eliminated(i),
  };
}

function header(report: Report): string {
  const primary = report.rootCauses[0];
  const crit = report.findings.filter((f) => f.severity === 'critical').length;
  const nodes = [...new Set(report.sources.flatMap((s) => s.nodes))].sort();
  let verdict: string;
  if (primary) {
    verdict =
      `<div class="verdict" role="note" aria-label="Primary root cause"><span class="label">Primary root cause</span><div>` +
      `<strong><a href="#${anchorFor.rootCause(0)}"><span class="fm">${escapeHtml(primary.failureMode)}</span></a></strong> on ${subjectHtml(primary.subject)}` +
      ` <span class="muted">(confidence ${formatPercent(primary.confidence)})</span>` +
      `<p>${richText(primary.summary)}</p></div></div>`;
  } else {
    verdict =
      `<div class="verdict clear" role="note"><span class="label">Verdict</span><div>No root cause identified` +
      `${crit ? `; ${crit} critical finding${crit === 1 ? '' : 's'}` : ''}.</div></div>`;
  }
  const stat = (n: number, what: string, href: string) =>
    `<li><a href="#${href}"><strong>${n}</strong> ${escapeHtml(what)}</a></li>`;
  return (
    '<p class="brand">kubesleuth · incident report</p>' +
    `<h1>${escapeHtml(primary ? `${primary.failureMode} on ${primary.subject.kind} ${primary.subject.name}` : 'Diagnosis')}</h1>` +
    (report.trigger ? `<p class="trigger"><span class="label">Reported</span>${escapeHtml(report.trigger)}</p>` : '') +
    verdict +
    '<ul class="stats">' +
    stat(report.symptoms.length, report.symptoms.length === 1 ? 'symptom' : 'symptoms', 'symptoms') +
    stat(report.rootCauses.length, report.rootCauses.length === 1 ? 'root cause' : 'root causes', 'root-causes') +
    stat(report.findings.length, report.findings.length === 1 ? 'finding' : 'findings', 'findings') +
    stat(report.eliminated.length, 'ruled out', 'ruled-out') +
    stat(report.timeline.length, 'timeline points', 'timeline') +
    `<li>evidence up to ${report.evidenceTime ? timeHtml(report.evidenceTime) : '—'}</li>` +
    `<li>nodes ${escapeHtml(nodes.join(', ') || '—')}</li>` +
    '</ul>'
  );
}

function graphSection(report: Report): string {
  const layout = layoutCausalGraph(report);
  if (!layout.nodes.length && !layout.eliminated.length) return '<p class="empty">Nothing to draw.</p>';
  const svg = renderCausalGraphSvg(report, layout, graphAnchors(report));
  const edges = layout.edges.length;
  const desc =
    `${layout.nodes.length} failure mode${layout.nodes.length === 1 ? '' : 's'} and ${edges} causal link${edges === 1 ? '' : 's'}, read left to right: ` +
    `each arrow points from an effect to its cause, ending at a root cause. ` +
    (layout.eliminated.length
      ? `${layout.eliminated.length} ${layout.eliminated.length === 1 ? 'hypothesis' : 'hypotheses'} ruled out ${layout.eliminated.length === 1 ? 'is' : 'are'} shown below the line. `
      : '') +
    `Select a box to jump to its details; the root cause cards below list each chain as text.`;
  return (
    `<p class="section-intro" id="graph-desc">${escapeHtml(desc)}</p>` +
    `<div class="figure-wrap"><div style="max-width:${layout.width}px;margin:0 auto">${svg}</div></div>` +
    '<ul class="legend" aria-label="Legend">' +
    '<li><span class="key symptom"></span>symptom</li><li><span class="key link"></span>intermediate link</li>' +
    '<li><span class="key root"></span>root cause (thicker: primary)</li><li><span class="key elim"></span>ruled out</li>' +
    '<li>red arrows: the primary chain</li></ul>'
  );
}

/** Render a report as one self-contained HTML page. Pure and deterministic. */
export function renderHtml(report: Report): string {
  const sections: PageSection[] = [
    {
      id: 'graph',
      title: 'Causal graph',
      navTitle: 'Graph',
      headingId: 'graph-title',
      body: graphSection(report),
    },
    { id: 'root-causes', title: 'Root causes', body: rootCausesSection(report) },
    { id: 'symptoms', title: 'Symptoms', body: symptomsSection(report) },
    {
      id: 'timeline',
      title: 'Timeline',
      intro: escapeHtml(
        'Signals over time per node / etcd member, on one shared UTC time axis. Durations use a log scale shared by all charts; ' +
          'signals without a duration are ticks in their own row. Dashed green lines mark defragmentations.',
      ),
      body: renderTimelineSection(report),
    },
    { id: 'etcd', title: 'etcd members', navTitle: 'etcd', body: etcdMembersSection(report) },
    {
      id: 'findings',
      title: 'Findings',
      intro: escapeHtml('Everything the rules found, most severe first. Open a finding for its evidence, with source file and line.'),
      body: findingsSection(report),
    },
    {
      id: 'ruled-out',
      title: 'Ruled out',
      intro: escapeHtml('Hypotheses the evidence contradicts, and why.'),
      body: eliminatedSection(report),
    },
    { id: 'remediation', title: 'Remediation', body: remediationSection(report) },
  ];
  const unchecked = uncheckedSection(report);
  if (unchecked) {
    sections.push({
      id: 'unchecked',
      title: 'Not checked',
      intro: escapeHtml('Possible causes the evidence given could neither confirm nor rule out.'),
      body: unchecked,
    });
  }
  sections.push({ id: 'sources', title: 'Sources', body: sourcesSection(report) });

  const primary = report.rootCauses[0];
  const title = primary
    ? `kubesleuth: ${primary.failureMode} on ${primary.subject.kind} ${primary.subject.name}`
    : 'kubesleuth report';
  const footer =
    `<p>Generated by kubesleuth at ${timeHtml(report.generatedAt)} · report schema v${escapeHtml(report.schemaVersion)} · ` +
    `the full report is embedded in this file as JSON (<code>#report-data</code>).</p>`;
  return renderPage({ title, header: header(report), sections, footer, data: report });
}
