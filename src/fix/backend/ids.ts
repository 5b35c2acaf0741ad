// Member ids and endpoint spellings. etcd3 returns uint64 ids as decimal strings; etcdctl tables
// and talosctl print hex. Everything inside src/fix uses natural lowercase hex (no padding).
// Endpoint spellings are shared with the live collector.
export { hexId, hostPort, normalizeEndpoint } from '../../collect/etcd/ids.js';

/** A hex id (any padding) as the decimal string etcd3 sends for uint64 fields. */
export function decimalId(hex: string): string {
  return BigInt(`0x${hex}`).toString(10);
}

/** Natural hex from a hex string that may be zero-padded (talosctl prints %016x). */
export function normalizeHexId(hex: string): string {
  return /^[0-9a-f]+$/i.test(hex) ? BigInt(`0x${hex}`).toString(16) : hex;
}
