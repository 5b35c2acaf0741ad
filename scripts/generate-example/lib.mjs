// Helpers for the deterministic example generator (no dependencies).
// Times are handled as integer microseconds since the Unix epoch (fits in a double exactly).

// ---------------------------------------------------------------- PRNG
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function rand() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  constructor(seed) {
    this.r = mulberry32(seed);
  }
  next() {
    return this.r();
  }
  int(lo, hi) {
    // inclusive
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  float(lo, hi) {
    return lo + this.r() * (hi - lo);
  }
  pick(arr) {
    return arr[Math.floor(this.r() * arr.length)];
  }
  chance(p) {
    return this.r() < p;
  }
  hex(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.r() * 16)];
    return s;
  }
  digits(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(this.r() * 10));
    return s;
  }
  uuid() {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[Math.floor(this.r() * 4)];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
  // Kubernetes generateName suffix alphabet (k8s.io/apimachinery/pkg/util/rand)
  k8sSuffix(n) {
    const alphanums = 'bcdfghjklmnpqrstvwxz2456789';
    let s = '';
    for (let i = 0; i < n; i++) s += alphanums[Math.floor(this.r() * alphanums.length)];
    return s;
  }
  // uint64 as decimal string (below 2^63 so that it looks like real ids)
  u64dec() {
    let s = String(this.int(1, 9));
    s += this.digits(18);
    return s;
  }
}

// ---------------------------------------------------------------- time
export const US = 1;
export const MS = 1000;
export const SEC = 1000000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

export function parseIso(s) {
  return Date.parse(s) * 1000;
}

function pad(n, w) {
  return String(n).padStart(w, '0');
}

// Times built from whole milliseconds get a deterministic sub-millisecond part so that printed
// timestamps look like real clock readings.
export function jitter(us) {
  us = Math.round(us);
  if (us % 1000 !== 0) return us;
  const h = Math.imul((us / 1000) | 0, 2654435761) >>> 0;
  // small, so that sequences built as t, t+20µs, t+40µs … keep their order
  return us + (h % 19) + 1;
}

function parts(us) {
  us = jitter(us);
  const ms = Math.floor(us / 1000);
  const d = new Date(ms);
  return {
    Y: d.getUTCFullYear(),
    M: d.getUTCMonth() + 1,
    D: d.getUTCDate(),
    h: d.getUTCHours(),
    m: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
    micro: ((us % 1000000) + 1000000) % 1000000,
  };
}

// 2026-02-22T10:01:02Z
export function isoSec(us) {
  const p = parts(us);
  return `${p.Y}-${pad(p.M, 2)}-${pad(p.D, 2)}T${pad(p.h, 2)}:${pad(p.m, 2)}:${pad(p.s, 2)}Z`;
}

// 2026-02-22T10:01:02.123456Z (etcd zap "2006-01-02T15:04:05.000000Z0700")
export function isoMicro(us) {
  const p = parts(us);
  return `${p.Y}-${pad(p.M, 2)}-${pad(p.D, 2)}T${pad(p.h, 2)}:${pad(p.m, 2)}:${pad(p.s, 2)}.${pad(p.micro, 6)}Z`;
}

// 2026-02-22T10:01:02.123Z (zap ISO8601TimeEncoder)
export function isoMilli(us) {
  const p = parts(us);
  return `${p.Y}-${pad(p.M, 2)}-${pad(p.D, 2)}T${pad(p.h, 2)}:${pad(p.m, 2)}:${pad(p.s, 2)}.${pad(Math.floor(p.micro / 1000), 3)}Z`;
}

// Go time.RFC3339Nano: fractional part with trailing zeros removed. `ns3` adds 3 sub-microsecond digits.
export function rfc3339Nano(us, ns3 = '000') {
  const p = parts(us);
  let frac = (pad(p.micro, 6) + ns3).replace(/0+$/, '');
  return `${p.Y}-${pad(p.M, 2)}-${pad(p.D, 2)}T${pad(p.h, 2)}:${pad(p.m, 2)}:${pad(p.s, 2)}${frac ? '.' + frac : ''}Z`;
}

// klog header: "E0222 10:01:02.123456       1 file.go:123] "
export function klogHeader(level, us, thread, caller) {
  const p = parts(us);
  return `${level}${pad(p.M, 2)}${pad(p.D, 2)} ${pad(p.h, 2)}:${pad(p.m, 2)}:${pad(p.s, 2)}.${pad(p.micro, 6)} ${String(thread).padStart(7, ' ')} ${caller}] `;
}

// Go log with Ldate|Ltime|Lmicroseconds: "2026/02/22 10:01:02.123456"
export function goLogTime(us) {
  const p = parts(us);
  return `${p.Y}/${pad(p.M, 2)}/${pad(p.D, 2)} ${pad(p.h, 2)}:${pad(p.m, 2)}:${pad(p.s, 2)}.${pad(p.micro, 6)}`;
}

// "2026-02-22 10:02:03.123456789 +0000 UTC" (Go time.Time.String without monotonic part)
export function goTimeString(us, ns3 = '000') {
  const p = parts(us);
  let frac = (pad(p.micro, 6) + ns3).replace(/0+$/, '');
  return `${p.Y}-${pad(p.M, 2)}-${pad(p.D, 2)} ${pad(p.h, 2)}:${pad(p.m, 2)}:${pad(p.s, 2)}${frac ? '.' + frac : ''} +0000 UTC`;
}

// kubelet JSON "ts": epoch milliseconds as float (strconv 'f', -1 style)
export function epochMillis(us, extra = 0) {
  // Go: float64(UnixNano)/1e6 printed with strconv 'f', -1 -> up to ~4 decimals at this magnitude
  const j = jitter(us);
  const ns = extra || ((Math.imul(j | 0, 40503) >>> 0) % 1000);
  const v = (j * 1000 + ns) / 1e6;
  return String(v);
}

