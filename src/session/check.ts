/**
 * `session check`: validation of a debug-session document against the format, with line numbers.
 * Errors mean the file does not follow the format; warnings point at likely mistakes; notes are informational
 * (for example a section a person added, which the format allows).
 */
import YAML from 'yaml';
import {
  type Field,
  type KnownSectionName,
  type Section,
  type SessionDocument,
  LIST_SECTIONS,
  REQUIRED_FIELDS,
  REQUIRED_FRONT_MATTER_KEYS,
  SECTION_ORDER,
  STATUSES,
  frontMatterFields,
  sectionFields,
  sectionItems,
  valueText,
} from './document.js';
import { joinLines, splitLines } from './lines.js';
import { parseSessionWithProblems } from './parse.js';
import { type ParsedTimestamp, parseIsoTimestamp } from './timestamps.js';
import { writeSession } from './write.js';

export type CheckSeverity = 'error' | 'warning' | 'note';

export interface CheckMessage {
  severity: CheckSeverity;
  /** 1-based line the message is about. */
  line: number;
  /** Stable identifier, e.g. `section.missing`. */
  code: string;
  message: string;
}

const SEVERITY_RANK: Record<CheckSeverity, number> = { error: 0, warning: 1, note: 2 };

/** Checks a document given as text. Messages are sorted by line, then severity. */
export function checkSession(text: string): CheckMessage[] {
  const { document: doc, problems } = parseSessionWithProblems(text);
  const out: CheckMessage[] = [];
  const add = (severity: CheckSeverity, line: number, code: string, message: string): void => {
    out.push({ severity, line, code, message });
  };
  for (const p of problems) add('warning', p.line, 'parse.unrecognised', p.message);

  const lines = splitLines(doc.bom ? text.slice(1) : text);
  const lastLine = Math.max(1, lines.length);
  const times = checkFrontMatter(doc, lines, add);
  checkSections(doc, lastLine, times, add);

  return out
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.line - b.m.line || SEVERITY_RANK[a.m.severity] - SEVERITY_RANK[b.m.severity] || a.i - b.i)
    .map(({ m }) => m);
}

/** Checks a document model (written out and re-read, so line numbers are those of the written text). */
export function checkDocument(doc: SessionDocument): CheckMessage[] {
  return checkSession(writeSession(doc));
}

export function hasErrors(messages: readonly CheckMessage[]): boolean {
  return messages.some((m) => m.severity === 'error');
}

/** `path:12: error: message [code]` */
export function formatCheckMessage(m: CheckMessage, path?: string): string {
  return `${path ? `${path}:` : ''}${m.line}: ${m.severity}: ${m.message} [${m.code}]`;
}

type Add = (severity: CheckSeverity, line: number, code: string, message: string) => void;

interface FrontMatterTimes {
  created: Date | null;
  updated: Date | null;
  status: string | null;
}

function checkTimestamp(field: Field, what: string, add: Add): ParsedTimestamp | null {
  const text = valueText(field.value)?.trim() ?? '';
  const line = field.line ?? 1;
  const parsed = text === '' ? null : parseIsoTimestamp(text);
  if (!parsed) {
    add('error', line, 'timestamp.invalid', `${what} ${JSON.stringify(text)} is not an ISO 8601 timestamp (e.g. 2026-02-22T01:00:00Z)`);
    return null;
  }
  if (!parsed.hasZone) {
    add('warning', line, 'timestamp.no_zone', `${what} ${text} has no time zone; write UTC like 2026-02-22T01:00:00Z`);
  }
  return parsed;
}

function checkFrontMatter(doc: SessionDocument, lines: ReturnType<typeof splitLines>, add: Add): FrontMatterTimes {
  const times: FrontMatterTimes = { created: null, updated: null, status: null };
  const fm = doc.frontMatter;
  if (!fm) {
    add('error', 1, 'frontmatter.missing', 'no front matter: the file must start with a --- block holding status, trigger, created, updated');
    return times;
  }
  const openLine = fm.line ?? 1;
  const closeLine = fm.closeLine ?? openLine + 1;
  const yamlDoc = YAML.parseDocument(joinLines(lines, openLine, closeLine - 1), { prettyErrors: true, logLevel: 'silent' });
  for (const err of yamlDoc.errors) {
    const rel = err.linePos?.[0]?.line ?? 1;
    add('warning', openLine + rel, 'frontmatter.yaml', `front matter is not valid YAML: ${err.message.split('\n')[0]}`);
  }

  const fields = frontMatterFields(doc);
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.key)) add('warning', f.line ?? openLine, 'frontmatter.duplicate_key', `front matter key ${f.key} appears more than once`);
    seen.add(f.key);
  }
  const get = (key: string): Field | undefined => fields.find((f) => f.key === key);
  for (const key of REQUIRED_FRONT_MATTER_KEYS) {
    if (!get(key)) add('error', openLine, 'frontmatter.key_missing', `front matter has no ${key}`);
  }

  const status = get('status');
  if (status) {
    const v = valueText(status.value)?.trim() ?? '';
    times.status = v;
    if (!(STATUSES as readonly string[]).includes(v)) {
      add('error', status.line ?? openLine, 'status.invalid', `status ${JSON.stringify(v)} is not one of ${STATUSES.join(', ')}`);
    }
  }
  const trigger = get('trigger');
  if (trigger && (valueText(trigger.value)?.trim() ?? '') === '') {
    add('warning', trigger.line ?? openLine, 'trigger.empty', 'trigger is empty; it should quote the problem as first stated');
  }
  const created = get('created');
  const updated = get('updated');
  if (created) times.created = checkTimestamp(created, 'created', add)?.date ?? null;
  if (updated) times.updated = checkTimestamp(updated, 'updated', add)?.date ?? null;
  if (times.created && times.updated && times.updated < times.created) {
    add('warning', updated?.line ?? openLine, 'timestamp.order', 'updated is earlier than created');
  }
  return times;
}

