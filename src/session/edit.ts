/**
 * Edits of a debug-session document. Every edit returns a new document (the input is not modified) and leaves all
 * bytes it does not have to change untouched: front-matter keys are set in place, Current Focus / Resolution fields
 * are overwritten in place, Eliminated / Evidence items are only ever appended.
 */
import {
  type Field,
  type FieldValue,
  type KnownSectionName,
  type ListItem,
  type RawText,
  type Section,
  type SectionPart,
  type SessionDocument,
  type SessionStatus,
  IMMUTABLE_FRONT_MATTER_KEYS,
  SECTION_ORDER,
  STATUSES,
  getSection,
  sameValue,
  sectionItems,
} from './document.js';
import {
  type CurrentFocus,
  type EliminatedInput,
  type EvidenceInput,
  type ResolutionInput,
  type Symptoms,
  type Timestamp,
  SessionEditError,
  checkKey,
  fieldValue,
  newField,
  timestampValue,
} from './inputs.js';
import { type SameContentOptions, sameItemContent } from './same-content.js';
import { formatIsoUtc } from './timestamps.js';
import { writeSession } from './write.js';

export { createSession, type CreateSessionInput } from './create.js';
export {
  type CurrentFocus,
  type EditErrorCode,
  type EliminatedInput,
  type EvidenceInput,
  type ResolutionInput,
  type Symptoms,
  type Timestamp,
  SessionEditError,
  newField,
  timestampValue,
} from './inputs.js';

export interface EditResult {
  doc: SessionDocument;
  /** False when the edit was a no-op (same value already there, or a duplicate item skipped). */
  changed: boolean;
}

export type FieldSectionName = 'Current Focus' | 'Symptoms' | 'Resolution';
export type ListSectionName = 'Eliminated' | 'Evidence';

function blank(doc: SessionDocument): RawText {
  return { kind: 'raw', text: doc.eol };
}

function isBlankPart(part: SectionPart): boolean {
  return part.kind === 'raw' && part.text.trim() === '';
}

/** A deep copy, so edits never touch the caller's document. */
export function cloneDocument(doc: SessionDocument): SessionDocument {
  return structuredClone(doc);
}

// ---------------------------------------------------------------------------------------------------------------
// Front matter

/**
 * Sets a front-matter key in place, or adds it after the last key. `trigger` and `created` cannot change once
 * present (setting the same value is a no-op); `status` must be a known status; `created`/`updated` must be ISO
 * timestamps (a Date is written as UTC). `trigger` is written double-quoted.
 */
