// A fast path for the YAML that kubectl and talosctl write (go-yaml's block style): block maps and
// sequences (also go-yaml's unindented sequences under a key), plain, quoted and literal-block
// scalars, empty flow collections, comments. It gives the values the `yaml` package gives (core
// schema, toJS) and each listed object's line, about twenty times faster; on anything else
// (anchors, tags, flow collections, folded blocks, odd indentation…) it declines and the `yaml`
// package reads the text, errors and all. test/perf compares the two.

export interface FastDoc {
  value: unknown;
  /** 1-based line (in the text) of each object flattenObjects yields from value, in its order. */
  itemLines: number[];
}

class Decline extends Error {}
const decline = (): never => {
  throw new Decline();
};

/** A parsed value: maps are plain objects and sequences arrays, as the yaml package's toJS gives them. */
type YValue = unknown;
type YMap = Record<string, unknown>;

/** YAML's white space is spaces and tabs only (JavaScript's trim also takes U+2028 and others). */
function trimS(s: string): string {
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  return i ? s.slice(i) : s;
}
function trimE(s: string): string {
  let e = s.length;
  while (e > 0 && (s.charCodeAt(e - 1) === 32 || s.charCodeAt(e - 1) === 9)) e--;
  return e < s.length ? s.slice(0, e) : s;
}

const INDICATOR = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

/** The documents of a kubectl-style YAML text, or undefined when it is not (only) that. */
export function parseKubeYaml(text: string): FastDoc[] | undefined {
  try {
    return new Parser(text).documents();
  } catch (e) {
    if (e instanceof Decline) return undefined;
    throw e;
  }
}

class Parser {
  /** The 1-based line each map (object) starts at, for itemLines. */
  readonly mapLines = new Map<object, number>();
  private readonly lines: string[];
  private readonly indents: Int32Array;
  private i = 0;

  constructor(text: string) {
    this.lines = text.split('\n');
    this.indents = new Int32Array(this.lines.length);
    for (let k = 0; k < this.lines.length; k++) {
      const l = this.lines[k];
      let n = 0;
      while (n < l.length && l.charCodeAt(n) === 32) n++;
      if (l.charCodeAt(n) === 9 || l.includes('\r')) decline();
      this.indents[k] = n === l.length ? -1 : n;
    }
  }

  /** Blank and comment lines are skipped between nodes. */
  private skip(): void {
    while (this.i < this.lines.length) {
      const n = this.indents[this.i];
      if (n >= 0 && this.lines[this.i].charCodeAt(n) !== 35) return;
      this.i++;
    }
  }

  documents(): FastDoc[] {
    const docs: FastDoc[] = [];
    let open = false;
    for (;;) {
      this.skip();
      if (this.i >= this.lines.length) break;
      const l = this.lines[this.i];
      if (l.startsWith('%')) decline();
      if (l === '---' || l.startsWith('--- ')) {
        const tail = trimS(l.slice(3));
        if (tail !== '' && !tail.startsWith('#')) decline();
        if (open) docs.push({ value: null, itemLines: [] });
        open = true;
        this.i++;
        continue;
      }
      if (l === '...') {
        if (open) docs.push({ value: null, itemLines: [] });
        open = false;
        this.i++;
        continue;
      }
      if (this.indents[this.i] !== 0) decline();
      const root = this.block(0);
      docs.push({ value: root, itemLines: itemLines(root, this.mapLines) });
      open = false;
      this.skip();
      if (this.i < this.lines.length) {
        const next = this.lines[this.i];
        if (next !== '---' && !next.startsWith('--- ') && next !== '...') decline();
      }
    }
    if (open) docs.push({ value: null, itemLines: [] });
    if (!docs.length) decline();
    return docs;
  }

  /** A map or sequence whose first line (this.i) is indented exactly n. */
  private block(n: number): YValue {
    const c = this.lines[this.i].slice(n);
    if (c === '-' || c.startsWith('- ')) return this.seq(n);
    if (keyOf(c)) return this.map(n);
    return decline();
  }

  private map(n: number): YMap {
    const node: YMap = {};
    this.mapLines.set(node, this.i + 1);
    for (;;) {
      this.skip();
      if (this.i >= this.lines.length) break;
      const ind = this.indents[this.i];
      if (ind < n) break;
      if (ind > n) decline();
      const c = this.lines[this.i].slice(n);
      if (n === 0 && (c === '---' || c.startsWith('--- ') || c === '...')) break;
      if (c === '-' || c.startsWith('- ')) {
        // A sequence at the map's indentation belongs to the key before (handled there).
        decline();
      }
      const k = keyOf(c);
      if (!k) decline();
      const { key, rest } = k as { key: string; rest: string };
      if (key === '<<' || key === '__proto__' || Object.hasOwn(node, key)) decline();
      this.i++;
      // Keys are unique and never __proto__: assignment makes an own property, in the yaml package's order.
      node[key] = this.value(rest, n, true);
    }
    return node;
  }

