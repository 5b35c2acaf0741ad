// Member ids and endpoint spellings.

/** A uint64 member id (decimal string, number or bigint) as `etcdctl -w table` prints it: natural lowercase hex. */
export function hexId(id: string | number | bigint): string {
  return BigInt(id).toString(16);
}

/** etcdctl accepts `host:port`; gRPC needs a scheme. TLS flags imply https. */
export function normalizeEndpoint(endpoint: string, tls: boolean): string {
  const e = endpoint.trim().replace(/\/+$/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(e)) return e;
  return `${tls ? 'https' : 'http'}://${e}`;
}

/** `host:port`, lowercased, for matching an endpoint with a member's advertised client URLs. */
export function hostPort(url: string): string {
  try {
    const u = new URL(url.includes('://') ? url : `http://${url}`);
    const port = u.port || (u.protocol === 'https:' ? '443' : '2379');
    return `${u.hostname.toLowerCase()}:${port}`;
  } catch {
    return url.toLowerCase();
  }
}
