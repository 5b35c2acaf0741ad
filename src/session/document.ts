/**
 * The in-memory model of a debug-session document (see docs/spec: debug-session-format.md).
 *
 * The model is lossless: every byte of the source lives in exactly one node, either as raw text (`RawText`,
 * headings, front-matter fences, the preamble) or as the `source` of a parsed `Field`. The writer emits a field's
 * source text unchanged as long as its key and value still equal what was parsed, and renders it afresh otherwise,
 * so `writeSession(parseSession(text)) === text` for any input and an edit only changes the bytes it has to.
 */

export const SECTION_ORDER = ['Current Focus', 'Symptoms', 'Eliminated', 'Evidence', 'Resolution'] as const;
export type KnownSectionName = (typeof SECTION_ORDER)[number];

/** Sections that hold append-only `- key: value` list items. */
export const LIST_SECTIONS: readonly KnownSectionName[] = ['Eliminated', 'Evidence'];

export const STATUSES = [
  'gathering',
  'investigating',
  'fixing',
  'verifying',
  'awaiting_human_verify',
  'resolved',
  'diagnosed',
] as const;
export type SessionStatus = (typeof STATUSES)[number];

export const REQUIRED_FRONT_MATTER_KEYS = ['status', 'trigger', 'created', 'updated'] as const;
/** Front-matter keys that must never change once present. */
export const IMMUTABLE_FRONT_MATTER_KEYS = ['trigger', 'created'] as const;

/** Fields each section must have: top-level fields for the three field sections, per item for the two lists. */
export const REQUIRED_FIELDS: Readonly<Record<KnownSectionName, readonly string[]>> = {
  'Current Focus': ['hypothesis', 'test', 'expecting', 'next_action'],
  Symptoms: ['expected', 'actual', 'errors', 'reproduction', 'started'],
  Eliminated: ['hypothesis', 'evidence', 'timestamp'],
  Evidence: ['timestamp', 'checked', 'found', 'implication'],
  Resolution: ['root_cause', 'fix', 'verification'],
};

/** A scalar (multi-line text allowed; block scalars carry no trailing newline) or a list of scalars. */
export type FieldValue = string | string[];

/**
 * How a value is written. Parsed fields record what the source used; the writer keeps `double`, `single` and
 * `block` when it has to re-render a changed value and otherwise picks the plainest valid form.
 */
export type ValueStyle = 'auto' | 'empty' | 'plain' | 'double' | 'single' | 'block' | 'folded' | 'flow' | 'list';

export interface FieldSource {
  /** The exact source lines of the field, terminators included. */
  text: string;
  key: string;
  value: FieldValue;
  /** Whether the text starts with the `- ` of a list item. */
  itemHead: boolean;
}

export interface Field {
  kind: 'field';
  key: string;
  value: FieldValue;
  style: ValueStyle;
  /** Column of the key. */
  indent: number;
  /** 1-based line of the key in the parsed source; absent for fields created by edits. */
  line?: number;
  source?: FieldSource;
  /** Raw lines that follow the field inside a list item (blank lines between fields, stray text). */
  after?: string;
}

export interface ListItem {
  kind: 'item';
  /** Column of the `-`. */
  dashIndent: number;
  /** Column of the first key (the others are usually aligned with it). */
  keyIndent: number;
  fields: Field[];
  line?: number;
}

export interface RawText {
  kind: 'raw';
  text: string;
  line?: number;
}

export type SectionPart = Field | ListItem | RawText;
export type FrontMatterPart = Field | RawText;

export interface FrontMatter {
  /** The opening `---` line, terminator included. */
  open: string;
  parts: FrontMatterPart[];
  /** The closing `---` (or `...`) line, terminator included. */
  close: string;
  line?: number;
  closeLine?: number;
}

export interface Section {
  /** The `## Title` line, terminator included. */
  heading: string;
  title: string;
  /** The format section this heading names, or null for a section a person added (kept as raw text). */
  known: KnownSectionName | null;
  line?: number;
  parts: SectionPart[];
}

export interface SessionDocument {
  /** `'\uFEFF'` when the source started with a byte-order mark. */
  bom: string;
  frontMatter: FrontMatter | null;
  /** Raw text between the front matter and the first `## ` heading (the whole body when there is no heading). */
  preamble: string;
  sections: Section[];
  /** Line ending used for text the writer renders (the source's dominant one). */
  eol: '\n' | '\r\n';
}

export interface ParseProblem {
  line: number;
  message: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Read accessors

export function knownSectionName(title: string): KnownSectionName | null {
  const norm = title.trim().replace(/\s+/g, ' ').replace(/:$/, '').toLowerCase();
  return SECTION_ORDER.find((name) => name.toLowerCase() === norm) ?? null;
}

/** The first section with this format name, if any. */
export function getSection(doc: SessionDocument, name: KnownSectionName): Section | undefined {
  return doc.sections.find((s) => s.known === name);
}

export function sectionFields(section: Section | undefined): Field[] {
  if (!section) return [];
  return section.parts.filter((p): p is Field => p.kind === 'field');
}

export function sectionItems(section: Section | undefined): ListItem[] {
  if (!section) return [];
  return section.parts.filter((p): p is ListItem => p.kind === 'item');
}

export function frontMatterFields(doc: SessionDocument): Field[] {
  if (!doc.frontMatter) return [];
  return doc.frontMatter.parts.filter((p): p is Field => p.kind === 'field');
}

/** The first field with this key. */
export function findField(fields: readonly Field[], key: string): Field | undefined {
  return fields.find((f) => f.key === key);
}

/** A value as text: lists joined with newlines. */
export function valueText(value: FieldValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join('\n') : value;
}

export function frontMatterValue(doc: SessionDocument, key: string): string | undefined {
  return valueText(findField(frontMatterFields(doc), key)?.value);
}

/** A section's top-level field value as text. */
export function sectionValue(doc: SessionDocument, name: KnownSectionName, key: string): string | undefined {
  return valueText(findField(sectionFields(getSection(doc, name)), key)?.value);
}

/** A list item's fields as an ordered record (first occurrence wins for a repeated key). */
export function itemRecord(item: ListItem): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const f of item.fields) if (!(f.key in out)) out[f.key] = f.value;
  return out;
}

export function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