  private seq(n: number): unknown[] {
    const node: unknown[] = [];
    for (;;) {
      this.skip();
      if (this.i >= this.lines.length) break;
      const ind = this.indents[this.i];
      if (ind < n) break;
      if (ind > n) decline();
      const l = this.lines[this.i];
      const c = l.slice(n);
      if (!(c === '-' || c.startsWith('- '))) break;
      let col = n + 1;
      while (col < l.length && l.charCodeAt(col) === 32) col++;
      const rest = l.slice(col);
      if (rest === '' || rest.startsWith('#')) {
        this.i++;
        node.push(this.nested(n, false));
      } else if (rest === '-' || rest.startsWith('- ') || keyOf(rest)) {
        // "- key: v" / "- - x": the item is a block starting at the column after the dash.
        this.lines[this.i] = ' '.repeat(col) + rest;
        this.indents[this.i] = col;
        node.push(this.block(col));
      } else {
        this.i++;
        node.push(this.scalar(rest, n));
      }
    }
    return node;
  }

  /** The value after "key:" (rest: the text after the colon) of a node indented n. */
  private value(rest: string, n: number, compactSeq: boolean): YValue {
    const r = trimS(rest);
    if (r === '' || r.startsWith('#')) {
      if (r !== '' && rest === r) decline();
      return this.nested(n, compactSeq);
    }
    return this.scalar(r, n);
  }

  /** What follows a key or dash with nothing after it: a deeper block, go-yaml's unindented sequence, or null. */
  private nested(n: number, compactSeq: boolean): YValue {
    const save = this.i;
    this.skip();
    if (this.i < this.lines.length) {
      const ind = this.indents[this.i];
      const c = this.lines[this.i].slice(Math.max(ind, 0));
      if (ind > n) {
        if (c === '-' || c.startsWith('- ') || keyOf(c)) return this.block(ind);
        decline();
      }
      if (ind === n && compactSeq && (c === '-' || c.startsWith('- '))) return this.seq(n);
    }
    this.i = save;
    return null;
  }

  /** A scalar starting with text r on line this.i-1, in a node indented n (continuations deeper). */
  private scalar(r: string, n: number): YValue {
    const c0 = r[0];
    if (c0 === '"') return this.quoted(r, n, true);
    if (c0 === "'") return this.quoted(r, n, false);
    if (c0 === '|') return this.literal(r, n);
    const flow = trimE(r);
    // Empty flow collections are collections (a listed `{}` is an object at its line).
    if (flow === '{}') {
      const empty: YMap = {};
      this.mapLines.set(empty, this.i);
      return empty;
    }
    if (flow === '[]') return [];
    // "-x", ":x", "?x" are plain; the other indicators start something else.
    if (INDICATOR.has(c0) && !((c0 === '-' || c0 === ':' || c0 === '?') && r.length > 1 && r[1] !== ' ' && r[1] !== '\t')) decline();
    return resolvePlain(this.plain(r, n));
  }

  private plain(first: string, n: number): string {
    checkPlain(first);
    let out = trimE(first);
    let blanks = 0;
    for (let k = this.i; k < this.lines.length; k++) {
      const ind = this.indents[k];
      if (ind < 0) {
        blanks++;
        continue;
      }
      if (ind <= n) break;
      const c = this.lines[k].slice(ind);
      if (c.startsWith('#')) break;
      if (INDICATOR.has(c[0])) decline();
      checkPlain(c);
      out += blanks ? '\n'.repeat(blanks) : ' ';
      out += trimE(c);
      blanks = 0;
      this.i = k + 1;
    }
    return out;
  }

  /** A quoted scalar starting at r (with its quote), possibly over several lines (folded). */
  private quoted(r: string, n: number, double: boolean): string {
    let out = '';
    let text = r.slice(1);
    for (let first = true; ; first = false) {
      if (!first) text = text.replace(/^[ \t]+/, '');
      const close = double ? closingDouble(`"${text}`) - 1 : closingSingle(`'${text}`) - 1;
      if (close >= 0) {
        if (!/^[ \t]*$/.test(text.slice(close + 1))) decline();
        return out + (double ? unquoteDouble(`"${text.slice(0, close)}"`) : text.slice(0, close).replace(/''/g, "'"));
      }
      // The line ends inside the scalar.
      let escapedBreak = false;
      if (double) {
        if (/\\[ \t]+$/.test(text)) decline();
        const backslashes = /\\*$/.exec(text)?.[0].length ?? 0;
        escapedBreak = backslashes % 2 === 1;
      }
      const raw = escapedBreak ? text.slice(0, -1) : text.replace(/[ \t]+$/, '');
      out += double ? unquoteDouble(`"${raw}"`) : raw.replace(/''/g, "'");
      let blanks = 0;
      while (this.i < this.lines.length && this.indents[this.i] < 0) {
        blanks++;
        this.i++;
      }
      if (this.i >= this.lines.length || this.indents[this.i] <= n) decline();
      if (escapedBreak) {
        if (blanks) decline();
      } else out += blanks ? '\n'.repeat(blanks) : ' ';
      text = this.lines[this.i];
      this.i++;
    }
  }

