// klog structured messages: `"Message text" key="value" key2=123 err="..."`, or a plain message.
import { parseLogfmt, unquoteGo } from './logfmt.js';

export function parseKlogMessage(rest: string): { msg: string; fields: Record<string, unknown> } {
  if (!rest.startsWith('"')) return { msg: rest, fields: {} };
  let i = 1;
  while (i < rest.length) {
    const ch = rest[i];
    if (ch === '\\') i += 2;
    else if (ch === '"') break;
    else i++;
  }
  const msg = unquoteGo(rest.slice(0, i + 1));
  return { msg, fields: parseLogfmt(rest.slice(i + 1)) };
}