// ---------------------------------------------------------------- Go duration formatting
// d in nanoseconds (Number, may be fractional -> rounded)
export function goDuration(dNs) {
  let d = Math.round(dNs);
  if (d === 0) return '0s';
  const neg = d < 0;
  if (neg) d = -d;
  let out;
  if (d < 1000) {
    out = `${d}ns`;
  } else if (d < 1000000) {
    out = `${trimFrac(d / 1000, 3)}µs`;
  } else if (d < 1000000000) {
    out = `${trimFrac(d / 1000000, 6)}ms`;
  } else {
    const totalSec = d / 1e9;
    const h = Math.floor(totalSec / 3600);
    const m = Math.floor((totalSec - h * 3600) / 60);
    const sNs = d - (h * 3600 + m * 60) * 1e9;
    const s = trimFrac(sNs / 1e9, 9);
    out = '';
    if (h > 0) out += `${h}h`;
    if (h > 0 || m > 0) out += `${m}m`;
    out += `${s}s`;
  }
  return (neg ? '-' : '') + out;
}

function trimFrac(x, digits) {
  let s = x.toFixed(digits);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

// ---------------------------------------------------------------- sizes
// github.com/dustin/go-humanize Bytes (SI)
export function humanizeBytes(n) {
  if (n < 10) return `${n} B`;
  const sizes = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const suffix = sizes[e];
  const val = Math.floor((n / Math.pow(1000, e)) * 10 + 0.5) / 10;
  return val < 10 ? `${val.toFixed(1)} ${suffix}` : `${val.toFixed(0)} ${suffix}`;
}

// ---------------------------------------------------------------- Go text/tabwriter (minwidth 0, tabwidth 0, padding 3, padchar ' ', flags 0)
export function tabwrite(rows, padding = 3) {
  // rows: arrays of cells; every cell except the last of a row is tab-terminated.
  // tabwriter aligns columns within blocks of consecutive lines that have that column.
  const lines = rows.map((r) => r.map(String));
  const out = lines.map(() => '');
  formatColumns(lines, 0, lines.length, 0, out, padding);
  return out.map((l) => l.replace(/\s+$/, '') === l ? l : l).join('\n') + '\n';
}

function formatColumns(lines, start, end, col, out, padding) {
  // cells of column `col` exist in lines that have more than col+1 cells (terminated cells)
  let i = start;
  while (i < end) {
    if (lines[i].length - 1 > col) {
      // start of a block
      let j = i;
      let width = 0;
      while (j < end && lines[j].length - 1 > col) {
        width = Math.max(width, [...lines[j][col]].length + padding);
        j++;
      }
      for (let k = i; k < j; k++) {
        const cell = lines[k][col];
        out[k] += cell + ' '.repeat(width - [...cell].length);
      }
      formatColumns(lines, i, j, col + 1, out, padding);
      i = j;
    } else {
      // last cell of line
      if (lines[i].length - 1 === col) out[i] += lines[i][col];
      i++;
    }
  }
}

// github.com/ryanuber/columnize SimpleFormat (delim "|", glue "  ")
export function columnize(lines) {
  const rows = lines.map((l) => l.split('|').map((c) => c.trim()));
  const ncol = Math.max(...rows.map((r) => r.length));
  const widths = new Array(ncol).fill(0);
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i], [...c].length)));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i] - [...c].length) + '  ')).join(''))
    .join('\n');
}

// ---------------------------------------------------------------- log buffer
export class LogBuf {
  constructor(name) {
    this.name = name;
    this.entries = [];
    this.seq = 0;
  }
  // t: microseconds; text: full line (no newline); tag: optional evidence tag(s)
  add(t, text, tag) {
    this.entries.push({ t: jitter(t), text, tag, seq: this.seq++ });
  }
  sorted() {
    return [...this.entries].sort((a, b) => a.t - b.t || a.seq - b.seq);
  }
  // returns {text, tags: Map(tag -> [lineNumbers])}
  render({ prefixLine = null, maxBytes = Infinity, trailingNewline = true } = {}) {
    let lines = this.sorted();
    // keep the newest lines within maxBytes (like a ring buffer)
    if (maxBytes !== Infinity) {
      let total = 0;
      let k = lines.length;
      while (k > 0 && total + lines[k - 1].text.length + 1 <= maxBytes) {
        total += lines[k - 1].text.length + 1;
        k--;
      }
      lines = lines.slice(k);
    }
    const textLines = [];
    const tags = new Map();
    if (prefixLine !== null) textLines.push(prefixLine);
    for (const e of lines) {
      textLines.push(e.text);
      if (e.tag) {
        for (const tg of [].concat(e.tag)) {
          if (!tags.has(tg)) tags.set(tg, []);
          tags.get(tg).push(textLines.length);
        }
      }
    }
    return { text: textLines.join('\n') + (trailingNewline && textLines.length ? '\n' : ''), tags, firstT: lines.length ? lines[0].t : null };
  }
}

// Go %q-ish quoting for klog structured values
export function goQuote(s) {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

// klog text structured key/values: strings quoted, numbers plain
export function klogKV(kvs) {
  const out = [];
  for (let i = 0; i < kvs.length; i += 2) {
    const k = kvs[i];
    const v = kvs[i + 1];
    if (v && typeof v === 'object' && v.raw !== undefined) out.push(`${k}=${v.raw}`);
    else if (typeof v === 'string') out.push(`${k}=${goQuote(v)}`);
    else out.push(`${k}=${v}`);
  }
  return out.join(' ');
}
