/** `session show`: a plain summary of a debug-session document, and a text rendering of it. */
import {
  type Field,
  type SessionDocument,
  findField,
  frontMatterValue,
  getSection,
  sectionFields,
  sectionItems,
  valueText,
} from './document.js';

export interface OpenItem {
  /** `failed_check`: a verification line starting with ❌; `pending`: a `PENDING:` line. */
  kind: 'failed_check' | 'pending';
  /** The Resolution field it was found in. */
  field: string;
  /** The line's text without the ❌ / `PENDING:` marker; wrapped continuation lines of a ❌ line are joined. */
  text: string;
  /** More-indented lines under a `PENDING:` line (options, steps), trimmed. */
  details: string[];
  /** 1-based source line, when known. */
  line: number | null;
}

export interface SessionSummary {
  status: string | null;
  trigger: string | null;
  created: string | null;
  updated: string | null;
  currentFocus: {
    hypothesis: string | null;
    test: string | null;
    expecting: string | null;
    next_action: string | null;
  };
  eliminatedCount: number;
  evidenceCount: number;
  rootCause: string | null;
  openItems: OpenItem[];
}

const nonEmpty = (v: string | undefined): string | null => (v === undefined || v.trim() === '' ? null : v);

export function summarizeSession(doc: SessionDocument): SessionSummary {
  const focus = sectionFields(getSection(doc, 'Current Focus'));
  const focusValue = (key: string): string | null => nonEmpty(valueText(findField(focus, key)?.value));
  const resolution = sectionFields(getSection(doc, 'Resolution'));
  const openItems: OpenItem[] = [];
  for (const field of resolution) openItems.push(...openItemsOf(field));
  return {
    status: nonEmpty(frontMatterValue(doc, 'status')),
    trigger: nonEmpty(frontMatterValue(doc, 'trigger')),
    created: nonEmpty(frontMatterValue(doc, 'created')),
    updated: nonEmpty(frontMatterValue(doc, 'updated')),
    currentFocus: {
      hypothesis: focusValue('hypothesis'),
      test: focusValue('test'),
      expecting: focusValue('expecting'),
      next_action: focusValue('next_action'),
    },
    eliminatedCount: sectionItems(getSection(doc, 'Eliminated')).length,
    evidenceCount: sectionItems(getSection(doc, 'Evidence')).length,
    rootCause: nonEmpty(valueText(findField(resolution, 'root_cause')?.value)),
    openItems,
  };
}

const FAILED = /^❌\s*/u;
const PENDING = /^PENDING:\s*/;
const indent = (s: string): number => s.length - s.trimStart().length;

function openItemsOf(field: Field): OpenItem[] {
  if (Array.isArray(field.value)) return [];
  const lines = field.value.split('\n');
  // Block values start on the line after the key; plain values are on the key's line.
  const block = field.style === 'block' || field.style === 'folded';
  const lineOf = (i: number): number | null => (field.line === undefined ? null : field.line + (block ? 1 + i : 0));
  const items: OpenItem[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const trimmed = lines[i].trim();
    const failed = FAILED.test(trimmed);
    const pending = PENDING.test(trimmed);
    if (!failed && !pending) continue;
    const base = indent(lines[i]);
    const under: string[] = [];
    for (let j = i + 1; j < lines.length; j += 1) {
      const t = lines[j].trim();
      if (t === '' || indent(lines[j]) <= base || FAILED.test(t) || t.startsWith('✅') || PENDING.test(t)) break;
      under.push(t);
    }
    const text = trimmed.replace(failed ? FAILED : PENDING, '');
    items.push({
      kind: failed ? 'failed_check' : 'pending',
      field: field.key,
      text: failed ? [text, ...under].join(' ') : text,
      details: failed ? [] : under,
      line: lineOf(i),
    });
  }
  return items;
}

/** Plain-text rendering for `session show`. */
export function renderSummary(s: SessionSummary): string {
  const out: string[] = [];
  const dash = (v: string | null): string => v ?? '—';
  out.push(`status:   ${dash(s.status)}`);
  out.push(`trigger:  ${dash(s.trigger)}`);
  out.push(`created:  ${dash(s.created)}`);
  out.push(`updated:  ${dash(s.updated)}`);
  out.push('');
  out.push('Current focus');
  for (const [key, value] of Object.entries(s.currentFocus)) out.push(`  ${`${key}:`.padEnd(13)}${dash(value)}`);
  out.push('');
  out.push(`Eliminated: ${s.eliminatedCount}   Evidence: ${s.evidenceCount}`);
  out.push('');
  out.push('Root cause');
  if (s.rootCause === null) out.push('  (not found yet)');
  else for (const line of s.rootCause.split('\n')) out.push(line === '' ? '' : `  ${line}`);
  out.push('');
  out.push(`Open items: ${s.openItems.length}`);
  for (const item of s.openItems) {
    const where = item.line === null ? item.field : `${item.field}, line ${item.line}`;
    out.push(`  ${item.kind === 'failed_check' ? '❌' : 'PENDING:'} ${item.text} (${where})`);
    for (const d of item.details) out.push(`      ${d}`);
  }
  return `${out.join('\n')}\n`;
}
