// Redaction: everything a collector writes into a bundle passes through here first, so a bundle
// can be handed to someone else. What goes: private keys (PEM blocks, also base64-encoded as in
// kubeconfigs), JWTs (service-account and OIDC tokens), bearer/basic credentials, URL passwords,
// kubeadm bootstrap tokens, AWS access key ids, values of credential-named keys, env vars and
// flags (`password: …`, `"token": "…"`, `DB_PASSWORD=…`, `--password=…`, `--token X`), and
// the data of any Secret object. Kubernetes objects are also redacted structurally (env entries,
// args arrays, JSON held in annotations) before they are serialised.
//
// Rules err on the side of redacting; they never touch the shapes the signal catalogue reads
// ("failed to fetch token: Timeout" stays: a credential-named key only counts as such when it
// is a JSON key, a YAML key at the start of a line, or the left side of `=`).
import { createRequire } from 'node:module';

// Loaded on first use: only Secret documents need a YAML parse.
const requireYaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml') as typeof import('yaml');

export const REDACTED = '[REDACTED]';

export type RedactionKind =
  | 'private-key'
  | 'jwt'
  | 'bearer'
  | 'url-password'
  | 'bootstrap-token'
  | 'cloud-key'
  | 'credential-value'
  | 'secret-data';

const CREDENTIAL_WORD = /pass(word|wd|phrase)?|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|client[-_]?key[-_]?data|credentials?|auth[-_]?key|session[-_]?key/i;
/** Names that only point at a credential (a file, a Secret's name, a duration) are kept. */
const NOT_A_VALUE = /(file|files|path|paths|dir|name|names|ref|refs|ttl|seconds|duration|url|uri|endpoint|mode|type|kind|enabled|id|count|expiration|expiry|audience|audiences|selector|provider|source|review|reviews|requests|header|policy|length|version|hash)$/i;
/** Passwords that are the word itself ("passwd" file) or a placeholder stay. */
const HARMLESS_VALUE = /^(true|false|null|~|""|''|\[REDACTED.*|<[^>]*>|\*+|\$\{?[A-Za-z_][\w]*\}?)$/;

/** Whether a key, env var or flag name names a credential value. */
export function isCredentialName(name: string): boolean {
  const n = name.replace(/^-+/, '');
  if (/^pwd$/i.test(n)) return false; // the shell's working directory
  return CREDENTIAL_WORD.test(n) && !NOT_A_VALUE.test(n);
}

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY[A-Z0-9 ]*)-----/;
const PEM_INLINE = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY[A-Z0-9 ]*)-----[\s\S]*?-----END \1-----/g;
const PEM_B64 = /LS0tLS1CRUdJTi[A-Za-z0-9+/]{16,}={0,2}/g;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer)(\s+)([A-Za-z0-9._~+/=-]{8,})/gi;
const AUTH_HEADER = /\b(Authorization\\?["']?\s*[:=]\s*\\?["']?\s*)(?:(Bearer|Basic|Token|Negotiate|Digest)\s+)?([^\s"'\\,]+)/gi;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@"'\\]+):([^@\s/"'\\]+)@/gi;
const BOOTSTRAP_TOKEN = /\b(?=[a-z0-9]{0,5}[a-z])[a-z0-9]{6}\.(?=[a-z0-9]{0,15}[a-z])[a-z0-9]{16}\b/g;
const CLOUD_KEY = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g;
/** `name=value` (env, flags, logfmt, query strings); the value stops at quotes, backslashes and separators. */
const ASSIGNMENT = /(^|[^A-Za-z0-9_.-])(-{0,2}[A-Za-z0-9_.-]+)=("[^"\\]*"|'[^'\\]*'|[^\s"'\\,;&)\]}]+)/g;
/** `--flag value` on a command line. */
const FLAG_SPACE = /(^|\s)(--[A-Za-z0-9_.-]+)(\s+)([^\s-"'\\][^\s"'\\]*)/g;
/** `"key": "value"` in JSON (also inside a JSON string, with escaped quotes). */
const JSON_PAIR = /("([A-Za-z0-9_.\-/]+)"\s*:\s*")((?:[^"\\]|\\.)*)(")/g;
const JSON_PAIR_ESCAPED = /(\\"([A-Za-z0-9_.\-/]+)\\"\s*:\s*\\")((?:[^"\\]|\\[^"])*)(\\")/g;
/** `"--password", "value"` in a JSON array. */
const JSON_FLAG_PAIR = /("(--[A-Za-z0-9_.-]+)"\s*,\s*")((?:[^"\\]|\\.)*)(")/g;
/** `"data": {...}` of a Secret written as JSON on one line. */
const JSON_SECRET_DATA = /("(?:data|stringData)"\s*:\s*\{)([^{}]*)(\})/g;
const JSON_SECRET_DATA_ESCAPED = /(\\"(?:data|stringData)\\"\s*:\s*\{)([^{}]*)(\})/g;
const SECRET_KIND_JSON = /\\?"kind\\?"\s*:\s*\\?"Secret\\?"/;
/** A YAML `key: value` line (optionally a list item). */
const YAML_PAIR = /^(\s*(?:-\s+)?)("[^"]+"|'[^']+'|[A-Za-z0-9_.\-/]+)(\s*:[ \t]+)(.*?)\s*$/;
const YAML_ENV_NAME = /^(\s*)(-\s+)?name:\s*["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*$/;
const YAML_VALUE = /^(\s*)(-\s+)?value:(\s+)(.+)$/;
const YAML_FLAG_ITEM = /^(\s*)-\s+["']?(--[A-Za-z0-9_.-]+)["']?\s*$/;
const YAML_ITEM = /^(\s*-\s+)(.+)$/;
const SECRET_KIND_YAML = /^\s*(?:-\s+)?kind:\s*["']?Secret["']?\s*$/m;
/** Cheap pre-filter: lines without any of these cannot hold anything to redact. */
const MAYBE = /-----BEGIN|LS0tLS1|eyJ|bearer|authoriz|:\/\/|=|"|:\s|[a-z0-9]{6}\.[a-z0-9]{16}|AKIA|ASIA|--/i;

/** Necessary conditions of the rules above, tested before running them (most lines meet none). */
const HAS_AUTHORIZATION = /authorization/i;
const HAS_BEARER = /bearer/i;
const HAS_TOKEN_SHAPE = /\.[a-z0-9]{16}/;

const strip = (s: string): string => s.replace(/^["']|["']$/g, '');

export class Redactor {
  readonly counts: Partial<Record<RedactionKind, number>> = {};

  /** Counts one redaction (for the manifest). */
  note(kind: RedactionKind): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  total(): number {
    return Object.values(this.counts).reduce((a, b) => a + (b ?? 0), 0);
  }

  /** A whole text (a file or a log): Secret objects scrubbed structurally, then line by line. */
  text(text: string): string {
    let t = text;
    if (SECRET_KIND_YAML.test(t) || SECRET_KIND_JSON.test(t)) t = this.scrubSecretDocuments(t);
    const lines = this.lines();
    const parts = t.split('\n');
    for (let i = 0; i < parts.length; i++) parts[i] = lines.line(parts[i]);
    return parts.join('\n');
  }

  /** A stateful line redactor, for streams: multi-line PEM blocks, YAML env and flag pairs, YAML block scalars. */
  lines(): LineRedactor {
    return new LineRedactor(this);
  }

  /** One line, no state (a single string value of an object). */
  line(line: string): string {
    if (!MAYBE.test(line)) return line;
    let l = line;
    if (l.includes('-----BEGIN ')) l = l.replace(PEM_INLINE, (_m, label: string) => {
      this.note('private-key');
      return `-----BEGIN ${label}-----${REDACTED}-----END ${label}-----`;
    });
    if (l.includes('LS0tLS1')) l = l.replace(PEM_B64, (m) => {
      const decoded = Buffer.from(m, 'base64').toString('latin1');
      if (!/PRIVATE KEY/.test(decoded)) return m;
      this.note('private-key');
      return REDACTED;
    });
    if (l.includes('eyJ')) l = l.replace(JWT, () => {
      this.note('jwt');
      return `${REDACTED}`;
    });
    if (HAS_AUTHORIZATION.test(l)) l = l.replace(AUTH_HEADER, (m, head: string, scheme: string | undefined, value: string) => {
      if (value.startsWith('[REDACTED')) return m;
      this.note('bearer');
      return `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`;
    });
    if (HAS_BEARER.test(l)) l = l.replace(BEARER, (m, word: string, space: string, value: string) => {
      if (value.startsWith('[REDACTED') || /^(token|tokens|authentication|auth)$/i.test(value)) return m;
      this.note('bearer');
      return `${word}${space}${REDACTED}`;
    });
    if (l.includes('://')) l = l.replace(URL_PASSWORD, (_m, head: string) => {
      this.note('url-password');
      return `${head}:${REDACTED}@`;
    });
    if (HAS_TOKEN_SHAPE.test(l)) l = l.replace(BOOTSTRAP_TOKEN, () => {
      this.note('bootstrap-token');
      return REDACTED;
    });
    if (l.includes('AKIA') || l.includes('ASIA')) l = l.replace(CLOUD_KEY, () => {
      this.note('cloud-key');
      return REDACTED;
    });
    if (SECRET_KIND_JSON.test(l)) {
      const scrub = (_m: string, head: string, body: string, tail: string): string =>
        `${head}${body.replace(/(\\?"[^"\\]+\\?"\s*:\s*\\?")((?:[^"\\]|\\[^"])*)(\\?")/g, (pm, k: string, v: string, q: string) => {
          if (v.startsWith('[REDACTED')) return pm;
          this.note('secret-data');
          return `${k}${REDACTED}${q}`;
        })}${tail}`;
      l = l.replace(JSON_SECRET_DATA, scrub).replace(JSON_SECRET_DATA_ESCAPED, scrub);
    }
    // Every rule below redacts a value only under a credential-named key, flag or variable.
    if (!CREDENTIAL_WORD.test(l)) return l;
    const pair = (m: string, head: string, key: string, value: string, tail: string): string => {
      if (!isCredentialName(key) || HARMLESS_VALUE.test(value) || value === '') return m;
      this.note('credential-value');
      return `${head}${REDACTED}${tail}`;
    };
    l = l.replace(JSON_PAIR, pair).replace(JSON_PAIR_ESCAPED, pair).replace(JSON_FLAG_PAIR, pair);
    l = l.replace(ASSIGNMENT, (m, before: string, key: string, value: string) => {
      if (!isCredentialName(key) || HARMLESS_VALUE.test(strip(value)) || strip(value) === '') return m;
      this.note('credential-value');
      return `${before}${key}=${REDACTED}`;
    });
    l = l.replace(FLAG_SPACE, (m, before: string, flag: string, space: string, value: string) => {
      if (!isCredentialName(flag) || HARMLESS_VALUE.test(value)) return m;
      this.note('credential-value');
      return `${before}${flag}${space}${REDACTED}`;
    });
    const y = YAML_PAIR.exec(l);
    if (y && isCredentialName(strip(y[2]))) {
      const value = y[4];
      if (value !== '' && !/^[|>][-+0-9]*$/.test(value) && !/^[{[&*!]/.test(value) && !HARMLESS_VALUE.test(strip(value))) {
        this.note('credential-value');
        l = `${y[1]}${y[2]}${y[3]}${REDACTED}`;
      }
    }
    return l;
  }

  /** A Kubernetes object (or any JSON value), redacted structurally; returns a new value. */
  object<T>(value: T): T {
    return this.walk(value, undefined) as T;
  }

  private walk(v: unknown, key: string | undefined): unknown {
    if (typeof v === 'string') {
      if (key !== undefined && isCredentialName(key) && v !== '' && !HARMLESS_VALUE.test(v)) {
        this.note('credential-value');
        return REDACTED;
      }
      const t = v.trimStart();
      if ((t.startsWith('{') || t.startsWith('[')) && t.length > 1) {
        try {
          return JSON.stringify(this.walk(JSON.parse(v), undefined));
        } catch {
          /* not JSON: fall through */
        }
      }
      return v.includes('\n') ? this.text(v) : this.line(v);
    }
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        const prev = i > 0 ? v[i - 1] : undefined;
        if (typeof x === 'string' && typeof prev === 'string' && /^--[A-Za-z0-9_.-]+$/.test(prev) && isCredentialName(prev) && !x.startsWith('-')) {
          this.note('credential-value');
          out.push(REDACTED);
        } else {
          out.push(this.walk(x, undefined));
        }
      }
      return out;
    }
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const isSecret = o.kind === 'Secret';
      const envLike = typeof o.name === 'string' && typeof o.value === 'string' && isCredentialName(o.name);
      for (const [k, x] of Object.entries(o)) {
        if (k === 'managedFields') continue; // bulky, says nothing about health
        if (isSecret && (k === 'data' || k === 'stringData') && x && typeof x === 'object') {
          const scrubbed: Record<string, string> = {};
          for (const dk of Object.keys(x as object)) {
            this.note('secret-data');
            scrubbed[dk] = REDACTED;
          }
          out[k] = scrubbed;
        } else if (envLike && k === 'value' && x !== '' && !HARMLESS_VALUE.test(String(x))) {
          this.note('credential-value');
          out[k] = REDACTED;
        } else {
          out[k] = this.walk(x, k);
        }
      }
      return out;
    }
    return v;
  }

  /** YAML or JSON documents holding Secret objects: their data replaced, the rest kept as it was. */
  private scrubSecretDocuments(text: string): string {
    const trimmed = text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(this.object(JSON.parse(text)), null, 2);
      } catch {
        return text; // JSON lines or a fragment: the line rules handle one-line Secrets
      }
    }
    const { isMap, isScalar, isSeq, parseAllDocuments } = requireYaml();
    let docs;
    try {
      docs = parseAllDocuments(text);
    } catch {
      return text;
    }
    const list = Array.isArray(docs) ? docs : [docs];
    if (list.some((d) => d.errors.length)) return this.blankSecretDataLines(text);
    let changed = false;
    const visit = (n: unknown): void => {
      if (isSeq(n)) {
        for (const x of n.items) visit(x);
        return;
      }
      if (!isMap(n)) return;
      const kind = n.get('kind');
      if (kind === 'Secret') {
        for (const field of ['data', 'stringData']) {
          const data = n.get(field, true);
          if (isMap(data)) {
            for (const item of [...data.items]) {
              data.set(isScalar(item.key) ? item.key.value : item.key, REDACTED);
              this.note('secret-data');
              changed = true;
            }
          }
        }
      }
      for (const item of n.items) visit(item.value);
    };
    for (const d of list) visit(d.contents);
    if (!changed) return text;
    return list.map((d) => d.toString({ lineWidth: 0 })).join('');
  }

  /** Unparseable YAML with a Secret in it: drop every indented line under data:/stringData:. */
  private blankSecretDataLines(text: string): string {
    const lines = text.split('\n');
    let under: number | undefined;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      const indent = l.length - l.trimStart().length;
      if (under !== undefined) {
        if (l.trim() !== '' && indent > under) {
          lines[i] = `${' '.repeat(indent)}${REDACTED}`;
          this.note('secret-data');
          continue;
        }
        under = undefined;
      }
      if (/^\s*(?:-\s+)?(data|stringData):\s*$/.test(l)) under = indent;
    }
    return lines.join('\n');
  }
}

/** Line-by-line redaction with the state that spans lines. */
export class LineRedactor {
  private inPem: string | undefined;
  private blockIndent: number | undefined;
  private envIndent: number | undefined;
  private flagIndent: number | undefined;

  constructor(private readonly r: Redactor) {}

  line(raw: string): string {
    const indentOf = (s: string): number => s.length - s.trimStart().length;
    if (this.inPem !== undefined) {
      const end = raw.indexOf(`-----END ${this.inPem}-----`);
      if (end < 0) return raw.trim() === '' ? raw : `${raw.slice(0, indentOf(raw))}${REDACTED}`;
      this.inPem = undefined;
      return raw.slice(0, Math.min(end, indentOf(raw))) + raw.slice(end);
    }
    if (this.blockIndent !== undefined) {
      if (raw.trim() === '' || indentOf(raw) > this.blockIndent) return raw.trim() === '' ? raw : `${raw.slice(0, indentOf(raw))}${REDACTED}`;
      this.blockIndent = undefined;
    }
    const env = this.envIndent;
    this.envIndent = undefined;
    const flag = this.flagIndent;
    this.flagIndent = undefined;

    let l = this.r.line(raw);
    const begin = PEM_BEGIN.exec(l);
    if (begin && !l.includes(`-----END ${begin[1]}-----`)) {
      this.inPem = begin[1];
      this.r.note('private-key');
      return l.slice(0, begin.index + begin[0].length) + REDACTED;
    }
    if (env !== undefined) {
      const v = YAML_VALUE.exec(l);
      if (v && !v[2] && v[1].length === env && !HARMLESS_VALUE.test(strip(v[4].trim())) && !v[4].startsWith('[REDACTED')) {
        this.r.note('credential-value');
        l = `${v[1]}value:${v[3]}${REDACTED}`;
      }
    }
    if (flag !== undefined) {
      const item = YAML_ITEM.exec(l);
      if (item && indentOf(l) === flag && !item[2].startsWith('-') && !item[2].startsWith('[REDACTED')) {
        this.r.note('credential-value');
        l = `${item[1]}${REDACTED}`;
      }
    }
    const y = YAML_PAIR.exec(l);
    if (y && isCredentialName(strip(y[2])) && /^[|>][-+0-9]*$/.test(y[4])) this.blockIndent = indentOf(l);
    const e = YAML_ENV_NAME.exec(l);
    if (e && isCredentialName(e[3])) this.envIndent = e[1].length + (e[2]?.length ?? 0);
    const f = YAML_FLAG_ITEM.exec(l);
    if (f && isCredentialName(f[2])) this.flagIndent = f[1].length;
    return l;
  }
}
