// One etcd client per endpoint: etcd3 balances calls over its hosts, and we must ask each member
// about itself. Every call is bounded by the connection timeout, and nothing is retried: an
// endpoint that does not answer in time is a fact to report, not a hiccup to hide.
import { Etcd3 } from 'etcd3';
import type { IAlarmMember, IMember, IOptions, IStatusResponse } from 'etcd3';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** A policy that just runs the call: no retries, no circuit breaker (etcd3's defaults retry 3×). */
const passThrough = {
  execute<T>(fn: (ctx: { signal: AbortSignal }) => PromiseLike<T> | T): Promise<T> {
    return Promise.resolve().then(() => fn({ signal: new AbortController().signal }));
  },
};

export class EndpointClient {
  private readonly client: Etcd3;

  constructor(readonly endpoint: string, private readonly timeoutMs: number, tls: TlsMaterial | undefined) {
    const options: IOptions = {
      hosts: [endpoint],
      dialTimeout: timeoutMs,
      defaultCallOptions: () => ({ deadline: Date.now() + timeoutMs }),
      faultHandling: {
        host: () => passThrough as unknown as ReturnType<NonNullable<NonNullable<IOptions['faultHandling']>['host']>>,
        global: passThrough as unknown as NonNullable<NonNullable<IOptions['faultHandling']>['global']>,
      },
    };
    if (tls && (tls.ca || tls.cert || tls.key)) {
      // grpc-js takes null as "the system roots".
      options.credentials = {
        rootCertificate: tls.ca ?? (null as unknown as Buffer),
        privateKey: tls.key,
        certChain: tls.cert,
      };
    }
    this.client = new Etcd3(options);
  }

  status(): Promise<IStatusResponse> {
    return this.bounded(this.client.maintenance.status());
  }

  async memberList(): Promise<IMember[]> {
    return (await this.bounded(this.client.cluster.memberList({}))).members ?? [];
  }

  /** Active alarms of the whole cluster (the request goes through raft, so it needs a quorum). */
  async alarms(): Promise<IAlarmMember[]> {
    return (await this.bounded(this.client.maintenance.alarm({ action: 'Get', alarm: 'None', memberID: 0 }))).alarms ?? [];
  }

  close(): void {
    this.client.close();
  }

  /** The gRPC deadline should fire first; this guards against a dial that never settles. */
  private bounded<T>(p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs}ms`)), this.timeoutMs + 250);
    });
    return Promise.race([p, guard]).finally(() => clearTimeout(timer));
  }
}

/** One line saying why a call failed, without gRPC's noise. */
export function describeCallError(err: unknown, timeoutMs: number): string {
  const raw = err instanceof Error ? err.message : String(err);
  if (/DEADLINE_EXCEEDED|Deadline exceeded|no answer within/i.test(raw)) return `no answer within ${timeoutMs}ms`;
  const refused = /connect (ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT) ([\w.:[\]-]+?)\.?(?:\s|$)/.exec(raw);
  if (refused) return `${refused[1] === 'ECONNREFUSED' ? 'connection refused' : refused[1]} (${refused[2]})`;
  // grpc-js: "14 UNAVAILABLE: No connection established. Last error: <cause>. Resolution note: ..."
  const last = /Last error: (?:Error: )?(.*?)\.?(?: Resolution note:.*)?$/s.exec(raw)?.[1]?.trim();
  if (last) {
    const alert = /alert ([a-z ]+?)(?::|$)/i.exec(last)?.[1];
    if (alert) return `TLS handshake refused by the server: ${alert} (check --cert/--key)`;
    if (/certificate|self.signed|verify/i.test(last)) return `TLS: ${last} (check --cacert)`;
    return clip(last);
  }
  return clip(raw.split('\n')[0].replace(/^\d+ [A-Z_]+: /, '').trim());
}

function clip(line: string): string {
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
