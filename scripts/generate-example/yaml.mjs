// Minimal YAML emitter that mimics sigs.k8s.io/yaml (go-yaml v2) output as printed by
// `kubectl -o yaml` and by the k8s json serializer in YAML mode: keys sorted, block style,
// sequences not indented under their key, strings quoted only when needed, long plain and
// single-quoted scalars folded at column 80.

const BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const BEST_WIDTH = 80;

function resolvesToNonString(s) {
  if (NULLS.has(s) || BOOLS.has(s)) return true;
  if (['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '.nan', '.NaN', '.NAN'].includes(s)) return true;
  const c = s[0];
  if (!('0123456789-+.'.includes(c))) return false;
  const plain = s.replace(/_/g, '');
  if (/^[-+]?(0x[0-9a-fA-F]+|0b[01]+|0o?[0-7]+|[0-9]+)$/.test(plain)) return true;
  if (/^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(plain)) return true;
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s)) return true; // base 60
  if (/^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[-+]\d{2}:?\d{2})?)?$/.test(s)) return true; // timestamp
  return false;
}

function plainAllowed(s) {
  if (s.startsWith('---') || s.startsWith('...')) return false;
  const first = s[0];
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false;
  if ((first === '?' || first === ':' || first === '-') && (s.length === 1 || s[1] === ' ')) return false;
  if (/: /.test(s) || s.endsWith(':')) return false;
  if (/ #/.test(s)) return false;
  if (s.startsWith(' ') || s.endsWith(' ')) return false;
  return true;
}

function hasSpecial(s) {
  // non-printable (tab etc.) -> double quoted
  return /[\x00-\x08\x09\x0b-\x1f\x7f]/.test(s);
}

function foldWords(prefixCol, text, contIndent, quoteSingle) {
  // Emulates yaml_emitter_write_plain_scalar / write_single_quoted break logic.
  let out = '';
  let col = prefixCol;
  let spaces = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === ' ') {
      const notEdge = !quoteSingle || (i !== 0 && i !== text.length - 1);
      if (!spaces && col > BEST_WIDTH && notEdge && text[i + 1] !== ' ') {
        out += '\n' + ' '.repeat(contIndent);
        col = contIndent;
      } else {
        out += ch;
        col += 1;
      }
      spaces = true;
    } else {
      out += ch;
      col += 1;
      spaces = false;
    }
  }
  return out;
}

function escapeChar(ch) {
  switch (ch) {
    case '\n':
      return '\\n';
    case '\t':
      return '\\t';
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\r':
      return '\\r';
    default: {
      const c = ch.charCodeAt(0);
      if (c < 0x20 || c === 0x7f) return '\\x' + c.toString(16).padStart(2, '0');
      return ch;
    }
  }
}

// yaml_emitter_write_double_quoted_scalar: escapes, folded at spaces past column 80
function doubleQuoted(s, col, contIndent) {
  let out = '"';
  let column = col + 1;
  let spaces = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === ' ') {
      if (!spaces && column > BEST_WIDTH && i > 0 && i < s.length - 1) {
        out += '\n' + ' '.repeat(contIndent);
        column = contIndent;
        if (s[i + 1] === ' ') {
          out += '\\';
          column += 1;
        }
      } else {
        out += ' ';
        column += 1;
      }
      spaces = true;
    } else {
      const e = escapeChar(ch);
      out += e;
      column += e.length;
      spaces = false;
    }
  }
  return out + '"';
}

function scalar(v, col, contIndent) {
  // col: column where the scalar starts; returns text (may contain newlines)
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  const s = String(v);
  if (hasSpecial(s)) return doubleQuoted(s, col, contIndent);
  if (s.includes('\n')) return { literal: s };
  if (resolvesToNonString(s)) return doubleQuoted(s, col, contIndent);
  if (plainAllowed(s)) return foldWords(col, s, contIndent, false);
  const esc = s.replace(/'/g, "''");
  return "'" + foldWords(col + 1, esc, contIndent, true) + "'";
}

function isMap(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function literalBlock(s, indent) {
  let chomp = '-';
  let body = s;
  if (s.endsWith('\n')) {
    chomp = '';
    body = s.slice(0, -1);
    if (body.endsWith('\n')) chomp = '+';
  }
  const ind = ' '.repeat(indent);
  const lines = body.split('\n').map((l) => (l.length ? ind + l : ''));
  return `|${chomp}\n` + lines.join('\n');
}

function emitMap(obj, indent, firstLinePrefix = null) {
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  const lines = [];
  keys.forEach((k, idx) => {
    const pre = idx === 0 && firstLinePrefix !== null ? firstLinePrefix : ' '.repeat(indent);
    const keyText = scalarKey(k);
    lines.push(...emitKV(pre, keyText, obj[k], indent));
  });
  return lines;
}

function scalarKey(k) {
  if (resolvesToNonString(k) || !plainAllowed(k) || hasSpecial(k)) return JSON.stringify(k);
  return k;
}

function emitKV(pre, key, v, indent) {
  const head = `${pre}${key}:`;
  if (Array.isArray(v)) {
    if (v.length === 0) return [`${head} []`];
    return [head, ...emitSeq(v, indent)];
  }
  if (isMap(v)) {
    if (Object.keys(v).filter((k) => v[k] !== undefined).length === 0) return [`${head} {}`];
    return [head, ...emitMap(v, indent + 2)];
  }
  const sc = scalar(v, head.length + 1, indent + 2);
  if (typeof sc === 'object' && sc.literal !== undefined) return [`${head} ${literalBlock(sc.literal, indent + 2)}`];
  return [`${head} ${sc}`];
}

function emitSeq(arr, indent) {
  const lines = [];
  const dash = ' '.repeat(indent) + '- ';
  for (const item of arr) {
    if (isMap(item)) {
      if (Object.keys(item).length === 0) lines.push(`${dash}{}`);
      else lines.push(...emitMap(item, indent + 2, dash));
    } else if (Array.isArray(item)) {
      lines.push(`${dash}${JSON.stringify(item)}`);
    } else {
      const sc = scalar(item, dash.length, indent + 2);
      if (typeof sc === 'object') lines.push(`${dash}${literalBlock(sc.literal, indent + 2)}`);
      else lines.push(`${dash}${sc}`);
    }
  }
  return lines;
}

export function toYaml(obj) {
  return emitMap(obj, 0).join('\n') + '\n';
}
