// Test certificates made with openssl: a CA, a server/peer certificate for 127.0.0.1 and
// localhost, and a client certificate, all ECDSA P-256 (fast to make, accepted by etcd and grpc-js).
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsFiles {
  dir: string;
  /** CA certificate: etcd's --trusted-ca-file, etcdctl's --cacert. */
  ca: string;
  /** Server certificate and key, also used for peer traffic (serverAuth + clientAuth). */
  serverCert: string;
  serverKey: string;
  /** Client certificate and key: etcdctl's --cert and --key. */
  clientCert: string;
  clientKey: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`openssl ${args[0]} failed: ${e.stderr || e.message}`);
  }
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Writes ca.crt, server.crt/key, client.crt/key into dir. */
export async function makeTestCerts(dir: string): Promise<TlsFiles> {
  await mkdir(dir, { recursive: true });
  await openssl(['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=kubesleuth-test-ca'], dir);
  await writeFile(
    join(dir, 'server.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth,clientAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'client.ext'),
    ['basicConstraints=CA:FALSE', 'keyUsage=digitalSignature,keyEncipherment', 'extendedKeyUsage=clientAuth', ''].join('\n'),
  );
  for (const [who, cn] of [
    ['server', 'etcd-test-server'],
    ['client', 'kubesleuth-test-client'],
  ] as const) {
    await openssl(['req', '-new', ...EC, '-keyout', `${who}.key`, '-out', `${who}.csr`, '-subj', `/CN=${cn}`], dir);
    await openssl(
      ['x509', '-req', '-in', `${who}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${who}.crt`, '-extfile', `${who}.ext`],
      dir,
    );
  }
  return {
    dir,
    ca: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.crt'),
    clientKey: join(dir, 'client.key'),
  };
}

/** A second, unrelated CA: for "wrong --cacert" cases. */
export async function makeOtherCa(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await openssl(['req', '-x509', ...EC, '-keyout', 'other-ca.key', '-out', 'other-ca.crt', '-days', '2', '-subj', '/CN=unrelated-ca'], dir);
  return join(dir, 'other-ca.crt');
}
