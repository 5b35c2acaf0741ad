/**
 * Writer for debug-session documents. Unchanged nodes are written from their source text; changed or new fields
 * are rendered in the reference style (`key: value`, `|` blocks indented two spaces, `- key: value` items).
 */
import { type Field, type ListItem, type SectionPart, type SessionDocument, sameValue } from './document.js';
import { valueLines } from './lines.js';
import { flowList, inlineValueText } from './values.js';

export function writeSession(doc: SessionDocument): string {
  const out = new Output(doc.eol);
  if (doc.frontMatter) {
    out.add(doc.frontMatter.open);
    for (const part of doc.frontMatter.parts) writePart(out, part);
    out.add(doc.frontMatter.close);
  }
  out.add(doc.preamble);
  for (const section of doc.sections) {
    out.add(section.heading);
    for (const part of section.parts) writePart(out, part);
  }
  return doc.bom + out.text;
}

/**
 * Collects chunks. A chunk that does not end with a newline can only be the end of the source; if anything is
 * added after it (an append to a file without a final newline), a line ending is inserted first.
 */
class Output {
  text = '';
  constructor(readonly eol: string) {}
  add(chunk: string): void {
    if (chunk === '') return;
    if (this.text !== '' && !this.text.endsWith('\n')) this.text += this.eol;
    this.text += chunk;
  }
}

function writePart(out: Output, part: SectionPart): void {
  if (part.kind === 'raw') out.add(part.text);
  else if (part.kind === 'field') writeField(out, part, null);
  else writeItem(out, part);
}

function writeItem(out: Output, item: ListItem): void {
  item.fields.forEach((field, n) => writeField(out, field, n === 0 ? item : null));
}

function writeField(out: Output, field: Field, headOf: ListItem | null): void {
  const src = field.source;
  if (src && src.key === field.key && src.itemHead === (headOf !== null) && sameValue(src.value, field.value)) {
    out.add(src.text);
  } else {
    out.add(renderField(field, headOf, out.eol));
  }
  if (field.after) out.add(field.after);
}

/**
 * Renders one field. For the first field of an item, `headOf` is the item (the line starts with its `- `).
 * Block content is indented two spaces past the key.
 */
export function renderField(field: Field, headOf: ListItem | null, eol: string): string {
  let prefix: string;
  let keyIndent: number;
  if (headOf) {
    keyIndent = Math.max(field.indent, headOf.dashIndent + 2);
    prefix = `${' '.repeat(headOf.dashIndent)}-${' '.repeat(keyIndent - headOf.dashIndent - 1)}`;
  } else {
    keyIndent = field.indent;
    prefix = ' '.repeat(keyIndent);
  }
  const head = `${prefix}${field.key}:`;
  const value = field.value;
  if (Array.isArray(value)) return `${head} ${flowList(value)}${eol}`;
  const multiLine = value.includes('\n');
  if (value === '') return `${head}${eol}`;
  if (field.style === 'double' || (!multiLine && field.style !== 'block' && field.style !== 'folded')) {
    return `${head} ${inlineValueText(value, field.style)}${eol}`;
  }
  const lines = valueLines(value.replace(/\n+$/, ''));
  const pad = ' '.repeat(keyIndent + 2);
  const firstContent = lines.find((l) => l.trim() !== '');
  const indicator = firstContent !== undefined && /^[ \t]/.test(firstContent) ? '|2' : '|';
  let text = `${head} ${indicator}${eol}`;
  for (const line of lines) text += (line === '' ? '' : pad + line) + eol;
  return text;
}
