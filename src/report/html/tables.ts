// Sections made of tables and cards: root causes, symptoms, findings, ruled-out hypotheses, unchecked causes,
// remediation, the etcd member table, and the sources read.

import type { ChainLink, ReportFinding, Report, Severity } from '../../types.js';
import { escapeHtml, slug } from './escape.js';
import { chainHtml, evidenceDetails, evidenceList, richText, subjectHtml } from './evidence.js';
import { formatBytes, formatDuration, formatPercent, formatTimeRange, humanize, linkKey, subjectKey, subjectLabel } from './format.js';

export const anchorFor = {
  rootCause: (i: number) => `root-cause-${i + 1}`,
  symptom: (i: number) => `symptom-${i + 1}`,
  finding: (i: number) => `finding-${i + 1}`,
  eliminated: (i: number) => `ruled-out-${i + 1}`,
  remediation: (id: string) => `fix-${slug(id)}`,
};

export function rootCausesSection(report: Report): string {
  if (!report.rootCauses.length) {
    return '<p class="empty">No root cause was identified from the evidence given.</p>';
  }
  const remTitles = new Map(report.remediation.map((r) => [r.id, r.title]));
  const symptomKeys = new Set(report.symptoms.map((s) => linkKey(s.failureMode, s.subject)));
  const isSymptom = (l: ChainLink) => symptomKeys.has(linkKey(l.failureMode, l.subject));
  return report.rootCauses
    .map((rc, i) => {
      // Identical chains (e.g. from two pods of the same name) are shown once.
      const seen = new Set<string>();
      const chains = (rc.chains && rc.chains.length ? rc.chains : [rc.chain]).filter((c) => {
        if (!c || !c.length) return false;
        const k = c.map((l) => linkKey(l.failureMode, l.subject)).join(' > ');
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      const chainBlocks = chains.map((c, j) =>
        chainHtml(c, `Causal chain ${j + 1} of root cause ${i + 1}, from effect to cause`, isSymptom),
      );
      const SHOWN = 3;
      const chainsHtml =
        chainBlocks.slice(0, SHOWN).join('') +
        (chainBlocks.length > SHOWN
          ? `<details class="more-chains"><summary>${chainBlocks.length - SHOWN} more chain${chainBlocks.length - SHOWN === 1 ? '' : 's'}</summary>${chainBlocks.slice(SHOWN).join('')}</details>`
          : '');
      const pct = Math.max(0, Math.min(1, rc.confidence));
      const fixes = rc.remediation
        .map(
          (id) =>
            `<a href="#${escapeHtml(anchorFor.remediation(id))}">${escapeHtml(remTitles.get(id) ?? id)}</a>`,
        )
        .join(', ');
      const explains = rc.explains?.length
        ? `<p class="explains"><span class="label">Also explains</span> ` +
          rc.explains
            .map((l) => `<span class="chip">${escapeHtml(l.failureMode)} <span class="on">${escapeHtml(subjectLabel(l.subject))}</span></span>`)
            .join(' ') +
          `</p>`
        : '';
      return (
        `<article class="card root-cause${i === 0 ? ' primary' : ''}" id="${anchorFor.rootCause(i)}" ` +
        `data-failure-mode="${escapeHtml(rc.failureMode)}" data-subject="${escapeHtml(subjectKey(rc.subject))}" aria-labelledby="${anchorFor.rootCause(i)}-h">` +
        `<header><h3 id="${anchorFor.rootCause(i)}-h"><span class="rank">#${i + 1}</span> ` +
        `<span class="fm">${escapeHtml(rc.failureMode)}</span> <span class="on-word">on</span> ${subjectHtml(rc.subject)}</h3>` +
        `<div class="confidence"><span class="label" id="${anchorFor.rootCause(i)}-conf">Confidence</span>` +
        `<meter min="0" max="1" value="${pct}" aria-labelledby="${anchorFor.rootCause(i)}-conf">${formatPercent(pct)}</meter>` +
        `<span class="value">${formatPercent(pct)}</span></div></header>` +
        `<p class="summary">${richText(rc.summary)}</p>` +
        `<div class="chains"><h4>Causal chain${chainBlocks.length > 1 ? 's' : ''} <span class="hint">effect → cause</span></h4>${chainsHtml}</div>` +
        explains +
        (fixes ? `<p class="fixes"><span class="label">Fix</span> ${fixes}</p>` : '') +
        evidenceDetails(rc.evidence) +
        `</article>`
      );
    })
    .join('');
}

export function symptomsSection(report: Report): string {
  if (!report.symptoms.length) return '<p class="empty">No symptom was recorded.</p>';
  return (
    '<ul class="cards symptoms">' +
    report.symptoms
      .map(
        (s, i) =>
          `<li class="card symptom" id="${anchorFor.symptom(i)}" data-failure-mode="${escapeHtml(s.failureMode)}" data-subject="${escapeHtml(subjectKey(s.subject))}">` +
          `<h3><span class="fm">${escapeHtml(s.failureMode)}</span> <span class="on-word">on</span> ${subjectHtml(s.subject)}</h3>` +
          `<p>${richText(s.summary)}</p>` +
          evidenceDetails(s.evidence) +
          `</li>`,
      )
      .join('') +
    '</ul>'
  );
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Findings in display order: by severity, then as the report lists them. */
export function orderedFindings(report: Report): Array<{ f: ReportFinding; index: number }> {
  return report.findings
    .map((f, index) => ({ f, index }))
    .sort((a, b) => (SEVERITY_ORDER[a.f.severity] ?? 3) - (SEVERITY_ORDER[b.f.severity] ?? 3) || a.index - b.index);
}

function dataValue(key: string, v: unknown): string {
  if (typeof v === 'number') {
    if (/bytes|size/i.test(key)) return `${formatBytes(v)} <span class="muted">(${v})</span>`;
    if (/ms$|millis|duration|took/i.test(key)) return formatDuration(v);
    if (/ratio|fraction/i.test(key) && v >= 0 && v <= 1) return formatPercent(v);
    return escapeHtml(String(v));
  }
  if (typeof v === 'string' || typeof v === 'boolean') return escapeHtml(String(v));
  return `<code>${escapeHtml(JSON.stringify(v))}</code>`;
}

function findingData(data: Record<string, unknown> | undefined): string {
  if (!data) return '';
  const keys = Object.keys(data).sort();
  if (!keys.length) return '';
  return (
    '<dl class="figures">' +
    keys.map((k) => `<div><dt>${escapeHtml(k)}</dt><dd>${dataValue(k, data[k])}</dd></div>`).join('') +
    '</dl>'
  );
}

export function findingsSection(report: Report): string {
  if (!report.findings.length) return '<p class="empty">No findings.</p>';
  const counts = { critical: 0, warning: 0, info: 0 } as Record<Severity, number>;
  for (const f of report.findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  const toolbar =
    `<div class="toolbar" role="group" aria-label="Findings display">` +
    `<button type="button" data-action="expand-findings">Expand all</button>` +
    `<button type="button" data-action="collapse-findings">Collapse all</button>` +
    `<span class="counts">${(['critical', 'warning', 'info'] as Severity[])
      .filter((s) => counts[s])
      .map((s) => `<span class="sev sev-${s}">${counts[s]} ${s}</span>`)
      .join(' ')}</span></div>`;
  const items = orderedFindings(report)
    .map(({ f, index }) => {
      const when =
        f.firstSeen || f.lastSeen
          ? `<span class="when" title="${escapeHtml([f.firstSeen, f.lastSeen].filter(Boolean).join(' – '))}">` +
            `${escapeHtml(formatTimeRange(f.firstSeen, f.lastSeen))}</span>`
          : '';
      return (
        `<li><details class="finding sev-${escapeHtml(f.severity)}" id="${anchorFor.finding(index)}" data-rule="${escapeHtml(f.rule)}" ` +
        `data-failure-mode="${escapeHtml(f.failureMode)}" data-subject="${escapeHtml(subjectKey(f.subject))}">` +
        `<summary><span class="sev sev-${escapeHtml(f.severity)}">${escapeHtml(f.severity)}</span>` +
        `<span class="f-main"><span class="f-msg">${richText(f.message)}</span>` +
        `<span class="f-meta"><code>${escapeHtml(f.rule)}</code> · <span class="fm">${escapeHtml(f.failureMode)}</span> · ${subjectHtml(f.subject)}` +
        (f.count !== undefined ? ` · <span class="count">×${f.count}</span>` : '') +
        (when ? ` · ${when}` : '') +
        ` · <span class="ev-count">${f.evidence.length} evidence</span></span></span></summary>` +
        `<div class="finding-body">${findingData(f.data)}${evidenceList(f.evidence)}</div>` +
        `</details></li>`
      );
    })
    .join('');
  return toolbar + `<ul class="findings">${items}</ul>`;
}

export function eliminatedSection(report: Report): string {
  if (!report.eliminated.length) return '<p class="empty">No hypothesis was ruled out.</p>';
  return (
    '<ul class="cards eliminated">' +
    report.eliminated
      .map(
        (e, i) =>
          `<li class="card ruled-out" id="${anchorFor.eliminated(i)}" data-failure-mode="${escapeHtml(e.failureMode)}" data-subject="${escapeHtml(subjectKey(e.subject))}">` +
          `<h3><span class="fm">${escapeHtml(e.failureMode)}</span> <span class="on-word">on</span> ${subjectHtml(e.subject)}</h3>` +
          `<p>${richText(e.reason)}</p>` +
          evidenceDetails(e.evidence) +
          `</li>`,
      )
      .join('') +
    '</ul>'
  );
}

export function uncheckedSection(report: Report): string {
  if (!report.unchecked.length) return '';
  return (
    '<table class="data"><caption class="sr-only">Causes that could not be checked with the evidence given</caption>' +
    '<thead><tr><th scope="col">Failure mode</th><th scope="col">Subject</th><th scope="col">Why not checked</th></tr></thead><tbody>' +
    report.unchecked
      .map(
        (u) =>
          `<tr><td><span class="fm">${escapeHtml(u.failureMode)}</span></td><td>${subjectHtml(u.subject)}</td><td>${richText(u.reason)}</td></tr>`,
      )
      .join('') +
    '</tbody></table>'
  );
}

export function remediationSection(report: Report): string {
  if (!report.remediation.length) return '<p class="empty">No remediation proposed.</p>';
  return report.remediation
    .map((r) => {
      const usedBy = report.rootCauses
        .map((rc, i) => ({ rc, i }))
        .filter(({ rc }) => rc.remediation.includes(r.id))
        .map(({ rc, i }) => `<a href="#${anchorFor.rootCause(i)}">#${i + 1} ${escapeHtml(rc.failureMode)}</a>`);
      const id = anchorFor.remediation(r.id);
      return (
        `<article class="card remedy" id="${escapeHtml(id)}" data-remediation="${escapeHtml(r.id)}" aria-labelledby="${escapeHtml(id)}-h">` +
        `<h3 id="${escapeHtml(id)}-h">${escapeHtml(r.title)} <code class="rid">${escapeHtml(r.id)}</code></h3>` +
        (usedBy.length ? `<p class="fixes"><span class="label">Fixes</span> ${usedBy.join(', ')}</p>` : '') +
        `<p class="risk"><span class="label">Risk</span> ${richText(r.risk)}</p>` +
        (r.steps.length
          ? // Steps that number themselves are listed as given, not numbered twice.
            r.steps.some((s) => /^\s*\d+[.)]\s/.test(s))
            ? `<ul class="steps plain">${r.steps.map((s) => `<li>${richText(s)}</li>`).join('')}</ul>`
            : `<ol class="steps">${r.steps.map((s) => `<li>${richText(s)}</li>`).join('')}</ol>`
          : '') +
        (r.command
          ? `<div class="command"><span class="label" id="${escapeHtml(id)}-cmd">Command</span><pre aria-labelledby="${escapeHtml(id)}-cmd"><code>${escapeHtml(r.command)}</code></pre></div>`
          : '') +
        `</article>`
      );
    })
    .join('');
}

export function etcdMembersSection(report: Report): string {
  const rows = report.etcdMembers;
  if (!rows.length) return '<p class="empty">No etcd member status in the evidence.</p>';
  const body = rows
    .map((m) => {
      const ratio =
        m.inUseRatio ?? (m.dbSize && m.dbSizeInUse !== undefined ? m.dbSizeInUse / m.dbSize : undefined);
      const frag = ratio !== undefined && ratio < 0.5;
      const bar =
        ratio !== undefined
          ? `<span class="ratio-bar" aria-hidden="true"><span style="width:${Math.round(Math.max(0, Math.min(1, ratio)) * 100)}%"></span></span>`
          : '';
      return (
        `<tr data-member="${escapeHtml(m.name)}"${frag ? ' class="fragmented"' : ''}${m.reachable ? '' : ' data-unreachable="true"'}>` +
        `<th scope="row">${escapeHtml(m.name)}${m.isLeader ? ' <span class="badge leader">leader</span>' : ''}</th>` +
        `<td><code>${escapeHtml(m.id ?? '—')}</code></td>` +
        `<td>${escapeHtml(m.node ?? '—')}</td>` +
        `<td><code>${escapeHtml(m.endpoint ?? '—')}</code></td>` +
        `<td>${m.reachable ? 'yes' : '<span class="bad">no</span>'}</td>` +
        `<td class="num">${escapeHtml(formatBytes(m.dbSize))}</td>` +
        `<td class="num">${escapeHtml(formatBytes(m.dbSizeInUse))}</td>` +
        `<td class="num ratio">${bar}<span>${escapeHtml(formatPercent(ratio))}</span>${frag ? ' <span class="badge warn">fragmented</span>' : ''}</td>` +
        `<td>${m.isLeader ? 'yes' : m.isLeader === false ? 'no' : '—'}</td>` +
        `<td class="num">${m.raftTerm ?? '—'}</td>` +
        `</tr>`
      );
    })
    .join('');
  return (
    '<div class="table-wrap"><table class="data etcd-members"><caption class="sr-only">etcd members: database size, space in use and raft state</caption>' +
    '<thead><tr><th scope="col">Member</th><th scope="col">ID</th><th scope="col">Node</th><th scope="col">Endpoint</th>' +
    '<th scope="col">Reachable</th><th scope="col" class="num">DB size</th><th scope="col" class="num">In use</th>' +
    '<th scope="col" class="num">In use / size</th><th scope="col">Leader</th><th scope="col" class="num">Raft term</th></tr></thead>' +
    `<tbody>${body}</tbody></table></div>` +
    '<p class="note">An in-use ratio below 50% means the database file is mostly free pages: defragmenting the member gives them back.</p>'
  );
}

export function sourcesSection(report: Report): string {
  if (!report.sources.length) return '<p class="empty">No sources.</p>';
  return (
    '<div class="table-wrap"><table class="data sources"><caption class="sr-only">Evidence sources read</caption>' +
    '<thead><tr><th scope="col">Kind</th><th scope="col">Location</th><th scope="col">Nodes</th><th scope="col">Warnings</th></tr></thead><tbody>' +
    report.sources
      .map(
        (s) =>
          `<tr><td>${escapeHtml(humanize(s.kind))}</td><td><code>${escapeHtml(s.location)}</code></td>` +
          `<td>${escapeHtml(s.nodes.join(', ') || '—')}</td>` +
          `<td>${s.warnings.length ? `<ul class="warnings">${s.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '—'}</td></tr>`,
      )
      .join('') +
    '</tbody></table></div>'
  );
}