const VAGUE_NEXT_ACTION =
  /^(?:(?:continue|keep|carry on|resume)(?: (?:investigating|investigation|debugging|looking|working|digging))?|investigate(?: further)?|tbd|todo|n\/a|none|\?+)\.?$/i;

function checkSections(doc: SessionDocument, lastLine: number, times: FrontMatterTimes, add: Add): void {
  const first = new Map<KnownSectionName, Section>();
  for (const s of doc.sections) {
    const line = s.line ?? 1;
    if (s.known === null) {
      add('note', line, 'section.extra', `extra section "## ${s.title}" (not part of the format; kept as written)`);
    } else if (first.has(s.known)) {
      add('warning', line, 'section.duplicate', `second "## ${s.known}" section; only the first is used`);
    } else {
      first.set(s.known, s);
    }
  }

  let highest = -1;
  let highestName: KnownSectionName | null = null;
  for (const s of doc.sections) {
    if (s.known === null || first.get(s.known) !== s) continue;
    const rank = SECTION_ORDER.indexOf(s.known);
    if (rank < highest && highestName) {
      add('error', s.line ?? 1, 'section.order', `"## ${s.known}" comes after "## ${highestName}"; the order is ${SECTION_ORDER.join(', ')}`);
    } else {
      highest = rank;
      highestName = s.known;
    }
  }

  SECTION_ORDER.forEach((name, rank) => {
    if (first.has(name)) return;
    const after = SECTION_ORDER.slice(rank + 1).map((n) => first.get(n)).find((s) => s !== undefined);
    add('error', after?.line ?? lastLine, 'section.missing', `no "## ${name}" section`);
  });

  for (const [name, section] of first) {
    const headLine = section.line ?? 1;
    if ((LIST_SECTIONS as readonly string[]).includes(name)) {
      checkListSection(name, section, times, add);
      continue;
    }
    const fields = sectionFields(section);
    const seen = new Set<string>();
    for (const f of fields) {
      if (seen.has(f.key)) add('warning', f.line ?? headLine, 'field.duplicate', `${name}: ${f.key} appears more than once`);
      seen.add(f.key);
    }
    for (const key of REQUIRED_FIELDS[name]) {
      if (!seen.has(key)) add('error', headLine, 'field.missing', `${name} has no ${key}`);
    }
    for (const item of sectionItems(section)) {
      add('warning', item.line ?? headLine, 'section.unexpected_item', `${name} holds key: value fields, not list items`);
    }
    const value = (key: string): string => valueText(fields.find((f) => f.key === key)?.value)?.trim() ?? '';
    if (name === 'Current Focus') {
      const next = fields.find((f) => f.key === 'next_action');
      if (next && VAGUE_NEXT_ACTION.test(value('next_action'))) {
        add('warning', next.line ?? headLine, 'next_action.vague', 'next_action should be concrete (a command, a node, a file)');
      }
    }
    if (name === 'Resolution' && (times.status === 'resolved' || times.status === 'diagnosed')) {
      const wanted = times.status === 'resolved' ? ['root_cause', 'fix', 'verification'] : ['root_cause'];
      for (const key of wanted) {
        const f = fields.find((x) => x.key === key);
        if (f && value(key) === '') {
          add('warning', f.line ?? headLine, 'resolution.empty', `status is ${times.status} but ${key} is empty`);
        }
      }
    }
  }
}

function checkListSection(name: KnownSectionName, section: Section, times: FrontMatterTimes, add: Add): void {
  const headLine = section.line ?? 1;
  for (const f of sectionFields(section)) {
    add('warning', f.line ?? headLine, 'section.unexpected_field', `${name} holds "- key: value" list items; ${f.key} is not in one`);
  }
  let previous: Date | null = null;
  for (const item of sectionItems(section)) {
    const line = item.line ?? headLine;
    const keys = new Set(item.fields.map((f) => f.key));
    const missing = REQUIRED_FIELDS[name].filter((k) => !keys.has(k));
    if (missing.length > 0) add('error', line, 'item.key_missing', `${name} item has no ${missing.join(', ')}`);
    for (const f of item.fields) {
      if (REQUIRED_FIELDS[name].includes(f.key) && (valueText(f.value)?.trim() ?? '') === '') {
        add('warning', f.line ?? line, 'item.value_empty', `${name} item: ${f.key} is empty`);
      }
    }
    const ts = item.fields.find((f) => f.key === 'timestamp');
    const parsed = ts ? checkTimestamp(ts, `${name} timestamp`, add) : null;
    if (!parsed || !ts) continue;
    const at = ts.line ?? line;
    if (previous && parsed.date < previous) {
      add('warning', at, 'item.timestamp_order', `${name} item is dated earlier than the item before it (entries are appended in time order)`);
    }
    if (times.updated && parsed.date > times.updated) {
      add('warning', at, 'timestamp.after_updated', `${name} item is dated after the front matter's updated`);
    }
    if (times.created && parsed.date < times.created) {
      add('warning', at, 'timestamp.before_created', `${name} item is dated before the front matter's created`);
    }
    previous = parsed.date;
  }
}