export function setFrontMatterValue(doc: SessionDocument, key: string, value: FieldValue | Date): EditResult {
  checkKey(key);
  let v: FieldValue;
  if (key === 'created' || key === 'updated') {
    if (Array.isArray(value)) throw new SessionEditError('invalid_value', `${key} must be a timestamp`);
    v = timestampValue(value);
  } else if (value instanceof Date) {
    v = formatIsoUtc(value);
  } else {
    v = fieldValue(value);
  }
  if (key === 'status' && !(STATUSES as readonly FieldValue[]).includes(v)) {
    throw new SessionEditError('invalid_value', `unknown status ${JSON.stringify(v)}; expected one of ${STATUSES.join(', ')}`);
  }

  const existing = doc.frontMatter?.parts.find((p): p is Field => p.kind === 'field' && p.key === key);
  if (existing && sameValue(existing.value, v)) return { doc, changed: false };
  if (existing && (IMMUTABLE_FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
    throw new SessionEditError('immutable_key', `${key} is never changed once set`);
  }

  const next = cloneDocument(doc);
  if (!next.frontMatter) {
    next.frontMatter = { open: `---${next.eol}`, parts: [], close: `---${next.eol}` };
    const rest = next.preamble + (next.sections[0]?.heading ?? '');
    if (rest !== '' && !/^[ \t]*\r?\n/.test(next.preamble)) next.preamble = next.eol + next.preamble;
  }
  const parts = next.frontMatter.parts;
  const at = parts.findIndex((p) => p.kind === 'field' && p.key === key);
  if (at >= 0) {
    parts[at] = { ...(parts[at] as Field), value: v };
  } else {
    let lastField = -1;
    parts.forEach((p, i) => {
      if (p.kind === 'field') lastField = i;
    });
    const field = newField(key, v, 0, key === 'trigger' ? 'double' : 'auto');
    parts.splice(lastField >= 0 ? lastField + 1 : parts.length, 0, field);
  }
  return { doc: next, changed: true };
}

/** Sets `status` (and `updated`, when a time is given). */
export function setStatus(doc: SessionDocument, status: SessionStatus, updated?: Timestamp): EditResult {
  const a = setFrontMatterValue(doc, 'status', status);
  if (updated === undefined) return a;
  const b = setFrontMatterValue(a.doc, 'updated', updated);
  return { doc: b.doc, changed: a.changed || b.changed };
}

/** Sets `updated`. */
export function touchUpdated(doc: SessionDocument, updated: Timestamp): EditResult {
  return setFrontMatterValue(doc, 'updated', updated);
}

// ---------------------------------------------------------------------------------------------------------------
// Sections

/** Ensures the section exists (inserted in format order, blank-line separated); returns it from `doc`. */
function ensureSection(doc: SessionDocument, name: KnownSectionName): Section {
  const found = getSection(doc, name);
  if (found) return found;
  const order = SECTION_ORDER.indexOf(name);
  let at = doc.sections.findIndex((s) => s.known !== null && SECTION_ORDER.indexOf(s.known) > order);
  if (at === -1) at = doc.sections.length;

  const before = writeSession({ ...doc, bom: '', sections: doc.sections.slice(0, at) });
  if (before !== '' && !/\r?\n[ \t]*\r?\n$/.test(before)) {
    if (at > 0) doc.sections[at - 1].parts.push(blank(doc));
    else doc.preamble += doc.eol;
  }
  const section: Section = { heading: `## ${name}${doc.eol}`, title: name, known: name, parts: [] };
  doc.sections.splice(at, 0, section);
  return section;
}

/**
 * Inserts content after the last non-blank part of a section. With no content yet, it goes after the blank
 * line(s) under the heading, followed by a blank line when another section follows.
 */
function insertAtEnd(doc: SessionDocument, section: Section, content: SectionPart[], separate: boolean): void {
  const parts = section.parts;
  let last = -1;
  parts.forEach((p, i) => {
    if (!isBlankPart(p)) last = i;
  });
  if (last >= 0) {
    parts.splice(last + 1, 0, ...(separate ? [blank(doc)] : []), ...content);
    return;
  }
  const hasNext = doc.sections.indexOf(section) < doc.sections.length - 1;
  const lead = parts.length === 0 ? [blank(doc)] : [];
  const trail = hasNext ? [blank(doc)] : [];
  parts.push(...lead, ...content, ...trail);
}

/**
 * Overwrites top-level fields of a section in place (a changed value is re-rendered, an unchanged one keeps its
 * bytes); keys not there yet are added after the last field. Keys not mentioned are left alone; `undefined` values
 * are skipped. Multi-line text is written as a `|` block, lists as `[a, b]`.
 */
export function setSectionFields(
  doc: SessionDocument,
  name: FieldSectionName,
  values: Readonly<Record<string, FieldValue | undefined>>,
): EditResult {
  const next = cloneDocument(doc);
  let changed = false;
  for (const [key, raw] of Object.entries(values)) {
    if (raw === undefined) continue;
    checkKey(key);
    const value = fieldValue(raw);
    const section = ensureSection(next, name);
    const at = section.parts.findIndex((p) => p.kind === 'field' && p.key === key);
    if (at >= 0) {
      const field = section.parts[at] as Field;
      if (sameValue(field.value, value)) continue;
      section.parts[at] = { ...field, value };
    } else {
      let lastField = -1;
      section.parts.forEach((p, i) => {
        if (p.kind === 'field') lastField = i;
      });
      const field = newField(key, value);
      if (lastField >= 0) section.parts.splice(lastField + 1, 0, field);
      else insertAtEnd(next, section, [field], true);
    }
    changed = true;
  }
  return changed ? { doc: next, changed: true } : { doc, changed: false };
}

/** Overwrites the four Current Focus fields. */
export function setCurrentFocus(doc: SessionDocument, focus: CurrentFocus): EditResult {
  const { hypothesis, test, expecting, next_action, ...rest } = focus;
  return setSectionFields(doc, 'Current Focus', { hypothesis, test, expecting, next_action, ...rest });
}

/** Writes Symptoms fields (meant for the gathering phase; the section is left alone afterwards). */
export function setSymptoms(doc: SessionDocument, symptoms: Partial<Symptoms>): EditResult {
  const { expected, actual, errors, reproduction, started, ...rest } = symptoms;
  return setSectionFields(doc, 'Symptoms', { expected, actual, errors, reproduction, started, ...rest });
}

/** Overwrites the given Resolution fields; `files_changed: []` for an empty list. */
export function setResolution(doc: SessionDocument, resolution: ResolutionInput): EditResult {
  const { root_cause, fix, verification, files_changed, ...rest } = resolution;
  return setSectionFields(doc, 'Resolution', { root_cause, fix, verification, files_changed, ...rest });
}

// ---------------------------------------------------------------------------------------------------------------
// Append-only lists

function entriesFrom(
  input: Readonly<Record<string, FieldValue | Date>> | ReadonlyArray<readonly [string, FieldValue | Date]>,
  order: readonly string[],
): Array<[string, FieldValue]> {
  const list: Array<readonly [string, FieldValue | Date]> = Array.isArray(input)
    ? [...(input as ReadonlyArray<readonly [string, FieldValue | Date]>)]
    : Object.entries(input as Record<string, FieldValue | Date>);
  const rank = (k: string): number => (order.includes(k) ? order.indexOf(k) : order.length);
  return list
    .map(([k, v], i) => ({ k, v, i }))
    .sort((a, b) => rank(a.k) - rank(b.k) || a.i - b.i)
    .map(({ k, v }): [string, FieldValue] => {
      if (k === 'timestamp' || v instanceof Date) {
        if (Array.isArray(v)) throw new SessionEditError('invalid_value', `${k} must be a timestamp`);
        return [k, timestampValue(v)];
      }
      return [k, fieldValue(v)];
    });
}

/**
 * Appends a `- key: value` item to Eliminated or Evidence after the existing ones (which are never reordered or
 * touched). An item whose content equals an existing one (see `sameItemContent`) is skipped: `changed: false`.
 * Keys are written in the format's order for the section, then any others in the order given.
 */
export function appendItem(
  doc: SessionDocument,
  name: ListSectionName,
  entries: Readonly<Record<string, FieldValue | Date>> | ReadonlyArray<readonly [string, FieldValue | Date]>,
  options: SameContentOptions = {},
): EditResult {
  const order = name === 'Eliminated' ? ['hypothesis', 'evidence', 'timestamp'] : ['timestamp', 'checked', 'found', 'implication'];
  const pairs = entriesFrom(entries, order);
  if (pairs.length === 0) throw new SessionEditError('invalid_value', 'an item needs at least one key');
  const existing = sectionItems(getSection(doc, name));
  if (existing.some((item) => sameItemContent(item, pairs, options))) return { doc, changed: false };

  const next = cloneDocument(doc);
  const section = ensureSection(next, name);
  const items = sectionItems(section);
  const model = items[items.length - 1];
  const dashIndent = model?.dashIndent ?? 0;
  const keyIndent = model ? Math.max(model.keyIndent, dashIndent + 2) : dashIndent + 2;
  const item: ListItem = {
    kind: 'item',
    dashIndent,
    keyIndent,
    fields: pairs.map(([k, v]) => newField(k, v, keyIndent)),
  };
  // Follow a list written without blank lines between items; otherwise separate with one, as the reference does.
  const lastAt = model ? section.parts.lastIndexOf(model) : -1;
  const tight = lastAt > 0 && section.parts[lastAt - 1].kind === 'item';
  insertAtEnd(next, section, [item], !tight);
  return { doc: next, changed: true };
}

export function appendEliminated(doc: SessionDocument, item: EliminatedInput, options?: SameContentOptions): EditResult {
  return appendItem(doc, 'Eliminated', item, options);
}

export function appendEvidence(doc: SessionDocument, item: EvidenceInput, options?: SameContentOptions): EditResult {
  return appendItem(doc, 'Evidence', item, options);
}
