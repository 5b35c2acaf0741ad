// Member ids and endpoint spellings. etcd3 returns uint64 ids as decimal strings; etcdctl tables
// and talosctl print hex. Everything inside src/fix uses natural lowercase hex (no padding).

export function hexId(id: string | number | bigint): string {
  return BigInt(id).toString(16);
}

/** A hex id (any padding) as the decimal string etcd3 sends for uint64 fields. */
export function decimalId(hex: string): string {
  return BigInt(`0x${hex}`).toString(10);
}

/** Natural hex from a hex string that may be zero-padded (talosctl prints %016x). */
export function normalizeHexId(hex: string): string {
  return /^[0-9a-f]+$/i.test(hex) ? BigInt(`0x${hex}`).toString(16) : hex;
}

/** etcdctl accepts `host:port`; gRPC needs a scheme. TLS flags imply https. */
export function normalizeEndpoint(endpoint: string, tls: boolean): string {
  const e = endpoint.trim().replace(/\/+$/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(e)) return e;
  return `${tls ? 'https' : 'http'}://${e}`;
}

/** `host:port`, lowercased, to match an endpoint with a member's advertised client URLs. */
export function hostPort(url: string): string {
  try {
    const u = new URL(url.includes('://') ? url : `http://${url}`);
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    return `${u.hostname.toLowerCase()}:${port}`;
  } catch {
    return url.toLowerCase();
  }
}
