// Text measurement and wrapping for SVG labels. SVG text does not wrap by itself, so labels are broken here
// using a width estimate per character that errs on the wide side (DejaVu Sans is the widest common fallback).

/** Estimated advance width of one character at font size 1 (em units). */
function charEm(ch: string): number {
  if (/[il.,:;'|!]/.test(ch)) return 0.32;
  if (/[fjrt()[\]/\-\s]/.test(ch)) return 0.42;
  if (/[mwMW@]/.test(ch)) return 0.92;
  if (/[A-Z0-9#%&]/.test(ch)) return 0.7;
  return 0.62;
}

export interface FontSpec {
  size: number;
  bold?: boolean;
  /** Monospace: every character is 0.6 em (DejaVu Sans Mono, Menlo, Consolas). */
  mono?: boolean;
}

/** Estimated width in px of text in a font (bold adds ~8% to proportional fonts). */
export function textWidth(text: string, font: FontSpec): number {
  let em = 0;
  for (const ch of text) em += font.mono ? 0.602 : charEm(ch);
  return em * font.size * (font.bold && !font.mono ? 1.08 : 1);
}

/**
 * Break text into lines no wider than maxWidth, preferring breaks after `-`, `/`, `.`, `_` and spaces.
 * A token longer than a line is cut hard. At most maxLines lines; the last is ellipsised if text remains.
 */
export function wrapText(text: string, maxWidth: number, font: FontSpec, maxLines = 3): string[] {
  const tokens = text.match(/[^\s\-/._]+[\-/._]*\s*|[\-/._\s]+/g) ?? [];
  const lines: string[] = [];
  let cur = '';
  const fits = (s: string) => textWidth(s.trimEnd(), font) <= maxWidth;
  for (const tok of tokens) {
    if (fits(cur + tok)) {
      cur += tok;
      continue;
    }
    if (cur !== '') {
      lines.push(cur.trimEnd());
      cur = '';
    }
    let rest = tok;
    while (!fits(rest)) {
      let n = rest.length - 1;
      while (n > 1 && !fits(rest.slice(0, n))) n--;
      lines.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    cur = rest;
  }
  if (cur.trim() !== '') lines.push(cur.trimEnd());
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    let last = kept[maxLines - 1];
    while (last.length > 1 && !fits(last + '…')) last = last.slice(0, -1);
    kept[maxLines - 1] = last + '…';
    return kept;
  }
  return lines.length ? lines : [''];
}
