/** Inputs to edits: error type, input shapes, and turning given values into field values. */
import type { Field, FieldValue } from './document.js';
import { formatIsoUtc, parseIsoTimestamp } from './timestamps.js';
import { VALID_KEY, normaliseInput } from './values.js';

export type EditErrorCode = 'immutable_key' | 'invalid_key' | 'invalid_value';

export class SessionEditError extends Error {
  constructor(
    readonly code: EditErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SessionEditError';
  }
}

export interface CurrentFocus {
  hypothesis: string;
  test: string;
  expecting: string;
  next_action: string;
}

export interface Symptoms {
  expected: string;
  actual: string;
  errors: string;
  reproduction: string;
  started: string;
}

export interface ResolutionInput {
  root_cause?: string;
  fix?: string;
  verification?: string;
  files_changed?: string[];
}

export type Timestamp = Date | string;

export interface EliminatedInput {
  hypothesis: string;
  evidence: string;
  timestamp: Timestamp;
  [extra: string]: FieldValue | Date;
}

export interface EvidenceInput {
  timestamp: Timestamp;
  checked: string;
  found: string;
  implication: string;
  [extra: string]: FieldValue | Date;
}

/** A timestamp as written in the document: a Date becomes `2026-02-22T01:00:00Z`; a string must be ISO 8601. */
export function timestampValue(value: Timestamp): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new SessionEditError('invalid_value', 'invalid Date');
    return formatIsoUtc(value);
  }
  if (parseIsoTimestamp(value) === null) {
    throw new SessionEditError('invalid_value', `not an ISO 8601 timestamp: ${JSON.stringify(value)}`);
  }
  return value.trim();
}

export function fieldValue(value: FieldValue): FieldValue {
  return Array.isArray(value) ? value.map(normaliseInput) : normaliseInput(value);
}

export function checkKey(key: string): void {
  if (!VALID_KEY.test(key)) throw new SessionEditError('invalid_key', `not a valid key: ${JSON.stringify(key)}`);
}

export function newField(key: string, value: FieldValue, indent = 0, style: Field['style'] = 'auto'): Field {
  checkKey(key);
  return { kind: 'field', key, value: fieldValue(value), style, indent };
}
