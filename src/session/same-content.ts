/**
 * Equality of list items on normalised content, used to skip appending an Eliminated/Evidence item that is
 * already in the document.
 */
import type { FieldValue, ListItem } from './document.js';

export interface SameContentOptions {
  /**
   * Keys left out of the comparison. Defaults to `['timestamp']`: the same fact found again at a later time is
   * not new content.
   */
  ignoreKeys?: readonly string[];
}

export type ItemContent = ListItem | Readonly<Record<string, FieldValue>> | ReadonlyArray<readonly [string, FieldValue]>;

/** Whitespace runs (line breaks included) collapsed to one space, trimmed, Unicode NFC. */
export function normaliseContent(value: FieldValue): string {
  const text = Array.isArray(value) ? value.join('\n') : value;
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function entriesOf(item: ItemContent): Array<readonly [string, FieldValue]> {
  if (Array.isArray(item)) return item as Array<readonly [string, FieldValue]>;
  const maybe = item as ListItem;
  if (maybe.kind === 'item' && Array.isArray(maybe.fields)) return maybe.fields.map((f) => [f.key, f.value] as const);
  return Object.entries(item as Record<string, FieldValue>);
}

/** A canonical string for an item's content: sorted `key=value` pairs, empty values left out. */
export function itemContentKey(item: ItemContent, options: SameContentOptions = {}): string {
  const ignore = new Set((options.ignoreKeys ?? ['timestamp']).map((k) => k.toLowerCase()));
  const pairs = new Map<string, string>();
  for (const [key, value] of entriesOf(item)) {
    const k = key.trim().toLowerCase();
    const v = normaliseContent(value);
    if (ignore.has(k) || v === '' || pairs.has(k)) continue;
    pairs.set(k, v);
  }
  return [...pairs.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

/** True when two items say the same thing (same keys, equal normalised values; key order does not matter). */
export function sameItemContent(a: ItemContent, b: ItemContent, options: SameContentOptions = {}): boolean {
  return itemContentKey(a, options) === itemContentKey(b, options);
}
