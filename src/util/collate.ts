// String order as String.prototype.localeCompare gives it (the default locale's collation), with the
// collator made once: localeCompare sets one up on every call.
export const collate: (a: string, b: string) => number = new Intl.Collator().compare;

/** An integer with thousands separators, as toLocaleString('en-US') writes it, without loading a number formatter. */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const s = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${s}` : s;
}
