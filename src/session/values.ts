/**
 * Decoding and encoding of `key: value` values: plain, double/single quoted, flow lists `[a, b]`, and `|` / `>`
 * block scalars. The front matter is YAML, so there ` #` starts a comment; in the body the format is YAML-like prose
 * and `#` is kept as text.
 */
import YAML from 'yaml';
import type { FieldValue, ValueStyle } from './document.js';
import { indentOf, isBlank } from './lines.js';

export type ValueMode = 'frontmatter' | 'body';

const KEY = '[A-Za-z_][A-Za-z0-9_.-]*';
/** `key: value` (any indentation). Groups: indent, key, rest after the colon. */
export const KEY_LINE = new RegExp(`^([ \\t]*)(${KEY}):(?=[ \\t]|$)(.*)$`);
/** `- key: value` (any indentation). Groups: indent, spaces after dash, key, rest after the colon. */
export const ITEM_LINE = new RegExp(`^([ \\t]*)-([ \\t]+)(${KEY}):(?=[ \\t]|$)(.*)$`);
/** A block scalar header such as `|`, `|-`, `>+`, `|2`. */
export const BLOCK_HEADER = /^[|>](?:[1-9][+-]?|[+-][1-9]?)?$/;
export const VALID_KEY = new RegExp(`^${KEY}$`);

type YamlResult = { ok: true; value: unknown } | { ok: false };

export function yamlParse(text: string): YamlResult {
  try {
    return { ok: true, value: YAML.parse(text, { logLevel: 'silent', prettyErrors: false }) };
  } catch {
    return { ok: false };
  }
}

/** Removes a YAML comment (`#` at the start or after whitespace) from an unquoted value. */
export function stripComment(text: string): string {
  return text.replace(/(^|[ \t])#.*$/, '').trimEnd();
}

function doubleQuoteEnd(v: string): number {
  for (let i = 1; i < v.length; i += 1) {
    if (v[i] === '\\') i += 1;
    else if (v[i] === '"') return i;
  }
  return -1;
}

function singleQuoteEnd(v: string): number {
  for (let i = 1; i < v.length; i += 1) {
    if (v[i] === "'") {
      if (v[i + 1] === "'") i += 1;
      else return i;
    }
  }
  return -1;
}

function restIsEmpty(rest: string, mode: ValueMode): boolean {
  return rest.trim() === '' || (mode === 'frontmatter' && /^[ \t]+#/.test(rest));
}

function scalarText(x: unknown): string | null {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  if (x === null) return '';
  return null;
}

export interface DecodedValue {
  value: FieldValue;
  style: ValueStyle;
}

/** Decodes a single-line (or already folded) value: the text after `key:`. Never throws. */
export function decodeInline(raw: string, mode: ValueMode): DecodedValue {
  const v = raw.trim();
  if (v === '' || (mode === 'frontmatter' && v.startsWith('#'))) return { value: '', style: 'empty' };
  if (v.startsWith('"')) {
    const end = doubleQuoteEnd(v);
    if (end > 0 && restIsEmpty(v.slice(end + 1), mode)) {
      const parsed = yamlParse(v.slice(0, end + 1));
      if (parsed.ok && typeof parsed.value === 'string') return { value: parsed.value, style: 'double' };
    }
  } else if (v.startsWith("'")) {
    const end = singleQuoteEnd(v);
    if (end > 0 && restIsEmpty(v.slice(end + 1), mode)) {
      return { value: v.slice(1, end).replace(/''/g, "'"), style: 'single' };
    }
  } else if (v.startsWith('[')) {
    const text = mode === 'frontmatter' ? stripComment(v) : v;
    if (text.endsWith(']')) {
      const parsed = yamlParse(text);
      if (parsed.ok && Array.isArray(parsed.value)) {
        const items = parsed.value.map(scalarText);
        if (items.every((x): x is string => x !== null)) return { value: items, style: 'flow' };
      }
    }
  }
  return { value: mode === 'frontmatter' ? stripComment(v) : v, style: 'plain' };
}

/**
 * Decodes the lines of a block scalar (without the header line and without trailing blank lines).
 * The value has no trailing newline.
 */
export function decodeBlock(header: string, lines: readonly string[], keyIndent: number): string {
  const digit = /[1-9]/.exec(header);
  const firstContent = lines.find((l) => !isBlank(l));
  const indent = digit ? keyIndent + Number(digit[0]) : firstContent === undefined ? 0 : indentOf(firstContent);
  const stripped = lines.map((l) => (isBlank(l) ? l.slice(indent) : l.slice(Math.min(indent, indentOf(l)))));
  if (header.startsWith('>')) return fold(stripped);
  return stripped.join('\n');
}

function fold(lines: readonly string[]): string {
  let out = '';
  let breaks = 0;
  let first = true;
  let prevMore = false;
  for (const line of lines) {
    if (line.trim() === '') {
      if (!first) breaks += 1;
      continue;
    }
    const more = /^[ \t]/.test(line);
    if (first) out = line;
    else if (breaks === 0) out += (more || prevMore ? '\n' : ' ') + line;
    else out += (more || prevMore ? '\n' : '') + '\n'.repeat(breaks) + line;
    breaks = 0;
    first = false;
    prevMore = more;
  }
  return out;
}

/** True when `s` can be written unquoted and reads back as exactly `s`, both for YAML and for this reader. */
export function isPlainSafe(s: string): boolean {
  if (s === '' || s.trim() !== s || /[\r\n]/.test(s)) return false;
  // YAML indicators cannot start a plain scalar (some parsers are lenient about `@` and `` ` ``; others are not).
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s)) return false;
  for (const mode of ['body', 'frontmatter'] as const) {
    const d = decodeInline(s, mode);
    if (d.style !== 'plain' || d.value !== s) return false;
  }
  const y = yamlParse(s);
  return y.ok && y.value === s;
}

/** A YAML double-quoted scalar (JSON string syntax is a subset of it); embedded quotes are escaped. */
export function doubleQuoted(s: string): string {
  return JSON.stringify(s);
}

function flowItem(s: string): string {
  if (isPlainSafe(s) && !/[,[\]{}]/.test(s)) {
    const y = yamlParse(`[${s}]`);
    if (y.ok && Array.isArray(y.value) && y.value.length === 1 && y.value[0] === s) return s;
  }
  return doubleQuoted(s);
}

/** `[]`, `[a, b]`, quoting items where needed. */
export function flowList(items: readonly string[]): string {
  return `[${items.map(flowItem).join(', ')}]`;
}

/** Text written after `key:` for a single-line value (empty string for an empty value). */
export function inlineValueText(value: string, style: ValueStyle): string {
  if (value === '') return '';
  if (style === 'double') return doubleQuoted(value);
  if (style === 'single' && !/[\r\n]/.test(value) && value.trim() === value) return `'${value.replace(/'/g, "''")}'`;
  return isPlainSafe(value) ? value : doubleQuoted(value);
}

/** Normalises text given to an edit: CRLF to LF, no trailing newlines. */
export function normaliseInput(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
}
