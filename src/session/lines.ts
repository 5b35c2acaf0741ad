/**
 * Line-level helpers shared by the debug-session reader and writer.
 *
 * Every line keeps its own terminator (`\n`, `\r\n` or none for a last line without a final newline), so joining
 * the lines back gives the original text byte for byte.
 */

export interface SourceLine {
  /** The line without its terminator (trailing spaces kept). */
  text: string;
  /** `\n`, `\r\n`, or `''` for a last line that has no final newline. */
  eol: string;
  /** 1-based line number in the source. */
  no: number;
}

export type Eol = '\n' | '\r\n';

export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  let no = 1;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) {
      lines.push({ text: text.slice(start), eol: '', no });
      break;
    }
    const crlf = nl > start && text.charCodeAt(nl - 1) === 13;
    lines.push({ text: text.slice(start, crlf ? nl - 1 : nl), eol: crlf ? '\r\n' : '\n', no });
    start = nl + 1;
    no += 1;
  }
  return lines;
}

export function joinLines(lines: readonly SourceLine[], from = 0, to = lines.length): string {
  let out = '';
  for (let i = from; i < to; i += 1) out += lines[i].text + lines[i].eol;
  return out;
}

/** The line ending most lines use; `\n` when there is none. */
export function dominantEol(lines: readonly SourceLine[]): Eol {
  let crlf = 0;
  let lf = 0;
  for (const line of lines) {
    if (line.eol === '\r\n') crlf += 1;
    else if (line.eol === '\n') lf += 1;
  }
  return crlf > lf ? '\r\n' : '\n';
}

export function isBlank(text: string): boolean {
  return /^[ \t]*$/.test(text);
}

/** Number of leading space/tab characters. */
export function indentOf(text: string): number {
  const m = /^[ \t]*/.exec(text);
  return m ? m[0].length : 0;
}

/** A value split into lines (CRLF and lone CR normalised to LF). */
export function valueLines(value: string): string[] {
  return value.replace(/\r\n?/g, '\n').split('\n');
}