  /** A literal block scalar "|" or "|-" (clip or strip), content indented deeper than n. */
  private literal(r: string, n: number): string {
    const header = trimE(r);
    if (header !== '|' && header !== '|-') decline();
    const strip = header === '|-';
    const body: string[] = [];
    const blankLengths: number[] = [];
    let ind = -1;
    let k = this.i;
    for (; k < this.lines.length; k++) {
      const l = this.lines[k];
      const li = this.indents[k];
      if (li < 0) {
        body.push(l);
        blankLengths.push(l.length);
        continue;
      }
      if (ind < 0) {
        if (li <= n) break;
        ind = li;
        // Leading blank lines may not be deeper than the content.
        if (blankLengths.some((x) => x > ind)) decline();
      }
      if (li < ind) break;
      body.push(l);
      blankLengths.push(-1);
    }
    // A block at the end of the text: the yaml package's chomping there is not worth copying.
    if (k >= this.lines.length) decline();
    this.i = k;
    // Trailing blank lines are not content (clip keeps one line break, strip none).
    let end = body.length;
    while (end > 0 && blankLengths[end - 1] >= 0) {
      if (blankLengths[end - 1] > Math.max(ind, n + 1)) decline();
      end--;
    }
    if (end === 0) return '';
    const text = body
      .slice(0, end)
      .map((l, x) => (blankLengths[x] >= 0 ? l.slice(ind) : l.slice(ind)))
      .join('\n');
    return strip ? text : `${text}\n`;
  }
}

function keyOf(c: string): { key: string; rest: string } | undefined {
  const q = c[0];
  if (q === '"' || q === "'") {
    const end = q === '"' ? closingDouble(c) : closingSingle(c);
    if (end < 0 || c[end + 1] !== ':' || (end + 2 < c.length && c[end + 2] !== ' ')) return undefined;
    const raw = c.slice(0, end + 1);
    const key = q === '"' ? unquoteDouble(raw) : raw.slice(1, -1).replace(/''/g, "'");
    return { key, rest: c.slice(end + 2) };
  }
  if (INDICATOR.has(q) && !(q === '-' && c.length > 1 && c[1] !== ' ' && c[1] !== undefined)) return undefined;
  let at = c.indexOf(': ');
  if (at < 0) {
    if (!c.endsWith(':')) return undefined;
    at = c.length - 1;
  }
  const raw = c.slice(0, at);
  if (raw === '' || raw !== trimE(raw) || raw.includes(' #') || raw.includes('\t')) return undefined;
  const v = resolvePlain(raw);
  return { key: v === null ? '' : String(v), rest: c.slice(at + 1) };
}

function checkPlain(s: string): void {
  const t = trimE(s);
  if (t.includes(': ') || t.includes(':\t') || t.endsWith(':') || t.includes(' #') || t.includes('\t#')) decline();
}

function closingDouble(c: string): number {
  for (let k = 1; k < c.length; k++) {
    const ch = c.charCodeAt(k);
    if (ch === 92 /* \\ */) k++;
    else if (ch === 34 /* " */) return k;
  }
  return -1;
}

function closingSingle(c: string): number {
  for (let k = 1; k < c.length; k++) {
    if (c.charCodeAt(k) === 39 /* ' */) {
      if (c.charCodeAt(k + 1) === 39) k++;
      else return k;
    }
  }
  return -1;
}

function unquoteDouble(raw: string): string {
  // Most quoted scalars have no escape: the text between the quotes as it is.
  const first = raw.indexOf('\\', 1);
  if (first < 0 || first >= raw.length - 1) return raw.slice(1, -1);
  let out = raw.slice(1, first);
  for (let k = first; k < raw.length - 1; ) {
    if (raw[k] === '\\') {
      const e = unescape(raw, k);
      out += e.text;
      k = e.next;
    } else out += raw[k++];
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

function unescape(s: string, k: number): { text: string; next: number } {
  const ch = s[k + 1];
  const simple = SIMPLE_ESCAPES[ch];
  if (simple !== undefined) return { text: simple, next: k + 2 };
  const len = ch === 'x' ? 2 : ch === 'u' ? 4 : ch === 'U' ? 8 : 0;
  if (!len) return decline();
  const hex = s.slice(k + 2, k + 2 + len);
  if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) decline();
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) decline();
  return { text: String.fromCodePoint(code), next: k + 2 + len };
}

/** A plain scalar's value under the YAML 1.2 core schema, as the yaml package resolves it. */
export function resolvePlain(s: string): unknown {
  // Every non-string form starts with one of these (or is empty): the rest are strings.
  const c = s.charCodeAt(0);
  if (s.length && !((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70)) return s;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return s[0] === 't' || s[0] === 'T';
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) {
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

/** The lines of the maps flattenObjects' objects come from (as structured.ts finds them in the yaml package's tree). */
function itemLines(root: YValue, mapLines: Map<object, number>): number[] {
  const out: number[] = [];
  const visit = (v: YValue): void => {
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    if (v !== null && typeof v === 'object') {
      const items = Object.hasOwn(v, 'items') ? (v as YMap).items : undefined;
      if (Array.isArray(items)) {
        for (const x of items) visit(x);
        return;
      }
      out.push(mapLines.get(v) as number);
    }
  };
  visit(root);
  return out;
}
