// Escaping for everything that goes into the HTML page. Every piece of report text passes through one of these.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escape text for an HTML text node or a quoted attribute value (also valid inside SVG).
 * Control characters other than tab/newline/CR are dropped: they are not allowed in HTML or XML text.
 */
export function escapeHtml(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Same as escapeHtml; named for call sites that build attribute values. */
export const escapeAttr = escapeHtml;

/**
 * Serialise a value as JSON safe to place inside `<script type="application/json">`.
 * `<`, `>` and `&` become \u escapes (so no `</script>` or `<!--` can appear), as do U+2028/U+2029.
 * JSON.parse of the block's text gives back exactly the value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A string usable as an HTML id / fragment: lowercase letters, digits and dashes. */
export function slug(value: string): string {
  const s = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s === '' ? 'x' : s;
}
