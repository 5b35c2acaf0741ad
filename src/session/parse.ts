/**
 * Reader for debug-session documents. Never throws: text that does not fit the grammar is kept as raw text and
 * reported as a problem with its line number.
 */
import {
  type Field,
  type FrontMatter,
  type FrontMatterPart,
  type ListItem,
  type ParseProblem,
  type RawText,
  type Section,
  type SectionPart,
  type SessionDocument,
  knownSectionName,
} from './document.js';
import { type SourceLine, dominantEol, indentOf, isBlank, joinLines, splitLines } from './lines.js';
import { BLOCK_HEADER, ITEM_LINE, KEY_LINE, type ValueMode, decodeBlock, decodeInline, stripComment } from './values.js';

export interface ParsedSession {
  document: SessionDocument;
  problems: ParseProblem[];
}

const HEADING = /^##[ \t]+(.*?)[ \t]*$|^##$/;
const FENCE = /^(`{3,}|~{3,})/;

/** Parses text into a document; `writeSession(parseSession(text)) === text` for every input. */
export function parseSession(text: string): SessionDocument {
  return parseSessionWithProblems(text).document;
}

export function parseSessionWithProblems(text: string): ParsedSession {
  const problems: ParseProblem[] = [];
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const lines = splitLines(bom ? text.slice(1) : text);
  const p = new Parser(lines, problems);

  let bodyStart = 0;
  let frontMatter: FrontMatter | null = null;
  if (lines.length > 0 && lines[0].text.trimEnd() === '---') {
    let close = -1;
    for (let i = 1; i < lines.length; i += 1) {
      const t = lines[i].text.trimEnd();
      if (t === '---' || t === '...') {
        close = i;
        break;
      }
    }
    if (close === -1) {
      problems.push({ line: 1, message: 'front matter opened with --- but never closed; kept as text' });
    } else {
      frontMatter = {
        open: joinLines(lines, 0, 1),
        parts: p.parseBlock(1, close, 'frontmatter') as FrontMatterPart[],
        close: joinLines(lines, close, close + 1),
        line: 1,
        closeLine: close + 1,
      };
      bodyStart = close + 1;
    }
  }

  const headings: number[] = [];
  let fence: string | null = null;
  for (let i = bodyStart; i < lines.length; i += 1) {
    const t = lines[i].text;
    const f = FENCE.exec(t);
    if (fence !== null) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && t.slice(f[1].length).trim() === '') fence = null;
      continue;
    }
    if (f) fence = f[1];
    else if (HEADING.test(t)) headings.push(i);
  }

  const preambleEnd = headings.length > 0 ? headings[0] : lines.length;
  const sections: Section[] = headings.map((start, n) => {
    const end = n + 1 < headings.length ? headings[n + 1] : lines.length;
    const m = HEADING.exec(lines[start].text);
    const title = (m?.[1] ?? '').replace(/[ \t]+#+$/, '');
    const known = knownSectionName(title);
    const parts: SectionPart[] =
      known !== null ? p.parseBlock(start + 1, end, 'body') : start + 1 < end ? [p.raw(start + 1, end)] : [];
    return { heading: joinLines(lines, start, start + 1), title, known, line: start + 1, parts };
  });

  return {
    document: {
      bom,
      frontMatter,
      preamble: joinLines(lines, bodyStart, preambleEnd),
      sections,
      eol: dominantEol(lines),
    },
    problems,
  };
}

class Parser {
  constructor(
    private readonly lines: readonly SourceLine[],
    private readonly problems: ParseProblem[],
  ) {}

  raw(from: number, to: number): RawText {
    return { kind: 'raw', text: joinLines(this.lines, from, to), line: from + 1 };
  }

  /** Parses lines [start, end) of the front matter or of a format section into fields, items and raw text. */
  parseBlock(start: number, end: number, mode: ValueMode): SectionPart[] {
    const { lines } = this;
    const parts: SectionPart[] = [];
    let i = start;
    while (i < end) {
      const t = lines[i].text;
      if (isBlank(t)) {
        let j = i + 1;
        while (j < end && isBlank(lines[j].text)) j += 1;
        parts.push(this.raw(i, j));
        i = j;
        continue;
      }
      const fence = FENCE.exec(t);
      if (fence && mode === 'body') {
        let j = i + 1;
        while (j < end && !(lines[j].text.startsWith(fence[1]) && lines[j].text.slice(fence[1].length).trim() === '')) {
          j += 1;
        }
        j = Math.min(j + 1, end);
        parts.push(this.raw(i, j));
        i = j;
        continue;
      }
      if (/^[ \t]*<!--/.test(t)) {
        let j = i;
        while (j < end && !lines[j].text.includes('-->')) j += 1;
        j = Math.min(j + 1, end);
        parts.push(this.raw(i, j));
        i = j;
        continue;
      }
      if (mode === 'frontmatter' && /^[ \t]*#/.test(t)) {
        parts.push(this.raw(i, i + 1));
        i += 1;
        continue;
      }
      const item = mode === 'body' ? ITEM_LINE.exec(t) : null;
      if (item) {
        const parsed = this.parseItem(i, end, item);
        parts.push(parsed.item);
        i = parsed.next;
        continue;
      }
      const key = KEY_LINE.exec(t);
      if (key) {
        const indent = key[1].length;
        const parsed = this.parseField(i, end, { keyIndent: indent, contIndent: indent, mode, itemHead: false });
        parts.push(parsed.field);
        i = parsed.next;
        continue;
      }
      let j = i + 1;
      while (
        j < end &&
        !isBlank(lines[j].text) &&
        !KEY_LINE.test(lines[j].text) &&
        !(mode === 'body' && (ITEM_LINE.test(lines[j].text) || FENCE.test(lines[j].text))) &&
        !/^[ \t]*<!--/.test(lines[j].text)
      ) {
        j += 1;
      }
      this.problems.push({
        line: i + 1,
        message:
          j - i === 1
            ? 'line is not a key: value field or list item; kept as written'
            : `lines ${i + 1}-${j} are not key: value fields or list items; kept as written`,
      });
      parts.push(this.raw(i, j));
      i = j;
    }
    return parts;
  }

  private parseItem(start: number, end: number, m: RegExpExecArray): { item: ListItem; next: number } {
    const { lines } = this;
    const dashIndent = m[1].length;
    const keyIndent = dashIndent + 1 + m[2].length;
    const first = this.parseField(start, end, { keyIndent, contIndent: dashIndent, mode: 'body', itemHead: true });
    const fields: Field[] = [first.field];
    let j = first.next;
    for (;;) {
      let k = j;
      while (k < end && isBlank(lines[k].text)) k += 1;
      if (k >= end || indentOf(lines[k].text) <= dashIndent) break;
      const last = fields[fields.length - 1];
      const key = KEY_LINE.exec(lines[k].text);
      if (key) {
        if (k > j) last.after = (last.after ?? '') + joinLines(lines, j, k);
        const f = this.parseField(k, end, {
          keyIndent: key[1].length,
          contIndent: dashIndent,
          mode: 'body',
          itemHead: false,
        });
        fields.push(f.field);
        j = f.next;
      } else {
        this.problems.push({ line: k + 1, message: 'line inside a list item is not a key: value field; kept as written' });
        last.after = (last.after ?? '') + joinLines(lines, j, k + 1);
        j = k + 1;
      }
    }
    return { item: { kind: 'item', dashIndent, keyIndent, fields, line: start + 1 }, next: j };
  }

  /**
   * Parses the field whose key is on line `start`. Trailing blank lines are never part of a field (they separate
   * it from what follows and stay in place when the field is rewritten).
   */
  private parseField(
    start: number,
    end: number,
    o: { keyIndent: number; contIndent: number; mode: ValueMode; itemHead: boolean },
  ): { field: Field; next: number } {
    const { lines } = this;
    const t = lines[start].text;
    const m = (o.itemHead ? ITEM_LINE : KEY_LINE).exec(t)!;
    const key = o.itemHead ? m[3] : m[2];
    const rest = o.itemHead ? m[4] : m[3];
    const head = (o.mode === 'frontmatter' ? stripComment(rest) : rest).trim();
    let next = start + 1;
    let decoded: { value: Field['value']; style: Field['style'] };

    if (BLOCK_HEADER.test(head)) {
      let j = start + 1;
      while (j < end && (isBlank(lines[j].text) || indentOf(lines[j].text) > o.keyIndent)) {
        if (!isBlank(lines[j].text)) next = j + 1;
        j += 1;
      }
      const content = lines.slice(start + 1, next).map((l) => l.text);
      decoded = { value: decodeBlock(head, content, o.keyIndent), style: head.startsWith('>') ? 'folded' : 'block' };
    } else if (head === '') {
      while (next < end && !isBlank(lines[next].text)) {
        const ind = indentOf(lines[next].text);
        const zeroIndentSeq = o.mode === 'frontmatter' && ind === o.keyIndent && /^[ \t]*-(?:[ \t]|$)/.test(lines[next].text);
        if (ind <= o.keyIndent && !zeroIndentSeq) break;
        next += 1;
      }
      const cont = lines.slice(start + 1, next).map((l) => l.text.trim());
      if (cont.length === 0) decoded = { value: '', style: 'empty' };
      else if (cont.every((c) => /^-(?:[ \t]|$)/.test(c))) {
        const items = cont.map((c) => decodeInline(c.slice(1), o.mode).value);
        decoded = {
          value: items.map((x) => (Array.isArray(x) ? x.join(', ') : x)),
          style: 'list',
        };
      } else decoded = decodeInline(cont.join(' '), o.mode);
    } else {
      while (next < end) {
        const c = lines[next].text;
        if (isBlank(c) || indentOf(c) <= o.contIndent || KEY_LINE.test(c) || ITEM_LINE.test(c)) break;
        next += 1;
      }
      const cont = lines.slice(start + 1, next).map((l) => l.text.trim());
      decoded = decodeInline([rest, ...cont].join(' '), o.mode);
    }

    const text = joinLines(lines, start, next);
    const field: Field = {
      kind: 'field',
      key,
      value: decoded.value,
      style: decoded.style,
      indent: o.keyIndent,
      line: start + 1,
      source: { text, key, value: decoded.value, itemHead: o.itemHead },
    };
    return { field, next };
  }
}
