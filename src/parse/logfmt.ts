// key=value pairs as logfmt and klog print them; values may be Go-quoted strings.
const LOGFMT_PAIR = /([\w.-]+)=("(?:[^"\\]|\\.)*"|\S*)/g;

export function unquoteGo(s: string): string {
  if (!s.startsWith('"')) return s;
  try {
    return JSON.parse(s) as string;
  } catch {
    return s.slice(1, s.endsWith('"') ? -1 : undefined);
  }
}

export function parseLogfmt(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  LOGFMT_PAIR.lastIndex = 0;
  for (let m = LOGFMT_PAIR.exec(s); m; m = LOGFMT_PAIR.exec(s)) out[m[1]] = unquoteGo(m[2]);
  return out;
}

