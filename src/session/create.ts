/** A new debug-session document, laid out like the reference incident. */
import {
  type Field,
  type FieldValue,
  type KnownSectionName,
  type Section,
  type SectionPart,
  type SessionDocument,
  type SessionStatus,
  REQUIRED_FIELDS,
  SECTION_ORDER,
  STATUSES,
} from './document.js';
import { type CurrentFocus, type ResolutionInput, type Symptoms, type Timestamp, SessionEditError, newField, timestampValue } from './inputs.js';

export interface CreateSessionInput {
  /** The problem as the person stated it; written double-quoted and never changed afterwards. */
  trigger: string;
  created: Timestamp;
  /** Defaults to `created`. */
  updated?: Timestamp;
  /** Defaults to `gathering`. */
  status?: SessionStatus;
  currentFocus?: Partial<CurrentFocus>;
  symptoms?: Partial<Symptoms>;
  resolution?: ResolutionInput;
  /** Line ending; `\n` by default. */
  eol?: '\n' | '\r\n';
}

/**
 * Front matter `status`, `trigger`, `created`, `updated`, then the five sections in order, each with its fields
 * (empty ones written as `key:`) and Resolution's `files_changed: []`. Eliminated and Evidence start empty.
 */
export function createSession(input: CreateSessionInput): SessionDocument {
  const eol = input.eol ?? '\n';
  const status = input.status ?? 'gathering';
  if (!STATUSES.includes(status)) throw new SessionEditError('invalid_value', `unknown status ${JSON.stringify(status)}`);
  const created = timestampValue(input.created);
  const updated = timestampValue(input.updated ?? input.created);
  const blank = (): SectionPart => ({ kind: 'raw', text: eol });

  const values: Partial<Record<KnownSectionName, Readonly<Record<string, FieldValue | undefined>>>> = {
    'Current Focus': input.currentFocus ?? {},
    Symptoms: input.symptoms ?? {},
    Resolution: { files_changed: [], ...(input.resolution ?? {}) },
  };

  const sections: Section[] = SECTION_ORDER.map((name, n) => {
    const parts: SectionPart[] = [blank()];
    const given = values[name];
    if (given) {
      const keys = [...REQUIRED_FIELDS[name], ...Object.keys(given).filter((k) => !REQUIRED_FIELDS[name].includes(k))];
      for (const key of keys) parts.push(newField(key, given[key] ?? ''));
    }
    if (given && n < SECTION_ORDER.length - 1) parts.push(blank());
    return { heading: `## ${name}${eol}`, title: name, known: name, parts };
  });

  const frontMatter: Field[] = [
    newField('status', status),
    newField('trigger', input.trigger, 0, 'double'),
    newField('created', created),
    newField('updated', updated),
  ];
  return {
    bom: '',
    frontMatter: { open: `---${eol}`, parts: frontMatter, close: `---${eol}` },
    preamble: eol,
    sections,
    eol,
  };
}
