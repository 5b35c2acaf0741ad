// Evidence lists and the small inline pieces (subjects, chains, code spans) shared by the report's sections.

import type { ChainLink, EvidenceRef, Subject } from '../../types.js';
import { escapeHtml } from './escape.js';
import { evidenceLocation, formatTime, subjectLabel } from './format.js';

/** Escape text, then turn `backtick spans` into <code>. Safe: the markup is added after escaping. */
export function richText(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

export function subjectHtml(subject: Subject): string {
  const title = subject.id ? ` title="member id ${escapeHtml(subject.id)}"` : '';
  return `<span class="subject"${title}><span class="kind">${escapeHtml(subject.kind)}</span> ${escapeHtml(
    subject.namespace ? `${subject.namespace}/${subject.name}` : subject.name,
  )}</span>`;
}

export function timeHtml(iso: string | undefined): string {
  if (!iso) return '';
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatTime(iso))}</time>`;
}

/** One evidence reference: where (source:line, object, query), when, and the excerpt verbatim. */
export function evidenceItem(ref: EvidenceRef): string {
  const meta: string[] = [`<code class="ev-src">${escapeHtml(evidenceLocation(ref))}</code>`];
  if (ref.time) meta.push(timeHtml(ref.time));
  if (ref.query) meta.push(`<span class="ev-query">query <code>${escapeHtml(ref.query)}</code></span>`);
  return (
    `<li class="evidence-item" data-source="${escapeHtml(ref.source)}"` +
    (ref.line !== undefined ? ` data-line="${ref.line}"` : '') +
    `><div class="ev-meta">${meta.join(' ')}</div>` +
    (ref.excerpt ? `<pre class="ev-excerpt">${escapeHtml(ref.excerpt)}</pre>` : '') +
    `</li>`
  );
}

export function evidenceList(refs: EvidenceRef[]): string {
  if (!refs.length) return '<p class="muted">No evidence cited.</p>';
  return `<ol class="evidence">${refs.map(evidenceItem).join('')}</ol>`;
}

/** Evidence behind a disclosure, collapsed by default. */
export function evidenceDetails(refs: EvidenceRef[], label = 'Evidence'): string {
  return (
    `<details class="evidence-details"><summary>${escapeHtml(label)} (${refs.length})</summary>` +
    evidenceList(refs) +
    `</details>`
  );
}

/** A chain as an ordered list of chips, effect first, cause last; a listed symptom is marked as one. */
export function chainHtml(chain: ChainLink[], label: string, isSymptom: (l: ChainLink) => boolean): string {
  return (
    `<ol class="chain" aria-label="${escapeHtml(label)}">` +
    chain
      .map(
        (l, i) =>
          `<li class="chain-link${i === 0 && isSymptom(l) ? ' symptom' : ''}${i === chain.length - 1 ? ' last' : ''}">` +
          `<span class="fm">${escapeHtml(l.failureMode)}</span> <span class="on">${escapeHtml(subjectLabel(l.subject))}</span></li>`,
      )
      .join('') +
    `</ol>`
  );
}
