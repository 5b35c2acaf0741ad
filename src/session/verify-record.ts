/**
 * Run records: the Evidence entries `diagnose --session` and `session verify` append, from which a later
 * `session verify` learns what to re-run and what to compare with. They are ordinary Evidence items, readable by a
 * person and by `session check`:
 *
 *   - timestamp: 2026-02-22T10:39:00Z
 *     checked: kubesleuth diagnose ./bundles/cp-0222 --symptom 'pods stuck on cp2'
 *     found: root causes: etcd-db-fragmentation on cp1; symptoms: pod-stuck-containercreating on cp2; 6 findings, 0 eliminated, evidence up to 2026-02-22T10:38:12Z
 *     implication: Sources of this session (paths as given, relative to where kubesleuth runs) …
 *
 * The sources are the command after the last `kubesleuth diagnose` in the last Evidence item's `checked` that holds
 * one (a person may write such an entry by hand, in backticks or not). The recorded root causes and symptoms are the
 * union of every run record's `root causes:` and `symptoms:` lists and of the numbered `root_cause` lines kubesleuth
 * writes in Resolution (`1. <failure-mode> on <subject> (confidence …`). Pure: documents in, values out.
 */
import { type SessionDocument, getSection, itemRecord, sectionItems, sectionValue, valueText } from './document.js';

export const DIAGNOSE_COMMAND = 'kubesleuth diagnose';

export type RecordedKind = 'root cause' | 'symptom';

export interface RecordedItem {
  kind: RecordedKind;
  failureMode: string;
  /** The subject as kubesleuth writes it: a node or member name, `namespace/pod`, or `the cluster`. */
  subject: string;
}

/** `etcd-db-fragmentation on cp1` */
export function itemLabel(item: Pick<RecordedItem, 'failureMode' | 'subject'>): string {
  return `${item.failureMode} on ${item.subject}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Commands: POSIX shell words, so a recorded command can be pasted into a shell and read back exactly.

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./~-]+$/;

/** A shell word for `arg`: unchanged when safe, else single-quoted. A leading `~` is quoted (it is a path as given). */
export function shellQuote(arg: string): string {
  if (arg !== '' && SAFE_WORD.test(arg) && !arg.startsWith('~')) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Splits a command line into words (single quotes, double quotes with `\` escapes, `\` outside quotes); null when a quote is left open. */
export function shellSplit(text: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return null;
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1])) j++;
        word += text[j];
      }
      if (j >= text.length) return null;
      inWord = true;
      i = j;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** `kubesleuth diagnose <args…>` with each argument shell-quoted as needed. */
export function formatDiagnoseCommand(args: readonly string[]): string {
  return [DIAGNOSE_COMMAND, ...args.map(shellQuote)].join(' ');
}

export interface RecordedCommand {
  /** The arguments after `kubesleuth diagnose`. */
  args: string[];
  /** The command as written. */
  text: string;
  /** Line of the Evidence item's `checked` in the document, when parsed from text. */
  line?: number;
}

export type CommandLookup = { ok: true; command: RecordedCommand } | { ok: false; reason: string; line?: number };

/** The command after the last `kubesleuth diagnose` in a value (up to a closing backtick, else to the end of its line). */
export function commandIn(value: string): string | undefined {
  const at = value.lastIndexOf(DIAGNOSE_COMMAND);
  if (at < 0) return undefined;
  const after = value.slice(at + DIAGNOSE_COMMAND.length);
  if (after !== '' && !/^\s/.test(after)) return undefined;
  const inTicks = at > 0 && value[at - 1] === '`';
  const end = inTicks ? after.indexOf('`') : after.search(/\r?\n/);
  return (DIAGNOSE_COMMAND + (end < 0 ? after : after.slice(0, end))).trim();
}

/** The sources of the latest run recorded in the document (see the module comment). */
export function recordedCommand(doc: SessionDocument): CommandLookup {
  const items = sectionItems(getSection(doc, 'Evidence'));
  for (let i = items.length - 1; i >= 0; i--) {
    const field = items[i].fields.find((f) => f.key === 'checked');
    const text = commandIn(valueText(field?.value) ?? '');
    if (!text) continue;
    const words = shellSplit(text.slice(DIAGNOSE_COMMAND.length));
    if (!words) return { ok: false, reason: `the recorded command has an unclosed quote: ${text}`, line: field?.line };
    return { ok: true, command: { args: words, text, line: field?.line } };
  }
  return {
    ok: false,
    reason: `no Evidence entry records its sources (a "checked: ${DIAGNOSE_COMMAND} PATH…" line, as "diagnose --session" writes)`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Root causes and symptoms

const FAILURE_MODE = '[a-z0-9]+(?:-[a-z0-9]+)*';
const LABEL = new RegExp(`^(${FAILURE_MODE}) on (.+)$`);
const ROOT_LINE = new RegExp(`^\\s*\\d+\\.\\s+(${FAILURE_MODE}) on (.+?) \\(confidence\\b`);

/** `root causes: a on x, b on y` — the list form of run records; `none` for an empty list. */
export function formatItemList(kind: RecordedKind, labels: readonly string[]): string {
  return `${kind === 'root cause' ? 'root causes' : 'symptoms'}: ${labels.length ? labels.join(', ') : 'none'}`;
}

/** The items of a run record's `found` value. */
export function parseItemLists(found: string): RecordedItem[] {
  const out: RecordedItem[] = [];
  for (const [kind, word] of [['root cause', 'root causes'], ['symptom', 'symptoms']] as const) {
    const m = new RegExp(`(?:^|;\\s*)${word}: ([^;\\n]*)`).exec(found);
    if (!m || m[1].trim() === 'none') continue;
    for (const part of m[1].split(', ')) {
      const l = LABEL.exec(part.trim());
      if (l) out.push({ kind, failureMode: l[1], subject: l[2] });
    }
  }
  return out;
}

/** Every root cause and symptom the document records in kubesleuth's form, in first-recorded order, once each. */
export function recordedItems(doc: SessionDocument): RecordedItem[] {
  const out: RecordedItem[] = [];
  const seen = new Set<string>();
  const add = (item: RecordedItem): void => {
    const k = itemLabel(item);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(item);
    }
  };
  for (const item of sectionItems(getSection(doc, 'Evidence'))) {
    const rec = itemRecord(item);
    const checked = valueText(rec.checked) ?? '';
    if (!checked.includes(DIAGNOSE_COMMAND)) continue;
    parseItemLists(valueText(rec.found) ?? '').forEach(add);
  }
  for (const line of (sectionValue(doc, 'Resolution', 'root_cause') ?? '').split(/\r?\n/)) {
    const m = ROOT_LINE.exec(line);
    if (m) add({ kind: 'root cause', failureMode: m[1], subject: m[2] });
  }
  return out;
}
